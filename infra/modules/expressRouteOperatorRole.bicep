metadata name = 'ExpressRoute operator role'
metadata description = 'Custom role with exactly the ARM actions the expressroute-csp network adapter uses (shared/adapters/arm/armActions.ts; test/unit/infra/roleDefinition.test.ts keeps the two equal). No wildcards, no data actions.'
targetScope = 'subscription'

@description('Display name of the role; unique in the tenant.')
param roleName string = 'ExpressRoute CSP Operator'

@description('Scopes the role may be assigned at (subscription or resource group ids). Default: this subscription.')
param assignableScopes array = [subscription().id]

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  // Stable per tenant and role name, so redeploying (in any of the assignable subscriptions) updates the same role.
  name: guid(tenant().tenantId, roleName)
  properties: {
    roleName: roleName
    description: 'Creates and maintains ExpressRoute circuits, peerings, authorizations, gateways, connections, route filters, route tables and NSGs, and associates route tables and NSGs with existing subnets. Only the actions the expressroute-csp automation calls.'
    type: 'customRole'
    assignableScopes: assignableScopes
    permissions: [
      {
        actions: [
          'Microsoft.Network/connections/delete'
          'Microsoft.Network/connections/read'
          'Microsoft.Network/connections/write'
          'Microsoft.Network/expressRouteCircuits/authorizations/delete'
          'Microsoft.Network/expressRouteCircuits/authorizations/read'
          'Microsoft.Network/expressRouteCircuits/authorizations/write'
          'Microsoft.Network/expressRouteCircuits/delete'
          'Microsoft.Network/expressRouteCircuits/join/action'
          'Microsoft.Network/expressRouteCircuits/peerings/delete'
          'Microsoft.Network/expressRouteCircuits/peerings/read'
          'Microsoft.Network/expressRouteCircuits/peerings/routeTablesSummary/action'
          'Microsoft.Network/expressRouteCircuits/peerings/write'
          'Microsoft.Network/expressRouteCircuits/read'
          'Microsoft.Network/expressRouteCircuits/write'
          'Microsoft.Network/expressRouteServiceProviders/read'
          'Microsoft.Network/localNetworkGateways/delete'
          'Microsoft.Network/localNetworkGateways/read'
          'Microsoft.Network/localNetworkGateways/write'
          'Microsoft.Network/locations/operationResults/read'
          'Microsoft.Network/locations/operations/read'
          'Microsoft.Network/networkSecurityGroups/delete'
          'Microsoft.Network/networkSecurityGroups/join/action'
          'Microsoft.Network/networkSecurityGroups/read'
          'Microsoft.Network/networkSecurityGroups/write'
          'Microsoft.Network/publicIPAddresses/join/action'
          'Microsoft.Network/routeFilters/delete'
          'Microsoft.Network/routeFilters/join/action'
          'Microsoft.Network/routeFilters/read'
          'Microsoft.Network/routeFilters/write'
          'Microsoft.Network/routeTables/delete'
          'Microsoft.Network/routeTables/join/action'
          'Microsoft.Network/routeTables/read'
          'Microsoft.Network/routeTables/write'
          'Microsoft.Network/virtualNetworkGateways/delete'
          'Microsoft.Network/virtualNetworkGateways/read'
          'Microsoft.Network/virtualNetworkGateways/write'
          'Microsoft.Network/virtualNetworks/subnets/join/action'
          'Microsoft.Network/virtualNetworks/subnets/read'
          'Microsoft.Network/virtualNetworks/subnets/write'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

@description('Resource id of the role definition, for role assignments.')
output roleDefinitionId string = role.id

@description('Name (GUID) of the role definition.')
output roleDefinitionName string = role.name
