/** The sweeps workflow's orchestrators and activity factories, composed in ../handlers.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import { complianceSweepOrchestrator } from './complianceSweep.orchestrator';
import type { SweepActivityContracts, SweepOrchestrationContracts } from './contracts';
import { repairCustomerDriftOrchestrator } from './repairCustomerDrift.orchestrator';
import {
  createEvaluateSweepBatchActivity,
  createFinishSweepActivity,
  createListSweepCustomersActivity,
  createRecordSweepBatchActivity,
  createStartSweepActivity,
} from './sweep.activity';
import { sweepCustomerBatchOrchestrator } from './sweepCustomerBatch.orchestrator';

export const SWEEP_ORCHESTRATORS: OrchestratorsOf<SweepOrchestrationContracts> = {
  complianceSweep: complianceSweepOrchestrator,
  sweepCustomerBatch: sweepCustomerBatchOrchestrator,
  repairCustomerDrift: repairCustomerDriftOrchestrator,
};

export const SWEEP_ACTIVITY_FACTORIES: ActivityFactoriesOf<SweepActivityContracts> = {
  startSweep: createStartSweepActivity,
  listSweepCustomers: createListSweepCustomersActivity,
  evaluateSweepBatch: createEvaluateSweepBatchActivity,
  recordSweepBatch: createRecordSweepBatchActivity,
  finishSweep: createFinishSweepActivity,
};
