/**
 * Onboards one customer onto a pair of ExpressRoute circuits, driven by the planner's plan (see
 * steps/onboardingWaves.ts for how the plan becomes waves and lanes):
 *
 *   validate + plan → wait for the customer's lease → register →
 *   route filter, route tables, NSGs →
 *   [leg a: circuit → service key to provider → wait for provider → peerings, authorizations]
 *   ∥ [leg b: the same] ∥ [each VNet's ExpressRoute gateway, 30-45 min] →
 *   connections → subnet associations → verify by reading back → Active.
 *
 * A failure stops the request with the failed step, code and message in the checkpoints; nothing is deleted (a
 * circuit the provider may be provisioning is billed, and only a person decides its fate).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent } from '../shared/domain/intents';
import type { ErrorDetails } from '../shared/errors';
import {
  Activities,
  EnsureActivities,
  InstanceIds,
  Orchestrations,
  type AcquireLeaseInput,
  type BranchFailure,
  type EnsureResourceInput,
  type EnsureResourceOutput,
  type LeaseInput,
  type LongRunningStepInput,
  type LongRunningStepOutput,
  type OnboardCustomerInput,
  type OnboardCustomerOutput,
  type Phase,
  type PlanOnboardingOutput,
  type ProvisionCircuitLegInput,
  type ProvisionCircuitLegOutput,
  type PublishEventInput,
  type RecordRequestOutcomeInput,
  type SetCustomerStatusInput,
  type StepContext,
  type VerifyTopologyOutput,
} from './contracts';
import { recordCheckpoint } from './steps/checkpoint';
import { ensureResource } from './steps/ensureResource';
import { onboardingWaves, type OnboardingWaves } from './steps/onboardingWaves';
import { transientRetry } from './steps/retry';
import { failureDetails, StepFailed } from './steps/stepFailed';

const VERIFY_ATTEMPTS = 5;

export function* onboardCustomerOrchestrator(
  context: OrchestrationContext,
): Generator<Task, OnboardCustomerOutput, unknown> {
  const input = context.df.getInput<OnboardCustomerInput>();
  const customerId = input.spec.customer.id;
  const base = { requestId: input.requestId, customerId };
  const setPhase = (phase: Phase, detail?: string): void => {
    context.df.setCustomStatus({
      phase,
      requestId: input.requestId,
      customerId,
      ...(detail === undefined ? {} : { detail }),
    });
  };

  setPhase('validating');
  const planned = (yield context.df.callActivityWithRetry(Activities.planOnboarding, transientRetry(), {
    requestId: input.requestId,
    spec: input.spec,
  })) as PlanOnboardingOutput;
  if (!planned.ok) {
    const message = planned.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    yield* recordOutcome(context, {
      requestId: input.requestId,
      status: 'Failed',
      error: { code: 'ValidationFailed', message, retryable: false },
    });
    setPhase('failed', 'the request was rejected by validation');
    return { status: 'Rejected', issues: planned.issues };
  }
  const waves = onboardingWaves(planned.plan);
  const resources = planned.plan.steps.flatMap((s) => (s.action === 'ensure' ? [s.intent] : []));

  setPhase('queued');
  yield context.df.callSubOrchestrator(
    Orchestrations.acquireCustomerLease,
    { ...base, stepKey: 'lease', owner: context.df.instanceId, timing: input.timing } satisfies AcquireLeaseInput,
    InstanceIds.lease(context.df.instanceId),
  );
  try {
    yield context.df.callActivityWithRetry(Activities.registerCustomer, transientRetry(), {
      requestId: input.requestId,
      spec: input.spec,
    });
    yield* build(context, input, waves, setPhase);
    yield* verify(context, { ...base, stepKey: 'verify' }, resources, input.timing.resourcePollMs, setPhase);

    yield* setCustomerStatus(context, { ...base, status: 'Active' });
    yield* publish(context, input.requestId, 'completed', customerId, {
      requestId: input.requestId,
      resources: resources.length,
    });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: 'request',
      status: 'Succeeded',
      detail: `${resources.length} resources`,
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Completed' });
    setPhase('completed');
    return { status: 'Completed', customerId, resources: resources.length };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, 'request');
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: 'request',
      status: 'Failed',
      error: details,
      detail: `failed at ${stepKey}`,
    });
    yield* setCustomerStatus(context, { ...base, status: 'Failed', reason: `${stepKey}: ${details.code}` });
    yield* publish(context, input.requestId, 'failed', customerId, {
      requestId: input.requestId,
      stepKey,
      error: details,
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Failed', error: details });
    setPhase('failed', `${stepKey}: ${details.code}: ${details.message}`);
    throw new StepFailed(stepKey, details);
  } finally {
    yield context.df.callActivityWithRetry(Activities.releaseLease, transientRetry(), {
      customerId,
      owner: context.df.instanceId,
    } satisfies LeaseInput);
  }
}

function* build(
  context: OrchestrationContext,
  input: OnboardCustomerInput,
  waves: OnboardingWaves,
  setPhase: (phase: Phase, detail?: string) => void,
): Generator<Task, void, unknown> {
  const base = { requestId: input.requestId, customerId: input.spec.customer.id };
  const requestInstanceId = context.df.instanceId;

  setPhase('provisioning');
  if (waves.preparation.length > 0) {
    // Quick, and before any billed circuit exists: a refusal here costs nothing.
    const prepared = (yield context.df.Task.all(
      waves.preparation.map((step) =>
        context.df.callActivityWithRetry(EnsureActivities[step.intent.kind], transientRetry(), {
          ...base,
          stepKey: step.stepKey,
          intent: step.intent,
          waitForCompletion: true,
        } satisfies EnsureResourceInput),
      ),
    )) as EnsureResourceOutput[];
    prepared.forEach((result, index) => {
      if (!result.ok) throw new StepFailed(waves.preparation[index]?.stepKey ?? 'preparation', result.error);
    });
  }
  const legTasks = waves.lanes.map((lane) =>
    context.df.callSubOrchestrator(
      Orchestrations.provisionCircuitLeg,
      {
        ...base,
        stepKey: lane.circuit.stepKey,
        requestInstanceId,
        leg: lane.leg,
        circuit: lane.circuit.intent,
        afterProvider: lane.afterProvider,
        timing: input.timing,
      } satisfies ProvisionCircuitLegInput,
      InstanceIds.circuitLeg(requestInstanceId, lane.leg),
    ),
  );
  const gatewayTasks = waves.gateways.map((step) =>
    context.df.callSubOrchestrator(
      Orchestrations.ensureLongRunning,
      longRunningInput(base, step.stepKey, step.intent, input),
      InstanceIds.longRunning(requestInstanceId, step.stepKey),
    ),
  );
  setPhase('awaiting-provider', 'circuits with the provider; gateways building meanwhile');
  const branches = (yield context.df.Task.all([...legTasks, ...gatewayTasks])) as (
    ProvisionCircuitLegOutput | LongRunningStepOutput
  )[];
  throwFirstFailure(branches);
  for (const leg of branches.slice(0, legTasks.length) as ProvisionCircuitLegOutput[]) {
    if (leg.outcome === 'deadline-exceeded') {
      throw new StepFailed(`await-provider`, {
        code: 'ProviderDeadlineExceeded',
        message: `the provider did not provision ${leg.circuit.id} before the deadline; the circuit is kept`,
        retryable: false,
      });
    }
  }

  if (waves.connections.length > 0) {
    setPhase('connecting');
    const connections = (yield context.df.Task.all(
      waves.connections.map((step) =>
        context.df.callSubOrchestrator(
          Orchestrations.ensureLongRunning,
          longRunningInput(base, step.stepKey, step.intent, input),
          InstanceIds.longRunning(requestInstanceId, step.stepKey),
        ),
      ),
    )) as LongRunningStepOutput[];
    throwFirstFailure(connections);
  }

  if (waves.subnetAssociations.length > 0) {
    setPhase('associating-subnets');
    for (const step of waves.subnetAssociations) {
      yield* ensureResource(context, { ...base, stepKey: step.stepKey }, step.intent);
    }
  }
}

function longRunningInput(
  base: { requestId: string; customerId: string },
  stepKey: string,
  intent: ResourceIntent,
  input: OnboardCustomerInput,
): LongRunningStepInput {
  return { ...base, stepKey, intent, timing: input.timing };
}

function throwFirstFailure(results: readonly ({ outcome: string } | BranchFailure)[]): void {
  const failed = results.find((r): r is BranchFailure => r.outcome === 'failed');
  if (failed !== undefined) throw new StepFailed(failed.stepKey, failed.error);
}

/** Read everything back (peering state, connection status, provider state); give BGP and links a few minutes. */
function* verify(
  context: OrchestrationContext,
  step: StepContext,
  resources: readonly ResourceIntent[],
  pollMs: number,
  setPhase: (phase: Phase, detail?: string) => void,
): Generator<Task, void, unknown> {
  setPhase('verifying');
  for (let attempt = 1; ; attempt++) {
    const result = (yield context.df.callActivityWithRetry(Activities.verifyTopology, transientRetry(), {
      ...step,
      resources,
    })) as VerifyTopologyOutput;
    if (result.ok) return;
    if (attempt >= VERIFY_ATTEMPTS) {
      const error: ErrorDetails = { code: 'VerificationFailed', message: result.problems.join('; '), retryable: false };
      throw new StepFailed(step.stepKey, error);
    }
    setPhase('verifying', result.problems.join('; '));
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + pollMs));
  }
}

function* recordOutcome(
  context: OrchestrationContext,
  input: RecordRequestOutcomeInput,
): Generator<Task, void, unknown> {
  yield context.df.callActivityWithRetry(Activities.recordRequestOutcome, transientRetry(), input);
}

function* setCustomerStatus(
  context: OrchestrationContext,
  input: SetCustomerStatusInput,
): Generator<Task, void, unknown> {
  yield context.df.callActivityWithRetry(Activities.setCustomerStatus, transientRetry(), input);
}

function* publish(
  context: OrchestrationContext,
  requestId: string,
  outcome: 'completed' | 'failed',
  customerId: string,
  data: Record<string, unknown>,
): Generator<Task, void, unknown> {
  const event: PublishEventInput = {
    id: `${requestId}:onboarding-${outcome}`,
    type: `com.csp.expressroute.onboarding.${outcome}`,
    customerId,
    time: context.df.currentUtcDateTime.toISOString(),
    data,
  };
  yield context.df.callActivityWithRetry(Activities.publishEvent, transientRetry(), event);
}
