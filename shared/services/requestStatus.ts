/**
 * One request as an operator sees it: the ledger's record, the workflow's runtime status and phase, its result, and
 * the checkpoint of every step, and each leg's provider wait with the provider state it last read from Azure. One
 * ledger read, one checkpoint query, three workflow status reads.
 */
import { InstanceIds, type Phase } from '../ports/requestWorkflows';
import type { Leg } from '../domain/intents';
import { laneOfAwaitProviderKey, pairLegLabel } from '../domain/stepKeys';
import type { ValidationIssue } from '../errors';
import type { CheckpointLog, CheckpointRecord } from '../ports/checkpoints';
import type { RequestLedger, RequestStatus } from '../ports/requests';
import type { WorkflowClient, WorkflowRuntimeStatus } from '../ports/workflows';

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
  /** The workflow's phase (its custom status). */
  readonly phase: Phase | null;
  readonly createdTime: string | null;
  readonly lastUpdatedTime: string | null;
  /** The workflow's result, once it completed. */
  readonly output?: unknown;
  /** Why the workflow failed: the first line of the failure, never a stack. */
  readonly error?: { readonly message: string };
  readonly checkpoints: readonly CheckpointRecord[];
  /** Each leg's provider wait, while it exists: its status and the provider state it last read from Azure. */
  readonly providerWaits: readonly ProviderWaitView[];
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

/**
 * The lanes whose provider wait to look for: the default pair's two legs, and every pair and leg whose
 * `await-provider:<pair>:<leg>` step the request has checkpointed (a customer with several pairs).
 */
function waitedLanes(checkpoints: readonly CheckpointRecord[]): { readonly leg: Leg; readonly pair?: string }[] {
  const lanes = new Map<string, { leg: Leg; pair?: string }>(LEGS.map((leg) => [leg, { leg }]));
  for (const { stepKey } of checkpoints) {
    const lane = laneOfAwaitProviderKey(stepKey);
    if (lane !== undefined) lanes.set(pairLegLabel(lane.leg, lane.pair), lane);
  }
  return [...lanes.values()];
}

async function providerWaitsOf(
  requestInstanceId: string,
  checkpoints: readonly CheckpointRecord[],
  workflows: RequestStatusDependencies['workflows'],
): Promise<ProviderWaitView[]> {
  const views = await Promise.all(
    waitedLanes(checkpoints).map(async ({ leg, pair }): Promise<ProviderWaitView | undefined> => {
      const instanceId = InstanceIds.providerWait(requestInstanceId, leg, pair);
      const status = await workflows.status(instanceId);
      if (status === undefined) return undefined;
      const custom = phaseStatusOf(status.customStatus) as {
        serviceProviderProvisioningState?: unknown;
        polls?: unknown;
      };
      return {
        leg,
        ...(pair === undefined ? {} : { pair }),
        instanceId,
        runtimeStatus: status.runtimeStatus,
        serviceProviderProvisioningState:
          typeof custom.serviceProviderProvisioningState === 'string' ? custom.serviceProviderProvisioningState : null,
        polls: typeof custom.polls === 'number' ? custom.polls : null,
      };
    }),
  );
  return views.filter((view): view is ProviderWaitView => view !== undefined);
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
  const providerWaits = workflow === undefined ? [] : await providerWaitsOf(instanceId, checkpoints, deps.workflows);
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
    phase: typeof custom.phase === 'string' ? (custom.phase as Phase) : null,
    createdTime: workflow?.createdTime ?? null,
    lastUpdatedTime: workflow?.lastUpdatedTime ?? null,
    ...(runtimeStatus === 'Completed' ? { output: workflow?.output ?? null } : {}),
    ...(runtimeStatus === 'Failed' ? { error: { message: failureMessage(workflow?.output) } } : {}),
    checkpoints,
    providerWaits,
  };
}
