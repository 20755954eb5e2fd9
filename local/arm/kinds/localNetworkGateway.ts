/**
 * Local network gateways: the on-premises VPN device as Azure sees it (its address, the prefixes behind it, and its
 * BGP settings). Shaped like `LocalNetworkGatewayCreate.json` (test/fixtures/arm-examples). `gatewayIpAddress` or
 * `fqdn` is required; BGP needs an ASN and a peering address. A local network gateway an IPsec connection uses
 * cannot be deleted.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { numberAt, objectAt, referenceIdAt, stringAt, stringsAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { parseIpv4Prefix, sameId } from '../validation';
import type { PlannedFailure, PreparedWrite, ResourceKind, WriteContext } from './kind';

const IPV4_ADDRESS = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4Address(text: string): boolean {
  const match = IPV4_ADDRESS.exec(text);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}

export function connectionsUsingLocalGateway(sim: Simulation, gateway: StoredResource): StoredResource[] {
  return sim.store
    .ofKind('connection')
    .filter((connection) => sameId(referenceIdAt(connection.properties, 'localNetworkGateway2'), gateway.id));
}

function prepare({ sim, properties, existing }: WriteContext): PreparedWrite {
  const address = stringAt(properties, 'gatewayIpAddress');
  const fqdn = stringAt(properties, 'fqdn');
  if (address === undefined && fqdn === undefined) {
    throw errors.invalidRequestFormat('properties.gatewayIpAddress', 'or properties.fqdn is required');
  }
  if (address !== undefined && !isIpv4Address(address)) {
    throw errors.invalidRequestFormat('properties.gatewayIpAddress', `'${address}' is not an IPv4 address`);
  }
  const prefixes = stringsAt(objectAt(properties, 'localNetworkAddressSpace'), 'addressPrefixes');
  const invalid = prefixes.find((prefix) => parseIpv4Prefix(prefix) === undefined);
  if (invalid !== undefined) {
    throw errors.invalidRequestFormat(
      'properties.localNetworkAddressSpace.addressPrefixes',
      `has an invalid prefix '${invalid}'`,
    );
  }
  const bgp = objectAt(properties, 'bgpSettings');
  if (bgp !== undefined) {
    if (numberAt(bgp, 'asn') === undefined)
      throw errors.invalidRequestFormat('properties.bgpSettings.asn', 'is required');
    const peering = stringAt(bgp, 'bgpPeeringAddress');
    if (peering === undefined || !isIpv4Address(peering)) {
      throw errors.invalidRequestFormat('properties.bgpSettings.bgpPeeringAddress', 'must be an IPv4 address');
    }
  }
  return {
    properties: {
      ...properties,
      localNetworkAddressSpace: { addressPrefixes: prefixes },
      resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid(),
    },
  };
}

function checkDelete(sim: Simulation, gateway: StoredResource): PlannedFailure | undefined {
  const users = connectionsUsingLocalGateway(sim, gateway);
  if (users.length > 0) {
    throw errors.code(
      'InUseLocalNetworkGatewayCannotBeDeleted',
      `Local network gateway ${gateway.name} is used by connections (${users.map((c) => c.id).join(', ')}) and cannot be deleted; delete them first.`,
    );
  }
  return undefined;
}

export const localNetworkGatewayKind: ResourceKind = {
  name: 'localNetworkGateway',
  type: 'Microsoft.Network/localNetworkGateways',
  pathTypes: ['localNetworkGateways'],
  operationNoun: 'LocalNetworkGateway',
  topLevel: true,
  rendersType: true,
  duration: 'localNetworkGateway',
  deleteDuration: 'localNetworkGatewayDelete',
  children: [],
  readOnly: ['resourceGuid'],
  prepare,
  present: (_sim: Simulation, _gateway: StoredResource, properties: JsonObject): JsonObject => properties,
  checkDelete,
};
