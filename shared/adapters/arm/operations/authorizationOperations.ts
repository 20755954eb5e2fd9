/**
 * Authorizations: children of a managed circuit; the intent owns only their existence. The key ARM issues is never
 * returned from here (only `connectionOperations` reads it, to redeem it at once).
 */
import type { ExpressRouteCircuitAuthorization, NetworkManagementClient } from '@azure/arm-network';
import type { AuthorizationIntent, Scope } from '../../../domain/intents';
import type { AuthorizationState, DeleteOutcome, EnsureOptions, Ensured, Observed } from '../../../ports/network';
import { getOrUndefined, putResource, readAfterWrite } from '../armCalls';
import type { ArmContext } from '../armContext';
import { authorizationBody, authorizationState, authorizationToIntent } from '../mapping/authorizationMapping';
import { isManaged } from '../ownership';
import { getCircuitBody } from './circuitOperations';
import { circuitRefOf, deleteCircuitChild, managedParentCircuit } from './circuitChildren';
import type { CircuitRef } from './circuitChildren';

export function getAuthorization(
  client: NetworkManagementClient,
  circuit: CircuitRef,
  name: string,
  id: string,
): Promise<ExpressRouteCircuitAuthorization | undefined> {
  return getOrUndefined(id, () =>
    client.expressRouteCircuitAuthorizations.get(circuit.resourceGroup, circuit.name, name),
  );
}

function observed(
  authorization: ExpressRouteCircuitAuthorization,
  circuitId: string,
  scope: Scope,
  managed: boolean,
): Observed<AuthorizationIntent, AuthorizationState> {
  return {
    intent: authorizationToIntent(authorization, circuitId, scope),
    state: authorizationState(authorization, managed),
  };
}

export async function ensureAuthorization(
  context: ArmContext,
  intent: AuthorizationIntent,
  options: EnsureOptions = {},
): Promise<Ensured<AuthorizationIntent, AuthorizationState>> {
  const client = await context.clientFor(intent.scope);
  const circuit = circuitRefOf(intent.circuitId);
  return context.circuitLocks.run(circuit.id, async () => {
    await managedParentCircuit(context, client, circuit, intent.id);
    const current = await getAuthorization(client, circuit, intent.name, intent.id);
    if (current !== undefined && current.provisioningState !== 'Failed') {
      return { outcome: 'unchanged', ...observed(current, intent.circuitId, intent.scope, true) };
    }
    const body = authorizationBody(intent);
    await putResource(context, intent.id, options.waitForCompletion ?? true, {
      andWait: (lro) =>
        client.expressRouteCircuitAuthorizations.beginCreateOrUpdateAndWait(
          circuit.resourceGroup,
          circuit.name,
          intent.name,
          body,
          lro,
        ),
      begin: (lro) =>
        client.expressRouteCircuitAuthorizations.beginCreateOrUpdate(
          circuit.resourceGroup,
          circuit.name,
          intent.name,
          body,
          lro,
        ),
    });
    const after = await readAfterWrite(context, intent.id, () =>
      getAuthorization(client, circuit, intent.name, intent.id),
    );
    return {
      outcome: current === undefined ? 'created' : 'updated',
      ...observed(after, intent.circuitId, intent.scope, true),
    };
  });
}

export async function readAuthorization(
  context: ArmContext,
  id: string,
  circuitId: string,
  scope: Scope,
): Promise<Observed<AuthorizationIntent, AuthorizationState> | undefined> {
  const client = await context.clientFor(scope);
  const circuit = circuitRefOf(circuitId);
  const parent = await getCircuitBody(client, { resourceGroup: circuit.resourceGroup }, circuit.name, circuit.id);
  if (parent === undefined) return undefined;
  const authorization = await getAuthorization(client, circuit, id.slice(id.lastIndexOf('/') + 1), id);
  return authorization === undefined
    ? undefined
    : observed(authorization, circuitId, scope, isManaged(parent.tags, context.managedTag));
}

/** Deleting an authorization revokes it: a connection that redeemed it loses its link. */
export function deleteAuthorization(
  context: ArmContext,
  id: string,
  circuitId: string,
  scope: Scope,
): Promise<DeleteOutcome> {
  return deleteCircuitChild(context, id, circuitId, scope, {
    get: getAuthorization,
    beginDeleteAndWait: (client, circuit, name, lro) =>
      client.expressRouteCircuitAuthorizations.beginDeleteAndWait(circuit.resourceGroup, circuit.name, name, lro),
  });
}
