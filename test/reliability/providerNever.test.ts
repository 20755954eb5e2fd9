/**
 * A provider that never provisions: the onboarding sends its reminders, escalates at the deadline and fails, keeps
 * both circuits (nothing is ever deleted on failure), and leaves no step under way. The full run waits the default
 * 14 days; quick mode a 3-day deadline with daily reminders (the same path, fewer polls).
 */
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { startOnboardingHarness } from '../support/onboardingHarness';
import { runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { QUICK, reportScenario } from '../support/reliability';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(900_000);

const TIMING: Record<string, string> = QUICK
  ? { ERCSP_PROVIDER_DEADLINE: '3d', ERCSP_PROVIDER_REMINDER_EVERY: '1d', ERCSP_PROVIDER_POLL_MAX: '12h' }
  : { ERCSP_PROVIDER_POLL_MAX: '6h' };

it('escalates at the deadline, fails, keeps both circuits, deletes nothing, leaves no step under way', async () => {
  const harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 'never' } }, env: TIMING });
  try {
    const spec = withNewGateways(validConnectThroughSpec());
    const { status, makespanMs } = await runOnboarding(harness, spec, 'never-provisioned');
    const events = await harness.composition.tables.outbound.list(spec.customer.id);
    const count = (type: string) => events.filter((event) => event.type === type).length;
    const circuits = harness.arm.control
      .resources()
      .filter((resource) => resource.type === 'Microsoft.Network/expressRouteCircuits').length;
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id, 'never-provisioned');
    const underWay = rows.filter((row) => row.status === 'Started' || row.status === 'Waiting').length;
    const reminders = count(OutboundEventTypes.provisioningReminder);
    const escalations = count(OutboundEventTypes.provisioningEscalated);
    const failedEvents = count(OutboundEventTypes.onboardingFailed);
    const deadlineMs = harness.timing.providerDeadlineMs;
    const expectedReminders = 2 * (Math.ceil(deadlineMs / harness.timing.providerReminderEveryMs) - 1);
    reportScenario({
      scenario: 'provider never provisions',
      tried: `a provider that never acts, deadline ${String(deadlineMs / 86_400_000)} days (waited ${(makespanMs / 86_400_000).toFixed(1)})`,
      held: `Failed at the deadline; ${String(reminders)} reminders, ${String(escalations)} escalations, 1 failure event; ${String(circuits)} circuits kept`,
      holds:
        status.runtimeStatus === 'Failed' &&
        reminders === expectedReminders &&
        escalations === 2 &&
        failedEvents === 1 &&
        circuits === 2,
      duplicates: Math.max(0, failedEvents - 1) + Math.max(0, escalations - 2),
      losses: underWay,
      deletes: harness.arm.control.counters().total.deletes,
    });
    expect(status.runtimeStatus).toBe('Failed');
    expect(reminders).toBe(expectedReminders);
    expect(escalations).toBe(2);
    expect(failedEvents).toBe(1);
    expect(circuits).toBe(2);
    expect(underWay).toBe(0);
    expect(harness.arm.control.counters().total.deletes).toBe(0);
  } finally {
    await harness.stop();
  }
});
