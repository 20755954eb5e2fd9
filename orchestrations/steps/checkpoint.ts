import type { OrchestrationContext, Task } from 'durable-functions';
import { Activities, type RecordCheckpointInput } from '../contracts';
import { callActivity } from './calls';

/** Record a step that the orchestrator itself performs (waiting, verifying, failing). */
export function* recordCheckpoint(
  context: OrchestrationContext,
  entry: RecordCheckpointInput,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.recordCheckpoint, entry);
}
