/**
 * Resources as ARM returns them: `{ name, id, etag, type, location, tags, properties, sku }` for top-level ones,
 * `{ name, id, etag, type, properties }` for children, with inline child collections and computed read-only
 * properties filled in at read time.
 */
import type { JsonObject } from './json';
import { omitKeys } from './json';
import { kindOf } from './kinds';
import type { Simulation } from './simulation';
import type { ResourceGroupRecord, StoredResource } from './store';

export function renderResource(sim: Simulation, resource: StoredResource): JsonObject {
  const kind = kindOf(resource.kind);
  let properties: JsonObject = {
    provisioningState: resource.properties.provisioningState ?? 'Succeeded',
    ...omitKeys(resource.properties, ['provisioningState']),
  };
  for (const collection of kind.children) {
    properties[collection.property] = sim.store
      .children(resource.key, collection.kind)
      .map((child) => renderResource(sim, child));
  }
  if (kind.present) properties = kind.present(sim, resource, properties);

  const rendered: JsonObject = { name: resource.name, id: resource.id, etag: resource.etag };
  if (kind.rendersType) rendered.type = resource.type;
  if (kind.topLevel) {
    rendered.location = resource.location ?? '';
    if (resource.tags !== undefined) rendered.tags = { ...resource.tags };
  }
  rendered.properties = properties;
  if (resource.sku !== undefined) rendered.sku = resource.sku;
  return rendered;
}

export function renderResourceGroup(group: ResourceGroupRecord): JsonObject {
  const rendered: JsonObject = {
    id: group.id,
    name: group.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: group.location,
  };
  if (group.tags !== undefined) rendered.tags = { ...group.tags };
  rendered.properties = { provisioningState: 'Succeeded' };
  return rendered;
}

/** A stored resource as the control API hands it out: ARM's rendering plus where it lives. */
export interface SimResource {
  readonly id: string;
  readonly type: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly etag?: string;
  readonly sku?: JsonObject;
  /** As a GET would show them, state fields and secrets (authorization keys) included. */
  readonly properties: JsonObject;
}

export function toSimResource(sim: Simulation, resource: StoredResource): SimResource {
  const rendered = renderResource(sim, resource);
  const properties = rendered.properties;
  return {
    id: resource.id,
    type: resource.type,
    name: resource.name,
    subscriptionId: resource.subscriptionId,
    resourceGroup: resource.resourceGroup,
    ...(resource.location === undefined ? {} : { location: resource.location }),
    ...(resource.tags === undefined ? {} : { tags: { ...resource.tags } }),
    etag: resource.etag,
    ...(resource.sku === undefined ? {} : { sku: resource.sku }),
    properties: typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? properties : {},
  };
}

export function resourceGroupToSimResource(group: ResourceGroupRecord): SimResource {
  return {
    id: group.id,
    type: 'Microsoft.Resources/resourceGroups',
    name: group.name,
    subscriptionId: group.subscriptionId,
    resourceGroup: group.name,
    location: group.location,
    ...(group.tags === undefined ? {} : { tags: { ...group.tags } }),
    properties: { provisioningState: 'Succeeded' },
  };
}
