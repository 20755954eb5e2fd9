/**
 * The migration's activities: the specs the move goes through (from the registry's spec), the teardown plan of one
 * pair (reads only), and the registry's spec once the old pair is gone. The new pair is planned by onboarding's
 * `planOnboarding` and built by its ensure activities; the old pair is deleted by the decommission's
 * `deleteTeardownResource`.
 */
import type { InvocationContext } from '@azure/functions';
import { planMigration } from '../../shared/domain/migration';
import { DEFAULT_PAIR_NAME } from '../../shared/domain/pairs';
import { armIdKey } from '../../shared/domain/armIds';
import { planTeardownOf, type InventoryItem } from '../../shared/domain/teardownPlan';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import {
  customerResourcePorts,
  pairNameOfCircuit,
  readCustomerResources,
} from '../../shared/services/customerTopology';
import { migrationTarget } from '../../shared/services/migrationIntake';
import { withPlacements } from '../../shared/ports/customers';
import type {
  PlanPairRetirementInput,
  PlanPairRetirementOutput,
  PrepareMigrationInput,
  PrepareMigrationOutput,
  RecordMigratedSpecInput,
} from './contracts';

export const MIGRATION_ACTIVITY_RULES = {
  specRecorded: 'migration.spec-recorded',
} as const;

/** Plans the move from the registry's spec: the old pair, its next generation, and the specs during and after. */
export function createPrepareMigrationActivity(deps: ActivityDependencies) {
  return async (input: PrepareMigrationInput): Promise<PrepareMigrationOutput> => {
    const record = await deps.customers.get(input.customerId);
    if (record?.spec === undefined) {
      return {
        ok: false,
        issues: [
          {
            path: 'data.customerId',
            rule: MIGRATION_ACTIVITY_RULES.specRecorded,
            message: `customer ${input.customerId} has no recorded spec to migrate from`,
          },
        ],
      };
    }
    const result = planMigration(withPlacements(record.spec, record), migrationTarget(input.change), {
      cspSubscriptionIds: deps.csp.subscriptionIds,
    });
    if (!result.ok) return result;
    return { ok: true, oldPair: result.oldPair, newPair: result.newPair, during: result.during, after: result.after };
  };
}

/**
 * The teardown plan of one pair: its circuits (with the provider deprovisioning), their peerings, authorizations
 * and connections, and its route filter, read from Azure (only what carries the automation's tag; found as
 * `readCustomerResources` finds it, without listing a subscription). Route tables,
 * NSGs, gateways and subnet associations serve the customer's other pair too and are not part of it.
 */
export function createPlanPairRetirementActivity(deps: ActivityDependencies) {
  return async (input: PlanPairRetirementInput, context: InvocationContext): Promise<PlanPairRetirementOutput> => {
    const record = await deps.customers.get(input.customerId);
    if (record === undefined) throw new Error(`customer ${input.customerId} is not registered`);
    const owned = await readCustomerResources(record, customerResourcePorts(deps));
    const pairs = pairsOfOwned(owned);
    const ofPair = owned.filter(({ intent }) => pairs.get(armIdKey(intent.id)) === input.pair);
    const plan = planTeardownOf({ customerId: input.customerId, owned: ofPair, others: [], deleteGateways: false });
    await deps.checkpoints.record({
      customerId: input.customerId,
      requestId: input.requestId,
      stepKey: input.stepKey,
      status: 'Succeeded',
      detail: `pair ${input.pair}: ${String(plan.steps.length)} steps, ${String(plan.circuits.length)} circuits`,
    });
    context.log(`${input.customerId}: retirement of pair ${input.pair}, plan ${plan.digest}`);
    return { plan };
  };
}

/**
 * The pair of each resource read back from Azure that belongs to one: a circuit's from its `er-pair` tag, its
 * peerings', authorizations' and connections' from their circuit, a route filter's from the Microsoft peering that
 * uses it. Route tables, NSGs, gateways and subnet associations serve every pair and have none.
 */
function pairsOfOwned(owned: readonly InventoryItem[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const { intent } of owned) {
    if (intent.kind === 'circuit') pairs.set(armIdKey(intent.id), pairNameOfCircuit(intent) ?? DEFAULT_PAIR_NAME);
  }
  for (const { intent } of owned) {
    if (intent.kind !== 'peering' && intent.kind !== 'authorization' && intent.kind !== 'connection') continue;
    const pair = pairs.get(armIdKey(intent.circuitId));
    if (pair === undefined) continue;
    pairs.set(armIdKey(intent.id), pair);
    if (intent.kind === 'peering' && intent.microsoft !== undefined)
      pairs.set(armIdKey(intent.microsoft.routeFilterId), pair);
  }
  return pairs;
}

/** The registry's spec names the new pair once the old one is gone (the old generation stays in the history). */
export function createRecordMigratedSpecActivity(deps: ActivityDependencies) {
  return async (input: RecordMigratedSpecInput): Promise<void> => {
    await deps.specs.recordSpec(input.customerId, input.spec, input.requestId);
  };
}
