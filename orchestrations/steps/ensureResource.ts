import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent, ResourceKind } from '../../shared/domain/intents';
import { ErrorCodes, type ErrorDetails } from '../../shared/errors';
import { Activities, EnsureActivities, type ResourceSummary, type StepContext } from '../contracts';
import { recordCheckpoint } from './checkpoint';
import { callActivity } from './calls';
import { pollUntil } from './poll';
import { StepFailed } from './stepFailed';

/** How many times an ensure that found its resource mid-operation waits for it on durable timers and tries again. */
const SETTLE_ROUNDS = 3;
/** How long one such wait may last (ARM operations on circuits and their children take minutes). */
const SETTLE_DEADLINE_MS = 60 * 60_000;
const SETTLE_FIRST_WAIT_MS = 30_000;
const SETTLE_MAX_POLL_MS = 5 * 60_000;
/** How long a started operation may run before its step fails (by the orchestration clock; history stays bounded). */
const LONG_RUNNING_DEADLINE_MS = 8 * 3_600_000;
/** Builds of tens of minutes (gateways) are read less and less often, down to one read every 5 minutes. */
const SLOW_BUILD_KINDS: ReadonlySet<ResourceKind> = new Set<ResourceKind>(['gateway', 'vpnGateway']);
const SLOW_BUILD_MAX_POLL_MS = 5 * 60_000;
/** Provisioning states in which a resource whose DELETE was accepted has stopped going away. */
const DELETE_FAILED_STATES: ReadonlySet<string> = new Set(['Failed', 'Canceled']);
/** ARM provisioning states after which a resource no longer changes by itself. */
export const TERMINAL_STATES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Canceled']);

/**
 * Ensure one resource through its activity; a refusal or a crash that outlived its retries become StepFailed.
 * A resource the activity found mid-operation (another writer's, or our own write whose reply was lost) that did not
 * settle while the activity waited is waited for here, on durable timers, and then ensured again: an activity never
 * blocks for long, and the step reports success only for a settled resource.
 */
export function* ensureResource(
  context: OrchestrationContext,
  step: StepContext,
  intent: ResourceIntent,
  waitForCompletion = true,
): Generator<Task, ResourceSummary, unknown> {
  for (let round = 1; ; round++) {
    let result;
    try {
      result = yield* callActivity(context, EnsureActivities[intent.kind], { ...step, intent, waitForCompletion });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new StepFailed(step.stepKey, { code: ErrorCodes.retriesExhausted, message, retryable: false });
    }
    if (result.ok) return result.resource;
    if (result.error.code !== ErrorCodes.resourceNotSettled || round >= SETTLE_ROUNDS) {
      throw new StepFailed(step.stepKey, result.error);
    }
    // The activity has just waited in vain: sleep before the first read.
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + SETTLE_FIRST_WAIT_MS));
    yield* pollUntil(context, {
      check: () =>
        callActivity(context, Activities.readResource, { kind: intent.kind, id: intent.id, scope: intent.scope }),
      isDone: (read) => !read.exists || TERMINAL_STATES.has(read.resource.provisioningState),
      deadlineAt: context.df.currentUtcDateTime.getTime() + SETTLE_DEADLINE_MS,
      intervalMs: 2 * SETTLE_FIRST_WAIT_MS,
      maxIntervalMs: SETTLE_MAX_POLL_MS,
      backoff: 2,
    });
  }
}

/**
 * Starts an operation of minutes or more (a circuit, a peering, an authorization, a gateway, a connection) in one
 * activity that returns as soon as ARM accepted it, then reads the resource on durable timers until it settles, and
 * checkpoints it Succeeded. No activity waits for ARM, so no worker slot is held while Azure works, and a host
 * restart loses nothing. The first read comes one poll interval after the start; gateways back off to one read
 * every 5 minutes, everything else is read every interval (operations of a few minutes: a late read is a late
 * connection). Gives up after 8 hours by the orchestration clock. `onPending` sees each read that has not settled
 * (an orchestration of its own shows it as its custom status; a circuit lane keeps its phase there instead).
 */
export function* ensureAndPoll(
  context: OrchestrationContext,
  step: StepContext,
  intent: ResourceIntent,
  timing: { readonly resourcePollMs: number },
  onPending?: (resource: ResourceSummary) => void,
): Generator<Task, ResourceSummary, unknown> {
  const started = yield* ensureResource(context, step, intent, false);
  // The ensure activity checkpoints a resource that is already Succeeded; after polling, this orchestration does.
  if (started.provisioningState === 'Succeeded') return started;
  if (TERMINAL_STATES.has(started.provisioningState)) throw provisioningFailed(step.stepKey, started);
  // The operation was started a moment ago: the first read comes after the first sleep.
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + timing.resourcePollMs));

  const polled = yield* pollUntil(context, {
    check: function* () {
      const read = yield* callActivity(context, Activities.readResource, {
        kind: intent.kind,
        id: intent.id,
        scope: intent.scope,
      });
      if (!read.exists) {
        throw new StepFailed(step.stepKey, {
          code: ErrorCodes.resourceDisappeared,
          message: `${intent.id} no longer exists while it was being provisioned`,
          retryable: false,
        });
      }
      return read.resource;
    },
    isDone: (resource) => TERMINAL_STATES.has(resource.provisioningState),
    deadlineAt: context.df.currentUtcDateTime.getTime() + LONG_RUNNING_DEADLINE_MS,
    ...pollingOf(intent.kind, timing.resourcePollMs),
    ...(onPending === undefined
      ? {}
      : {
          onPending: function* (resource: ResourceSummary) {
            onPending(resource);
            yield* [];
          },
        }),
  });
  const resource = polled.value;
  if (polled.status !== 'done') {
    throw new StepFailed(step.stepKey, {
      code: ErrorCodes.provisioningTimedOut,
      message: `${resource.id} still ${resource.provisioningState} after ${polled.checks} polls`,
      retryable: false,
    });
  }
  if (resource.provisioningState !== 'Succeeded') throw provisioningFailed(step.stepKey, resource);
  yield* recordCheckpoint(context, {
    ...step,
    status: 'Succeeded',
    armIds: [resource.id],
    detail: 'provisioningState Succeeded',
  });
  return resource;
}

/**
 * Waits, on durable timers, until `prerequisite` (built by another branch of the request: a connection's gateway)
 * has settled: `ready` once it is Succeeded, `request-ended` when the request has failed elsewhere meanwhile (the
 * other branch may have been refused before it created anything). Throws StepFailed when the prerequisite ended
 * Failed or Canceled, or has not settled by the deadline.
 */
export function* awaitPrerequisite(
  context: OrchestrationContext,
  step: StepContext,
  prerequisite: { readonly stepKey: string; readonly intent: ResourceIntent },
  timing: { readonly resourcePollMs: number },
): Generator<Task, 'ready' | 'request-ended', unknown> {
  const { intent } = prerequisite;
  const polled = yield* pollUntil(context, {
    check: () =>
      callActivity(context, Activities.readPrerequisite, {
        requestId: step.requestId,
        customerId: step.customerId,
        kind: intent.kind,
        id: intent.id,
        scope: intent.scope,
      }),
    isDone: (read) => read.requestEnded || (read.exists && TERMINAL_STATES.has(read.resource.provisioningState)),
    deadlineAt: context.df.currentUtcDateTime.getTime() + LONG_RUNNING_DEADLINE_MS,
    ...pollingOf(intent.kind, timing.resourcePollMs),
    onPending: function* () {
      context.df.setCustomStatus({ stepKey: step.stepKey, waitingFor: prerequisite.stepKey });
      yield* [];
    },
  });
  const read = polled.value;
  if (polled.status === 'done' && read.requestEnded) return 'request-ended';
  if (polled.status === 'done' && read.exists && read.resource.provisioningState === 'Succeeded') return 'ready';
  throw new StepFailed(step.stepKey, {
    code: ErrorCodes.prerequisiteFailed,
    message: read.exists
      ? `${intent.id} (${prerequisite.stepKey}) is ${read.resource.provisioningState}; ${step.stepKey} needs it Succeeded`
      : `${intent.id} (${prerequisite.stepKey}) does not exist after ${polled.checks} reads; ${step.stepKey} needs it`,
    retryable: false,
  });
}

/**
 * Reads a resource whose DELETE ARM accepted, on durable timers, until it is gone; records the step Succeeded then.
 * A resource that stops going (Failed, Canceled) or is still there after the deadline
 * fails the step, recorded, as a value: teardowns report failures, they do not throw them.
 */
export function* awaitDeleted(
  context: OrchestrationContext,
  step: StepContext,
  resource: { readonly kind: ResourceKind; readonly id: string; readonly scope: ResourceIntent['scope'] },
  timing: { readonly resourcePollMs: number },
): Generator<Task, { readonly ok: true } | { readonly ok: false; readonly error: ErrorDetails }, unknown> {
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + timing.resourcePollMs));
  const polled = yield* pollUntil(context, {
    check: () =>
      callActivity(context, Activities.readResource, { kind: resource.kind, id: resource.id, scope: resource.scope }),
    // Gone, or a delete that failed. `Succeeded` is not an end: ARM may still show it for a moment after accepting.
    isDone: (read) => !read.exists || DELETE_FAILED_STATES.has(read.resource.provisioningState),
    deadlineAt: context.df.currentUtcDateTime.getTime() + LONG_RUNNING_DEADLINE_MS,
    ...pollingOf(resource.kind, timing.resourcePollMs),
  });
  const read = polled.value;
  if (!read.exists) {
    yield* recordCheckpoint(context, { ...step, status: 'Succeeded', armIds: [resource.id], detail: 'deleted' });
    return { ok: true };
  }
  const error: ErrorDetails = {
    code: polled.status === 'done' ? ErrorCodes.deleteFailed : ErrorCodes.provisioningTimedOut,
    message:
      polled.status === 'done'
        ? `${resource.id} is still there after ARM accepted its delete (provisioningState ${read.resource.provisioningState})`
        : `${resource.id} still ${read.resource.provisioningState} ${String(polled.checks)} reads after ARM accepted its delete`,
    retryable: false,
  };
  yield* recordCheckpoint(context, { ...step, status: 'Failed', armIds: [resource.id], error });
  return { ok: false, error };
}

/** Every operation of minutes is read at the configured interval; slow builds back off ×1.5 up to 5 minutes. */
function pollingOf(kind: ResourceKind, pollMs: number): { intervalMs: number; maxIntervalMs: number; backoff: number } {
  return SLOW_BUILD_KINDS.has(kind)
    ? { intervalMs: Math.round(pollMs * 1.5), maxIntervalMs: SLOW_BUILD_MAX_POLL_MS, backoff: 1.5 }
    : { intervalMs: pollMs, maxIntervalMs: pollMs, backoff: 1 };
}

function provisioningFailed(stepKey: string, resource: ResourceSummary): StepFailed {
  return new StepFailed(stepKey, {
    code: ErrorCodes.provisioningFailed,
    message: `${resource.id} ended in provisioningState ${resource.provisioningState}`,
    retryable: false,
  });
}
