/**
 * A provider that takes weeks: history stays bounded per generation however long the wait (30 days; 8 in quick
 * mode), and polls stay under the stated bound.
 */
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  MAX_PROVIDER_WAIT_HISTORY_EVENTS,
  maxProviderPolls,
  runOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { reportScenario, scaled } from '../support/reliability';
import { validConnectThroughSpec } from '../support/specs';

const WAIT_DAYS = scaled(30, 8);

describe('waiting weeks for the provider', () => {
  let harness: OnboardingHarness;
  afterAll(async () => {
    await harness.stop();
  });

  it(`keeps history bounded over a ${WAIT_DAYS}-day wait`, async () => {
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: WAIT_DAYS * DAY } },
      // The per-generation bound does not depend on the interval; 6 hours keeps weeks quick to simulate.
      env: { ERCSP_PROVIDER_DEADLINE: `${WAIT_DAYS + 1}d`, ERCSP_PROVIDER_POLL_MAX: '6h' },
    });
    let largest = 0;
    let generations = 0;
    harness.durable.onEvent((event) => {
      if (event.type === 'episodeCompleted' && event.name === 'awaitProvider')
        largest = Math.max(largest, event.historyEvents);
      if (event.type === 'continuedAsNew') generations += 1;
    });
    const { status } = await runOnboarding(harness, withNewGateways(validConnectThroughSpec()), 'wait-weeks');
    const polls = 2 * maxProviderPolls(WAIT_DAYS * DAY, harness.timing);
    reportScenario({
      scenario: 'weeks-long provider wait',
      tried: `a ${String(WAIT_DAYS)}-day provider wait, polls up to every 6 h: ${String(generations)} generations`,
      held: `Completed; at most ${String(MAX_PROVIDER_WAIT_HISTORY_EVENTS)} history events a generation (largest ${String(largest)}); polls ≤ ${String(polls)}`,
      holds:
        status.runtimeStatus === 'Completed' &&
        largest <= MAX_PROVIDER_WAIT_HISTORY_EVENTS &&
        generations <= polls &&
        generations > 2 * 4 * (WAIT_DAYS - 1),
      duplicates: 0,
      losses: 0,
      deletes: harness.arm.control.counters().total.deletes,
    });
    expect(status.runtimeStatus).toBe('Completed');
    // At least one generation per leg every 6 hours of the wait, at most the stated poll bound.
    expect(generations).toBeGreaterThan(2 * 4 * (WAIT_DAYS - 1));
    expect(generations).toBeLessThanOrEqual(2 * maxProviderPolls(WAIT_DAYS * DAY, harness.timing));
    expect(largest).toBeLessThanOrEqual(MAX_PROVIDER_WAIT_HISTORY_EVENTS);
  }, 600_000);
});
