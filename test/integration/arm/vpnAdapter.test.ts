/**
 * The real ARM adapter builds Contoso's topology with IPsec over private peering against the ARM simulator: the VPN
 * gateway beside the hub's ExpressRoute gateway, the local network gateway and the IPsec connection, Connected once
 * the ExpressRoute path is up; ensured again, nothing is written and the shared key is not even resolved; the key is
 * resolved inside the adapter only for a write, and appears in no answer the adapter gives.
 */
import { diffTopology } from '../../../shared/domain/diff';
import type { Topology } from '../../../shared/domain/intents';
import { deriveTopology } from '../../../shared/domain/topology';
import { assertValid, validateCustomerSpec } from '../../../shared/domain/validation';
import type { SecretReference } from '../../../shared/domain/spec';
import type { SecretResolver } from '../../../shared/ports/secrets';
import { CSP_CONTEXT, HUB_VNET_ID, validConnectToSpec } from '../../support/specs';
import { comparableWithAzure, ensureTopology, seedCustomerWorld, testSecretResolver } from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { startAdapterHarness, writesSeen } from './armAdapterHarness';

jest.setTimeout(60_000);

const IPSEC_KEY = 'ipsec-psk-adapter-Hq4mZ8';
const HUB_SUBSCRIPTION = HUB_VNET_ID.split('/')[2] ?? '';

const resolved: SecretReference[] = [];
const secrets: SecretResolver = {
  resolve: (reference) => {
    if (reference.secret !== 'contoso-ipsec-psk') return testSecretResolver.resolve(reference);
    resolved.push(reference);
    return Promise.resolve(IPSEC_KEY);
  },
};

const spec = assertValid(
  validateCustomerSpec(
    {
      ...validConnectToSpec(),
      encryption: {
        mode: 'ipsec-over-private-peering',
        vnetId: HUB_VNET_ID,
        gatewaySubnetPrefix: '10.10.255.0/27',
        vpnGateway: {
          sku: 'VpnGw1AZ',
          publicIpAddressId: `/subscriptions/${HUB_SUBSCRIPTION}/resourceGroups/rg-contoso-network-weu/providers/Microsoft.Network/publicIPAddresses/pip-vpngw`,
        },
        onPremises: {
          deviceAddress: '172.16.0.10',
          privatePeeringPrefixes: ['172.16.0.0/12'],
          encryptedPrefixes: ['172.20.10.0/24'],
          bgp: { asn: 65020, peeringAddress: '172.16.0.11' },
        },
        ipsecPolicy: {
          ikeEncryption: 'AES256',
          ikeIntegrity: 'SHA256',
          dhGroup: 'DHGroup14',
          ipsecEncryption: 'AES256',
          ipsecIntegrity: 'SHA256',
          pfsGroup: 'PFS2048',
          saLifeTimeSeconds: 27000,
          saDataSizeKilobytes: 102400000,
        },
        sharedKey: { vault: 'kv-contoso-net', secret: 'contoso-ipsec-psk' },
      },
    },
    CSP_CONTEXT,
  ),
);
const topology: Topology = deriveTopology(spec, { cspTenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b' });
let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness({ adapter: { secrets } });
  await seedCustomerWorld(harness.sim, topology);
});

afterAll(async () => {
  await harness.sim.stop();
});

describe('IPsec over private peering through the ARM adapter', () => {
  it('builds the VPN gateway, the local network gateway and a Connected tunnel, resolving the key once', async () => {
    const { sim, adapter } = harness;
    const run = await ensureTopology(adapter, topology, (circuitId) => sim.control.provision(circuitId));
    const tunnel = run.results.find(({ intent }) => intent.kind === 'vpnConnection');
    expect(tunnel?.ensured).toMatchObject({ outcome: 'created', state: { connectionStatus: 'Connected' } });
    expect(
      run.results.filter(({ intent }) => intent.kind === 'vpnGateway' || intent.kind === 'localNetworkGateway'),
    ).toHaveLength(2);
    expect(resolved).toHaveLength(1);
    expect(JSON.stringify(run)).not.toContain(IPSEC_KEY);
  });

  it('ensured again: nothing written, the key not resolved', async () => {
    const { sim, adapter } = harness;
    sim.control.resetCounters();
    resolved.length = 0;
    const run = await ensureTopology(adapter, topology, () => {
      throw new Error('the circuits are already provisioned');
    });
    expect(run.results.filter(({ ensured }) => ensured.outcome !== 'unchanged')).toEqual([]);
    expect(writesSeen(sim)).toEqual({ writes: 0, deletes: 0 });
    expect(resolved).toEqual([]);
  });

  it('reads back what was asked for (the key’s reference and the ExpressRoute gateway are not Azure’s to show)', async () => {
    const { adapter } = harness;
    const observed = [];
    for (const intent of topology.resources) {
      const read = await adapter.read({ kind: intent.kind, id: intent.id, scope: intent.scope });
      if (read !== undefined) observed.push(read.intent);
    }
    const encryptionKinds = new Set(['vpnGateway', 'localNetworkGateway', 'vpnConnection']);
    const desired = comparableWithAzure(topology.resources).filter((intent) => encryptionKinds.has(intent.kind));
    const actual = observed.filter((intent) => encryptionKinds.has(intent.kind));
    expect(diffTopology(actual, desired).filter((change) => change.action !== 'unchanged')).toEqual([]);
  });
});
