import type { InvocationContext } from '@azure/functions';
import { StepKeys } from '../../shared/domain/stepKeys';
import { AppError, ErrorCodes } from '../../shared/errors';
import { ExternalEvents, InstanceIds } from '../../shared/ports/requestWorkflows';
import { InstanceNotFoundError } from '../../shared/ports/workflows';
import type {
  ReadPrerequisiteInput,
  ReadPrerequisiteOutput,
  ReadProviderStateInput,
  ReadProviderStateOutput,
  ReadResourceInput,
  ReadResourceOutput,
  StopProviderWaitsInput,
} from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { summarize } from './summary';

/** One GET, for the polling loops (gateways, connections). */
export function createReadResourceActivity(deps: ActivityDependencies) {
  return async (input: ReadResourceInput): Promise<ReadResourceOutput> => {
    const observed = await deps.network.read({ kind: input.kind, id: input.id, scope: input.scope });
    return observed === undefined ? { exists: false } : { exists: true, resource: summarize(observed) };
  };
}

/**
 * One GET of a resource another branch of the request builds (a connection waits for its gateway), and whether the
 * request has already ended elsewhere, so that the wait stops with it.
 */
export function createReadPrerequisiteActivity(deps: ActivityDependencies) {
  const readResource = createReadResourceActivity(deps);
  return async (input: ReadPrerequisiteInput): Promise<ReadPrerequisiteOutput> => {
    const ended = await requestEnded(deps, input);
    const read = await readResource({ kind: input.kind, id: input.id, scope: input.scope });
    return { ...read, requestEnded: ended };
  };
}

/**
 * One GET of the circuit, for the provider wait, and whether the request has already ended elsewhere (another leg
 * failed for good: its `request` checkpoint is Failed). A circuit that vanished is a fact to report, not to retry.
 */
export function createReadProviderStateActivity(deps: ActivityDependencies) {
  return async (input: ReadProviderStateInput): Promise<ReadProviderStateOutput> => {
    const ended = await requestEnded(deps, input);
    const circuit = await deps.network.getCircuit(input.circuitId, input.scope);
    if (circuit === undefined) throw new AppError(ErrorCodes.circuitNotFound, `${input.circuitId} does not exist`);
    return {
      serviceProviderProvisioningState: circuit.state.serviceProviderProvisioningState,
      circuitProvisioningState: circuit.state.circuitProvisioningState,
      requestEnded: ended,
    };
  };
}

/**
 * Wakes the request's provider waits (after its `request` checkpoint says Failed) so that they stop now rather
 * than at their next poll. A wait that has not started yet sees the checkpoint at its first check; one that ended
 * drops the event.
 */
export function createStopProviderWaitsActivity(deps: ActivityDependencies) {
  return async (input: StopProviderWaitsInput, context: InvocationContext): Promise<void> => {
    const workflows = deps.workflowsFor(context);
    for (const { leg, pair } of input.lanes) {
      const instanceId = InstanceIds.providerWait(input.requestInstanceId, leg, pair);
      try {
        await workflows.raiseEvent(instanceId, ExternalEvents.stopWaiting, { reason: 'request-ended' });
      } catch (error) {
        if (!(error instanceof InstanceNotFoundError)) throw error;
      }
    }
  };
}

/** Whether the request has already ended elsewhere: another branch failed for good, and its `request` step says so. */
async function requestEnded(
  deps: ActivityDependencies,
  request: { readonly customerId: string; readonly requestId: string },
): Promise<boolean> {
  const ended = await deps.checkpoints.get(request.customerId, request.requestId, StepKeys.request);
  return ended?.status === 'Failed';
}
