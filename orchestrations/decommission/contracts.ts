/**
 * The decommission workflow's orchestrations and activities by name, with their inputs and outputs (persisted in Durable
 * history: identifiers, intents and small summaries, never secret values). Composed into ../contracts.ts.
 *
 * Reusable by other workflows (a migration retiring a customer's old pair): `executeTeardown` takes a teardown plan
 * (shared/domain/teardownPlan.ts) whose deletion was already decided and runs it in order.
 */
import type { WorkflowTiming } from '../../shared/config';
import type { TeardownPlan, TeardownResource } from '../../shared/domain/teardownPlan';
import type { ErrorDetails, ValidationIssue } from '../../shared/errors';
import type { DecommissionCustomerInput, DecommissionCustomerOutput } from '../../shared/ports/requestWorkflows';
import type { Contract, StepContext } from '../contracts';

export interface DecommissionOrchestrationContracts {
  readonly decommissionCustomer: Contract<DecommissionCustomerInput, DecommissionCustomerOutput>;
  readonly executeTeardown: Contract<ExecuteTeardownInput, ExecuteTeardownOutput>;
}
export interface DecommissionActivityContracts {
  readonly planDecommission: Contract<PlanDecommissionInput, PlanDecommissionOutput>;
  readonly deleteTeardownResource: Contract<DeleteTeardownResourceInput, DeleteTeardownResourceOutput>;
  /** A decommissioned customer's subscriptions, released for other customers (returns those released now). */
  readonly releaseSubscriptions: Contract<StepContext, readonly string[]>;
}

export const DecommissionOrchestrations = {
  decommissionCustomer: 'decommissionCustomer',
  executeTeardown: 'executeTeardown',
} as const satisfies {
  readonly [Name in keyof DecommissionOrchestrationContracts]: Name;
};
export const DecommissionActivities = {
  planDecommission: 'planDecommission',
  deleteTeardownResource: 'deleteTeardownResource',
  releaseSubscriptions: 'releaseSubscriptions',
} as const satisfies {
  readonly [Name in keyof DecommissionActivityContracts]: Name;
};

/** The recorded decision a teardown runs on: who, under which reference, the plan they approved, and how it came. */
export interface TeardownDecision {
  readonly approvedBy: string;
  readonly reference?: string;
  readonly reason?: string;
  /** The digest of the plan approved. */
  readonly planDigest: string;
  /** `request`: the approval came with the request; `event`: an Approval event (who sent it, when). */
  readonly via: 'request' | 'event';
  readonly sentBy?: string;
  readonly at: string;
}

/**
 * Runs a teardown plan in order (shared/domain/teardownPlan.ts): each delete checkpointed and idempotent (already
 * gone counts as done), the provider asked to deprovision each circuit and waited for (`awaitProvider` with
 * `awaiting: 'NotProvisioned'`, under `InstanceIds.deprovisionWait`), then circuits (billing stops), route filter,
 * gateways. At the provider deadline nothing more is deleted.
 */
export interface ExecuteTeardownInput {
  readonly requestId: string;
  readonly customerId: string;
  /** The request's own instance: the deprovision waits live under it (`ProviderDeprovisioned` finds them). */
  readonly requestInstanceId: string;
  readonly plan: TeardownPlan;
  readonly decision: TeardownDecision;
  readonly timing: WorkflowTiming;
}

export interface BillingStop {
  readonly circuitId: string;
  /** When its deletion finished, by the orchestration clock (ISO 8601). */
  readonly stoppedAt: string;
}

export type ExecuteTeardownOutput =
  | {
      readonly outcome: 'completed';
      /** Deletes that removed something, and those that found it already gone. */
      readonly deleted: number;
      readonly alreadyGone: number;
      readonly billingStops: readonly BillingStop[];
    }
  /** The provider did not deprovision by the deadline: the circuits (and what follows them) are kept. */
  | {
      readonly outcome: 'provider-deadline';
      readonly stepKey: string;
      readonly circuitIds: readonly string[];
      readonly deleted: number;
    }
  | { readonly outcome: 'failed'; readonly stepKey: string; readonly error: ErrorDetails; readonly deleted: number };

export interface PlanDecommissionInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly deleteGateways: boolean;
  /** The checkpoint this reading is recorded under (`plan`, `plan:2` after Azure changed). */
  readonly stepKey: string;
}
export type PlanDecommissionOutput =
  | { readonly ok: true; readonly plan: TeardownPlan }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export interface DeleteTeardownResourceInput extends StepContext {
  readonly resource: TeardownResource;
  /**
   * `false`: return once ARM accepted the DELETE (`deleting`), and the orchestrator reads the resource on durable
   * timers until it is gone. Absent in inputs recorded before it existed: the activity waited for ARM.
   */
  readonly waitForCompletion?: boolean;
}
export type DeleteTeardownResourceOutput =
  | { readonly ok: true; readonly outcome: 'deleted' | 'absent' | 'deleting' }
  | { readonly ok: false; readonly error: ErrorDetails };

/** The decommission's own steps, as checkpoints spell them (resource steps are keyed by the plan). */
export const DecommissionStepKeys = {
  /** Reading Azure and planning the teardown; `plan:2`, `plan:3` when an approval made it read again. */
  plan: (round = 1): string => (round === 1 ? 'plan' : `plan:${String(round)}`),
  /** The recorded decision: from the request, or an Approval event. */
  approval: 'approval',
  /** The registry releases the decommissioned customer's subscriptions. */
  releaseSubscriptions: 'release-subscriptions',
} as const;
