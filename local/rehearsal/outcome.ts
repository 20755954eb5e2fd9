/**
 * How a delivered request ended, told from what can be observed from outside the app, as an operator would: the
 * workflow it started (and how that ended), a message parked in the rejected queue, the request queue's dead
 * letters, the request ledger, and whether the same request had already started a workflow.
 */
import type { Expectation, RequestStatus } from './requestFiles';
import { describeIssues, type ValidationIssue } from '../../shared/errors';

export interface RequestError {
  readonly code: string;
  readonly message: string;
}

export interface StartedWorkflow {
  readonly instanceId: string;
  readonly runtimeStatus: string;
  readonly output: unknown;
  readonly customStatus: unknown;
  /** Why the Durable host simulator stopped running it before it ended, if it did. */
  readonly hostError?: string;
}

export interface ParkedMessage {
  readonly body: unknown;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
}

export interface DeadLetter {
  readonly reason: string | undefined;
  readonly description: string | undefined;
}

export interface LedgerView {
  readonly status: string;
  readonly deliveries: number;
  readonly instanceId?: string;
  readonly issues?: readonly { readonly path: string; readonly message: string; readonly rule: string }[];
  readonly error?: RequestError;
}

export interface Observation {
  /** Service Bus dropped the message as a duplicate of one it accepted within its detection window. */
  readonly droppedByBus: boolean;
  /** Why nothing received the message (no trigger listens to the queue, or its binding cannot be resolved). */
  readonly notReceived?: string;
  /** Each delivery of the message to its trigger, in order. */
  readonly deliveries: readonly { readonly settlement: string; readonly error?: string }[];
  /** Top-level workflows started by the delivery, with their end state. */
  readonly started: readonly StartedWorkflow[];
  /** Messages the delivery parked in the rejected queue. */
  readonly parked: readonly ParkedMessage[];
  /** Dead letters the delivery left on the request queue. */
  readonly deadLettered: readonly DeadLetter[];
  readonly ledger?: LedgerView;
  /** The workflow an earlier delivery of the same request started. */
  readonly earlierInstanceId?: string;
}

export interface ClassifiedOutcome {
  readonly status: RequestStatus;
  readonly instanceId?: string;
  readonly error?: RequestError;
  /** How the status was told (e.g. "parked in er-rejected"), for the summary. */
  readonly evidence: string;
}

const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';

export function classifyOutcome(observation: Observation): ClassifiedOutcome {
  const { started, parked, deadLettered, ledger } = observation;
  if (observation.droppedByBus) {
    return {
      status: 'Duplicate',
      ...earlier(observation),
      evidence: 'dropped by Service Bus duplicate detection',
    };
  }
  const [workflow] = started;
  if (workflow !== undefined) return workflowOutcome(workflow);

  const [rejection] = parked;
  if (rejection !== undefined) {
    const error = rejectionOf(rejection);
    if (/duplicate/i.test(error.code)) {
      return { status: 'Duplicate', ...earlier(observation), evidence: 'parked as a duplicate' };
    }
    return { status: 'Rejected', error, evidence: 'parked in the rejected queue' };
  }
  const [deadLetter] = deadLettered;
  if (deadLetter !== undefined) {
    const code = deadLetter.reason ?? 'DeadLettered';
    const lastError = observation.deliveries.at(-1)?.error;
    const message = deadLetter.description ?? lastError ?? code;
    return code === MAX_DELIVERY_COUNT_EXCEEDED
      ? { status: 'Failed', error: { code, message: lastError ?? message }, evidence: 'dead-lettered after retries' }
      : { status: 'Rejected', error: { code, message }, evidence: 'dead-lettered' };
  }
  if (ledger?.status === 'Rejected') {
    return {
      status: 'Rejected',
      error: { code: ledger.error?.code ?? 'Rejected', message: ledger.error?.message ?? issuesText(ledger.issues) },
      evidence: 'recorded as rejected in the request ledger',
    };
  }
  if (
    observation.earlierInstanceId !== undefined ||
    ledger?.status === 'Duplicate' ||
    (ledger !== undefined && ledger.deliveries > 1)
  ) {
    return { status: 'Duplicate', ...earlier(observation), evidence: 'no second workflow started' };
  }
  if (observation.notReceived !== undefined) {
    return {
      status: 'Failed',
      error: { code: 'NotReceived', message: observation.notReceived },
      evidence: 'not received',
    };
  }
  const unsettled = observation.deliveries.find((delivery) => delivery.settlement === 'none');
  if (unsettled !== undefined) {
    return {
      status: 'Failed',
      error: {
        code: 'NotSettled',
        message: 'the trigger turned autoComplete off; without the host nothing settles the message',
      },
      evidence: 'left locked',
    };
  }
  return {
    status: 'Failed',
    error: {
      code: 'NotStarted',
      message:
        observation.deliveries.at(-1)?.error ??
        'the trigger completed the message but started no workflow and recorded no rejection',
    },
    evidence: 'nothing happened',
  };
}

function earlier(observation: Observation): { instanceId?: string } {
  const instanceId = observation.earlierInstanceId ?? observation.ledger?.instanceId;
  return instanceId === undefined ? {} : { instanceId };
}

function workflowOutcome(workflow: StartedWorkflow): ClassifiedOutcome {
  const { instanceId } = workflow;
  const output = asRecord(workflow.output);
  switch (workflow.runtimeStatus) {
    case 'Completed':
      if (output.status === 'Rejected') {
        return {
          status: 'Rejected',
          instanceId,
          error: { code: 'ValidationFailed', message: issuesText(asIssues(output.issues)) },
          evidence: 'the workflow refused it',
        };
      }
      return { status: 'Completed', instanceId, evidence: 'workflow completed' };
    case 'Failed':
    case 'Terminated':
      return {
        status: 'Failed',
        instanceId,
        error: failureOf(workflow),
        evidence: `workflow ${workflow.runtimeStatus.toLowerCase()}`,
      };
    default:
      return {
        status: 'Failed',
        instanceId,
        error: {
          code: 'NotCompleted',
          message: workflow.hostError ?? `the workflow is still ${workflow.runtimeStatus}`,
        },
        evidence: 'workflow did not end',
      };
  }
}

/** The failed step's code and message: from the phase detail (`step: Code: message`), else the failure output. */
function failureOf(workflow: StartedWorkflow): RequestError {
  const status = asRecord(workflow.customStatus);
  const detail = typeof status.detail === 'string' ? status.detail : undefined;
  const match = detail === undefined ? null : /^(.+?): ([A-Z][\w.]*): ([\s\S]*)$/.exec(detail);
  if (match !== null) {
    const [, step = '', code = '', message = ''] = match;
    return { code, message: `${step}: ${message}` };
  }
  if (typeof workflow.output === 'string') return { code: workflow.runtimeStatus, message: firstLine(workflow.output) };
  const output = asRecord(workflow.output);
  const message = typeof output.message === 'string' ? output.message : JSON.stringify(workflow.output ?? null);
  return { code: workflow.runtimeStatus, message: firstLine(message) };
}

/** A parked message's code and message, whatever shape it takes: `code`/`reason`, `message`/`description`/`issues`. */
export function rejectionOf(parked: ParkedMessage): RequestError {
  const body = asRecord(parked.body);
  const nested = asRecord(body.error);
  const properties = parked.applicationProperties;
  const code = [body.code, body.reason, nested.code, properties.code, properties.reason, properties.rejectionCode].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  const issues = asIssues(body.issues ?? nested.issues);
  const text = [body.message, body.description, nested.message, properties.description].find(
    (value): value is string => typeof value === 'string' && value !== '',
  );
  return {
    code: code ?? 'Rejected',
    message: issues.length > 0 ? issuesText(issues) : (text ?? (typeof parked.body === 'string' ? parked.body : '')),
  };
}

/**
 * Whether the outcome is what the request was expected to end as (with the expected code, when one is stated), or an
 * ending that also counts, with its code.
 */
export function meetsExpectation(expected: Expectation, outcome: Pick<ClassifiedOutcome, 'status' | 'error'>): boolean {
  if (outcome.status === expected.status && (expected.code === undefined || expected.code === outcome.error?.code)) {
    return true;
  }
  return (expected.alsoAccepted ?? []).some(
    (accepted) => accepted.status === outcome.status && accepted.code === outcome.error?.code,
  );
}

export function issuesText(issues: readonly ValidationIssue[] | undefined): string {
  return describeIssues(issues ?? []);
}

function asIssues(value: unknown): { path: string; message: string; rule: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    const issue = asRecord(item);
    return typeof issue.message === 'string'
      ? [
          {
            path: typeof issue.path === 'string' ? issue.path : '',
            message: issue.message,
            rule: typeof issue.rule === 'string' ? issue.rule : '',
          },
        ]
      : [];
  });
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Checkpoint statuses a step ends in; any other status when its request has ended is a step left hanging. */
export const FINAL_CHECKPOINT_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Skipped']);

/**
 * The invariant every request keeps: once it has ended, none of its checkpoints is left under way (`Started`,
 * `Waiting`, or any status that is not final), since nothing will ever finish it. One line per step left so.
 */
export function unfinishedCheckpoints(
  rows: readonly { readonly stepKey: string; readonly status: string }[],
): string[] {
  return rows
    .filter((row) => !FINAL_CHECKPOINT_STATUSES.has(row.status))
    .map((row) => `checkpoint ${row.stepKey} is still ${row.status} after the request ended`);
}
