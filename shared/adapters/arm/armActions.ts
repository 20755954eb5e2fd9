/**
 * The Azure RBAC actions each ARM call of the network adapter needs, so that the custom role the CSP and its
 * customers assign (`infra/modules/expressRouteOperatorRole.bicep`) lists exactly these and nothing more.
 *
 * Keys are the `@azure/arm-network` calls as the adapter makes them (`client.<operationGroup>.<method>(`, in
 * `operations/`); `test/unit/infra/roleDefinition.test.ts` finds every such call in the adapter's source, requires an
 * entry for each (and no entry that is not called), and compares the union with the role definition in Bicep.
 *
 * Besides the resource's own read/write/delete, ARM checks:
 * - **linked access** on every resource a request body references (`join/action`): a subnet PUT that sets a route
 *   table or NSG, a gateway whose IP configuration names the GatewaySubnet, a Microsoft peering that names a route
 *   filter, a connection whose `peer` is a circuit the caller reaches directly (connect-to; a connect-through
 *   connection redeems an authorization key instead);
 * - **long-running operations**: the SDK polls `Azure-AsyncOperation` (`locations/operations`) after a PUT and the
 *   `Location` header (`locations/operationResults`) after a DELETE.
 */

const POLL_ASYNC_OPERATION = 'Microsoft.Network/locations/operations/read';
const POLL_OPERATION_RESULT = 'Microsoft.Network/locations/operationResults/read';

/** The actions a PUT (`beginCreateOrUpdate`) of `resourceType` needs, plus linked checks. */
function put(resourceType: string, ...linked: string[]): readonly string[] {
  return [`Microsoft.Network/${resourceType}/write`, POLL_ASYNC_OPERATION, ...linked];
}

function del(resourceType: string): readonly string[] {
  return [`Microsoft.Network/${resourceType}/delete`, POLL_ASYNC_OPERATION, POLL_OPERATION_RESULT];
}

function read(resourceType: string): readonly string[] {
  return [`Microsoft.Network/${resourceType}/read`];
}

const JOIN_ROUTE_TABLE = 'Microsoft.Network/routeTables/join/action';
const JOIN_NSG = 'Microsoft.Network/networkSecurityGroups/join/action';
const JOIN_SUBNET = 'Microsoft.Network/virtualNetworks/subnets/join/action';
const JOIN_ROUTE_FILTER = 'Microsoft.Network/routeFilters/join/action';
const JOIN_CIRCUIT = 'Microsoft.Network/expressRouteCircuits/join/action';
const JOIN_PUBLIC_IP = 'Microsoft.Network/publicIPAddresses/join/action';

/** `operationGroup.method` as called on `NetworkManagementClient` → the RBAC actions ARM checks for it. */
export const ARM_ACTIONS_BY_SDK_CALL: Readonly<Record<string, readonly string[]>> = {
  'expressRouteCircuits.get': read('expressRouteCircuits'),
  'expressRouteCircuits.listAll': read('expressRouteCircuits'),
  'expressRouteCircuits.list': read('expressRouteCircuits'),
  // Premium → Standard reads the private peering's route count from both edge devices (a POST that polls).
  'expressRouteCircuits.beginListRoutesTableSummaryAndWait': [
    'Microsoft.Network/expressRouteCircuits/peerings/routeTablesSummary/action',
    POLL_ASYNC_OPERATION,
    POLL_OPERATION_RESULT,
  ],
  'expressRouteCircuits.beginCreateOrUpdate': put('expressRouteCircuits'),
  'expressRouteCircuits.beginDelete': del('expressRouteCircuits'),

  'expressRouteCircuitPeerings.get': read('expressRouteCircuits/peerings'),
  'expressRouteCircuitPeerings.beginCreateOrUpdate': put('expressRouteCircuits/peerings', JOIN_ROUTE_FILTER),
  'expressRouteCircuitPeerings.beginDelete': del('expressRouteCircuits/peerings'),

  'expressRouteCircuitAuthorizations.get': read('expressRouteCircuits/authorizations'),
  'expressRouteCircuitAuthorizations.beginCreateOrUpdate': put('expressRouteCircuits/authorizations'),
  'expressRouteCircuitAuthorizations.beginDelete': del('expressRouteCircuits/authorizations'),

  'expressRouteServiceProviders.list': read('expressRouteServiceProviders'),

  'routeFilters.get': read('routeFilters'),
  'routeFilters.listByResourceGroup': read('routeFilters'),
  'routeFilters.beginCreateOrUpdate': put('routeFilters'),
  'routeFilters.beginDelete': del('routeFilters'),

  'routeTables.get': read('routeTables'),
  'routeTables.list': read('routeTables'),
  'routeTables.beginCreateOrUpdate': put('routeTables'),
  'routeTables.beginDelete': del('routeTables'),

  'networkSecurityGroups.get': read('networkSecurityGroups'),
  'networkSecurityGroups.list': read('networkSecurityGroups'),
  'networkSecurityGroups.beginCreateOrUpdate': put('networkSecurityGroups'),
  'networkSecurityGroups.beginDelete': del('networkSecurityGroups'),

  'virtualNetworkGateways.get': read('virtualNetworkGateways'),
  'virtualNetworkGateways.list': read('virtualNetworkGateways'),
  'virtualNetworkGateways.beginCreateOrUpdate': put('virtualNetworkGateways', JOIN_SUBNET, JOIN_PUBLIC_IP),
  'virtualNetworkGateways.beginDelete': del('virtualNetworkGateways'),

  'virtualNetworkGatewayConnections.get': read('connections'),
  'virtualNetworkGatewayConnections.list': read('connections'),
  'virtualNetworkGatewayConnections.beginCreateOrUpdate': put('connections', JOIN_CIRCUIT),
  'virtualNetworkGatewayConnections.beginDelete': del('connections'),

  // Encryption over private peering: the VPN gateway names its public IP (linked access), the IPsec connection its
  // local network gateway.
  'localNetworkGateways.get': read('localNetworkGateways'),
  'localNetworkGateways.list': read('localNetworkGateways'),
  'localNetworkGateways.beginCreateOrUpdate': put('localNetworkGateways'),
  'localNetworkGateways.beginDelete': del('localNetworkGateways'),

  // Subnets are the customer's: read, and written back whole with only routeTable / networkSecurityGroup changed.
  'subnets.get': read('virtualNetworks/subnets'),
  'subnets.beginCreateOrUpdate': put('virtualNetworks/subnets', JOIN_ROUTE_TABLE, JOIN_NSG),
};

/** Every action the adapter needs, once each, sorted (case-insensitively, as RBAC compares them). */
export function requiredArmActions(): string[] {
  const unique = new Map<string, string>();
  for (const actions of Object.values(ARM_ACTIONS_BY_SDK_CALL)) {
    for (const action of actions) unique.set(action.toLowerCase(), action);
  }
  return [...unique.values()].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
}
