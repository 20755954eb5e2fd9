/**
 * The hand-off of an approved change that needs a new circuit pair (a decrease, UnlimitedData → MeteredData,
 * another provider or peering location) to the make-before-break migration. The move is planned on receipt against
 * the customer's recorded spec (shared/domain/migration.ts), so that a request without the new pair's addressing,
 * or with addressing that collides with the old pair or the linked VNets, is refused with field paths before
 * anything starts; the workflow plans again under the customer's lease.
 */
import { planMigration, type MigrationTarget } from '../domain/migration';
import { circuitPairsOf } from '../domain/pairs';
import type { CustomerSpec } from '../domain/spec';
import type { ValidationIssue } from '../errors';
import type { BandwidthChangeData, BandwidthChangeRequestedEvent } from '../messages';
import { Workflows, type MigrateCircuitPairInput } from '../ports/requestWorkflows';
import { RejectionCodes, type IntakeDependencies, type WorkflowStart } from './requestIntake';

export const MIGRATION_INTAKE_RULES = {
  approvalRequired: 'migration.approval-required',
} as const;

/** The request's target for the migration planner. */
export function migrationTarget(change: BandwidthChangeData): MigrationTarget {
  const { newPair } = change;
  return {
    ...(change.pair === undefined ? {} : { pair: change.pair }),
    bandwidthMbps: change.bandwidthMbps,
    ...(change.sku === undefined ? {} : { sku: change.sku }),
    ...(newPair?.provider === undefined ? {} : { provider: newPair.provider }),
    ...(newPair?.peeringLocations === undefined ? {} : { peeringLocations: newPair.peeringLocations }),
    ...(newPair?.privatePeering === undefined ? {} : { privatePeering: newPair.privatePeering }),
    ...(newPair?.microsoftPeering === undefined ? {} : { microsoftPeering: newPair.microsoftPeering }),
  };
}

/**
 * Why the request needs a new pair although its size could change in place: it names another provider or other
 * peering locations for the pair (a circuit's provider and location are fixed when it is created).
 */
export function placementChanges(spec: CustomerSpec, change: BandwidthChangeData): string[] {
  const pairs = circuitPairsOf(spec);
  const pair =
    change.pair === undefined ? (pairs.length === 1 ? pairs[0] : undefined) : pairs.find((p) => p.name === change.pair);
  const wanted = change.newPair;
  if (pair === undefined || wanted === undefined) return [];
  const reasons: string[] = [];
  if (wanted.provider !== undefined && wanted.provider.toLowerCase() !== pair.provider.toLowerCase()) {
    reasons.push(`the provider changes from ${pair.provider} to ${wanted.provider}`);
  }
  const locations = wanted.peeringLocations;
  if (
    locations !== undefined &&
    locations.some((location, i) => location.toLowerCase() !== pair.peeringLocations[i]?.toLowerCase())
  ) {
    reasons.push(
      `the peering locations change from ${pair.peeringLocations.join(' and ')} to ${locations.join(' and ')}`,
    );
  }
  return reasons;
}

export function migrationStart(
  event: BandwidthChangeRequestedEvent,
  spec: CustomerSpec,
  reasons: readonly string[],
  deps: IntakeDependencies,
): WorkflowStart {
  const issues: ValidationIssue[] = [];
  if (event.data.approval === undefined) {
    issues.push({
      path: 'data.approval',
      rule: MIGRATION_INTAKE_RULES.approvalRequired,
      message: `is required: this change needs a new circuit pair (${reasons.join('; ')}), built beside the old one, which is then deleted; nothing was changed`,
    });
  }
  const planned = planMigration(spec, migrationTarget(event.data), { cspSubscriptionIds: deps.csp.cspSubscriptionIds });
  if (!planned.ok) issues.push(...planned.issues);
  if (issues.length > 0) return { start: false, code: RejectionCodes.validationFailed, issues };
  const input: MigrateCircuitPairInput = {
    requestId: event.id,
    customerId: event.data.customerId,
    change: event.data,
    timing: deps.timing,
  };
  return { start: true, workflow: Workflows.migrateCircuitPair, input };
}
