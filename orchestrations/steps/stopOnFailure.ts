import type { OrchestrationContext, Task } from 'durable-functions';
import { StepKeys } from '../../shared/domain/stepKeys';
import type { ErrorDetails } from '../../shared/errors';
import { Activities, type StopOnFailure } from '../contracts';
import { callActivity } from './calls';
import { recordCheckpoint } from './checkpoint';

/**
 * A branch failed for good: the request fails now. Its `request` checkpoint says Failed (what status readers and the
 * provider waits look at), and the circuit legs' provider waits are woken so that they stop at once.
 */
export function* stopRequestOnFailure(
  context: OrchestrationContext,
  step: { readonly requestId: string; readonly customerId: string; readonly stepKey: string },
  error: ErrorDetails,
  stop: StopOnFailure,
): Generator<Task, void, unknown> {
  yield* recordCheckpoint(context, {
    requestId: step.requestId,
    customerId: step.customerId,
    stepKey: StepKeys.request,
    status: 'Failed',
    error,
    detail: `failed at ${step.stepKey}`,
  });
  yield* callActivity(context, Activities.stopProviderWaits, stop);
}
