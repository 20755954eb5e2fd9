/**
 * One entry point for the mapping in both directions, for every kind: `fromIntent` (the ARM body the adapter would
 * write for a new resource) and `toIntent` (an ARM body read back as an intent). Drift detection diffs desired
 * intents against `toIntent` of what Azure holds, so the two must round-trip:
 *
 *     toIntent(x.kind, fromIntent(x), { id: x.id, scope: x.scope }) deep-equals x
 *
 * for every intent the topology derives, with two reference-only fields ARM cannot return, which a diff must not
 * compare: `PeeringIntent.md5Key` (a Key Vault reference; ARM holds the value) and `ConnectionIntent.authorization`
 * (ARM records the redeemed key, not which authorization it came from).
 */
import type {
  LocalNetworkGateway,
  ExpressRouteCircuit,
  ExpressRouteCircuitAuthorization,
  ExpressRouteCircuitPeering,
  NetworkSecurityGroup,
  RouteFilter,
  RouteTable,
  Subnet,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '@azure/arm-network';
import type { ArmId, ResourceIntent, ResourceKind, Scope } from '../../../domain/intents';
import { resourceNameOf } from '../../../domain/naming';
import { DEFAULT_MANAGED_TAG } from '../ownership';
import type { ManagedTag } from '../ownership';
import { authorizationBody, authorizationToIntent } from './authorizationMapping';
import { circuitBody, circuitToIntent } from './circuitMapping';
import { connectionBody, connectionToIntent } from './connectionMapping';
import {
  localNetworkGatewayBody,
  localNetworkGatewayToIntent,
  vpnConnectionBody,
  vpnConnectionToIntent,
  vpnGatewayBody,
  vpnGatewayToIntent,
} from './encryptionMapping';
import { gatewayBody, gatewayToIntent } from './gatewayMapping';
import { nsgBody, nsgToIntent } from './nsgMapping';
import { peeringBody, peeringToIntent } from './peeringMapping';
import { routeFilterBody, routeFilterToIntent } from './routeFilterMapping';
import { routeTableBody, routeTableToIntent } from './routeTableMapping';
import { subnetAssociationBody, subnetAssociationToIntent } from './subnetAssociationMapping';

export interface ArmBodyByKind {
  circuit: ExpressRouteCircuit;
  peering: ExpressRouteCircuitPeering;
  routeFilter: RouteFilter;
  authorization: ExpressRouteCircuitAuthorization;
  gateway: VirtualNetworkGateway;
  connection: VirtualNetworkGatewayConnection;
  routeTable: RouteTable;
  nsg: NetworkSecurityGroup;
  subnetAssociation: Subnet;
  vpnGateway: VirtualNetworkGateway;
  localNetworkGateway: LocalNetworkGateway;
  vpnConnection: VirtualNetworkGatewayConnection;
}

export type ArmBody = ArmBodyByKind[ResourceKind];

/** The body the adapter PUTs to create the resource (secrets excluded: no MD5 value, no authorization key). */
export function fromIntent(intent: ResourceIntent): ArmBody {
  switch (intent.kind) {
    case 'circuit':
      return circuitBody(intent);
    case 'peering':
      return peeringBody(intent);
    case 'routeFilter':
      return routeFilterBody(intent);
    case 'authorization':
      return authorizationBody(intent);
    case 'gateway':
      return gatewayBody(intent);
    case 'connection':
      return connectionBody(intent);
    case 'routeTable':
      return routeTableBody(intent);
    case 'nsg':
      return nsgBody(intent);
    case 'subnetAssociation':
      return subnetAssociationBody(intent);
    case 'vpnGateway':
      return vpnGatewayBody(intent);
    case 'localNetworkGateway':
      return localNetworkGatewayBody(intent);
    case 'vpnConnection':
      return vpnConnectionBody(intent);
  }
}

export interface ArmReadContext {
  /** The resource's id (ARM puts it in the body; a body built by `fromIntent` has none). */
  readonly id: ArmId;
  readonly scope: Scope;
  readonly managedTag?: ManagedTag;
}

/** Child resources of a circuit hang under `…/expressRouteCircuits/{c}`. */
function circuitIdOf(childId: ArmId): ArmId {
  return childId.replace(/\/(peerings|authorizations)\/[^/]+$/i, '');
}

/** An ARM body read back as the intent that would produce it. */
export function toIntent<K extends ResourceKind>(
  kind: K,
  body: ArmBodyByKind[K],
  context: ArmReadContext,
): ResourceIntent {
  const tag = context.managedTag ?? DEFAULT_MANAGED_TAG;
  const identified = { ...body, id: body.id ?? context.id, name: body.name ?? resourceNameOf(context.id) };
  const scope = context.scope;
  switch (kind) {
    case 'circuit':
      return circuitToIntent(identified, scope, tag);
    case 'peering':
      return peeringToIntent(identified, circuitIdOf(context.id), scope);
    case 'routeFilter':
      return routeFilterToIntent(identified, scope, tag);
    case 'authorization':
      return authorizationToIntent(identified, circuitIdOf(context.id), scope);
    case 'gateway':
      return gatewayToIntent(identified, scope, tag);
    case 'connection':
      return connectionToIntent(identified as VirtualNetworkGatewayConnection, scope, tag);
    case 'routeTable':
      return routeTableToIntent(identified, scope, tag);
    case 'nsg':
      return nsgToIntent(identified, scope, tag);
    case 'vpnGateway':
      return vpnGatewayToIntent(identified, scope, tag);
    case 'localNetworkGateway':
      return localNetworkGatewayToIntent(identified, scope, tag);
    case 'vpnConnection':
      return vpnConnectionToIntent(identified as VirtualNetworkGatewayConnection, scope, tag);
    default:
      return subnetAssociationToIntent(identified, scope);
  }
}
