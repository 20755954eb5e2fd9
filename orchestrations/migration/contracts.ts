/**
 * The make-before-break migration's orchestration and activities by name, with their inputs and outputs (persisted
 * in Durable history: identifiers, specs, intents and small summaries, never secret values). Composed into
 * ../contracts.ts. The migration reuses onboarding's planning and build (planOnboarding, steps/buildWaves.ts) for
 * the new pair and the decommission's teardown (executeTeardown) for the old one.
 */
import type { TeardownPlan } from '../../shared/domain/teardownPlan';
import type { CustomerSpec } from '../../shared/domain/spec';
import type { ValidationIssue } from '../../shared/errors';
import {
  Workflows,
  type MigrateCircuitPairInput,
  type MigrateCircuitPairOutput,
} from '../../shared/ports/requestWorkflows';
import type { Contract } from '../contracts';

export interface MigrationOrchestrationContracts {
  /** Version 1, kept registered for migrations started before version 2. */
  readonly migrateCircuitPair: Contract<MigrateCircuitPairInput, MigrateCircuitPairOutput>;
  readonly migrateCircuitPairV2: Contract<MigrateCircuitPairInput, MigrateCircuitPairOutput>;
}
export interface MigrationActivityContracts {
  readonly prepareMigration: Contract<PrepareMigrationInput, PrepareMigrationOutput>;
  readonly planPairRetirement: Contract<PlanPairRetirementInput, PlanPairRetirementOutput>;
  readonly recordMigratedSpec: Contract<RecordMigratedSpecInput, void>;
}

export const MigrationOrchestrations = {
  migrateCircuitPair: 'migrateCircuitPair',
  migrateCircuitPairV2: Workflows.migrateCircuitPair,
} as const satisfies { readonly [Name in keyof MigrationOrchestrationContracts]: Name };
export const MigrationActivities = {
  prepareMigration: 'prepareMigration',
  planPairRetirement: 'planPairRetirement',
  recordMigratedSpec: 'recordMigratedSpec',
} as const satisfies { readonly [Name in keyof MigrationActivityContracts]: Name };

export interface PrepareMigrationInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly change: MigrateCircuitPairInput['change'];
}
/** The specs the migration moves through (shared/domain/migration.ts), from the registry's spec. */
export type PrepareMigrationOutput =
  | {
      readonly ok: true;
      readonly oldPair: string;
      readonly newPair: string;
      readonly during: CustomerSpec;
      readonly after: CustomerSpec;
    }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export interface PlanPairRetirementInput {
  readonly requestId: string;
  readonly customerId: string;
  /** The pair to retire (the old generation, or the new one when a person aborts the migration). */
  readonly pair: string;
  readonly stepKey: string;
}
export interface PlanPairRetirementOutput {
  readonly plan: TeardownPlan;
}

export interface RecordMigratedSpecInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly spec: CustomerSpec;
}

/** The migration's own steps, as checkpoints spell them (resource steps are keyed by the plans). */
export const MigrationStepKeys = {
  /** The old pair's connections are preferred while the new pair is built. */
  preferOld: (connectionKey: string): string => `migration:prefer-old:${connectionKey}`,
  /** Both pairs carry traffic: the new pair's connections are raised to the old pair's weight. */
  raiseNew: (connectionKey: string): string => `migration:raise-new:${connectionKey}`,
  /** The old pair's connections are lowered: the new pair carries the traffic. */
  lowerOld: (connectionKey: string): string => `migration:lower-old:${connectionKey}`,
  /** With the old pair gone, the new pair's connections return to the link's weight. */
  settleNew: (connectionKey: string): string => `migration:settle-new:${connectionKey}`,
  retirePlan: (pair: string): string => `migration:retire-plan:${pair}`,
  verifyNew: 'migration:verify-new',
  verifyMoved: 'migration:verify-moved',
  abort: 'migration:abort',
} as const;
