/**
 * Make-before-break migration of one circuit pair (shared/domain/migration.ts has the specs and the weights):
 *
 *   plan the move from the registry's spec → plan both pairs as an onboarding (validation, placement, provider
 *   offers) → the customer's lease → build the new pair's circuits, provider hand-off and wait, peerings and
 *   authorizations (onboarding's build, the old pair's lanes left out) → prefer the old pair's connections →
 *   connect every VNet to the new pair → read the new pair back → raise the new pair's connections (both carry
 *   traffic) → lower the old pair's (the new carries it) → read back → retire the old pair with the decommission's
 *   teardown (connections, authorizations, peerings, provider deprovisioning, circuits: billing stops) → the new
 *   pair's connections return to the link's weight → the registry's spec names the new pair.
 *
 * The request's `approval` is the recorded decision for the whole move, the old pair's deletion included.
 *
 * Failure before the traffic moved leaves the old pair as it was (its connections only preferred) and the new pair
 * in place, billed: the failure lists both, and the workflow waits for a person's `Abort` (which tears the new pair
 * down) until the approval timeout. Failure after the move never reconnects the old pair by itself: a person decides.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { ConnectionIntent, ResourceIntent } from '../../shared/domain/intents';
import { intentsOfPair, weightedConnections, type Preference } from '../../shared/domain/migration';
import { StepKeys } from '../../shared/domain/stepKeys';
import { describeIssues, ErrorCodes, type ErrorDetails, type ValidationIssue } from '../../shared/errors';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import type { MigrateCircuitPairInput, MigrateCircuitPairOutput } from '../../shared/ports/requestWorkflows';
import { Activities, ExternalEvents, InstanceIds, Orchestrations } from '../contracts';
import type { ExecuteTeardownOutput, TeardownDecision } from '../decommission/contracts';
import type { Plan } from '../../shared/domain/plan';
import {
  buildLanes,
  buildWaves,
  longRunningTask,
  madeBy,
  throwFirstFailure,
  verifyResources,
  type BuildProgress,
  type BuildRequest,
} from '../steps/buildWaves';
import { all, callActivity, callSubOrchestration } from '../steps/calls';
import { recordCheckpoint } from '../steps/checkpoint';
import { onboardingLanes, type OnboardingLanes } from '../steps/onboardingLanes';
import { onboardingWaves, type OnboardingWaves } from '../steps/onboardingWaves';
import {
  acquireCustomerLease,
  phaseReporter,
  publishRequestEvent,
  recordOutcome,
  releaseCustomerLease,
  type RequestBase,
  type SetPhase,
} from '../steps/requestSteps';
import { failureDetails, StepFailed } from '../steps/stepFailed';
import { MigrationStepKeys } from './contracts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a failed migration waits for a person's `Abort` when the timing carries no approval timeout. */
const DEFAULT_DECISION_WAIT_MS = 7 * DAY_MS;

type Base = RequestBase;

/**
 * How a version builds the new pair from the during-plan: its lanes only (circuits, provider hand-off and wait,
 * peerings, authorizations); no connection or subnet write yet.
 */
type BuildNewPair = (
  context: OrchestrationContext,
  request: BuildRequest,
  plan: Plan,
  newPair: string,
  setPhase: SetPhase,
  progress: BuildProgress,
) => Generator<Task, void, unknown>;

/** Version 1, kept registered for migrations in flight: onboarding's waves (steps/onboardingWaves.ts). */
export const migrateCircuitPairOrchestrator = migrationOrchestrator(
  function* (context, request, plan, newPair, setPhase, progress) {
    yield* buildWaves(context, request, newPairWaves(onboardingWaves(plan), newPair), setPhase, progress);
  },
);

/** What a migration request starts: onboarding's lanes (steps/onboardingLanes.ts), nothing waits for ARM. */
export const migrateCircuitPairV2Orchestrator = migrationOrchestrator(
  function* (context, request, plan, newPair, setPhase, progress) {
    yield* buildLanes(context, request, newPairLanes(onboardingLanes(plan), newPair), setPhase, progress);
  },
);

function migrationOrchestrator(
  buildNewPair: BuildNewPair,
): (context: OrchestrationContext) => Generator<Task, MigrateCircuitPairOutput, unknown> {
  return function* (context) {
    return yield* migrate(context, buildNewPair);
  };
}

function* migrate(
  context: OrchestrationContext,
  buildNewPair: BuildNewPair,
): Generator<Task, MigrateCircuitPairOutput, unknown> {
  const input = context.df.getInput<MigrateCircuitPairInput>();
  const base: Base = { requestId: input.requestId, customerId: input.customerId };
  const setPhase = phaseReporter(context, base);

  setPhase('validating');
  const approval = input.change.approval;
  if (approval === undefined) {
    return yield* reject(context, base, setPhase, [
      {
        path: 'data.approval',
        rule: 'migration.approval-required',
        message: 'is required: a migration builds a new pair and deletes the old one, which needs a recorded decision',
      },
    ]);
  }
  const prepared = yield* callActivity(context, Activities.prepareMigration, { ...base, change: input.change });
  if (!prepared.ok) return yield* reject(context, base, setPhase, prepared.issues);
  const planned = yield* callActivity(context, Activities.planOnboarding, {
    requestId: input.requestId,
    spec: prepared.during,
  });
  if (!planned.ok) return yield* reject(context, base, setPhase, planned.issues);
  const { oldPair, newPair } = prepared;

  setPhase('queued');
  yield* acquireCustomerLease(context, base, input.timing);
  const progress: BuildProgress = { made: [] };
  const state = { trafficMoved: false };
  try {
    yield* callActivity(context, Activities.setCustomerStatus, {
      ...base,
      status: 'Changing',
      reason: `migrating pair ${oldPair} to ${newPair}`,
    });
    const resources = planned.plan.steps.flatMap((step) => (step.action === 'ensure' ? [step.intent] : []));
    const connectionKeys = new Map(
      planned.plan.steps.flatMap((step) =>
        step.action === 'ensure' && step.intent.kind === 'connection' ? [[step.intent.id, step.key] as const] : [],
      ),
    );
    const connectionsOf = (pair: string): ConnectionIntent[] =>
      intentsOfPair(resources, pair).filter((intent): intent is ConnectionIntent => intent.kind === 'connection');
    const request = { ...base, timing: input.timing };

    // The new pair's circuits, provider hand-off and wait, peerings, authorizations; gateways checked. The old
    // pair's lanes are left out (its provider is not told again), and nothing is connected yet.
    yield* buildNewPair(context, request, planned.plan, newPair, setPhase, progress);

    setPhase('connecting', `the old pair "${oldPair}" stays preferred while the new pair is connected`);
    const oldFirst: Preference = { preferred: oldPair, other: newPair };
    yield* setWeights(context, request, progress, preferredOf(resources, oldPair, oldFirst), connectionKeys, {
      stepKey: MigrationStepKeys.preferOld,
    });
    yield* setWeights(context, request, progress, connectionsOf(newPair), connectionKeys, {
      stepKey: (key) => key,
    });
    yield* verifyResources(
      context,
      { ...base, stepKey: MigrationStepKeys.verifyNew },
      intentsOfPair(resources, newPair),
      input.timing.resourcePollMs,
      setPhase,
    );

    setPhase('moving-traffic', `from pair "${oldPair}" to "${newPair}"`);
    const both: Preference = { equal: [oldPair, newPair] };
    yield* setWeights(context, request, progress, preferredOf(resources, newPair, both), connectionKeys, {
      stepKey: MigrationStepKeys.raiseNew,
    });
    state.trafficMoved = true;
    const newFirst: Preference = { preferred: newPair, other: oldPair };
    yield* setWeights(context, request, progress, connectionsOf(oldPair), connectionKeys, {
      stepKey: MigrationStepKeys.lowerOld,
    });
    const moved = weightedConnections(resources, newFirst);
    yield* verifyResources(
      context,
      { ...base, stepKey: MigrationStepKeys.verifyMoved },
      moved,
      input.timing.resourcePollMs,
      setPhase,
    );
    yield* publish(context, base, 'traffic-moved', OutboundEventTypes.migrationTrafficMoved, { oldPair, newPair });

    const decision: TeardownDecision = {
      approvedBy: approval.approvedBy,
      reference: approval.ticket,
      ...(input.change.reason === undefined ? {} : { reason: input.change.reason }),
      planDigest: '',
      via: 'request',
      at: approval.approvedAt,
    };
    const retired = yield* retirePair(context, base, input, oldPair, decision, setPhase);
    if (retired.outcome !== 'completed') throw retirementFailure(retired);

    setPhase('connecting', `the new pair "${newPair}" returns to the links' weights`);
    yield* setWeights(context, request, progress, connectionsOf(newPair), connectionKeys, {
      stepKey: MigrationStepKeys.settleNew,
    });
    yield* callActivity(context, Activities.recordMigratedSpec, { ...base, spec: prepared.after });
    yield* callActivity(context, Activities.setCustomerStatus, { ...base, status: 'Active' });
    yield* publish(context, base, 'completed', OutboundEventTypes.migrationCompleted, {
      oldPair,
      newPair,
      billingStops: retired.billingStops,
    });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Succeeded',
      detail: `pair ${oldPair} replaced by ${newPair}`,
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Completed' });
    setPhase('completed');
    return { status: 'Completed', oldPair, newPair, billingStops: retired.billingStops };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, StepKeys.request);
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Failed',
      error: details,
      detail: `failed at ${stepKey}`,
    });
    yield* callActivity(context, Activities.closeOpenSteps, { ...base, failedStep: stepKey, error: details });
    yield* publish(context, base, 'failed', OutboundEventTypes.migrationFailed, {
      stepKey,
      error: details,
      oldPair,
      newPair,
      trafficMoved: state.trafficMoved,
      // What exists and stays: nothing is deleted without a decision, and circuits are billed.
      existing: progress.made.map((r) => ({ id: r.id, kind: r.kind, billed: r.kind === 'circuit' })),
    });
    yield* callActivity(context, Activities.setCustomerStatus, {
      ...base,
      status: 'Failed',
      reason: `migration ${oldPair} → ${newPair} failed at ${stepKey}: ${details.code}`,
    });
    if (!state.trafficMoved) yield* offerAbort(context, base, input, newPair, setPhase);
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Failed', error: details });
    setPhase('failed', `${stepKey}: ${details.code}: ${details.message}`);
    throw new StepFailed(stepKey, details);
  } finally {
    yield* releaseCustomerLease(context, base.customerId);
  }
}

/** The lanes of the during-plan that build the new pair: its lanes only, no connections or subnet writes yet. */
function newPairLanes(lanes: OnboardingLanes, newPair: string): OnboardingLanes {
  return {
    ...lanes,
    lanes: lanes.lanes.filter((lane) => lane.pair === newPair).map((lane) => ({ ...lane, connections: [] })),
    linksAfterLanes: [],
    subnetRounds: [],
  };
}

/** Version 1's waves of the during-plan that build the new pair. */
function newPairWaves(waves: OnboardingWaves, newPair: string): OnboardingWaves {
  return {
    ...waves,
    lanes: waves.lanes.filter((lane) => lane.pair === newPair),
    connections: [],
    subnetAssociations: [],
  };
}

/** The connections of `pair` with the weights of the moment `preference` describes. */
function preferredOf(resources: readonly ResourceIntent[], pair: string, preference: Preference): ConnectionIntent[] {
  return weightedConnections(intentsOfPair(resources, pair), preference);
}

/** Writes connections (only what differs: the ensure is idempotent) in parallel, each polled on durable timers. */
function* setWeights(
  context: OrchestrationContext,
  request: Base & { readonly timing: MigrateCircuitPairInput['timing'] },
  progress: BuildProgress,
  connections: readonly ConnectionIntent[],
  planKeys: ReadonlyMap<string, string>,
  keys: { readonly stepKey: (planKey: string) => string },
): Generator<Task, void, unknown> {
  if (connections.length === 0) return;
  const { written } = yield* all(context, {
    written: connections.map((intent) =>
      longRunningTask(context, {
        requestId: request.requestId,
        customerId: request.customerId,
        stepKey: keys.stepKey(planKeys.get(intent.id) ?? intent.id),
        intent,
        timing: request.timing,
      }),
    ),
  });
  for (const result of written) progress.made.push(...madeBy(result));
  throwFirstFailure(written);
}

/** Plans one pair's teardown from Azure and runs it with the decommission's teardown (provider wait included). */
function* retirePair(
  context: OrchestrationContext,
  base: Base,
  input: MigrateCircuitPairInput,
  pair: string,
  decision: TeardownDecision,
  setPhase: SetPhase,
): Generator<Task, ExecuteTeardownOutput, unknown> {
  setPhase('tearing-down', `pair ${pair}`);
  const { plan } = yield* callActivity(context, Activities.planPairRetirement, {
    ...base,
    pair,
    stepKey: MigrationStepKeys.retirePlan(pair),
  });
  return yield* callSubOrchestration(
    context,
    Orchestrations.executeTeardown,
    {
      ...base,
      requestInstanceId: context.df.instanceId,
      plan,
      decision: { ...decision, planDigest: plan.digest },
      timing: input.timing,
    },
    InstanceIds.longRunning(context.df.instanceId, `retire:${pair}`),
  );
}

function retirementFailure(retired: Exclude<ExecuteTeardownOutput, { outcome: 'completed' }>): StepFailed {
  if (retired.outcome === 'failed') return new StepFailed(retired.stepKey, retired.error);
  return new StepFailed(retired.stepKey, {
    code: ErrorCodes.providerDeadlineExceeded,
    message: `the provider did not deprovision ${retired.circuitIds.join(', ')} before the deadline; the old pair's circuits are kept (billed) and the traffic stays on the new pair`,
    retryable: false,
  });
}

/**
 * Before the traffic moved, a failed migration leaves the new pair in place (billed) and waits for a person: an
 * `Abort` tears the new pair down (their recorded decision); at the deadline the new pair stays.
 */
function* offerAbort(
  context: OrchestrationContext,
  base: Base,
  input: MigrateCircuitPairInput,
  newPair: string,
  setPhase: SetPhase,
): Generator<Task, void, unknown> {
  setPhase(
    'awaiting-decision',
    `the old pair is unchanged and carries the traffic; send Abort to tear the new pair "${newPair}" down, or leave it`,
  );
  const waitMs = input.timing.approvalTimeoutMs ?? DEFAULT_DECISION_WAIT_MS;
  const deadline = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitMs));
  const abort = context.df.waitForExternalEvent(ExternalEvents.abort);
  const winner: unknown = yield context.df.Task.any([deadline, abort]);
  if (winner !== abort) {
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: MigrationStepKeys.abort,
      status: 'Skipped',
      detail: `no Abort before the deadline: the new pair "${newPair}" is kept`,
    });
    return;
  }
  deadline.cancel();
  const sent = abortEvent(abort.result);
  yield* recordCheckpoint(context, {
    ...base,
    stepKey: MigrationStepKeys.abort,
    status: 'Succeeded',
    detail: `Abort by ${sent.by}: tearing the new pair "${newPair}" down`,
  });
  const decision: TeardownDecision = {
    approvedBy: sent.by,
    ...(sent.reason === undefined ? {} : { reason: sent.reason }),
    planDigest: '',
    via: 'event',
    ...(sent.sentBy === undefined ? {} : { sentBy: sent.sentBy }),
    at: context.df.currentUtcDateTime.toISOString(),
  };
  yield* retirePair(context, base, input, newPair, decision, setPhase);
}

/** Who aborted (the body's `abortedBy`) and who sent the event (recorded by the HTTP route). */
function abortEvent(payload: unknown): { by: string; sentBy?: string; reason?: string } {
  const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const sentBy = text(record.sentBy);
  const reason = text(record.reason);
  return {
    by: text(record.abortedBy) ?? sentBy ?? 'unknown',
    ...(sentBy === undefined ? {} : { sentBy }),
    ...(reason === undefined ? {} : { reason }),
  };
}

function* reject(
  context: OrchestrationContext,
  base: Base,
  setPhase: SetPhase,
  issues: readonly ValidationIssue[],
): Generator<Task, MigrateCircuitPairOutput, unknown> {
  const error: ErrorDetails = { code: ErrorCodes.validationFailed, message: describeIssues(issues), retryable: false };
  yield* recordOutcome(context, { requestId: base.requestId, status: 'Failed', error });
  setPhase('failed', 'the request was rejected by validation');
  return { status: 'Rejected', issues };
}

/** The migration's outbound events carry the request id in their data, and `migration-` in their ids. */
function* publish(
  context: OrchestrationContext,
  base: Base,
  suffix: string,
  type: string,
  data: Record<string, unknown>,
): Generator<Task, void, unknown> {
  yield* publishRequestEvent(context, base, `migration-${suffix}`, type, { requestId: base.requestId, ...data });
}
