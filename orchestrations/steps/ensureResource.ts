import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent } from '../../shared/domain/intents';
import { ErrorCodes } from '../../shared/errors';
import { EnsureActivities, type ResourceSummary, type StepContext } from '../contracts';
import { callActivity } from './calls';
import { StepFailed } from './stepFailed';

/** Ensure one resource through its activity; a refusal or a crash that outlived its retries become StepFailed. */
export function* ensureResource(
  context: OrchestrationContext,
  step: StepContext,
  intent: ResourceIntent,
  waitForCompletion = true,
): Generator<Task, ResourceSummary, unknown> {
  let result;
  try {
    result = yield* callActivity(context, EnsureActivities[intent.kind], { ...step, intent, waitForCompletion });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StepFailed(step.stepKey, { code: ErrorCodes.retriesExhausted, message, retryable: false });
  }
  if (!result.ok) throw new StepFailed(step.stepKey, result.error);
  return result.resource;
}
