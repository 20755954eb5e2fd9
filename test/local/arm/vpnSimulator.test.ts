/**
 * The ARM simulator's VPN gateways, local network gateways and IPsec connections (encryption over ExpressRoute
 * private peering): answers shaped like the spec examples in test/fixtures/arm-examples (the shared key never
 * rendered), and the documented refusals: a GatewaySubnet under /27 shared with the ExpressRoute gateway, a Basic or
 * policy-based VPN gateway or another ASN beside it, private IP on a SKU without it, `useLocalAzureIpAddress`
 * without the gateway's private IP, an IPsec/IKE policy outside Azure's sets, and deleting what a tunnel still uses.
 */
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import { armRequest, startTestArmSimulator } from '../../support/armSimulator';
import { compareKeys, loadExample } from './fixtureComparison';
import { finish, putAndWait } from './topology';

const SUB = 'subid';
const RG = 'rg1';
const NETWORK = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;
const VNET = `${NETWORK}/virtualNetworks/vnet1`;
const PIP = `${NETWORK}/publicIPAddresses/gwpip`;

let sim: TestArmSimulator;

async function start(gatewaySubnet: string): Promise<void> {
  sim = await startTestArmSimulator();
  sim.control.seedResourceGroup(SUB, RG, 'centralus');
  sim.control.seedVirtualNetwork(SUB, RG, 'vnet1', {
    location: 'centralus',
    addressSpace: ['10.0.0.0/16'],
    subnets: [{ name: 'GatewaySubnet', addressPrefix: gatewaySubnet }],
  });
}

afterEach(async () => {
  await sim.stop();
});

function put(path: string, body: unknown): Promise<ArmHttpResponse> {
  return armRequest(sim, 'PUT', path, { body });
}

const expressRouteGateway = {
  location: 'centralus',
  properties: {
    gatewayType: 'ExpressRoute',
    sku: { name: 'ErGw1AZ', tier: 'ErGw1AZ' },
    ipConfigurations: [{ name: 'default', properties: { subnet: { id: `${VNET}/subnets/GatewaySubnet` } } }],
  },
};

function vpnGateway(properties: Record<string, unknown> = {}) {
  return {
    location: 'centralus',
    properties: {
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' },
      enablePrivateIpAddress: true,
      bgpSettings: { asn: 65515 },
      ipConfigurations: [
        {
          name: 'vpn',
          properties: { subnet: { id: `${VNET}/subnets/GatewaySubnet` }, publicIPAddress: { id: PIP } },
        },
      ],
      ...properties,
    },
  };
}

const POLICY = {
  ikeEncryption: 'AES256',
  ikeIntegrity: 'SHA256',
  dhGroup: 'DHGroup14',
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  pfsGroup: 'PFS2048',
  saLifeTimeSeconds: 27000,
  saDataSizeKilobytes: 102400000,
};

function ipsecConnection(properties: Record<string, unknown> = {}) {
  return {
    location: 'centralus',
    properties: {
      connectionType: 'IPsec',
      virtualNetworkGateway1: { id: `${NETWORK}/virtualNetworkGateways/vpngw` },
      localNetworkGateway2: { id: `${NETWORK}/localNetworkGateways/localgw` },
      sharedKey: 'psk-never-rendered',
      useLocalAzureIpAddress: true,
      ipsecPolicies: [POLICY],
      ...properties,
    },
  };
}

const localGateway = {
  location: 'centralus',
  properties: { gatewayIpAddress: '10.100.0.10', localNetworkAddressSpace: { addressPrefixes: ['10.101.0.0/24'] } },
};

describe('shapes, against the spec examples', () => {
  beforeEach(() => start('10.0.255.0/27'));

  it('a local network gateway answers like LocalNetworkGatewayCreate', async () => {
    const example = loadExample('LocalNetworkGatewayCreate');
    const body = (example.parameters.parameters as { properties: Record<string, unknown> }).properties;
    const created = await put(`${NETWORK}/localNetworkGateways/localgw`, { location: 'centralus', properties: body });
    expect(created.status).toBe(201);
    expect(compareKeys(example.responses['201']?.body, created.body, { extraKeys: ['fqdn'] })).toEqual([]);
  });

  it('a VPN gateway with private IP answers like VirtualNetworkGatewayUpdate, its private tunnel address included', async () => {
    const example = loadExample('VirtualNetworkGatewayUpdate');
    await putAndWait(sim, `${NETWORK}/virtualNetworkGateways/vpngw`, vpnGateway());
    const read = await armRequest(sim, 'GET', `${NETWORK}/virtualNetworkGateways/vpngw`);
    const notSent = [
      'natRules',
      'vpnClientConfiguration',
      'customRoutes',
      'enableDnsForwarding',
      'inboundDnsForwardingEndpoint',
    ];
    expect(
      compareKeys(example.responses['200']?.body, read.body, {
        missingAllowed: notSent.map((key) => `properties.${key}`),
        // The example's 201 shows enablePrivateIpAddress, its 200 leaves it out.
        extraKeys: ['enablePrivateIpAddress'],
      }),
    ).toEqual([]);
    const [addresses] = (
      read.body as { properties: { bgpSettings: { bgpPeeringAddresses: { tunnelIpAddresses: string[] }[] } } }
    ).properties.bgpSettings.bgpPeeringAddresses;
    expect(addresses?.tunnelIpAddresses).toEqual(['10.0.255.4']);
  });

  it('an IPsec connection answers like VirtualNetworkGatewayConnectionCreate, without ever showing its shared key', async () => {
    const example = loadExample('VirtualNetworkGatewayConnectionCreate');
    await putAndWait(sim, `${NETWORK}/virtualNetworkGateways/vpngw`, vpnGateway());
    await putAndWait(sim, `${NETWORK}/localNetworkGateways/localgw`, localGateway);
    const created = await put(`${NETWORK}/connections/connS2S`, ipsecConnection());
    expect(created.status).toBe(201);
    await finish(sim, created);
    const read = await armRequest(sim, 'GET', `${NETWORK}/connections/connS2S`);
    expect(
      compareKeys(example.responses['200']?.body, read.body, {
        missingAllowed: ['properties.sharedKey', 'properties.gatewayCustomBgpIpAddresses'],
        extraKeys: [
          'trafficSelectorPolicies',
          'connectionStatus',
          'expressRouteGatewayBypass',
          'enablePrivateLinkFastPath',
        ],
      }),
    ).toEqual([]);
    expect(created.text + read.text).not.toContain('psk-never-rendered');
    expect(read.body).toMatchObject({ properties: { useLocalAzureIpAddress: true, ipsecPolicies: [POLICY] } });
  });
});

describe('refusals', () => {
  it('a GatewaySubnet under /27 cannot hold both gateways, whichever comes second', async () => {
    await start('10.0.255.0/28');
    await putAndWait(sim, `${NETWORK}/virtualNetworkGateways/ergw`, expressRouteGateway);
    const refused = await put(`${NETWORK}/virtualNetworkGateways/vpngw`, vpnGateway());
    expect(refused.body).toMatchObject({ error: { code: 'GatewaySubnetTooSmallForCoexistence' } });
  });

  it('beside an ExpressRoute gateway: no Basic, no policy-based, and ASN 65515 only', async () => {
    await start('10.0.255.0/27');
    await putAndWait(sim, `${NETWORK}/virtualNetworkGateways/ergw`, expressRouteGateway);
    const path = `${NETWORK}/virtualNetworkGateways/vpngw`;
    const basic = { sku: { name: 'Basic', tier: 'Basic' }, enablePrivateIpAddress: false };
    expect((await put(path, vpnGateway(basic))).body).toMatchObject({
      error: { code: 'VpnGatewaySkuNotSupportedForCoexistence' },
    });
    expect((await put(path, vpnGateway({ vpnType: 'PolicyBased' }))).body).toMatchObject({
      error: { code: 'VpnGatewayMustBeRouteBasedForCoexistence' },
    });
    expect((await put(path, vpnGateway({ bgpSettings: { asn: 65010 } }))).body).toMatchObject({
      error: { code: 'VpnGatewayAsnNotSupportedForCoexistence' },
    });
    expect((await put(path, vpnGateway({ sku: { name: 'VpnGw1', tier: 'VpnGw1' } }))).body).toMatchObject({
      error: { code: 'PrivateIpAddressNotSupportedOnGatewaySku' },
    });
  });

  it('an IPsec connection needs the gateway’s private IP for useLocalAzureIpAddress, and a policy from Azure’s sets', async () => {
    await start('10.0.255.0/27');
    await putAndWait(sim, `${NETWORK}/virtualNetworkGateways/vpngw`, vpnGateway({ enablePrivateIpAddress: false }));
    await putAndWait(sim, `${NETWORK}/localNetworkGateways/localgw`, localGateway);
    const path = `${NETWORK}/connections/conn`;
    expect((await put(path, ipsecConnection())).body).toMatchObject({
      error: { code: 'PrivateIpAddressNotEnabledOnGateway' },
    });
    const withoutPrivateIp = { useLocalAzureIpAddress: false };
    const partial = { ...withoutPrivateIp, ipsecPolicies: [{ ...POLICY, pfsGroup: undefined }] };
    expect((await put(path, ipsecConnection(partial))).body).toMatchObject({ error: { code: 'IpsecPolicyInvalid' } });
    const mismatched = { ...withoutPrivateIp, ipsecPolicies: [{ ...POLICY, ipsecIntegrity: 'SHA256' }] };
    expect((await put(path, ipsecConnection(mismatched))).body).toMatchObject({
      error: { code: 'IpsecPolicyInvalid' },
    });
  });

  it('a local network gateway or VPN gateway a tunnel uses cannot be deleted', async () => {
    await start('10.0.255.0/27');
    await putAndWait(sim, `${NETWORK}/virtualNetworkGateways/vpngw`, vpnGateway());
    await putAndWait(sim, `${NETWORK}/localNetworkGateways/localgw`, localGateway);
    await putAndWait(sim, `${NETWORK}/connections/conn`, ipsecConnection());
    expect((await armRequest(sim, 'DELETE', `${NETWORK}/localNetworkGateways/localgw`)).body).toMatchObject({
      error: { code: 'InUseLocalNetworkGatewayCannotBeDeleted' },
    });
    expect((await armRequest(sim, 'DELETE', `${NETWORK}/virtualNetworkGateways/vpngw`)).body).toMatchObject({
      error: { code: 'InUseVirtualNetworkGatewayCannotBeDeleted' },
    });
  });
});
