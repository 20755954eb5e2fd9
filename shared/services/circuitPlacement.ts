/**
 * Where a circuit pair goes in the connect-through model: a subscription with room for its circuits in the pair's
 * region under Azure's ExpressRoute circuit quotas. A subscription the request names is checked and refused, with its
 * counts, when it has no room; otherwise the CSP's candidate with the most room in that region is chosen (ties: the
 * order given). Counting goes through `CircuitCountPort`, one subscription after another (the same requests in the
 * same order on every run), before anything is written.
 */
import { AppError, ErrorCodes } from '../errors';
import type { CircuitCountPort, CircuitCounts } from '../ports/placement';
import { regionKey } from '../ports/placement';

export interface CircuitQuotas {
  /** Circuits one subscription may hold in all. */
  readonly perSubscription: number;
  /** Circuits one subscription may hold in one region. */
  readonly perRegionPerSubscription: number;
}

/**
 * Azure's default ExpressRoute circuit quotas, from the subscription limits page ("Azure subscription and service
 * limits, quotas, and constraints", ExpressRoute limits,
 * https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits):
 * "ExpressRoute circuits per subscription: 50" (raised by a support request) and "ExpressRoute circuits per region per
 * subscription, with Azure Resource Manager: 10". A CSP whose quota was raised passes its own to `placeCircuitPair`.
 */
export const EXPRESSROUTE_CIRCUIT_QUOTAS: CircuitQuotas = { perSubscription: 50, perRegionPerSubscription: 10 };

export interface CircuitPairPlacementInput {
  /** The Azure region the pair's circuits are created in (`westeurope` or `West Europe`). */
  readonly region: string;
  /** How many new circuits the pair needs there (2 for a new pair). */
  readonly circuitsNeeded: number;
  /** The subscription the request names, if it names one: checked, never replaced by another. */
  readonly named?: string;
  /** The CSP's subscriptions to choose from when none is named, in order of preference. */
  readonly candidates: readonly string[];
}

export interface SubscriptionCircuitCounts {
  readonly subscriptionId: string;
  readonly counts: CircuitCounts;
  /** New circuits that still fit in the region: the smaller of the regional and the subscription-wide room. */
  readonly room: number;
}

export type CircuitPairPlacement =
  | { readonly ok: true; readonly subscriptionId: string; readonly counts: CircuitCounts }
  | {
      readonly ok: false;
      readonly code: typeof ErrorCodes.circuitQuotaExceeded;
      /** Names each subscription considered, its counts and the limits. */
      readonly message: string;
      readonly considered: readonly SubscriptionCircuitCounts[];
    };

function validate(input: CircuitPairPlacementInput, quotas: CircuitQuotas): void {
  const problems: string[] = [];
  if (input.region.trim() === '') problems.push('region must name an Azure region');
  if (!Number.isInteger(input.circuitsNeeded) || input.circuitsNeeded < 1) {
    problems.push(`circuitsNeeded must be a whole number of circuits, 1 or more; got ${String(input.circuitsNeeded)}`);
  }
  if (input.named?.trim() === '') problems.push('named must be a subscription id when given');
  if (input.named === undefined && input.candidates.length === 0) {
    problems.push('candidates must list at least one of the CSP subscriptions when no subscription is named');
  }
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isInteger(value) || value < 0) problems.push(`quotas.${name} must be a whole number, 0 or more`);
  }
  if (problems.length > 0) {
    throw new AppError(ErrorCodes.invalidArgument, `circuit pair placement: ${problems.join('; ')}`);
  }
}

/** Candidates once each (subscription ids compare case-insensitively), in the order first given. */
function distinct(subscriptionIds: readonly string[]): string[] {
  const seen = new Set<string>();
  return subscriptionIds.filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function roomIn(counts: CircuitCounts, region: string, quotas: CircuitQuotas): number {
  const inRegion = counts.byRegion[region] ?? 0;
  return Math.max(0, Math.min(quotas.perRegionPerSubscription - inRegion, quotas.perSubscription - counts.total));
}

function describe(entry: SubscriptionCircuitCounts, region: string, quotas: CircuitQuotas): string {
  const inRegion = entry.counts.byRegion[region] ?? 0;
  return (
    `subscription ${entry.subscriptionId} holds ${inRegion} of ${quotas.perRegionPerSubscription} circuits in ` +
    `${region} and ${entry.counts.total} of ${quotas.perSubscription} in all (room for ${entry.room})`
  );
}

export async function placeCircuitPair(
  input: CircuitPairPlacementInput,
  counter: CircuitCountPort,
  quotas: CircuitQuotas = EXPRESSROUTE_CIRCUIT_QUOTAS,
): Promise<CircuitPairPlacement> {
  validate(input, quotas);
  const region = regionKey(input.region);
  const subscriptions = input.named === undefined ? distinct(input.candidates) : [input.named];
  const considered: SubscriptionCircuitCounts[] = [];
  for (const subscriptionId of subscriptions) {
    const counts = await counter.countCircuits(subscriptionId);
    considered.push({ subscriptionId, counts, room: roomIn(counts, region, quotas) });
  }

  // Most room wins; a strict comparison keeps the earlier candidate on a tie.
  let best: SubscriptionCircuitCounts | undefined;
  for (const entry of considered) {
    if (entry.room >= input.circuitsNeeded && (best === undefined || entry.room > best.room)) best = entry;
  }
  if (best !== undefined) return { ok: true, subscriptionId: best.subscriptionId, counts: best.counts };

  const rule =
    `Azure allows ${quotas.perRegionPerSubscription} ExpressRoute circuits per region per subscription and ` +
    `${quotas.perSubscription} per subscription`;
  const who =
    input.named === undefined
      ? `none of the CSP's subscriptions has room for ${input.circuitsNeeded} more ExpressRoute circuits in ${region}`
      : `the named subscription ${input.named} has no room for ${input.circuitsNeeded} more ExpressRoute circuits in ${region}`;
  return {
    ok: false,
    code: ErrorCodes.circuitQuotaExceeded,
    message: `${who}: ${considered.map((entry) => describe(entry, region, quotas)).join('; ')}. ${rule}.`,
    considered,
  };
}
