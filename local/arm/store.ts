/**
 * Everything the simulated ARM holds. Child resources (peerings, routes, rules, subnets…) are records of their own,
 * linked to their parent; a parent's GET renders them inline, and a parent's PUT reconciles them, as ARM does.
 */
import { idKey } from './ids';
import type { JsonObject } from './json';

export type KindName =
  | 'expressRouteCircuit'
  | 'peering'
  | 'authorization'
  | 'routeFilter'
  | 'routeFilterRule'
  | 'virtualNetwork'
  | 'subnet'
  | 'virtualNetworkGateway'
  | 'connection'
  | 'routeTable'
  | 'route'
  | 'networkSecurityGroup'
  | 'securityRule'
  | 'localNetworkGateway';

/** Simulator-only facts about a resource, never rendered. */
export interface InternalState {
  /** Connection: the authorization it redeemed (its id and the key it had, so a re-created one is not confused). */
  redeemedAuthorization?: { readonly id: string; readonly key: string } | undefined;
  /** Circuit: bumped whenever the provider's plan changes, so stale automatic transitions are ignored. */
  providerGeneration?: number;
  /** Circuit: which Microsoft edge router pair at its peering location it landed on. */
  routerPair?: number;
  /**
   * Circuit: its creation operation has succeeded. Until then Azure shows `circuitProvisioningState: Disabled` and
   * the all-zeros placeholder instead of the service key (and no `stag`).
   */
  creationSucceeded?: boolean;
  /** IPsec connection: its shared key (Azure never renders it in a GET). */
  sharedKey?: string;
}

export interface StoredResource {
  readonly key: string;
  readonly id: string;
  readonly kind: KindName;
  readonly type: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly parentKey: string | undefined;
  location: string | undefined;
  tags: Record<string, string> | undefined;
  sku: JsonObject | undefined;
  etag: string;
  /** What ARM holds: the accepted request properties plus service-set fields (provisioningState, serviceKey…). */
  properties: JsonObject;
  internal: InternalState;
  readonly createdAt: number;
}

export interface ResourceGroupRecord {
  readonly key: string;
  readonly id: string;
  readonly subscriptionId: string;
  readonly name: string;
  location: string;
  tags: Record<string, string> | undefined;
}

export class ResourceStore {
  private readonly resources = new Map<string, StoredResource>();
  private readonly groups = new Map<string, ResourceGroupRecord>();
  /** The same records by subscription (lower case): Resource Graph reads a few subscriptions of a large store. */
  private readonly bySubscription = new Map<string, Map<string, StoredResource>>();

  get(id: string): StoredResource | undefined {
    return this.resources.get(idKey(id));
  }

  put(resource: StoredResource): void {
    this.resources.set(resource.key, resource);
    const subscription = resource.subscriptionId.toLowerCase();
    let records = this.bySubscription.get(subscription);
    if (records === undefined) {
      records = new Map();
      this.bySubscription.set(subscription, records);
    }
    records.set(resource.key, resource);
  }

  remove(id: string): void {
    const key = idKey(id);
    const resource = this.resources.get(key);
    this.resources.delete(key);
    if (resource !== undefined) this.bySubscription.get(resource.subscriptionId.toLowerCase())?.delete(key);
  }

  /** Every record of one subscription (any case), in insertion order. */
  ofSubscription(subscriptionId: string): StoredResource[] {
    return [...(this.bySubscription.get(subscriptionId.toLowerCase())?.values() ?? [])];
  }

  all(): StoredResource[] {
    return [...this.resources.values()];
  }

  ofKind(kind: KindName): StoredResource[] {
    return this.all().filter((resource) => resource.kind === kind);
  }

  children(parentId: string, kind?: KindName): StoredResource[] {
    const parentKey = idKey(parentId);
    return this.all().filter((r) => r.parentKey === parentKey && (kind === undefined || r.kind === kind));
  }

  /** The resource's children, grandchildren…, deepest first (the order in which they can be removed). */
  descendants(id: string): StoredResource[] {
    const direct = this.children(id);
    return direct.flatMap((child) => [...this.descendants(child.key), child]);
  }

  inResourceGroup(subscriptionId: string, resourceGroup: string): StoredResource[] {
    return this.all().filter(
      (r) =>
        r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
        r.resourceGroup.toLowerCase() === resourceGroup.toLowerCase(),
    );
  }

  inSubscription(subscriptionId: string): StoredResource[] {
    return this.all().filter((r) => r.subscriptionId.toLowerCase() === subscriptionId.toLowerCase());
  }

  resourceGroup(subscriptionId: string, name: string): ResourceGroupRecord | undefined {
    return this.groups.get(idKey(`/subscriptions/${subscriptionId}/resourceGroups/${name}`));
  }

  resourceGroups(subscriptionId?: string): ResourceGroupRecord[] {
    return [...this.groups.values()].filter(
      (group) => subscriptionId === undefined || group.subscriptionId.toLowerCase() === subscriptionId.toLowerCase(),
    );
  }

  putResourceGroup(group: ResourceGroupRecord): void {
    this.groups.set(group.key, group);
  }

  removeResourceGroup(group: ResourceGroupRecord): void {
    for (const resource of this.inResourceGroup(group.subscriptionId, group.name)) this.remove(resource.key);
    this.groups.delete(group.key);
  }
}
