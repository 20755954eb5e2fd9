/** Where a Network request points: the kind, the ids, the parent, the lock, and the common request checks. */
import { errors } from './errors';
import type { SimRequest } from './http';
import { idKey, networkResourceId, normalizeLocation } from './ids';
import type { JsonObject } from './json';
import { isJsonObject } from './json';
import type { ResourceKind } from './kinds/kind';
import { asyncOperationUrl } from './operations';
import type { Simulation } from './simulation';
import type { ResourceGroupRecord, StoredResource } from './store';

export interface NetworkRequestPath {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly segments: readonly { readonly type: string; readonly name: string }[];
  /** Set for a list: the trailing type, as in `…/expressRouteCircuits/c1/peerings`. */
  readonly collectionType: string | undefined;
}

export interface Target {
  readonly kind: ResourceKind;
  readonly group: ResourceGroupRecord;
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly parent: StoredResource | undefined;
  /** The name of the first missing ancestor, if any. */
  readonly missingParent: string | undefined;
  /** The resource whose running operation blocks writes here: the top-level ancestor. */
  readonly lockKey: string;
  /** Region used in operation URLs: the top-level ancestor's location. */
  readonly location: string;
}

export function resolveTarget(
  sim: Simulation,
  kind: ResourceKind,
  group: ResourceGroupRecord,
  path: NetworkRequestPath,
): Target {
  let parent: StoredResource | undefined;
  let missingParent: string | undefined;
  let id = networkResourceId(group.subscriptionId, group.name, []).replace(/\/$/, '');
  for (const [index, segment] of path.segments.entries()) {
    const candidate = `${id}/${kind.pathTypes[index] ?? segment.type}/${segment.name}`;
    const existing = sim.store.get(candidate);
    id = existing?.id ?? candidate;
    if (index === path.segments.length - 1) break;
    if (existing === undefined) missingParent ??= segment.name;
    parent = existing;
  }
  const topId = networkResourceId(group.subscriptionId, group.name, [
    { type: kind.pathTypes[0] ?? '', name: path.segments[0]?.name ?? '' },
  ]);
  const topResource = sim.store.get(topId);
  return {
    kind,
    group,
    id,
    key: idKey(id),
    name: sim.store.get(id)?.name ?? path.segments[path.segments.length - 1]?.name ?? '',
    parent: missingParent === undefined ? parent : undefined,
    missingParent,
    lockKey: idKey(topId),
    location: normalizeLocation(topResource?.location ?? group.location),
  };
}

export function typeAndName(target: Target): string {
  const path = target.id.split(/\/providers\/Microsoft\.Network\//i)[1] ?? target.name;
  return `Microsoft.Network/${path}`;
}

export function requireBody(request: SimRequest): JsonObject {
  if (request.bodyError !== undefined) throw errors.invalidJson(request.bodyError);
  if (!isJsonObject(request.body)) throw errors.invalidJson('the request body must be a JSON object');
  return request.body;
}

export function tagsOf(body: JsonObject): Record<string, string> | undefined {
  const tags = body.tags;
  if (tags === undefined || tags === null) return undefined;
  if (!isJsonObject(tags)) throw errors.invalidRequestFormat('tags', 'must be an object of string values');
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') throw errors.invalidRequestFormat(`tags.${key}`, 'must be a string');
    result[key] = value;
  }
  return result;
}

export function guardLock(
  sim: Simulation,
  request: SimRequest,
  target: Target,
  verb: 'Put' | 'Delete' | 'Patch',
): void {
  const waitKey = `lock:${target.lockKey}`;
  sim.redeemWait(waitKey);
  const blocking = sim.operations.blocking(target.lockKey);
  if (!blocking) return;
  sim.promiseWait(waitKey, blocking.completesAt);
  throw errors.anotherOperationInProgress(
    sim.config.conflictStatus,
    `${verb}${target.kind.operationNoun}Operation`,
    asyncOperationUrl(request.origin, blocking),
    sim.retryAfterFor(blocking.completesAt - sim.now()),
  );
}
