/**
 * Authorizations: children of a managed circuit; the intent owns only their existence. The key ARM issues is never
 * returned from here (only `connectionOperations` reads it, to redeem it at once).
 */
import type { ExpressRouteCircuitAuthorization, NetworkManagementClient } from '@azure/arm-network';
import type { AuthorizationIntent, Scope } from '../../../domain/intents';
import type { AuthorizationState, DeleteOutcome, EnsureOptions, Ensured, Observed } from '../../../ports/network';
import { getOrUndefined } from '../armCalls';
import type { ArmContext } from '../armContext';
import { authorizationBody, authorizationState, authorizationToIntent } from '../mapping/authorizationMapping';
import { isManaged } from '../ownership';
import { getCircuitBody } from './circuitOperations';
import { circuitRefOf, deleteCircuitChild, ensureCircuitChild } from './circuitChildren';
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
  const ensured = await ensureCircuitChild<ExpressRouteCircuitAuthorization>(context, intent, options, {
    get: getAuthorization,
    // The intent owns only the authorization's existence: an existing one is left as it is unless it Failed.
    decide: (_parent, current) =>
      Promise.resolve(
        current !== undefined && current.provisioningState !== 'Failed'
          ? undefined
          : { body: authorizationBody(intent) },
      ),
    put: (client, circuit, name, body) => (lro) =>
      client.expressRouteCircuitAuthorizations.beginCreateOrUpdate(
        circuit.resourceGroup,
        circuit.name,
        name,
        body,
        lro,
      ),
  });
  return { outcome: ensured.outcome, ...observed(ensured.resource, intent.circuitId, intent.scope, true) };
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
  waitForCompletion = true,
): Promise<DeleteOutcome> {
  return deleteCircuitChild(
    context,
    id,
    circuitId,
    scope,
    {
      get: getAuthorization,
      beginDelete: (client, circuit, name, lro) =>
        client.expressRouteCircuitAuthorizations.beginDelete(circuit.resourceGroup, circuit.name, name, lro),
    },
    waitForCompletion,
  );
}
