/**
 * The sweeps workflow's activities: thin factories over shared/services/complianceSweep.ts and the compliance store.
 */
import { AppError } from '../../shared/errors';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import {
  evaluateFleet,
  evaluateSweepBatch,
  listSweepCustomers,
  type ComplianceSweepPorts,
} from '../../shared/services/complianceSweep';
import type {
  ComplianceSweepOutput,
  EvaluateSweepBatchInput,
  FinishSweepInput,
  ListSweepCustomersInput,
  ListSweepCustomersOutput,
  RecordSweepBatchInput,
  StartSweepInput,
} from './contracts';
import type { BatchEvaluation } from '../../shared/services/complianceSweep';

function compliance(deps: ActivityDependencies): NonNullable<ActivityDependencies['compliance']> {
  if (deps.compliance === undefined) {
    throw new AppError(
      'InvalidConfiguration',
      'compliance sweeps need the inventory and the findings store (composition)',
    );
  }
  return deps.compliance;
}

function sweepPorts(deps: ActivityDependencies, at: string): ComplianceSweepPorts {
  const time = Date.parse(at);
  const { inventory, store, settings } = compliance(deps);
  return {
    customers: deps.customers,
    inventory,
    network: deps.network,
    store,
    csp: deps.csp,
    settings,
    now: () => time,
  };
}

export function createStartSweepActivity(deps: ActivityDependencies) {
  return async (input: StartSweepInput): Promise<void> => {
    await compliance(deps).store.startSweep(input.sweepId, input.trigger, input.startedAt);
  };
}

export function createListSweepCustomersActivity(deps: ActivityDependencies) {
  return (input: ListSweepCustomersInput): Promise<ListSweepCustomersOutput> =>
    listSweepCustomers(deps.customers, input.pageSize, input.continuationToken);
}

export function createEvaluateSweepBatchActivity(deps: ActivityDependencies) {
  return (input: EvaluateSweepBatchInput): Promise<BatchEvaluation> =>
    evaluateSweepBatch(sweepPorts(deps, input.at), input.sweepId, input.customerIds);
}

export function createRecordSweepBatchActivity(deps: ActivityDependencies) {
  return async (input: RecordSweepBatchInput): Promise<void> => {
    await compliance(deps).store.recordBatch(input.sweepId, input.batchIndex, input.summary);
  };
}

/** Fleet findings (completed sweeps only), then the report's end; returns the report's totals. */
export function createFinishSweepActivity(deps: ActivityDependencies) {
  return async (input: FinishSweepInput): Promise<ComplianceSweepOutput> => {
    const ports = sweepPorts(deps, input.finishedAt);
    let fleetFindings: number | undefined;
    if (input.status === 'Completed') fleetFindings = (await evaluateFleet(ports, input.sweepId)).findings;
    await ports.store.finishSweep(input.sweepId, input.status, input.finishedAt, {
      ...(fleetFindings === undefined ? {} : { fleetFindings }),
      ...(input.error === undefined ? {} : { error: input.error }),
    });
    const report = await ports.store.getSweep(input.sweepId);
    return {
      sweepId: input.sweepId,
      status: input.status,
      batches: report?.batches ?? 0,
      customers: report?.customers ?? 0,
      findings: report?.findings ?? 0,
    };
  };
}
