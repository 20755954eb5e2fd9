/**
 * The generic Network resource handling: GET, PUT, DELETE and PATCH (tags) of every kind, lists, inline child
 * reconciliation, write locks and long-running operations. What differs per type is in `kinds/`.
 *
 * PUT: validated first (a refusal changes nothing), then stored at once with provisioningState `Updating` and
 * answered 201 (create) or 200 (update) with `Azure-AsyncOperation` and `Retry-After`; the operation turns it
 * `Succeeded` when its duration has passed. A parent PUT replaces its inline children: children it leaves out (or an
 * empty array, or an absent property) are deleted, exactly the hazard ARM has.
 * DELETE: 204 when absent; otherwise `Deleting`, 202 with `Location` and `Azure-AsyncOperation`, removed at the end.
 */
import { errors } from './errors';
import type { SimRequest, SimResponse } from './http';
import { emptyResponse, jsonResponse } from './http';
import { idKey, networkResourceId, normalizeLocation } from './ids';
import type { JsonObject } from './json';
import { arrayAt, isJsonObject, objectAt, omitKeys, stringAt } from './json';
import type { PlannedFailure, PreparedWrite, ResourceKind } from './kinds/kind';
import { kindByPathTypes, kindOf } from './kinds';
import type { OperationFailure, SimOperation } from './operations';
import { asyncOperationUrl, operationResultUrl } from './operations';
import { renderResource } from './render';
import type { Simulation } from './simulation';
import type { ResourceGroupRecord, StoredResource } from './store';
import { requireObjectItems, sameName } from './validation';

export interface NetworkRequestPath {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly segments: readonly { readonly type: string; readonly name: string }[];
  /** Set for a list: the trailing type, as in `…/expressRouteCircuits/c1/peerings`. */
  readonly collectionType: string | undefined;
}

interface Target {
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

export function handleNetworkRequest(sim: Simulation, request: SimRequest, path: NetworkRequestPath): SimResponse {
  const apiVersion = request.query.get('api-version') ?? '';
  const types = [
    ...path.segments.map((segment) => segment.type),
    ...(path.collectionType ? [path.collectionType] : []),
  ];
  const kind = kindByPathTypes(types);
  if (!kind) throw errors.invalidResourceType(types.join('/'), apiVersion);
  const group = sim.store.resourceGroup(path.subscriptionId, path.resourceGroup);
  if (!group) throw errors.resourceGroupNotFound(path.resourceGroup);

  if (path.collectionType !== undefined) {
    if (request.method !== 'GET') throw errors.methodNotAllowed(request.method);
    return list(sim, kind, group, path);
  }
  const target = resolveTarget(sim, kind, group, path);
  switch (request.method) {
    case 'GET':
      return get(sim, target);
    case 'PUT':
      return put(sim, request, target);
    case 'DELETE':
      return remove(sim, request, target);
    case 'PATCH':
      return patchTags(sim, request, target);
    default:
      throw errors.methodNotAllowed(request.method);
  }
}

/** `GET /subscriptions/{s}/providers/Microsoft.Network/{type}`: every top-level resource of a type in a subscription. */
export function listInSubscription(
  sim: Simulation,
  subscriptionId: string,
  type: string,
  apiVersion: string,
): SimResponse {
  const kind = kindByPathTypes([type]);
  if (!kind) throw errors.invalidResourceType(type, apiVersion);
  const value = sim.store
    .inSubscription(subscriptionId)
    .filter((resource) => resource.kind === kind.name)
    .map((resource) => renderResource(sim, resource));
  return jsonResponse(200, { value });
}

function resolveTarget(
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

function typeAndName(target: Target): string {
  const path = target.id.split(/\/providers\/Microsoft\.Network\//i)[1] ?? target.name;
  return `Microsoft.Network/${path}`;
}

function get(sim: Simulation, target: Target): SimResponse {
  if (target.missingParent !== undefined) throw errors.parentNotFound(target.missingParent);
  const resource = sim.store.get(target.key);
  if (!resource) throw errors.resourceNotFound(typeAndName(target), target.group.name);
  return jsonResponse(200, renderResource(sim, resource));
}

function list(sim: Simulation, kind: ResourceKind, group: ResourceGroupRecord, path: NetworkRequestPath): SimResponse {
  if (path.segments.length === 0) {
    const value = sim.store
      .inResourceGroup(group.subscriptionId, group.name)
      .filter((resource) => resource.kind === kind.name)
      .map((resource) => renderResource(sim, resource));
    return jsonResponse(200, { value });
  }
  const parentPath: NetworkRequestPath = { ...path, collectionType: undefined };
  const parentKind = kindByPathTypes(path.segments.map((segment) => segment.type));
  if (!parentKind) throw errors.invalidResourceType(kind.type, '');
  const parentTarget = resolveTarget(sim, parentKind, group, parentPath);
  if (parentTarget.missingParent !== undefined) throw errors.parentNotFound(parentTarget.missingParent);
  const parent = sim.store.get(parentTarget.key);
  if (!parent) throw errors.parentNotFound(parentTarget.name);
  const value = sim.store.children(parent.key, kind.name).map((child) => renderResource(sim, child));
  return jsonResponse(200, { value });
}

function requireBody(request: SimRequest): JsonObject {
  if (request.bodyError !== undefined) throw errors.invalidJson(request.bodyError);
  if (!isJsonObject(request.body)) throw errors.invalidJson('the request body must be a JSON object');
  return request.body;
}

function tagsOf(body: JsonObject): Record<string, string> | undefined {
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

/** The request's properties minus what ARM computes and the inline child collections (handled separately). */
function incomingProperties(kind: ResourceKind, body: JsonObject): JsonObject {
  const properties = objectAt(body, 'properties') ?? {};
  return omitKeys(properties, ['provisioningState', ...kind.readOnly, ...kind.children.map((c) => c.property)]);
}

function guardLock(sim: Simulation, request: SimRequest, target: Target, verb: 'Put' | 'Delete' | 'Patch'): void {
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

function resolveLocation(body: JsonObject, existing: StoredResource | undefined, target: Target): string | undefined {
  if (!target.kind.topLevel) return undefined;
  const requested = stringAt(body, 'location');
  if (requested === undefined || requested === '') {
    if (existing?.location === undefined) throw errors.locationRequired();
    return existing.location;
  }
  const location = normalizeLocation(requested);
  if (existing?.location !== undefined && existing.location !== location) {
    throw errors.locationChanged(existing.name, existing.location, location, target.group.name);
  }
  return location;
}

function newRecord(
  sim: Simulation,
  kind: ResourceKind,
  fields: {
    id: string;
    name: string;
    group: ResourceGroupRecord;
    parent: StoredResource | undefined;
    existing: StoredResource | undefined;
    location: string | undefined;
    tags: Record<string, string> | undefined;
    prepared: PreparedWrite;
  },
): StoredResource {
  const { existing, prepared } = fields;
  return {
    key: idKey(fields.id),
    id: existing?.id ?? fields.id,
    kind: kind.name,
    type: kind.type,
    name: existing?.name ?? fields.name,
    subscriptionId: fields.group.subscriptionId,
    resourceGroup: fields.group.name,
    parentKey: fields.parent?.key,
    location: fields.location,
    tags: fields.tags,
    sku: prepared.sku,
    etag: sim.newEtag(),
    properties: { ...prepared.properties, provisioningState: 'Updating' },
    internal: { ...existing?.internal, ...prepared.internal },
    createdAt: existing?.createdAt ?? sim.now(),
  };
}

interface ChildWrite {
  readonly record: StoredResource;
  readonly existing: StoredResource | undefined;
  readonly prepared: PreparedWrite;
}

interface ChildrenPlan {
  readonly writes: ChildWrite[];
  readonly removals: StoredResource[];
}

/** Validates a parent PUT's inline children against the parent as it will be; nothing is stored yet. */
function planChildren(
  sim: Simulation,
  kind: ResourceKind,
  parent: StoredResource,
  existingParent: StoredResource | undefined,
  body: JsonObject,
  group: ResourceGroupRecord,
): ChildrenPlan {
  const plan: ChildrenPlan = { writes: [], removals: [] };
  const bodyProperties = objectAt(body, 'properties');
  for (const collection of kind.children) {
    const childKind = kindOf(collection.kind);
    const path = `properties.${collection.property}`;
    const items = requireObjectItems(arrayAt(bodyProperties, collection.property) ?? [], path);
    const desired = items.map((item, index) => {
      const name = stringAt(item, 'name');
      if (name === undefined || name === '') throw errors.invalidRequestFormat(`${path}[${index}].name`, 'is required');
      return { name, item, properties: incomingProperties(childKind, item) };
    });
    desired.forEach((child, index) => {
      if (desired.findIndex((other) => sameName(other.name, child.name)) !== index) {
        throw errors.invalidRequestFormat(`${path}[${index}].name`, `'${child.name}' appears more than once`);
      }
      const childType = childKind.pathTypes[childKind.pathTypes.length - 1] ?? '';
      const id = `${parent.id}/${childType}/${child.name}`;
      const existing = sim.store.get(id);
      const prepared = childKind.prepare({
        sim,
        id,
        name: child.name,
        subscriptionId: group.subscriptionId,
        resourceGroup: group.name,
        existing,
        parent,
        location: undefined,
        body: child.item,
        properties: child.properties,
        siblings: desired.filter((other) => other !== child).map(({ name, properties }) => ({ name, properties })),
      });
      const record = newRecord(sim, childKind, {
        id,
        name: child.name,
        group,
        parent,
        existing,
        location: undefined,
        tags: undefined,
        prepared,
      });
      plan.writes.push({ record, existing, prepared });
    });
    if (existingParent) {
      for (const child of sim.store.children(existingParent.key, childKind.name)) {
        if (desired.some((wanted) => sameName(wanted.name, child.name))) continue;
        childKind.checkDelete?.(sim, child);
        plan.removals.push(child);
      }
    }
  }
  return plan;
}

/** Stores `record`: into `existing` when there is one (so pending events keep their reference), else as new. */
function store(sim: Simulation, record: StoredResource, existing: StoredResource | undefined): StoredResource {
  if (!existing) {
    sim.store.put(record);
    return record;
  }
  existing.location = record.location;
  existing.tags = record.tags;
  existing.sku = record.sku;
  existing.etag = record.etag;
  existing.properties = record.properties;
  existing.internal = record.internal;
  return existing;
}

function removeWithDescendants(sim: Simulation, resource: StoredResource): void {
  for (const descendant of sim.store.descendants(resource.key)) sim.store.remove(descendant.key);
  sim.store.remove(resource.key);
}

function settleState(sim: Simulation, resources: readonly StoredResource[], state: string): void {
  for (const resource of resources) {
    if (sim.store.get(resource.key) !== resource) continue;
    resource.properties.provisioningState = state;
    sim.touch(resource);
  }
}

function operationFailure(
  sim: Simulation,
  failure: PlannedFailure,
  resources: readonly StoredResource[],
): OperationFailure {
  const [resource] = resources;
  return {
    error: { code: failure.code, message: failure.message },
    httpStatus: failure.httpStatus ?? 400,
    apply: () => {
      settleState(sim, resources, 'Failed');
      if (resource && failure.apply) failure.apply(resource);
    },
  };
}

function put(sim: Simulation, request: SimRequest, target: Target): SimResponse {
  if (target.missingParent !== undefined) throw errors.parentNotFound(target.missingParent);
  const body = requireBody(request);
  guardLock(sim, request, target, 'Put');
  const { kind, group, parent } = target;
  const existing = sim.store.get(target.key);
  const location = resolveLocation(body, existing, target);
  const tags = kind.topLevel ? tagsOf(body) : undefined;
  const siblings = parent
    ? sim.store
        .children(parent.key, kind.name)
        .filter((child) => child.key !== target.key)
        .map((child) => ({ name: child.name, properties: child.properties }))
    : [];
  const prepared = kind.prepare({
    sim,
    id: target.id,
    name: target.name,
    subscriptionId: group.subscriptionId,
    resourceGroup: group.name,
    existing,
    parent,
    location,
    body,
    properties: incomingProperties(kind, body),
    siblings,
  });
  const candidate = newRecord(sim, kind, {
    id: target.id,
    name: target.name,
    group,
    parent,
    existing,
    location,
    tags,
    prepared,
  });
  const children = planChildren(sim, kind, candidate, existing, body, group);

  const resource = store(sim, candidate, existing);
  const childRecords = children.writes.map((write) => store(sim, write.record, write.existing));
  for (const removed of children.removals) removeWithDescendants(sim, removed);
  sim.touch(resource);
  prepared.afterStore?.(resource);
  children.writes.forEach((write, index) => {
    const record = childRecords[index];
    if (record) write.prepared.afterStore?.(record);
  });

  const written = [resource, ...childRecords];
  const operation = startOperation(sim, request, target, 'PUT', kind.duration, {
    onSucceeded: () => {
      settleState(sim, written, 'Succeeded');
    },
    failure: prepared.failure ? operationFailure(sim, prepared.failure, written) : undefined,
  });
  return jsonResponse(existing ? 200 : 201, renderResource(sim, resource), {
    'Azure-AsyncOperation': asyncOperationUrl(request.origin, operation),
    'Retry-After': String(sim.retryAfterFor(operation.completesAt - sim.now())),
  });
}

function remove(sim: Simulation, request: SimRequest, target: Target): SimResponse {
  if (target.missingParent !== undefined) return emptyResponse(204);
  const existing = sim.store.get(target.key);
  if (!existing) return emptyResponse(204);
  guardLock(sim, request, target, 'Delete');
  const failure = target.kind.checkDelete?.(sim, existing);
  existing.properties.provisioningState = 'Deleting';
  sim.touch(existing);
  const operation = startOperation(sim, request, target, 'DELETE', target.kind.deleteDuration, {
    onSucceeded: () => {
      const parent = existing.parentKey === undefined ? undefined : sim.store.get(existing.parentKey);
      removeWithDescendants(sim, existing);
      if (parent) sim.touch(parent);
    },
    failure: failure ? operationFailure(sim, failure, [existing]) : undefined,
  });
  return emptyResponse(202, {
    Location: operationResultUrl(request.origin, operation),
    'Azure-AsyncOperation': asyncOperationUrl(request.origin, operation),
    'Retry-After': String(sim.retryAfterFor(operation.completesAt - sim.now())),
  });
}

function patchTags(sim: Simulation, request: SimRequest, target: Target): SimResponse {
  if (!target.kind.topLevel) throw errors.methodNotAllowed('PATCH');
  const body = requireBody(request);
  const resource = sim.store.get(target.key);
  if (!resource) throw errors.resourceNotFound(typeAndName(target), target.group.name);
  guardLock(sim, request, target, 'Patch');
  resource.tags = tagsOf(body);
  sim.touch(resource);
  return jsonResponse(200, renderResource(sim, resource));
}

function startOperation(
  sim: Simulation,
  request: SimRequest,
  target: Target,
  method: 'PUT' | 'DELETE',
  durationKey: ResourceKind['duration'],
  outcome: { onSucceeded: () => void; failure: OperationFailure | undefined },
): SimOperation {
  const verb = method === 'PUT' ? 'Put' : 'Delete';
  return sim.operations.start({
    id: sim.newGuid(),
    name: `${verb}${target.kind.operationNoun}Operation`,
    method,
    subscriptionId: target.group.subscriptionId,
    location: target.location,
    resourceId: target.id,
    lockKey: target.lockKey,
    apiVersion: request.query.get('api-version') ?? '',
    startedAt: sim.now(),
    durationMs: sim.duration(durationKey),
    onSucceeded: outcome.onSucceeded,
    ...(outcome.failure ? { failure: outcome.failure } : {}),
  });
}
