/**
 * The resources of a customer's `encryption` (docs/encryption.md). Pure: no I/O, no Azure SDKs.
 *
 * - `ipsec-over-private-peering`: a VPN gateway in the hub VNet (private IP enabled, route-based, ASN 65515) beside
 *   the VNet's ExpressRoute gateway in the same GatewaySubnet; a local network gateway for the on-premises device's
 *   private address; an IPsec connection between them over private peering. With static routing the local network
 *   gateway carries the encrypted prefixes, so Azure installs them as routes through the tunnel; with BGP it carries
 *   only the device's BGP address (/32) and the device advertises the encrypted prefixes over the tunnel. Either
 *   way the tunnel's routes are more specific than (or disjoint from) what private peering carries, and Azure picks
 *   the longest prefix match (validateEncryption.ts holds the spec to that).
 * - `firewall-appliances`: a route table sending the on-premises prefixes from the named subnets to the Azure-side
 *   appliance (`VirtualAppliance`), built and associated exactly like the spec's own route tables.
 */
import { armId, parseArmId, resourceNameOf } from './armIds';
import type {
  ArmId,
  LocalNetworkGatewayIntent,
  ResourceIntent,
  Scope,
  VpnConnectionIntent,
  VpnGatewayIntent,
} from './intents';
import { fitName, gatewayName, managedTags } from './naming';
import type { CustomerSpec, IpsecOverPrivatePeering, RouteTableSpec } from './spec';
import { sameArmId } from './armIds';

const NETWORK = 'Microsoft.Network';

/** The role (and so the name, `rt-{customer}-encryption`) of the firewall-appliances route table. */
export const ENCRYPTION_ROUTE_TABLE_ROLE = 'encryption';

export function vpnGatewayName(vnetName: string): string {
  return fitName(`vpngw-${vnetName}`);
}

export function localNetworkGatewayName(customerId: string): string {
  return fitName(`lng-${customerId}-onprem`);
}

export function vpnConnectionName(customerId: string, vnetName: string): string {
  return fitName(`cn-${vnetName}`, `-ipsec-${customerId}`);
}

/** The name of the route through the Azure-side appliance for the `index`-th on-premises prefix. */
export function encryptedRouteName(index: number): string {
  return `encrypted-${index + 1}`;
}

/**
 * The route table of `firewall-appliances`, as one more route table of the spec: the topology builds and associates
 * it like the others (route table intents, subnet associations). Empty for any other encryption.
 */
export function encryptionRouteTables(spec: CustomerSpec): RouteTableSpec[] {
  const encryption = spec.encryption;
  if (encryption?.mode !== 'firewall-appliances') return [];
  return [
    {
      role: ENCRYPTION_ROUTE_TABLE_ROLE,
      vnetId: encryption.vnetId,
      subnets: [...encryption.subnets],
      routes: encryption.onPremisesPrefixes.map((prefix, index) => ({
        name: encryptedRouteName(index),
        addressPrefix: prefix,
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: encryption.appliances.azure.address,
      })),
      disableBgpRoutePropagation: false,
    },
  ];
}

/** The VPN gateway, local network gateway and IPsec connection of `ipsec-over-private-peering`; none otherwise. */
export function ipsecIntents(spec: CustomerSpec, tenantId: string): ResourceIntent[] {
  const encryption = spec.encryption;
  if (encryption?.mode !== 'ipsec-over-private-peering') return [];
  const link = spec.vnetLinks.find((candidate) => sameArmId(candidate.vnetId, encryption.vnetId));
  const { subscriptionId, resourceGroup } = parseArmId(encryption.vnetId);
  const scope: Scope = { tenantId, subscriptionId, resourceGroup };
  const location = link?.location ?? spec.circuits.location;
  const vnetName = resourceNameOf(encryption.vnetId);
  const customerId = spec.customer.id;
  const tags = managedTags(customerId);
  const expressRouteGatewayId: ArmId =
    link?.gateway.id ?? armId(scope, `${NETWORK}/virtualNetworkGateways`, gatewayName(vnetName));

  const vpnGateway = vpnGatewayIntent(encryption, scope, location, tags, vnetName);
  const localName = localNetworkGatewayName(customerId);
  const localNetworkGateway: LocalNetworkGatewayIntent = {
    kind: 'localNetworkGateway',
    id: armId(scope, `${NETWORK}/localNetworkGateways`, localName),
    scope,
    name: localName,
    location,
    tags,
    gatewayIpAddress: encryption.onPremises.deviceAddress,
    ...(encryption.onPremises.bgp === undefined
      ? { addressPrefixes: [...encryption.onPremises.encryptedPrefixes] }
      : {
          addressPrefixes: [`${encryption.onPremises.bgp.peeringAddress}/32`],
          bgp: { asn: encryption.onPremises.bgp.asn, peeringAddress: encryption.onPremises.bgp.peeringAddress },
        }),
  };
  const connectionName = vpnConnectionName(customerId, vnetName);
  const connection: VpnConnectionIntent = {
    kind: 'vpnConnection',
    id: armId(scope, `${NETWORK}/connections`, connectionName),
    scope,
    name: connectionName,
    location,
    tags,
    vpnGatewayId: vpnGateway.id,
    localNetworkGatewayId: localNetworkGateway.id,
    expressRouteGatewayId,
    enableBgp: encryption.onPremises.bgp !== undefined,
    ipsecPolicy: { ...encryption.ipsecPolicy },
    dpdTimeoutSeconds: encryption.dpdTimeoutSeconds,
    sharedKey: encryption.sharedKey,
  };
  return [vpnGateway, localNetworkGateway, connection];
}

function vpnGatewayIntent(
  encryption: IpsecOverPrivatePeering,
  scope: Scope,
  location: string,
  tags: VpnGatewayIntent['tags'],
  vnetName: string,
): VpnGatewayIntent {
  const name = vpnGatewayName(vnetName);
  return {
    kind: 'vpnGateway',
    id: armId(scope, `${NETWORK}/virtualNetworkGateways`, name),
    scope,
    name,
    location,
    tags,
    vnetId: encryption.vnetId,
    sku: encryption.vpnGateway.sku,
    publicIpAddressId: encryption.vpnGateway.publicIpAddressId,
    asn: encryption.vpnGateway.asn,
    enableBgp: encryption.onPremises.bgp !== undefined,
  };
}
