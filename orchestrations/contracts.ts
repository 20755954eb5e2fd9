/**
 * Every orchestration and activity by name, with its input and output types. Names are defined here once;
 * nothing else spells them as string literals. Inputs and outputs are persisted in Durable history, so they
 * carry identifiers, intents and small summaries, never secret values.
 */
import type { WorkflowTiming } from '../shared/config';
import type { ArmId, Leg, ResourceIntent, Scope } from '../shared/domain/intents';
import type { Plan } from '../shared/domain/plan';
import type { CustomerSpec } from '../shared/domain/spec';
import type { ErrorDetails, ValidationIssue } from '../shared/errors';
import { Workflows, type OnboardCustomerInput, type OnboardCustomerOutput } from '../shared/ports/requestWorkflows';
import {
  BandwidthActivities,
  BandwidthOrchestrations,
  type BandwidthActivityContracts,
  type BandwidthOrchestrationContracts,
} from './bandwidth/contracts';
import {
  DecommissionActivities,
  DecommissionOrchestrations,
  type DecommissionActivityContracts,
  type DecommissionOrchestrationContracts,
} from './decommission/contracts';
import {
  MigrationActivities,
  MigrationOrchestrations,
  type MigrationActivityContracts,
  type MigrationOrchestrationContracts,
} from './migration/contracts';
import {
  SweepActivities,
  SweepOrchestrations,
  type SweepActivityContracts,
  type SweepOrchestrationContracts,
} from './sweeps/contracts';

export { ExternalEvents, InstanceIds, Workflows } from '../shared/ports/requestWorkflows';
export type {
  ExternalEventName,
  OnboardCustomerInput,
  OnboardCustomerOutput,
  Phase,
  RequestStatus,
} from '../shared/ports/requestWorkflows';

/** One orchestration or activity: what it takes and what it returns (both persisted in history). */
export interface Contract<Input, Output> {
  readonly input: Input;
  readonly output: Output;
}

/** Every orchestration, the request workflows (named in shared/ports) and their parts; each workflow folder adds its own. */
export interface OrchestrationContracts
  extends
    DecommissionOrchestrationContracts,
    BandwidthOrchestrationContracts,
    MigrationOrchestrationContracts,
    SweepOrchestrationContracts {
  /** Version 1, kept registered for instances started before version 2 (test/fixtures/histories/README.md). */
  readonly onboardCustomer: Contract<OnboardCustomerInput, OnboardCustomerOutput>;
  /** What an onboarding request starts: every node of the plan as soon as its dependencies have ended. */
  readonly onboardCustomerV2: Contract<OnboardCustomerInput, OnboardCustomerOutput>;
  /** Version 1, kept registered for instances started before version 2. */
  readonly provisionCircuitLeg: Contract<ProvisionCircuitLegInput, ProvisionCircuitLegOutput>;
  readonly provisionCircuitLegV2: Contract<CircuitLaneInput, ProvisionCircuitLegOutput>;
  readonly awaitProvider: Contract<AwaitProviderInput, AwaitProviderOutput>;
  readonly ensureLongRunning: Contract<LongRunningStepInput, LongRunningStepOutput>;
  readonly acquireCustomerLease: Contract<AcquireLeaseInput, true>;
}
export type OrchestrationName = keyof OrchestrationContracts;

export const Orchestrations = {
  onboardCustomer: 'onboardCustomer',
  onboardCustomerV2: Workflows.onboardCustomer,
  provisionCircuitLeg: 'provisionCircuitLeg',
  provisionCircuitLegV2: 'provisionCircuitLegV2',
  awaitProvider: 'awaitProvider',
  ensureLongRunning: 'ensureLongRunning',
  acquireCustomerLease: 'acquireCustomerLease',
  ...DecommissionOrchestrations,
  ...BandwidthOrchestrations,
  ...MigrationOrchestrations,
  ...SweepOrchestrations,
} as const satisfies { readonly [Name in OrchestrationName]: Name };

type EnsureContract = Contract<EnsureResourceInput, EnsureResourceOutput>;

/**
 * Every activity. Handlers are registered from this map (register.ts), and called through steps/calls.ts; each
 * workflow folder adds its own.
 */
export interface ActivityContracts
  extends
    DecommissionActivityContracts,
    BandwidthActivityContracts,
    MigrationActivityContracts,
    SweepActivityContracts {
  readonly planOnboarding: Contract<PlanOnboardingInput, PlanOnboardingOutput>;
  readonly registerCustomer: Contract<RegisterCustomerInput, void>;
  readonly tryAcquireLease: Contract<LeaseInput, TryAcquireLeaseOutput>;
  readonly releaseLease: Contract<LeaseInput, ReleaseLeaseOutput>;
  readonly readResource: Contract<ReadResourceInput, ReadResourceOutput>;
  readonly readProviderState: Contract<ReadProviderStateInput, ReadProviderStateOutput>;
  readonly readPrerequisite: Contract<ReadPrerequisiteInput, ReadPrerequisiteOutput>;
  readonly stopProviderWaits: Contract<StopProviderWaitsInput, void>;
  readonly notifyProvider: Contract<NotifyProviderInput, void>;
  readonly publishEvent: Contract<PublishEventInput, void>;
  readonly recordCheckpoint: Contract<RecordCheckpointInput, void>;
  readonly closeOpenSteps: Contract<CloseOpenStepsInput, readonly string[]>;
  readonly setCustomerStatus: Contract<SetCustomerStatusInput, void>;
  readonly verifyTopology: Contract<VerifyTopologyInput, VerifyTopologyOutput>;
  readonly recordRequestOutcome: Contract<RecordRequestOutcomeInput, void>;
  readonly ensureCircuit: EnsureContract;
  readonly ensurePeering: EnsureContract;
  readonly ensureRouteFilter: EnsureContract;
  readonly ensureAuthorization: EnsureContract;
  readonly ensureGateway: EnsureContract;
  readonly ensureConnection: EnsureContract;
  readonly ensureRouteTable: EnsureContract;
  readonly ensureNsg: EnsureContract;
  readonly ensureSubnetAssociation: EnsureContract;
  readonly ensureVpnGateway: EnsureContract;
  readonly ensureLocalNetworkGateway: EnsureContract;
  readonly ensureVpnConnection: EnsureContract;
}
export type ActivityName = keyof ActivityContracts;

export const Activities = {
  planOnboarding: 'planOnboarding',
  registerCustomer: 'registerCustomer',
  tryAcquireLease: 'tryAcquireLease',
  releaseLease: 'releaseLease',
  readResource: 'readResource',
  readProviderState: 'readProviderState',
  readPrerequisite: 'readPrerequisite',
  stopProviderWaits: 'stopProviderWaits',
  notifyProvider: 'notifyProvider',
  publishEvent: 'publishEvent',
  recordCheckpoint: 'recordCheckpoint',
  closeOpenSteps: 'closeOpenSteps',
  setCustomerStatus: 'setCustomerStatus',
  verifyTopology: 'verifyTopology',
  recordRequestOutcome: 'recordRequestOutcome',
  ensureCircuit: 'ensureCircuit',
  ensurePeering: 'ensurePeering',
  ensureRouteFilter: 'ensureRouteFilter',
  ensureAuthorization: 'ensureAuthorization',
  ensureGateway: 'ensureGateway',
  ensureConnection: 'ensureConnection',
  ensureRouteTable: 'ensureRouteTable',
  ensureNsg: 'ensureNsg',
  ensureSubnetAssociation: 'ensureSubnetAssociation',
  ensureVpnGateway: 'ensureVpnGateway',
  ensureLocalNetworkGateway: 'ensureLocalNetworkGateway',
  ensureVpnConnection: 'ensureVpnConnection',
  ...DecommissionActivities,
  ...BandwidthActivities,
  ...MigrationActivities,
  ...SweepActivities,
} as const satisfies { readonly [Name in ActivityName]: Name };

/** The ensure activity of each resource kind, all built from one factory (activities/ensure.activity.ts). */
export const EnsureActivities = {
  circuit: Activities.ensureCircuit,
  peering: Activities.ensurePeering,
  routeFilter: Activities.ensureRouteFilter,
  authorization: Activities.ensureAuthorization,
  gateway: Activities.ensureGateway,
  connection: Activities.ensureConnection,
  routeTable: Activities.ensureRouteTable,
  nsg: Activities.ensureNsg,
  subnetAssociation: Activities.ensureSubnetAssociation,
  vpnGateway: Activities.ensureVpnGateway,
  localNetworkGateway: Activities.ensureLocalNetworkGateway,
  vpnConnection: Activities.ensureVpnConnection,
} as const satisfies Record<ResourceIntent['kind'], ActivityName>;

/** What each step of a request is called in checkpoints and custom status. */
export interface StepContext {
  readonly requestId: string;
  readonly customerId: string;
  readonly stepKey: string;
}

// ---- orchestrations ----

/**
 * What a branch that runs beside circuit legs does when it fails for good: it marks the request Failed at once
 * (its `request` checkpoint) and wakes the legs' provider waits, which then stop instead of waiting days while the
 * circuits are billed. durable-js cannot await branches one at a time (a task yielded twice is scheduled twice), so
 * the failing branch raises the alarm itself.
 */
export interface StopOnFailure {
  readonly requestInstanceId: string;
  /** Every circuit of the request: its leg, and its pair (absent for the default pair). */
  readonly lanes: readonly LegOfPair[];
}

export interface LegOfPair {
  readonly leg: Leg;
  readonly pair?: string;
}

export interface ProvisionCircuitLegInput extends StepContext {
  readonly requestInstanceId: string;
  readonly stopOnFailure: StopOnFailure;
  /** The circuit's pair; absent for the default pair. */
  readonly pair?: string;
  readonly leg: Leg;
  readonly circuit: ResourceIntent & { readonly kind: 'circuit' };
  /** The plan's keys of the provider hand-off and wait steps. */
  readonly notifyStepKey: string;
  readonly awaitStepKey: string;
  /** Peerings and authorizations on this circuit, in the order they must be written (one write at a time). */
  readonly afterProvider: readonly { readonly stepKey: string; readonly intent: ResourceIntent }[];
  readonly timing: WorkflowTiming;
}
/**
 * One circuit lane of a version-2 build: nothing waits inside an activity (the circuit, its authorizations and its
 * peerings are started and polled on durable timers), and the authorizations are made while the provider works.
 * A failure comes back as a value; the build that started the lane stops the request.
 */
export interface CircuitLaneInput extends ProvisionCircuitLegInput {
  /** Authorizations on this circuit, one at a time, while the provider works (`afterProvider`: its peerings). */
  readonly beforeProvider: readonly { readonly stepKey: string; readonly intent: ResourceIntent }[];
  /** The VNets' connections to this circuit, side by side once it is peered, each after its gateway's build. */
  readonly connections: readonly {
    readonly stepKey: string;
    readonly intent: ResourceIntent;
    readonly gateway?: { readonly stepKey: string; readonly intent: ResourceIntent };
  }[];
}
export type ProvisionCircuitLegOutput =
  | { readonly outcome: 'ready'; readonly circuit: ResourceSummary; readonly configured: readonly ResourceSummary[] }
  | { readonly outcome: 'deadline-exceeded'; readonly circuit: ResourceSummary }
  /** Another branch of the request failed first; this leg stopped waiting for the provider. */
  | { readonly outcome: 'stopped'; readonly circuit: ResourceSummary }
  | BranchFailure;

/**
 * Branches that run side by side (legs, gateways, connections) report failure as a value instead of throwing,
 * because durable-js `Task.all` fails fast and would leave the other branches running unsupervised.
 */
export interface BranchFailure {
  readonly outcome: 'failed';
  readonly stepKey: string;
  readonly error: ErrorDetails;
  /** What the branch had made before it failed and is still there (a circuit is billed). */
  readonly existing?: readonly ResourceSummary[];
}
export type LongRunningStepOutput =
  { readonly outcome: 'succeeded'; readonly resource: ResourceSummary } | BranchFailure;

export interface AwaitProviderInput extends StepContext {
  /**
   * The provider state awaited: `Provisioned` (onboarding; the default, so inputs recorded before this field existed
   * mean what they meant) or `NotProvisioned` (a teardown, after the deprovision request; woken by
   * `ProviderDeprovisioned`).
   */
  readonly awaiting?: 'Provisioned' | 'NotProvisioned';
  readonly leg: Leg;
  readonly pair?: string;
  readonly circuitId: ArmId;
  readonly scope: Scope;
  readonly serviceKey: string;
  readonly timing: WorkflowTiming;
  /** Carried across continueAsNew generations. */
  readonly progress?: {
    readonly startedAt: string;
    readonly pollIntervalMs: number;
    readonly polls: number;
    readonly remindersSent: number;
    readonly nextReminderAt: string;
  };
}
export type AwaitProviderOutput =
  | { readonly outcome: 'provisioned'; readonly polls: number; readonly waitedMs: number }
  | { readonly outcome: 'stopped'; readonly polls: number; readonly waitedMs: number }
  | { readonly outcome: 'deadline-exceeded'; readonly polls: number; readonly waitedMs: number }
  /** Awaiting `NotProvisioned`: the provider has deprovisioned the circuit (or it is already gone). */
  | { readonly outcome: 'deprovisioned'; readonly polls: number; readonly waitedMs: number };

/** Ensure a resource whose operation takes tens of minutes, then poll it with durable timers until Succeeded. */
export interface LongRunningStepInput extends StepContext {
  readonly intent: ResourceIntent;
  /**
   * A resource another branch is building that this one needs first (a connection's gateway): read on durable
   * timers until it has settled, or until the request has ended elsewhere. Absent in inputs recorded before it
   * existed, which run as they did.
   */
  readonly waitFor?: { readonly stepKey: string; readonly intent: ResourceIntent };
  /** Set for branches that run beside circuit legs (gateway builds). */
  readonly stopOnFailure?: StopOnFailure;
  readonly timing: WorkflowTiming;
}

export interface AcquireLeaseInput extends StepContext {
  readonly owner: string;
  readonly timing: WorkflowTiming;
}

// ---- activities ----

export interface PlanOnboardingInput {
  readonly requestId: string;
  readonly spec: CustomerSpec;
}
export type PlanOnboardingOutput =
  | {
      readonly ok: true;
      readonly plan: Plan;
      readonly tenantId: string;
      /** Pair name → CSP subscription, for each connect-through pair the spec left to placement. */
      readonly placements?: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export interface RegisterCustomerInput {
  readonly requestId: string;
  readonly spec: CustomerSpec;
  /** The plan's placements, recorded in the registry once the customer is registered. */
  readonly placements?: Readonly<Record<string, string>>;
}

export interface LeaseInput {
  readonly customerId: string;
  readonly owner: string;
}
/** What releasing found: released, or the lease was already someone else's (an operator broke it) or free. */
export type ReleaseLeaseOutput = string;
export type TryAcquireLeaseOutput =
  { readonly acquired: true } | { readonly acquired: false; readonly heldBy: string; readonly since: string };

export interface EnsureResourceInput extends StepContext {
  readonly intent: ResourceIntent;
  /** False for gateways and connections: start the operation and let the orchestration poll. */
  readonly waitForCompletion: boolean;
}
/** A small summary (history is persisted): no bodies, no keys. */
export interface ResourceSummary {
  readonly id: ArmId;
  readonly kind: ResourceIntent['kind'];
  readonly provisioningState: string;
  readonly outcome?: 'created' | 'updated' | 'unchanged';
  readonly serviceKey?: string;
  readonly serviceProviderProvisioningState?: string;
  readonly connectionStatus?: string;
  readonly peeringState?: string;
  readonly authorizationUseStatus?: string;
}
export type EnsureResourceOutput =
  { readonly ok: true; readonly resource: ResourceSummary } | { readonly ok: false; readonly error: ErrorDetails };

export interface ReadResourceInput {
  readonly kind: ResourceIntent['kind'];
  readonly id: ArmId;
  readonly scope: Scope;
}
export type ReadResourceOutput =
  { readonly exists: true; readonly resource: ResourceSummary } | { readonly exists: false };

/** One GET of a resource another branch builds, and whether the request has already ended elsewhere. */
export interface ReadPrerequisiteInput extends ReadResourceInput {
  readonly requestId: string;
  readonly customerId: string;
}
export type ReadPrerequisiteOutput = ReadResourceOutput & {
  /** The request already failed at another step (its `request` checkpoint says so): stop waiting. */
  readonly requestEnded: boolean;
};

export interface ReadProviderStateInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly circuitId: ArmId;
  readonly scope: Scope;
}
export interface ReadProviderStateOutput {
  readonly serviceProviderProvisioningState: string;
  readonly circuitProvisioningState: string;
  /** The request already failed at another step (its `request` checkpoint says so): stop waiting. */
  readonly requestEnded: boolean;
}

/** Wake every provider wait of the request so that it sees the request has ended and stops. */
export type StopProviderWaitsInput = StopOnFailure;

export interface NotifyProviderInput extends StepContext {
  readonly leg: Leg;
  readonly pair?: string;
  readonly circuitId: ArmId;
  readonly serviceKey: string;
  readonly kind:
    | 'service-key-ready'
    | 'reminder'
    | 'escalation'
    | 'deprovision-requested'
    | 'deprovision-reminder'
    | 'deprovision-escalation';
  /** Makes the outbound event id deterministic (duplicate detection), e.g. the reminder number. */
  readonly sequence: number;
  readonly detail?: string;
}

export interface PublishEventInput {
  readonly id: string;
  readonly type: string;
  readonly customerId: string;
  readonly time: string;
  readonly data: Record<string, unknown>;
}

export interface RecordCheckpointInput extends StepContext {
  readonly status: 'Started' | 'Waiting' | 'Succeeded' | 'Failed' | 'Skipped';
  readonly armIds?: readonly string[];
  readonly error?: ErrorDetails;
  readonly detail?: string;
}

/** Close every step of a failed request still Started or Waiting (returns their keys). */
export interface CloseOpenStepsInput {
  readonly requestId: string;
  readonly customerId: string;
  readonly failedStep: string;
  readonly error: ErrorDetails;
}

export interface SetCustomerStatusInput {
  readonly customerId: string;
  readonly requestId: string;
  readonly status: 'Onboarding' | 'Active' | 'Changing' | 'Decommissioning' | 'Decommissioned' | 'Failed';
  readonly reason?: string;
}

export interface RecordRequestOutcomeInput {
  readonly requestId: string;
  /** `Expired` and `Rejected`: a decommission whose decision never came, or was no (nothing was changed). */
  readonly status: 'Completed' | 'Failed' | 'Expired' | 'Rejected';
  readonly error?: ErrorDetails;
}

export interface VerifyTopologyInput extends StepContext {
  readonly resources: readonly ResourceIntent[];
}
export interface VerifyTopologyOutput {
  readonly ok: boolean;
  readonly problems: readonly string[];
}
