/**
 * The checkpoint log: one row per step of each request, so that an operator can see how far a customer's request
 * got, what it touched and why it stopped. Implemented by `shared/adapters/tables/checkpointLog.ts`.
 *
 * Checkpoints are persisted storage that operators read: they must never hold a secret. The adapter runs every
 * `errorMessage` through `scrubSecrets` and every `detail` through `scrubDetail` before writing.
 */
import { redactFields } from '../redaction';

export const CHECKPOINT_STATUSES = ['Started', 'Waiting', 'Succeeded', 'Failed', 'Skipped'] as const;
export type CheckpointStatus = (typeof CHECKPOINT_STATUSES)[number];
export type CheckpointOutcome = 'created' | 'updated' | 'unchanged';

/** A short JSON-able value (no secrets): what a step wants an operator to see. */
export type CheckpointDetail = null | boolean | number | string | readonly CheckpointDetail[] | DetailObject;
export interface DetailObject {
  readonly [key: string]: CheckpointDetail | undefined;
}

/** What a step reports. Everything but the identity and the status is optional. */
export interface CheckpointEntry {
  readonly customerId: string;
  readonly requestId: string;
  /** Stable name of the step within the request, e.g. `circuit:a` or `connection/vnet-1#b`; any characters. */
  readonly stepKey: string;
  readonly status: CheckpointStatus;
  /**
   * Which attempt this report belongs to (1-based). Omitted: `Started` on a `Failed` row starts the next attempt;
   * anything else belongs to the row's current attempt. Given: reports for an older attempt than the row's are
   * stale and do not change its status.
   */
  readonly attempt?: number;
  /** ARM ids the step touched. Accumulated: the row keeps the union of every report's ids, in first-seen order. */
  readonly armIds?: readonly string[];
  readonly outcome?: CheckpointOutcome;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly detail?: CheckpointDetail;
  /** When this happened (ISO 8601); defaults to the adapter's clock. */
  readonly at?: string;
}

export interface CheckpointRecord {
  readonly customerId: string;
  readonly requestId: string;
  readonly stepKey: string;
  readonly status: CheckpointStatus;
  readonly attempt: number;
  /** When the step (its first attempt) was first reported; the log's sort order. */
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Set when the current attempt reached Succeeded, Failed or Skipped. */
  readonly endedAt?: string;
  readonly armIds: readonly string[];
  readonly outcome?: CheckpointOutcome;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly detail?: CheckpointDetail;
}

export interface CheckpointWrite {
  /** False when the report was stale (a late duplicate, an older attempt) and left the status as it was. */
  readonly applied: boolean;
  readonly record: CheckpointRecord;
}

/**
 * Status moves forward only. Each report is ranked by (attempt, phase), with phase Started < Waiting < terminal
 * (Succeeded, Failed, Skipped), and changes the row only if it ranks at least as high as the row:
 * - a late `Started` or `Waiting` never moves a `Succeeded`/`Failed`/`Skipped` row back, nor `Started` a `Waiting` one;
 * - the first terminal report of an attempt wins; later terminal reports of the same attempt are ignored;
 * - `Waiting` after `Waiting` refreshes the detail (progress of a long wait);
 * - a `Failed` step is retried by reporting `Started` (attempt + 1); the error, outcome and `endedAt` are cleared.
 * ARM ids accumulate whatever the status does. Concurrent writers never lose an update.
 */
export interface CheckpointLog {
  record(entry: CheckpointEntry): Promise<CheckpointWrite>;
  /** One customer's rows (optionally one request's), ordered by `startedAt`, then request id, then step key. */
  list(customerId: string, requestId?: string): Promise<readonly CheckpointRecord[]>;
  get(customerId: string, requestId: string, stepKey: string): Promise<CheckpointRecord | undefined>;
}

/**
 * Removes what looks like a secret from free text: the one policy of `shared/redaction.ts` (re-exported here so
 * that checkpoint writers need one import).
 */
export { scrubSecrets } from '../redaction';

/**
 * `scrubSecrets` for structured details: fields named like a secret (`md5Key`, `authorizationKey`, `sharedKey`,
 * `password`, `clientSecret`…) are redacted whatever their value, a GUID in a field whose name ends in "key"
 * (`serviceKey`) is redacted, and every other string is scrubbed as text (`redactFields`).
 */
export function scrubDetail(value: CheckpointDetail): CheckpointDetail {
  return redactFields(value) as CheckpointDetail;
}
