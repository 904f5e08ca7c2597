// The pipeline's storage account: tables, queues (each with the poison queue the Functions host moves failed
// messages to), blob containers, and the container the Flex Consumption plan deploys the app package from.
// Shared keys are off, so only Entra ID identities with data roles can read or write. Tables (the ledger) have no
// soft delete or versioning in Azure, so their protection is the daily export to the immutable backups container.

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the account.')
param tags object

@description('Queues the code uses (Nmo.Core.Storage.StorageNames.Queues.All); each also gets "<name>-poison".')
param queueNames string[]

@description('Tables the code uses (StorageNames.Tables.All).')
param tableNames string[]

@description('Blob containers the code uses (StorageNames.Containers.All).')
param containerNames string[]

@description('Container the Flex Consumption plan reads the deployment package from.')
param deploymentContainerName string

@description('Container of the daily table exports (StorageNames.Containers.Backups); write-once for backupImmutabilityDays.')
param backupContainerName string

@description('Container of the raw uploads (StorageNames.Containers.Uploads), deleted by the lifecycle rule after rawUploadRetentionDays.')
param rawUploadContainerName string

@description('Replication of the account; see docs/deploy.md, "Backups and restore".')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
  'Standard_RAGRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Allow: public endpoint open to Entra-authorised callers. Deny: only allowedIpRanges and trusted Azure services; the app then needs VNet integration, which this template does not set up.')
@allowed([
  'Allow'
  'Deny'
])
param networkDefaultAction string

@description('Public IP addresses or CIDR ranges let through when networkDefaultAction is Deny (the operator running azd deploy and nmo).')
param allowedIpRanges string[]

@description('Days a deleted or overwritten blob (and a deleted container) can be recovered.')
@minValue(1)
@maxValue(365)
param softDeleteDays int

@description('Days each daily export can be neither changed nor deleted (container-level time-based retention, unlocked).')
@minValue(1)
@maxValue(146000)
param backupImmutabilityDays int

@description('Days an export is kept before the lifecycle rule deletes it; at least backupImmutabilityDays.')
@minValue(1)
param backupRetentionDays int

@description('Days a raw upload (names, e-mails, СНИЛС exactly as sent) is kept before the lifecycle rule deletes it.')
@minValue(1)
param rawUploadRetentionDays int

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: networkDefaultAction
      ipRules: [for range in allowedIpRanges: {
        action: 'Allow'
        value: range
      }]
    }
  }
}

// Versioning keeps every overwritten state of a blob; soft delete keeps a deleted blob or container. Change feed
// (needed only for point-in-time restore of blobs) is left off: the data that matters is in tables, which
// point-in-time restore does not cover, and the exports are protected by versioning and immutability.
resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [
  for container in containerNames: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource backupContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: backupContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Unlocked so an operator can lengthen it, and `azd down` can still remove the account; lock it
// (az storage container immutability-policy lock) once the period is final: then nobody, not even the
// subscription owner, can delete an export before it ends.
resource backupImmutability 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2024-01-01' = {
  parent: backupContainer
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: backupImmutabilityDays
    allowProtectedAppendWrites: false
  }
}

// Raw uploads go after their retention, with the versions and soft-deleted copies versioning keeps of them;
// exports go after theirs (never before their immutability ends: the service refuses that anyway). The host's
// lock and timer blobs are rewritten every few seconds, so their old versions are dropped after a day.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'raw-uploads-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${rawUploadContainerName}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: rawUploadRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: rawUploadRetentionDays
                }
              }
              snapshot: {
                delete: {
                  daysAfterCreationGreaterThan: rawUploadRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'backups-retention'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${backupContainerName}/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterCreationGreaterThan: max(backupRetentionDays, backupImmutabilityDays)
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: max(backupRetentionDays, backupImmutabilityDays)
                }
              }
            }
          }
        }
        {
          name: 'host-state-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['azure-webjobs-hosts/', 'azure-webjobs-secrets/']
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: 1
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

// The host creates poison queues on first failure; creating them here lets an operator watch them from day one.
resource poisonQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [
  for queue in queueNames: {
    parent: queueService
    name: '${queue}-poison'
  }
]

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output backupContainerName string = backupContainer.name
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainer.name}'
