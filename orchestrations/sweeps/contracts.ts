/**
 * The sweeps workflow's orchestrations and activities by name, with their inputs and outputs (persisted in Durable
 * history: identifiers, intents and small summaries, never secret values). Composed into ../contracts.ts.
 *
 *   complianceSweep        pages of Active customers → up to `concurrency` batches at a time, each a
 *                          sweepCustomerBatch sub-orchestration; continues as new after every round, so its history
 *                          holds one round whatever the fleet size; then fleet findings and the report's end.
 *   sweepCustomerBatch     inventory + findings (one activity), safe repairs (repairCustomerDrift per customer),
 *                          drift.detected for destructive drift, the batch's row of the report.
 *   repairCustomerDrift    under the customer's lease: each repair through its ensure activity, checkpointed.
 */
import type { AppConfig, WorkflowTiming } from '../../shared/config';
import type { SweepBatchSummary, SweepReport, SweepTrigger } from '../../shared/ports/compliance';
import type { BatchEvaluation, RepairItem } from '../../shared/services/complianceSweep';
import type { Contract } from '../contracts';

export interface ComplianceSweepInput {
  readonly sweepId: string;
  readonly trigger: SweepTrigger;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly timing: WorkflowTiming;
  /** Carried across continueAsNew generations. */
  readonly cursor?: { readonly continuationToken?: string; readonly nextBatchIndex: number };
}
/** A new sweep's input, sized by the app's sweep settings. */
export function complianceSweepInput(
  sweepId: string,
  trigger: SweepTrigger,
  config: Pick<AppConfig, 'sweeps' | 'timing'>,
): ComplianceSweepInput {
  return {
    sweepId,
    trigger,
    batchSize: config.sweeps.batchSize,
    concurrency: config.sweeps.concurrency,
    timing: config.timing,
  };
}

export type ComplianceSweepOutput = Pick<SweepReport, 'sweepId' | 'status' | 'batches' | 'customers' | 'findings'>;

export interface SweepCustomerBatchInput {
  readonly sweepId: string;
  readonly batchIndex: number;
  readonly customerIds: readonly string[];
  readonly timing: WorkflowTiming;
}
export type SweepCustomerBatchOutput = SweepBatchSummary;

export interface RepairCustomerDriftInput {
  readonly sweepId: string;
  readonly customerId: string;
  readonly repairs: readonly RepairItem[];
  readonly timing: WorkflowTiming;
}
export interface RepairCustomerDriftOutput {
  readonly repaired: number;
  readonly failed: number;
}

export interface SweepOrchestrationContracts {
  readonly complianceSweep: Contract<ComplianceSweepInput, ComplianceSweepOutput>;
  readonly sweepCustomerBatch: Contract<SweepCustomerBatchInput, SweepCustomerBatchOutput>;
  readonly repairCustomerDrift: Contract<RepairCustomerDriftInput, RepairCustomerDriftOutput>;
}

export interface StartSweepInput {
  readonly sweepId: string;
  readonly trigger: SweepTrigger;
  readonly startedAt: string;
}
export interface ListSweepCustomersInput {
  readonly pageSize: number;
  readonly continuationToken?: string;
}
export interface ListSweepCustomersOutput {
  readonly customerIds: readonly string[];
  readonly continuationToken?: string;
}
export interface EvaluateSweepBatchInput {
  readonly sweepId: string;
  readonly customerIds: readonly string[];
  /** The orchestration's time (ISO 8601): how old a watched condition is, measured on the workflow's clock. */
  readonly at: string;
}
export interface RecordSweepBatchInput {
  readonly sweepId: string;
  readonly batchIndex: number;
  readonly summary: SweepBatchSummary;
}
export interface FinishSweepInput {
  readonly sweepId: string;
  readonly status: 'Completed' | 'Failed';
  readonly finishedAt: string;
  readonly error?: string;
}

export interface SweepActivityContracts {
  readonly startSweep: Contract<StartSweepInput, void>;
  readonly listSweepCustomers: Contract<ListSweepCustomersInput, ListSweepCustomersOutput>;
  readonly evaluateSweepBatch: Contract<EvaluateSweepBatchInput, BatchEvaluation>;
  readonly recordSweepBatch: Contract<RecordSweepBatchInput, void>;
  readonly finishSweep: Contract<FinishSweepInput, ComplianceSweepOutput>;
}

export const SweepOrchestrations = {
  complianceSweep: 'complianceSweep',
  sweepCustomerBatch: 'sweepCustomerBatch',
  repairCustomerDrift: 'repairCustomerDrift',
} as const satisfies { readonly [Name in keyof SweepOrchestrationContracts]: Name };

export const SweepActivities = {
  startSweep: 'startSweep',
  listSweepCustomers: 'listSweepCustomers',
  evaluateSweepBatch: 'evaluateSweepBatch',
  recordSweepBatch: 'recordSweepBatch',
  finishSweep: 'finishSweep',
} as const satisfies { readonly [Name in keyof SweepActivityContracts]: Name };

/** Instance ids of a sweep and its parts (deterministic: a replay schedules the same ones). */
export const SweepInstanceIds = {
  sweep: (sweepId: string): string => `sweep-${sweepId}`,
  batch: (sweepId: string, batchIndex: number): string => `sweep-${sweepId}:batch-${batchIndex}`,
  repair: (sweepId: string, customerId: string): string => `sweep-${sweepId}:repair-${customerId}`,
};
