import { ErrorCodes } from '../../shared/errors';
import type { CloseOpenStepsInput, RecordCheckpointInput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';

export function createRecordCheckpointActivity(deps: ActivityDependencies) {
  return async (input: RecordCheckpointInput): Promise<void> => {
    await deps.checkpoints.record({
      customerId: input.customerId,
      requestId: input.requestId,
      stepKey: input.stepKey,
      status: input.status,
      ...(input.armIds === undefined ? {} : { armIds: input.armIds }),
      ...(input.error === undefined ? {} : { errorCode: input.error.code, errorMessage: input.error.message }),
      ...(input.detail === undefined ? {} : { detail: input.detail }),
    });
  };
}

/**
 * When a request ends, no step may still say Started or Waiting: a step whose activity crashed until Durable gave up
 * never recorded its end. Each such step is closed as Failed, naming where the request failed.
 */
export function createCloseOpenStepsActivity(deps: ActivityDependencies) {
  return async (input: CloseOpenStepsInput): Promise<readonly string[]> => {
    const rows = await deps.checkpoints.list(input.customerId, input.requestId);
    const open = rows.filter((row) => row.status === 'Started' || row.status === 'Waiting');
    for (const row of open) {
      await deps.checkpoints.record({
        customerId: input.customerId,
        requestId: input.requestId,
        stepKey: row.stepKey,
        status: 'Failed',
        errorCode: row.stepKey === input.failedStep ? input.error.code : ErrorCodes.requestEnded,
        errorMessage:
          row.stepKey === input.failedStep
            ? input.error.message
            : `the request ended (${input.failedStep}: ${input.error.code}) before this step finished`,
      });
    }
    return open.map((row) => row.stepKey);
  };
}
