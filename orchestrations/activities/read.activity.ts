import { AppError } from '../../shared/errors';
import type {
  ReadProviderStateInput,
  ReadProviderStateOutput,
  ReadResourceInput,
  ReadResourceOutput,
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

/** One GET of the circuit, for the provider wait. A circuit that vanished is a fact to report, not to retry. */
export function createReadProviderStateActivity(deps: ActivityDependencies) {
  return async (input: ReadProviderStateInput): Promise<ReadProviderStateOutput> => {
    const circuit = await deps.network.getCircuit(input.circuitId, input.scope);
    if (circuit === undefined) throw new AppError('CircuitNotFound', `${input.circuitId} does not exist`);
    return {
      serviceProviderProvisioningState: circuit.state.serviceProviderProvisioningState,
      circuitProvisioningState: circuit.state.circuitProvisioningState,
    };
  };
}
