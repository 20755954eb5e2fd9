metadata name = 'expressroute-csp'
metadata description = 'azd entry point: the application resource group (Function App on Flex Consumption, Node 22, managed identity, storage, Service Bus, Key Vault, monitoring, alerts, workbook) and the least-privilege ExpressRoute role on the CSP connectivity subscriptions. Deploy twice to prove idempotency: the second deployment reports no changes.'
targetScope = 'subscription'

@description('Short environment name (azd AZURE_ENV_NAME), used in resource names, e.g. "prod" or "test".')
@minLength(2)
@maxLength(10)
param environmentName string

@description('Azure region for every resource (azd AZURE_LOCATION).')
param location string

@description('Name of the application resource group; default rg-ercsp-<environmentName>.')
param resourceGroupName string = ''

@description('Entra tenant of the CSP (partner tenant).')
param cspTenantId string = tenant().tenantId

@description('Comma-separated CSP subscriptions that hold connect-through circuits; the ExpressRoute role is assigned on each.')
@minLength(36)
param cspSubscriptionIds string

@description('Client id of the CSP multi-tenant app registration (set by the azd hook infra/hooks/app-registration.sh).')
@minLength(36)
@maxLength(36)
param appClientId string

@description('Object id of that app\'s service principal in the CSP tenant (set by the same hook): it receives the ExpressRoute role on the connectivity subscriptions.')
@minLength(36)
@maxLength(36)
param appServicePrincipalId string

@description('Display name of the custom ExpressRoute role (unique in the tenant).')
param operatorRoleName string = 'ExpressRoute CSP Operator'

@description('Provider wait settings (durations such as 1m, 30m, 2d, 14d).')
param providerTiming {
  pollMin: string
  pollMax: string
  reminderEvery: string
  deadline: string
} = {
  pollMin: '1m'
  pollMax: '6h'
  reminderEvery: '2d'
  deadline: '14d'
}

@description('Maximum number of Function App instances (Flex Consumption).')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Key Vault public network access. Disabled (default): only through the private endpoint in the app\'s VNet.')
@allowed(['Disabled', 'Enabled'])
param keyVaultPublicNetworkAccess string = 'Disabled'

@description('IPv4 addresses or CIDR ranges allowed through the Key Vault firewall when public access is Enabled.')
param keyVaultAllowedIpRanges array = []

@description('Resource id of the action group that receives the alerts; empty: alerts show in the portal only.')
param actionGroupId string = ''

@description('Put Entra authentication (App Service Authentication) in front of the HTTP API.')
param enableApiAuthentication bool = false

@description('Client id of the Entra app that represents the HTTP API (token audience); required when enableApiAuthentication is true.')
param apiClientId string = ''

@description('Client ids of the applications allowed to call the HTTP API; empty allows any caller with a token for the API.')
param apiAllowedClientIds array = []

var tags = { 'azd-env-name': environmentName, application: 'expressroute-csp' }
// The role's name (GUID) as the role module derives it, known before deployment.
var operatorRoleGuid = guid(tenant().tenantId, operatorRoleName)
var connectivitySubscriptions = filter(map(split(cspSubscriptionIds, ','), id => trim(id)), id => !empty(id))

resource appResourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-ercsp-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module app 'resources.bicep' = {
  name: 'ercsp-app-${environmentName}'
  scope: appResourceGroup
  params: {
    environmentName: environmentName
    location: location
    tags: tags
    cspTenantId: cspTenantId
    cspSubscriptionIds: join(connectivitySubscriptions, ',')
    appClientId: appClientId
    providerTiming: providerTiming
    maximumInstanceCount: maximumInstanceCount
    keyVaultPublicNetworkAccess: keyVaultPublicNetworkAccess
    keyVaultAllowedIpRanges: keyVaultAllowedIpRanges
    actionGroupId: actionGroupId
    enableApiAuthentication: enableApiAuthentication
    apiClientId: apiClientId
    apiAllowedClientIds: apiAllowedClientIds
  }
}

// One role definition, assignable on every connectivity subscription, created in the first of them.
module operatorRole 'modules/expressRouteOperatorRole.bicep' = {
  name: 'ercsp-operator-role'
  scope: subscription(connectivitySubscriptions[0])
  params: {
    roleName: operatorRoleName
    assignableScopes: map(connectivitySubscriptions, id => '/subscriptions/${id}')
  }
}

module operatorRoleAssignments 'modules/roleAssignment.bicep' = [
  for id in connectivitySubscriptions: {
    name: 'ercsp-operator-${environmentName}'
    scope: subscription(id)
    dependsOn: [operatorRole]
    params: {
      principalId: appServicePrincipalId
      roleDefinitionName: operatorRoleGuid
      roleDescription: 'expressroute-csp (${environmentName}): connect-through circuits, peerings and authorizations'
    }
  }
]

@description('Resource group of the application.')
output AZURE_RESOURCE_GROUP string = appResourceGroup.name

@description('Object id of the Function App\'s managed identity: the subject of the app registration\'s federated credential.')
output ERCSP_IDENTITY_PRINCIPAL_ID string = app.outputs.identityPrincipalId

@description('Client id of the Function App\'s managed identity.')
output ERCSP_IDENTITY_CLIENT_ID string = app.outputs.identityClientId

@description('Function App name.')
output ERCSP_FUNCTION_APP_NAME string = app.outputs.functionAppName

@description('HTTP API base URL.')
output ERCSP_API_URL string = 'https://${app.outputs.functionAppHostName}/api'

@description('Key Vault for BGP MD5 keys.')
output ERCSP_KEY_VAULT_NAME string = app.outputs.keyVaultName

@description('Fully qualified Service Bus namespace (requests are sent to its queues).')
output ERCSP_SERVICEBUS_NAMESPACE string = app.outputs.serviceBusNamespace

@description('Resource id of the custom ExpressRoute role (customers can create the same role: infra/customer/).')
output ERCSP_OPERATOR_ROLE_ID string = operatorRole.outputs.roleDefinitionId
