/** Shared by peerings and authorizations: the parent circuit must exist and be the automation's. */
import type { ExpressRouteCircuit, NetworkManagementClient } from '@azure/arm-network';
import type { ArmId } from '../../../domain/intents';
import { parseArmId } from '../../../domain/naming';
import { ArmOperationError } from '../../../errors';
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
