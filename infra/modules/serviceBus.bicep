metadata name = 'Service Bus'
metadata description = 'Namespace with the request queues (bounded redelivery, duplicate detection), the parked-requests queue and the outbound events topic. Local (SAS) authentication off.'

@description('Namespace name (globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object = {}

@description('Request queues the triggers read (onboarding, bandwidth, decommission).')
param requestQueueNames array

@description('Queue where refused request messages are parked with their reason.')
param rejectedQueueName string

@description('Topic for outbound events.')
param eventsTopicName string

@description('Subscriptions created on the events topic.')
param eventSubscriptionNames array = ['provider', 'audit']

@description('Principal id of the managed identity that sends and receives.')
param principalId string

@description('Stable key of that principal (e.g. its resource id, known before deployment), used to name the role assignments.')
param principalKey string

var roles = {
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'
}

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

// Request queues: bounded redelivery (then the broker's dead-letter queue), duplicate detection on message id.
resource queues 'Microsoft.ServiceBus/namespaces/queues@2026-01-01' = [
  for queue in concat(requestQueueNames, [rejectedQueueName]): {
    parent: namespace
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
resource eventsTopic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: eventsTopicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
  }
}

resource eventSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for subscriptionName in eventSubscriptionNames: {
    parent: eventsTopic
    name: subscriptionName
    properties: {
      maxDeliveryCount: 10
      deadLetteringOnMessageExpiration: true
    }
  }
]

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(namespace.id, principalKey, role.value)
    scope: namespace
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

@description('Resource id of the namespace (metric alerts).')
output resourceId string = namespace.id

@description('Namespace name.')
output name string = namespace.name

@description('Fully qualified namespace host, e.g. sb-x.servicebus.windows.net (ServiceBusConnection__fullyQualifiedNamespace).')
output fullyQualifiedNamespace string = split(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':')[0]
