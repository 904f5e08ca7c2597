// Entry point for `azd up`: one resource group with the NMO credit pipeline's Functions app (Flex Consumption),
// its storage, monitoring, Key Vault and the role assignments that connect them without any shared key.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one where Flex Consumption is offered).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the principal running azd; with deployerDataAccess it gets Key Vault Secrets Officer and storage data roles. Empty = none.')
param principalId string = ''

@description('Standing data roles for the principal running azd (for nmo against Azure storage). Off: nobody but the app reads the data; the postprovision hook grants itself Key Vault access for its run only.')
param deployerDataAccess bool = false

@description('Storage replication. Zone-redundant by default (every region with zones, which Flex Consumption zone redundancy needs too); Standard_GZRS adds a copy in the paired region where there is one.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param storageSku string = 'Standard_ZRS'

@description('Storage firewall default. Deny needs the app integrated into a VNet with a storage service endpoint or private endpoint (not in this template) and allowedIpRanges for the operator; see docs/deploy.md.')
@allowed([
  'Allow'
  'Deny'
])
param storageNetworkDefaultAction string = 'Allow'

@description('Public IPs or CIDR ranges allowed through the storage firewall when it denies by default.')
param storageAllowedIpRanges string[] = []

@description('Days a deleted or overwritten blob, and a deleted container, stay recoverable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 30

@description('Days each daily table export can be neither overwritten nor deleted.')
@minValue(1)
param backupImmutabilityDays int = 35

@description('Days a daily table export is kept (at least backupImmutabilityDays).')
@minValue(1)
param backupRetentionDays int = 400

@description('Days a raw upload is kept (Retention:RawUploadsDays); attendees and codes are stored apart and outlive it.')
@minValue(1)
param rawUploadRetentionDays int = 365

@description('Days a deleted Key Vault secret stays recoverable (purge protection is always on).')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteDays int = 90

@description('Type of that principal: User for a person, ServicePrincipal for a CI pipeline.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Resource group name; empty = rg-<environmentName>.')
param resourceGroupName string = ''

@description('Most instances the Flex Consumption plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Sender address of every e-mail; must be a verified sender in SendGrid.')
param sendGridFromEmail string = 'noreply@sovetnmo.ru'

@description('Sender display name.')
param sendGridFromName string = 'НМО'

@description('Doctor portal address the e-mails link to.')
param emailPortalUrl string = 'https://www.sovetnmo.ru'

@description('E-mail address the operators\' alerts go to (NMO_ALERT_EMAIL). Empty: the alerts fire in Azure Monitor with no one e-mailed.')
param alertEmail string = ''

@description('Alert when more than this percentage of an hour\'s certificate e-mails failed or bounced.')
@minValue(1)
@maxValue(100)
param certificateFailureAlertPercent int = 5

@description('Alert when the oldest upload has waited in its queue longer than this many minutes.')
@minValue(1)
param uploadQueueAgeAlertMinutes int = 15

@description('Application (client) id of the API\'s Entra ID app registration (docs/deploy.md, "Access"). Empty: the app refuses to start unless function keys are allowed.')
param authClientId string = ''

@description('Fallback: the portal and operators may call with the static keys in Key Vault (auth-portal-key, auth-operator-key) instead of tokens.')
param authAllowFunctionKeys bool = false

// The storage names the code uses: Nmo.Core.Storage.StorageNames. A test fails when they differ.
var queueNames = [
  'attendance-uploads'
  'certificate-emails'
  'credit-emails'
  'credit-events'
]
var tableNames = [
  'Providers'
  'Events'
  'Uploads'
  'UploadRows'
  'Attendees'
  'Codes'
  'Ledger'
  'Emails'
  'Throttle'
  'Certificates'
  'Audit'
]
var containerNames = [
  'attendance-uploads'
]
var rawUploadContainerName = 'attendance-uploads'
var backupContainerName = 'backups'

var sendGridApiKeySecretName = 'sendgrid-api-key'
var codeHashKeySecretName = 'codes-hash-key'
var signingKeysSecretName = 'credentials-signing-keys'
var sendGridWebhookKeySecretName = 'sendgrid-webhook-public-key'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  identity: 'id-nmo-${resourceToken}'
  storage: 'stnmo${resourceToken}'
  logAnalytics: 'log-nmo-${resourceToken}'
  applicationInsights: 'appi-nmo-${resourceToken}'
  keyVault: 'kv-nmo-${resourceToken}'
  plan: 'plan-nmo-${resourceToken}'
  functionApp: 'func-nmo-${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    queueNames: queueNames
    tableNames: tableNames
    containerNames: containerNames
    deploymentContainerName: names.deploymentContainer
    backupContainerName: backupContainerName
    rawUploadContainerName: rawUploadContainerName
    skuName: storageSku
    networkDefaultAction: storageNetworkDefaultAction
    allowedIpRanges: storageAllowedIpRanges
    softDeleteDays: blobSoftDeleteDays
    backupImmutabilityDays: backupImmutabilityDays
    backupRetentionDays: backupRetentionDays
    rawUploadRetentionDays: rawUploadRetentionDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    alertEmail: alertEmail
    certificateFailurePercent: certificateFailureAlertPercent
    uploadQueueAgeMinutes: uploadQueueAgeAlertMinutes
    storageAccountName: names.storage
    keyVaultName: names.keyVault
  }
  // The access alerts watch the storage account and the vault: they exist first.
  dependsOn: [
    storage
    keyVault
  ]
}

module keyVault 'modules/keyvault.bicep' = {
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    softDeleteRetentionInDays: keyVaultSoftDeleteDays
  }
}

module roles 'modules/roles.bicep' = {
  scope: rg
  params: {
    appIdentityName: names.identity
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    deployerDataAccess: deployerDataAccess
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
  }
  // Names are passed (not outputs) so what-if can predict the assignments; the order is therefore explicit.
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    appTags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: names.storage
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultName: keyVault.outputs.name
    sendGridApiKeySecretName: sendGridApiKeySecretName
    codeHashKeySecretName: codeHashKeySecretName
    signingKeysSecretName: signingKeysSecretName
    sendGridWebhookKeySecretName: sendGridWebhookKeySecretName
    sendGridFromEmail: sendGridFromEmail
    sendGridFromName: sendGridFromName
    emailPortalUrl: emailPortalUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    rawUploadRetentionDays: rawUploadRetentionDays
    authTenantId: tenant().tenantId
    authClientId: authClientId
    authAllowFunctionKeys: authAllowFunctionKeys
  }
  // The app resolves its Key Vault references and opens storage as soon as it starts: grant first.
  dependsOn: [
    roles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ID string = keyVault.outputs.id
output AZURE_DEPLOYER_PRINCIPAL_ID string = principalId
output AZURE_DEPLOYER_PRINCIPAL_TYPE string = principalType
output AZURE_DEPLOYER_DATA_ACCESS bool = deployerDataAccess
output AZURE_KEY_VAULT_SENDGRID_SECRET string = sendGridApiKeySecretName
output AZURE_KEY_VAULT_HASH_KEY_SECRET string = codeHashKeySecretName
output AZURE_KEY_VAULT_SIGNING_KEYS_SECRET string = signingKeysSecretName
output AZURE_KEY_VAULT_WEBHOOK_KEY_SECRET string = sendGridWebhookKeySecretName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
