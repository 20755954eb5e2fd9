/**
 * A bandwidth change with a host stop after every step in turn (both crash points: an activity's result lost, and
 * stored), each resumed from stored history: it completes with exactly one write per circuit, the two circuits never
 * written at the same time, and no checkpoint left under way.
 */
import { overlaps } from '../../local/arm/journal';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import { circuitName } from '../../shared/domain/naming';
import type { ChangeBandwidthInput } from '../../shared/ports/requestWorkflows';
import { startOnboardingHarness } from '../support/onboardingHarness';
import { DAY, expectNoUnfinishedCheckpoints, runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { reportScenario, scaled } from '../support/reliability';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

jest.setTimeout(600_000);

/** Restarts before the run may finish undisturbed (a full run stops after every activity: about 20). */
const MAX_RESTARTS = scaled(Number.POSITIVE_INFINITY, 8);

const circuitId = (leg: 'a' | 'b') =>
  `/subscriptions/${CSP_SUBSCRIPTION_ID}/resourceGroups/rg-er-contoso/providers/Microsoft.Network/expressRouteCircuits/${circuitName('contoso', leg)}`;

describe('a bandwidth change survives host restarts', () => {
  it('stopped after each step in turn and resumed, it writes each circuit once, one after the other', async () => {
    const spec = withNewGateways(validConnectThroughSpec());
    const harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 2 * 3_600_000 } } });
    try {
      expect((await runOnboarding(harness, spec, 'restart-bw-onboard')).status.runtimeStatus).toBe('Completed');
      harness.arm.control.resetCounters();
      const since = harness.clock.now();
      const input: ChangeBandwidthInput = {
        requestId: 'restart-bw',
        customerId: 'contoso',
        change: { customerId: 'contoso', bandwidthMbps: 5000 },
        pair: 'primary',
        timing: harness.timing,
      };
      const instanceId = await harness.durable.startNew(Orchestrations.changeBandwidth, {
        instanceId: InstanceIds.forRequest('restart-bw'),
        input,
      });
      let restarts = 0;
      for (;;) {
        const crashPoint = restarts % 2 === 0 ? 'activityCompleted' : 'activityResultStored';
        const crashed =
          restarts < MAX_RESTARTS
            ? harness.durable.stopAfter((event) => event.type === crashPoint)
            : new Promise<never>(() => undefined);
        const run = harness.durable.runUntilIdle({ maxVirtualMs: 2 * DAY });
        const outcome = await Promise.race([crashed.then(() => 'crashed' as const), run.then(() => 'idle' as const)]);
        await run;
        const status = await harness.durable.getStatus(instanceId);
        if (outcome === 'idle' || status?.runtimeStatus === 'Completed' || status?.runtimeStatus === 'Failed') break;
        restarts += 1;
        await harness.restartDurable();
      }

      const status = await harness.durable.getStatus(instanceId);
      const journal = (leg: 'a' | 'b') =>
        harness.arm.control
          .journal(circuitId(leg))
          .filter(
            (entry) => entry.startedAt >= since && entry.resourceId.toLowerCase() === circuitId(leg).toLowerCase(),
          );
      const writes = harness.arm.control.counters().total.writes;
      reportScenario({
        scenario: 'bandwidth change, stop after every step',
        tried: `${String(restarts)} host stops during a 1 → 5 Gbps change (activity result lost, then stored), each resumed`,
        held: 'Completed with one write per circuit, leg b before leg a, never both at once',
        holds: status?.runtimeStatus === 'Completed' && writes === 2,
        duplicates: Math.max(0, writes - 2),
        losses: Math.max(0, 2 - writes),
        deletes: harness.arm.control.counters().total.deletes,
      });
      expect(status?.runtimeStatus).toBe('Completed');
      expect(restarts).toBeGreaterThanOrEqual(Math.min(MAX_RESTARTS, 15));
      expect(writes).toBe(2);
      const [writeB] = journal('b');
      const [writeA] = journal('a');
      expect(writeA?.startedAt).toBeGreaterThanOrEqual(writeB?.endedAt ?? Infinity);
      expect(overlaps(journal('a'), journal('b'), harness.clock.now())).toEqual([]);
      await expectNoUnfinishedCheckpoints(harness, 'contoso', 'restart-bw');
    } finally {
      await harness.stop();
    }
  });
});
