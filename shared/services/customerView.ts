/**
 * The customer view (`GET /api/customers/{id}`) read from Azure Resource Graph, so that its cost does not grow with
 * the fleet: never a list of a shared subscription (the CSP's circuit subscription holds every customer's circuits).
 *
 * Reads per call, whatever the number of customers:
 * 1. one Resource Graph query per credential (one with Lighthouse, `delegated`; otherwise one for the CSP's tenant and
 *    one for the customer's) for everything tagged `csp-customer=<id>` and `managed-by=expressroute-csp` in the
 *    customer's subscriptions: circuits with their peerings and authorizations inline, route filters, gateways,
 *    connections, route tables, NSGs and the encryption's resources;
 * 2. one Resource Graph query, in the customer's own subscriptions, for the VNets the registry recorded (their
 *    subnets carry the route table and NSG associations) and the customer-brought gateways the connections use
 *    (untagged, shown with `managed: false`).
 * No ARM GET: Resource Graph carries the children inline.
 *
 * Resource Graph is eventually consistent (seconds to minutes behind ARM): this view may show a change a little late.
 * That is fine for a read-only view and only there. Whatever acts on what it finds (the decommission teardown plan,
 * the migration plan, what-if) confirms every resource with an ARM GET, and finds what the index has not caught up
 * with through the checkpoints that recorded it (`readCustomerResources`, customerTopology.ts): a delete plan must
 * not miss a resource.
 */
import { LEG_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../domain/intents';
import type { ArmId, ResourceKind, Tags } from '../domain/intents';
import { armIdKey, parseArmId } from '../domain/naming';
import type { CircuitSku } from '../domain/spec';
import type { CustomerRecord, CustomerRegistry } from '../ports/customers';
import type { InventoryPort, InventoryResource } from '../ports/inventory';
import { InventoryTypes } from '../ports/inventory';
import {
  inventoryScopes,
  KIND_ORDER,
  pairNameOfTags,
  withPairs,
  type CspFacts,
  type CustomerView,
  type ResourceStateView,
  type TopologyResourceView,
} from './customerTopology';
import { renderTopologyMermaid } from './mermaid';

export interface CustomerViewPorts {
  readonly customers: Pick<CustomerRegistry, 'get'>;
  readonly inventory: Pick<InventoryPort, 'resources' | 'resourcesOfCustomer'>;
  readonly csp: CspFacts;
  /** 'delegated' (Azure Lighthouse): the CSP's tenant reads every subscription, one query; default 'per-tenant'. */
  readonly resourceGraphScope?: 'per-tenant' | 'delegated';
}

/** The customer view: registry entry, resources with states, and the diagram; undefined for an unknown customer. */
export async function describeCustomer(
  customerId: string,
  ports: CustomerViewPorts,
): Promise<CustomerView | undefined> {
  const record = await ports.customers.get(customerId);
  if (record === undefined) return undefined;
  const resources = withPairs(await readCustomerView(record, ports));
  const { etag: _etag, ...customer } = record;
  return { customer, resources, mermaid: renderTopologyMermaid({ resources, vnetIds: record.vnetIds }) };
}

/** The view's resources, ordered by kind (KIND_ORDER), then id. */
export async function readCustomerView(
  record: CustomerRecord,
  ports: Pick<CustomerViewPorts, 'inventory' | 'csp' | 'resourceGraphScope'>,
): Promise<TopologyResourceView[]> {
  const tagged = await ports.inventory.resourcesOfCustomer(
    inventoryScopes(record, ports.csp, ports.resourceGraphScope),
    record.id,
  );
  const views = tagged.flatMap(viewsOfRow);
  const known = new Set(views.map((view) => armIdKey(view.id)));
  const customerGatewayIds = views.flatMap((view) =>
    view.kind === 'connection' && view.gatewayId !== undefined && !known.has(armIdKey(view.gatewayId))
      ? [view.gatewayId]
      : [],
  );
  const ids = [...new Set([...record.vnetIds, ...customerGatewayIds])];
  if (ids.length > 0) {
    const untagged: InventoryResource[] = [];
    const scopes = inventoryScopes(
      { ...record, circuitSubscriptionId: '', placements: {}, subscriptions: ids.map(subscriptionOf) },
      ports.csp,
      ports.resourceGraphScope,
    );
    for await (const page of ports.inventory.resources(scopes, {
      types: [InventoryTypes.virtualNetwork, InventoryTypes.gateway],
      includeUntagged: [InventoryTypes.virtualNetwork, InventoryTypes.gateway],
      ids,
    })) {
      untagged.push(...page.resources);
    }
    const tables = new Set(views.filter((v) => v.kind === 'routeTable' || v.kind === 'nsg').map((v) => armIdKey(v.id)));
    for (const row of untagged) {
      if (row.type === InventoryTypes.virtualNetwork) views.push(...subnetAssociations(row, tables));
      else if (!known.has(armIdKey(row.id))) views.push(...viewsOfRow(row));
    }
  }
  return sortViews(dedupe(views));
}

// ---------------------------------------------------------------------------------------------------------------

function subscriptionOf(id: ArmId): string {
  return parseArmId(id).subscriptionId.toLowerCase();
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: Json, key: string): Json {
  const found = value[key];
  return isObject(found) ? found : {};
}

function textAt(value: Json, key: string): string | undefined {
  const found = value[key];
  return typeof found === 'string' ? found : undefined;
}

function objectsAt(value: Json, key: string): Json[] {
  const found = value[key];
  return Array.isArray(found) ? found.filter(isObject) : [];
}

function tagOf(tags: Tags, name: string): string | undefined {
  const key = Object.keys(tags).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags[key];
}

function isManaged(tags: Tags): boolean {
  return tagOf(tags, MANAGED_BY_TAG) === MANAGED_BY_VALUE;
}

function leg(tags: Tags): 'a' | 'b' {
  return tagOf(tags, LEG_TAG) === 'b' ? 'b' : 'a';
}

function referenceId(properties: Json, key: string): string | undefined {
  return textAt(objectAt(properties, key), 'id');
}

/** The state fields as the ARM read reports them ('Unknown' where ARM said nothing). No keys. */
function stateOf(properties: Json, fields: Partial<Record<keyof ResourceStateView, string>> = {}): ResourceStateView {
  const state: Partial<Record<keyof ResourceStateView, string>> = {};
  for (const [field, source] of Object.entries(fields) as [keyof ResourceStateView, string][]) {
    state[field] = textAt(properties, source) ?? 'Unknown';
  }
  return { ...state, provisioningState: textAt(properties, 'provisioningState') ?? 'Unknown' };
}

const VPN_GATEWAY_TYPE = 'vpn';
const IPSEC_CONNECTION_TYPE = 'ipsec';

/** One Resource Graph row as the view's resources (a circuit with its peerings and authorizations). */
function viewsOfRow(row: InventoryResource): TopologyResourceView[] {
  const properties = row.properties;
  const base = { id: row.id, name: row.name, managed: isManaged(row.tags) };
  switch (row.type) {
    case InventoryTypes.circuit:
      return circuitViews(row);
    case InventoryTypes.routeFilter:
      return [{ ...base, kind: 'routeFilter', state: stateOf(properties), location: row.location }];
    case InventoryTypes.routeTable:
      return [{ ...base, kind: 'routeTable', state: stateOf(properties), location: row.location }];
    case InventoryTypes.nsg:
      return [{ ...base, kind: 'nsg', state: stateOf(properties), location: row.location }];
    case InventoryTypes.localNetworkGateway:
      return [{ ...base, kind: 'localNetworkGateway', state: stateOf(properties), location: row.location }];
    case InventoryTypes.gateway: {
      const subnetId =
        textAt(objectAt(objectAt(objectsAt(properties, 'ipConfigurations')[0] ?? {}, 'properties'), 'subnet'), 'id') ??
        '';
      const at = subnetId.toLowerCase().lastIndexOf('/subnets/');
      const vnetId = at < 0 ? '' : subnetId.slice(0, at);
      const sku = textAt(objectAt(properties, 'gatewaySku'), 'name') ?? '';
      const kind: ResourceKind =
        (textAt(properties, 'gatewayType') ?? '').toLowerCase() === VPN_GATEWAY_TYPE ? 'vpnGateway' : 'gateway';
      return [{ ...base, kind, state: stateOf(properties), location: row.location, vnetId, sku }];
    }
    case InventoryTypes.connection: {
      const gatewayId = referenceId(properties, 'virtualNetworkGateway1') ?? '';
      if ((textAt(properties, 'connectionType') ?? '').toLowerCase() === IPSEC_CONNECTION_TYPE) {
        return [{ ...base, kind: 'vpnConnection', state: stateOf(properties), location: row.location, gatewayId }];
      }
      return [
        {
          ...base,
          kind: 'connection',
          state: stateOf(properties, { connectionStatus: 'connectionStatus' }),
          leg: leg(row.tags),
          location: row.location,
          circuitId: referenceId(properties, 'peer') ?? '',
          gatewayId,
        },
      ];
    }
    default:
      return [];
  }
}

function circuitViews(row: InventoryResource): TopologyResourceView[] {
  const properties = row.properties;
  const provider = objectAt(properties, 'serviceProviderProperties');
  const sku = row.sku ?? {};
  const pair = pairNameOfTags(row.tags);
  const bandwidth = provider.bandwidthInMbps;
  const circuit: TopologyResourceView = {
    kind: 'circuit',
    id: row.id,
    name: row.name,
    managed: isManaged(row.tags),
    state: stateOf(properties, {
      serviceProviderProvisioningState: 'serviceProviderProvisioningState',
      circuitProvisioningState: 'circuitProvisioningState',
    }),
    leg: leg(row.tags),
    ...(pair === undefined ? {} : { pair }),
    location: row.location,
    serviceProviderName: textAt(provider, 'serviceProviderName') ?? '',
    peeringLocation: textAt(provider, 'peeringLocation') ?? '',
    bandwidthMbps: typeof bandwidth === 'number' ? bandwidth : 0,
    sku: {
      tier: (textAt(sku, 'tier') ?? '') as CircuitSku['tier'],
      family: (textAt(sku, 'family') ?? '') as CircuitSku['family'],
    },
  };
  // Children are the automation's when their circuit is (as the ARM listing reports them).
  const peerings = objectsAt(properties, 'peerings').map((peering): TopologyResourceView => {
    const fields = objectAt(peering, 'properties');
    const name = textAt(peering, 'name') ?? '';
    return {
      kind: 'peering',
      id: textAt(peering, 'id') ?? `${row.id}/peerings/${name}`,
      name,
      managed: true,
      state: stateOf(fields, { peeringState: 'state' }),
      circuitId: row.id,
      peeringType: textAt(fields, 'peeringType') ?? 'AzurePrivatePeering',
    };
  });
  const authorizations = objectsAt(properties, 'authorizations').map((authorization): TopologyResourceView => {
    const fields = objectAt(authorization, 'properties');
    const name = textAt(authorization, 'name') ?? '';
    const connectionId = textAt(fields, 'connectionResourceUri');
    return {
      kind: 'authorization',
      id: textAt(authorization, 'id') ?? `${row.id}/authorizations/${name}`,
      name,
      managed: true,
      state: stateOf(fields, { authorizationUseStatus: 'authorizationUseStatus' }),
      circuitId: row.id,
      ...(connectionId === undefined || connectionId === '' ? {} : { connectionId }),
    };
  });
  return [circuit, ...peerings, ...authorizations];
}

/** A VNet's subnets that use one of the customer's route tables or NSGs (as the ARM listing finds them). */
function subnetAssociations(vnet: InventoryResource, tables: ReadonlySet<string>): TopologyResourceView[] {
  const views: TopologyResourceView[] = [];
  for (const subnet of objectsAt(vnet.properties, 'subnets')) {
    const fields = objectAt(subnet, 'properties');
    const routeTableId = referenceId(fields, 'routeTable');
    const nsgId = referenceId(fields, 'networkSecurityGroup');
    const owned = (id: string | undefined): id is string => id !== undefined && tables.has(armIdKey(id));
    if (!owned(routeTableId) && !owned(nsgId)) continue;
    const id = textAt(subnet, 'id') ?? '';
    views.push({
      kind: 'subnetAssociation',
      id,
      name: textAt(subnet, 'name') ?? id.slice(id.lastIndexOf('/') + 1),
      managed: true,
      state: { provisioningState: 'Succeeded' },
      vnetId: vnet.id,
      ...(owned(routeTableId) ? { routeTableId } : {}),
      ...(owned(nsgId) ? { nsgId } : {}),
    });
  }
  return views;
}

function dedupe(views: readonly TopologyResourceView[]): TopologyResourceView[] {
  const byId = new Map<string, TopologyResourceView>();
  for (const view of views) if (!byId.has(armIdKey(view.id))) byId.set(armIdKey(view.id), view);
  return [...byId.values()];
}

function sortViews(views: readonly TopologyResourceView[]): TopologyResourceView[] {
  const rank = (kind: ResourceKind) => KIND_ORDER.indexOf(kind);
  return [...views].sort((x, y) => rank(x.kind) - rank(y.kind) || armIdKey(x.id).localeCompare(armIdKey(y.id)));
}
