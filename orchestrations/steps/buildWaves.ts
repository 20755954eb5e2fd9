/**
 * Building a plan's waves and reading the result back: the part of onboarding that other workflows (a migration's
 * new pair) reuse. Sub-generators composed with `yield*`; deterministic like every orchestrator file.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent } from '../../shared/domain/intents';
import { StepKeys } from '../../shared/domain/stepKeys';
import { ErrorCodes } from '../../shared/errors';
import {
  Activities,
  EnsureActivities,
  InstanceIds,
  Orchestrations,
  type BranchFailure,
  type LongRunningStepInput,
  type LongRunningStepOutput,
  type Phase,
  type ProvisionCircuitLegInput,
  type ProvisionCircuitLegOutput,
  type ResourceSummary,
  type StepContext,
} from '../contracts';
import { activityTask, all, callActivity, subOrchestrationTask, type TypedTask } from './calls';
import { ensureResource } from './ensureResource';
import type { OnboardingLanes } from './onboardingLanes';
import type { CircuitLane, OnboardingWaves, PlannedEnsure } from './onboardingWaves';
import { pollUntil } from './poll';
import { StepFailed } from './stepFailed';

type WorkflowTiming = LongRunningStepInput['timing'];

/** Reading everything back: BGP and links get a few polls to settle. */
const VERIFY_ATTEMPTS = 5;

/** What the build has made so far: a failure lists it (nothing is deleted; circuits are billed). */
export interface BuildProgress {
  readonly made: ResourceSummary[];
}

/** Who builds: the request, its customer, and the timing its workflow was started with. */
export interface BuildRequest {
  readonly requestId: string;
  readonly customerId: string;
  readonly timing: WorkflowTiming;
}

/**
 * Builds the waves of a plan (version 1, kept for onboardings in flight and for migrations): what goes before any
 * billed circuit, then every circuit lane (circuit → provider → peerings, authorizations) beside the gateway builds,
 * then connections, then subnet associations. Throws `StepFailed` with the first failed step; `progress` lists what
 * exists by then.
 */
export function* buildWaves(
  context: OrchestrationContext,
  request: BuildRequest,
  waves: OnboardingWaves,
  setPhase: (phase: Phase, detail?: string) => void,
  progress: BuildProgress,
): Generator<Task, void, unknown> {
  const base = { requestId: request.requestId, customerId: request.customerId };
  const requestInstanceId = context.df.instanceId;

  setPhase('provisioning');
  // Quick, and before any billed circuit exists: a refusal here costs nothing.
  yield* ensureSideBySide(context, base, waves.preparation, progress);

  setPhase('awaiting-provider', 'circuits with the provider; gateways building meanwhile');
  yield* legsBesideGateways(context, request, waves.lanes, waves.gateways, progress, (lane, shared) =>
    subOrchestrationTask(
      context,
      Orchestrations.provisionCircuitLeg,
      { ...shared, afterProvider: lane.afterProvider },
      InstanceIds.circuitLeg(requestInstanceId, lane.leg, lane.pair),
    ),
  );

  if (waves.connections.length > 0) {
    setPhase('connecting');
    yield* ensureLongRunningSideBySide(context, request, waves.connections, progress);
  }

  if (waves.subnetAssociations.length > 0) {
    setPhase('associating-subnets');
    for (const step of waves.subnetAssociations) {
      progress.made.push(yield* ensureResource(context, { ...base, stepKey: step.stepKey }, step.intent));
    }
  }
}

/**
 * Builds a plan's lanes (version 2, onboardingLanes.ts): the quick preparation, then every circuit lane (circuit →
 * provider → peerings → its VNets' connections, each once its gateway is built) beside the gateway builds, then the
 * links that need several circuits, then the subnet associations, VNets side by side. Throws `StepFailed` with the
 * first failed step; `progress` lists what exists by then.
 */
export function* buildLanes(
  context: OrchestrationContext,
  request: BuildRequest,
  lanes: OnboardingLanes,
  setPhase: (phase: Phase, detail?: string) => void,
  progress: BuildProgress,
): Generator<Task, void, unknown> {
  const base = { requestId: request.requestId, customerId: request.customerId };
  const requestInstanceId = context.df.instanceId;

  setPhase('provisioning');
  yield* ensureSideBySide(context, base, lanes.preparation, progress);

  setPhase(
    'awaiting-provider',
    'circuits with the provider; gateways building meanwhile; each VNet connects to a circuit once both are ready',
  );
  yield* legsBesideGateways(context, request, lanes.lanes, lanes.gateways, progress, (lane, shared) =>
    subOrchestrationTask(
      context,
      Orchestrations.provisionCircuitLegV2,
      {
        ...shared,
        beforeProvider: lane.beforeProvider,
        afterProvider: lane.afterProvider,
        connections: lane.connections,
      },
      InstanceIds.circuitLeg(requestInstanceId, lane.leg, lane.pair),
    ),
  );

  if (lanes.linksAfterLanes.length > 0) {
    setPhase('connecting');
    yield* ensureLongRunningSideBySide(context, request, lanes.linksAfterLanes, progress);
  }
  for (const round of lanes.subnetRounds) {
    setPhase('associating-subnets', round.map((step) => step.stepKey).join(', '));
    yield* ensureSideBySide(context, base, round, progress);
  }
}

/** What every circuit leg's input holds, whichever version runs it. */
type SharedLegInput = Omit<ProvisionCircuitLegInput, 'afterProvider'>;

/**
 * Every circuit leg beside every gateway build, joined with one `Task.all`. A branch that fails for good fails the
 * request at once (see StopOnFailure): the other legs stop waiting for their provider instead of waiting days while
 * their circuits are billed. Gateway builds cannot be stopped; the request ends once they have settled. Then what
 * they made is listed and the first failure thrown (settleBranches).
 */
function* legsBesideGateways<Lane extends CircuitLane>(
  context: OrchestrationContext,
  request: BuildRequest,
  lanes: readonly Lane[],
  gatewaySteps: readonly PlannedEnsure[],
  progress: BuildProgress,
  startLeg: (lane: Lane, shared: SharedLegInput) => TypedTask<ProvisionCircuitLegOutput>,
): Generator<Task, void, unknown> {
  const base = { requestId: request.requestId, customerId: request.customerId };
  const requestInstanceId = context.df.instanceId;
  const stopOnFailure = {
    requestInstanceId,
    lanes: lanes.map((lane) => ({ leg: lane.leg, ...(lane.pair === undefined ? {} : { pair: lane.pair }) })),
  };
  const { legs, gateways } = yield* all(context, {
    legs: lanes.map((lane) =>
      startLeg(lane, {
        ...base,
        stepKey: lane.circuit.stepKey,
        requestInstanceId,
        stopOnFailure,
        leg: lane.leg,
        ...(lane.pair === undefined ? {} : { pair: lane.pair }),
        circuit: lane.circuit.intent,
        notifyStepKey: lane.notifyStepKey,
        awaitStepKey: lane.awaitStepKey,
        timing: request.timing,
      }),
    ),
    gateways: gatewaySteps.map((step) =>
      longRunningTask(context, { ...longRunningInput(base, step.stepKey, step.intent, request.timing), stopOnFailure }),
    ),
  });
  settleBranches(lanes, legs, gateways, progress);
}

/** Quick ensures (seconds each) side by side, one activity each that waits for ARM; the first refusal throws. */
function* ensureSideBySide(
  context: OrchestrationContext,
  base: { requestId: string; customerId: string },
  steps: readonly PlannedEnsure[],
  progress: BuildProgress,
): Generator<Task, void, unknown> {
  const { ensured } = yield* all(context, {
    ensured: steps.map((step) =>
      activityTask(context, EnsureActivities[step.intent.kind], {
        ...base,
        stepKey: step.stepKey,
        intent: step.intent,
        waitForCompletion: true,
      }),
    ),
  });
  ensured.forEach((result, index) => {
    if (!result.ok) throw new StepFailed(steps[index]?.stepKey ?? 'preparation', result.error);
    progress.made.push(result.resource);
  });
}

/** Long-running ensures side by side, each a sub-orchestration polled on durable timers; the first failure throws. */
function* ensureLongRunningSideBySide(
  context: OrchestrationContext,
  request: BuildRequest,
  steps: readonly PlannedEnsure[],
  progress: BuildProgress,
): Generator<Task, void, unknown> {
  const base = { requestId: request.requestId, customerId: request.customerId };
  const { results } = yield* all(context, {
    results: steps.map((step) =>
      longRunningTask(context, longRunningInput(base, step.stepKey, step.intent, request.timing)),
    ),
  });
  for (const result of results) progress.made.push(...madeBy(result));
  throwFirstFailure(results);
}

/** After the legs and gateway builds: what they made, then the first failure, then a provider that never came. */
function settleBranches(
  lanes: readonly { readonly circuit: { readonly intent: ResourceIntent }; readonly awaitStepKey: string }[],
  legs: readonly ProvisionCircuitLegOutput[],
  gateways: readonly LongRunningStepOutput[],
  progress: BuildProgress,
): void {
  const branches = [...legs, ...gateways];
  for (const branch of branches) progress.made.push(...madeBy(branch));
  throwFirstFailure(branches);
  for (const leg of legs) {
    if (leg.outcome === 'deadline-exceeded') {
      const lane = lanes.find((l) => l.circuit.intent.id === leg.circuit.id);
      throw new StepFailed(lane?.awaitStepKey ?? StepKeys.request, {
        code: ErrorCodes.providerDeadlineExceeded,
        message: `the provider did not provision ${leg.circuit.id} before the deadline; the circuit is kept`,
        retryable: false,
      });
    }
  }
}

/** One long-running ensure (gateway, connection) as a sub-orchestration polled on durable timers. */
export function longRunningTask(context: OrchestrationContext, input: LongRunningStepInput) {
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
  timing: WorkflowTiming,
): LongRunningStepInput {
  return { ...base, stepKey, intent, timing };
}

export function madeBy(branch: ProvisionCircuitLegOutput | LongRunningStepOutput): readonly ResourceSummary[] {
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

/**
 * Throws the failure that ended the request: the first one that is not merely a branch that stopped because
 * another had failed (`RequestEnded`), so that the request names the step that really failed.
 */
export function throwFirstFailure(results: readonly ({ outcome: string } | BranchFailure)[]): void {
  const cause = firstFailure(results);
  if (cause !== undefined) throw new StepFailed(cause.stepKey, cause.error);
}

/** The failure that ended the request, as `throwFirstFailure` picks it; undefined when every branch succeeded. */
export function firstFailure(results: readonly ({ outcome: string } | BranchFailure)[]): BranchFailure | undefined {
  const failures = results.filter((r): r is BranchFailure => r.outcome === 'failed');
  return failures.find((f) => f.error.code !== ErrorCodes.requestEnded) ?? failures[0];
}

/** Read everything back (peering state, connection status, provider state); give BGP and links a few minutes. */
export function* verifyResources(
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
