// Key Vault in RBAC mode for the two secrets the app needs (the SendGrid API key and the code-hash key).
// The template creates no secret: a deployment must never overwrite the hash key, since every issued code
// is stored as its hash. The postprovision hook (or the operator) puts the values in.
// Purge protection: a deleted secret (or the vault) can be recovered for softDeleteRetentionInDays and purged
// by nobody before then, so neither a mistake nor a compromised deployer can destroy the code-hash key.

@description('Key Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the vault.')
param tags object

@description('Days a deleted secret (or the vault) stays recoverable; with purge protection nobody can shorten it.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // Losing the code-hash key kills every code already e-mailed: a deleted secret must stay recoverable for the
    // whole retention, whoever deleted it. Purge protection cannot be turned off again once on.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = vault.name
output id string = vault.id
output uri string = vault.properties.vaultUri
