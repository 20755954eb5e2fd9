/**
 * One resource whose creation takes tens of minutes (ExpressRoute gateways: 30-45 min; connections: ~10 min), as a
 * sub-orchestration of its own so that it runs beside the other branches of a build: the activity starts the
 * operation and returns at once, then durable timers poll it (steps/ensureResource.ts `ensureAndPoll`), so no
 * activity ever blocks and a host restart loses nothing. A step that needs what another branch builds (a
 * connection, its VNet's gateway) first reads that on durable timers until it has settled.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { LongRunningStepInput, LongRunningStepOutput } from './contracts';
import { recordCheckpoint } from './steps/checkpoint';
import { awaitPrerequisite, ensureAndPoll } from './steps/ensureResource';
import { ErrorCodes } from '../shared/errors';
import { failureDetails } from './steps/stepFailed';
import { stopRequestOnFailure } from './steps/stopOnFailure';

export function* ensureLongRunningOrchestrator(
  context: OrchestrationContext,
): Generator<Task, LongRunningStepOutput, unknown> {
  const input = context.df.getInput<LongRunningStepInput>();
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: input.stepKey };
  try {
    if (input.waitFor !== undefined) {
      const waited = yield* awaitPrerequisite(context, step, input.waitFor, input.timing);
      if (waited === 'request-ended') {
        const error = {
          code: ErrorCodes.requestEnded,
          message: `not started: another step of the request failed while this one waited for ${input.waitFor.stepKey}`,
          retryable: false,
        };
        yield* recordCheckpoint(context, { ...step, status: 'Skipped', armIds: [input.intent.id], error });
        return { outcome: 'failed', stepKey: input.stepKey, error };
      }
    }
    const resource = yield* ensureAndPoll(context, step, input.intent, input.timing, (read) => {
      context.df.setCustomStatus({ stepKey: step.stepKey, provisioningState: read.provisioningState });
    });
    return { outcome: 'succeeded', resource };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, input.stepKey);
    yield* recordCheckpoint(context, { ...step, stepKey, status: 'Failed', armIds: [input.intent.id], error: details });
    if (input.stopOnFailure !== undefined) {
      yield* stopRequestOnFailure(context, { ...step, stepKey }, details, input.stopOnFailure);
    }
    return { outcome: 'failed', stepKey, error: details };
  }
}
