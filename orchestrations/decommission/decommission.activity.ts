/**
 * The decommission workflow's activities: read what exists and plan its teardown (reads only), and delete one
 * resource of the plan (idempotent: already gone is done). Both checkpoint their step.
 */
import type { InvocationContext } from '@azure/functions';
import type { ResourceKind, Scope } from '../../shared/domain/intents';
import { armIdKey, parseArmId } from '../../shared/domain/naming';
import { planTeardownOf, type InventoryItem, type TeardownPlan } from '../../shared/domain/teardownPlan';
import { AppError, errorDetails } from '../../shared/errors';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import type { CustomerRecord } from '../../shared/ports/customers';
import type { DeleteOutcome, NetworkPort } from '../../shared/ports/network';
import {
  customerResourcePorts,
  readCustomerResources,
  type CustomerResourcePorts,
} from '../../shared/services/customerTopology';
import type { StepContext } from '../contracts';
import type {
  DeleteTeardownResourceInput,
  DeleteTeardownResourceOutput,
  PlanDecommissionInput,
  PlanDecommissionOutput,
} from './contracts';

/** What a teardown looks for beside the customer's resources, to list what it keeps. */
const NEIGHBOUR_KINDS: readonly ResourceKind[] = [
  'circuit',
  'routeFilter',
  'routeTable',
  'nsg',
  'gateway',
  'connection',
  'vpnGateway',
  'localNetworkGateway',
  'vpnConnection',
];

export const DECOMMISSION_RULES = {
  registered: 'decommission.customer-registered',
} as const;

/**
 * Reads everything the automation made for the customer (`readCustomerResources`: what its checkpoints, its registry
 * entry and Resource Graph by its tag name, each confirmed with a GET; tagged resources, their circuits' children,
 * the subnets their tables serve) and everything else in the same resource groups, and plans the teardown. Only
 * reads; none lists a subscription, so the cost does not grow with the fleet.
 */
export function createPlanDecommissionActivity(deps: ActivityDependencies) {
  return async (input: PlanDecommissionInput, context: InvocationContext): Promise<PlanDecommissionOutput> => {
    const record = await deps.customers.get(input.customerId);
    if (record === undefined) {
      return {
        ok: false,
        issues: [
          {
            path: 'data.customerId',
            rule: DECOMMISSION_RULES.registered,
            message: `customer ${input.customerId} is not registered: there is nothing the automation made for it`,
          },
        ],
      };
    }
    const plan = await readTeardownPlan(record, input.deleteGateways, {
      ...customerResourcePorts(deps),
      network: deps.network,
    });
    await deps.checkpoints.record({
      customerId: input.customerId,
      requestId: input.requestId,
      stepKey: input.stepKey,
      status: 'Succeeded',
      detail: {
        digest: plan.digest,
        steps: plan.steps.length,
        circuits: plan.circuits.length,
        kept: plan.kept.length,
        ...(plan.monthlyCostUsd === undefined ? {} : { monthlyCostUsd: plan.monthlyCostUsd }),
      },
    });
    context.log(
      `${input.customerId}: teardown plan ${plan.digest}, ${plan.steps.length} steps, ${plan.kept.length} kept`,
    );
    return { ok: true, plan };
  };
}

/** What a teardown plan reads: the customer's resources (readCustomerResources) and their resource groups. */
export interface TeardownPlanPorts extends CustomerResourcePorts {
  readonly network: Pick<NetworkPort, 'read' | 'listInResourceGroup'>;
}

/**
 * The teardown plan of a registered customer: what the automation made for it, and what else its resource groups
 * hold (kept, and said why). A `Decommissioned` customer has nothing left: everything was deleted and its
 * subscriptions released (Azure may no longer be read there), so a repeated request finds nothing to do.
 */
export async function readTeardownPlan(
  record: CustomerRecord,
  deleteGateways: boolean,
  ports: TeardownPlanPorts,
): Promise<TeardownPlan> {
  const decommissioned = record.status === 'Decommissioned';
  const owned = decommissioned ? [] : await readCustomerResources(record, ports);
  const ownedIds = new Set(owned.map((o) => armIdKey(o.intent.id)));
  const groups = new Map<string, Scope>();
  const noteGroup = (id: string, tenantId: string) => {
    const { subscriptionId, resourceGroup } = parseArmId(id);
    if (subscriptionId === '' || resourceGroup === '') return;
    const key = `${subscriptionId}/${resourceGroup}`.toLowerCase();
    if (!groups.has(key)) groups.set(key, { tenantId, subscriptionId, resourceGroup });
  };
  for (const { intent } of owned) noteGroup(intent.id, intent.scope.tenantId);
  for (const vnetId of record.vnetIds) noteGroup(vnetId, record.tenantId);
  const others: InventoryItem[] = [];
  if (ports.network.listInResourceGroup !== undefined && !decommissioned) {
    for (const scope of groups.values()) {
      for (const observed of await ports.network.listInResourceGroup(scope, NEIGHBOUR_KINDS)) {
        if (!ownedIds.has(armIdKey(observed.intent.id))) others.push(observed);
      }
    }
  }
  return planTeardownOf({ customerId: record.id, owned, others, deleteGateways });
}

const DELETE_DETAIL: Record<DeleteOutcome, string> = {
  deleted: 'deleted',
  absent: 'already gone',
  deleting: 'ARM accepted the delete and is removing it',
};

/**
 * Deletes one resource of the plan through the network port, which deletes only what carries the automation's tag
 * and refuses a circuit the provider still holds. Already gone is done (`absent`), so a resumed or repeated
 * teardown never fails on what an earlier run removed. Azure's refusals come back as a typed result.
 */
export function createDeleteTeardownResourceActivity(deps: ActivityDependencies) {
  return async (
    input: DeleteTeardownResourceInput,
    context: InvocationContext,
  ): Promise<DeleteTeardownResourceOutput> => {
    const entry = { customerId: input.customerId, requestId: input.requestId, stepKey: input.stepKey };
    const armIds = [input.resource.id];
    await deps.checkpoints.record({ ...entry, status: 'Started', armIds });
    try {
      const outcome = await deps.network.delete(
        { kind: input.resource.kind, id: input.resource.id, scope: input.resource.scope },
        { waitForCompletion: input.waitForCompletion ?? true },
      );
      await deps.checkpoints.record({
        ...entry,
        status: outcome === 'deleting' ? 'Waiting' : 'Succeeded',
        armIds,
        detail: DELETE_DETAIL[outcome],
      });
      context.log(`${input.stepKey}: ${outcome}`);
      return { ok: true, outcome };
    } catch (error) {
      // A crash is thrown for Durable's crash retry (the checkpoint stays Started until the step gives up).
      if (!(error instanceof AppError)) throw error;
      const details = errorDetails(error);
      await deps.checkpoints.record({
        ...entry,
        status: 'Failed',
        armIds,
        errorCode: details.code,
        errorMessage: details.message,
      });
      context.warn(`${input.stepKey}: ${details.code}`);
      return { ok: false, error: details };
    }
  };
}

/**
 * Releases the decommissioned customer's subscriptions in the registry, so that another customer may be onboarded
 * into them; checkpointed. A registry that cannot release keeps them bound (the step says so).
 */
export function createReleaseSubscriptionsActivity(deps: ActivityDependencies) {
  return async (input: StepContext, context: InvocationContext): Promise<readonly string[]> => {
    const entry = { customerId: input.customerId, requestId: input.requestId, stepKey: input.stepKey };
    if (deps.customers.releaseSubscriptions === undefined) {
      await deps.checkpoints.record({ ...entry, status: 'Skipped', detail: 'this registry keeps subscriptions bound' });
      return [];
    }
    const released = await deps.customers.releaseSubscriptions(input.customerId);
    await deps.checkpoints.record({
      ...entry,
      status: 'Succeeded',
      detail: released.length === 0 ? 'already released' : `released ${released.join(', ')}`,
    });
    context.log(`${input.customerId}: released ${String(released.length)} subscription(s)`);
    return released;
  };
}
