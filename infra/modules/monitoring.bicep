// Log Analytics and workspace-based Application Insights. Local (instrumentation key) authentication is off:
// only identities holding Monitoring Metrics Publisher can send telemetry, which the app does with
// APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
// Then what tells the operator (docs/operations.md): an action group, the alerts on the app's OpenTelemetry metrics
// (customMetrics; names from Nmo.Core.Telemetry.NmoMetrics, a test compares them) and on Key Vault and storage
// refusing access, and the operations workbook.

@description('Log Analytics workspace name.')
param logAnalyticsName string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Azure region.')
param location string

@description('Tags for both resources.')
param tags object

@description('Days Log Analytics keeps data; 30 is included in the ingestion price.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Daily ingestion cap in GB, so a logging storm cannot run up a bill; -1 = no cap.')
param dailyQuotaGb int = 1

@description('Address the alerts are e-mailed to. Empty: the action group has no receiver, the alerts still fire in Azure Monitor.')
param alertEmail string

@description('Alert when more than this percentage of certificate e-mails in an hour failed or bounced.')
@minValue(1)
@maxValue(100)
param certificateFailurePercent int

@description('Alert when the oldest upload has waited in its queue longer than this many minutes.')
@minValue(1)
param uploadQueueAgeMinutes int

@description('The storage account whose refused requests are alerted on.')
param storageAccountName string

@description('The Key Vault whose refused requests are alerted on.')
param keyVaultName string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    workspaceCapping: {
      dailyQuotaGb: dailyQuotaGb
    }
    features: {
      disableLocalAuth: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
    IngestionMode: 'LogAnalytics'
  }
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${applicationInsightsName}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'nmo-ops'
    enabled: true
    emailReceivers: empty(alertEmail)
      ? []
      : [
          {
            name: 'operator'
            emailAddress: alertEmail
            useCommonAlertSchema: true
          }
        ]
  }
}

// Log alerts over the app's metrics as Application Insights stores them: counters as sums per export interval
// (valueSum), gauges as the value the timer measured. Each query yields the column compared with the threshold.
var logAlerts = [
  {
    name: 'poison-messages'
    displayName: 'NMO: messages in a poison queue'
    description: 'A message failed five times and was parked in <queue>-poison. docs/operations.md, "Poison messages".'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: '''
customMetrics
| where name == "nmo.queue.poison_depth"
| extend Queue = tostring(customDimensions["messaging.destination.name"])
| summarize Depth = max(value) by Queue
'''
    measure: 'Depth'
    dimension: 'Queue'
    threshold: 0
  }
  {
    name: 'certificate-failures'
    displayName: 'NMO: certificate e-mails failing'
    description: 'More than ${certificateFailurePercent}% of certificate e-mails in an hour were refused or bounced. docs/operations.md, "Certificate failures".'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    query: '''
customMetrics
| where name in ("nmo.certificates.sent", "nmo.certificates.failed", "nmo.certificates.bounced")
| summarize Sent = sumif(valueSum, name == "nmo.certificates.sent"), Failed = sumif(valueSum, name != "nmo.certificates.sent")
| extend FailurePercent = iff(Sent + Failed == 0, 0.0, 100.0 * Failed / (Sent + Failed))
| project FailurePercent
'''
    measure: 'FailurePercent'
    dimension: ''
    threshold: certificateFailurePercent
  }
  {
    name: 'activation-errors'
    displayName: 'NMO: activations answered 5xx'
    description: 'The portal was answered a server error on a code activation. docs/operations.md, "Activation errors".'
    severity: 1
    frequency: 'PT5M'
    window: 'PT5M'
    query: '''
customMetrics
| where name == "nmo.activations" and tostring(customDimensions["nmo.activation.status"]) == "5xx"
| summarize Errors = sum(valueSum)
'''
    measure: 'Errors'
    dimension: ''
    threshold: 0
  }
  {
    name: 'upload-queue-age'
    displayName: 'NMO: uploads waiting in the queue'
    description: 'The oldest upload has waited more than ${uploadQueueAgeMinutes} minutes to be processed. docs/operations.md, "Uploads waiting".'
    severity: 2
    frequency: 'PT5M'
    window: 'PT15M'
    query: '''
customMetrics
| where name == "nmo.queue.oldest_age" and tostring(customDimensions["messaging.destination.name"]) == "attendance-uploads"
| summarize AgeMinutes = max(value) / 60.0
'''
    measure: 'AgeMinutes'
    dimension: ''
    threshold: uploadQueueAgeMinutes
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = [
  for alert in logAlerts: {
    name: 'nmo-${alert.name}-${applicationInsightsName}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.displayName
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        appInsights.id
      ]
      evaluationFrequency: alert.frequency
      windowSize: alert.window
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Maximum'
            metricMeasureColumn: alert.measure
            dimensions: empty(alert.dimension)
              ? []
              : [
                  {
                    name: alert.dimension
                    operator: 'Include'
                    values: [
                      '*'
                    ]
                  }
                ]
            operator: 'GreaterThan'
            threshold: alert.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: [
          actionGroup.id
        ]
      }
    }
  }
]

// Platform metrics, no diagnostic logs needed: a request refused for want of a role or a valid token.
var accessAlerts = [
  {
    name: 'keyvault-access'
    description: 'Key Vault refused requests (401/403): the app lost its role, or someone without one tried. docs/operations.md, "Key Vault or storage refusing access".'
    scope: keyVault.id
    namespace: 'Microsoft.KeyVault/vaults'
    metric: 'ServiceApiResult'
    dimension: 'StatusCode'
    values: [
      '401'
      '403'
    ]
  }
  {
    name: 'storage-access'
    description: 'Storage refused requests as unauthenticated or unauthorised. docs/operations.md, "Key Vault or storage refusing access".'
    scope: storageAccount.id
    namespace: 'Microsoft.Storage/storageAccounts'
    metric: 'Transactions'
    dimension: 'ResponseType'
    values: [
      'AuthenticationError'
      'AuthorizationError'
    ]
  }
]

resource accessFailureAlerts 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for alert in accessAlerts: {
    name: 'nmo-${alert.name}-${applicationInsightsName}'
    location: 'global'
    tags: tags
    properties: {
      description: alert.description
      severity: 1
      enabled: true
      scopes: [
        alert.scope
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'refused'
            metricNamespace: alert.namespace
            metricName: alert.metric
            dimensions: [
              {
                name: alert.dimension
                operator: 'Include'
                values: alert.values
              }
            ]
            operator: 'GreaterThan'
            threshold: 0
            timeAggregation: 'Total'
          }
        ]
      }
      autoMitigate: true
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

// The dashboard: uploads, issuance, e-mail and activations over time (infra/workbooks/operations.json).
resource workbook 'Microsoft.Insights/workbooks@2022-04-01' = {
  name: guid(appInsights.id, 'nmo-operations-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'NMO operations'
    category: 'workbook'
    sourceId: appInsights.id
    serializedData: replace(loadTextContent('../workbooks/operations.json'), '__APPLICATION_INSIGHTS_ID__', appInsights.id)
  }
}

output applicationInsightsName string = appInsights.name
output applicationInsightsId string = appInsights.id
output connectionString string = appInsights.properties.ConnectionString
output logAnalyticsId string = workspace.id
