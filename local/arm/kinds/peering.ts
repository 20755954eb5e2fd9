/**
 * Circuit peerings (private and Microsoft). Only on a circuit the provider has Provisioned; the child name is the
 * peering type; each of the two prefixes is an aligned /30; the VLAN is unique on the circuit; Microsoft peering
 * needs its config and, when it names a route filter, one in the circuit's region.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { numberAt, objectAt, referenceIdAt, stringAt } from '../json';
import { normalizeLocation } from '../ids';
import { providerStateOf } from '../provider';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import {
  isNetworkAligned,
  parseIpv4Prefix,
  prefixesOverlap,
  requireNumber,
  requireString,
  sameName,
} from '../validation';
import { siteCode } from './expressRouteCircuit';
import type { PreparedWrite, ResourceKind, WriteContext } from './kind';
import { provisioningStateOf } from './references';

const PEERING_TYPES = ['AzurePrivatePeering', 'MicrosoftPeering', 'AzurePublicPeering'] as const;
const MICROSOFT_ASN = 12076;
const RESERVED_ASNS = { from: 65515, to: 65520 };

function canonicalPeeringType(name: string, requestedType: string | undefined): string {
  const type = PEERING_TYPES.find((candidate) => sameName(candidate, name));
  if (type === undefined) {
    throw errors.code(
      'ExpressRouteCircuitPeeringNameInvalid',
      `Peering name '${name}' is invalid: the peering is named after its type (${PEERING_TYPES.join(', ')}).`,
    );
  }
  if (requestedType !== undefined && !sameName(requestedType, type)) {
    throw errors.code(
      'ExpressRouteCircuitPeeringNameInvalid',
      `properties.peeringType '${requestedType}' does not match the peering name '${name}'.`,
    );
  }
  if (type === 'AzurePublicPeering') {
    throw errors.code(
      'ExpressRouteCircuitPeeringNameInvalid',
      'Azure public peering is deprecated and cannot be created on new circuits; use MicrosoftPeering.',
    );
  }
  return type;
}

function validatePrefixes(properties: JsonObject): void {
  const fields = ['primaryPeerAddressPrefix', 'secondaryPeerAddressPrefix'];
  const prefixes = fields.map((field) => {
    const text = requireString(properties, field);
    const prefix = parseIpv4Prefix(text);
    if (prefix?.length !== 30 || !isNetworkAligned(prefix)) {
      throw errors.code(
        'ExpressRouteCircuitPeeringAddressPrefixInvalid',
        `properties.${field} '${text}' must be an IPv4 /30 on its network boundary.`,
      );
    }
    return prefix;
  });
  const [primary, secondary] = prefixes;
  if (primary && secondary && prefixesOverlap(primary, secondary)) {
    throw errors.code(
      'ExpressRouteCircuitPeeringAddressPrefixInvalid',
      'properties.primaryPeerAddressPrefix and properties.secondaryPeerAddressPrefix must be two distinct /30s.',
    );
  }
}

function validateAsn(properties: JsonObject): void {
  const asn = requireNumber(properties, 'peerASN');
  if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) {
    throw errors.invalidRequestFormat('properties.peerASN', 'must be an integer from 1 to 4294967295');
  }
  if (asn === MICROSOFT_ASN || (asn >= RESERVED_ASNS.from && asn <= RESERVED_ASNS.to)) {
    throw errors.code(
      'ExpressRouteCircuitPeeringAsnReserved',
      `properties.peerASN ${asn} is reserved by Microsoft (12076 and 65515-65520).`,
    );
  }
}

function validateRouteFilter(sim: Simulation, circuit: StoredResource, filterId: string, peeringId: string): void {
  const filter = sim.store.get(filterId);
  if (filter?.kind !== 'routeFilter') throw errors.invalidReference(filterId, peeringId);
  if (normalizeLocation(filter.location ?? '') !== normalizeLocation(circuit.location ?? '')) {
    throw errors.code(
      'RouteFilterLocationMismatch',
      `Route filter ${filter.name} is in '${filter.location ?? ''}' but circuit ${circuit.name} is in '${circuit.location ?? ''}'; a Microsoft peering's route filter must be in the circuit's region.`,
    );
  }
}

function prepare(context: WriteContext): PreparedWrite {
  const { sim, parent: circuit, properties, name, id, siblings, existing } = context;
  if (!circuit) throw errors.parentNotFound('expressRouteCircuit');
  const providerState = providerStateOf(circuit);
  if (providerState !== 'Provisioned' && existing === undefined) {
    throw errors.code(
      'ExpressRouteCircuitNotProvisionedByServiceProvider',
      `Peering ${name} cannot be configured on circuit ${circuit.name}: its serviceProviderProvisioningState is ${providerState}; the provider must provision the circuit first.`,
    );
  }
  const peeringType = canonicalPeeringType(name, stringAt(properties, 'peeringType'));
  validateAsn(properties);
  validatePrefixes(properties);
  const vlanId = requireNumber(properties, 'vlanId');
  if (!Number.isInteger(vlanId) || vlanId < 1 || vlanId > 4094) {
    throw errors.invalidRequestFormat('properties.vlanId', 'must be an integer from 1 to 4094');
  }
  const clash = siblings.find((sibling) => numberAt(sibling.properties, 'vlanId') === vlanId);
  if (clash) {
    throw errors.code(
      'ExpressRouteCircuitPeeringVlanIdInUse',
      `properties.vlanId ${vlanId} is already used by peering ${clash.name} on circuit ${circuit.name}.`,
    );
  }

  const stored: JsonObject = {
    ...properties,
    peeringType,
    azureASN: MICROSOFT_ASN,
    state: stringAt(properties, 'state') ?? 'Enabled',
    gatewayManagerEtag: '',
    lastModifiedBy: 'Customer',
  };
  if (peeringType === 'MicrosoftPeering') {
    const config = objectAt(properties, 'microsoftPeeringConfig');
    if (!config) {
      throw errors.code(
        'MicrosoftPeeringConfigNotSpecified',
        `Microsoft Peering Config is not specified for Express Route Bgp Peering ${id} (properties.microsoftPeeringConfig).`,
      );
    }
    stored.microsoftPeeringConfig = { advertisedCommunities: [], legacyMode: 0, ...config };
    const filterId = referenceIdAt(properties, 'routeFilter');
    if (filterId !== undefined) validateRouteFilter(sim, circuit, filterId, id);
  }
  return { properties: stored };
}

function isPrivateAsn(asn: number | undefined): boolean {
  return asn !== undefined && ((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294));
}

/** Microsoft validates the advertised prefixes against the IRR; private ASNs need manual validation. */
function withPrefixState(
  config: JsonObject | undefined,
  peeringAsn: number | undefined,
  settled: boolean,
): JsonObject | undefined {
  if (!config) return undefined;
  const asn = numberAt(config, 'customerASN') || peeringAsn;
  const state = !settled ? 'Configuring' : isPrivateAsn(asn) ? 'ValidationNeeded' : 'Configured';
  return { ...config, advertisedPublicPrefixesState: state };
}

function present(sim: Simulation, peering: StoredResource, properties: JsonObject): JsonObject {
  const circuit = peering.parentKey === undefined ? undefined : sim.store.get(peering.parentKey);
  const location = stringAt(objectAt(circuit?.properties, 'serviceProviderProperties'), 'peeringLocation');
  const pair = circuit?.internal.routerPair ?? 0;
  const site = location === undefined ? undefined : siteCode(location);
  const settled = provisioningStateOf(peering) === 'Succeeded';
  const result: JsonObject = {
    ...properties,
    // Global Reach connections are not simulated: both lists are always empty, as Azure shows them without any.
    connections: [],
    peeredConnections: [],
    primaryAzurePort: site === undefined ? '' : `${site}-06GMR-CIS-${2 * pair + 1}-PRI-A`,
    secondaryAzurePort: site === undefined ? '' : `${site}-06GMR-CIS-${2 * pair + 2}-SEC-A`,
  };
  const peerAsn = numberAt(properties, 'peerASN');
  const microsoft = withPrefixState(objectAt(properties, 'microsoftPeeringConfig'), peerAsn, settled);
  if (microsoft) result.microsoftPeeringConfig = microsoft;
  const ipv6 = objectAt(properties, 'ipv6PeeringConfig');
  const ipv6Microsoft = withPrefixState(objectAt(ipv6, 'microsoftPeeringConfig'), peerAsn, settled);
  if (ipv6 && ipv6Microsoft) result.ipv6PeeringConfig = { ...ipv6, microsoftPeeringConfig: ipv6Microsoft };
  return result;
}

export const peeringKind: ResourceKind = {
  name: 'peering',
  type: 'Microsoft.Network/expressRouteCircuits/peerings',
  pathTypes: ['expressRouteCircuits', 'peerings'],
  operationNoun: 'ExpressRouteCircuitPeering',
  topLevel: false,
  rendersType: true,
  duration: 'peering',
  deleteDuration: 'peeringDelete',
  children: [],
  readOnly: [
    'connections',
    'azureASN',
    'primaryAzurePort',
    'secondaryAzurePort',
    'gatewayManagerEtag',
    'lastModifiedBy',
    'stats',
    'peeredConnections',
    'expressRouteConnection',
  ],
  prepare,
  present,
};
