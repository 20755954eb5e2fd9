/**
 * A decommission stopped after every step in turn (both crash points: an activity's result lost, and stored), then
 * resumed from stored history: it completes with exactly one ARM DELETE per resource of its plan (no second delete
 * attempt on what an earlier attempt removed, and nothing counted as failed), and the circuits go only after the
 * provider reported NotProvisioned.
 */
import { createProviderDesk } from '../../local/arm/providerDesk';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import type { DecommissionCustomerInput, DecommissionCustomerOutput } from '../../shared/ports/requestWorkflows';
import { startOnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  HOUR,
  expectNoUnfinishedCheckpoints,
  runOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { reportScenario, scaled } from '../support/reliability';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(900_000);

/** Restarts before the run may finish undisturbed. */
const MAX_RESTARTS = scaled(Number.POSITIVE_INFINITY, 12);

function isOutput(value: unknown): value is DecommissionCustomerOutput {
  return typeof value === 'object' && value !== null && 'status' in value && 'customerId' in value;
}

describe('decommission survives host restarts', () => {
  it('stopped after each step in turn and resumed, it deletes each planned resource exactly once', async () => {
    const spec = withNewGateways(validConnectThroughSpec());
    const customerId = spec.customer.id;
    let receive: ((event: Parameters<ReturnType<typeof createProviderDesk>['receive']>[0]) => void) | undefined;
    const harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 2 * HOUR, deprovisionAfterMs: 6 * HOUR } },
      outboundTap: (event) => receive?.(event),
    });
    try {
      const desk = createProviderDesk(harness.arm.control);
      receive = (event) => {
        desk.receive(event);
      };
      const onboarded = await runOnboarding(harness, spec, 'onboard-restarts');
      expect(onboarded.status.runtimeStatus).toBe('Completed');
      harness.arm.control.resetCounters();

      const requestId = 'decom-restarts';
      const input: DecommissionCustomerInput = {
        requestId,
        customerId,
        request: {
          customerId,
          confirmCustomerId: customerId,
          reason: 'Contract ends; the customer moves to ExpressRoute Direct (CHG0048214)',
          approvedBy: 'maria.lopez@csp.example',
          approval: { approvedBy: 'maria.lopez@csp.example', ticket: 'CHG0048214', approvedAt: '2026-11-02T08:00:00Z' },
          deleteGateways: true,
        },
        timing: harness.timing,
      };
      const instanceId = await harness.durable.startNew(Orchestrations.decommissionCustomer, {
        instanceId: InstanceIds.forRequest(requestId),
        input,
      });
      let restarts = 0;
      let output: DecommissionCustomerOutput | undefined;
      for (;;) {
        const crashPoint = restarts % 2 === 0 ? 'activityCompleted' : 'activityResultStored';
        const crashed =
          restarts < MAX_RESTARTS
            ? harness.durable.stopAfter((event) => event.type === crashPoint)
            : new Promise<never>(() => undefined);
        const idle = harness.durable.runUntilIdle({ maxVirtualMs: 20 * DAY });
        const outcome = await Promise.race([crashed.then(() => 'crashed' as const), idle.then(() => 'idle' as const)]);
        await idle;
        const status = await harness.durable.getStatus(instanceId);
        if (outcome === 'idle' || status?.runtimeStatus === 'Completed' || status?.runtimeStatus === 'Failed') {
          output = isOutput(status?.output) ? status.output : undefined;
          break;
        }
        restarts += 1;
        await harness.restartDurable();
      }

      const rows = await harness.composition.tables.checkpoints.list(customerId, requestId);
      // One DELETE per deleted resource of the plan (subnet associations are PUTs of the subnet).
      const deleteSteps = rows.filter((row) => row.stepKey.startsWith('delete:') && !row.stepKey.includes('/subnets/'));
      const deletes = harness.arm.control.counters().total.deletes;
      const left = harness.arm.control
        .resources()
        .filter((r) => r.tags?.['managed-by'] === 'expressroute-csp' && r.tags['csp-customer'] === customerId);
      reportScenario({
        scenario: 'decommission restarts',
        tried: `${String(restarts)} host stops, one after each step in turn`,
        held: `completed; ${String(deletes)} DELETEs for ${String(deleteSteps.length)} approved deletions (the deletes column counts DELETEs beyond the approved plan); nothing of the customer left`,
        holds: output?.status === 'Completed' && deletes === deleteSteps.length && left.length === 0,
        duplicates: Math.max(0, deletes - deleteSteps.length),
        losses: left.length,
        // The suite counts deletes the automation made on its own: here, any beyond the approved plan.
        deletes: Math.max(0, deletes - deleteSteps.length),
      });
      expect(output?.status).toBe('Completed');
      expect(restarts).toBeGreaterThanOrEqual(Math.min(MAX_RESTARTS, 12));
      expect(deleteSteps.length).toBeGreaterThan(10);
      expect(deletes).toBe(deleteSteps.length);
      expect(left.map((r) => r.id)).toEqual([]);
      expect(output?.billingStops).toHaveLength(2);
      await expectNoUnfinishedCheckpoints(harness, customerId, requestId);
    } finally {
      await harness.stop();
    }
  });
});
