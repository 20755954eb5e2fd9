metadata name = 'Network'
metadata description = 'Virtual network for the Function App (outbound VNet integration) and the Key Vault private endpoint, with the private DNS zone that resolves the vault to it.'

@description('Virtual network name.')
param name string

@description('Azure region of the network.')
param location string

@description('Tags applied to the network resources.')
param tags object = {}

@description('Address space of the virtual network.')
param addressPrefix string = '10.40.0.0/24'

@description('Subnet delegated to the Function App (Flex Consumption VNet integration, /27 or larger).')
param appSubnetPrefix string = '10.40.0.0/26'

@description('Subnet for private endpoints.')
param privateEndpointSubnetPrefix string = '10.40.0.64/27'

@description('Name of the Key Vault (in this resource group) reached through a private endpoint.')
param keyVaultName string

@description('Private DNS zone of Key Vault private endpoints in this cloud (privatelink.vaultcore.azure.net in Azure public cloud).')
param keyVaultPrivateDnsZoneName string = 'privatelink.vaultcore.azure.net'

resource vnet 'Microsoft.Network/virtualNetworks@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'snet-app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [{ name: 'flex-consumption', properties: { serviceName: 'Microsoft.App/environments' } }]
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource appSubnet 'Microsoft.Network/virtualNetworks/subnets@2026-03-01' existing = {
  parent: vnet
  name: 'snet-app'
}

resource privateEndpointSubnet 'Microsoft.Network/virtualNetworks/subnets@2026-03-01' existing = {
  parent: vnet
  name: 'snet-private-endpoints'
}

resource keyVaultZone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: keyVaultPrivateDnsZoneName
  location: 'global'
  tags: tags
}

resource keyVaultZoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: keyVaultZone
  name: '${name}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: { id: vnet.id }
  }
}

resource keyVaultEndpoint 'Microsoft.Network/privateEndpoints@2026-03-01' = {
  name: 'pe-${keyVaultName}'
  location: location
  tags: tags
  properties: {
    subnet: { id: privateEndpointSubnet.id }
    privateLinkServiceConnections: [
      {
        name: 'vault'
        properties: { privateLinkServiceId: resourceId('Microsoft.KeyVault/vaults', keyVaultName), groupIds: ['vault'] }
      }
    ]
  }
}

resource keyVaultEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2026-03-01' = {
  parent: keyVaultEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [{ name: 'vault', properties: { privateDnsZoneId: keyVaultZone.id } }]
  }
}

@description('Resource id of the subnet the Function App integrates with.')
output appSubnetId string = appSubnet.id
