/**
 * A customer's circuit pairs, whichever shape the spec used: `circuits` (one pair, the shorthand) or `circuitPairs`.
 * Every rule, name and plan step that concerns circuits goes through `circuitPairsOf`. Pure: no I/O.
 */
import type { CircuitPair, CustomerSpec, NamedCircuitPair, VnetLink } from './spec';

/**
 * The name of the pair the `circuits` shorthand stands for. Its resources (and those of a pair given this name in
 * `circuitPairs`) keep the names, ARM ids, tags and plan keys a single-pair customer has always had; every other
 * pair's carry its name (naming.ts, stepKeys.ts).
 */
export const DEFAULT_PAIR_NAME = 'primary';

/**
 * At most 8 pairs (16 circuits) per customer: the most circuits one ExpressRoute gateway connects (UltraPerformance,
 * ErGw3AZ, ErGwScale at 10+ units), per "About ExpressRoute virtual network gateways" (gateway performance table).
 */
export const MAX_CIRCUIT_PAIRS = 8;

/** One pair of a customer, as the rules, the topology and the planner see it. */
export interface CircuitPairOfSpec extends Omit<NamedCircuitPair, 'subscriptionId'> {
  /** Absent only for a connect-through pair left to placement (filled in when the onboarding is planned). */
  readonly subscriptionId?: string;
  /** The path of the pair in the spec, for issues: `circuits` or `circuitPairs[i]`. */
  readonly path: string;
}

/** True for the pair whose resources keep the single-pair names. */
export function isDefaultPair(pairName: string): boolean {
  return pairName === DEFAULT_PAIR_NAME;
}

/** The customer's pairs, in spec order: `circuitPairs`, or the `circuits` shorthand as the one pair "primary". */
export function circuitPairsOf(spec: Pick<CustomerSpec, 'circuits' | 'circuitPairs'>): CircuitPairOfSpec[] {
  if (spec.circuitPairs !== undefined) {
    return spec.circuitPairs.map((pair, index) => ({ ...pair, path: `circuitPairs[${index}]` }));
  }
  const shorthand: CircuitPair = spec.circuits;
  return [{ name: DEFAULT_PAIR_NAME, ...shorthand, path: 'circuits' }];
}

/**
 * The pairs a VNet link connects to: those it names, or every pair with private peering (a VNet connects through
 * private peering; a Microsoft-peering-only pair takes no VNet). Unknown names are left to validation.
 */
export function pairsOfLink(link: Pick<VnetLink, 'pairs'>, pairs: readonly CircuitPairOfSpec[]): CircuitPairOfSpec[] {
  if (link.pairs === undefined) return pairs.filter((pair) => pair.privatePeering !== undefined);
  const named = new Set(link.pairs);
  return pairs.filter((pair) => named.has(pair.name));
}
