metadata name = 'Fleet workbook'
metadata description = 'Azure Monitor workbook over Application Insights: workflows by state, provider waits (service keys sent, reminders, escalations), parked requests by reason, ARM step problems by code, failing functions.'

@description('Display name of the workbook.')
param displayName string

@description('Azure region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object = {}

@description('Resource id of Application Insights the queries run against.')
param insightsId string

var panels = [
  {
    title: 'Workflows by state'
    query: 'traces | where customDimensions.Category == "Host.Triggers.DurableTask" and customDimensions["prop__functionType"] == "Orchestrator" | extend state = tostring(customDimensions["prop__state"]), workflow = tostring(customDimensions["prop__functionName"]) | where state in ("Started", "Completed", "Failed", "Terminated") | summarize count() by workflow, state, bin(timestamp, 1d) | order by timestamp asc'
    visualization: 'barchart'
  }
  {
    title: 'Provider waits: service keys sent, reminders, escalations'
    query: 'traces | where message matches regex "^(service-key-ready|reminder|escalation) sent for leg" | extend kind = extract("^([a-z-]+) sent", 1, message) | summarize count() by kind, bin(timestamp, 1d) | order by timestamp asc'
    visualization: 'barchart'
  }
  {
    title: 'Parked requests by reason'
    query: 'traces | where message startswith "Parked message" | extend reason = extract(@"; ([A-Za-z]+): ", 1, message) | summarize count() by reason | order by count_ desc'
    visualization: 'table'
  }
  {
    title: 'ARM step problems by code (findings)'
    query: 'traces | where severityLevel == 2 and message matches regex "^[^ ]+: [A-Za-z]+( \\\\(will retry\\\\))?$" | extend code = extract(": ([A-Za-z]+)", 1, message), retried = message endswith "(will retry)" | summarize count() by code, retried | order by count_ desc'
    visualization: 'table'
  }
  {
    title: 'Failing functions'
    query: 'requests | summarize total = count(), failed = countif(success == false) by name | where failed > 0 | order by failed desc'
    visualization: 'table'
  }
]

var workbookContent = {
  version: 'Notebook/1.0'
  items: map(range(0, length(panels)), i => {
      type: 3
      name: 'panel-${i}'
      content: {
        version: 'KqlItem/1.0'
        title: panels[i].title
        query: panels[i].query
        size: 0
        timeContext: { durationMs: 1209600000 }
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: panels[i].visualization
      }
    })
  isLocked: false
  fallbackResourceIds: [insightsId]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, displayName)
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: insightsId
    serializedData: string(workbookContent)
  }
}

@description('Resource id of the workbook.')
output resourceId string = workbook.id
