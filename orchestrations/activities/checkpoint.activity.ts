import type { RecordCheckpointInput } from '../contracts';
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
