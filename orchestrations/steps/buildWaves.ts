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
  type ProvisionCircuitLegOutput,
  type ResourceSummary,
  type StepContext,
} from '../contracts';
import { activityTask, all, callActivity, subOrchestrationTask } from './calls';
import { ensureResource } from './ensureResource';
import type { OnboardingWaves } from './onboardingWaves';
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
 * Builds the waves of a plan: what goes before any billed circuit, then every circuit lane (circuit → provider →
 * peerings, authorizations) beside the gateway builds, then connections, then subnet associations. Throws
 * `StepFailed` with the first failed step; `progress` lists what exists by then.
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
          timing: request.timing,
        },
        InstanceIds.circuitLeg(requestInstanceId, lane.leg, lane.pair),
      ),
    ),
    gateways: waves.gateways.map((step) =>
      longRunningTask(context, { ...longRunningInput(base, step.stepKey, step.intent, request.timing), stopOnFailure }),
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
        longRunningTask(context, longRunningInput(base, step.stepKey, step.intent, request.timing)),
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

export function throwFirstFailure(results: readonly ({ outcome: string } | BranchFailure)[]): void {
  const failed = results.find((r): r is BranchFailure => r.outcome === 'failed');
  if (failed !== undefined) throw new StepFailed(failed.stepKey, failed.error);
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
