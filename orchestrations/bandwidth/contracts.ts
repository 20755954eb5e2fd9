/**
 * The bandwidth workflow's orchestrations and activities by name, with their inputs and outputs (persisted in Durable
 * history: identifiers, intents and small summaries, never secret values). Composed into ../contracts.ts.
 *
 * A circuit's service key is not a secret here: it is what the provider is handed (`bandwidth.changed`), exactly as
 * the onboarding's provider hand-off carries it.
 */
import type { WorkflowTiming } from '../../shared/config';
import type { ArmId, CircuitIntent, Leg, Scope } from '../../shared/domain/intents';
import type { ErrorDetails, ValidationIssue } from '../../shared/errors';
import type { CircuitSizing } from '../../shared/messages/bandwidthChange';
import type { BandwidthChangeData } from '../../shared/messages/requests';
import { Workflows, type ChangeBandwidthInput } from '../../shared/ports/requestWorkflows';
import type { Contract, StepContext } from '../contracts';

export type { ChangeBandwidthInput } from '../../shared/ports/requestWorkflows';
export type { CircuitSizing } from '../../shared/messages/bandwidthChange';

/** What happened to one circuit (old and new size, as read from Azure before and after). */
export interface CircuitChangeReport {
  readonly leg: Leg;
  readonly circuitId: ArmId;
  readonly from: CircuitSizing;
  readonly to: CircuitSizing;
  /** False when Azure already had the new size: nothing was written to this circuit. */
  readonly written: boolean;
}

export type ChangeBandwidthOutput =
  | {
      readonly status: 'Completed';
      readonly customerId: string;
      readonly pair: string;
      readonly circuits: readonly CircuitChangeReport[];
    }
  | { readonly status: 'Rejected'; readonly issues: readonly ValidationIssue[] };

/** A resource that must still be up after its circuit changed (a peering, or a VNet link's connection). */
export interface DependentResource {
  readonly kind: 'peering' | 'connection';
  readonly id: ArmId;
  readonly scope: Scope;
}

/**
 * One circuit to change in place: the circuit as Azure has it with only its size fields changed (so the ensure
 * writes nothing else), what it was, and what must still be up afterwards.
 */
export interface CircuitResize {
  readonly leg: Leg;
  readonly pair?: string;
  /** Checkpoint key of the change (`bandwidth:b`, `bandwidth:<pair>:b`). */
  readonly stepKey: string;
  readonly circuit: CircuitIntent;
  readonly from: CircuitSizing;
  readonly to: CircuitSizing;
  readonly serviceKey: string;
  readonly dependents: readonly DependentResource[];
}

export interface PlanBandwidthChangeInput extends StepContext {
  readonly change: BandwidthChangeData;
}
export type PlanBandwidthChangeOutput =
  | {
      readonly ok: true;
      readonly pair: string;
      readonly to: CircuitSizing;
      /** Leg b first, then leg a: one circuit is untouched at every instant. */
      readonly circuits: readonly CircuitResize[];
    }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** The reusable unit (the migration workflow reuses it): change one circuit in place and verify it. */
export interface ChangeCircuitInPlaceInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly resize: CircuitResize;
  readonly timing: WorkflowTiming;
}
export type ChangeCircuitInPlaceOutput =
  | { readonly outcome: 'changed' | 'unchanged'; readonly report: CircuitChangeReport }
  | { readonly outcome: 'failed'; readonly stepKey: string; readonly error: ErrorDetails };

export interface VerifyCircuitChangeInput extends StepContext {
  readonly circuitId: ArmId;
  readonly scope: Scope;
  readonly expected: CircuitSizing;
  readonly dependents: readonly DependentResource[];
}
export interface VerifyCircuitChangeOutput {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** As read back (absent when the circuit could not be read). */
  readonly observed?: CircuitSizing & { readonly circuitProvisioningState: string };
}

export interface RecordChangedSpecInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly pair: string;
  readonly to: CircuitSizing;
}

export interface BandwidthOrchestrationContracts {
  readonly changeBandwidth: Contract<ChangeBandwidthInput, ChangeBandwidthOutput>;
  readonly changeCircuitInPlace: Contract<ChangeCircuitInPlaceInput, ChangeCircuitInPlaceOutput>;
}
export interface BandwidthActivityContracts {
  readonly planBandwidthChange: Contract<PlanBandwidthChangeInput, PlanBandwidthChangeOutput>;
  readonly verifyCircuitChange: Contract<VerifyCircuitChangeInput, VerifyCircuitChangeOutput>;
  readonly recordChangedSpec: Contract<RecordChangedSpecInput, void>;
}

export const BandwidthOrchestrations = {
  changeBandwidth: Workflows.changeBandwidth,
  changeCircuitInPlace: 'changeCircuitInPlace',
} as const satisfies { readonly [Name in keyof BandwidthOrchestrationContracts]: Name };
export const BandwidthActivities = {
  planBandwidthChange: 'planBandwidthChange',
  verifyCircuitChange: 'verifyCircuitChange',
  recordChangedSpec: 'recordChangedSpec',
} as const satisfies { readonly [Name in keyof BandwidthActivityContracts]: Name };
