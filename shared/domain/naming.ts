/**
 * Deterministic names and ARM ids for every Azure resource the automation owns, derived from the customer id and
 * the resource's role. The same inputs always give the same names, so a re-run finds what an earlier run built.
 * Pure: no I/O, no Azure SDKs.
 */
import { CUSTOMER_TAG, LEG_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE, PAIR_TAG } from './intents';
import type { Leg, Tags } from './intents';
import { isDefaultPair } from './pairs';

/** Circuits, route filters, gateways, connections, route tables, NSGs and authorizations: 1-80 characters. */
export const MAX_RESOURCE_NAME_LENGTH = 80;

/** Azure's rule for these names: letters, digits, "_", "." and "-"; starts with a letter or digit; ends with a letter, digit or "_". */
const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;
const DISALLOWED_NAME_CHARACTERS = /[^a-zA-Z0-9_.-]/g;

export function isValidResourceName(name: string, maxLength: number = MAX_RESOURCE_NAME_LENGTH): boolean {
  return name.length >= 1 && name.length <= maxLength && RESOURCE_NAME_PATTERN.test(name);
}

/** 32-bit FNV-1a over the UTF-8 bytes of `text`: tiny, pure and stable across runs and platforms. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Eight hexadecimal digits of FNV-1a. */
export function shortHash(text: string): string {
  return fnv1a32(text).toString(16).padStart(8, '0');
}

/**
 * `head + tail` when that is a valid name within `maxLength`. Otherwise the head is cleaned (disallowed characters
 * become "-") and truncated, and "-{hash of head + tail}" goes between it and the tail, so the result is valid,
 * still readable, keeps the tail (e.g. the leg) visible, and differs for different inputs.
 */
export function fitName(head: string, tail = '', maxLength: number = MAX_RESOURCE_NAME_LENGTH): string {
  const raw = head + tail;
  if (isValidResourceName(raw, maxLength)) return raw;
  const suffix = `-${shortHash(raw)}${tail.replace(DISALLOWED_NAME_CHARACTERS, '-')}`;
  const room = Math.max(0, maxLength - suffix.length);
  const cleanedHead = head
    .replace(DISALLOWED_NAME_CHARACTERS, '-')
    .replace(/^[^a-zA-Z0-9]+/, '')
    .slice(0, room);
  return cleanedHead === '' ? suffix.slice(1) : cleanedHead + suffix;
}

// ---------------------------------------------------------------------------------------------------------------
// Resource names

/** "" for the default pair (single-pair names), "-{pair}" for any other pair. */
function pairPart(pair: string | undefined): string {
  return pair === undefined || isDefaultPair(pair) ? '' : `-${pair}`;
}

/** The pair both circuits belong to (value of the `er-pair` tag). */
export function pairId(customerId: string, pair?: string): string {
  return fitName(`er-${customerId}${pairPart(pair)}`);
}

export function circuitName(customerId: string, leg: Leg, pair?: string): string {
  return fitName(`er-${customerId}${pairPart(pair)}`, `-${leg}`);
}

/** The route filter of a pair's Microsoft peering. */
export function routeFilterName(customerId: string, pair?: string): string {
  return fitName(`rf-${customerId}${pairPart(pair)}`);
}

/** A route filter holds exactly one rule (Allow); this is its name. */
export const ROUTE_FILTER_RULE_NAME = 'allow-communities';

/** The circuit authorization whose key the connection of this VNet to this leg redeems (connect-through). */
export function authorizationName(customerId: string, vnetName: string, leg: Leg, pair?: string): string {
  return fitName(`auth-${customerId}-${vnetName}`, `${pairPart(pair)}-${leg}`);
}

/** The connection of one VNet's gateway to one circuit of a pair. */
export function connectionName(customerId: string, vnetName: string, leg: Leg, pair?: string): string {
  return fitName(`cn-${vnetName}`, `-er-${customerId}${pairPart(pair)}-${leg}`);
}

/** The ExpressRoute gateway the automation creates in a VNet that has none. */
export function gatewayName(vnetName: string): string {
  return fitName(`ergw-${vnetName}`);
}

export function routeTableName(customerId: string, role: string): string {
  return fitName(`rt-${customerId}-${role}`);
}

export function nsgName(customerId: string, role: string): string {
  return fitName(`nsg-${customerId}-${role}`);
}

/** The role a route table or NSG name was built from, or undefined when the name was not built by this module. */
export function roleFromName(customerId: string, kind: 'routeTable' | 'nsg', name: string): string | undefined {
  const prefix = `${kind === 'routeTable' ? 'rt' : 'nsg'}-${customerId}-`;
  if (!name.startsWith(prefix)) return undefined;
  const role = name.slice(prefix.length);
  const rebuilt = kind === 'routeTable' ? routeTableName(customerId, role) : nsgName(customerId, role);
  return role !== '' && rebuilt === name ? role : undefined;
}

/** The route forced tunnelling adds: 0.0.0.0/0 → VirtualAppliance. */
export const FORCED_TUNNEL_ROUTE_NAME = 'forced-tunnel-default';

// ---------------------------------------------------------------------------------------------------------------
// Tags

/** The tags the automation writes and owns on a top-level resource. Other tags on a resource are not its business. */
export function managedTags(customerId: string, extra: { readonly leg?: Leg; readonly pair?: string } = {}): Tags {
  const tags: Record<string, string> = {
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
    [CUSTOMER_TAG]: customerId,
    [PAIR_TAG]: pairId(customerId, extra.pair),
  };
  if (extra.leg !== undefined) tags[LEG_TAG] = extra.leg;
  return tags;
}

/** The tag keys `managedTags` may write: the only ones a diff compares. */
export const OWNED_TAG_KEYS: readonly string[] = [MANAGED_BY_TAG, CUSTOMER_TAG, PAIR_TAG, LEG_TAG];

// ---------------------------------------------------------------------------------------------------------------
// ARM ids (armIds.ts; re-exported here for the modules that build names and ids together)

export {
  armId,
  armIdKey,
  canonicalArmId,
  parseArmId,
  resourceNameOf,
  sameArmId,
  tryParseArmId,
  type ParsedArmId,
  type ResourceGroupRef,
} from './armIds';
