/**
 * Encryption over ExpressRoute private peering (docs/encryption.md): the VPN gateway, the local network gateway and
 * the IPsec connection, each an owned top-level resource (`topLevelResource.ts`).
 *
 * The IPsec connection's shared key is resolved from its Key Vault reference here, inside the activity that writes
 * the connection, and only when a write is needed (ARM never returns the key, so an unchanged connection is left
 * alone without it). The key lives in one local variable: it is added to the PUT body at the last moment, scrubbed
 * from any error about that PUT, and never returned, logged or read into an intent.
 */
import type { LocalNetworkGateway, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from '@azure/arm-network';
import type {
  LocalNetworkGatewayIntent,
  ResourceKind,
  Scope,
  VpnConnectionIntent,
  VpnGatewayIntent,
} from '../../../domain/intents';
import { AppError } from '../../../errors';
import type { ConnectionState, EnsureOptions, Ensured, Observed } from '../../../ports/network';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { sameCaseInsensitive } from '../compare';
import { connectionSecrets } from '../mapping/connectionMapping';
import {
  IPSEC_CONNECTION_TYPE,
  VPN_GATEWAY_TYPE,
  localNetworkGatewayBody,
  localNetworkGatewayDrift,
  localNetworkGatewayImmutableDrift,
  localNetworkGatewayState,
  localNetworkGatewayToIntent,
  mergeLocalNetworkGateway,
  mergeVpnConnection,
  mergeVpnGateway,
  vpnConnectionBody,
  vpnConnectionDrift,
  vpnConnectionImmutableDrift,
  vpnConnectionState,
  vpnConnectionToIntent,
  vpnGatewayBody,
  vpnGatewayDrift,
  vpnGatewayImmutableDrift,
  vpnGatewayToIntent,
} from '../mapping/encryptionMapping';
import type { ManagedTag } from '../ownership';
import { connectionKind, gatewayKind } from './topLevelKinds';
import { ensureTopLevel, stateOf, type TopLevelKind } from './topLevelResource';

export const vpnGatewayKind: TopLevelKind<VpnGatewayIntent, VirtualNetworkGateway> = {
  get: (client, rg, name) => client.virtualNetworkGateways.get(rg, name),
  put: (client, rg, name, body, lro) => client.virtualNetworkGateways.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.virtualNetworkGateways.beginDelete(rg, name, lro),
  body: vpnGatewayBody,
  merge: mergeVpnGateway,
  drift: vpnGatewayDrift,
  immutableDrift: vpnGatewayImmutableDrift,
  toIntent: vpnGatewayToIntent,
  state: stateOf,
};

export const localNetworkGatewayKind: TopLevelKind<LocalNetworkGatewayIntent, LocalNetworkGateway> = {
  get: (client, rg, name) => client.localNetworkGateways.get(rg, name),
  put: (client, rg, name, body, lro) => client.localNetworkGateways.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.localNetworkGateways.beginDelete(rg, name, lro),
  body: localNetworkGatewayBody,
  merge: mergeLocalNetworkGateway,
  drift: localNetworkGatewayDrift,
  immutableDrift: localNetworkGatewayImmutableDrift,
  toIntent: localNetworkGatewayToIntent,
  state: localNetworkGatewayState,
};

export const vpnConnectionKind: TopLevelKind<VpnConnectionIntent, VirtualNetworkGatewayConnection, ConnectionState> = {
  get: (client, rg, name) => client.virtualNetworkGatewayConnections.get(rg, name),
  put: (client, rg, name, body, lro) =>
    client.virtualNetworkGatewayConnections.beginCreateOrUpdate(rg, name, body, lro),
  beginDelete: (client, rg, name, lro) => client.virtualNetworkGatewayConnections.beginDelete(rg, name, lro),
  body: vpnConnectionBody,
  merge: mergeVpnConnection,
  drift: vpnConnectionDrift,
  immutableDrift: vpnConnectionImmutableDrift,
  toIntent: vpnConnectionToIntent,
  state: vpnConnectionState,
  secretsOf: connectionSecrets,
};

export function ensureVpnGateway(
  context: ArmContext,
  intent: VpnGatewayIntent,
  options: EnsureOptions = {},
): Promise<Ensured<VpnGatewayIntent>> {
  return ensureTopLevel(context, vpnGatewayKind, intent, options);
}

export function ensureLocalNetworkGateway(
  context: ArmContext,
  intent: LocalNetworkGatewayIntent,
  options: EnsureOptions = {},
): Promise<Ensured<LocalNetworkGatewayIntent>> {
  return ensureTopLevel(context, localNetworkGatewayKind, intent, options);
}

/**
 * Creates or updates the IPsec connection. The shared key is resolved only when the connection is written (created,
 * or an owned field drifted): every PUT of an IPsec connection carries its key, and a GET never returns it.
 */
export async function ensureVpnConnection(
  context: ArmContext,
  intent: VpnConnectionIntent,
  options: EnsureOptions = {},
): Promise<Ensured<VpnConnectionIntent, ConnectionState>> {
  let sharedKey: string | undefined;
  const ensured = await ensureTopLevel(context, vpnConnectionKind, intent, options, {
    beforeWrite: async () => {
      sharedKey = await resolveSharedKey(context, intent);
    },
    decorate: (body) => (sharedKey === undefined ? body : { ...body, sharedKey }),
  });
  sharedKey = undefined;
  // The read-back intent keeps the request's reference and gateway (ARM records neither).
  return {
    ...ensured,
    intent: { ...ensured.intent, sharedKey: intent.sharedKey, expressRouteGatewayId: intent.expressRouteGatewayId },
  };
}

async function resolveSharedKey(context: ArmContext, intent: VpnConnectionIntent): Promise<string> {
  if (context.secrets === undefined) {
    throw new AppError(
      ArmAdapterErrorCodes.secretResolverMissing,
      `${intent.id}: the IPsec connection needs its shared key, and the ARM adapter was built without a SecretResolver`,
    );
  }
  return context.secrets.resolve(intent.sharedKey);
}

/**
 * A gateway as an inventory lists it: a VPN gateway (`gatewayType: Vpn`) as `vpnGateway`, any other through the
 * ExpressRoute mapping. Undefined when the caller does not want that kind.
 */
export function observedGateway(
  gateway: VirtualNetworkGateway,
  scope: Scope,
  tag: ManagedTag,
  want: ReadonlySet<ResourceKind>,
): Observed | undefined {
  if (sameCaseInsensitive(gateway.gatewayType, VPN_GATEWAY_TYPE)) {
    return want.has('vpnGateway')
      ? { intent: vpnGatewayKind.toIntent(gateway, scope, tag), state: vpnGatewayKind.state(gateway, tag) }
      : undefined;
  }
  return want.has('gateway')
    ? { intent: gatewayKind.toIntent(gateway, scope, tag), state: gatewayKind.state(gateway, tag) }
    : undefined;
}

/** A connection as an inventory lists it: an IPsec one as `vpnConnection`, any other as an ExpressRoute connection. */
export function observedConnection(
  connection: VirtualNetworkGatewayConnection,
  scope: Scope,
  tag: ManagedTag,
  want: ReadonlySet<ResourceKind>,
): Observed | undefined {
  if (sameCaseInsensitive(connection.connectionType, IPSEC_CONNECTION_TYPE)) {
    return want.has('vpnConnection')
      ? { intent: vpnConnectionKind.toIntent(connection, scope, tag), state: vpnConnectionKind.state(connection, tag) }
      : undefined;
  }
  return want.has('connection')
    ? { intent: connectionKind.toIntent(connection, scope, tag), state: connectionKind.state(connection, tag) }
    : undefined;
}

export function observedLocalNetworkGateway(gateway: LocalNetworkGateway, scope: Scope, tag: ManagedTag): Observed {
  return {
    intent: localNetworkGatewayKind.toIntent(gateway, scope, tag),
    state: localNetworkGatewayKind.state(gateway, tag),
  };
}
