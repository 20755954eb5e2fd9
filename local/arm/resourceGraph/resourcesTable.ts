/**
 * The Resource Graph `resources` table over the simulator's store: one row per top-level resource, shaped as
 * Resource Graph shows it (`id, name, type, tenantId, kind, location, resourceGroup, subscriptionId, managedBy, sku,
 * plan, properties, tags, identity, zones, extendedLocation`; `type`, `resourceGroup` and `location` in lower case),
 * with inline child collections (a circuit's peerings and authorizations, a table's routes, an NSG's rules, a
 * VNet's subnets) as a GET renders them.
 *
 * Resource Graph is an index, not a read of ARM: rows are rebuilt only when a resource's etag (which a child's change
 * also moves) or the etags it depends on change, so a fleet of 100,000 resources is rendered once, not once per
 * query. Connection status and authorization use are computed from indexes built per table, not by scanning the
 * store per row.
 */
import type { Json, JsonObject } from '../json';
import { omitKeys, stringAt } from '../json';
import { idKey } from '../ids';
import { kindOf } from '../kinds';
import { provisioningStateOf } from '../kinds/references';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';

interface CachedRow {
  readonly version: string;
  readonly row: JsonObject;
}

export class ResourcesTable {
  private readonly cache = new Map<string, CachedRow>();

  constructor(
    private readonly sim: Simulation,
    private readonly tenantOf: (subscriptionId: string) => string | undefined,
  ) {}

  /** The rows of these subscriptions (lower case), subscription by subscription in store order. */
  rows(subscriptions: ReadonlySet<string>): JsonObject[] {
    // Only the listed subscriptions' records are indexed; a reference outside them is looked up in the store.
    const all = [...subscriptions].flatMap((subscriptionId) => this.sim.store.ofSubscription(subscriptionId));
    const index = new StoreIndex(
      all,
      (id) => this.sim.store.get(id),
      (parent) =>
        this.sim.store.ofSubscription(parent.subscriptionId).filter((record) => record.parentKey === parent.key),
      () => this.sim.store.ofKind('connection'),
    );
    const rows: JsonObject[] = [];
    for (const resource of all) {
      if (resource.parentKey !== undefined) continue;
      const version = this.versionOf(resource, index);
      const cached = this.cache.get(resource.key);
      if (cached?.version === version) {
        rows.push(cached.row);
        continue;
      }
      const row = this.render(resource, index);
      this.cache.set(resource.key, { version, row });
      rows.push(row);
    }
    return rows;
  }

  private versionOf(resource: StoredResource, index: StoreIndex): string {
    if (resource.kind !== 'connection') return resource.etag;
    const gateway = index.get(referenceId(resource.properties, 'virtualNetworkGateway1'));
    const circuit = index.get(referenceId(resource.properties, 'peer'));
    return `${resource.etag}|${gateway?.etag ?? '-'}|${circuit?.etag ?? '-'}`;
  }

  private render(resource: StoredResource, index: StoreIndex): JsonObject {
    const properties = this.renderProperties(resource, index);
    return {
      id: resource.id,
      name: resource.name,
      type: resource.type.toLowerCase(),
      tenantId: this.tenantOf(resource.subscriptionId) ?? '',
      kind: '',
      location: (resource.location ?? '').toLowerCase(),
      resourceGroup: resource.resourceGroup.toLowerCase(),
      subscriptionId: resource.subscriptionId,
      managedBy: '',
      sku: resource.sku ?? null,
      plan: null,
      properties,
      tags: resource.tags === undefined ? {} : { ...resource.tags },
      identity: null,
      zones: null,
      extendedLocation: null,
    };
  }

  private renderProperties(resource: StoredResource, index: StoreIndex): JsonObject {
    const kind = kindOf(resource.kind);
    const properties: JsonObject = {
      provisioningState: resource.properties.provisioningState ?? 'Succeeded',
      ...omitKeys(resource.properties, ['provisioningState']),
    };
    for (const collection of kind.children) {
      properties[collection.property] = index.childrenOf(resource, collection.kind).map((child) => ({
        name: child.name,
        id: child.id,
        etag: child.etag,
        type: child.type,
        properties: this.renderProperties(child, index),
      }));
    }
    switch (resource.kind) {
      // These compute what they show from their own record and parent only: cheap, and exactly as a GET shows it.
      case 'expressRouteCircuit':
      case 'peering':
        return kind.present ? kind.present(this.sim, resource, properties) : properties;
      case 'authorization': {
        const connection = index.connectionRedeeming(resource);
        return connection
          ? { ...properties, authorizationUseStatus: 'InUse', connectionResourceUri: connection.id }
          : { ...properties, authorizationUseStatus: 'Available' };
      }
      case 'connection':
        return { ...properties, connectionStatus: connectionStatus(resource, index) };
      default:
        return properties;
    }
  }
}

function referenceId(properties: JsonObject, key: string): string | undefined {
  const value = properties[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? stringAt(value, 'id') : undefined;
}

/** As the connection kind computes it (kinds/connection.ts), from indexes. */
function connectionStatus(connection: StoredResource, index: StoreIndex): string {
  if (provisioningStateOf(connection) !== 'Succeeded') return 'Connecting';
  const gateway = index.get(referenceId(connection.properties, 'virtualNetworkGateway1'));
  const circuit = index.get(referenceId(connection.properties, 'peer'));
  const peering = circuit
    ? index
        .childrenOf(circuit, 'peering')
        .find((child) => stringAt(child.properties, 'peeringType') === 'AzurePrivatePeering')
    : undefined;
  const redeemed = connection.internal.redeemedAuthorization;
  const authorizationHolds =
    redeemed === undefined || index.get(redeemed.id)?.properties.authorizationKey === redeemed.key;
  const up =
    gateway !== undefined &&
    provisioningStateOf(gateway) === 'Succeeded' &&
    circuit !== undefined &&
    stringAt(circuit.properties, 'serviceProviderProvisioningState') === 'Provisioned' &&
    peering !== undefined &&
    (stringAt(peering.properties, 'state') ?? '').toLowerCase() === 'enabled' &&
    authorizationHolds;
  return up ? 'Connected' : 'NotConnected';
}

class StoreIndex {
  private readonly byKey = new Map<string, StoredResource>();
  private readonly children = new Map<string, StoredResource[]>();
  private readonly redeemers = new Map<string, StoredResource>();
  private allRedeemers: Map<string, StoredResource> | undefined;

  constructor(
    all: readonly StoredResource[],
    private readonly fallback: (id: string) => StoredResource | undefined,
    /** Children of a parent outside the indexed subscriptions (a connection's circuit in the CSP's subscription). */
    private readonly fallbackChildren: (parent: StoredResource) => StoredResource[],
    /** Every connection of the store (for authorizations redeemed from other subscriptions). */
    private readonly allConnections: () => StoredResource[],
  ) {
    for (const resource of all) {
      this.byKey.set(resource.key, resource);
      if (resource.parentKey !== undefined) {
        const siblings = this.children.get(resource.parentKey);
        if (siblings) siblings.push(resource);
        else this.children.set(resource.parentKey, [resource]);
      }
      const redeemed = resource.internal.redeemedAuthorization;
      if (resource.kind === 'connection' && redeemed !== undefined) {
        this.redeemers.set(idKey(redeemed.id), resource);
      }
    }
  }

  get(id: string | undefined): StoredResource | undefined {
    return id === undefined ? undefined : (this.byKey.get(idKey(id)) ?? this.fallback(id));
  }

  childrenOf(parent: StoredResource, kind: StoredResource['kind']): StoredResource[] {
    const children = this.byKey.has(parent.key) ? this.children.get(parent.key) : this.fallbackChildren(parent);
    return (children ?? []).filter((child) => child.kind === kind);
  }

  connectionRedeeming(authorization: StoredResource): StoredResource | undefined {
    // The connection that redeemed an authorization is usually in another subscription (the customer's): look at
    // every connection once per table when the indexed ones do not have it.
    this.allRedeemers ??= new Map(
      this.allConnections()
        .filter((connection) => connection.internal.redeemedAuthorization !== undefined)
        .map((connection) => [idKey(connection.internal.redeemedAuthorization?.id ?? ''), connection]),
    );
    const connection = this.redeemers.get(authorization.key) ?? this.allRedeemers.get(authorization.key);
    const key: Json | undefined = authorization.properties.authorizationKey;
    return connection?.internal.redeemedAuthorization?.key === key ? connection : undefined;
  }
}
