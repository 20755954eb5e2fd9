/**
 * Everything of the top-level network kinds in one resource group, whoever made it: the automation's resources and
 * hand-made ones alike, each read back as an intent with `state.managed` saying which. Read-only. A teardown uses it
 * to list what it keeps (a hand-made route table beside the automation's survives, and the plan says why).
 */
import type { ResourceKind, Scope } from '../../../domain/intents';
import { ArmOperationError } from '../../../errors';
import type { Observed } from '../../../ports/network';
import { listAll } from '../armCalls';
import type { ArmContext } from '../armContext';
import { circuitState, circuitToIntent } from '../mapping/circuitMapping';
import { observedConnection, observedGateway, observedLocalNetworkGateway } from './encryptionOperations';
import { nsgKind, routeFilterKind, routeTableKind } from './topLevelKinds';

/** A resource group that does not exist (any more) simply holds nothing. */
async function inGroup<T>(what: string, pages: AsyncIterable<T>): Promise<T[]> {
  try {
    return await listAll(what, pages);
  } catch (error) {
    if (error instanceof ArmOperationError && error.statusCode === 404) return [];
    throw error;
  }
}

export async function listResourceGroup(
  context: ArmContext,
  scope: Scope,
  kinds: readonly ResourceKind[],
): Promise<Observed[]> {
  const want = new Set<ResourceKind>(kinds);
  const client = await context.clientFor(scope);
  const tag = context.managedTag;
  const group = scope.resourceGroup;
  const results: Observed[] = [];
  if (want.has('circuit')) {
    for (const circuit of await inGroup(`expressRouteCircuits in ${group}`, client.expressRouteCircuits.list(group))) {
      results.push({ intent: circuitToIntent(circuit, scope, tag), state: circuitState(circuit, tag) });
    }
  }
  if (want.has('routeFilter')) {
    for (const filter of await inGroup(`routeFilters in ${group}`, client.routeFilters.listByResourceGroup(group))) {
      results.push({ intent: routeFilterKind.toIntent(filter, scope, tag), state: routeFilterKind.state(filter, tag) });
    }
  }
  if (want.has('routeTable')) {
    for (const table of await inGroup(`routeTables in ${group}`, client.routeTables.list(group))) {
      results.push({ intent: routeTableKind.toIntent(table, scope, tag), state: routeTableKind.state(table, tag) });
    }
  }
  if (want.has('nsg')) {
    for (const nsg of await inGroup(`networkSecurityGroups in ${group}`, client.networkSecurityGroups.list(group))) {
      results.push({ intent: nsgKind.toIntent(nsg, scope, tag), state: nsgKind.state(nsg, tag) });
    }
  }
  // Gateways and connections by type: the encryption's VPN gateway and IPsec connection are kinds of their own.
  if (want.has('gateway') || want.has('vpnGateway')) {
    for (const gateway of await inGroup(
      `virtualNetworkGateways in ${group}`,
      client.virtualNetworkGateways.list(group),
    )) {
      const observed = observedGateway(gateway, scope, tag, want);
      if (observed !== undefined) results.push(observed);
    }
  }
  if (want.has('connection') || want.has('vpnConnection')) {
    for (const connection of await inGroup(
      `connections in ${group}`,
      client.virtualNetworkGatewayConnections.list(group),
    )) {
      const observed = observedConnection(connection, scope, tag, want);
      if (observed !== undefined) results.push(observed);
    }
  }
  if (want.has('localNetworkGateway')) {
    for (const gateway of await inGroup(`localNetworkGateways in ${group}`, client.localNetworkGateways.list(group))) {
      results.push(observedLocalNetworkGateway(gateway, scope, tag));
    }
  }
  return results;
}
