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
import { StepKeys } from '../shared/domain/stepKeys';
import { describeIssues, ErrorCodes, type ErrorDetails } from '../shared/errors';
import { OutboundEventTypes } from '../shared/ports/outbound';
import {
  Activities,
  EnsureActivities,
  InstanceIds,
  Orchestrations,
  type BranchFailure,
  type LongRunningStepInput,
  type LongRunningStepOutput,
  type ProvisionCircuitLegOutput,
  type ResourceSummary,
  type OnboardCustomerInput,
  type OnboardCustomerOutput,
  type Phase,
  type RecordRequestOutcomeInput,
  type SetCustomerStatusInput,
  type StepContext,
} from './contracts';
import { activityTask, all, callActivity, callSubOrchestration, subOrchestrationTask } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { ensureResource } from './steps/ensureResource';
import { onboardingWaves, type OnboardingWaves } from './steps/onboardingWaves';
import { pollUntil } from './steps/poll';
import { failureDetails, StepFailed } from './steps/stepFailed';

/** Reading everything back: BGP and links get a few polls to settle. */
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
  const planned = yield* callActivity(context, Activities.planOnboarding, {
    requestId: input.requestId,
    spec: input.spec,
  });
  if (!planned.ok) {
    const message = describeIssues(planned.issues);
    yield* recordOutcome(context, {
      requestId: input.requestId,
      status: 'Failed',
      error: { code: ErrorCodes.validationFailed, message, retryable: false },
    });
    setPhase('failed', 'the request was rejected by validation');
    return { status: 'Rejected', issues: planned.issues };
  }
  const waves = onboardingWaves(planned.plan);
  const resources = planned.plan.steps.flatMap((s) => (s.action === 'ensure' ? [s.intent] : []));

  setPhase('queued');
  yield* callSubOrchestration(
    context,
    Orchestrations.acquireCustomerLease,
    { ...base, stepKey: StepKeys.lease, owner: context.df.instanceId, timing: input.timing },
    InstanceIds.lease(context.df.instanceId),
  );
  const progress: BuildProgress = { made: [] };
  try {
    yield* callActivity(context, Activities.registerCustomer, {
      requestId: input.requestId,
      spec: input.spec,
      ...(planned.placements === undefined ? {} : { placements: planned.placements }),
    });
    yield* build(context, input, waves, setPhase, progress);
    yield* verify(context, { ...base, stepKey: StepKeys.verify }, resources, input.timing.resourcePollMs, setPhase);

    yield* setCustomerStatus(context, { ...base, status: 'Active' });
    yield* publish(context, input.requestId, 'completed', customerId, {
      requestId: input.requestId,
      resources: resources.length,
    });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Succeeded',
      detail: `${resources.length} resources`,
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Completed' });
    setPhase('completed');
    return { status: 'Completed', customerId, resources: resources.length };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, StepKeys.request);
    yield* announceFailure(context, base, stepKey, details);
    yield* callActivity(context, Activities.closeOpenSteps, { ...base, failedStep: stepKey, error: details });
    yield* publish(context, input.requestId, 'failed', customerId, {
      requestId: input.requestId,
      stepKey,
      error: details,
      // What the request made and left in place: nothing is deleted, and circuits are billed until someone decides.
      existing: progress.made.map((r) => ({ id: r.id, kind: r.kind, billed: r.kind === 'circuit' })),
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Failed', error: details });
    setPhase('failed', `${stepKey}: ${details.code}: ${details.message}`);
    throw new StepFailed(stepKey, details);
  } finally {
    yield* callActivity(context, Activities.releaseLease, { customerId, owner: context.df.instanceId });
  }
}

/** What the build has made so far: a failure lists it (nothing is deleted; circuits are billed). */
interface BuildProgress {
  readonly made: ResourceSummary[];
}

/** The request's failure: its `request` checkpoint says Failed (a failing branch may have said so already). */
function* announceFailure(
  context: OrchestrationContext,
  base: { requestId: string; customerId: string },
  stepKey: string,
  details: ErrorDetails,
): Generator<Task, void, unknown> {
  yield* recordCheckpoint(context, {
    ...base,
    stepKey: StepKeys.request,
    status: 'Failed',
    error: details,
    detail: `failed at ${stepKey}`,
  });
  yield* setCustomerStatus(context, { ...base, status: 'Failed', reason: `${stepKey}: ${details.code}` });
}

function* build(
  context: OrchestrationContext,
  input: OnboardCustomerInput,
  waves: OnboardingWaves,
  setPhase: (phase: Phase, detail?: string) => void,
  progress: BuildProgress,
): Generator<Task, void, unknown> {
  const base = { requestId: input.requestId, customerId: input.spec.customer.id };
  const requestInstanceId = context.df.instanceId;

  setPhase('provisioning');
  // Quick, and before any billed circuit exists: a refusal here costs nothing.
  const { prepared } = yield* all(context, {
    prepared: waves.preparation.map((step) =>
      activityTask(context, EnsureActivities[step.intent.kind], {
        ...base,
        stepKey: step.stepKey,
        intent: step.intent,
        waitForCompletion: true,
      }),
    ),
  });
  prepared.forEach((result, index) => {
    if (!result.ok) throw new StepFailed(waves.preparation[index]?.stepKey ?? 'preparation', result.error);
    progress.made.push(result.resource);
  });

  setPhase('awaiting-provider', 'circuits with the provider; gateways building meanwhile');
  // A branch that fails for good fails the request at once (see StopOnFailure): the other legs stop waiting for
  // their provider instead of waiting days while their circuits are billed. Gateway builds cannot be stopped; the
  // request ends once they have settled.
  const stopOnFailure = {
    requestInstanceId,
    lanes: waves.lanes.map((lane) => ({ leg: lane.leg, ...(lane.pair === undefined ? {} : { pair: lane.pair }) })),
  };
  const { legs, gateways } = yield* all(context, {
    legs: waves.lanes.map((lane) =>
      subOrchestrationTask(
        context,
        Orchestrations.provisionCircuitLeg,
        {
          ...base,
          stepKey: lane.circuit.stepKey,
          requestInstanceId,
          stopOnFailure,
          leg: lane.leg,
          ...(lane.pair === undefined ? {} : { pair: lane.pair }),
          circuit: lane.circuit.intent,
          notifyStepKey: lane.notifyStepKey,
          awaitStepKey: lane.awaitStepKey,
          afterProvider: lane.afterProvider,
          timing: input.timing,
        },
        InstanceIds.circuitLeg(requestInstanceId, lane.leg, lane.pair),
      ),
    ),
    gateways: waves.gateways.map((step) =>
      longRunningTask(context, { ...longRunningInput(base, step.stepKey, step.intent, input), stopOnFailure }),
    ),
  });
  const branches = [...legs, ...gateways];
  for (const branch of branches) progress.made.push(...madeBy(branch));
  throwFirstFailure(branches);
  for (const leg of legs) {
    if (leg.outcome === 'deadline-exceeded') {
      const lane = waves.lanes.find((l) => l.circuit.intent.id === leg.circuit.id);
      throw new StepFailed(lane?.awaitStepKey ?? StepKeys.request, {
        code: ErrorCodes.providerDeadlineExceeded,
        message: `the provider did not provision ${leg.circuit.id} before the deadline; the circuit is kept`,
        retryable: false,
      });
    }
  }

  if (waves.connections.length > 0) {
    setPhase('connecting');
    const { connections } = yield* all(context, {
      connections: waves.connections.map((step) =>
        longRunningTask(context, longRunningInput(base, step.stepKey, step.intent, input)),
      ),
    });
    for (const connection of connections) progress.made.push(...madeBy(connection));
    throwFirstFailure(connections);
  }

  if (waves.subnetAssociations.length > 0) {
    setPhase('associating-subnets');
    for (const step of waves.subnetAssociations) {
      progress.made.push(yield* ensureResource(context, { ...base, stepKey: step.stepKey }, step.intent));
    }
  }
}

function longRunningTask(context: OrchestrationContext, input: LongRunningStepInput) {
  return subOrchestrationTask(
    context,
    Orchestrations.ensureLongRunning,
    input,
    InstanceIds.longRunning(context.df.instanceId, input.stepKey),
  );
}

function longRunningInput(
  base: { requestId: string; customerId: string },
  stepKey: string,
  intent: ResourceIntent,
  input: OnboardCustomerInput,
): LongRunningStepInput {
  return { ...base, stepKey, intent, timing: input.timing };
}

function madeBy(branch: ProvisionCircuitLegOutput | LongRunningStepOutput): readonly ResourceSummary[] {
  switch (branch.outcome) {
    case 'failed':
      return branch.existing ?? [];
    case 'succeeded':
      return [branch.resource];
    case 'ready':
      return [branch.circuit, ...branch.configured];
    case 'deadline-exceeded':
    case 'stopped':
      return [branch.circuit];
  }
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
  const result = yield* pollUntil(context, {
    check: () => callActivity(context, Activities.verifyTopology, { ...step, resources }),
    isDone: (verified) => verified.ok,
    deadlineAt: context.df.currentUtcDateTime.getTime() + (VERIFY_ATTEMPTS - 1) * pollMs,
    intervalMs: pollMs,
    onPending: function* (verified) {
      setPhase('verifying', verified.problems.join('; '));
      yield* [];
    },
  });
  if (result.status !== 'done') {
    throw new StepFailed(step.stepKey, {
      code: ErrorCodes.verificationFailed,
      message: result.value.problems.join('; '),
      retryable: false,
    });
  }
}

function* recordOutcome(
  context: OrchestrationContext,
  input: RecordRequestOutcomeInput,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.recordRequestOutcome, input);
}

function* setCustomerStatus(
  context: OrchestrationContext,
  input: SetCustomerStatusInput,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.setCustomerStatus, input);
}

function* publish(
  context: OrchestrationContext,
  requestId: string,
  outcome: 'completed' | 'failed',
  customerId: string,
  data: Record<string, unknown>,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.publishEvent, {
    id: `${requestId}:onboarding-${outcome}`,
    type: outcome === 'completed' ? OutboundEventTypes.onboardingCompleted : OutboundEventTypes.onboardingFailed,
    customerId,
    time: context.df.currentUtcDateTime.toISOString(),
    data,
  });
}
