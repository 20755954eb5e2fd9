/**
 * Customer leases: at most one request changes a customer at a time. Implemented by
 * `shared/adapters/tables/customerLeases.ts`.
 *
 * A lease has no time-to-live: orchestrations wait days for a provider, so a lease is held until the orchestration
 * that took it releases it, or an operator breaks it with `forceRelease`, which is recorded with its reason. Every
 * acquisition and release is written to the customer's lease history in the same atomic write.
 */

export type LeaseAcquisition =
  | { readonly acquired: true; readonly since: string }
  | { readonly acquired: false; readonly heldBy: string; readonly since: string };

export type LeaseRelease =
  | { readonly outcome: 'released' }
  /** Nobody held the lease: nothing to do. */
  | { readonly outcome: 'absent' }
  /** Refused: someone else holds it (e.g. after an operator broke this owner's lease and another request took it). */
  | { readonly outcome: 'heldByAnother'; readonly heldBy: string; readonly since: string };

export type ForcedRelease =
  { readonly outcome: 'released'; readonly heldBy: string; readonly since: string } | { readonly outcome: 'absent' };

export interface LeaseState {
  readonly customerId: string;
  /** The request or orchestration instance id that holds the lease. */
  readonly heldBy: string;
  /** ISO 8601: when it was acquired. */
  readonly since: string;
}

export type LeaseEvent = 'Acquired' | 'Released' | 'ForceReleased';

/** One audit row: who took or gave back the lease, when, and (for forced releases) who broke it and why. */
export interface LeaseHistoryEntry {
  readonly customerId: string;
  readonly event: LeaseEvent;
  /** The owner the event concerns (the holder that acquired, released, or whose lease was broken). */
  readonly owner: string;
  readonly at: string;
  /** ForceReleased only: the operator's reason and name. */
  readonly reason?: string;
  readonly by?: string;
  /** Released and ForceReleased: when the lease had been acquired. */
  readonly heldSince?: string;
}

export interface CustomerLeases {
  /** Idempotent for the same owner: acquiring a lease one already holds succeeds (with the original `since`). */
  tryAcquire(customerId: string, owner: string): Promise<LeaseAcquisition>;
  /** Only the holder releases; releasing a free lease is fine (`absent`). */
  release(customerId: string, owner: string): Promise<LeaseRelease>;
  /** Operator action: breaks whoever holds the lease, recording `reason` and `by` (operator name) in the history. */
  forceRelease(customerId: string, reason: string, by?: string): Promise<ForcedRelease>;
  current(customerId: string): Promise<LeaseState | undefined>;
  /** Oldest first. */
  history(customerId: string): Promise<readonly LeaseHistoryEntry[]>;
}
