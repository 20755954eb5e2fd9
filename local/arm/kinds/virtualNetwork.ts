/**
 * Virtual networks and their subnets. A VNet PUT replaces its subnets (leaving them out deletes them); a subnet PUT
 * replaces the subnet, including its NSG and route table associations. GatewaySubnet takes no NSG and no route
 * table holding a 0.0.0.0/0 route; a subnet a gateway uses cannot be deleted.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { arrayAt, objectAt, referenceIdAt, stringAt, stringsAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import type { Ipv4Prefix } from '../validation';
import { isDefaultRoute, parseIpv4Prefix, prefixContains, sameId } from '../validation';
import type { PlannedFailure, PreparedWrite, ResourceKind, WriteContext } from './kind';
import { gatewayIpConfigurations, isGatewaySubnet } from './references';

function addressPrefixes(properties: JsonObject): string[] {
  const single = stringAt(properties, 'addressPrefix');
  return single === undefined ? stringsAt(properties, 'addressPrefixes') : [single];
}

function vnetPrefixes(vnet: StoredResource | undefined): Ipv4Prefix[] {
  return stringsAt(objectAt(vnet?.properties, 'addressSpace'), 'addressPrefixes')
    .map(parseIpv4Prefix)
    .filter((prefix): prefix is Ipv4Prefix => prefix !== undefined);
}

function gatewaysUsingSubnet(sim: Simulation, subnetId: string): string[] {
  return gatewayIpConfigurations(sim)
    .filter((configuration) => sameId(configuration.subnetId, subnetId))
    .map((configuration) => configuration.ipConfigurationId);
}

function checkSubnetNotInUse(sim: Simulation, subnet: StoredResource): PlannedFailure | undefined {
  const users = gatewaysUsingSubnet(sim, subnet.id);
  if (users.length > 0) {
    throw errors.code(
      'InUseSubnetCannotBeDeleted',
      `Subnet ${subnet.name} is in use by ${users.join(', ')} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet.`,
    );
  }
  return undefined;
}

export function routeTableHasDefaultRoute(sim: Simulation, routeTableId: string): boolean {
  return sim.store
    .children(routeTableId, 'route')
    .some((route) => isDefaultRoute(stringAt(route.properties, 'addressPrefix')));
}

function prepareSubnet({ sim, properties, parent: vnet, name, id }: WriteContext): PreparedWrite {
  const prefixes = addressPrefixes(properties);
  if (prefixes.length === 0) throw errors.invalidRequestFormat('properties.addressPrefix', 'is required');
  const space = vnetPrefixes(vnet);
  for (const text of prefixes) {
    const prefix = parseIpv4Prefix(text);
    if (prefix && space.length > 0 && !space.some((outer) => prefixContains(outer, prefix))) {
      throw errors.code(
        'SubnetAddressPrefixOutsideVirtualNetwork',
        `Subnet ${name} address prefix ${text} is not within the address space of virtual network ${vnet?.name ?? ''}.`,
      );
    }
  }

  const nsgId = referenceIdAt(properties, 'networkSecurityGroup');
  if (nsgId !== undefined) {
    if (sim.store.get(nsgId)?.kind !== 'networkSecurityGroup') throw errors.invalidReference(nsgId, id);
    if (isGatewaySubnet({ name })) {
      throw errors.code(
        'NetworkSecurityGroupNotAllowedOnGatewaySubnet',
        `Subnet ${name} cannot have a network security group (properties.networkSecurityGroup): NSGs are not supported on GatewaySubnet.`,
      );
    }
  }
  const routeTableId = referenceIdAt(properties, 'routeTable');
  if (routeTableId !== undefined) {
    if (sim.store.get(routeTableId)?.kind !== 'routeTable') throw errors.invalidReference(routeTableId, id);
    if (isGatewaySubnet({ name }) && routeTableHasDefaultRoute(sim, routeTableId)) {
      throw errors.code(
        'DefaultRouteNotAllowedOnGatewaySubnet',
        `Route table ${routeTableId} has a 0.0.0.0/0 route and cannot be associated with GatewaySubnet (properties.routeTable).`,
      );
    }
  }
  return {
    properties: {
      ...properties,
      privateEndpointNetworkPolicies: properties.privateEndpointNetworkPolicies ?? 'Disabled',
      privateLinkServiceNetworkPolicies: properties.privateLinkServiceNetworkPolicies ?? 'Enabled',
      delegations: properties.delegations ?? [],
    },
  };
}

function prepareVirtualNetwork({ sim, properties, existing }: WriteContext): PreparedWrite {
  const prefixes = stringsAt(objectAt(properties, 'addressSpace'), 'addressPrefixes');
  if (prefixes.length === 0)
    throw errors.invalidRequestFormat('properties.addressSpace.addressPrefixes', 'is required');
  for (const prefix of prefixes) {
    if (!prefix.includes(':') && parseIpv4Prefix(prefix) === undefined) {
      throw errors.invalidRequestFormat('properties.addressSpace.addressPrefixes', `has an invalid prefix '${prefix}'`);
    }
  }
  return {
    properties: {
      ...properties,
      resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid(),
      virtualNetworkPeerings: arrayAt(properties, 'virtualNetworkPeerings') ?? [],
      enableDdosProtection: properties.enableDdosProtection ?? false,
    },
  };
}

export const virtualNetworkKind: ResourceKind = {
  name: 'virtualNetwork',
  type: 'Microsoft.Network/virtualNetworks',
  pathTypes: ['virtualNetworks'],
  operationNoun: 'VirtualNetwork',
  topLevel: true,
  rendersType: true,
  duration: 'virtualNetwork',
  deleteDuration: 'virtualNetworkDelete',
  children: [{ property: 'subnets', kind: 'subnet' }],
  readOnly: ['resourceGuid'],
  prepare: prepareVirtualNetwork,
  checkDelete: (sim, vnet) => {
    for (const subnet of sim.store.children(vnet.key, 'subnet')) checkSubnetNotInUse(sim, subnet);
    return undefined;
  },
};

export const subnetKind: ResourceKind = {
  name: 'subnet',
  type: 'Microsoft.Network/virtualNetworks/subnets',
  pathTypes: ['virtualNetworks', 'subnets'],
  operationNoun: 'Subnet',
  topLevel: false,
  rendersType: true,
  duration: 'subnet',
  deleteDuration: 'subnetDelete',
  children: [],
  readOnly: ['ipConfigurations', 'purpose', 'serviceAssociationLinks', 'resourceNavigationLinks', 'privateEndpoints'],
  prepare: prepareSubnet,
  present: (sim, subnet, properties) => {
    const users = gatewaysUsingSubnet(sim, subnet.id);
    return users.length === 0 ? properties : { ...properties, ipConfigurations: users.map((id) => ({ id })) };
  },
  checkDelete: checkSubnetNotInUse,
};
