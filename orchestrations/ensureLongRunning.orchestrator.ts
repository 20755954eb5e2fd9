/**
 * Resources whose creation takes tens of minutes (ExpressRoute gateways: 30-45 min; connections: ~10 min).
 * The activity starts the operation and returns at once; this orchestration then polls with durable timers
 * (1 minute growing ×1.5 to 5 minutes), so no activity ever blocks and a host restart loses nothing.
 * It gives up after LONG_RUNNING_DEADLINE_MS by the orchestration clock (about 100 polls), so history stays bounded.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { ErrorCodes } from '../shared/errors';
import { Activities, type LongRunningStepInput, type LongRunningStepOutput, type ResourceSummary } from './contracts';
import { callActivity } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { ensureResource, TERMINAL_STATES } from './steps/ensureResource';
import { pollUntil } from './steps/poll';
import { failureDetails, StepFailed } from './steps/stepFailed';
import { stopRequestOnFailure } from './steps/stopOnFailure';

const LONG_RUNNING_DEADLINE_MS = 8 * 3_600_000;
const MAX_POLL_INTERVAL_MS = 5 * 60_000;

export function* ensureLongRunningOrchestrator(
  context: OrchestrationContext,
): Generator<Task, LongRunningStepOutput, unknown> {
  const input = context.df.getInput<LongRunningStepInput>();
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: input.stepKey };
  try {
    return { outcome: 'succeeded', resource: yield* provisionAndPoll(context, input) };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, input.stepKey);
    yield* recordCheckpoint(context, { ...step, stepKey, status: 'Failed', armIds: [input.intent.id], error: details });
    if (input.stopOnFailure !== undefined) {
      yield* stopRequestOnFailure(context, { ...step, stepKey }, details, input.stopOnFailure);
    }
    return { outcome: 'failed', stepKey, error: details };
  }
}

function* provisionAndPoll(
  context: OrchestrationContext,
  input: LongRunningStepInput,
): Generator<Task, ResourceSummary, unknown> {
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: input.stepKey };
  const started = yield* ensureResource(context, step, input.intent, false);
  // The ensure activity checkpoints a resource that is already Succeeded; after polling, this orchestration does.
  if (started.provisioningState === 'Succeeded') return started;
  if (TERMINAL_STATES.has(started.provisioningState)) throw provisioningFailed(input.stepKey, started);
  // The operation was started a moment ago: the first read comes after the first sleep.
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + input.timing.resourcePollMs));

  const polled = yield* pollUntil(context, {
    check: function* () {
      const read = yield* callActivity(context, Activities.readResource, {
        kind: input.intent.kind,
        id: input.intent.id,
        scope: input.intent.scope,
      });
      if (!read.exists) {
        throw new StepFailed(input.stepKey, {
          code: ErrorCodes.resourceDisappeared,
          message: `${input.intent.id} no longer exists while it was being provisioned`,
          retryable: false,
        });
      }
      context.df.setCustomStatus({ stepKey: input.stepKey, provisioningState: read.resource.provisioningState });
      return read.resource;
    },
    isDone: (resource) => TERMINAL_STATES.has(resource.provisioningState),
    deadlineAt: context.df.currentUtcDateTime.getTime() + LONG_RUNNING_DEADLINE_MS,
    intervalMs: Math.round(input.timing.resourcePollMs * 1.5),
    maxIntervalMs: MAX_POLL_INTERVAL_MS,
    backoff: 1.5,
  });
  const resource = polled.value;
  if (polled.status !== 'done') {
    throw new StepFailed(input.stepKey, {
      code: ErrorCodes.provisioningTimedOut,
      message: `${resource.id} still ${resource.provisioningState} after ${polled.checks} polls`,
      retryable: false,
    });
  }
  if (resource.provisioningState !== 'Succeeded') throw provisioningFailed(input.stepKey, resource);
  yield* recordCheckpoint(context, {
    ...step,
    status: 'Succeeded',
    armIds: [resource.id],
    detail: 'provisioningState Succeeded',
  });
  return resource;
}

function provisioningFailed(stepKey: string, resource: ResourceSummary): StepFailed {
  return new StepFailed(stepKey, {
    code: ErrorCodes.provisioningFailed,
    message: `${resource.id} ended in provisioningState ${resource.provisioningState}`,
    retryable: false,
  });
}
