/**
 * The generic Network resource handling: routes GET, PUT, DELETE and PATCH (tags) of every kind and lists, to the
 * handlers; what differs per type is in `kinds/`. See putResource.ts and deleteResource.ts for the write protocol.
 */
import { applyArrangedRefusal } from './arrangedRefusals';
import { handleNetworkAction } from './circuitActions';
import { deleteResource } from './deleteResource';
import { errors } from './errors';
import type { SimRequest, SimResponse } from './http';
import { jsonResponse } from './http';
import type { ResourceKind } from './kinds/kind';
import { kindByPathTypes } from './kinds';
import { putResource } from './putResource';
import { renderResource } from './render';
import type { Simulation } from './simulation';
import type { ResourceGroupRecord } from './store';
import type { NetworkRequestPath, Target } from './target';
import { guardLock, requireBody, resolveTarget, tagsOf, typeAndName } from './target';

export type { NetworkRequestPath } from './target';

export function handleNetworkRequest(sim: Simulation, request: SimRequest, path: NetworkRequestPath): SimResponse {
  const apiVersion = request.query.get('api-version') ?? '';
  const types = [
    ...path.segments.map((segment) => segment.type),
    ...(path.collectionType ? [path.collectionType] : []),
  ];
  if (request.method === 'POST') return handleNetworkAction(sim, path);
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
      applyArrangedRefusal(sim, target.id);
      return putResource(sim, request, target);
    case 'DELETE':
      return deleteResource(sim, request, target);
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

function get(sim: Simulation, target: Target): SimResponse {
  if (target.missingParent !== undefined) throw errors.parentNotFound(target.missingParent);
  const resource = sim.store.get(target.key);
  if (!resource) {
    // ARM itself answers for a missing top-level resource; for a child, the Network provider does (recorded).
    if (!target.kind.topLevel) throw errors.childNotFound(target.id);
    throw errors.resourceNotFound(typeAndName(target), target.group.name);
  }
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
