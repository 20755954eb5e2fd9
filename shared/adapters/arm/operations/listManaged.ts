/**
 * Inventory of one subscription: everything of the asked kinds that carries the automation's tag, read back as
 * intents (the same mapping drift detection diffs against).
 *
 * Sources: circuits, route filters, route tables and NSGs are listed per subscription; peerings and authorizations
 * come inline with their managed circuits; subnet associations from the managed route tables' and NSGs' (read-only)
 * `subnets[]`. Gateways and connections have no subscription-wide list in the Network API, so they are listed per
 * resource group: the groups that hold other managed resources or the VNets those are associated with, plus any the
 * caller knows (`knownResourceGroups`, e.g. the registry's VNets).
 */
import type { NetworkManagementClient, Subnet } from '@azure/arm-network';
import type { ResourceKind, Scope } from '../../../domain/intents';
import { parseArmId } from '../../../domain/naming';
import { ArmOperationError } from '../../../errors';
import type { Observed } from '../../../ports/network';
import { listAll } from '../armCalls';
import type { ArmContext } from '../armContext';
import { authorizationState, authorizationToIntent } from '../mapping/authorizationMapping';
import { circuitState, circuitToIntent } from '../mapping/circuitMapping';
import { peeringState, peeringToIntent } from '../mapping/peeringMapping';
import { vnetIdOfSubnet } from '../mapping/subnetAssociationMapping';
import { isManaged } from '../ownership';
import { observedConnection, observedGateway, observedLocalNetworkGateway } from './encryptionOperations';
import { nsgKind, routeFilterKind, routeTableKind } from './topLevelKinds';

export type SubscriptionScope = Omit<Scope, 'resourceGroup'>;

interface Associations {
  readonly bySubnet: Map<string, { id: string; routeTableId?: string; nsgId?: string }>;
}

function collectAssociations(
  associations: Associations,
  subnets: readonly Subnet[] | undefined,
  reference: { routeTableId?: string; nsgId?: string },
): void {
  for (const subnet of subnets ?? []) {
    const id = subnet.id;
    if (id === undefined) continue;
    const key = id.toLowerCase();
    const entry = associations.bySubnet.get(key) ?? { id };
    associations.bySubnet.set(key, { ...entry, ...reference });
  }
}

export async function listManaged(
  context: ArmContext,
  scope: SubscriptionScope,
  kinds: readonly ResourceKind[],
  knownResourceGroups: (subscriptionId: string) => Promise<readonly string[]> = () => Promise.resolve([]),
): Promise<Observed[]> {
  const want = new Set<ResourceKind>(kinds);
  const client = await context.clientFor(scope);
  const tag = context.managedTag;
  const scopeOf = (id: string): Scope => ({ ...scope, resourceGroup: parseArmId(id).resourceGroup });
  const results: Observed[] = [];
  const groups = new Set<string>();
  const noteGroup = (id: string | undefined) => {
    if (id !== undefined && id !== '') groups.add(parseArmId(id).resourceGroup.toLowerCase());
  };

  if (want.has('circuit') || want.has('peering') || want.has('authorization')) {
    const circuits = (await listAll('expressRouteCircuits', client.expressRouteCircuits.listAll())).filter((circuit) =>
      isManaged(circuit.tags, tag),
    );
    for (const circuit of circuits) {
      const circuitId = circuit.id ?? '';
      const circuitScope = scopeOf(circuitId);
      noteGroup(circuitId);
      if (want.has('circuit'))
        results.push({ intent: circuitToIntent(circuit, circuitScope, tag), state: circuitState(circuit, tag) });
      if (want.has('peering')) {
        for (const peering of circuit.peerings ?? []) {
          results.push({
            intent: peeringToIntent(peering, circuitId, circuitScope),
            state: peeringState(peering, true),
          });
        }
      }
      if (want.has('authorization')) {
        for (const authorization of circuit.authorizations ?? []) {
          results.push({
            intent: authorizationToIntent(authorization, circuitId, circuitScope),
            state: authorizationState(authorization, true),
          });
        }
      }
    }
  }

  if (want.has('routeFilter')) {
    for (const filter of await listAll('routeFilters', client.routeFilters.list())) {
      if (!isManaged(filter.tags, tag)) continue;
      noteGroup(filter.id);
      results.push({
        intent: routeFilterKind.toIntent(filter, scopeOf(filter.id ?? ''), tag),
        state: routeFilterKind.state(filter, tag),
      });
    }
  }

  const associations: Associations = { bySubnet: new Map() };
  // Gateways and connections (and the encryption's VPN gateway, local network gateway and IPsec connection) are
  // listed per resource group.
  const perGroup = (['gateway', 'connection', 'vpnGateway', 'localNetworkGateway', 'vpnConnection'] as const).some(
    (kind) => want.has(kind),
  );
  const needsAssociations = want.has('subnetAssociation') || perGroup;
  if (want.has('routeTable') || needsAssociations) {
    for (const table of await listAll('routeTables', client.routeTables.listAll())) {
      if (!isManaged(table.tags, tag)) continue;
      noteGroup(table.id);
      collectAssociations(associations, table.subnets, { routeTableId: table.id ?? '' });
      if (want.has('routeTable')) {
        results.push({
          intent: routeTableKind.toIntent(table, scopeOf(table.id ?? ''), tag),
          state: routeTableKind.state(table, tag),
        });
      }
    }
  }
  if (want.has('nsg') || needsAssociations) {
    for (const nsg of await listAll('networkSecurityGroups', client.networkSecurityGroups.listAll())) {
      if (!isManaged(nsg.tags, tag)) continue;
      noteGroup(nsg.id);
      collectAssociations(associations, nsg.subnets, { nsgId: nsg.id ?? '' });
      if (want.has('nsg'))
        results.push({ intent: nsgKind.toIntent(nsg, scopeOf(nsg.id ?? ''), tag), state: nsgKind.state(nsg, tag) });
    }
  }
  for (const entry of associations.bySubnet.values()) {
    noteGroup(vnetIdOfSubnet(entry.id));
    if (!want.has('subnetAssociation')) continue;
    const name = entry.id.slice(entry.id.lastIndexOf('/') + 1);
    results.push({
      intent: {
        kind: 'subnetAssociation',
        id: entry.id,
        scope: scopeOf(entry.id),
        name,
        vnetId: vnetIdOfSubnet(entry.id),
        ...(entry.routeTableId === undefined ? {} : { routeTableId: entry.routeTableId }),
        ...(entry.nsgId === undefined ? {} : { nsgId: entry.nsgId }),
      },
      state: { provisioningState: 'Succeeded', managed: true },
    });
  }

  if (perGroup) {
    for (const group of await knownResourceGroups(scope.subscriptionId)) groups.add(group.toLowerCase());
    results.push(...(await listGatewaysAndConnections(context, client, scope, [...groups].sort(), want)));
  }
  return results;
}

/** A resource group that does not exist (any more) simply holds nothing. */
async function listInGroup<T>(what: string, pages: AsyncIterable<T>): Promise<T[]> {
  try {
    return await listAll(what, pages);
  } catch (error) {
    if (error instanceof ArmOperationError && error.statusCode === 404) return [];
    throw error;
  }
}

async function listGatewaysAndConnections(
  context: ArmContext,
  client: NetworkManagementClient,
  scope: SubscriptionScope,
  groups: readonly string[],
  want: ReadonlySet<ResourceKind>,
): Promise<Observed[]> {
  const tag = context.managedTag;
  const results: Observed[] = [];
  for (const resourceGroup of groups) {
    const groupScope: Scope = { ...scope, resourceGroup };
    if (want.has('gateway') || want.has('vpnGateway')) {
      for (const gateway of await listInGroup(
        `virtualNetworkGateways in ${resourceGroup}`,
        client.virtualNetworkGateways.list(resourceGroup),
      )) {
        const observed = isManaged(gateway.tags, tag) ? observedGateway(gateway, groupScope, tag, want) : undefined;
        if (observed !== undefined) results.push(observed);
      }
    }
    if (want.has('connection') || want.has('vpnConnection')) {
      const connections = await listInGroup(
        `connections in ${resourceGroup}`,
        client.virtualNetworkGatewayConnections.list(resourceGroup),
      );
      for (const connection of connections) {
        const observed = isManaged(connection.tags, tag)
          ? observedConnection(connection, groupScope, tag, want)
          : undefined;
        if (observed !== undefined) results.push(observed);
      }
    }
    if (want.has('localNetworkGateway')) {
      for (const gateway of await listInGroup(
        `localNetworkGateways in ${resourceGroup}`,
        client.localNetworkGateways.list(resourceGroup),
      )) {
        if (isManaged(gateway.tags, tag)) results.push(observedLocalNetworkGateway(gateway, groupScope, tag));
      }
    }
  }
  return results;
}
