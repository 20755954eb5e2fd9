/**
 * Resources whose creation takes tens of minutes (ExpressRoute gateways: 30-45 min; connections: ~10 min).
 * The activity starts the operation and returns at once; this orchestration then polls with durable timers
 * (1 minute growing ×1.5 to 5 minutes), so no activity ever blocks and a host restart loses nothing.
 * At most MAX_POLLS polls (about 8 hours), so history stays bounded.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  Activities,
  type LongRunningStepInput,
  type LongRunningStepOutput,
  type ReadResourceOutput,
  type ResourceSummary,
} from './contracts';
import { recordCheckpoint } from './steps/checkpoint';
import { ensureResource } from './steps/ensureResource';
import { transientRetry } from './steps/retry';
import { failureDetails, StepFailed } from './steps/stepFailed';

const MAX_POLLS = 100;
const MAX_POLL_INTERVAL_MS = 5 * 60_000;
const TERMINAL_FAILURES = new Set(['Failed', 'Canceled']);

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
    return { outcome: 'failed', stepKey, error: details };
  }
}

function* provisionAndPoll(
  context: OrchestrationContext,
  input: LongRunningStepInput,
): Generator<Task, ResourceSummary, unknown> {
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: input.stepKey };
  let resource = yield* ensureResource(context, step, input.intent, false);
  // The ensure activity checkpoints a resource that is already Succeeded; after polling, this orchestration does.
  const polled = resource.provisioningState !== 'Succeeded';

  let intervalMs = input.timing.resourcePollMs;
  for (let poll = 1; resource.provisioningState !== 'Succeeded'; poll++) {
    if (TERMINAL_FAILURES.has(resource.provisioningState)) {
      throw new StepFailed(input.stepKey, {
        code: 'ProvisioningFailed',
        message: `${resource.id} ended in provisioningState ${resource.provisioningState}`,
        retryable: false,
      });
    }
    if (poll > MAX_POLLS) {
      throw new StepFailed(input.stepKey, {
        code: 'ProvisioningTimedOut',
        message: `${resource.id} still ${resource.provisioningState} after ${MAX_POLLS} polls`,
        retryable: false,
      });
    }
    context.df.setCustomStatus({ stepKey: input.stepKey, provisioningState: resource.provisioningState, polls: poll });
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + intervalMs));
    intervalMs = Math.min(Math.round(intervalMs * 1.5), MAX_POLL_INTERVAL_MS);
    const read = (yield context.df.callActivityWithRetry(Activities.readResource, transientRetry(), {
      kind: input.intent.kind,
      id: input.intent.id,
      scope: input.intent.scope,
    })) as ReadResourceOutput;
    if (!read.exists) {
      throw new StepFailed(input.stepKey, {
        code: 'ResourceDisappeared',
        message: `${input.intent.id} no longer exists while it was being provisioned`,
        retryable: false,
      });
    }
    resource = read.resource;
  }
  if (polled) {
    yield* recordCheckpoint(context, {
      ...step,
      status: 'Succeeded',
      armIds: [resource.id],
      detail: 'provisioningState Succeeded',
    });
  }
  return resource;
}
