import { InstanceIds } from '../../orchestrations/contracts';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  asFabrikam,
  DAY,
  HOUR,
  startOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(240_000);

describe('one request per customer at a time', () => {
  let harness: OnboardingHarness;
  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('runs a second request for the same customer only after the first has finished', async () => {
    const spec = withNewGateways(validConnectThroughSpec());
    const first = await startOnboarding(harness, spec, 'same-customer-1');
    const second = await startOnboarding(harness, spec, 'same-customer-2');
    await harness.durable.waitForCompletion(first, { maxVirtualMs: 10 * DAY });
    const status = await harness.durable.waitForCompletion(second, { maxVirtualMs: 10 * DAY });
    expect(status.runtimeStatus).toBe('Completed');

    const history = await harness.composition.tables.leases.history(spec.customer.id);
    const sequence = history.map((entry) => `${entry.event}:${entry.owner}`);
    expect(sequence).toEqual([`Acquired:${first}`, `Released:${first}`, `Acquired:${second}`, `Released:${second}`]);
    // The second request found everything in place: it wrote nothing.
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id, 'same-customer-2');
    const outcomes = new Set(rows.flatMap((row) => (row.outcome === undefined ? [] : [row.outcome])));
    expect([...outcomes]).toEqual(['unchanged']);
  });

  it('runs requests for different customers side by side', async () => {
    const contoso = withNewGateways(validConnectThroughSpec());
    const fabrikam = asFabrikam(contoso);
    const started = harness.clock.now();
    const a = await startOnboarding(harness, { ...contoso }, 'parallel-contoso');
    const b = await startOnboarding(harness, fabrikam, 'parallel-fabrikam');
    const [statusA, statusB] = [
      await harness.durable.waitForCompletion(a, { maxVirtualMs: 10 * DAY }),
      await harness.durable.waitForCompletion(b, { maxVirtualMs: 10 * DAY }),
    ];
    expect([statusA.runtimeStatus, statusB.runtimeStatus]).toEqual(['Completed', 'Completed']);
    // Both waited for their providers at the same time: together they took about as long as one.
    expect(harness.clock.now() - started).toBeLessThan(2 * HOUR + 1 * HOUR);
    expect(InstanceIds.forRequest('parallel-fabrikam')).toBe(b);
  });
});
