/**
 * The generic life of a top-level resource the automation owns (route filter, route table, NSG, gateway,
 * connection): GET; absent → PUT the intent's body; present → must carry the managed tag, then compare the owned
 * fields and PUT the GET body with only those changed, if anything differs; read back after every write.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import type { ResourceIntent, Scope } from '../../../domain/intents';
import { ArmOperationError } from '../../../errors';
import type { DeleteOutcome, EnsureOptions, Ensured, Observed, ObservedState } from '../../../ports/network';
import {
  alreadyDeleting,
  deleteResource,
  getOrUndefined,
  putResource,
  readAfterWrite,
  settled,
  type StartedOperation,
} from '../armCalls';
import type { LroOptions, ReadBackVerdict } from '../armCalls';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { assertManaged, isManaged } from '../ownership';
import type { ManagedTag } from '../ownership';

interface ArmResource {
  readonly tags?: Record<string, string>;
  readonly provisioningState?: string;
}

export interface TopLevelKind<
  I extends ResourceIntent,
  B extends ArmResource,
  S extends ObservedState = ObservedState,
> {
  get(client: NetworkManagementClient, resourceGroup: string, name: string): Promise<B>;
  /** The SDK's `beginCreateOrUpdate` (see `BeginOperation`). */
  put(
    client: NetworkManagementClient,
    resourceGroup: string,
    name: string,
    body: B,
    lro: LroOptions,
  ): Promise<StartedOperation>;
  /** The SDK's `beginDelete`. */
  beginDelete(
    client: NetworkManagementClient,
    resourceGroup: string,
    name: string,
    lro: LroOptions,
  ): Promise<StartedOperation>;
  body(intent: I): B;
  merge(current: B, intent: I, managedTag: ManagedTag): B;
  drift(intent: I, current: B, managedTag: ManagedTag): string[];
  /** Owned fields that cannot change in place: a difference is refused (`ImmutablePropertyChange`). */
  immutableDrift?(intent: I, current: B): string[];
  toIntent(resource: B, scope: Scope, managedTag: ManagedTag): I;
  state(resource: B, managedTag: ManagedTag): S;
  /** Secret values a body read from ARM may carry (scrubbed from errors about writing it back). */
  secretsOf?(resource: B): string[];
}

export interface ResourceLocation {
  readonly id: string;
  readonly scope: Scope;
  readonly name: string;
}

export function getTopLevel<B extends ArmResource>(
  kind: Pick<TopLevelKind<ResourceIntent, B>, 'get'>,
  client: NetworkManagementClient,
  location: ResourceLocation,
): Promise<B | undefined> {
  return getOrUndefined(location.id, () => kind.get(client, location.scope.resourceGroup, location.name));
}

export interface TopLevelWriteHooks<B> {
  /** Checks before a write (e.g. GatewaySubnet rules); throws to refuse. */
  readonly beforeWrite?: (current: B | undefined, body: B) => Promise<void>;
  /** Extra fields for this PUT only (e.g. an authorization key to redeem). */
  readonly decorate?: (body: B) => B;
  /** Secret values in play, scrubbed from errors. */
  readonly secrets?: readonly string[];
  /** Makes the owned-field comparison say "write" even with no drift (e.g. a key to redeem). */
  readonly forceWrite?: boolean;
  /** The resource as the caller just read it (saves a second GET). */
  readonly current?: { readonly value: B | undefined };
}

export async function ensureTopLevel<I extends ResourceIntent, B extends ArmResource, S extends ObservedState>(
  context: ArmContext,
  kind: TopLevelKind<I, B, S>,
  intent: I & { readonly tags: Record<string, string> | Readonly<Record<string, string>> },
  options: EnsureOptions = {},
  hooks: TopLevelWriteHooks<B> = {},
): Promise<Ensured<I, S>> {
  const client = await context.clientFor(intent.scope);
  const wait = options.waitForCompletion ?? true;
  const rg = intent.scope.resourceGroup;
  const read = () => getTopLevel(kind, client, intent);
  const found = hooks.current === undefined ? await read() : hooks.current.value;
  const current = await settled(context, intent.id, found, read, wait);
  let body: B;
  if (current === undefined) {
    body = kind.body(intent);
  } else {
    assertManaged(intent.id, current.tags, context.managedTag);
    const immutable = kind.immutableDrift?.(intent, current) ?? [];
    if (immutable.length > 0) {
      throw new ArmOperationError(
        ArmAdapterErrorCodes.immutableProperty,
        `${intent.id}: ${immutable.join(', ')} cannot change on an existing resource; it has to be replaced`,
        { retryable: false, target: intent.id },
      );
    }
    const drift = kind.drift(intent, current, context.managedTag);
    if (drift.length === 0 && hooks.forceWrite !== true && current.provisioningState !== 'Failed') {
      return {
        outcome: 'unchanged',
        intent: kind.toIntent(current, intent.scope, context.managedTag),
        state: kind.state(current, context.managedTag),
      };
    }
    body = kind.merge(current, intent, context.managedTag);
  }
  await hooks.beforeWrite?.(current, body);
  const sent = hooks.decorate?.(body) ?? body;
  const secrets = [...(hooks.secrets ?? []), ...(kind.secretsOf?.(sent) ?? [])];
  await putResource(context, intent.id, wait, (lro) => kind.put(client, rg, intent.name, sent, lro), secrets);
  const after = await readAfterWrite(
    context,
    intent.id,
    () => getTopLevel(kind, client, intent),
    (resource): ReadBackVerdict => {
      if (!wait) return { ok: true };
      const drift = kind.drift(intent, resource, context.managedTag);
      return drift.length === 0 ? { ok: true } : { ok: false, reason: `still differing in ${drift.join(', ')}` };
    },
  );
  return {
    outcome: current === undefined ? 'created' : 'updated',
    intent: kind.toIntent(after, intent.scope, context.managedTag),
    state: kind.state(after, context.managedTag),
  };
}

export async function readTopLevel<I extends ResourceIntent, B extends ArmResource, S extends ObservedState>(
  context: ArmContext,
  kind: TopLevelKind<I, B, S>,
  location: ResourceLocation,
): Promise<Observed<I, S> | undefined> {
  const client = await context.clientFor(location.scope);
  const resource = await getTopLevel(kind, client, location);
  return resource === undefined
    ? undefined
    : {
        intent: kind.toIntent(resource, location.scope, context.managedTag),
        state: kind.state(resource, context.managedTag),
      };
}

export async function deleteTopLevel<B extends ArmResource>(
  context: ArmContext,
  kind: Pick<TopLevelKind<ResourceIntent, B>, 'get' | 'beginDelete'>,
  location: ResourceLocation,
  waitForCompletion = true,
): Promise<DeleteOutcome> {
  const client = await context.clientFor(location.scope);
  const current = await getTopLevel(kind, client, location);
  if (current === undefined) return 'absent';
  assertManaged(location.id, current.tags, context.managedTag);
  if (alreadyDeleting(current, waitForCompletion)) return 'deleting';
  return deleteResource(context, location.id, waitForCompletion, (lro) =>
    kind.beginDelete(client, location.scope.resourceGroup, location.name, lro),
  );
}

export function stateOf(resource: ArmResource, managedTag: ManagedTag): ObservedState {
  return { provisioningState: resource.provisioningState ?? 'Unknown', managed: isManaged(resource.tags, managedTag) };
}
