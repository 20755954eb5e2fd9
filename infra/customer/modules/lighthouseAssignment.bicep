metadata name = 'Lighthouse assignment on a resource group'
metadata description = 'Assigns an existing registration definition of this subscription to the resource group this module is deployed to.'

@description('Name (GUID) of the registration definition in this subscription.')
param registrationDefinitionName string

@description('Stable key (the offer name) that, with the resource group, names the assignment.')
param assignmentKey string

resource assignment 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' = {
  name: guid(resourceGroup().id, assignmentKey)
  properties: {
    registrationDefinitionId: subscriptionResourceId('Microsoft.ManagedServices/registrationDefinitions', registrationDefinitionName)
  }
}

@description('Resource id of the assignment.')
output resourceId string = assignment.id
