/**
 * Where an onboarding's circuit pairs go, decided before anything is written (the `planOnboarding` activity).
 *
 * Connect-through only: the CSP owns the circuits, in its own subscriptions, under Azure's circuit quotas (10 per
 * region per subscription, 50 per subscription by default). For each pair:
 * - a pair whose subscription is known (named in the spec, or recorded by an earlier placement) is checked: the
 *   circuits it still has to create must fit there, or the request is refused with the counts;
 * - a pair that leaves its subscription out and was never placed goes to the CSP subscription with the most room in
 *   its region (`placeCircuitPair`), and the choice is returned for the registry to record.
 * Pairs with a known subscription are counted first, then the others in spec order; each pair's new circuits are
 * added to the counts the next pair sees, so that two pairs of one request never take the same last slots.
 * A connect-to customer's circuits live in its own subscriptions, which the CSP does not manage quotas for: nothing
 * is checked there (Azure refuses a circuit over quota when it is created).
 */
import type { Leg } from '../domain/intents';
import { armId } from '../domain/armIds';
import { circuitName } from '../domain/naming';
import { circuitPairsOf, isDefaultPair, type CircuitPairOfSpec } from '../domain/pairs';
import type { CustomerSpec } from '../domain/spec';
import type { ValidationIssue } from '../errors';
import type { CustomerRegistry } from '../ports/customers';
import type { NetworkPort } from '../ports/network';
import { regionKey, type CircuitCountPort, type CircuitCounts } from '../ports/placement';
import { EXPRESSROUTE_CIRCUIT_QUOTAS, placeCircuitPair, type CircuitQuotas } from './circuitPlacement';

const LEGS: readonly Leg[] = ['a', 'b'];
const EXPRESSROUTE_CIRCUITS = 'Microsoft.Network/expressRouteCircuits';

export const PlacementRules = {
  /** A named (or recorded) subscription has no room in the pair's region for the circuits still to create. */
  circuitQuota: 'subscription.circuit-quota',
  /** No CSP subscription has room for a pair left to placement. */
  noRoom: 'subscription.placement-no-room',
  /** The spec names another subscription than the one the pair was placed in: its circuits stay where they are. */
  placedElsewhere: 'subscription.placed-elsewhere',
} as const;

export interface OnboardingPlacementPorts {
  readonly circuitCounts: CircuitCountPort;
  readonly customers: Pick<CustomerRegistry, 'get'>;
  readonly network: Pick<NetworkPort, 'getCircuit'>;
  readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] };
  readonly quotas?: CircuitQuotas;
}

export type OnboardingPlacement =
  | {
      readonly ok: true;
      /** The spec with every pair's subscription filled in. */
      readonly spec: CustomerSpec;
      /** Pair name → subscription, for each pair the spec left to placement (recorded earlier or chosen now). */
      readonly placements: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

function sameSubscription(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Counts from the port, read once per subscription, plus the circuits this request has already claimed. */
class ClaimingCounter implements CircuitCountPort {
  private readonly read = new Map<string, Promise<CircuitCounts>>();
  private readonly claimed = new Map<string, Map<string, number>>();

  constructor(private readonly port: CircuitCountPort) {}

  async countCircuits(subscriptionId: string): Promise<CircuitCounts> {
    const key = subscriptionId.toLowerCase();
    let counts = this.read.get(key);
    if (counts === undefined) {
      counts = this.port.countCircuits(subscriptionId);
      this.read.set(key, counts);
    }
    const { total, byRegion } = await counts;
    const claims = this.claimed.get(key) ?? new Map<string, number>();
    const added: Record<string, number> = { ...byRegion };
    let claimedInAll = 0;
    for (const [region, count] of claims) {
      added[region] = (added[region] ?? 0) + count;
      claimedInAll += count;
    }
    return { total: total + claimedInAll, byRegion: added };
  }

  claim(subscriptionId: string, region: string, circuits: number): void {
    const key = subscriptionId.toLowerCase();
    const claims = this.claimed.get(key) ?? new Map<string, number>();
    claims.set(regionKey(region), (claims.get(regionKey(region)) ?? 0) + circuits);
    this.claimed.set(key, claims);
  }
}

export async function placeOnboardingPairs(
  spec: CustomerSpec,
  ports: OnboardingPlacementPorts,
): Promise<OnboardingPlacement> {
  if (spec.customer.model !== 'connect-through') return { ok: true, spec, placements: {} };
  const quotas = ports.quotas ?? EXPRESSROUTE_CIRCUIT_QUOTAS;
  const pairs = circuitPairsOf(spec);
  const recorded = (await ports.customers.get(spec.customer.id))?.placements ?? {};
  const recordedFor = (pair: string): string | undefined =>
    Object.hasOwn(recorded, pair) ? recorded[pair] : undefined;
  const counter = new ClaimingCounter(ports.circuitCounts);
  const issues: ValidationIssue[] = [];
  const placements: Record<string, string> = {};
  const subscriptionOf = new Map<string, string>();

  /** How many of the pair's two circuits do not exist yet in the subscription. */
  const circuitsToCreate = async (pair: CircuitPairOfSpec, subscriptionId: string): Promise<number> => {
    const scope = { tenantId: ports.csp.tenantId, subscriptionId, resourceGroup: pair.resourceGroup };
    const pairName = isDefaultPair(pair.name) ? undefined : pair.name;
    let missing = 0;
    for (const leg of LEGS) {
      const id = armId(scope, EXPRESSROUTE_CIRCUITS, circuitName(spec.customer.id, leg, pairName));
      if ((await ports.network.getCircuit(id, scope)) === undefined) missing += 1;
    }
    return missing;
  };

  // Pairs whose subscription is known: the circuits still to create must fit there.
  for (const pair of pairs) {
    const placed = recordedFor(pair.name);
    const subscriptionId = pair.subscriptionId ?? placed;
    if (subscriptionId === undefined) continue;
    if (pair.subscriptionId !== undefined && placed !== undefined && !sameSubscription(placed, pair.subscriptionId)) {
      issues.push({
        path: `${pair.path}.subscriptionId`,
        rule: PlacementRules.placedElsewhere,
        message:
          `names subscription ${pair.subscriptionId}, but pair "${pair.name}" was placed in subscription ${placed}: ` +
          "a pair's circuits stay where they were created (leave subscriptionId out, or name that subscription)",
      });
      continue;
    }
    subscriptionOf.set(pair.name, subscriptionId);
    if (pair.subscriptionId === undefined) placements[pair.name] = subscriptionId;
    const needed = await circuitsToCreate(pair, subscriptionId);
    if (needed === 0) continue;
    const checked = await placeCircuitPair(
      { region: pair.location, circuitsNeeded: needed, named: subscriptionId, candidates: [] },
      counter,
      quotas,
    );
    if (checked.ok) counter.claim(subscriptionId, pair.location, needed);
    else
      issues.push({ path: `${pair.path}.subscriptionId`, rule: PlacementRules.circuitQuota, message: checked.message });
  }

  // Pairs left to placement and never placed: two new circuits each, where the CSP has room.
  for (const pair of pairs) {
    if (pair.subscriptionId !== undefined || recordedFor(pair.name) !== undefined) continue;
    const chosen = await placeCircuitPair(
      { region: pair.location, circuitsNeeded: LEGS.length, candidates: ports.csp.subscriptionIds },
      counter,
      quotas,
    );
    if (!chosen.ok) {
      issues.push({ path: `${pair.path}.subscriptionId`, rule: PlacementRules.noRoom, message: chosen.message });
      continue;
    }
    counter.claim(chosen.subscriptionId, pair.location, LEGS.length);
    subscriptionOf.set(pair.name, chosen.subscriptionId);
    placements[pair.name] = chosen.subscriptionId;
  }

  if (issues.length > 0) return { ok: false, issues };
  if (spec.circuitPairs === undefined) return { ok: true, spec, placements };
  const circuitPairs = spec.circuitPairs.map((pair) => {
    const subscriptionId = subscriptionOf.get(pair.name) ?? pair.subscriptionId;
    return subscriptionId === undefined ? pair : { ...pair, subscriptionId };
  });
  return { ok: true, spec: { ...spec, circuitPairs }, placements };
}
