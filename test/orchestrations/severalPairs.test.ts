/**
 * Customers with several circuit pairs, onboarded end to end: every pair is built as one pair is (its own legs,
 * provider hand-off and wait, peerings), all pairs at once, sharing each VNet's gateway; a second request for the
 * same customer writes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../local/cli/paths';
import { InstanceIds } from '../../orchestrations/contracts';
import type { CustomerSpec } from '../../shared/domain/spec';
import { ONBOARDING_REQUESTED, parseRequestEvent } from '../../shared/messages';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  expectNoUnfinishedCheckpoints,
  MD5_VALUE,
  PROVIDER_DELAY,
  runOnboarding,
  writesByOperation,
} from '../support/onboardingScenarios';

jest.setTimeout(240_000);

const underscored = (name: string): string => name.replace(/-/g, '_');

/** The example's spec as the intake hands it to the workflow: parsed and validated. */
function exampleSpec(file: string): CustomerSpec {
  const parsed = parseRequestEvent(JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')), DEFAULT_CSP_CONTEXT);
  if (!parsed.ok || parsed.event.type !== ONBOARDING_REQUESTED) throw new Error(`${file} is not a valid onboarding`);
  return parsed.event.data;
}

describe.each([
  ['two private pairs at four peering locations (2 × 10 Gbps)', 'onboarding-two-private-pairs-20g.json'],
  ['a private pair and a separate Microsoft-peering pair', 'onboarding-separate-microsoft-peering.json'],
])('onboarding a customer with %s', (_label, file) => {
  const spec = exampleSpec(file);
  const pairs = spec.circuitPairs ?? [];
  let harness: OnboardingHarness;
  beforeAll(async () => {
    // The BGP MD5 keys the example references, resolved from the environment as the stand-in configuration says.
    for (const pair of pairs) {
      const key = pair.privatePeering?.md5Key;
      if (key !== undefined)
        process.env[`ERCSP_SECRET__${underscored(key.vault)}__${underscored(key.secret)}`] = MD5_VALUE;
    }
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: PROVIDER_DELAY } },
      env: { ERCSP_CSP_SUBSCRIPTION_IDS: DEFAULT_CSP_CONTEXT.cspSubscriptionIds.join(',') },
    });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('builds every pair: two circuits, their peerings and, for private pairs, connections from each VNet', async () => {
    expect(pairs.length).toBe(2);
    const { instanceId, status } = await runOnboarding(harness, spec, `${spec.customer.id}-pairs-1`);
    const failed = (await harness.composition.tables.checkpoints.list(spec.customer.id))
      .filter((row) => row.status === 'Failed')
      .map((row) => `${row.stepKey}: ${row.errorCode ?? ''} ${row.errorMessage ?? ''}`);
    expect({ runtimeStatus: status.runtimeStatus, failed }).toEqual({ runtimeStatus: 'Completed', failed: [] });
    await expectNoUnfinishedCheckpoints(harness, spec.customer.id, `${spec.customer.id}-pairs-1`);

    const held = harness.arm.control.resources();
    const circuits = held.filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits');
    expect(circuits).toHaveLength(2 * pairs.length);
    for (const circuit of circuits) {
      expect(
        (circuit.properties as { serviceProviderProvisioningState?: string }).serviceProviderProvisioningState,
      ).toBe('Provisioned');
    }
    const peerings = held.filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits/peerings');
    const peeringsPerCircuit = pairs.flatMap((pair) =>
      [pair.privatePeering, pair.microsoftPeering].filter((peering) => peering !== undefined).map(() => 2),
    );
    expect(peerings).toHaveLength(peeringsPerCircuit.reduce((sum, count) => sum + count, 0));
    const connections = held.filter((r) => r.type === 'Microsoft.Network/connections');
    const privatePairs = new Set(pairs.filter((pair) => pair.privatePeering !== undefined).map((pair) => pair.name));
    const expectedConnections = spec.vnetLinks
      .map((link) => (link.pairs ?? [...privatePairs]).filter((name) => privatePairs.has(name)).length * 2)
      .reduce((sum, count) => sum + count, 0);
    expect(connections).toHaveLength(expectedConnections);
    // One gateway per VNet, shared by every pair it connects to.
    expect(held.filter((r) => r.type === 'Microsoft.Network/virtualNetworkGateways')).toHaveLength(
      spec.vnetLinks.length,
    );

    // Each named pair's legs ran as instances of their own.
    const named = pairs.find((pair) => pair.name !== 'primary');
    if (named === undefined) throw new Error('the example has no named pair');
    const leg = await harness.durable.getStatus(InstanceIds.circuitLeg(instanceId, 'a', named.name));
    expect(leg?.runtimeStatus).toBe('Completed');
  });

  it('a second request for the same customer, with a new id, writes nothing', async () => {
    harness.arm.control.resetCounters();
    const { status } = await runOnboarding(harness, spec, `${spec.customer.id}-pairs-2`);
    expect(status.runtimeStatus).toBe('Completed');
    expect(writesByOperation(harness)).toEqual({});
  });
});
