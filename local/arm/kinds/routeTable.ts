/**
 * Route tables (UDRs) with their routes inline. A table reports the subnets using it and cannot be deleted while
 * one does; a 0.0.0.0/0 route cannot be added to a table GatewaySubnet uses.
 */
import { errors } from '../errors';
import { stringAt } from '../json';
import { isDefaultRoute, requireString, sameName } from '../validation';
import type { PreparedWrite, ResourceKind, WriteContext } from './kind';
import { idList, isGatewaySubnet, subnetsReferencing } from './references';

const NEXT_HOP_TYPES = [
  'VirtualNetworkGateway',
  'VnetLocal',
  'Internet',
  'VirtualAppliance',
  'None',
  'VirtualApplianceEcmp',
];

function prepareRoute({ sim, properties, parent, name }: WriteContext): PreparedWrite {
  const addressPrefix = requireString(properties, 'addressPrefix');
  const nextHopType = requireString(properties, 'nextHopType');
  if (!NEXT_HOP_TYPES.some((type) => sameName(type, nextHopType))) {
    throw errors.invalidRequestFormat('properties.nextHopType', `must be one of ${NEXT_HOP_TYPES.join(', ')}`);
  }
  if (sameName(nextHopType, 'VirtualAppliance')) requireString(properties, 'nextHopIpAddress');
  if (parent && isDefaultRoute(addressPrefix)) {
    const gatewaySubnets = subnetsReferencing(sim, 'routeTable', parent.id).filter(isGatewaySubnet);
    if (gatewaySubnets.length > 0) {
      throw errors.code(
        'DefaultRouteNotAllowedOnGatewaySubnet',
        `Route ${name} (0.0.0.0/0) cannot be added to route table ${parent.name}: it is associated with ${gatewaySubnets.map((s) => s.id).join(', ')}.`,
      );
    }
  }
  return { properties };
}

export const routeTableKind: ResourceKind = {
  name: 'routeTable',
  type: 'Microsoft.Network/routeTables',
  pathTypes: ['routeTables'],
  operationNoun: 'RouteTable',
  topLevel: true,
  rendersType: true,
  duration: 'routeTable',
  deleteDuration: 'routeTableDelete',
  children: [{ property: 'routes', kind: 'route' }],
  readOnly: ['subnets', 'resourceGuid'],
  prepare: ({ sim, properties, existing }) => ({
    properties: {
      ...properties,
      disableBgpRoutePropagation: properties.disableBgpRoutePropagation ?? false,
      resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid(),
    },
  }),
  present: (sim, table, properties) => {
    const subnets = subnetsReferencing(sim, 'routeTable', table.id);
    return subnets.length === 0 ? properties : { ...properties, subnets: idList(subnets) };
  },
  checkDelete: (sim, table) => {
    const subnets = subnetsReferencing(sim, 'routeTable', table.id);
    if (subnets.length > 0) {
      throw errors.code(
        'InUseRouteTableCannotBeDeleted',
        `Route table ${table.id} is in use and cannot be deleted. In order to delete the route table, remove all references to the route table from: ${subnets.map((s) => s.id).join(', ')}.`,
      );
    }
    return undefined;
  },
};

export const routeKind: ResourceKind = {
  name: 'route',
  type: 'Microsoft.Network/routeTables/routes',
  pathTypes: ['routeTables', 'routes'],
  operationNoun: 'Route',
  topLevel: false,
  rendersType: true,
  duration: 'route',
  deleteDuration: 'routeDelete',
  children: [],
  readOnly: ['hasBgpOverride'],
  prepare: prepareRoute,
};
