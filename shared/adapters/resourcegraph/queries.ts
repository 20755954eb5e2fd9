/**
 * The KQL the inventory sends to Resource Graph, built from a filter. Only the subset the ARM simulator parses (and
 * Resource Graph accepts): `where` with `==`, `=~`, `in~`, `and`/`or`; `extend` with `tostring`; `project`;
 * `order by`. Values are quoted with KQL's escaping; ids and names are never spliced in unquoted.
 *
 * Projected columns are only those the findings need. Secrets: an authorization's key is in the projected
 * `authorizations` (Resource Graph cannot project inside arrays without `mv-expand`); the adapter drops it from every
 * row before returning it, and nothing above the adapter ever sees it.
 */
import { CUSTOMER_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../domain/intents';
import { InventoryTypes, type InventoryFilter, type InventoryType } from '../../ports/inventory';

export const ALL_INVENTORY_TYPES: readonly InventoryType[] = Object.values(InventoryTypes);
export const DEFAULT_UNTAGGED_TYPES: readonly InventoryType[] = [
  InventoryTypes.circuit,
  InventoryTypes.virtualNetwork,
  InventoryTypes.gateway,
  // A route table on GatewaySubnet is checked for a 0.0.0.0/0 route whoever made it.
  InventoryTypes.routeTable,
];

/** Columns every query projects, besides the identity columns. */
export const PROJECTED_PROPERTIES: Readonly<Record<string, string>> = {
  provisioningState: 'properties.provisioningState',
  serviceProviderProperties: 'properties.serviceProviderProperties',
  serviceProviderProvisioningState: 'properties.serviceProviderProvisioningState',
  circuitProvisioningState: 'properties.circuitProvisioningState',
  peerings: 'properties.peerings',
  authorizations: 'properties.authorizations',
  routes: 'properties.routes',
  disableBgpRoutePropagation: 'properties.disableBgpRoutePropagation',
  securityRules: 'properties.securityRules',
  subnets: 'properties.subnets',
  rules: 'properties.rules',
  connectionType: 'properties.connectionType',
  connectionStatus: 'properties.connectionStatus',
  routingWeight: 'properties.routingWeight',
  expressRouteGatewayBypass: 'properties.expressRouteGatewayBypass',
  peer: 'properties.peer',
  virtualNetworkGateway1: 'properties.virtualNetworkGateway1',
  gatewayType: 'properties.gatewayType',
  gatewaySku: 'properties.sku',
  // A gateway's VNet (its GatewaySubnet), for the customer view.
  ipConfigurations: 'properties.ipConfigurations',
};

export function kqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function list(values: readonly string[]): string {
  return `(${values.map(kqlString).join(', ')})`;
}

/** The query for one batch of subscriptions. */
export function inventoryQuery(filter: InventoryFilter = {}): string {
  const types = filter.types ?? ALL_INVENTORY_TYPES;
  const untagged = (filter.includeUntagged ?? DEFAULT_UNTAGGED_TYPES).filter((type) => types.includes(type));
  const lines = ['Resources', `| where type in~ ${list(types)}`];
  const managed = `tags[${kqlString(MANAGED_BY_TAG)}] =~ ${kqlString(MANAGED_BY_VALUE)}`;
  lines.push(untagged.length === 0 ? `| where ${managed}` : `| where ${managed} or type in~ ${list(untagged)}`);
  if (filter.customerIds !== undefined && filter.customerIds.length > 0) {
    // Resources tagged for the customers anywhere (the CSP's shared subscriptions included); everything in the
    // customers' own subscriptions; untagged kinds the diff needs (their VNets and gateways).
    const clauses = [`tags[${kqlString(CUSTOMER_TAG)}] in~ ${list(filter.customerIds)}`];
    if (filter.customerSubscriptionIds !== undefined && filter.customerSubscriptionIds.length > 0) {
      clauses.push(`subscriptionId in~ ${list(filter.customerSubscriptionIds)}`);
    }
    if (untagged.length > 0) clauses.push(`type in~ ${list(untagged)}`);
    lines.push(`| where ${clauses.join(' or ')}`);
  }
  if (filter.ids !== undefined && filter.ids.length > 0) lines.push(`| where id in~ ${list(filter.ids)}`);
  lines.push(`| extend customerId = tostring(tags[${kqlString(CUSTOMER_TAG)}])`);
  const columns = ['id', 'name', 'type', 'subscriptionId', 'resourceGroup', 'location', 'tags', 'sku', 'customerId'];
  const projected = Object.entries(PROJECTED_PROPERTIES).map(([name, path]) => `${name} = ${path}`);
  lines.push(`| project ${[...columns, ...projected].join(', ')}`);
  lines.push('| order by id asc');
  return lines.join('\n');
}
