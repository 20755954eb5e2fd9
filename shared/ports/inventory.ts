/**
 * The fleet's inventory as Azure Resource Graph indexes it: what the compliance sweeps (and fleet views) read instead
 * of GETting every resource of every subscription. Implemented by `shared/adapters/resourcegraph` (the only code that
 * imports `@azure/arm-resourcegraph`); tests run it against the ARM simulator's Resource Graph.
 *
 * Resource Graph is eventually consistent (seconds to minutes): act on nothing it says without a direct ARM read.
 * Rows carry no secrets: authorization keys are dropped in the adapter, and shared keys are never projected.
 */
import type { ObservedResource } from '../domain/findingsDiff';
import type { ArmId } from '../domain/intents';

/** Resource types the inventory reads (lower case, as Resource Graph reports them). */
export const InventoryTypes = {
  circuit: 'microsoft.network/expressroutecircuits',
  routeFilter: 'microsoft.network/routefilters',
  gateway: 'microsoft.network/virtualnetworkgateways',
  connection: 'microsoft.network/connections',
  routeTable: 'microsoft.network/routetables',
  nsg: 'microsoft.network/networksecuritygroups',
  virtualNetwork: 'microsoft.network/virtualnetworks',
  localNetworkGateway: 'microsoft.network/localnetworkgateways',
} as const;
export type InventoryType = (typeof InventoryTypes)[keyof typeof InventoryTypes];

/** One resource as the inventory projects it: identity, tags, SKU, and the properties the diff needs (no keys). */
export type InventoryResource = ObservedResource;

/** The subscriptions one credential reads: the tenant whose credential queries them. */
export interface InventoryScope {
  readonly tenantId: string;
  readonly subscriptionIds: readonly string[];
}

export interface InventoryFilter {
  /** Only these types (default: every InventoryType). */
  readonly types?: readonly InventoryType[];
  /**
   * Resources tagged for these customers (`csp-customer`), wherever they are, plus everything of the listed types in
   * the scopes' subscriptions that `includeUntagged` lets through.
   */
  readonly customerIds?: readonly string[];
  /**
   * With `customerIds`: subscriptions that are those customers' own, where every managed resource is kept whatever
   * its customer tag says (a tag changed by hand must not hide a resource from the diff).
   */
  readonly customerSubscriptionIds?: readonly string[];
  /**
   * Untagged resources of these types are kept too (default: circuits, VNets and gateways, which the diff needs
   * whoever made them); other types only when they carry the automation's `managed-by` tag.
   */
  readonly includeUntagged?: readonly InventoryType[];
  /** Only these resources (by ARM id). */
  readonly ids?: readonly ArmId[];
}

export interface InventoryPage {
  readonly resources: readonly InventoryResource[];
}

/** What an inventory read cost: Resource Graph queries (one per page) and rows read. */
export interface InventoryStatistics {
  readonly queries: number;
  readonly rows: number;
}

export interface InventoryPort {
  /**
   * Every resource matching the filter in the scopes' subscriptions, page by page (Resource Graph pages of up to 1,000
   * rows, following skip tokens), subscriptions batched per query. Ordered by id within one query.
   */
  resources(scopes: readonly InventoryScope[], filter?: InventoryFilter): AsyncIterable<InventoryPage>;
  /** The circuits with these ids (fleet-wide provider-state watchers, customer views). */
  circuitsByIds(scopes: readonly InventoryScope[], ids: readonly ArmId[]): Promise<readonly InventoryResource[]>;
  /** Everything tagged for one customer in the scopes (one query, paged): a customer view in one read. */
  resourcesOfCustomer(scopes: readonly InventoryScope[], customerId: string): Promise<readonly InventoryResource[]>;
  /** Totals since this inventory was built. */
  statistics(): InventoryStatistics;
}
