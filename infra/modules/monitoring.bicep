metadata name = 'Monitoring'
metadata description = 'Log Analytics workspace and workspace-based Application Insights (local authentication off: the app publishes telemetry with its managed identity).'

@description('Log Analytics workspace name.')
param workspaceName string

@description('Application Insights component name.')
param insightsName string

@description('Azure region of both.')
param location string

@description('Tags applied to both.')
param tags object = {}

@description('Days the workspace keeps logs.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 90

@description('Principal id of the managed identity that publishes telemetry (Monitoring Metrics Publisher).')
param principalId string

@description('Stable key of that principal (e.g. its resource id, known before deployment), used to name the role assignments.')
param principalKey string

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: insightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, principalKey, monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Resource id of the Log Analytics workspace.')
output workspaceId string = workspace.id

@description('Resource id of Application Insights (scope of the log alerts and the workbook).')
output insightsId string = insights.id

@description('Application Insights connection string (not a secret: it names the ingestion endpoint; local auth is off).')
output connectionString string = insights.properties.ConnectionString
