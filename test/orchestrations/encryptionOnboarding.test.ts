/**
 * The rehearsal example of a customer with encryption (examples/rehearsal/09-onboard-fabrikam-encrypted.json),
 * onboarded end to end through the Durable host simulator, the ARM simulator and Azurite: the VPN gateway (private
 * IP, beside the ExpressRoute gateway in the same GatewaySubnet), the local network gateway and the IPsec connection
 * are built beside the ExpressRoute topology, the tunnel Connected over private peering; a second request writes
 * nothing; the IPsec shared key appears in no history, checkpoint, event or log. One onboarding for the suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SERVICE_PROVIDERS } from '../../local/arm';
import { DEFAULT_CSP_CONTEXT } from '../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../local/cli/paths';
import { seedExistingGateways } from '../../local/rehearsal/customerNetworks';
import { EnvironmentSecretResolver } from '../../shared/adapters/secrets/environmentSecretResolver';
import type { CustomerSpec } from '../../shared/domain/spec';
import { ONBOARDING_REQUESTED, parseRequestEvent } from '../../shared/messages';
import { startOnboardingHarness, seedCustomerNetworks, type OnboardingHarness } from '../support/onboardingHarness';
import {
  expectNoUnfinishedCheckpoints,
  PROVIDER_DELAY,
  runOnboarding,
  writesByOperation,
} from '../support/onboardingScenarios';

jest.setTimeout(240_000);

const IPSEC_KEY = 'ipsec-psk-Vb7rT2qL9xW4';

function exampleSpec(): CustomerSpec {
  const file = join(EXAMPLES_DIR, 'rehearsal', '09-onboard-fabrikam-encrypted.json');
  const parsed = parseRequestEvent(JSON.parse(readFileSync(file, 'utf8')), DEFAULT_CSP_CONTEXT);
  if (!parsed.ok || parsed.event.type !== ONBOARDING_REQUESTED) throw new Error('08 is not a valid onboarding');
  return parsed.event.data;
}

const spec = exampleSpec();
const encryption = spec.encryption;
const requestId = 'fabrikam-encrypted-1';
let harness: OnboardingHarness;
let runtimeStatus: string;
/** The run's output when it did not complete (what failed, for the assertion's message). */
let failure: unknown;

interface Held {
  readonly id: string;
  readonly type: string;
  readonly properties: Record<string, unknown>;
}

function held(type: string): Held[] {
  return harness.arm.control.resources().filter((r) => r.type === type);
}

beforeAll(async () => {
  if (encryption?.mode !== 'ipsec-over-private-peering') throw new Error('08 has no IPsec encryption');
  process.env[EnvironmentSecretResolver.variableFor(encryption.sharedKey)] = IPSEC_KEY;
  harness = await startOnboardingHarness({
    arm: {
      provider: { provisionAfterMs: PROVIDER_DELAY },
      // The example's peering locations, which the simulator's sample catalogue lacks (the rehearsal adds them too).
      serviceProviders: DEFAULT_SERVICE_PROVIDERS.map((provider) =>
        provider.name === spec.circuits.provider
          ? { ...provider, peeringLocations: [...provider.peeringLocations, ...spec.circuits.peeringLocations] }
          : provider,
      ),
    },
    env: { ERCSP_CSP_SUBSCRIPTION_IDS: DEFAULT_CSP_CONTEXT.cspSubscriptionIds.join(',') },
  });
  seedCustomerNetworks(harness.arm, spec);
  await seedExistingGateways(harness.arm, spec);
  const { status } = await runOnboarding(harness, spec, requestId);
  runtimeStatus = status.runtimeStatus;
  failure = status.output;
});

afterAll(async () => {
  await harness.stop();
});

describe('onboarding a customer with IPsec over private peering', () => {
  it('builds the VPN gateway, the local network gateway and a Connected IPsec tunnel beside the ExpressRoute topology', async () => {
    const failed = (await harness.composition.tables.checkpoints.list(spec.customer.id))
      .filter((row) => row.status === 'Failed')
      .map((row) => `${row.stepKey}: ${row.errorCode ?? ''} ${row.errorMessage ?? ''}`);
    expect({ runtimeStatus, failed, output: runtimeStatus === 'Completed' ? undefined : failure }).toEqual({
      runtimeStatus: 'Completed',
      failed: [],
      output: undefined,
    });
    await expectNoUnfinishedCheckpoints(harness, spec.customer.id, requestId);

    const gateways = held('Microsoft.Network/virtualNetworkGateways');
    const subnetOf = (gateway: Held | undefined) =>
      (gateway?.properties.ipConfigurations as { properties: { subnet: { id: string } } }[] | undefined)?.[0]
        ?.properties.subnet.id;
    const vpn = gateways.find((gateway) => gateway.properties.gatewayType === 'Vpn');
    const expressRoute = gateways.find(
      (gateway) => gateway.properties.gatewayType === 'ExpressRoute' && subnetOf(gateway) === subnetOf(vpn),
    );
    expect(vpn?.properties).toMatchObject({
      vpnType: 'RouteBased',
      enablePrivateIpAddress: true,
      bgpSettings: { asn: 65515 },
    });
    expect(expressRoute).toBeDefined();

    const [local] = held('Microsoft.Network/localNetworkGateways');
    expect(local?.properties).toMatchObject({
      gatewayIpAddress: '10.100.0.10',
      localNetworkAddressSpace: { addressPrefixes: ['10.101.20.0/24', '10.101.21.0/24'] },
    });
    const tunnel = held('Microsoft.Network/connections').find((c) => c.properties.connectionType === 'IPsec');
    expect(tunnel?.properties).toMatchObject({
      useLocalAzureIpAddress: true,
      connectionStatus: 'Connected',
      ipsecPolicies: [expect.objectContaining({ ipsecEncryption: 'GCMAES256', dhGroup: 'DHGroup14' })],
    });
    expect(held('Microsoft.Network/expressRouteCircuits')).toHaveLength(2);
  });

  it('a second request for the same customer, with a new id, writes nothing', async () => {
    harness.arm.control.resetCounters();
    const { status } = await runOnboarding(harness, spec, 'fabrikam-encrypted-2');
    expect(status.runtimeStatus).toBe('Completed');
    expect(writesByOperation(harness)).toEqual({});
  });

  it('keeps the IPsec shared key out of history, checkpoints, events and logs', async () => {
    const histories: unknown[] = [];
    for (const instance of await harness.durable.listInstances()) {
      histories.push(instance, await harness.durable.getHistory(instance.instanceId));
    }
    const stored = JSON.stringify({
      histories,
      checkpoints: await harness.composition.tables.checkpoints.list(spec.customer.id),
      events: await harness.composition.tables.outbound.list(spec.customer.id),
      logs: harness.logs,
      azure: harness.arm.control.resources(),
    });
    expect(stored).toContain('fabrikam-ipsec-psk'); // the reference travels; the value never does
    expect(stored).not.toContain(IPSEC_KEY);
  });
});
