/**
 * ExpressRoute connection (gateway ↔ circuit). The authorization key is added by the operation at the last moment
 * and never read into an intent or a state; `authorization` (which authorization the key came from) is not something ARM records, so a
 * read-back intent has no `authorization` (see the adapter README).
 */
import type { VirtualNetworkGatewayConnection } from '@azure/arm-network';
import { LEG_TAG } from '../../../domain/intents';
import type { ConnectionIntent, Scope } from '../../../domain/intents';
import type { ConnectionState } from '../../../ports/network';
import { Drift, sameCaseInsensitive, sameOptionalId } from '../compare';
import { DEFAULT_MANAGED_TAG, isManaged, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';

/** The gateway reference; typed as required by the SDK, but a body read from ARM is not checked against that. */
function gatewayIdOf(connection: VirtualNetworkGatewayConnection): string | undefined {
  const gateway = connection.virtualNetworkGateway1 as
    VirtualNetworkGatewayConnection['virtualNetworkGateway1'] | undefined;
  return gateway?.id;
}

export function connectionBody(intent: ConnectionIntent): VirtualNetworkGatewayConnection {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    connectionType: 'ExpressRoute',
    virtualNetworkGateway1: { id: intent.gatewayId },
    peer: { id: intent.circuitId },
    routingWeight: intent.routingWeight,
    expressRouteGatewayBypass: intent.fastPath,
  };
}

/**
 * The GET body with the intent's fields changed. A key ARM echoes back stays in the body (the connection keeps the
 * redemption it has); the adapter adds a key itself only to redeem an Available authorization.
 */
export function mergeConnection(
  current: VirtualNetworkGatewayConnection,
  intent: ConnectionIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): VirtualNetworkGatewayConnection {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    routingWeight: intent.routingWeight,
    expressRouteGatewayBypass: intent.fastPath,
  };
}

/** Secret values in a connection body (to scrub from any error about a write carrying it). */
export function connectionSecrets(connection: VirtualNetworkGatewayConnection): string[] {
  return [connection.authorizationKey, connection.sharedKey].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );
}

/** Fields an update cannot change: connection type, gateway, circuit, region. */
export function connectionImmutableDrift(intent: ConnectionIntent, current: VirtualNetworkGatewayConnection): string[] {
  return new Drift()
    .check('connectionType', sameCaseInsensitive(current.connectionType, 'ExpressRoute'))
    .check('virtualNetworkGateway1', sameOptionalId(gatewayIdOf(current), intent.gatewayId))
    .check('peer', sameOptionalId(current.peer?.id, intent.circuitId))
    .check('location', sameCaseInsensitive(current.location, intent.location)).fields;
}

export function connectionDrift(
  intent: ConnectionIntent,
  current: VirtualNetworkGatewayConnection,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  return new Drift()
    .check('routingWeight', (current.routingWeight ?? 0) === intent.routingWeight)
    .check('expressRouteGatewayBypass', (current.expressRouteGatewayBypass ?? false) === intent.fastPath)
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function connectionToIntent(
  connection: VirtualNetworkGatewayConnection,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): ConnectionIntent {
  return {
    kind: 'connection',
    id: connection.id ?? '',
    scope,
    name: connection.name ?? '',
    leg: connection.tags?.[LEG_TAG] === 'b' ? 'b' : 'a',
    location: connection.location ?? '',
    tags: ownedTags(connection.tags, managedTag),
    gatewayId: gatewayIdOf(connection) ?? '',
    circuitId: connection.peer?.id ?? '',
    routingWeight: connection.routingWeight ?? 0,
    fastPath: connection.expressRouteGatewayBypass ?? false,
  };
}

export function connectionState(
  connection: VirtualNetworkGatewayConnection,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): ConnectionState {
  return {
    provisioningState: connection.provisioningState ?? 'Unknown',
    managed: isManaged(connection.tags, managedTag),
    connectionStatus: connection.connectionStatus ?? 'Unknown',
  };
}
