// The Functions app on the Flex Consumption plan (FC1): no always-ready instances, so it costs nothing while
// idle. Every connection is identity-based through the user-assigned identity; the secrets come from
// Key Vault references. FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION are not app settings on
// Flex Consumption (the platform rejects them): the runtime is functionAppConfig.runtime.

@description('Function app name (also its host name).')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags for the plan.')
param tags object

@description('Tags for the app; azd finds the app to deploy to by its azd-service-name tag.')
param appTags object

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account name (AzureWebJobsStorage and the pipeline\'s data).')
param storageAccountName string

@description('URL of the blob container holding the deployment package.')
param deploymentContainerUrl string

@description('Application Insights connection string.')
param applicationInsightsConnectionString string

@description('Key Vault holding the secrets.')
param keyVaultName string

@description('Secret name of the SendGrid API key in the vault.')
param sendGridApiKeySecretName string

@description('Secret name of the code-hash key in the vault.')
param codeHashKeySecretName string

@description('Secret name of the credential signing keys (PEM, newest first) in the vault.')
param signingKeysSecretName string

@description('Secret name of the SendGrid Event Webhook verification key in the vault.')
param sendGridWebhookKeySecretName string

@description('Sender address of every e-mail (must be a verified SendGrid sender).')
param sendGridFromEmail string

@description('Sender display name.')
param sendGridFromName string

@description('Doctor portal address the e-mails link to.')
param emailPortalUrl string

@description('Most instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Days a raw upload is kept: the same number as the storage lifecycle rule, so the app and the rule agree.')
param rawUploadRetentionDays int

@description('Entra ID tenant whose access tokens the app accepts.')
param authTenantId string

@description('Application (client) id of the API app registration; empty leaves tokens unconfigured.')
param authClientId string

@description('Accept the static role keys from Key Vault when a caller sends no token.')
param authAllowFunctionKeys bool

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Names follow Nmo.Core.Configuration.SettingNames (':' written '__'); a test compares them with the code.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identityClientId}'
    AZURE_CLIENT_ID: identityClientId
    SendGrid__ApiKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${sendGridApiKeySecretName})'
    SendGrid__WebhookPublicKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${sendGridWebhookKeySecretName})'
    SendGrid__FromEmail: sendGridFromEmail
    SendGrid__FromName: sendGridFromName
    Email__PortalUrl: emailPortalUrl
    Codes__HashKey: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${codeHashKeySecretName})'
    // Signed credentials (Open Badges): the private keys never leave the vault but for the app; the hook makes them.
    Credentials__SigningKeys: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${signingKeysSecretName})'
    // Verification links and QR codes on certificates point at the app itself.
    Certificates__PublicBaseUrl: 'https://${app.properties.defaultHostName}'
    Retention__RawUploadsDays: string(rawUploadRetentionDays)
    // Access (issue 16): Entra ID tokens with the app roles Portal and Operator, checked by the app itself.
    Auth__TenantId: authTenantId
    Auth__ClientId: authClientId
    Auth__Audience: empty(authClientId) ? '' : 'api://${authClientId}'
    Auth__AllowFunctionKeys: string(authAllowFunctionKeys)
    // The fallback's keys exist only while it is on; the operator puts them into the vault (docs/deploy.md).
    Auth__FunctionKeys__Portal: authAllowFunctionKeys ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=auth-portal-key)' : ''
    Auth__FunctionKeys__Operator: authAllowFunctionKeys ? '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=auth-operator-key)' : ''
  }
}

output name string = app.name
output id string = app.id
output defaultHostName string = app.properties.defaultHostName
