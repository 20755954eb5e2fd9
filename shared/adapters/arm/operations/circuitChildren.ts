/**
 * Shared by peerings and authorizations: the one skeleton of every write of a circuit child (the circuit's write lock
 * → its managed parent → GET, settled → decide → PUT → read back), and of its delete. The parent circuit must exist
 * and be the automation's.
 */
import type { ExpressRouteCircuit, NetworkManagementClient } from '@azure/arm-network';
import type { ArmId, Scope } from '../../../domain/intents';
import { parseArmId } from '../../../domain/naming';
import { ArmOperationError } from '../../../errors';
import type { DeleteOutcome, EnsureOptions } from '../../../ports/network';
import { alreadyDeleting, deleteResource, putResource, readAfterWrite, settled } from '../armCalls';
import type { BeginOperation, LroOptions, ReadBackVerdict, StartedOperation } from '../armCalls';
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

/** How to read one kind of circuit child (peering, authorization). */
export interface CircuitChildReader<B> {
  get(client: NetworkManagementClient, circuit: CircuitRef, name: string, id: ArmId): Promise<B | undefined>;
}

/** What a circuit child's ensure decided, having read its parent and itself. */
export interface ChildWrite<B> {
  readonly body: B;
  /** Secret values the body carries (scrubbed from any error message). */
  readonly secrets?: readonly string[];
}

/** How to ensure one kind of circuit child: read, decide, send. */
export interface CircuitChildWriter<B> extends CircuitChildReader<B> {
  /** `undefined`: the child is as it should be (nothing is written); else what to PUT. May refuse (throw). */
  decide(parent: ExpressRouteCircuit, current: B | undefined): Promise<ChildWrite<B> | undefined>;
  put(client: NetworkManagementClient, circuit: CircuitRef, name: string, body: B): BeginOperation;
  /** Only after a write that was waited for: whether the read-back shows what was written. */
  readBack?(resource: B): ReadBackVerdict;
}

export interface ChildEnsured<B> {
  readonly outcome: 'unchanged' | 'created' | 'updated';
  /** The child as last read: as found when unchanged, else as read back after the write. */
  readonly resource: B;
}

/**
 * Ensures a child of a managed circuit, under the circuit's write lock (every write on a circuit locks it in ARM).
 * A child found mid-operation is waited for (`settled`) before it is compared.
 */
export async function ensureCircuitChild<B extends { readonly provisioningState?: string }>(
  context: ArmContext,
  intent: { readonly id: ArmId; readonly name: string; readonly circuitId: ArmId; readonly scope: Scope },
  options: EnsureOptions,
  child: CircuitChildWriter<B>,
): Promise<ChildEnsured<B>> {
  const client = await context.clientFor(intent.scope);
  const circuit = circuitRefOf(intent.circuitId);
  const wait = options.waitForCompletion ?? true;
  const read = () => child.get(client, circuit, intent.name, intent.id);
  return context.circuitLocks.run(circuit.id, async () => {
    const parent = await managedParentCircuit(context, client, circuit, intent.id);
    const current = await settled(context, intent.id, await read(), read, wait);
    const write = await child.decide(parent, current);
    if (write === undefined && current !== undefined) return { outcome: 'unchanged', resource: current };
    if (write === undefined) throw new Error(`${intent.id}: nothing to write for a child that does not exist`);
    await putResource(context, intent.id, wait, child.put(client, circuit, intent.name, write.body), write.secrets);
    const after = await readAfterWrite(context, intent.id, read, (resource) =>
      wait && child.readBack !== undefined ? child.readBack(resource) : { ok: true },
    );
    return { outcome: current === undefined ? 'created' : 'updated', resource: after };
  });
}

/** How to read and delete one kind of circuit child (peering, authorization). */
export interface CircuitChildOperations extends CircuitChildReader<unknown> {
  beginDelete(
    client: NetworkManagementClient,
    circuit: CircuitRef,
    name: string,
    lro: LroOptions,
  ): Promise<StartedOperation>;
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
  waitForCompletion = true,
): Promise<DeleteOutcome> {
  const client = await context.clientFor(scope);
  const circuit = circuitRefOf(circuitId);
  const name = id.slice(id.lastIndexOf('/') + 1);
  return context.circuitLocks.run(circuit.id, async () => {
    const parent = await getCircuitBody(client, { resourceGroup: circuit.resourceGroup }, circuit.name, circuit.id);
    if (parent === undefined) return 'absent';
    assertManaged(circuit.id, parent.tags, context.managedTag);
    const current = await child.get(client, circuit, name, id);
    if (current === undefined) return 'absent';
    if (alreadyDeleting(current, waitForCompletion)) return 'deleting';
    return deleteResource(context, id, waitForCompletion, (lro) => child.beginDelete(client, circuit, name, lro));
  });
}
