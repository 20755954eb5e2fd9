/**
 * Make-before-break migration of one circuit pair to a new one (a bandwidth decrease, UnlimitedData → MeteredData,
 * another provider or peering location): the specs the migration moves through, and the routing weights that decide
 * which pair carries each VNet's traffic at each moment. Pure: no I/O, no Azure SDKs.
 *
 *   now     the customer's registered spec: the old pair.
 *   during  the old pair and the new pair side by side; every VNet linked to the old pair is linked to the new too.
 *   after   the new pair in the old one's place (the registry's spec once the old pair is gone).
 *
 * The new pair is a new *generation* of the old: `primary` → `primary-g2` → `primary-g3`, so its circuits, peerings,
 * connections and plan keys get names of their own (naming.ts) and never collide with the old pair's.
 *
 * Weights: ExpressRoute prefers, for the same prefix, the connection with the higher routing weight ("Optimize
 * ExpressRoute routing", learn.microsoft.com/azure/expressroute/expressroute-optimize-routing: "the connection with
 * the higher weight is preferred"). While the new pair is built, the old pair's connections carry the link's weight
 * + 1 and the new pair's the link's weight: traffic stays on the old pair. The swap raises the new pair's connections
 * first (equal weights: both pairs carry traffic) and then lowers the old pair's: traffic is on the new pair while
 * the old connections are still up. Then the old connections are removed and the new ones return to the link's
 * weight. At no moment has a VNet no connected circuit.
 */
import type { ValidationIssue } from '../errors';
import type { ConnectionIntent, ResourceIntent } from './intents';
import { circuitPairsOf, DEFAULT_PAIR_NAME, type CircuitPairOfSpec } from './pairs';
import { ROUTING_WEIGHT } from './rules';
import {
  PairNameSchema,
  type CircuitSku,
  type CspContext,
  type CustomerSpec,
  type NamedCircuitPair,
  type PeeringLeg,
} from './spec';
import { validateCustomerSpec } from './validation';

export const MIGRATION_RULES = {
  /** The request names a pair the customer does not have (or names none while the customer has several). */
  pairKnown: 'migration.pair-known',
  /** The old pair has private (or Microsoft) peering: the new pair needs its own addresses and VLANs for it. */
  addressingRequired: 'migration.addressing-required',
  /** A Microsoft-peering address given for a pair without Microsoft peering. */
  addressingUnused: 'migration.addressing-unused',
  /** A pair name of the next generation must still be a legal pair name. */
  generationName: 'migration.generation-name',
  /** The weights of the move need one step above the link's weight. */
  weightRoom: 'migration.weight-room',
} as const;

/** The two circuits' new addresses of one peering: leg A (first peering location), then leg B. */
export type PeeringLegs = readonly [PeeringLeg, PeeringLeg];

/** What the migration changes, as a request gives it: everything but the addressing defaults to the old pair's. */
export interface MigrationTarget {
  /** The pair to replace; may be left out when the customer has one pair. */
  readonly pair?: string;
  readonly bandwidthMbps: number;
  readonly sku?: CircuitSku;
  readonly provider?: string;
  readonly peeringLocations?: readonly [string, string];
  /** New /30s and VLANs for private peering (required when the old pair has private peering). */
  readonly privatePeering?: PeeringLegs;
  /** New /30s and VLANs for Microsoft peering (required when the old pair has Microsoft peering). */
  readonly microsoftPeering?: PeeringLegs;
}

export interface MigrationSpecs {
  readonly oldPair: string;
  readonly newPair: string;
  /** Both pairs, every VNet of the old pair linked to both. */
  readonly during: CustomerSpec;
  /** The new pair in the old one's place. */
  readonly after: CustomerSpec;
}

export type MigrationPlanResult =
  ({ readonly ok: true } & MigrationSpecs) | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** The name of the pair that replaces `pair`: `<base>-g<n+1>`, a legal pair name not taken by another pair. */
export function nextGenerationName(pair: string, taken: readonly string[]): string | undefined {
  const match = /^(.*)-g(\d+)$/.exec(pair);
  const base = match?.[1] ?? pair;
  let generation = match === null ? 2 : Number(match[2]) + 1;
  const takenNames = new Set(taken);
  for (; generation < 1000; generation += 1) {
    const suffix = `-g${String(generation)}`;
    const candidate = `${base.slice(0, MAX_PAIR_NAME_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!takenNames.has(candidate) && PairNameSchema.safeParse(candidate).success) return candidate;
  }
  return undefined;
}
const MAX_PAIR_NAME_LENGTH = 16;

/**
 * The specs of a migration of `spec`'s pair to `target`, both validated as an onboarding is (addresses distinct from
 * the old pair's, inside nothing a VNet uses, each gateway within its circuit-connection limit with both pairs
 * connected at once). Issues about the new pair are reported at `pathPrefix` (the request's field).
 */
export function planMigration(
  spec: CustomerSpec,
  target: MigrationTarget,
  context: CspContext,
  pathPrefix = 'data',
): MigrationPlanResult {
  const pairs = circuitPairsOf(spec);
  const old = pickPair(pairs, target.pair, pathPrefix);
  if (!old.ok) return old;
  const oldPair = old.pair;
  const issues = addressingIssues(oldPair, target, pathPrefix);
  const newName = nextGenerationName(
    oldPair.name,
    pairs.map((p) => p.name),
  );
  if (newName === undefined) {
    issues.push({
      path: `${pathPrefix}.pair`,
      rule: MIGRATION_RULES.generationName,
      message: `no legal name is left for the next generation of pair "${oldPair.name}"`,
    });
  }
  const tooHeavy = spec.vnetLinks.findIndex((link) => link.routingWeight + 1 > ROUTING_WEIGHT.max);
  if (tooHeavy >= 0) {
    issues.push({
      path: `vnetLinks[${String(tooHeavy)}].routingWeight`,
      rule: MIGRATION_RULES.weightRoom,
      message: `the move prefers one pair over the other with the link's weight + 1, which must stay within ${String(ROUTING_WEIGHT.min)}-${String(ROUTING_WEIGHT.max)}`,
    });
  }
  if (issues.length > 0 || newName === undefined) return { ok: false, issues };

  const newPair = newGeneration(oldPair, newName, target);
  const named = pairs.map(toNamedPair);
  const oldIndex = pairs.indexOf(oldPair);
  const duringPairs = [...named.slice(0, oldIndex + 1), newPair, ...named.slice(oldIndex + 1)];
  const afterPairs = named.map((pair, index) => (index === oldIndex ? newPair : pair));
  const withLinks = (linkPairs: (names: readonly string[]) => string[]) =>
    spec.vnetLinks.map((link) =>
      link.pairs === undefined || !link.pairs.includes(oldPair.name) ? link : { ...link, pairs: linkPairs(link.pairs) },
    );
  const rawDuring = {
    ...specFields(spec),
    circuitPairs: duringPairs,
    vnetLinks: withLinks((names) => [...names, newName]),
  };
  const rawAfter = {
    ...specFields(spec),
    circuitPairs: afterPairs,
    vnetLinks: withLinks((names) => names.map((name) => (name === oldPair.name ? newName : name))),
  };
  const during = validateCustomerSpec(rawDuring, context);
  if (!during.ok) {
    const newIndex = oldIndex + 1;
    return { ok: false, issues: during.issues.map((issue) => atRequestPath(issue, newIndex, pathPrefix)) };
  }
  const after = validateCustomerSpec(rawAfter, context);
  if (!after.ok) return { ok: false, issues: after.issues.map((issue) => atRequestPath(issue, oldIndex, pathPrefix)) };
  return { ok: true, oldPair: oldPair.name, newPair: newName, during: during.value, after: after.value };
}

/** Which pair carries the traffic: its connections get the link's weight + 1, the other pair's the link's weight. */
export type Preference = { readonly preferred: string; readonly other: string } | { readonly equal: readonly string[] };

/**
 * The connection intents of `intents` with the routing weights of one moment of the move. Connections of pairs the
 * migration does not involve keep the link's weight.
 */
export function weightedConnections(intents: readonly ResourceIntent[], preference: Preference): ConnectionIntent[] {
  const bonus = (pair: string): number => {
    if ('equal' in preference) return preference.equal.includes(pair) ? 1 : 0;
    return pair === preference.preferred ? 1 : 0;
  };
  return intents
    .filter((intent): intent is ConnectionIntent => intent.kind === 'connection')
    .map((connection) => {
      const extra = bonus(pairOf(connection));
      return extra === 0 ? connection : { ...connection, routingWeight: connection.routingWeight + extra };
    });
}

/** The kinds that belong to one pair; a default-pair intent may leave its `pair` out. */
const PAIRED_KINDS: ReadonlySet<ResourceIntent['kind']> = new Set([
  'circuit',
  'peering',
  'routeFilter',
  'authorization',
  'connection',
]);

/** The intents that belong to one pair (its circuits, peerings, route filter, authorizations, connections). */
export function intentsOfPair(intents: readonly ResourceIntent[], pair: string): ResourceIntent[] {
  return intents.filter((intent) => PAIRED_KINDS.has(intent.kind) && pairOf(intent) === pair);
}

function pairOf(intent: ResourceIntent): string {
  return ('pair' in intent ? intent.pair : undefined) ?? DEFAULT_PAIR_NAME;
}

function pickPair(
  pairs: readonly CircuitPairOfSpec[],
  named: string | undefined,
  pathPrefix: string,
): { ok: true; pair: CircuitPairOfSpec } | { ok: false; issues: ValidationIssue[] } {
  const known = pairs.map((p) => `"${p.name}"`).join(', ');
  if (named === undefined) {
    const only = pairs.length === 1 ? pairs[0] : undefined;
    if (only !== undefined) return { ok: true, pair: only };
    return {
      ok: false,
      issues: [
        {
          path: `${pathPrefix}.pair`,
          rule: MIGRATION_RULES.pairKnown,
          message: `is required: the customer has ${String(pairs.length)} circuit pairs (${known}); name the one to replace`,
        },
      ],
    };
  }
  const pair = pairs.find((p) => p.name === named);
  if (pair !== undefined) return { ok: true, pair };
  return {
    ok: false,
    issues: [
      {
        path: `${pathPrefix}.pair`,
        rule: MIGRATION_RULES.pairKnown,
        message: `names no circuit pair of this customer (its pairs: ${known})`,
      },
    ],
  };
}

function addressingIssues(old: CircuitPairOfSpec, target: MigrationTarget, pathPrefix: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const check = (field: 'privatePeering' | 'microsoftPeering', has: boolean, label: string): void => {
    const given = target[field] !== undefined;
    if (has && !given) {
      issues.push({
        path: `${pathPrefix}.newPair.${field}`,
        rule: MIGRATION_RULES.addressingRequired,
        message: `is required: pair "${old.name}" has ${label}, and the new pair is built beside it, so its circuits need their own /30s and VLANs (two legs)`,
      });
    }
    if (!has && given) {
      issues.push({
        path: `${pathPrefix}.newPair.${field}`,
        rule: MIGRATION_RULES.addressingUnused,
        message: `pair "${old.name}" has no ${label}; leave this out`,
      });
    }
  };
  check('privatePeering', old.privatePeering !== undefined, 'private peering');
  check('microsoftPeering', old.microsoftPeering !== undefined, 'Microsoft peering');
  return issues;
}

function newGeneration(old: CircuitPairOfSpec, name: string, target: MigrationTarget): NamedCircuitPair {
  const pair = toNamedPair(old);
  return {
    ...pair,
    name,
    provider: target.provider ?? old.provider,
    peeringLocations: target.peeringLocations === undefined ? old.peeringLocations : [...target.peeringLocations],
    bandwidthMbps: target.bandwidthMbps,
    sku: target.sku ?? old.sku,
    ...(old.privatePeering === undefined || target.privatePeering === undefined
      ? {}
      : { privatePeering: { ...old.privatePeering, legs: [target.privatePeering[0], target.privatePeering[1]] } }),
    ...(old.microsoftPeering === undefined || target.microsoftPeering === undefined
      ? {}
      : {
          microsoftPeering: { ...old.microsoftPeering, legs: [target.microsoftPeering[0], target.microsoftPeering[1]] },
        }),
  };
}

function toNamedPair(pair: CircuitPairOfSpec): NamedCircuitPair {
  const { path: _path, ...named } = pair;
  return named;
}

/** The spec's fields other than its pairs and links (as a request would write them). */
function specFields(spec: CustomerSpec): Omit<CustomerSpec, 'circuits' | 'circuitPairs' | 'vnetLinks'> {
  const { circuits: _circuits, circuitPairs: _pairs, vnetLinks: _links, ...rest } = spec;
  return rest;
}

/** An issue found in the migration's spec, at the request's field when it is about the new pair. */
function atRequestPath(issue: ValidationIssue, pairIndex: number, pathPrefix: string): ValidationIssue {
  const pairPath = `circuitPairs[${String(pairIndex)}]`;
  if (!issue.path.startsWith(pairPath))
    return { ...issue, message: `${issue.path}: ${issue.message}`, path: pathPrefix };
  const rest = issue.path.slice(pairPath.length);
  const legs = /^\.(privatePeering|microsoftPeering)\.legs(.*)$/.exec(rest);
  const path =
    legs === null ? `${pathPrefix}.newPair${rest}` : `${pathPrefix}.newPair.${legs[1] ?? ''}${legs[2] ?? ''}`;
  return { ...issue, path };
}
