/**
 * A host stop after every step in turn (both crash points: an activity's result lost, and stored), then a resume
 * from stored history: the onboarding completes with exactly the ARM writes of a clean run.
 */
import { startOnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  runOnboarding,
  startOnboarding,
  withNewGateways,
  writesByOperation,
} from '../support/onboardingScenarios';
import { reportScenario, scaled } from '../support/reliability';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(900_000);

/** Restarts before the run may finish undisturbed (a full run restarts after every activity: more than 30). */
const MAX_RESTARTS = scaled(Number.POSITIVE_INFINITY, 10);

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
        // again), and after the result was stored (it must not run again). Quick mode stops after every
        // activity until MAX_RESTARTS, then lets the run finish.
        const crashPoint = restarts % 2 === 0 ? 'activityCompleted' : 'activityResultStored';
        const crashed =
          restarts < MAX_RESTARTS
            ? harness.durable.stopAfter((event) => event.type === crashPoint)
            : new Promise<never>(() => undefined);
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
      const writes = writesByOperation(harness);
      const operations = [...new Set([...Object.keys(writes), ...Object.keys(expectedWrites)])];
      const extra = operations.reduce((sum, op) => sum + Math.max(0, (writes[op] ?? 0) - (expectedWrites[op] ?? 0)), 0);
      const missing = operations.reduce(
        (sum, op) => sum + Math.max(0, (expectedWrites[op] ?? 0) - (writes[op] ?? 0)),
        0,
      );
      const status = await harness.durable.getStatus(instanceId);
      reportScenario({
        scenario: 'stop after every step, resume',
        tried: `${String(restarts)} host stops (activity result lost, then stored), each resumed from stored history`,
        held: `Completed with the ARM writes of a clean run (${String(Object.values(expectedWrites).reduce((a, b) => a + b, 0))})`,
        holds: status?.runtimeStatus === 'Completed' && restarts >= Math.min(MAX_RESTARTS, 31),
        duplicates: extra,
        losses: missing,
        deletes: harness.arm.control.counters().total.deletes,
      });
      expect(restarts).toBeGreaterThanOrEqual(Math.min(MAX_RESTARTS, 31));
      expect(writes).toEqual(expectedWrites);
    } finally {
      await harness.stop();
    }
  });
});
