/**
 * ARM resource ids: building, parsing and comparing. ARM treats ids case-insensitively (`resourcegroups` and
 * `resourceGroups`, `microsoft.network` and `Microsoft.Network` name the same thing), so ids are parsed
 * case-insensitively and compared in one canonical form; an id with surrounding whitespace is not an id.
 * Pure: no I/O, no Azure SDKs.
 */
import { AppError } from '../errors';
import type { ArmId } from './intents';

export interface ResourceGroupRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

export interface ParsedArmId extends ResourceGroupRef {
  /** e.g. "Microsoft.Network", as written in the id. */
  readonly provider: string;
  /** e.g. ["expressRouteCircuits", "peerings"]. */
  readonly types: readonly string[];
  /** e.g. ["er-contoso-a", "AzurePrivatePeering"]; same length as `types`. */
  readonly names: readonly string[];
}

/**
 * `armId(scope, 'Microsoft.Network/expressRouteCircuits', 'er-x-a', 'peerings', 'AzurePrivatePeering')` gives
 * `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/expressRouteCircuits/er-x-a/peerings/AzurePrivatePeering`.
 * Child segments come in pairs: child type, child name.
 */
export function armId(
  scope: ResourceGroupRef,
  providerAndType: string,
  name: string,
  ...childSegments: readonly string[]
): ArmId {
  if (childSegments.length % 2 !== 0) {
    throw new AppError('InvalidArmId', `child segments must come in (type, name) pairs, got ${childSegments.length}`);
  }
  const segments = [name, ...childSegments];
  if (segments.some((segment) => segment === '' || segment.includes('/'))) {
    throw new AppError('InvalidArmId', `resource names must be non-empty and contain no "/": ${segments.join(', ')}`);
  }
  return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${providerAndType}/${segments.join('/')}`;
}

/** Splits a resource id into its parts, or undefined when it is not one. Literal segments match case-insensitively. */
export function tryParseArmId(id: string): ParsedArmId | undefined {
  if (id !== id.trim()) return undefined;
  const parts = id.split('/');
  const [empty, subscriptionsLiteral, subscriptionId, resourceGroupsLiteral, resourceGroup, providersLiteral] = parts;
  const namespace = parts[6];
  const rest = parts.slice(7);
  const wellFormed =
    empty === '' &&
    subscriptionsLiteral?.toLowerCase() === 'subscriptions' &&
    resourceGroupsLiteral?.toLowerCase() === 'resourcegroups' &&
    providersLiteral?.toLowerCase() === 'providers' &&
    rest.length >= 2 &&
    rest.length % 2 === 0 &&
    [subscriptionId, resourceGroup, namespace, ...rest].every((part) => part !== undefined && part !== '');
  if (!wellFormed || subscriptionId === undefined || resourceGroup === undefined || namespace === undefined) {
    return undefined;
  }
  return {
    subscriptionId,
    resourceGroup,
    provider: namespace,
    types: rest.filter((_, index) => index % 2 === 0),
    names: rest.filter((_, index) => index % 2 === 1),
  };
}

/** Splits a resource id into its parts, preserving case; throws `InvalidArmId` when it is not one. */
export function parseArmId(id: ArmId): ParsedArmId {
  const parsed = tryParseArmId(id);
  if (parsed === undefined) {
    const shown = id.length > 200 ? `${id.slice(0, 200)}… (${id.length} characters)` : id;
    throw new AppError('InvalidArmId', `not an ARM resource id: ${JSON.stringify(shown)}`);
  }
  return parsed;
}

/** `Microsoft.Network/virtualNetworks/subnets` for an id of a subnet. */
export function resourceTypeOf(parsed: ParsedArmId): string {
  return [parsed.provider, ...parsed.types].join('/');
}

/** The id written with ARM's literal segments in their usual case (`resourceGroups`, `providers`); names as given. */
export function formatArmId(parsed: ParsedArmId, canonicalProviderAndTypes?: string): ArmId {
  const [provider, ...types] = (canonicalProviderAndTypes ?? resourceTypeOf(parsed)).split('/');
  const pairs = parsed.names.flatMap((name, index) => [types[index] ?? parsed.types[index] ?? '', name]);
  return [
    '',
    'subscriptions',
    parsed.subscriptionId,
    'resourceGroups',
    parsed.resourceGroup,
    'providers',
    provider ?? parsed.provider,
    ...pairs,
  ].join('/');
}

/**
 * The canonical form of an id, for comparing and indexing: every segment in lower case, literal segments spelled
 * one way. Two ids name the same resource exactly when their canonical forms are equal. Throws on a non-id.
 */
export function canonicalArmId(id: ArmId): string {
  return formatArmId(parseArmId(id)).toLowerCase();
}

/**
 * The key to index resources by id. The canonical form for an id; for text that is not an id (what a caller passes
 * through from elsewhere), its lower case, so that lookups never throw.
 */
export function armIdKey(id: ArmId): string {
  const parsed = tryParseArmId(id);
  return parsed === undefined ? id.toLowerCase() : formatArmId(parsed).toLowerCase();
}

export function sameArmId(a: ArmId, b: ArmId): boolean {
  return armIdKey(a) === armIdKey(b);
}

/** The last name in a resource id (the resource's own name). */
export function resourceNameOf(id: ArmId): string {
  const { names } = parseArmId(id);
  return names[names.length - 1] ?? '';
}

/** The subscription of an ARM id, or undefined when the text is not an id. */
export function subscriptionOfArmId(id: string): string | undefined {
  return tryParseArmId(id)?.subscriptionId;
}
