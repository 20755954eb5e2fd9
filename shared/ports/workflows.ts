/**
 * The workflow engine as the triggers see it: start an orchestration under a deterministic instance id, read an
 * instance's status, raise an external event. Implemented over the Durable Functions client by
 * `shared/adapters/durable/workflowClient.ts`; faked in memory by the service tests.
 */
import { AppError, ErrorCodes } from '../errors';

/** The Durable runtime statuses (`df.OrchestrationRuntimeStatus`), as strings so the port carries no SDK types. */
export const WORKFLOW_RUNTIME_STATUSES = [
  'Pending',
  'Running',
  'Completed',
  'ContinuedAsNew',
  'Failed',
  'Canceled',
  'Terminated',
  'Suspended',
] as const;
export type WorkflowRuntimeStatus = (typeof WORKFLOW_RUNTIME_STATUSES)[number];

/** An instance that has ended: events raised on it are dropped, and starting it again would begin a new run. */
export const TERMINAL_RUNTIME_STATUSES: readonly WorkflowRuntimeStatus[] = [
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
];

export function isTerminalRuntimeStatus(status: WorkflowRuntimeStatus): boolean {
  return TERMINAL_RUNTIME_STATUSES.includes(status);
}

export interface WorkflowStatus {
  readonly instanceId: string;
  readonly runtimeStatus: WorkflowRuntimeStatus;
  /** What the orchestrator last passed to `setCustomStatus` (for a request: its phase), or undefined. */
  readonly customStatus: unknown;
  /** The orchestrator's return value (Completed) or failure details (Failed), or undefined. */
  readonly output: unknown;
  /** ISO 8601. */
  readonly createdTime: string;
  /** ISO 8601. */
  readonly lastUpdatedTime: string;
}

/** Stable error codes (`AppError.code`) of the workflow port. */
export const WorkflowErrors = {
  /** `start` of an instance id that exists and has not ended: the other start won. Not retryable. */
  instanceAlreadyExists: ErrorCodes.instanceAlreadyExists,
  /** `raiseEvent` on an instance id that has never existed (or was purged). Not retryable. */
  instanceNotFound: ErrorCodes.instanceNotFound,
  /** The workflow engine failed or could not be reached: retrying may help. */
  unavailable: ErrorCodes.workflowEngineUnavailable,
} as const;

export class InstanceAlreadyExistsError extends AppError {
  readonly instanceId: string;
  constructor(instanceId: string, options: { cause?: unknown } = {}) {
    super(WorkflowErrors.instanceAlreadyExists, `Workflow instance ${instanceId} already exists and has not ended`, {
      retryable: false,
      cause: options.cause,
    });
    this.instanceId = instanceId;
  }
}

export class InstanceNotFoundError extends AppError {
  readonly instanceId: string;
  constructor(instanceId: string, options: { cause?: unknown } = {}) {
    super(WorkflowErrors.instanceNotFound, `Workflow instance ${instanceId} does not exist`, {
      retryable: false,
      cause: options.cause,
    });
    this.instanceId = instanceId;
  }
}

export class WorkflowUnavailableError extends AppError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(WorkflowErrors.unavailable, message, { retryable: true, cause: options.cause });
  }
}

export interface WorkflowClient {
  /** The instance's status; undefined when no instance has that id. */
  status(instanceId: string): Promise<WorkflowStatus | undefined>;
  /**
   * Starts `orchestration` as `instanceId`. Throws `InstanceAlreadyExistsError` when an instance with that id exists
   * and has not ended (a concurrent start won the race); `WorkflowUnavailableError` for anything retryable.
   */
  start(orchestration: string, instanceId: string, input: unknown): Promise<void>;
  /**
   * Raises `eventName` on the instance. Throws `InstanceNotFoundError` when it does not exist; an event raised on an
   * instance that has ended is dropped by the engine (check `status` first when that matters).
   */
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void>;
}
