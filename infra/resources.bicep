metadata name = 'expressroute-csp application resources'
metadata description = 'Everything in the application resource group: identity, storage, Service Bus, Key Vault behind a private endpoint, monitoring, the Function App, alerts and the fleet workbook.'

@description('Short environment name, used in resource names.')
param environmentName string

@description('Azure region for every resource.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Entra tenant of the CSP (partner tenant).')
param cspTenantId string

@description('Comma-separated CSP subscriptions that hold connect-through circuits.')
param cspSubscriptionIds string

@description('Client id of the CSP multi-tenant app registration.')
param appClientId string

@description('Provider wait settings.')
param providerTiming {
  pollMin: string
  pollMax: string
  reminderEvery: string
  deadline: string
}

@description('Maximum number of Function App instances.')
param maximumInstanceCount int

@description('Key Vault public network access (Disabled: private endpoint only).')
@allowed(['Disabled', 'Enabled'])
param keyVaultPublicNetworkAccess string

@description('Addresses allowed through the Key Vault firewall when public access is Enabled.')
param keyVaultAllowedIpRanges array

@description('Resource id of the action group for alerts; empty: no notifications.')
param actionGroupId string

@description('Entra authentication in front of the HTTP API.')
param enableApiAuthentication bool

@description('Client id of the Entra app that represents the HTTP API.')
param apiClientId string

@description('Client ids allowed to call the HTTP API.')
param apiAllowedClientIds array

var suffix = uniqueString(subscription().id, resourceGroup().id, environmentName)
var names = {
  identity: 'id-ercsp-${environmentName}'
  storage: take('stercsp${environmentName}${suffix}', 24)
  serviceBus: 'sb-ercsp-${environmentName}-${suffix}'
  keyVault: take('kv-ercsp-${environmentName}-${suffix}', 24)
  network: 'vnet-ercsp-${environmentName}'
  logs: 'log-ercsp-${environmentName}'
  insights: 'appi-ercsp-${environmentName}'
  plan: 'plan-ercsp-${environmentName}'
  functionApp: 'func-ercsp-${environmentName}-${suffix}'
}
var queues = {
  onboarding: 'er-onboarding'
  bandwidth: 'er-bandwidth'
  decommission: 'er-decommission'
  rejected: 'er-rejected'
}
var requestQueueNames = [queues.onboarding, queues.bandwidth, queues.decommission]
var eventsTopicName = 'er-events'
// Known before deployment, so role assignment names do not depend on a runtime output (what-if stays precise).
var identityKey = resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', names.identity)

module identity 'modules/managedIdentity.bicep' = {
  name: 'identity'
  params: { name: names.identity, location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    principalKey: identityKey
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  name: 'service-bus'
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    requestQueueNames: requestQueueNames
    rejectedQueueName: queues.rejected
    eventsTopicName: eventsTopicName
    principalId: identity.outputs.principalId
    principalKey: identityKey
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'key-vault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    publicNetworkAccess: keyVaultPublicNetworkAccess
    allowedIpRanges: keyVaultAllowedIpRanges
    principalId: identity.outputs.principalId
    principalKey: identityKey
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  dependsOn: [keyVault]
  params: { name: names.network, location: location, tags: tags, keyVaultName: names.keyVault }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: names.logs
    insightsName: names.insights
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    principalKey: identityKey
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'function-app'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    tableEndpoint: storage.outputs.tableEndpoint
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    queueNames: queues
    eventsTopicName: eventsTopicName
    appInsightsConnectionString: monitoring.outputs.connectionString
    subnetId: network.outputs.appSubnetId
    taskHubName: 'ercsp${environmentName}'
    cspTenantId: cspTenantId
    cspSubscriptionIds: cspSubscriptionIds
    appClientId: appClientId
    providerTiming: providerTiming
    maximumInstanceCount: maximumInstanceCount
    enableApiAuthentication: enableApiAuthentication
    apiClientId: apiClientId
    apiAllowedClientIds: apiAllowedClientIds
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: 'ercsp-${environmentName}'
    location: location
    tags: tags
    actionGroupId: actionGroupId
    serviceBusId: serviceBus.outputs.resourceId
    requestQueueNames: requestQueueNames
    rejectedQueueName: queues.rejected
    insightsId: monitoring.outputs.insightsId
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'workbook'
  params: {
    displayName: 'ExpressRoute CSP fleet (${environmentName})'
    location: location
    tags: tags
    insightsId: monitoring.outputs.insightsId
  }
}

@description('Object id of the managed identity (subject of the federated credential).')
output identityPrincipalId string = identity.outputs.principalId

@description('Client id of the managed identity.')
output identityClientId string = identity.outputs.clientId

@description('Function App name.')
output functionAppName string = functionApp.outputs.name

@description('HTTP API host name.')
output functionAppHostName string = functionApp.outputs.defaultHostName

@description('Key Vault name (secret references for BGP MD5 keys).')
output keyVaultName string = keyVault.outputs.name

@description('Fully qualified Service Bus namespace.')
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
