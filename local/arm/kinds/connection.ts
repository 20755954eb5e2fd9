/**
 * Gateway ↔ circuit connections (ExpressRoute). Needs the gateway Succeeded and the circuit's private peering in
 * place. A circuit in another subscription needs an authorization key; a key is redeemed by one connection only
 * (`InUse`) and released when that connection is deleted. `connectionStatus` is Connected once both ends are up.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { objectAt, referenceIdAt, stringAt } from '../json';
import { providerStateOf } from '../provider';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { subscriptionOf } from '../ids';
import { requireReferenceId, requireString, sameName } from '../validation';
import type { PreparedWrite, ResourceKind, WriteContext } from './kind';
import { ipsecConnectionStatus, IPSEC_CONNECTION_TYPE, prepareIpsecConnection } from './ipsecConnection';
import { connectionRedeeming, provisioningStateOf, redeemedAuthorizationExists } from './references';

const CONNECTION_DEFAULTS: JsonObject = {
  routingWeight: 0,
  enableBgp: false,
  useLocalAzureIpAddress: false,
  usePolicyBasedTrafficSelectors: false,
  ipsecPolicies: [],
  trafficSelectorPolicies: [],
  ingressNatRules: [],
  egressNatRules: [],
  expressRouteGatewayBypass: false,
  enablePrivateLinkFastPath: false,
  ingressBytesTransferred: 0,
  egressBytesTransferred: 0,
};

function privatePeering(sim: Simulation, circuit: StoredResource): StoredResource | undefined {
  return sim.store.children(circuit.key, 'peering').find((peering) => sameName(peering.name, 'AzurePrivatePeering'));
}

/** Which authorization this connection redeems; throws when the key is wrong or already used. */
function redeemedAuthorization(
  sim: Simulation,
  circuit: StoredResource,
  key: string | undefined,
  connectionId: string,
  existing: StoredResource | undefined,
): StoredResource | undefined {
  if (key === undefined || key === '') {
    if (!sameName(circuit.subscriptionId, subscriptionOf(connectionId))) {
      throw errors.linkedAuthorizationFailed(circuit.id, connectionId);
    }
    return undefined;
  }
  const authorization = sim.store
    .children(circuit.key, 'authorization')
    .find((candidate) => stringAt(candidate.properties, 'authorizationKey') === key);
  if (!authorization || provisioningStateOf(authorization) !== 'Succeeded') {
    throw errors.code(
      'ExpressRouteCircuitAuthorizationKeyInvalid',
      `properties.authorizationKey is not a valid authorization key for circuit ${circuit.id}.`,
    );
  }
  const holder = connectionRedeeming(sim, authorization);
  if (holder && holder.key !== existing?.key) {
    throw errors.code(
      'ExpressRouteCircuitAuthorizationAlreadyInUse',
      `Authorization ${authorization.name} on circuit ${circuit.name} is already in use by connection ${holder.id}; each authorization links one connection. Create a new authorization.`,
    );
  }
  return authorization;
}

function prepare(context: WriteContext): PreparedWrite {
  const { sim, properties, existing, id } = context;
  const connectionType = requireString(properties, 'connectionType');
  if (sameName(connectionType, IPSEC_CONNECTION_TYPE)) return prepareIpsecConnection(context);
  if (!sameName(connectionType, 'ExpressRoute')) {
    throw errors.unsupported(
      `properties.connectionType '${connectionType}' (only ExpressRoute connections are simulated)`,
    );
  }
  const gatewayId = requireReferenceId(properties, 'virtualNetworkGateway1');
  const gateway = sim.store.get(gatewayId);
  if (gateway?.kind !== 'virtualNetworkGateway') throw errors.invalidReference(gatewayId, id);
  if (provisioningStateOf(gateway) !== 'Succeeded') {
    throw errors.code(
      'VirtualNetworkGatewayNotSucceeded',
      `Virtual network gateway ${gateway.name} (properties.virtualNetworkGateway1) is ${provisioningStateOf(gateway)}; a connection needs it Succeeded.`,
    );
  }
  const circuitId = requireReferenceId(properties, 'peer');
  const circuit = sim.store.get(circuitId);
  if (circuit?.kind !== 'expressRouteCircuit') throw errors.invalidReference(circuitId, id);
  const authorization = redeemedAuthorization(sim, circuit, stringAt(properties, 'authorizationKey'), id, existing);
  const peering = privatePeering(sim, circuit);
  if (!peering || provisioningStateOf(peering) !== 'Succeeded') {
    throw errors.code(
      'ExpressRouteCircuitPrivatePeeringNotConfigured',
      `Circuit ${circuit.name} (properties.peer) has no AzurePrivatePeering in Succeeded state; configure private peering first.`,
    );
  }
  return {
    properties: {
      ...CONNECTION_DEFAULTS,
      ...properties,
      virtualNetworkGateway1: {
        ...(objectAt(properties, 'virtualNetworkGateway1') ?? {}),
        id: gatewayId,
        properties: {},
      },
      peer: { id: circuitId },
      resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid(),
    },
    internal: {
      redeemedAuthorization: authorization
        ? { id: authorization.id, key: stringAt(authorization.properties, 'authorizationKey') ?? '' }
        : undefined,
    },
  };
}

function connectionStatus(sim: Simulation, connection: StoredResource): string {
  if (provisioningStateOf(connection) !== 'Succeeded') return 'Connecting';
  const gateway = sim.store.get(referenceIdAt(connection.properties, 'virtualNetworkGateway1') ?? '');
  const circuit = sim.store.get(referenceIdAt(connection.properties, 'peer') ?? '');
  const peering = circuit ? privatePeering(sim, circuit) : undefined;
  const up =
    gateway !== undefined &&
    provisioningStateOf(gateway) === 'Succeeded' &&
    circuit !== undefined &&
    providerStateOf(circuit) === 'Provisioned' &&
    peering !== undefined &&
    sameName(stringAt(peering.properties, 'state'), 'Enabled') &&
    redeemedAuthorizationExists(sim, connection);
  return up ? 'Connected' : 'NotConnected';
}

export const connectionKind: ResourceKind = {
  name: 'connection',
  type: 'Microsoft.Network/connections',
  pathTypes: ['connections'],
  operationNoun: 'VirtualNetworkGatewayConnection',
  topLevel: true,
  rendersType: true,
  duration: 'connection',
  deleteDuration: 'connectionDelete',
  children: [],
  readOnly: [
    'connectionStatus',
    'ingressBytesTransferred',
    'egressBytesTransferred',
    'tunnelConnectionStatus',
    'resourceGuid',
  ],
  prepare,
  present: (sim, connection, properties) => ({
    ...properties,
    connectionStatus: sameName(stringAt(properties, 'connectionType'), IPSEC_CONNECTION_TYPE)
      ? ipsecConnectionStatus(sim, connection, (other) => connectionStatus(sim, other))
      : connectionStatus(sim, connection),
  }),
};
