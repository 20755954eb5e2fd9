metadata name = 'Resource group role assignment'
metadata description = 'Assigns one role to one principal on the resource group this module is deployed to.'

@description('Object id of the principal (service principal, group or user) that receives the role.')
param principalId string

@description('Name (GUID) of the role definition, built-in or custom.')
param roleDefinitionName string

@description('Kind of principal.')
@allowed(['ServicePrincipal', 'Group', 'User'])
param principalType string = 'ServicePrincipal'

@description('Why the principal holds this role (shown in the portal).')
param roleDescription string = ''

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, roleDefinitionName)
  properties: {
    principalId: principalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionName)
    principalType: principalType
    description: roleDescription
  }
}

@description('Resource id of the role assignment.')
output resourceId string = assignment.id
