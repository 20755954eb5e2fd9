/**
 * The workflow port over the Durable Functions client (`df.getClient(context)`), for triggers that declare
 * `df.input.durableClient()` among their extra inputs. The client speaks the extension's HTTP API and reports
 * outcomes as errors whose message carries the HTTP status; this adapter turns them into the port's typed errors.
 */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient, DurableOrchestrationStatus } from 'durable-functions';
import {
  InstanceAlreadyExistsError,
  InstanceNotFoundError,
  WORKFLOW_RUNTIME_STATUSES,
  WorkflowUnavailableError,
} from '../../ports/workflows';
import type { WorkflowClient, WorkflowRuntimeStatus, WorkflowStatus } from '../../ports/workflows';
import { ensureErrorType } from '../../errors';

/** durable-js: `getStatus` of an unknown instance ("…replied with HTTP 404 response…"). */
const STATUS_NOT_FOUND = /HTTP 404 response/;
/** durable-js: `raiseEvent` on an unknown instance. */
const EVENT_TARGET_NOT_FOUND = /^No instance with ID '.*' found\.$/s;
/**
 * durable-js reports a refused start as "unexpected status code: 409" (the extension's conflict answer for an
 * instance that exists and has not ended); older extensions answer 400/500 with "…already exists" in the details.
 */
const START_CONFLICT = /unexpected status code: 409\b|already exists/i;

function runtimeStatusOf(value: string): WorkflowRuntimeStatus {
  const known = WORKFLOW_RUNTIME_STATUSES.find((status) => status === value);
  if (known === undefined)
    throw new WorkflowUnavailableError(`The workflow engine reported an unknown status ${value}`);
  return known;
}

function isoOf(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}

function toWorkflowStatus(status: DurableOrchestrationStatus): WorkflowStatus {
  return {
    instanceId: status.instanceId,
    runtimeStatus: runtimeStatusOf(status.runtimeStatus),
    customStatus: status.customStatus ?? undefined,
    output: status.output ?? undefined,
    createdTime: isoOf(status.createdTime),
    lastUpdatedTime: isoOf(status.lastUpdatedTime),
  };
}

function unavailable(operation: string, instanceId: string, cause: unknown): WorkflowUnavailableError {
  return new WorkflowUnavailableError(`${operation} ${instanceId}: ${ensureErrorType(cause).message}`, { cause });
}

export function durableWorkflowClient(client: DurableClient): WorkflowClient {
  return {
    async status(instanceId) {
      try {
        return toWorkflowStatus(await client.getStatus(instanceId, { showHistory: false, showInput: false }));
      } catch (error) {
        if (STATUS_NOT_FOUND.test(ensureErrorType(error).message)) return undefined;
        if (error instanceof WorkflowUnavailableError) throw error;
        throw unavailable('Reading the status of', instanceId, error);
      }
    },
    async start(orchestration, instanceId, input) {
      try {
        await client.startNew(orchestration, { instanceId, input });
      } catch (error) {
        if (START_CONFLICT.test(ensureErrorType(error).message)) throw new InstanceAlreadyExistsError(instanceId);
        throw unavailable(`Starting ${orchestration} as`, instanceId, error);
      }
    },
    async raiseEvent(instanceId, eventName, data) {
      try {
        await client.raiseEvent(instanceId, eventName, data);
      } catch (error) {
        if (EVENT_TARGET_NOT_FOUND.test(ensureErrorType(error).message)) throw new InstanceNotFoundError(instanceId);
        throw unavailable(`Raising ${eventName} on`, instanceId, error);
      }
    },
  };
}

/** The workflow client of a trigger invocation whose registration has `df.input.durableClient()` in `extraInputs`. */
export function workflowClientFor(context: InvocationContext): WorkflowClient {
  return durableWorkflowClient(df.getClient(context));
}
