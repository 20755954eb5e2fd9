metadata name = 'Alerts'
metadata description = 'Alerts for what needs a person: dead-lettered request messages, parked (refused) requests, failed workflows, provider escalations and function errors.'

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Azure region of the log alert rules.')
param location string

@description('Tags applied to the alert rules.')
param tags object = {}

@description('Resource id of the action group that receives the alerts; empty: alerts fire in the portal only.')
param actionGroupId string = ''

@description('Resource id of the Service Bus namespace.')
param serviceBusId string

@description('Queues whose dead-letter depth is watched.')
param requestQueueNames array

@description('Queue of parked (refused) requests; any message there needs a look.')
param rejectedQueueName string

@description('Resource id of Application Insights (scope of the log alerts).')
param insightsId string

var actionGroups = empty(actionGroupId) ? [] : [actionGroupId]
var metricActions = [for id in actionGroups: { actionGroupId: id }]

resource deadLetters 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-dead-lettered-requests'
  location: 'global'
  tags: tags
  properties: {
    description: 'A request message was dead-lettered: the trigger failed it maxDeliveryCount times. Look at the queue\'s dead-letter queue.'
    severity: 1
    enabled: true
    scopes: [serviceBusId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'DeadletteredMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [{ name: 'EntityName', operator: 'Include', values: concat(requestQueueNames, [rejectedQueueName]) }]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: metricActions
  }
}

resource parkedRequests 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-parked-requests'
  location: 'global'
  tags: tags
  properties: {
    description: 'Refused request messages are parked with their reason on ${rejectedQueueName}: answer the sender, then remove them.'
    severity: 2
    enabled: true
    scopes: [serviceBusId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'ParkedMessages'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'ActiveMessages'
          dimensions: [{ name: 'EntityName', operator: 'Include', values: [rejectedQueueName] }]
          operator: 'GreaterThan'
          threshold: 0
          timeAggregation: 'Maximum'
        }
      ]
    }
    autoMitigate: true
    actions: metricActions
  }
}

// Log alerts over Application Insights: the Durable extension's tracking traces, the app's own log lines, requests.
var logAlerts = [
  {
    key: 'failed-workflows'
    title: 'Failed workflows'
    text: 'An orchestration failed: its request ended Failed. GET /api/requests/{id} tells why.'
    severity: 1
    query: 'traces | where customDimensions.Category == "Host.Triggers.DurableTask" | where customDimensions["prop__functionType"] == "Orchestrator" and customDimensions["prop__state"] == "Failed"'
  }
  {
    key: 'provider-escalations'
    title: 'Provider escalations'
    text: 'A connectivity provider has not provisioned a circuit by the deadline; the circuit is billed meanwhile.'
    severity: 2
    query: 'traces | where message startswith "escalation sent for leg"'
  }
  {
    key: 'function-errors'
    title: 'Function errors'
    text: 'Function invocations failed (unhandled errors, not refused requests).'
    severity: 2
    query: 'requests | where success == false'
  }
]

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in logAlerts: {
    name: '${namePrefix}-${alert.key}'
    location: location
    tags: tags
    properties: {
      displayName: '${namePrefix}: ${alert.title}'
      description: alert.text
      severity: alert.severity
      enabled: true
      scopes: [insightsId]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
          }
        ]
      }
      autoMitigate: false
      actions: { actionGroups: actionGroups }
    }
  }
]

@description('Names of the alert rules.')
output alertRuleNames array = concat([deadLetters.name, parkedRequests.name], map(logAlerts, alert => '${namePrefix}-${alert.key}'))
