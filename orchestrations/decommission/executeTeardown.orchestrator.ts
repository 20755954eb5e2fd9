/**
 * Runs a teardown plan whose deletion was decided (shared/domain/teardownPlan.ts), phase after phase in the plan's
 * order: connections → authorizations → subnet associations → route tables and NSGs → peerings → the provider
 * deprovisions each circuit → circuits (billing stops: the time of each is returned) → route filter → gateways.
 *
 * Each delete is one checkpointed, idempotent activity (already gone is done) that returns once ARM accepted it; the
 * orchestrator then reads the resource on durable timers until it is gone, so no activity waits for ARM (a gateway
 * takes about 20 minutes to go). A circuit's billing stop is when it is really gone. The provider step asks for each
 * circuit still Provisioned (`provider.deprovision.requested`, with its service key) and waits for all of them in
 * parallel with the provider wait (`awaitProvider`, `awaiting: 'NotProvisioned'`: backoff, `ProviderDeprovisioned`
 * wakes it, reminders, escalation, continue-as-new). At the provider deadline it stops: no circuit, route filter or
 * gateway is deleted, and the caller tells a person.
 *
 * Reusable: a migration retiring an old pair passes the plan of that pair and its recorded decision.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { TEARDOWN_PHASES, type TeardownStep } from '../../shared/domain/teardownPlan';
import { Activities, InstanceIds, Orchestrations } from '../contracts';
import { all, callActivity, subOrchestrationTask } from '../steps/calls';
import { recordCheckpoint } from '../steps/checkpoint';
import { awaitDeleted } from '../steps/ensureResource';
import type { BillingStop, ExecuteTeardownInput, ExecuteTeardownOutput } from './contracts';

type DeprovisionStep = Extract<TeardownStep, { action: 'requestDeprovision' }>;

export function* executeTeardownOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ExecuteTeardownOutput, unknown> {
  const input = context.df.getInput<ExecuteTeardownInput>();
  const base = { requestId: input.requestId, customerId: input.customerId };
  const billingStops: BillingStop[] = [];
  let deleted = 0;
  let alreadyGone = 0;

  for (const phase of TEARDOWN_PHASES) {
    const steps = input.plan.steps.filter((step) => step.phase === phase);
    if (steps.length === 0) continue;
    context.df.setCustomStatus({
      phase: 'tearing-down',
      requestId: input.requestId,
      customerId: input.customerId,
      detail: phase,
    });

    if (phase === 'provider') {
      const circuits = steps.filter((step): step is DeprovisionStep => step.action === 'requestDeprovision');
      for (const step of circuits) yield* requestDeprovision(context, input, step);
      const { waits } = yield* all(context, {
        waits: circuits.map((step) =>
          subOrchestrationTask(
            context,
            Orchestrations.awaitProvider,
            {
              ...base,
              stepKey: step.awaitKey,
              awaiting: 'NotProvisioned',
              leg: step.circuit.leg,
              ...(step.circuit.pair === undefined ? {} : { pair: step.circuit.pair }),
              circuitId: step.circuit.id,
              scope: step.circuit.scope,
              serviceKey: step.circuit.serviceKey,
              timing: input.timing,
            },
            InstanceIds.deprovisionWait(input.requestInstanceId, step.circuit.leg, step.circuit.pair),
          ),
        ),
      });
      const late = circuits.filter((_, index) => waits[index]?.outcome !== 'deprovisioned');
      if (late.length > 0) {
        return {
          outcome: 'provider-deadline',
          stepKey: late[0]?.awaitKey ?? 'provider',
          circuitIds: late.map((step) => step.circuit.id),
          deleted,
        };
      }
      continue;
    }

    for (const step of steps) {
      if (step.action !== 'delete') continue;
      const result = yield* callActivity(context, Activities.deleteTeardownResource, {
        ...base,
        stepKey: step.key,
        resource: step.resource,
        waitForCompletion: false,
      });
      if (!result.ok) return { outcome: 'failed', stepKey: step.key, error: result.error, deleted };
      if (result.outcome === 'deleting') {
        // ARM removes it in its own time (a gateway: about 20 minutes): read it on durable timers until it is gone.
        const gone = yield* awaitDeleted(context, { ...base, stepKey: step.key }, step.resource, input.timing);
        if (!gone.ok) return { outcome: 'failed', stepKey: step.key, error: gone.error, deleted };
      }
      if (result.outcome === 'absent') alreadyGone += 1;
      else deleted += 1;
      if (step.resource.kind === 'circuit') {
        billingStops.push({ circuitId: step.resource.id, stoppedAt: context.df.currentUtcDateTime.toISOString() });
      }
    }
  }
  return { outcome: 'completed', deleted, alreadyGone, billingStops };
}

/**
 * Asks the provider to deprovision one circuit, unless it already has: a circuit the provider never provisioned, or
 * one already deprovisioning (an earlier run asked), needs no request.
 */
function* requestDeprovision(
  context: OrchestrationContext,
  input: ExecuteTeardownInput,
  step: DeprovisionStep,
): Generator<Task, void, unknown> {
  const base = { requestId: input.requestId, customerId: input.customerId };
  const { circuit } = step;
  const state = yield* callActivity(context, Activities.readProviderState, {
    ...base,
    circuitId: circuit.id,
    scope: circuit.scope,
  });
  if (state.serviceProviderProvisioningState !== 'Provisioned') {
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: step.key,
      status: 'Skipped',
      armIds: [circuit.id],
      detail: `no request needed: the provider state is ${state.serviceProviderProvisioningState}`,
    });
    return;
  }
  yield* callActivity(context, Activities.notifyProvider, {
    ...base,
    stepKey: step.key,
    leg: circuit.leg,
    ...(circuit.pair === undefined ? {} : { pair: circuit.pair }),
    circuitId: circuit.id,
    serviceKey: circuit.serviceKey,
    kind: 'deprovision-requested',
    sequence: 0,
    detail: `the Azure peerings are gone; deprovision ${circuit.serviceProviderName} at ${circuit.peeringLocation} (${circuit.bandwidthMbps} Mbps) so that the circuit can be deleted (decision by ${input.decision.approvedBy})`,
  });
}
