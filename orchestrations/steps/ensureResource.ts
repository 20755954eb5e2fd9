import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent } from '../../shared/domain/intents';
import {
  EnsureActivities,
  type EnsureResourceInput,
  type EnsureResourceOutput,
  type ResourceSummary,
  type StepContext,
} from '../contracts';
import { transientRetry } from './retry';
import { StepFailed } from './stepFailed';

/** Ensure one resource through its activity; a refusal or exhausted retries become StepFailed. */
export function* ensureResource(
  context: OrchestrationContext,
  step: StepContext,
  intent: ResourceIntent,
  waitForCompletion = true,
): Generator<Task, ResourceSummary, unknown> {
  const input: EnsureResourceInput = { ...step, intent, waitForCompletion };
  let result: EnsureResourceOutput;
  try {
    result = (yield context.df.callActivityWithRetry(
      EnsureActivities[intent.kind],
      transientRetry(),
      input,
    )) as EnsureResourceOutput;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new StepFailed(step.stepKey, { code: 'RetriesExhausted', message, retryable: false });
  }
  if (!result.ok) throw new StepFailed(step.stepKey, result.error);
  return result.resource;
}
