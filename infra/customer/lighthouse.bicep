metadata name = 'expressroute-csp Azure Lighthouse delegation'
metadata description = 'Run by a customer in its own subscription: delegates its network resource groups (or the whole subscription) to the CSP through Azure Lighthouse. Lighthouse accepts built-in roles only, so this grants Network Contributor; for the least-privilege custom role use appConsentRole.bicep instead (see README.md).'
targetScope = 'subscription'

@description('Entra tenant id of the CSP (the managing tenant).')
@minLength(36)
@maxLength(36)
param managedByTenantId string

@description('Object id, in the CSP tenant, of the principal that acts on the delegated scopes: the service principal of the CSP multi-tenant app, or a CSP security group.')
@minLength(36)
@maxLength(36)
param cspPrincipalId string

@description('Display name of that principal, shown to the customer in the portal.')
param cspPrincipalDisplayName string = 'expressroute-csp automation'

@description('Name of the offer, shown in the customer\'s Service providers blade.')
param offerName string = 'ExpressRoute connectivity by the CSP'

@description('Description of the offer.')
param offerDescription string = 'Lets the CSP\'s automation create and maintain ExpressRoute gateways, connections, route tables and NSGs in the delegated resource groups.'

@description('Resource groups holding the VNets to connect; empty delegates the whole subscription.')
param resourceGroupNames array = []

// Lighthouse authorizations must use built-in roles (no custom roles, no Owner, no roles with data actions).
var networkContributor = '4d97b98b-1d4f-4787-a291-c67834d212e7'

resource definition 'Microsoft.ManagedServices/registrationDefinitions@2022-10-01' = {
  name: guid(managedByTenantId, offerName)
  properties: {
    registrationDefinitionName: offerName
    description: offerDescription
    managedByTenantId: managedByTenantId
    authorizations: [
      {
        principalId: cspPrincipalId
        principalIdDisplayName: cspPrincipalDisplayName
        roleDefinitionId: networkContributor
      }
    ]
  }
}

resource subscriptionAssignment 'Microsoft.ManagedServices/registrationAssignments@2022-10-01' = if (empty(resourceGroupNames)) {
  name: guid(subscription().id, offerName)
  properties: { registrationDefinitionId: definition.id }
}

module resourceGroupAssignments 'modules/lighthouseAssignment.bicep' = [
  for name in resourceGroupNames: {
    name: 'ercsp-lighthouse-${name}'
    scope: resourceGroup(name)
    params: { registrationDefinitionName: definition.name, assignmentKey: offerName }
  }
]

@description('Resource id of the registration definition.')
output registrationDefinitionId string = definition.id
