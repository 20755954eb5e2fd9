/** The resource kinds the simulator serves, and lookup by URL type path. */
import type { KindName } from '../store';
import { authorizationKind } from './authorization';
import { connectionKind } from './connection';
import { expressRouteCircuitKind } from './expressRouteCircuit';
import { localNetworkGatewayKind } from './localNetworkGateway';
import type { ResourceKind } from './kind';
import { networkSecurityGroupKind, securityRuleKind } from './networkSecurityGroup';
import { peeringKind } from './peering';
import { routeFilterKind, routeFilterRuleKind } from './routeFilter';
import { routeKind, routeTableKind } from './routeTable';
import { subnetKind, virtualNetworkKind } from './virtualNetwork';
import { virtualNetworkGatewayKind } from './virtualNetworkGateway';

export const KINDS: Readonly<Record<KindName, ResourceKind>> = {
  expressRouteCircuit: expressRouteCircuitKind,
  peering: peeringKind,
  authorization: authorizationKind,
  routeFilter: routeFilterKind,
  routeFilterRule: routeFilterRuleKind,
  virtualNetwork: virtualNetworkKind,
  subnet: subnetKind,
  virtualNetworkGateway: virtualNetworkGatewayKind,
  connection: connectionKind,
  routeTable: routeTableKind,
  route: routeKind,
  networkSecurityGroup: networkSecurityGroupKind,
  securityRule: securityRuleKind,
  localNetworkGateway: localNetworkGatewayKind,
};

export function kindOf(name: KindName): ResourceKind {
  return KINDS[name];
}

/** The kind whose path types are `types` (case-insensitive), e.g. `['expressroutecircuits', 'peerings']`. */
export function kindByPathTypes(types: readonly string[]): ResourceKind | undefined {
  const wanted = types.map((type) => type.toLowerCase()).join('/');
  return Object.values(KINDS).find((kind) => kind.pathTypes.map((type) => type.toLowerCase()).join('/') === wanted);
}
