/**
 * Realistic, valid customer specs for tests. Every factory returns a fresh object, so a test may mutate it freely.
 *
 * Contoso is onboarded onto an Equinix pair at Amsterdam / Amsterdam2 (1 Gbps, Standard MeteredData). It has a hub
 * VNet in its connectivity subscription and an application VNet in its workload subscription, each with its own
 * ExpressRoute gateway, a route table and an NSG. Private peering uses ASN 65010 and two /29s split into /30s
 * (192.168.100.0/29 for leg A, 192.168.100.8/29 for leg B).
 */
import type { CspContext, CustomerSpec, MicrosoftPeering } from '../../shared/domain/spec';

/** The CSP's subscription holding connect-through circuits. */
export const CSP_SUBSCRIPTION_ID = '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b';
export const CSP_CONTEXT: CspContext = { cspSubscriptionIds: [CSP_SUBSCRIPTION_ID] };

export const CONTOSO_TENANT_ID = '72f988bf-0000-4a1c-8e2d-3b4c5d6e7f80';
/** Contoso's connectivity (hub) subscription. */
export const CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID = 'a1b2c3d4-1111-4e5f-8a9b-0c1d2e3f4a5b';
/** Contoso's application (workload) subscription. */
export const CONTOSO_WORKLOAD_SUBSCRIPTION_ID = 'b2c3d4e5-2222-4f60-9bac-1d2e3f4a5b6c';

export const HUB_VNET_ID = `/subscriptions/${CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID}/resourceGroups/rg-contoso-network-weu/providers/Microsoft.Network/virtualNetworks/vnet-contoso-hub-weu`;
export const APP_VNET_ID = `/subscriptions/${CONTOSO_WORKLOAD_SUBSCRIPTION_ID}/resourceGroups/rg-contoso-app-weu/providers/Microsoft.Network/virtualNetworks/vnet-contoso-app-weu`;
/** An ExpressRoute gateway that already exists in the application VNet. */
export const APP_GATEWAY_ID = `/subscriptions/${CONTOSO_WORKLOAD_SUBSCRIPTION_ID}/resourceGroups/rg-contoso-app-weu/providers/Microsoft.Network/virtualNetworkGateways/ergw-contoso-app-weu`;

export interface SpecOptions {
  /** Add Microsoft peering (documentation prefixes 203.0.113.x, Exchange Online community 12076:5010). */
  readonly microsoftPeering?: boolean;
}

/** Microsoft peering with the documentation values Microsoft's own examples use. */
export function validMicrosoftPeering(): MicrosoftPeering {
  return {
    peerAsn: 64500,
    legs: [
      { primaryPeerAddressPrefix: '203.0.113.0/30', secondaryPeerAddressPrefix: '203.0.113.4/30', vlanId: 200 },
      { primaryPeerAddressPrefix: '203.0.113.8/30', secondaryPeerAddressPrefix: '203.0.113.12/30', vlanId: 200 },
    ],
    advertisedPublicPrefixes: ['203.0.113.128/27'],
    routingRegistryName: 'ARIN',
    routeFilterCommunities: ['12076:5010'],
  };
}

/** The CSP owns the circuits (in its own subscription) and links Contoso's VNets through authorizations. */
export function validConnectThroughSpec(options: SpecOptions = {}): CustomerSpec {
  const spec: CustomerSpec = {
    customer: {
      id: 'contoso',
      tenantId: CONTOSO_TENANT_ID,
      displayName: 'Contoso Ltd',
      subscriptions: [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
      model: 'connect-through',
    },
    circuits: {
      subscriptionId: CSP_SUBSCRIPTION_ID,
      resourceGroup: 'rg-er-contoso',
      location: 'westeurope',
      provider: 'Equinix',
      peeringLocations: ['Amsterdam', 'Amsterdam2'],
      bandwidthMbps: 1000,
      sku: { tier: 'Standard', family: 'MeteredData' },
      privatePeering: {
        peerAsn: 65010,
        legs: [
          { primaryPeerAddressPrefix: '192.168.100.0/30', secondaryPeerAddressPrefix: '192.168.100.4/30', vlanId: 100 },
          {
            primaryPeerAddressPrefix: '192.168.100.8/30',
            secondaryPeerAddressPrefix: '192.168.100.12/30',
            vlanId: 100,
          },
        ],
        md5Key: { vault: 'kv-ercsp-prod', secret: 'contoso-bgp-md5' },
      },
    },
    vnetLinks: [
      {
        vnetId: HUB_VNET_ID,
        addressSpace: ['10.10.0.0/16'],
        gateway: { sku: 'ErGw1AZ' },
        routingWeight: 0,
        fastPath: false,
      },
      {
        vnetId: APP_VNET_ID,
        addressSpace: ['10.20.0.0/16', '10.21.0.0/16'],
        gateway: { id: APP_GATEWAY_ID, sku: 'ErGw3AZ' },
        routingWeight: 10,
        fastPath: true,
      },
    ],
    routeTables: [
      {
        role: 'shared',
        vnetId: HUB_VNET_ID,
        subnets: ['snet-shared-services', 'snet-management'],
        routes: [
          // KMS activation must stay on the Azure path when on-premises advertises the default route.
          { name: 'kms-activation', addressPrefix: '20.118.99.224/32', nextHopType: 'Internet' },
          { name: 'kms-activation-2', addressPrefix: '40.83.235.53/32', nextHopType: 'Internet' },
        ],
        disableBgpRoutePropagation: false,
      },
      {
        role: 'workload',
        vnetId: APP_VNET_ID,
        subnets: ['snet-app', 'snet-data'],
        routes: [
          {
            name: 'to-partner-network',
            addressPrefix: '198.51.100.0/24',
            nextHopType: 'VirtualAppliance',
            nextHopIpAddress: '10.20.0.4',
          },
        ],
        forcedTunnelNextHop: '10.20.0.4',
        disableBgpRoutePropagation: false,
      },
    ],
    networkSecurityGroups: [
      {
        role: 'shared',
        vnetId: HUB_VNET_ID,
        subnets: ['snet-shared-services', 'snet-management'],
        baseline: { onPremisesPrefixes: ['172.16.0.0/16', '172.17.0.0/16'], denyInternetOutbound: true },
        rules: [
          {
            name: 'allow-rdp-from-jump-hosts',
            priority: 200,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: '172.16.10.0/24',
            sourcePortRange: '*',
            destinationAddressPrefix: 'VirtualNetwork',
            destinationPortRange: '3389',
            description: 'RDP from the on-premises jump hosts',
          },
        ],
      },
      {
        role: 'workload',
        vnetId: APP_VNET_ID,
        subnets: ['snet-app', 'snet-data'],
        baseline: { onPremisesPrefixes: ['172.16.0.0/16'], denyInternetOutbound: true },
        rules: [
          {
            name: 'allow-https-from-onprem',
            priority: 300,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: '172.16.0.0/16',
            sourcePortRange: '*',
            destinationAddressPrefix: '10.20.1.0/24',
            destinationPortRange: '443',
          },
          {
            name: 'allow-sql-to-onprem',
            priority: 310,
            direction: 'Outbound',
            access: 'Allow',
            protocol: 'Tcp',
            sourceAddressPrefix: '10.20.2.0/24',
            sourcePortRange: '*',
            destinationAddressPrefix: '172.16.20.0/24',
            destinationPortRange: '1433',
          },
        ],
      },
    ],
  };
  if (options.microsoftPeering === true) spec.circuits.microsoftPeering = validMicrosoftPeering();
  return spec;
}

/** Contoso owns and maintains the circuits, in its connectivity subscription; the CSP helps with routing. */
export function validConnectToSpec(options: SpecOptions = {}): CustomerSpec {
  const spec = validConnectThroughSpec(options);
  spec.customer.model = 'connect-to';
  spec.circuits.subscriptionId = CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID;
  spec.circuits.resourceGroup = 'rg-contoso-er-weu';
  return spec;
}
