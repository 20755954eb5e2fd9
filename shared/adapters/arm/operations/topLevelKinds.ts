/** The SDK calls and mappings of each top-level kind, plugged into `topLevelResource.ts`. */
import type {
  NetworkSecurityGroup,
  RouteFilter,
  RouteTable,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '@azure/arm-network';
import type {
  ConnectionIntent,
  GatewayIntent,
  NsgIntent,
  RouteFilterIntent,
  RouteTableIntent,
} from '../../../domain/intents';
import type { ConnectionState } from '../../../ports/network';
import {
  connectionBody,
  connectionDrift,
  connectionImmutableDrift,
  connectionSecrets,
  connectionState,
  connectionToIntent,
  mergeConnection,
} from '../mapping/connectionMapping';
import {
  gatewayBody,
  gatewayDrift,
  gatewayImmutableDrift,
  gatewayToIntent,
  mergeGateway,
} from '../mapping/gatewayMapping';
import { mergeNsg, nsgBody, nsgDrift, nsgToIntent } from '../mapping/nsgMapping';
import {
  mergeRouteFilter,
  routeFilterBody,
  routeFilterDrift,
  routeFilterToIntent,
} from '../mapping/routeFilterMapping';
import { mergeRouteTable, routeTableBody, routeTableDrift, routeTableToIntent } from '../mapping/routeTableMapping';
import { stateOf } from './topLevelResource';
import type { TopLevelKind } from './topLevelResource';

export const routeFilterKind: TopLevelKind<RouteFilterIntent, RouteFilter> = {
  get: (client, rg, name) => client.routeFilters.get(rg, name),
  put: (client, rg, name, body, lro) => client.routeFilters.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.routeFilters.beginDelete(rg, name, lro),
  body: routeFilterBody,
  merge: mergeRouteFilter,
  drift: routeFilterDrift,
  toIntent: routeFilterToIntent,
  state: stateOf,
};

export const routeTableKind: TopLevelKind<RouteTableIntent, RouteTable> = {
  get: (client, rg, name) => client.routeTables.get(rg, name),
  put: (client, rg, name, body, lro) => client.routeTables.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.routeTables.beginDelete(rg, name, lro),
  body: routeTableBody,
  merge: mergeRouteTable,
  drift: routeTableDrift,
  toIntent: routeTableToIntent,
  state: stateOf,
};

export const nsgKind: TopLevelKind<NsgIntent, NetworkSecurityGroup> = {
  get: (client, rg, name) => client.networkSecurityGroups.get(rg, name),
  put: (client, rg, name, body, lro) => client.networkSecurityGroups.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.networkSecurityGroups.beginDelete(rg, name, lro),
  body: nsgBody,
  merge: mergeNsg,
  drift: nsgDrift,
  toIntent: nsgToIntent,
  state: stateOf,
};

export const gatewayKind: TopLevelKind<GatewayIntent, VirtualNetworkGateway> = {
  get: (client, rg, name) => client.virtualNetworkGateways.get(rg, name),
  put: (client, rg, name, body, lro) => client.virtualNetworkGateways.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.virtualNetworkGateways.beginDelete(rg, name, lro),
  body: gatewayBody,
  merge: mergeGateway,
  drift: gatewayDrift,
  immutableDrift: gatewayImmutableDrift,
  toIntent: gatewayToIntent,
  state: stateOf,
};

export const connectionKind: TopLevelKind<ConnectionIntent, VirtualNetworkGatewayConnection, ConnectionState> = {
  get: (client, rg, name) => client.virtualNetworkGatewayConnections.get(rg, name),
  put: (client, rg, name, body, lro) =>
    client.virtualNetworkGatewayConnections.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.virtualNetworkGatewayConnections.beginDelete(rg, name, lro),
  body: connectionBody,
  merge: mergeConnection,
  drift: connectionDrift,
  immutableDrift: connectionImmutableDrift,
  toIntent: connectionToIntent,
  state: connectionState,
  secretsOf: connectionSecrets,
};
