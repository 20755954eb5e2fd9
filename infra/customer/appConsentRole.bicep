metadata name = 'expressroute-csp least-privilege role for the CSP app'
metadata description = 'Run by a customer in its own subscription after consenting to the CSP multi-tenant app: creates the ExpressRoute CSP Operator custom role (exactly the ARM actions the automation calls) and assigns it to the app\'s service principal on the network resource groups (or the subscription). Works with GDAP-managed and with direct customers.'
targetScope = 'subscription'

@description('Object id of the CSP app\'s service principal in THIS tenant (created by the admin consent; Enterprise applications blade).')
@minLength(36)
@maxLength(36)
param cspAppServicePrincipalId string

@description('Resource groups holding the VNets to connect; empty grants the role on the whole subscription.')
param resourceGroupNames array = []

@description('Display name of the custom role (unique in this tenant).')
param roleName string = 'ExpressRoute CSP Operator'

module role '../modules/expressRouteOperatorRole.bicep' = {
  name: 'ercsp-operator-role'
  params: {
    roleName: roleName
    assignableScopes: [subscription().id]
  }
}

var roleGuid = guid(tenant().tenantId, roleName)

module subscriptionAssignment '../modules/roleAssignment.bicep' = if (empty(resourceGroupNames)) {
  name: 'ercsp-operator-subscription'
  dependsOn: [role]
  params: {
    principalId: cspAppServicePrincipalId
    roleDefinitionName: roleGuid
    roleDescription: 'CSP ExpressRoute automation (expressroute-csp)'
  }
}

module resourceGroupAssignments '../modules/resourceGroupRoleAssignment.bicep' = [
  for name in resourceGroupNames: {
    name: 'ercsp-operator-${name}'
    scope: resourceGroup(name)
    dependsOn: [role]
    params: {
      principalId: cspAppServicePrincipalId
      roleDefinitionName: roleGuid
      roleDescription: 'CSP ExpressRoute automation (expressroute-csp)'
    }
  }
]

@description('Resource id of the custom role.')
output roleDefinitionId string = role.outputs.roleDefinitionId
