/**
 * PUT of a Network resource: validated first (a refusal changes nothing), then stored at once with provisioningState
 * `Updating` and answered 201 (create) or 200 (update) with `Azure-AsyncOperation` and `Retry-After`; the operation
 * turns it `Succeeded` when its duration has passed. A parent PUT replaces its inline children: children it leaves
 * out (or an empty array, or an absent property) are deleted, exactly the hazard ARM has.
 */
import { errors } from './errors';
import type { SimRequest, SimResponse } from './http';
import { jsonResponse } from './http';
import { idKey, normalizeLocation } from './ids';
import type { JsonObject } from './json';
import { arrayAt, objectAt, omitKeys, stringAt } from './json';
import type { PreparedWrite, ResourceKind } from './kinds/kind';
import { kindOf } from './kinds';
import { asyncOperationUrl } from './operations';
import { renderResource } from './render';
import type { Simulation } from './simulation';
import type { ResourceGroupRecord, StoredResource } from './store';
import type { Target } from './target';
import { guardLock, requireBody, tagsOf } from './target';
import { requireObjectItems, sameName } from './validation';
import { operationFailure, removeWithDescendants, settleState, startOperation } from './writeOperations';

/** The request's properties minus what ARM computes and the inline child collections (handled separately). */
function incomingProperties(kind: ResourceKind, body: JsonObject): JsonObject {
  const properties = objectAt(body, 'properties') ?? {};
  return omitKeys(properties, ['provisioningState', ...kind.readOnly, ...kind.children.map((c) => c.property)]);
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

export function putResource(sim: Simulation, request: SimRequest, target: Target): SimResponse {
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
      prepared.afterSucceeded?.(resource);
      children.writes.forEach((write, index) => {
        const record = childRecords[index];
        if (record) write.prepared.afterSucceeded?.(record);
      });
    },
    failure: prepared.failure ? operationFailure(sim, prepared.failure, written) : undefined,
  });
  return jsonResponse(existing ? 200 : 201, renderResource(sim, resource), {
    'Azure-AsyncOperation': asyncOperationUrl(request.origin, operation),
    'Retry-After': String(sim.retryAfterFor(operation.completesAt - sim.now())),
  });
}
