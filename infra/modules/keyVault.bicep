metadata name = 'Key Vault'
metadata description = 'Key Vault for BGP MD5 keys (secret references in requests). RBAC authorization, purge protection, and public network access off unless a parameter opens it to listed addresses.'

@description('Vault name (3-24 letters, digits and hyphens, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object = {}

@description('Public network access. Disabled (default): reachable only through the private endpoint (the Function App is VNet-integrated). Enabled: reachable from the addresses in allowedIpRanges only.')
@allowed(['Disabled', 'Enabled'])
param publicNetworkAccess string = 'Disabled'

@description('IPv4 addresses or CIDR ranges allowed through the firewall when publicNetworkAccess is Enabled (e.g. the operators who store MD5 keys).')
param allowedIpRanges array = []

@description('Principal id of the managed identity that reads secrets (Key Vault Secrets User).')
param principalId string

@description('Stable key of that principal (e.g. its resource id, known before deployment), used to name the role assignments.')
param principalKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: publicNetworkAccess
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
      ipRules: [for range in allowedIpRanges: { value: range }]
    }
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalKey, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

@description('Resource id of the vault (private endpoint).')
output resourceId string = vault.id

@description('Vault name; secret references name it.')
output name string = vault.name

@description('Vault URI.')
output uri string = vault.properties.vaultUri
