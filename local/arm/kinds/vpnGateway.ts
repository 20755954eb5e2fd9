/**
 * What a VPN-type virtual network gateway adds to `virtualNetworkGateway.ts`: the rules of a VPN gateway that
 * coexists with the VNet's ExpressRoute gateway in the same GatewaySubnet, and the private IP a VPN gateway offers
 * for IPsec over ExpressRoute private peering. Shaped like `VirtualNetworkGatewayUpdate.json` (test/fixtures).
 *
 * Refusals, each from Azure's pages:
 * - a GatewaySubnet smaller than /27 shared by both gateway types ("The Gateway Subnet must be /27 or a shorter
 *   prefix", ExpressRoute/VPN coexistence), checked whichever gateway comes second;
 * - a Basic or policy-based VPN gateway beside an ExpressRoute gateway (coexistence: "Basic SKU gateway is not
 *   supported", "Only route-based VPN gateway is supported");
 * - a BGP ASN other than 65515 beside an ExpressRoute gateway (coexistence);
 * - `enablePrivateIpAddress` on a SKU without it (VPN over private peering: VpnGw1AZ-VpnGw5AZ);
 * - a VPN gateway without a public IP address.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { arrayAt, booleanAt, isJsonObject, numberAt, objectAt, referenceIdAt, stringAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { parseIpv4Prefix, sameId, sameName } from '../validation';
import { gatewayIpConfigurations } from './references';

export const VPN_GATEWAY_TYPE = 'Vpn';
export const EXPRESS_ROUTE_GATEWAY_TYPE = 'ExpressRoute';
export const COEXISTENCE_MAX_PREFIX_LENGTH = 27;
export const COEXISTENCE_ASN = 65515;
const PRIVATE_IP_SKUS = new Set(['vpngw1az', 'vpngw2az', 'vpngw3az', 'vpngw4az', 'vpngw5az']);

export function isVpnGateway(properties: JsonObject | undefined): boolean {
  return sameName(stringAt(properties, 'gatewayType'), VPN_GATEWAY_TYPE);
}

function vnetIdOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+\/?$/i, '');
}

/** The other gateway types already in this VNet's GatewaySubnet (not counting the gateway being written). */
function otherGatewayTypes(sim: Simulation, subnetId: string, writing: StoredResource | undefined): string[] {
  return gatewayIpConfigurations(sim)
    .filter(
      (configuration) =>
        configuration.gateway.key !== writing?.key &&
        sameId(vnetIdOfSubnet(configuration.subnetId), vnetIdOfSubnet(subnetId)),
    )
    .map((configuration) => stringAt(configuration.gateway.properties, 'gatewayType') ?? '');
}

/**
 * Coexistence of an ExpressRoute and a VPN gateway in one GatewaySubnet: it must be /27 or larger. Runs for either
 * gateway type, so whichever is created second is refused.
 */
export function checkCoexistence(
  sim: Simulation,
  gatewayType: string,
  subnet: StoredResource,
  writing: StoredResource | undefined,
): void {
  const others = otherGatewayTypes(sim, subnet.id, writing);
  const coexists = others.some((other) => !sameName(other, gatewayType));
  if (!coexists) return;
  const prefixes = [
    stringAt(subnet.properties, 'addressPrefix'),
    ...(arrayAt(subnet.properties, 'addressPrefixes') ?? []),
  ]
    .filter((prefix): prefix is string => typeof prefix === 'string')
    .map(parseIpv4Prefix)
    .filter((prefix) => prefix !== undefined);
  const tooSmall = prefixes.find((prefix) => prefix.length > COEXISTENCE_MAX_PREFIX_LENGTH);
  if (tooSmall !== undefined) {
    throw errors.code(
      'GatewaySubnetTooSmallForCoexistence',
      `Subnet ${subnet.name} is /${tooSmall.length}: an ExpressRoute gateway and a VPN gateway can share a GatewaySubnet only when it is /${COEXISTENCE_MAX_PREFIX_LENGTH} or larger.`,
    );
  }
}

/** The VPN-specific checks of a VPN gateway's PUT (after the generic IP configuration checks). */
export function checkVpnGateway(
  sim: Simulation,
  properties: JsonObject,
  subnet: StoredResource,
  writing: StoredResource | undefined,
): void {
  const skuName = stringAt(objectAt(properties, 'sku'), 'name') ?? '';
  const configurations = (arrayAt(properties, 'ipConfigurations') ?? []).filter(isJsonObject);
  const withoutPublicIp = configurations.findIndex(
    (configuration) => referenceIdAt(objectAt(configuration, 'properties'), 'publicIPAddress') === undefined,
  );
  if (withoutPublicIp >= 0) {
    throw errors.invalidRequestFormat(
      `properties.ipConfigurations[${withoutPublicIp}].properties.publicIPAddress`,
      'is required for a VPN gateway',
    );
  }
  if (booleanAt(properties, 'enablePrivateIpAddress') === true && !PRIVATE_IP_SKUS.has(skuName.toLowerCase())) {
    throw errors.code(
      'PrivateIpAddressNotSupportedOnGatewaySku',
      `properties.enablePrivateIpAddress: gateway SKU ${skuName} has no private IP for VPN over ExpressRoute private peering; use VpnGw1AZ-VpnGw5AZ.`,
    );
  }
  const besideExpressRoute = otherGatewayTypes(sim, subnet.id, writing).some((type) =>
    sameName(type, EXPRESS_ROUTE_GATEWAY_TYPE),
  );
  if (!besideExpressRoute) return;
  if (sameName(skuName, 'Basic')) {
    throw errors.code(
      'VpnGatewaySkuNotSupportedForCoexistence',
      'properties.sku: a Basic VPN gateway cannot coexist with an ExpressRoute gateway in the same virtual network.',
    );
  }
  if (!sameName(stringAt(properties, 'vpnType'), 'RouteBased')) {
    throw errors.code(
      'VpnGatewayMustBeRouteBasedForCoexistence',
      'properties.vpnType: only a RouteBased VPN gateway can coexist with an ExpressRoute gateway.',
    );
  }
  const asn = numberAt(objectAt(properties, 'bgpSettings'), 'asn') ?? COEXISTENCE_ASN;
  if (asn !== COEXISTENCE_ASN) {
    throw errors.code(
      'VpnGatewayAsnNotSupportedForCoexistence',
      `properties.bgpSettings.asn: a VPN gateway coexisting with an ExpressRoute gateway keeps ASN ${COEXISTENCE_ASN} (got ${asn}).`,
    );
  }
}

/** The address at `offset` in an IPv4 prefix, dotted. */
function addressAt(prefix: string | undefined, offset: number): string | undefined {
  const parsed = prefix === undefined ? undefined : parseIpv4Prefix(prefix);
  if (parsed === undefined) return undefined;
  const value = parsed.network + offset;
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * Read time: the BGP settings Azure computes for a VPN gateway (its peering address in the GatewaySubnet, and its
 * tunnel addresses: the private one first when `enablePrivateIpAddress` is on), as in the fixture.
 */
export function presentVpnGateway(sim: Simulation, gateway: StoredResource, properties: JsonObject): JsonObject {
  const configuration = (arrayAt(properties, 'ipConfigurations') ?? []).filter(isJsonObject)[0];
  const configurationProperties = objectAt(configuration, 'properties');
  const subnet = sim.store.get(referenceIdAt(configurationProperties, 'subnet') ?? '');
  const subnetPrefix = stringAt(subnet?.properties, 'addressPrefix');
  const size = 2 ** (32 - (parseIpv4Prefix(subnetPrefix ?? '')?.length ?? 27));
  const bgpAddress = addressAt(subnetPrefix, size - 2);
  const privateIp = addressAt(subnetPrefix, 4);
  const name = stringAt(configuration, 'name') ?? 'default';
  const bgpSettings = objectAt(properties, 'bgpSettings') ?? {};
  // The ExpressRoute defaults' nulls mean "not configured"; a VPN gateway leaves what it lacks out.
  const configured = Object.fromEntries(
    Object.entries(properties).filter(
      ([key, value]) => !(value === null && (key === 'vpnClientConfiguration' || key === 'customRoutes')),
    ),
  );
  return {
    ...configured,
    bgpSettings: {
      asn: COEXISTENCE_ASN,
      peerWeight: 0,
      ...bgpSettings,
      ...(bgpAddress === undefined ? {} : { bgpPeeringAddress: bgpAddress }),
      bgpPeeringAddresses: [
        {
          ipconfigurationId: `${gateway.id}/ipConfigurations/${name}`,
          defaultBgpIpAddresses: bgpAddress === undefined ? [] : [bgpAddress],
          customBgpIpAddresses: [],
          tunnelIpAddresses:
            booleanAt(properties, 'enablePrivateIpAddress') === true && privateIp !== undefined ? [privateIp] : [],
        },
      ],
    },
  };
}
