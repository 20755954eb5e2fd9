/**
 * The provider watcher's two timers as the Functions host fires them, against a real onboarding: the whole pass
 * (every 5 minutes) sees the provider at work on both circuits and puts their waits under close watch; the close
 * pass (every minute) then notices `Provisioned` at its next occurrence and wakes the waits, and the request goes on
 * to `Completed`. Everything runs through the app's registrations on the Durable host simulator, the ARM simulator
 * (with its Resource Graph) and Azurite, on one virtual clock.
 */
import { InstanceIds } from '../../orchestrations/contracts';
import { useFunctionsHarness } from '../support/functionsHarness';
import { DAY, HOUR, MINUTE, startOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

describe('provider close watch, fired by the Functions host on its schedules', () => {
  const started = useFunctionsHarness({
    arm: { provider: { provisionAfterMs: 'never' } },
    timers: ['providerWatcherTimer', 'providerCloseWatchTimer'],
  });

  it('wakes both waits at the first minute after Provisioned, once the whole pass saw the provider at work', async () => {
    const harness = started();
    const requestId = 'req-close-watch';
    const instanceId = InstanceIds.forRequest(requestId);
    await startOnboarding(harness, withNewGateways(validConnectThroughSpec()), requestId);
    await harness.durable.runUntilIdle({ maxVirtualMs: 2 * HOUR });
    const waits = harness.composition.tables.providerWaits;
    expect((await waits.list()).items).toHaveLength(2);
    // The timers fired on their schedules all along: every minute, and every 5 minutes.
    expect(harness.timers?.fired.get('providerCloseWatchTimer')).toBeGreaterThanOrEqual(119);
    expect(harness.timers?.fired.get('providerWatcherTimer')).toBeGreaterThanOrEqual(23);

    const circuits = harness.arm.control
      .resources()
      .filter((resource) => /expressRouteCircuits\/[^/]+$/i.test(resource.id))
      .map((resource) => resource.id);
    expect(circuits).toHaveLength(2);
    for (const circuit of circuits) harness.arm.control.setProviderState(circuit, 'Provisioning');
    await harness.durable.runUntilIdle({ maxVirtualMs: 10 * MINUTE });
    expect((await waits.list({ closeWatchOnly: true })).items.map((wait) => wait.circuitId).sort()).toEqual(
      [...circuits].sort(),
    );

    // The provider finishes 20 seconds past a minute: the close watch wakes both waits 40 seconds later.
    const provisionedAt = (Math.floor(harness.clock.now() / MINUTE) + 1) * MINUTE + 20_000;
    await harness.durable.runUntilIdle({ maxVirtualMs: provisionedAt - harness.clock.now() });
    harness.clock.advanceTo(provisionedAt);
    for (const circuit of circuits) harness.arm.control.provision(circuit);
    for (const leg of ['a', 'b'] as const) {
      const wait = await harness.durable.waitForCompletion(InstanceIds.providerWait(instanceId, leg), {
        maxVirtualMs: MINUTE,
      });
      expect(wait.runtimeStatus).toBe('Completed');
    }
    expect(harness.clock.now()).toBe(provisionedAt + 40_000);
    expect((await waits.list()).items).toEqual([]);
    expect(harness.logs.some((line) => /^provider close watch: 2 waits .* 2 woken/.test(line))).toBe(true);

    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: DAY });
    expect(status.runtimeStatus).toBe('Completed');
    // The figure itself is the benchmark's (`npm run bench -- provisioned-to-completed`); this bounds it loosely.
    expect(harness.clock.now() - provisionedAt).toBeLessThan(HOUR);
  }, 60_000);
});
