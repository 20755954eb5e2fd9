/**
 * Ownership by tag: the automation writes only to top-level resources tagged `managed-by=expressroute-csp` (or that
 * it is about to create with that tag); child resources of such a parent are its own too. Of the tags on a resource
 * it owns only its own keys; tags that others put there are kept on every write.
 */
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../domain/intents';
import type { Tags } from '../../domain/intents';
import { OWNED_TAG_KEYS } from '../../domain/naming';
import { NotManagedError } from '../../errors';

export interface ManagedTag {
  readonly name: string;
  readonly value: string;
}

export const DEFAULT_MANAGED_TAG: ManagedTag = { name: MANAGED_BY_TAG, value: MANAGED_BY_VALUE };

type ArmTags = Readonly<Record<string, string>> | undefined;

/** Tag names are case-insensitive in ARM; the value must match exactly. */
function tagValue(tags: ArmTags, name: string): string | undefined {
  if (tags === undefined) return undefined;
  const key = Object.keys(tags).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags[key];
}

export function isManaged(tags: ArmTags, managedTag: ManagedTag = DEFAULT_MANAGED_TAG): boolean {
  return tagValue(tags, managedTag.name) === managedTag.value;
}

export function assertManaged(resourceId: string, tags: ArmTags, managedTag: ManagedTag = DEFAULT_MANAGED_TAG): void {
  if (!isManaged(tags, managedTag)) throw new NotManagedError(resourceId);
}

function ownedKeys(managedTag: ManagedTag): Set<string> {
  return new Set([...OWNED_TAG_KEYS, managedTag.name].map((key) => key.toLowerCase()));
}

/** The automation's own tags on a resource (what an intent's `tags` describes). */
export function ownedTags(tags: ArmTags, managedTag: ManagedTag = DEFAULT_MANAGED_TAG): Tags {
  const owned = ownedKeys(managedTag);
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => owned.has(key.toLowerCase())));
}

/** True when the resource's owned tags are exactly the intent's tags. */
export function ownedTagsDiffer(tags: ArmTags, desired: Tags, managedTag: ManagedTag = DEFAULT_MANAGED_TAG): boolean {
  const current = ownedTags(tags, managedTag);
  const keys = new Set([...Object.keys(current), ...Object.keys(desired)]);
  return [...keys].some((key) => current[key] !== desired[key]);
}

/** Other tags kept, owned tags replaced by the intent's. */
export function mergeTags(
  tags: ArmTags,
  desired: Tags,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): Record<string, string> {
  const owned = ownedKeys(managedTag);
  const kept = Object.entries(tags ?? {}).filter(([key]) => !owned.has(key.toLowerCase()));
  return { ...Object.fromEntries(kept), ...desired };
}
