/**
 * Where the encryption resources go: the topology (VPN gateway beside the ExpressRoute gateway, local network gateway,
 * IPsec connection with its key by reference only; or the appliance route table), the onboarding plan and waves (the
 * VPN gateway alongside the provider wait, the tunnel only after private peering), and the teardown (the IPsec
 * connection before the gateways it uses).
 */
import { onboardingWaves } from '../../../orchestrations/steps/onboardingWaves';
import type { ResourceIntent } from '../../../shared/domain/intents';
import { planTeardown, planTopology } from '../../../shared/domain/planner';
import { planTeardownOf } from '../../../shared/domain/teardownPlan';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { deriveTopology } from '../../../shared/domain/topology';
import { assertValid, validateCustomerSpec } from '../../../shared/domain/validation';
import { CSP_CONTEXT, HUB_VNET_ID, validConnectThroughSpec } from '../../support/specs';

const CSP_TENANT = { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' };
const HUB_SUBSCRIPTION = HUB_VNET_ID.split('/')[2] ?? '';

function encryptedSpec(encryption: Record<string, unknown>): CustomerSpec {
  return assertValid(validateCustomerSpec({ ...validConnectThroughSpec(), encryption }, CSP_CONTEXT));
}

const IPSEC = {
  mode: 'ipsec-over-private-peering',
  vnetId: HUB_VNET_ID,
  gatewaySubnetPrefix: '10.10.255.0/26',
  vpnGateway: {
    sku: 'VpnGw1AZ',
    publicIpAddressId: `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-contoso-network-weu/providers/Microsoft.Network/publicIPAddresses/pip-vpngw`,
  },
  onPremises: {
    deviceAddress: '172.16.0.10',
    privatePeeringPrefixes: ['172.16.0.0/12'],
    encryptedPrefixes: ['172.20.10.0/24', '172.20.11.0/24'],
  },
  ipsecPolicy: {
    ikeEncryption: 'GCMAES256',
    ikeIntegrity: 'SHA384',
    dhGroup: 'ECP384',
    ipsecEncryption: 'GCMAES256',
    ipsecIntegrity: 'GCMAES256',
    pfsGroup: 'ECP384',
    saLifeTimeSeconds: 3600,
    saDataSizeKilobytes: 102400000,
  },
  sharedKey: { vault: 'kv-contoso-net', secret: 'contoso-ipsec-psk' },
};

const ofKind = <K extends ResourceIntent['kind']>(resources: readonly ResourceIntent[], kind: K) =>
  resources.filter((intent): intent is Extract<ResourceIntent, { kind: K }> => intent.kind === kind);

describe('encryption: IPsec over private peering', () => {
  const topology = deriveTopology(encryptedSpec(IPSEC), CSP_TENANT);
  const plan = planTopology(topology);
  const keys = (predicate: (step: (typeof plan.steps)[number]) => boolean) =>
    plan.steps.filter(predicate).map((step) => step.key);

  it('derives a route-based VPN gateway with ASN 65515 in the hub, the device with static routes, and the tunnel', () => {
    const [vpnGateway] = ofKind(topology.resources, 'vpnGateway');
    const [local] = ofKind(topology.resources, 'localNetworkGateway');
    const [tunnel] = ofKind(topology.resources, 'vpnConnection');
    expect(vpnGateway).toMatchObject({ vnetId: HUB_VNET_ID, sku: 'VpnGw1AZ', asn: 65515, enableBgp: false });
    expect(local).toMatchObject({
      gatewayIpAddress: '172.16.0.10',
      addressPrefixes: ['172.20.10.0/24', '172.20.11.0/24'],
    });
    const [hubGateway] = ofKind(topology.resources, 'gateway').filter((gateway) => gateway.vnetId === HUB_VNET_ID);
    expect(tunnel).toMatchObject({
      vpnGatewayId: vpnGateway?.id,
      localNetworkGatewayId: local?.id,
      expressRouteGatewayId: hubGateway?.id,
      sharedKey: { vault: 'kv-contoso-net', secret: 'contoso-ipsec-psk' },
    });
  });

  it('with BGP over the tunnel, the local network gateway carries only the device’s BGP address', () => {
    const bgp = { ...IPSEC, onPremises: { ...IPSEC.onPremises, bgp: { asn: 65020, peeringAddress: '172.16.0.11' } } };
    const [local] = ofKind(deriveTopology(encryptedSpec(bgp), CSP_TENANT).resources, 'localNetworkGateway');
    expect(local).toMatchObject({
      addressPrefixes: ['172.16.0.11/32'],
      bgp: { asn: 65020, peeringAddress: '172.16.0.11' },
    });
  });

  it('plans the tunnel after its gateways and the private peerings of the circuits the hub connects to', () => {
    const tunnel = plan.steps.find((step) => step.key.startsWith('vpn-connection:'));
    expect(tunnel?.dependsOn).toEqual(
      expect.arrayContaining([
        'vpn-gateway:vnet-contoso-hub-weu',
        'local-network-gateway:lng-contoso-onprem',
        'peering:a:AzurePrivatePeering',
        'peering:b:AzurePrivatePeering',
      ]),
    );
    expect(keys((step) => step.key.startsWith('vpn-gateway:'))).toHaveLength(1);
  });

  it('runs the VPN gateway build alongside the provider wait, the device early, and the tunnel with the connections', () => {
    const waves = onboardingWaves(plan);
    expect(waves.gateways.map((step) => step.stepKey)).toContain('vpn-gateway:vnet-contoso-hub-weu');
    expect(waves.preparation.map((step) => step.stepKey)).toContain('local-network-gateway:lng-contoso-onprem');
    expect(waves.connections.map((step) => step.stepKey)).toContain('vpn-connection:vnet-contoso-hub-weu');
  });

  it('tears down the IPsec connection before the local network gateway and the VPN gateway', () => {
    const teardown = planTeardown(topology);
    const stepOf = (prefix: string) => teardown.steps.find((step) => step.key.startsWith(prefix));
    expect(stepOf('vpn-connection:')?.dependsOn).toEqual([]);
    expect(stepOf('local-network-gateway:')?.dependsOn).toEqual(['vpn-connection:vnet-contoso-hub-weu']);
    expect(stepOf('vpn-gateway:')?.dependsOn).toEqual(['vpn-connection:vnet-contoso-hub-weu']);
  });
});

describe('encryption: firewall appliances', () => {
  const spec = encryptedSpec({
    mode: 'firewall-appliances',
    vnetId: HUB_VNET_ID,
    subnets: ['snet-encrypted'],
    onPremisesPrefixes: ['172.20.0.0/16', '172.21.0.0/16'],
    appliances: {
      azure: { name: 'fw-azure', address: '10.10.4.4' },
      onPremises: { name: 'fw-dc1', address: '172.16.0.4' },
    },
  });
  const topology = deriveTopology(spec, CSP_TENANT);

  it('routes each on-premises prefix to the Azure-side appliance, on the named subnets, with the route table intents', () => {
    const table = ofKind(topology.resources, 'routeTable').find((intent) => intent.name === 'rt-contoso-encryption');
    expect(table?.routes).toEqual([
      {
        name: 'encrypted-1',
        addressPrefix: '172.20.0.0/16',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.10.4.4',
      },
      {
        name: 'encrypted-2',
        addressPrefix: '172.21.0.0/16',
        nextHopType: 'VirtualAppliance',
        nextHopIpAddress: '10.10.4.4',
      },
    ]);
    const association = ofKind(topology.resources, 'subnetAssociation').find((a) => a.name === 'snet-encrypted');
    expect(association?.routeTableId).toBe(table?.id);
    expect(ofKind(topology.resources, 'vpnGateway')).toEqual([]);
  });
});

describe('encryption: decommission teardown (the kind table)', () => {
  const topology = deriveTopology(encryptedSpec(IPSEC), CSP_TENANT);
  const encryption = topology.resources.filter(
    (intent) =>
      intent.kind === 'vpnGateway' || intent.kind === 'localNetworkGateway' || intent.kind === 'vpnConnection',
  );
  const owned = encryption.map((intent) => ({ intent, state: { provisioningState: 'Succeeded', managed: true } }));
  const phaseOf = (plan: ReturnType<typeof planTeardownOf>, kind: string) =>
    plan.steps.findIndex((step) => step.action === 'delete' && step.resource.kind === kind);

  it('deletes the IPsec connection first, then the local network gateway and the VPN gateway', () => {
    const plan = planTeardownOf({ customerId: 'contoso', owned, others: [], deleteGateways: true });
    const tunnel = phaseOf(plan, 'vpnConnection');
    expect(tunnel).toBeGreaterThanOrEqual(0);
    expect(phaseOf(plan, 'localNetworkGateway')).toBeGreaterThan(tunnel);
    expect(phaseOf(plan, 'vpnGateway')).toBeGreaterThan(tunnel);
  });

  it('keeps the VPN gateway unless gateways are to go, and never one the automation did not make', () => {
    const kept = planTeardownOf({ customerId: 'contoso', owned, others: [], deleteGateways: false });
    expect(phaseOf(kept, 'vpnGateway')).toBe(-1);
    expect(kept.kept.map((k) => k.kind)).toContain('vpnGateway');
    const notOurs = owned.map((item) =>
      item.intent.kind === 'vpnGateway' ? { ...item, state: { ...item.state, managed: false } } : item,
    );
    const plan = planTeardownOf({ customerId: 'contoso', owned: notOurs, others: [], deleteGateways: true });
    expect(phaseOf(plan, 'vpnGateway')).toBe(-1);
  });
});
