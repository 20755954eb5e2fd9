/**
 * The provider watcher's two timers as the Functions host fires them, against a real onboarding: the whole pass
 * (every 5 minutes) sees the provider at work on both circuits and puts their waits under close watch; the close
 * pass (every minute) then notices `Provisioned` at its next occurrence and wakes the waits, and the request goes on
 * to `Completed`. Everything runs through the app's registrations on the Durable host simulator, the ARM simulator
 * (with its Resource Graph) and Azurite, on one virtual clock.
 */
import { InstanceIds } from '../../orchestrations/contracts';
import { isTerminalStatus } from '../../local/durable/storage/records';
import { runWithTimers, useFunctionsHarness, type TimerSchedule } from '../support/functionsHarness';
import { DAY, HOUR, MINUTE, startOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

const WATCH_TIMERS: readonly TimerSchedule[] = [
  { functionName: 'providerWatcherTimer', everyMs: 5 * MINUTE },
  { functionName: 'providerCloseWatchTimer', everyMs: MINUTE },
];

describe('provider close watch, fired by the Functions host on its schedules', () => {
  const started = useFunctionsHarness({ arm: { provider: { provisionAfterMs: 'never' } } });

  it('wakes both waits at the first minute after Provisioned, once the whole pass saw the provider at work', async () => {
    const harness = started();
    const requestId = 'req-close-watch';
    const instanceId = InstanceIds.forRequest(requestId);
    await startOnboarding(harness, withNewGateways(validConnectThroughSpec()), requestId);
    await harness.durable.runUntilIdle({ maxVirtualMs: 2 * HOUR });
    const waits = harness.composition.tables.providerWaits;
    expect((await waits.list()).items).toHaveLength(2);

    const circuits = harness.arm.control
      .resources()
      .filter((resource) => /expressRouteCircuits\/[^/]+$/i.test(resource.id))
      .map((resource) => resource.id);
    expect(circuits).toHaveLength(2);
    for (const circuit of circuits) harness.arm.control.setProviderState(circuit, 'Provisioning');
    await runWithTimers(harness, { timers: WATCH_TIMERS, maxVirtualMs: 10 * MINUTE });
    expect((await waits.list({ closeWatchOnly: true })).items.map((wait) => wait.circuitId).sort()).toEqual(
      [...circuits].sort(),
    );

    // The provider finishes 20 seconds past a minute: the close watch wakes both waits 40 seconds later.
    const provisionedAt = (Math.floor(harness.clock.now() / MINUTE) + 1) * MINUTE + 20_000;
    await runWithTimers(harness, { timers: WATCH_TIMERS, maxVirtualMs: provisionedAt - harness.clock.now() });
    expect(harness.clock.now()).toBe(provisionedAt);
    for (const circuit of circuits) harness.arm.control.provision(circuit);
    await runWithTimers(harness, {
      timers: WATCH_TIMERS,
      maxVirtualMs: MINUTE,
      until: async () => (await waits.list()).items.length === 0,
    });
    expect(harness.clock.now()).toBe(provisionedAt + 40_000);
    expect(harness.logs.some((line) => /^provider close watch: 2 waits .* 2 woken/.test(line))).toBe(true);

    const completedAt = await runWithTimers(harness, {
      timers: WATCH_TIMERS,
      maxVirtualMs: DAY,
      stopWhen: (status) => status.instanceId === instanceId && isTerminalStatus(status.runtimeStatus),
    });
    expect((await harness.durable.getStatus(instanceId))?.runtimeStatus).toBe('Completed');
    // The figure itself is the benchmark's (`npm run bench -- provisioned-to-completed`); this bounds it loosely.
    expect(completedAt - provisionedAt).toBeLessThan(HOUR);
  }, 60_000);
});
