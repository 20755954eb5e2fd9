/**
 * Request intake: what every entry point (Service Bus queue, HTTP) does with a request it receives. Validates it,
 * checks its scope against the customer registry, records it in the request ledger, and starts its workflow exactly
 * once, however many times it is delivered. Pure orchestration of ports: no Azure SDK, no configuration reading.
 *
 *   depth → parse (envelope, data, CSP rules) → scope (registry) → supported? → ledger dedupe row → status → start
 *
 * Nothing is started and nothing outside the ledger is written for a refused request. A request is identified by its
 * id *and* its body: the ledger keeps the digest of the body's canonical JSON, an equal redelivery is a duplicate,
 * and the same id with a different body is refused as `RequestIdConflict` (the first request's row is untouched).
 */
import { InstanceIds, Workflows, type OnboardCustomerInput, type WorkflowName } from '../ports/requestWorkflows';
import type { WorkflowTiming } from '../config';
import { CustomerIdSchema, type CspContext } from '../domain/spec';
import { ErrorCodes, type ValidationIssue } from '../errors';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  EventIdSchema,
  ONBOARDING_REQUESTED,
  parseRequestEvent,
  requestCustomerId,
  type RequestEventType,
} from '../messages';
import type { RequestLedger } from '../ports/requests';
import { InstanceAlreadyExistsError, type WorkflowClient } from '../ports/workflows';
import { depthIssue, requestDigest } from './jsonText';
import { shortenForEcho } from '../redaction';
import { bandwidthChangeStart } from './bandwidthIntake';
import { decommissionStart } from './decommissionIntake';
import { onboardingScopeIssues, unregisteredCustomerIssues, type ScopeRegistry } from './requestScope';

export type IntakeChannel = 'servicebus' | 'http';

/** Why a request was refused; each is final (the same request would be refused again). */
export const RejectionCodes = {
  validationFailed: ErrorCodes.validationFailed,
  scopeViolation: ErrorCodes.scopeViolation,
  unknownCustomer: ErrorCodes.unknownCustomer,
  unsupportedRequestType: ErrorCodes.unsupportedRequestType,
  requestIdConflict: ErrorCodes.requestIdConflict,
} as const;
export type RejectionCode = (typeof RejectionCodes)[keyof typeof RejectionCodes];

export const INTAKE_RULES = {
  /** The entry point takes only some request types (each queue carries one). */
  typeForChannel: 'intake.type-for-channel',
  /** The automation has no workflow for this request type yet. */
  typeSupported: 'intake.type-supported',
  /** A request id names one request: the same id with another body is another request under a reused id. */
  idNamesOneBody: 'intake.id-names-one-body',
} as const;

export type IntakeOutcome =
  | {
      readonly kind: 'accepted' | 'duplicate';
      readonly requestId: string;
      readonly instanceId: string;
      readonly customerId: string;
      readonly type: RequestEventType;
    }
  | {
      readonly kind: 'rejected';
      /** Absent when the request carried no usable id (then nothing is recorded). */
      readonly requestId?: string;
      readonly customerId?: string;
      readonly code: RejectionCode;
      readonly issues: readonly ValidationIssue[];
    };

export interface IntakeDependencies {
  readonly requests: RequestLedger;
  readonly customers: ScopeRegistry;
  readonly workflows: WorkflowClient;
  readonly csp: CspContext;
  /** Passed to the workflow as input (orchestrations never read configuration). */
  readonly timing: WorkflowTiming;
  /** When the request was received; defaults to the system clock. */
  readonly now?: () => Date;
}

export interface IntakeOptions {
  /** The request types this entry point takes (a queue takes its own type). Default: every type. */
  readonly acceptedTypes?: readonly RequestEventType[];
}

/**
 * Takes one request as received (the JSON-decoded body). Never throws for anything about the request itself: every
 * refusal is an outcome. Throws only what a retry could fix (the ledger, the registry or the workflow engine failing).
 */
export async function submitRequest(
  raw: unknown,
  channel: IntakeChannel,
  deps: IntakeDependencies,
  options: IntakeOptions = {},
): Promise<IntakeOutcome> {
  // Too deep to look at safely (schema validation and canonical JSON recurse): refused before anything else.
  const tooDeep = depthIssue(raw);
  if (tooDeep !== undefined) return reject(deps, describeRaw(raw), RejectionCodes.validationFailed, [tooDeep]);
  const digest = requestDigest(raw);
  const parsed = parseRequestEvent(raw, deps.csp);
  if (!parsed.ok) return reject(deps, { ...describeRaw(raw), digest }, RejectionCodes.validationFailed, parsed.issues);
  const event = parsed.event;
  const summary = {
    requestId: event.id,
    customerId: requestCustomerId(event),
    type: event.type,
    source: event.source,
    digest,
    ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
  };

  const accepted = options.acceptedTypes;
  if (accepted !== undefined && !accepted.includes(event.type)) {
    return reject(deps, summary, RejectionCodes.validationFailed, [
      {
        path: 'type',
        rule: INTAKE_RULES.typeForChannel,
        message: `this ${channel === 'http' ? 'endpoint' : 'queue'} takes ${accepted.join(', ')}, not ${event.type}`,
      },
    ]);
  }

  switch (event.type) {
    case ONBOARDING_REQUESTED: {
      const issues = await onboardingScopeIssues(event.data, deps.customers);
      if (issues.length > 0) return reject(deps, summary, RejectionCodes.scopeViolation, issues);
      const input: OnboardCustomerInput = { requestId: event.id, spec: event.data, timing: deps.timing };
      return startWorkflow(deps, summary, digest, { start: true, workflow: Workflows.onboardCustomer, input });
    }
    case BANDWIDTH_CHANGE_REQUESTED:
    case DECOMMISSION_REQUESTED: {
      // One registry read: whether the customer is ours, and (for a change) the spec the change is judged against.
      const record = await deps.customers.get(summary.customerId);
      if (record === undefined) {
        return reject(deps, summary, RejectionCodes.unknownCustomer, unregisteredCustomerIssues(summary.customerId));
      }
      const decision =
        event.type === BANDWIDTH_CHANGE_REQUESTED
          ? bandwidthChangeStart(event, record, deps)
          : decommissionStart(event, deps);
      if (!decision.start) return reject(deps, summary, decision.code, decision.issues);
      return startWorkflow(deps, summary, digest, decision);
    }
  }
}

/** What intake does with a valid request of its customer: start this workflow with this input, or refuse it. */
export type WorkflowStart =
  | { readonly start: true; readonly workflow: WorkflowName; readonly input: unknown }
  | { readonly start: false; readonly code: RejectionCode; readonly issues: readonly ValidationIssue[] };

/** The refusal of a valid request whose workflow does not exist yet (`what`: "bandwidth decreases"). */
export function unsupportedRequest(what: string): WorkflowStart {
  return {
    start: false,
    code: RejectionCodes.unsupportedRequestType,
    issues: [
      {
        path: 'type',
        rule: INTAKE_RULES.typeSupported,
        message: `the request is valid, but this version of the automation has no workflow for ${what} yet; nothing was changed (make the change by hand, or send it again once the workflow ships)`,
      },
    ],
  };
}

async function startWorkflow(
  deps: IntakeDependencies,
  summary: RequestSummary & {
    readonly requestId: string;
    readonly customerId: string;
    readonly type: RequestEventType;
  },
  digest: string,
  start: WorkflowStart & { readonly start: true },
): Promise<IntakeOutcome> {
  const { requestId, customerId, type } = summary;
  const instanceId = InstanceIds.forRequest(requestId);
  const outcome = (kind: 'accepted' | 'duplicate'): IntakeOutcome => ({
    kind,
    requestId,
    instanceId,
    customerId,
    type,
  });

  const { record, sameBody } = await deps.requests.recordReceived({
    requestId,
    ...(summary.traceparent === undefined ? {} : { traceparent: summary.traceparent }),
    type,
    ...(summary.source === undefined ? {} : { source: summary.source }),
    customerId,
    receivedAt: receivedAt(deps),
    instanceId,
    status: 'Accepted',
    digest,
  });
  if (!sameBody) return idConflict(requestId, customerId);
  // The ledger row counts deliveries; the workflow engine decides: an instance under this id, running or ended,
  // means this request has had its run, and a redelivery must never start a second one.
  let kind: 'accepted' | 'duplicate' = 'duplicate';
  if ((await deps.workflows.status(instanceId)) === undefined) {
    try {
      await deps.workflows.start(start.workflow, instanceId, start.input);
      kind = 'accepted';
    } catch (error) {
      if (!(error instanceof InstanceAlreadyExistsError)) throw error;
    }
  }
  // A row left by an earlier refused copy of this id (or by an older version) is brought up to date. A duplicate
  // never changes a row that already says Accepted (or Completed/Failed): the request's state is its run's state.
  if (record.status === 'Rejected' || record.status === 'Duplicate' || record.instanceId !== instanceId) {
    await deps.requests.update(requestId, { status: 'Accepted', instanceId, issues: [] });
  }
  return outcome(kind);
}

/** The same id with another body: refused, and nothing recorded (the ledger left the first request's row as it was). */
function idConflict(requestId: string, customerId: string | undefined): IntakeOutcome {
  return {
    kind: 'rejected',
    requestId,
    ...(customerId === undefined ? {} : { customerId }),
    code: RejectionCodes.requestIdConflict,
    issues: [
      {
        path: 'id',
        rule: INTAKE_RULES.idNamesOneBody,
        message:
          'a request with this id and a different body was already received; the first request stands and this one was not taken (send a new request under a new id)',
      },
    ],
  };
}

interface RequestSummary {
  readonly requestId?: string;
  readonly customerId?: string;
  readonly type: string;
  readonly source?: string;
  readonly digest?: string;
  readonly traceparent?: string;
}

/**
 * Records a refusal (when the request has a usable id) and returns it. A refused copy of a request whose id is
 * already recorded leaves that record as it is: a garbled redelivery does not undo an accepted request.
 */
async function reject(
  deps: IntakeDependencies,
  summary: RequestSummary,
  code: RejectionCode,
  issues: readonly ValidationIssue[],
): Promise<IntakeOutcome> {
  const { requestId, customerId } = summary;
  if (requestId !== undefined) {
    await deps.requests.recordReceived({
      requestId,
      type: summary.type,
      ...(summary.source === undefined ? {} : { source: summary.source }),
      ...(customerId === undefined ? {} : { customerId }),
      receivedAt: receivedAt(deps),
      status: 'Rejected',
      issues,
      ...(summary.digest === undefined ? {} : { digest: summary.digest }),
    });
  }
  return {
    kind: 'rejected',
    ...(requestId === undefined ? {} : { requestId }),
    ...(customerId === undefined ? {} : { customerId }),
    code,
    issues,
  };
}

function receivedAt(deps: IntakeDependencies): string {
  return (deps.now?.() ?? new Date()).toISOString();
}

/** An unknown type is recorded shortened (it is user-supplied), with its length. */
const MAX_RECORDED_TYPE_LENGTH = 96;
const MAX_RECORDED_SOURCE_LENGTH = 2048;

/** What can be recorded about a request that did not parse: only values that are well-formed on their own. */
function describeRaw(raw: unknown): RequestSummary {
  const record = isRecord(raw) ? raw : {};
  const data = isRecord(record.data) ? record.data : {};
  const customer = isRecord(data.customer) ? data.customer : {};
  const id = EventIdSchema.safeParse(record.id);
  const customerId = [customer.id, data.customerId, record.subject].find(
    (candidate) => CustomerIdSchema.safeParse(candidate).success,
  );
  const { type, source } = record;
  return {
    ...(id.success ? { requestId: id.data } : {}),
    ...(typeof customerId === 'string' ? { customerId } : {}),
    type: typeof type === 'string' && type !== '' ? shortenForEcho(type, MAX_RECORDED_TYPE_LENGTH) : '(none)',
    ...(typeof source === 'string' && source.length <= MAX_RECORDED_SOURCE_LENGTH ? { source } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
