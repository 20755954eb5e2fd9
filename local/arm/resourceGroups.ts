/**
 * Resource groups (Microsoft.Resources): PUT and GET are synchronous, DELETE is a long-running operation that takes
 * everything in the group with it. A Network resource PUT into a group that does not exist gets 404
 * ResourceGroupNotFound, as in ARM: nothing creates groups implicitly.
 */
import { ArmError } from './armError';
import { errors } from './errors';
import type { SimRequest, SimResponse } from './http';
import { emptyResponse, jsonResponse } from './http';
import { idKey, normalizeLocation, resourceGroupId } from './ids';
import type { JsonObject } from './json';
import { isJsonObject, stringAt } from './json';
import { asyncOperationUrl, operationResultUrl } from './operations';
import { renderResourceGroup } from './render';
import type { Simulation } from './simulation';
import type { ResourceGroupRecord } from './store';

export function upsertResourceGroup(
  sim: Simulation,
  subscriptionId: string,
  name: string,
  location: string,
  tags: Record<string, string> | undefined,
): { group: ResourceGroupRecord; created: boolean } {
  const existing = sim.store.resourceGroup(subscriptionId, name);
  const normalized = normalizeLocation(location);
  if (existing) {
    if (existing.location !== normalized) {
      throw new ArmError(
        409,
        'InvalidResourceGroupLocation',
        `Invalid resource group location '${normalized}'. The Resource group already exists in location '${existing.location}'.`,
      );
    }
    existing.tags = tags;
    return { group: existing, created: false };
  }
  const id = resourceGroupId(subscriptionId, name);
  const group: ResourceGroupRecord = { key: idKey(id), id, subscriptionId, name, location: normalized, tags };
  sim.store.putResourceGroup(group);
  return { group, created: true };
}

function tagsOf(body: JsonObject): Record<string, string> | undefined {
  const tags = body.tags;
  if (!isJsonObject(tags)) return undefined;
  return Object.fromEntries(Object.entries(tags).map(([key, value]) => [key, typeof value === 'string' ? value : '']));
}

export function handleResourceGroupRequest(
  sim: Simulation,
  request: SimRequest,
  subscriptionId: string,
  name: string,
): SimResponse {
  const group = sim.store.resourceGroup(subscriptionId, name);
  switch (request.method) {
    case 'GET':
      if (!group) throw errors.resourceGroupNotFound(name);
      return jsonResponse(200, renderResourceGroup(group));
    case 'HEAD':
      return emptyResponse(group ? 204 : 404);
    case 'PUT': {
      if (request.bodyError !== undefined) throw errors.invalidJson(request.bodyError);
      const body = isJsonObject(request.body) ? request.body : {};
      const location = stringAt(body, 'location');
      if (location === undefined || location === '') throw errors.locationRequired();
      const result = upsertResourceGroup(sim, subscriptionId, name, location, tagsOf(body));
      return jsonResponse(result.created ? 201 : 200, renderResourceGroup(result.group));
    }
    case 'DELETE':
      if (!group) throw errors.resourceGroupNotFound(name);
      return deleteResourceGroup(sim, request, group);
    default:
      throw errors.methodNotAllowed(request.method);
  }
}

function deleteResourceGroup(sim: Simulation, request: SimRequest, group: ResourceGroupRecord): SimResponse {
  const operation = sim.operations.start({
    id: sim.newGuid(),
    name: 'DeleteResourceGroupOperation',
    method: 'DELETE',
    subscriptionId: group.subscriptionId,
    location: group.location,
    resourceId: group.id,
    lockKey: group.key,
    apiVersion: request.query.get('api-version') ?? '',
    startedAt: sim.now(),
    durationMs: sim.duration('resourceGroupDelete'),
    onSucceeded: () => {
      sim.store.removeResourceGroup(group);
    },
  });
  return emptyResponse(202, {
    Location: operationResultUrl(request.origin, operation),
    'Azure-AsyncOperation': asyncOperationUrl(request.origin, operation),
    'Retry-After': String(sim.retryAfterFor(operation.completesAt - sim.now())),
  });
}

export function listResourceGroups(sim: Simulation, subscriptionId: string): SimResponse {
  return jsonResponse(200, { value: sim.store.resourceGroups(subscriptionId).map(renderResourceGroup) });
}
