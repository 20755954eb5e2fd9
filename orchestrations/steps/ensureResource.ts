import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent } from '../../shared/domain/intents';
import { ErrorCodes } from '../../shared/errors';
import { Activities, EnsureActivities, type ResourceSummary, type StepContext } from '../contracts';
import { callActivity } from './calls';
import { pollUntil } from './poll';
import { StepFailed } from './stepFailed';

/** How many times an ensure that found its resource mid-operation waits for it on durable timers and tries again. */
const SETTLE_ROUNDS = 3;
/** How long one such wait may last (ARM operations on circuits and their children take minutes). */
const SETTLE_DEADLINE_MS = 60 * 60_000;
const SETTLE_FIRST_WAIT_MS = 30_000;
const SETTLE_MAX_POLL_MS = 5 * 60_000;
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
