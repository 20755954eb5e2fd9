/** Shared by peerings and authorizations: the parent circuit must exist and be the automation's. */
import type { ExpressRouteCircuit, NetworkManagementClient } from '@azure/arm-network';
import type { ArmId, Scope } from '../../../domain/intents';
import { parseArmId } from '../../../domain/naming';
import { ArmOperationError } from '../../../errors';
import type { DeleteOutcome } from '../../../ports/network';
import { deleteResource, type LroOptions } from '../armCalls';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { assertManaged } from '../ownership';
import { getCircuitBody } from './circuitOperations';

export interface CircuitRef {
  readonly id: ArmId;
  readonly name: string;
  readonly resourceGroup: string;
}

export function circuitRefOf(circuitId: ArmId): CircuitRef {
  const parsed = parseArmId(circuitId);
  return { id: circuitId, name: parsed.names[0] ?? '', resourceGroup: parsed.resourceGroup };
}

/** The circuit id a child id (`…/expressRouteCircuits/{c}/{peerings|authorizations}/{n}`) hangs under. */
export function parentCircuitId(childId: ArmId): ArmId {
  return childId.replace(/\/(peerings|authorizations)\/[^/]+$/i, '');
}

/** The parent circuit, which must exist; throws NotManagedError when it is not the automation's. */
export async function managedParentCircuit(
  context: ArmContext,
  client: NetworkManagementClient,
  circuit: CircuitRef,
  childId: ArmId,
): Promise<ExpressRouteCircuit> {
  const body = await getCircuitBody(client, { resourceGroup: circuit.resourceGroup }, circuit.name, circuit.id);
  if (body === undefined) {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.parentNotFound,
      `${childId}: its circuit ${circuit.id} does not exist`,
      { retryable: false, statusCode: 404, target: childId },
    );
  }
  assertManaged(circuit.id, body.tags, context.managedTag);
  return body;
}

/** How to read and delete one kind of circuit child (peering, authorization). */
export interface CircuitChildOperations {
  get(client: NetworkManagementClient, circuit: CircuitRef, name: string, id: ArmId): Promise<unknown>;
  beginDeleteAndWait(
    client: NetworkManagementClient,
    circuit: CircuitRef,
    name: string,
    lro: LroOptions,
  ): Promise<unknown>;
}

/**
 * Deletes a child of a managed circuit, under the circuit's write lock (every write on a circuit locks it in ARM):
 * `absent` when the circuit or the child is already gone; refuses children of a circuit the automation does not own.
 */
export async function deleteCircuitChild(
  context: ArmContext,
  id: ArmId,
  circuitId: ArmId,
  scope: Scope,
  child: CircuitChildOperations,
): Promise<DeleteOutcome> {
  const client = await context.clientFor(scope);
  const circuit = circuitRefOf(circuitId);
  const name = id.slice(id.lastIndexOf('/') + 1);
  return context.circuitLocks.run(circuit.id, async () => {
    const parent = await getCircuitBody(client, { resourceGroup: circuit.resourceGroup }, circuit.name, circuit.id);
    if (parent === undefined) return 'absent';
    assertManaged(circuit.id, parent.tags, context.managedTag);
    if ((await child.get(client, circuit, name, id)) === undefined) return 'absent';
    const deleted = await deleteResource(context, id, (lro) => child.beginDeleteAndWait(client, circuit, name, lro));
    return deleted ? 'deleted' : 'absent';
  });
}
