metadata name = 'Managed identity'
metadata description = 'The user-assigned managed identity the Function App runs as: data-plane roles on its own resources, and the federated credential of the CSP multi-tenant app.'

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Object (principal) id: the subject of the federated credential, and the principal of data-plane role assignments.')
output principalId string = identity.properties.principalId

@description('Client id: ERCSP_MANAGED_IDENTITY_CLIENT_ID and the __clientId of identity-based connections.')
output clientId string = identity.properties.clientId
