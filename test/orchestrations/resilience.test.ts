import { InstanceIds } from '../../orchestrations/contracts';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  asFabrikam,
  DAY,
  HOUR,
  runOnboarding,
  startOnboarding,
  withNewGateways,
  writesByOperation,
} from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(240_000);

describe('onboarding survives host restarts', () => {
  it('stopped after each step in turn and resumed from stored history, it completes with no duplicate ARM write', async () => {
    const spec = withNewGateways(validConnectThroughSpec());

    const baseline = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 1 * DAY } } });
    const clean = await runOnboarding(baseline, spec, 'restart-baseline');
    expect(clean.status.runtimeStatus).toBe('Completed');
    const expectedWrites = writesByOperation(baseline);
    await baseline.stop();

    const harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 1 * DAY } } });
    try {
      const instanceId = await startOnboarding(harness, spec, 'restart-every-step');
      let restarts = 0;
      for (;;) {
        // Alternate the two crash points: after an activity ran but before its result was stored (it will run
        // again), and after the result was stored (it must not run again).
        const crashPoint = restarts % 2 === 0 ? 'activityCompleted' : 'activityResultStored';
        const crashed = harness.durable.stopAfter((event) => event.type === crashPoint);
        const run = harness.durable.runUntilIdle({ maxVirtualMs: 10 * DAY });
        const outcome = await Promise.race([crashed.then(() => 'crashed' as const), run.then(() => 'idle' as const)]);
        await run;
        const status = await harness.durable.getStatus(instanceId);
        if (outcome === 'idle' || status?.runtimeStatus === 'Completed' || status?.runtimeStatus === 'Failed') {
          expect(status?.runtimeStatus).toBe('Completed');
          break;
        }
        restarts += 1;
        await harness.restartDurable();
      }
      expect(restarts).toBeGreaterThan(30);
      expect(writesByOperation(harness)).toEqual(expectedWrites);
    } finally {
      await harness.stop();
    }
  });
});

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
