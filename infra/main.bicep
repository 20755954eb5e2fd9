// expressroute-csp: Function App (Flex Consumption, Node 22) with a user-assigned managed identity, its storage
// (Durable task hub, Table storage for the registry and checkpoints), Service Bus (request queues, events topic),
// Key Vault for BGP MD5 keys, and monitoring. Local authentication is off everywhere: identities only.
// Deploy twice to prove idempotency: the second deployment must report no changes.
targetScope = 'resourceGroup'

@description('Short environment name, used in resource names (e.g. "prod", "test").')
@minLength(2)
@maxLength(10)
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Entra tenant of the CSP (partner tenant).')
param cspTenantId string = subscription().tenantId

@description('Comma-separated CSP subscriptions that hold connect-through circuits.')
param cspSubscriptionIds string

@description('Client id of the CSP multi-tenant app registration that customers consent to; the managed identity is its federated credential.')
param appClientId string

@description('Maximum number of Function App instances (Flex Consumption).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Provider wait settings (durations such as 1m, 30m, 2d, 14d).')
param providerTiming object = {
  pollMin: '1m'
  pollMax: '30m'
  reminderEvery: '2d'
  deadline: '14d'
}

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var names = {
  identity: 'id-ercsp-${environmentName}'
  storage: take('stercsp${environmentName}${suffix}', 24)
  serviceBus: 'sb-ercsp-${environmentName}-${suffix}'
  keyVault: take('kv-ercsp-${environmentName}-${suffix}', 24)
  logs: 'log-ercsp-${environmentName}'
  insights: 'appi-ercsp-${environmentName}'
  plan: 'plan-ercsp-${environmentName}'
  functionApp: 'func-ercsp-${environmentName}-${suffix}'
  deploymentContainer: 'app-package'
}
var requestQueues = ['er-onboarding', 'er-bandwidth', 'er-decommission', 'er-rejected']
var eventSubscriptions = ['provider', 'audit']

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.storage
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: names.deploymentContainer
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2021-11-01' = {
  name: names.serviceBus
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

// Request queues: bounded redelivery (then the broker's dead-letter queue), duplicate detection on message id.
resource queues 'Microsoft.ServiceBus/namespaces/queues@2021-11-01' = [
  for queue in requestQueues: {
    parent: serviceBus
    name: queue
    properties: {
      maxDeliveryCount: 10
      lockDuration: 'PT5M'
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'P1D'
      deadLetteringOnMessageExpiration: true
    }
  }
]

// Outbound events: deterministic message ids, so a re-published event inside a day is dropped.
resource eventsTopic 'Microsoft.ServiceBus/namespaces/topics@2021-11-01' = {
  parent: serviceBus
  name: 'er-events'
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
  }
}

resource eventsSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2021-11-01' = [
  for name in eventSubscriptions: {
    parent: eventsTopic
    name: name
    properties: {
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
    }
  }
]

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.keyVault
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logs
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 90
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.insights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: names.plan
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: names.functionApp
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${names.deploymentContainer}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identity.id }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      runtime: { name: 'node', version: '22' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'ServiceBusConnection__fullyQualifiedNamespace', value: '${serviceBus.name}.servicebus.windows.net' }
        { name: 'ServiceBusConnection__credential', value: 'managedidentity' }
        { name: 'ServiceBusConnection__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identity.properties.clientId};Authorization=AAD' }
        { name: 'DurableTaskHubName', value: 'ercsp${environmentName}' }
        { name: 'ERCSP_CSP_TENANT_ID', value: cspTenantId }
        { name: 'ERCSP_CSP_SUBSCRIPTION_IDS', value: cspSubscriptionIds }
        { name: 'ERCSP_CREDENTIAL_MODE', value: 'federated-app' }
        { name: 'ERCSP_APP_CLIENT_ID', value: appClientId }
        { name: 'ERCSP_MANAGED_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
        { name: 'ERCSP_TABLES_ENDPOINT', value: storage.properties.primaryEndpoints.table }
        { name: 'ERCSP_SERVICEBUS_NAMESPACE', value: '${serviceBus.name}.servicebus.windows.net' }
        { name: 'ERCSP_ONBOARDING_QUEUE', value: requestQueues[0] }
        { name: 'ERCSP_BANDWIDTH_QUEUE', value: requestQueues[1] }
        { name: 'ERCSP_DECOMMISSION_QUEUE', value: requestQueues[2] }
        { name: 'ERCSP_REJECTED_QUEUE', value: requestQueues[3] }
        { name: 'ERCSP_PROVIDER_POLL_MIN', value: providerTiming.pollMin }
        { name: 'ERCSP_PROVIDER_POLL_MAX', value: providerTiming.pollMax }
        { name: 'ERCSP_PROVIDER_REMINDER_EVERY', value: providerTiming.reminderEvery }
        { name: 'ERCSP_PROVIDER_DEADLINE', value: providerTiming.deadline }
      ]
    }
  }
}

// Least privilege for the app's own resources. Customer subscriptions are reached through the multi-tenant app
// (Network Contributor granted by each customer on its network resource groups), never through these roles.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource serviceBusRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.serviceBusDataReceiver, roles.serviceBusDataSender]: {
    name: guid(serviceBus.id, identity.id, role)
    scope: serviceBus
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource keyVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource insightsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Principal id of the managed identity: add it as a federated credential of the CSP multi-tenant app.')
output identityPrincipalId string = identity.properties.principalId
output identityClientId string = identity.properties.clientId
output functionAppName string = functionApp.name
output keyVaultName string = keyVault.name
output serviceBusNamespace string = '${serviceBus.name}.servicebus.windows.net'
