/** The migration workflow's orchestrator and activity factories, composed in ../handlers.ts. */
import type { ActivityFactoriesOf, OrchestratorsOf } from '../registration';
import type { MigrationActivityContracts, MigrationOrchestrationContracts } from './contracts';
import {
  createPlanPairRetirementActivity,
  createPrepareMigrationActivity,
  createRecordMigratedSpecActivity,
} from './migration.activity';
import { migrateCircuitPairOrchestrator, migrateCircuitPairV2Orchestrator } from './migrateCircuitPair.orchestrator';

export const MIGRATION_ORCHESTRATORS: OrchestratorsOf<MigrationOrchestrationContracts> = {
  migrateCircuitPair: migrateCircuitPairOrchestrator,
  migrateCircuitPairV2: migrateCircuitPairV2Orchestrator,
};
export const MIGRATION_ACTIVITY_FACTORIES: ActivityFactoriesOf<MigrationActivityContracts> = {
  prepareMigration: createPrepareMigrationActivity,
  planPairRetirement: createPlanPairRetirementActivity,
  recordMigratedSpec: createRecordMigratedSpecActivity,
};
