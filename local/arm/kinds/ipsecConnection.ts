/**
 * IPsec (site-to-site) connections, the `connectionType: IPsec` half of `connection.ts`: a VPN gateway to a local
 * network gateway, shaped like `VirtualNetworkGatewayConnectionCreate.json` (test/fixtures/arm-examples), with a
 * custom IPsec/IKE policy and `useLocalAzureIpAddress` (IPsec over ExpressRoute private peering).
 *
 * The shared key is kept in the simulator's internal state and never rendered: Azure's GET leaves it out (it is read
 * through the separate `sharedkey` operation), whatever the spec example's response shows.
 *
 * Refusals, from Azure's pages: a gateway that is not a Succeeded VPN gateway; a missing local network gateway;
 * `useLocalAzureIpAddress` on a gateway without `enablePrivateIpAddress` (VPN over private peering); more than one
 * IPsec/IKE policy, a partial one, a value outside Azure's sets, GCMAES integrity that differs from GCMAES
 * encryption, SA lifetimes under 300 s or 1024 KB, and a DPD timeout outside 9-3600 s (custom IPsec/IKE policy).
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { arrayAt, booleanAt, isJsonObject, numberAt, objectAt, omitKeys, referenceIdAt, stringAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { requireReferenceId, sameId, sameName } from '../validation';
import type { PreparedWrite, WriteContext } from './kind';
import { provisioningStateOf } from './references';
import { isVpnGateway } from './vpnGateway';

export const IPSEC_CONNECTION_TYPE = 'IPsec';

const POLICY_VALUES: Readonly<Record<string, readonly string[]>> = {
  ikeEncryption: ['GCMAES256', 'GCMAES128', 'AES256', 'AES192', 'AES128', 'DES3', 'DES'],
  ikeIntegrity: ['GCMAES256', 'GCMAES128', 'SHA384', 'SHA256', 'SHA1', 'MD5'],
  dhGroup: ['DHGroup24', 'ECP384', 'ECP256', 'DHGroup14', 'DHGroup2048', 'DHGroup2', 'DHGroup1', 'None'],
  ipsecEncryption: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'AES256', 'AES192', 'AES128', 'DES3', 'DES', 'None'],
  ipsecIntegrity: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'SHA256', 'SHA1', 'MD5'],
  pfsGroup: ['PFS24', 'ECP384', 'ECP256', 'PFS2048', 'PFS2', 'PFS1', 'PFS14', 'PFSMM', 'None'],
};

const IPSEC_DEFAULTS: JsonObject = {
  connectionProtocol: 'IKEv2',
  routingWeight: 0,
  dpdTimeoutSeconds: 45,
  enableBgp: false,
  useLocalAzureIpAddress: false,
  usePolicyBasedTrafficSelectors: false,
  ipsecPolicies: [],
  trafficSelectorPolicies: [],
  ingressNatRules: [],
  egressNatRules: [],
  connectionMode: 'Default',
  ingressBytesTransferred: 0,
  egressBytesTransferred: 0,
};

function invalidPolicy(message: string): never {
  throw errors.code('IpsecPolicyInvalid', `properties.ipsecPolicies: ${message}`);
}

function checkPolicies(properties: JsonObject): void {
  const policies = arrayAt(properties, 'ipsecPolicies') ?? [];
  if (policies.length > 1) invalidPolicy('a connection takes one IPsec/IKE policy combination');
  const policy = policies[0];
  if (policy === undefined) return;
  if (!isJsonObject(policy)) invalidPolicy('must be an object');
  for (const [field, allowed] of Object.entries(POLICY_VALUES)) {
    const value = stringAt(policy, field);
    if (value === undefined) invalidPolicy(`${field} is required: a partial policy is not allowed`);
    if (!allowed.some((candidate) => sameName(candidate, value))) {
      invalidPolicy(`${field} '${value}' is not one of ${allowed.join(', ')}`);
    }
  }
  const encryption = stringAt(policy, 'ipsecEncryption') ?? '';
  const integrity = stringAt(policy, 'ipsecIntegrity') ?? '';
  if ((/^gcmaes/i.test(encryption) || /^gcmaes/i.test(integrity)) && !sameName(encryption, integrity)) {
    invalidPolicy(
      `GCMAES needs the same algorithm for ipsecEncryption and ipsecIntegrity (${encryption}, ${integrity})`,
    );
  }
  const seconds = numberAt(policy, 'saLifeTimeSeconds');
  const kilobytes = numberAt(policy, 'saDataSizeKilobytes');
  if (seconds === undefined || seconds < 300) invalidPolicy('saLifeTimeSeconds must be at least 300');
  if (kilobytes === undefined || kilobytes < 1024) invalidPolicy('saDataSizeKilobytes must be at least 1024');
}

export function prepareIpsecConnection({ sim, properties, body, existing, id }: WriteContext): PreparedWrite {
  const gatewayId = requireReferenceId(properties, 'virtualNetworkGateway1');
  const gateway = sim.store.get(gatewayId);
  if (gateway?.kind !== 'virtualNetworkGateway') throw errors.invalidReference(gatewayId, id);
  if (!isVpnGateway(gateway.properties)) {
    throw errors.code(
      'ConnectionTypeNotSupportedByGateway',
      `Virtual network gateway ${gateway.name} (properties.virtualNetworkGateway1) is not a VPN gateway; an IPsec connection needs one.`,
    );
  }
  if (provisioningStateOf(gateway) !== 'Succeeded') {
    throw errors.code(
      'VirtualNetworkGatewayNotSucceeded',
      `Virtual network gateway ${gateway.name} (properties.virtualNetworkGateway1) is ${provisioningStateOf(gateway)}; a connection needs it Succeeded.`,
    );
  }
  const localId = requireReferenceId(properties, 'localNetworkGateway2');
  const local = sim.store.get(localId);
  if (local?.kind !== 'localNetworkGateway') throw errors.invalidReference(localId, id);
  if (
    booleanAt(properties, 'useLocalAzureIpAddress') === true &&
    booleanAt(gateway.properties, 'enablePrivateIpAddress') !== true
  ) {
    throw errors.code(
      'PrivateIpAddressNotEnabledOnGateway',
      `properties.useLocalAzureIpAddress: gateway ${gateway.name} has no private IP (set enablePrivateIpAddress on the gateway first).`,
    );
  }
  checkPolicies(properties);
  const dpd = numberAt(properties, 'dpdTimeoutSeconds');
  if (dpd !== undefined && (dpd < 9 || dpd > 3600)) {
    throw errors.invalidRequestFormat('properties.dpdTimeoutSeconds', 'must be between 9 and 3600 seconds');
  }
  const sentKey = stringAt(objectAt(body, 'properties'), 'sharedKey');
  return {
    properties: {
      ...IPSEC_DEFAULTS,
      ...omitKeys(properties, ['sharedKey']),
      virtualNetworkGateway1: { id: gatewayId, properties: {} },
      localNetworkGateway2: { id: localId, properties: {} },
      resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid(),
    },
    // A PUT without the key keeps the one the connection has (Azure generates one on creation).
    internal: { sharedKey: sentKey ?? existing?.internal.sharedKey ?? sim.newGuid() },
  };
}

/**
 * Connected when the VPN gateway has Succeeded, the local network gateway exists, and (for a tunnel over private
 * peering) the VNet's ExpressRoute path is up: an ExpressRoute connection of a gateway in the same VNet is Connected.
 */
export function ipsecConnectionStatus(
  sim: Simulation,
  connection: StoredResource,
  expressRouteStatus: (connection: StoredResource) => string,
): string {
  if (provisioningStateOf(connection) !== 'Succeeded') return 'Connecting';
  const gateway = sim.store.get(referenceIdAt(connection.properties, 'virtualNetworkGateway1') ?? '');
  const local = sim.store.get(referenceIdAt(connection.properties, 'localNetworkGateway2') ?? '');
  if (gateway === undefined || local === undefined || provisioningStateOf(gateway) !== 'Succeeded')
    return 'NotConnected';
  if (booleanAt(connection.properties, 'useLocalAzureIpAddress') !== true) return 'Connected';
  const vnetOf = (resource: StoredResource) =>
    (
      referenceIdAt(
        objectAt((arrayAt(resource.properties, 'ipConfigurations') ?? []).filter(isJsonObject)[0], 'properties'),
        'subnet',
      ) ?? ''
    ).replace(/\/subnets\/[^/]+$/i, '');
  const vnetId = vnetOf(gateway);
  const expressRouteUp = sim.store.ofKind('connection').some((other) => {
    if (!sameName(stringAt(other.properties, 'connectionType'), 'ExpressRoute')) return false;
    const erGateway = sim.store.get(referenceIdAt(other.properties, 'virtualNetworkGateway1') ?? '');
    return erGateway !== undefined && sameId(vnetOf(erGateway), vnetId) && expressRouteStatus(other) === 'Connected';
  });
  return expressRouteUp ? 'Connected' : 'NotConnected';
}
