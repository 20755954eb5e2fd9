/**
 * The request ledger: one record per inbound request (CloudEvent), written when it is received. Its insert-if-absent
 * is the dedupe row that stops a Service Bus redelivery from starting a second orchestration (user need 18:
 * deterministic instance ids plus a dedupe row plus a status check before start). Implemented by
 * `shared/adapters/tables/requestLedger.ts`.
 */
import { ErrorCodes, type ValidationIssue } from '../errors';

/** `Expired`: the request waited for a decision (a decommission's approval) that never came; nothing was changed. */
export const REQUEST_STATUSES = ['Accepted', 'Rejected', 'Duplicate', 'Completed', 'Failed', 'Expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const RequestLedgerErrors = {
  /** `update` of a request that was never recorded. */
  notFound: ErrorCodes.requestNotFound,
} as const;

export interface ReceivedRequest {
  /** The CloudEvent id: the dedupe key. */
  readonly requestId: string;
  /** The CloudEvent type, e.g. `com.csp.expressroute.customer.onboard`. */
  readonly type: string;
  readonly source?: string;
  /** Absent when the request was too malformed to name a customer. */
  readonly customerId?: string;
  /** ISO 8601. */
  readonly receivedAt: string;
  /** The orchestration instance the request starts (deterministic: customer + operation + message id). */
  readonly instanceId?: string;
  readonly status: RequestStatus;
  /** For `Rejected`: every broken rule, by field. */
  readonly issues?: readonly ValidationIssue[];
  /**
   * What identifies the request's content: `sha256:` and the SHA-256 of its canonical JSON body
   * (`shared/services/jsonText.ts` `requestDigest`). Absent on rows written before digests were kept.
   */
  readonly digest?: string;
  /** The CloudEvent's W3C `traceparent`, when it came with one: carried to its outbound events and ARM calls. */
  readonly traceparent?: string;
}

export interface RequestRecord extends ReceivedRequest {
  readonly updatedAt: string;
  /** How many times this request arrived (1 + redeliveries seen by `recordReceived`). */
  readonly deliveries: number;
  readonly lastDeliveredAt: string;
  readonly completedAt?: string;
  /** For `Failed`: what went wrong (no secrets). */
  readonly error?: { readonly code: string; readonly message: string };
  readonly etag: string;
}

export interface ReceivedOutcome {
  readonly firstSeen: boolean;
  /** False only when the stored row's digest differs from the request's (the row is then untouched). */
  readonly sameBody: boolean;
  readonly record: RequestRecord;
}

export interface RequestPatch {
  readonly status?: RequestStatus;
  readonly instanceId?: string;
  readonly issues?: readonly ValidationIssue[];
  /** Set automatically when the status first becomes Completed or Failed, unless given. */
  readonly completedAt?: string;
  /** The message is stored through `scrubSecrets`. */
  readonly error?: { readonly code: string; readonly message: string };
}

export interface RequestLedger {
  /**
   * Insert-if-absent. Exactly one of any number of concurrent calls with the same `requestId` gets
   * `firstSeen: true` and its record written as given; the others get `firstSeen: false` and the stored record
   * (their own fields are ignored; its delivery count goes up).
   *
   * Same id, different body: when both the stored row and the request carry a digest and they differ, the stored
   * row is left exactly as it was (not even counted) and `sameBody` is false: the caller refuses the request as
   * `RequestIdConflict`.
   */
  recordReceived(request: ReceivedRequest): Promise<ReceivedOutcome>;
  /** Applies the patch (optimistic concurrency, re-applied after a concurrent write). Throws `RequestNotFound`. */
  update(requestId: string, patch: RequestPatch): Promise<RequestRecord>;
  get(requestId: string): Promise<RequestRecord | undefined>;
  /** One customer's requests, oldest first. */
  listByCustomer(customerId: string): Promise<readonly RequestRecord[]>;
}
