/**
 * One request as an operator sees it: the ledger's record, the workflow's runtime status and phase, its result, and
 * the checkpoint of every step, each circuit leg's own phase, and each leg's provider wait with the provider state it
 * last read from Azure. One ledger read, one checkpoint query, and workflow status reads: the request's, then two per
 * circuit leg (the leg and its provider wait).
 *
 * The phase says what the request waits for now. A circuit leg carries its circuit from the provider's answer to its
 * VNets' connections while the request's own workflow still says `awaiting-provider` (it waits for every leg); once
 * every leg is past its provider, the view gives the phase of the least advanced leg still running instead.
 */
import { InstanceIds, type Phase } from '../ports/requestWorkflows';
import type { Leg } from '../domain/intents';
import { laneOfAwaitProviderKey, pairLegLabel } from '../domain/stepKeys';
import type { ValidationIssue } from '../errors';
import type { CheckpointLog, CheckpointRecord } from '../ports/checkpoints';
import type { RequestLedger, RequestStatus } from '../ports/requests';
import { isTerminalRuntimeStatus, type WorkflowClient, type WorkflowRuntimeStatus } from '../ports/workflows';

export interface RequestStatusDependencies {
  readonly requests: Pick<RequestLedger, 'get'>;
  readonly checkpoints: Pick<CheckpointLog, 'list'>;
  readonly workflows: Pick<WorkflowClient, 'status'>;
}

export interface RequestStatusView {
  readonly id: string;
  readonly instanceId: string;
  /** The CloudEvent type, when the ledger has the request. */
  readonly type: string | null;
  readonly customerId: string | null;
  /** The ledger's status (Accepted, Rejected, Duplicate, Completed, Failed), when it has the request. */
  readonly status: RequestStatus | null;
  readonly receivedAt: string | null;
  readonly deliveries: number | null;
  /** Why the request was refused (status Rejected). */
  readonly issues?: readonly ValidationIssue[];
  /** The workflow's runtime status; null when no workflow was started for the request. */
  readonly runtimeStatus: WorkflowRuntimeStatus | null;
  /**
   * What the request waits for now: the workflow's phase (its custom status), or, while that says
   * `awaiting-provider` and every circuit leg is past its provider, the phase of the least advanced running leg.
   */
  readonly phase: Phase | null;
  readonly createdTime: string | null;
  readonly lastUpdatedTime: string | null;
  /** The workflow's result, once it completed. */
  readonly output?: unknown;
  /** Why the workflow failed: the first line of the failure, never a stack. */
  readonly error?: { readonly message: string };
  readonly checkpoints: readonly CheckpointRecord[];
  /** Each circuit leg's workflow, while it exists: its status and phase. */
  readonly circuitLegs: readonly CircuitLegView[];
  /** Each leg's provider wait, while it exists: its status and the provider state it last read from Azure. */
  readonly providerWaits: readonly ProviderWaitView[];
}

export interface CircuitLegView {
  readonly leg: Leg;
  /** The circuit's pair; absent for the default pair. */
  readonly pair?: string;
  readonly instanceId: string;
  readonly runtimeStatus: WorkflowRuntimeStatus;
  /** `provisioning`, `awaiting-provider`, `configuring-peerings`, `connecting`; null when it set none. */
  readonly phase: string | null;
}

export interface ProviderWaitView {
  readonly leg: Leg;
  /** The circuit's pair; absent for the default pair. */
  readonly pair?: string;
  readonly instanceId: string;
  readonly runtimeStatus: WorkflowRuntimeStatus;
  /** As Azure last reported it (`NotProvisioned`, `Provisioning`, `Provisioned`); null before the first read. */
  readonly serviceProviderProvisioningState: string | null;
  readonly polls: number | null;
}

const LEGS: readonly Leg[] = ['a', 'b'];

/** One circuit of the request: its leg, and its pair (absent for the default pair). */
interface Lane {
  readonly leg: Leg;
  readonly pair?: string;
}

/**
 * The lanes whose circuit leg and provider wait to look for: the default pair's two legs, and every pair and leg whose
 * `await-provider:<pair>:<leg>` step the request has checkpointed (a customer with several pairs).
 */
function waitedLanes(checkpoints: readonly CheckpointRecord[]): Lane[] {
  const lanes = new Map<string, Lane>(LEGS.map((leg) => [leg, { leg }]));
  for (const { stepKey } of checkpoints) {
    const lane = laneOfAwaitProviderKey(stepKey);
    if (lane !== undefined) lanes.set(pairLegLabel(lane.leg, lane.pair), lane);
  }
  return [...lanes.values()];
}

/** A lane's instance as the status shows it: which lane, the instance, its runtime status, and `fields` of its own. */
async function laneInstances<T>(
  lanes: readonly Lane[],
  instanceIdOf: (lane: Lane) => string,
  workflows: RequestStatusDependencies['workflows'],
  fields: (customStatus: Record<string, unknown>) => T,
): Promise<(Lane & { readonly instanceId: string; readonly runtimeStatus: WorkflowRuntimeStatus } & T)[]> {
  const views = await Promise.all(
    lanes.map(async ({ leg, pair }) => {
      const instanceId = instanceIdOf({ leg, pair });
      const status = await workflows.status(instanceId);
      if (status === undefined) return undefined;
      return {
        leg,
        ...(pair === undefined ? {} : { pair }),
        instanceId,
        runtimeStatus: status.runtimeStatus,
        ...fields(phaseStatusOf(status.customStatus) as Record<string, unknown>),
      };
    }),
  );
  return views.filter((view) => view !== undefined);
}

/** A circuit leg's phases in the order it goes through them. */
const LEG_PHASES: readonly string[] = ['provisioning', 'awaiting-provider', 'configuring-peerings', 'connecting'];

/**
 * The phase the request waits in: its workflow's, unless that says `awaiting-provider` while every circuit leg is
 * past its provider; then the phase of the least advanced leg still running.
 */
function currentPhase(workflowPhase: Phase | null, legs: readonly CircuitLegView[]): Phase | null {
  if (workflowPhase !== 'awaiting-provider') return workflowPhase;
  const running = legs.filter((leg) => !isTerminalRuntimeStatus(leg.runtimeStatus));
  const rank = (leg: CircuitLegView) => LEG_PHASES.indexOf(leg.phase ?? '');
  if (running.length === 0 || running.some((leg) => rank(leg) <= LEG_PHASES.indexOf('awaiting-provider'))) {
    return workflowPhase;
  }
  const leastAdvanced = running.reduce((least, leg) => (rank(leg) < rank(least) ? leg : least));
  return leastAdvanced.phase as Phase;
}

interface PhaseStatus {
  readonly phase?: unknown;
  readonly customerId?: unknown;
}

function phaseStatusOf(customStatus: unknown): PhaseStatus {
  return typeof customStatus === 'object' && customStatus !== null ? customStatus : {};
}

function failureMessage(output: unknown): string {
  const text =
    typeof output === 'string'
      ? output
      : typeof output === 'object' && output !== null && 'message' in output && typeof output.message === 'string'
        ? output.message
        : 'the workflow failed';
  return text.split('\n')[0]?.trim() ?? text;
}

/** The request's view, or undefined when neither the ledger nor the workflow engine knows the id. */
export async function readRequestStatus(
  requestId: string,
  deps: RequestStatusDependencies,
): Promise<RequestStatusView | undefined> {
  const instanceId = InstanceIds.forRequest(requestId);
  const [record, workflow] = await Promise.all([deps.requests.get(requestId), deps.workflows.status(instanceId)]);
  if (record === undefined && workflow === undefined) return undefined;

  const custom = phaseStatusOf(workflow?.customStatus);
  const customerId = record?.customerId ?? (typeof custom.customerId === 'string' ? custom.customerId : undefined);
  const checkpoints = customerId === undefined ? [] : await deps.checkpoints.list(customerId, requestId);
  const lanes = waitedLanes(checkpoints);
  const [circuitLegs, providerWaits] =
    workflow === undefined
      ? [[], []]
      : await Promise.all([
          laneInstances(
            lanes,
            ({ leg, pair }) => InstanceIds.circuitLeg(instanceId, leg, pair),
            deps.workflows,
            ({ phase }): Pick<CircuitLegView, 'phase'> => ({ phase: typeof phase === 'string' ? phase : null }),
          ),
          laneInstances(
            lanes,
            ({ leg, pair }) => InstanceIds.providerWait(instanceId, leg, pair),
            deps.workflows,
            ({
              serviceProviderProvisioningState: state,
              polls,
            }): Pick<ProviderWaitView, 'serviceProviderProvisioningState' | 'polls'> => ({
              serviceProviderProvisioningState: typeof state === 'string' ? state : null,
              polls: typeof polls === 'number' ? polls : null,
            }),
          ),
        ]);
  const workflowPhase = typeof custom.phase === 'string' ? (custom.phase as Phase) : null;
  const runtimeStatus = workflow?.runtimeStatus ?? null;
  return {
    id: requestId,
    instanceId,
    type: record?.type ?? null,
    customerId: customerId ?? null,
    status: record?.status ?? null,
    receivedAt: record?.receivedAt ?? null,
    deliveries: record?.deliveries ?? null,
    ...(record?.issues === undefined || record.issues.length === 0 ? {} : { issues: record.issues }),
    runtimeStatus,
    phase: currentPhase(workflowPhase, circuitLegs),
    createdTime: workflow?.createdTime ?? null,
    lastUpdatedTime: workflow?.lastUpdatedTime ?? null,
    ...(runtimeStatus === 'Completed' ? { output: workflow?.output ?? null } : {}),
    ...(runtimeStatus === 'Failed' ? { error: { message: failureMessage(workflow?.output) } } : {}),
    checkpoints,
    circuitLegs,
    providerWaits,
  };
}
