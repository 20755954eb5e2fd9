/**
 * Compares what Azure holds (actual intents, as read back) with what a customer's spec asks for (desired intents).
 * Pure: no I/O, no Azure SDKs.
 *
 * - Resources are matched by ARM id, case-insensitively (ARM ids are case-insensitive).
 * - Fields are compared deeply; a path names the field: `scope.tenantId`, `rule.communities[0]`,
 *   `routes[forced-tunnel-default].nextHopIpAddress`.
 * - Arrays of named children (routes, security rules) are matched by name (case-insensitively), so order does not
 *   matter; other arrays are compared position by position.
 * - Ids, names and resource groups compare case-insensitively; a property set to undefined equals an absent one.
 * - Tags: only the keys the automation owns (`OWNED_TAG_KEYS`) are compared; other tags are someone else's.
 */
import type { ArmId, ResourceIntent, ResourceKind } from './intents';
import { OWNED_TAG_KEYS, armIdKey } from './naming';

export type ChangeAction = 'create' | 'update' | 'delete' | 'unchanged';

export interface FieldChange {
  readonly path: string;
  readonly actual: unknown;
  readonly desired: unknown;
}

export interface ResourceChange {
  readonly action: ChangeAction;
  readonly id: ArmId;
  readonly kind: ResourceKind;
  /** The fields that differ (update only; empty otherwise). */
  readonly fields: readonly FieldChange[];
  readonly desired?: ResourceIntent;
  readonly actual?: ResourceIntent;
}

/**
 * One change per resource: desired resources first (create, update or unchanged, in desired order), then deletes
 * for actual resources that are not desired (in actual order).
 */
export function diffTopology(actual: readonly ResourceIntent[], desired: readonly ResourceIntent[]): ResourceChange[] {
  const actualById = new Map<string, ResourceIntent>();
  for (const intent of actual) actualById.set(armIdKey(intent.id), intent);
  const desiredIds = new Set(desired.map((intent) => armIdKey(intent.id)));

  const changes: ResourceChange[] = desired.map((wanted): ResourceChange => {
    const existing = actualById.get(armIdKey(wanted.id));
    if (existing === undefined)
      return { action: 'create', id: wanted.id, kind: wanted.kind, fields: [], desired: wanted };
    const fields = compareIntents(existing, wanted);
    return {
      action: fields.length === 0 ? 'unchanged' : 'update',
      id: wanted.id,
      kind: wanted.kind,
      fields,
      desired: wanted,
      actual: existing,
    };
  });
  for (const existing of actual) {
    if (!desiredIds.has(armIdKey(existing.id))) {
      changes.push({ action: 'delete', id: existing.id, kind: existing.kind, fields: [], actual: existing });
    }
  }
  return changes;
}

/** The field differences between two intents for the same resource; empty when they match. */
export function compareIntents(actual: ResourceIntent, desired: ResourceIntent): FieldChange[] {
  const changes: FieldChange[] = [];
  compareValues('', actual, desired, changes);
  return changes;
}

/**
 * The resources after the changes are applied: deletes removed, updates replaced by their desired intent (in place),
 * creates appended, unchanged resources kept as they are.
 */
export function applyChanges(actual: readonly ResourceIntent[], changes: readonly ResourceChange[]): ResourceIntent[] {
  const changeById = new Map<string, ResourceChange>();
  for (const change of changes) changeById.set(armIdKey(change.id), change);
  const result: ResourceIntent[] = [];
  for (const intent of actual) {
    const change = changeById.get(armIdKey(intent.id));
    if (change?.action === 'delete') continue;
    result.push(change?.action === 'update' && change.desired !== undefined ? change.desired : intent);
  }
  for (const change of changes) {
    if (change.action === 'create' && change.desired !== undefined) result.push(change.desired);
  }
  return result;
}

export function summarizeChanges(changes: readonly ResourceChange[]): Record<ChangeAction, number> {
  const counts: Record<ChangeAction, number> = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const change of changes) counts[change.action] += 1;
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------

type PlainObject = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCaseInsensitiveField(key: string): boolean {
  return key === 'id' || key === 'name' || key === 'resourceGroup' || key.endsWith('Id');
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function compareValues(path: string, actual: unknown, desired: unknown, out: FieldChange[], fieldName = ''): void {
  if (Array.isArray(actual) && Array.isArray(desired)) {
    if (isNamedChildren(actual) && isNamedChildren(desired)) compareNamedChildren(path, actual, desired, out);
    else compareArrays(path, actual, desired, out);
    return;
  }
  if (isPlainObject(actual) && isPlainObject(desired)) {
    compareObjects(path, actual, desired, out);
    return;
  }
  const equal =
    typeof actual === 'string' && typeof desired === 'string' && isCaseInsensitiveField(fieldName)
      ? actual.toLowerCase() === desired.toLowerCase()
      : Object.is(actual, desired);
  if (!equal) out.push({ path, actual, desired });
}

function compareObjects(path: string, actual: PlainObject, desired: PlainObject, out: FieldChange[]): void {
  const keys = [...new Set([...Object.keys(desired), ...Object.keys(actual)])];
  for (const key of keys) {
    const here = childPath(path, key);
    if (key === 'tags' && path === '') compareOwnedTags(here, actual[key], desired[key], out);
    else compareValues(here, actual[key], desired[key], out, key);
  }
}

function compareOwnedTags(path: string, actual: unknown, desired: unknown, out: FieldChange[]): void {
  const actualTags = isPlainObject(actual) ? actual : {};
  const desiredTags = isPlainObject(desired) ? desired : {};
  for (const key of OWNED_TAG_KEYS) {
    if (!Object.is(actualTags[key], desiredTags[key])) {
      out.push({ path: childPath(path, key), actual: actualTags[key], desired: desiredTags[key] });
    }
  }
}

function compareArrays(
  path: string,
  actual: readonly unknown[],
  desired: readonly unknown[],
  out: FieldChange[],
): void {
  const length = Math.max(actual.length, desired.length);
  for (let index = 0; index < length; index += 1) {
    compareValues(`${path}[${index}]`, actual[index], desired[index], out);
  }
}

type NamedChild = PlainObject & { readonly name: string };

function isNamedChildren(values: readonly unknown[]): values is readonly NamedChild[] {
  return values.every((value) => isPlainObject(value) && typeof value.name === 'string');
}

function compareNamedChildren(
  path: string,
  actual: readonly NamedChild[],
  desired: readonly NamedChild[],
  out: FieldChange[],
): void {
  const actualByName = new Map(actual.map((child) => [child.name.toLowerCase(), child]));
  const desiredNames = new Set(desired.map((child) => child.name.toLowerCase()));
  for (const wanted of desired) {
    const childHere = `${path}[${wanted.name}]`;
    const existing = actualByName.get(wanted.name.toLowerCase());
    if (existing === undefined) out.push({ path: childHere, actual: undefined, desired: wanted });
    else compareObjects(childHere, existing, wanted, out);
  }
  for (const existing of actual) {
    if (!desiredNames.has(existing.name.toLowerCase())) {
      out.push({ path: `${path}[${existing.name}]`, actual: existing, desired: undefined });
    }
  }
}

/**
 * A desired intent as Azure can report it: without the write-only fields (a peering's `md5Key` reference, a
 * connection's `authorization` link), which exist only in the desired state. Diff against this when the actual side
 * was read from Azure, so that drift detection does not report what Azure cannot show.
 */
export function asObservable(intent: ResourceIntent): ResourceIntent {
  if (intent.kind === 'peering' && intent.md5Key !== undefined) {
    const { md5Key: _md5Key, ...rest } = intent;
    return rest;
  }
  if (intent.kind === 'connection' && intent.authorization !== undefined) {
    const { authorization: _authorization, ...rest } = intent;
    return rest;
  }
  if (intent.kind === 'vpnConnection') {
    // ARM records neither the shared key's reference nor the ExpressRoute gateway the tunnel rides.
    return { ...intent, sharedKey: { vault: '', secret: '' }, expressRouteGatewayId: '' };
  }
  return intent;
}
