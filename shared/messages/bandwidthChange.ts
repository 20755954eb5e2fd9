/**
 * What a bandwidth change request means against the customer's current spec, in the request's terms: nothing to do,
 * an in-place update, a migration to a new pair (which needs a recorded approval), or refused. The ExpressRoute
 * change rules themselves are `decideCircuitChange` (shared/domain/changeRules.ts); this maps its decision onto the
 * request's fields and adds the approval rule. Pure.
 */
import type { ValidationIssue } from '../errors';
import { mention, quoteValue } from '../domain/issueWording';
import { decideCircuitChange, type CircuitPairSettings, type CircuitUsage } from '../domain/changeRules';
import { circuitPairsOf, pairsOfLink, type CircuitPairOfSpec } from '../domain/pairs';
import type { CircuitSku, CustomerSpec } from '../domain/spec';
import type { BandwidthChangeData } from './requests';

export const BANDWIDTH_CHANGE_RULES = {
  /** The request and the spec it is assessed against are about the same customer. */
  sameCustomer: 'bandwidth.same-customer',
  /** A change that cannot be made in place needs `approval`. */
  approvalRequired: 'bandwidth.approval-required',
  /** A customer with several circuit pairs names the one to change (`pair`); a change never applies to all at once. */
  pairNamed: 'bandwidth.pair-named',
  /** `pair` names one of the customer's pairs. */
  pairKnown: 'bandwidth.pair-known',
} as const;

/**
 * - `unchanged`: the circuits already run at the requested bandwidth and SKU (a redelivered request lands here);
 * - `in-place`: GET → change the field → PUT, one leg at a time, no downtime;
 * - `migration`: build a new pair, move the links, decommission the old pair (new service keys, provider re-order);
 * - `refused`: the requested settings cannot carry what the pair carries today, or are not valid.
 */
export type BandwidthChangeMode = 'unchanged' | 'in-place' | 'migration' | 'refused';

export interface CircuitSizing {
  readonly bandwidthMbps: number;
  readonly sku: CircuitSku;
}

export interface BandwidthChangeAssessment {
  readonly customerId: string;
  /** The pair the change is about (`primary` for the `circuits` shorthand); absent when no pair could be chosen. */
  readonly pair?: string;
  readonly from: CircuitSizing;
  readonly to: CircuitSizing;
  readonly mode: BandwidthChangeMode;
  /** Why the change cannot be made in place (empty unless `mode` is `migration`). */
  readonly migrationReasons: readonly string[];
  /** Broken rules: the request cannot go ahead as it stands. Paths are those of the request event. */
  readonly issues: readonly ValidationIssue[];
  /** What the automation could not check from the spec but the requester should know. */
  readonly notes: readonly string[];
}

/**
 * `usage` defaults to what the spec tells: one link per VNet, no cross-geopolitical links, no routes counted. Pass
 * what Azure reports when it is known.
 */
export function assessBandwidthChange(
  current: CustomerSpec,
  request: BandwidthChangeData,
  usage: Partial<CircuitUsage> = {},
): BandwidthChangeAssessment {
  const chosen = pairOfRequest(current, request);
  if (!chosen.ok) {
    const unchanged: CircuitSizing = { bandwidthMbps: request.bandwidthMbps, sku: request.sku ?? current.circuits.sku };
    return {
      customerId: request.customerId,
      from: unchanged,
      to: unchanged,
      mode: 'refused',
      migrationReasons: [],
      issues: [chosen.issue],
      notes: [],
    };
  }
  const circuits = chosen.pair;
  const from: CircuitSizing = { bandwidthMbps: circuits.bandwidthMbps, sku: circuits.sku };
  const to: CircuitSizing = { bandwidthMbps: request.bandwidthMbps, sku: request.sku ?? circuits.sku };
  const settings = (sizing: CircuitSizing): CircuitPairSettings => ({
    provider: circuits.provider,
    peeringLocations: circuits.peeringLocations,
    ...sizing,
  });
  const linkedToPair = current.vnetLinks.filter((link) =>
    pairsOfLink(link, circuitPairsOf(current)).some((pair) => pair.name === circuits.name),
  );
  const decision = decideCircuitChange(settings(from), settings(to), {
    vnetLinksPerCircuit: linkedToPair.length,
    crossGeopoliticalLinks: false,
    privatePeeringRoutes: 0,
    ...usage,
  });

  const issues: ValidationIssue[] = [];
  const notes: string[] = [];
  if (request.customerId !== current.customer.id) {
    issues.push({
      path: 'data.customerId',
      rule: BANDWIDTH_CHANGE_RULES.sameCustomer,
      message: `is ${quoteValue(request.customerId)}, but the current spec is for ${quoteValue(current.customer.id)}`,
    });
  }

  let mode: BandwidthChangeMode;
  let migrationReasons: string[] = [];
  switch (decision.kind) {
    case 'no-change':
      mode = 'unchanged';
      break;
    case 'in-place':
      mode = 'in-place';
      break;
    case 'new-pair':
      mode = 'migration';
      migrationReasons = decision.reasons.map((reason) => reason.message);
      if (request.approval === undefined) {
        issues.push({
          path: 'data.approval',
          rule: BANDWIDTH_CHANGE_RULES.approvalRequired,
          message:
            `is required: ${migrationReasons.join('; ')}. The change runs as a migration to a new pair: new ` +
            'service keys and a new order with the provider',
        });
      }
      break;
    case 'refused':
      mode = 'refused';
      for (const reason of decision.reasons) {
        issues.push({ path: pathOfRefusal(reason.rule, request), rule: reason.rule, message: reason.message });
      }
      break;
  }

  if (mode === 'in-place' && to.bandwidthMbps > from.bandwidthMbps) {
    notes.push(
      `${mention(circuits.provider)} must offer ${to.bandwidthMbps} Mbps at ${circuits.peeringLocations.map(mention).join(' and ')}, and ` +
        'the ports need spare capacity; otherwise Azure refuses the update and only a new pair can grow.',
      'After Azure resizes a circuit, the provider must raise its own throttles; billing at the new rate starts then.',
    );
  }
  if (
    mode === 'in-place' &&
    from.sku.tier === 'Premium' &&
    to.sku.tier !== 'Premium' &&
    usage.privatePeeringRoutes === undefined
  ) {
    notes.push(
      'Premium → Standard only succeeds without links to VNets in other geopolitical regions and with fewer than ' +
        '4,000 private-peering routes, which the spec does not tell; otherwise Azure refuses the update and Premium ' +
        'billing continues.',
    );
  }
  if (mode === 'in-place' && to.sku.tier === 'Premium' && from.sku.tier !== 'Premium') {
    notes.push('The Premium add-on is billed from the moment the update succeeds.');
  }

  return { customerId: request.customerId, pair: circuits.name, from, to, mode, migrationReasons, issues, notes };
}

/**
 * The pair a request changes: the one it names, or the customer's only pair. A customer with several pairs must name
 * one: applying one size to every pair is rarely meant (a separate Microsoft-peering pair, a DR pair), and a
 * request that could mean several things is refused rather than guessed.
 */
export function pairOfRequest(
  current: CustomerSpec,
  request: Pick<BandwidthChangeData, 'pair'>,
): { ok: true; pair: CircuitPairOfSpec } | { ok: false; issue: ValidationIssue } {
  const pairs = circuitPairsOf(current);
  const names = pairs.map((pair) => quoteValue(pair.name)).join(', ');
  if (request.pair === undefined) {
    const [only] = pairs;
    if (pairs.length === 1 && only !== undefined) return { ok: true, pair: only };
    return {
      ok: false,
      issue: {
        path: 'data.pair',
        rule: BANDWIDTH_CHANGE_RULES.pairNamed,
        message: `is required: the customer has ${pairs.length} circuit pairs (${names}); name the one to change`,
      },
    };
  }
  const named = pairs.find((pair) => pair.name === request.pair);
  if (named !== undefined) return { ok: true, pair: named };
  return {
    ok: false,
    issue: {
      path: 'data.pair',
      rule: BANDWIDTH_CHANGE_RULES.pairKnown,
      message: `is ${quoteValue(request.pair)}, which is not one of the customer's pairs (${names})`,
    },
  };
}

/** The request field a refusal is about. */
export function pathOfRefusal(rule: string, request: BandwidthChangeData): string {
  switch (rule) {
    case 'bandwidth.ladder':
      return 'data.bandwidthMbps';
    case 'sku.local-unlimited-data':
      return 'data.sku.family';
    case 'limit.vnet-links-per-circuit':
      return request.sku === undefined ? 'data.bandwidthMbps' : 'data.sku';
    default:
      return 'data.sku.tier';
  }
}
