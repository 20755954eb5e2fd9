/**
 * Where compliance sweeps keep what they found: one report per sweep (with a row per batch, so batches record in
 * parallel without contention) and each customer's findings, open or resolved, with when each was first seen (an
 * authorization unused for N days, a circuit NotProvisioned for N days are measured from there). Implemented by
 * `shared/adapters/tables/complianceStore.ts`.
 */
import type { Finding } from '../domain/findings';
import type { WatchedCondition } from '../domain/findingsDiff';

export const SWEEP_STATUSES = ['Running', 'Completed', 'Failed'] as const;
export type SweepStatus = (typeof SWEEP_STATUSES)[number];
export type SweepTrigger = 'timer' | 'http' | 'rehearsal';

/** What one batch of customers contributed to a sweep. */
export interface SweepBatchSummary {
  readonly customers: number;
  readonly customersWithFindings: number;
  readonly findings: number;
  readonly byCode: Readonly<Record<string, number>>;
  readonly repaired: number;
  readonly repairsFailed: number;
  readonly driftEvents: number;
  readonly resourceGraphQueries: number;
  /** Per-resource ARM reads made to confirm findings (only for customers that have some). */
  readonly armReads: number;
}

export interface SweepReport extends SweepBatchSummary {
  readonly sweepId: string;
  readonly trigger: SweepTrigger;
  readonly status: SweepStatus;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly batches: number;
  /** Fleet findings (no customer): circuits in the CSP's subscriptions that the automation does not manage. */
  readonly fleetFindings: number;
  readonly error?: string;
}

export interface StoredFinding extends Finding {
  readonly status: 'open' | 'resolved';
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  /** The sweep that last saw it (or resolved it). */
  readonly sweepId: string;
  /** What the sweep did about it. */
  readonly action: 'reported' | 'repaired' | 'repair-failed';
}

/** What replacing a customer's findings changed. */
export interface FindingsUpdate {
  readonly opened: number;
  readonly stillOpen: number;
  readonly resolved: number;
}

export interface ComplianceStore {
  /** Idempotent: a sweep already started keeps its start time and trigger. */
  startSweep(sweepId: string, trigger: SweepTrigger, startedAt: string): Promise<void>;
  /** Idempotent per batch index (a replayed batch overwrites its own row). */
  recordBatch(sweepId: string, batchIndex: number, summary: SweepBatchSummary): Promise<void>;
  finishSweep(
    sweepId: string,
    status: Exclude<SweepStatus, 'Running'>,
    finishedAt: string,
    detail?: { readonly fleetFindings?: number; readonly error?: string },
  ): Promise<void>;
  /** The report with its batches added up; undefined for an unknown sweep. */
  getSweep(sweepId: string): Promise<SweepReport | undefined>;
  /** When each watched condition or finding of the customer was first seen (by `findingKey`), epoch ms. */
  firstSeen(customerId: string | undefined): Promise<ReadonlyMap<string, number>>;
  /**
   * The customer's findings become exactly these: new ones opened, seen ones kept (first-seen time unchanged),
   * those no longer found resolved. Watched conditions are remembered (not reported) until they become findings or
   * disappear. `customerId` undefined: the fleet's findings.
   */
  replaceFindings(
    customerId: string | undefined,
    sweepId: string,
    findings: readonly (Finding & { readonly action: StoredFinding['action'] })[],
    watching: readonly WatchedCondition[],
    now: string,
  ): Promise<FindingsUpdate>;
  /** Open findings of a customer (undefined: the fleet's), most severe first. */
  openFindings(customerId: string | undefined): Promise<readonly StoredFinding[]>;
}
