import type { ResourceIntent } from '../../shared/domain/intents';
import type { CircuitState, ConnectionState, Observed, PeeringState } from '../../shared/ports/network';
import type { VerifyTopologyInput, VerifyTopologyOutput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';

/** What "working" means for each kind, read back from Azure (not from what we wrote). */
function problemsOf(intent: ResourceIntent, observed: Observed | undefined): string[] {
  if (observed === undefined) return [`${intent.id}: missing`];
  const problems: string[] = [];
  if (observed.state.provisioningState !== 'Succeeded') {
    problems.push(`${intent.id}: provisioningState ${observed.state.provisioningState}`);
  }
  if (intent.kind === 'circuit') {
    const state = observed.state as CircuitState;
    if (state.serviceProviderProvisioningState !== 'Provisioned')
      problems.push(`${intent.id}: provider ${state.serviceProviderProvisioningState}`);
    if (state.circuitProvisioningState !== 'Enabled')
      problems.push(`${intent.id}: circuit ${state.circuitProvisioningState}`);
  }
  if (intent.kind === 'peering' && (observed.state as PeeringState).state !== 'Enabled') {
    problems.push(`${intent.id}: peering ${(observed.state as PeeringState).state}`);
  }
  const isConnection = intent.kind === 'connection' || intent.kind === 'vpnConnection'; // the IPsec tunnel too
  if (isConnection && (observed.state as ConnectionState).connectionStatus !== 'Connected') {
    problems.push(`${intent.id}: connection ${(observed.state as ConnectionState).connectionStatus}`);
  }
  return problems;
}

/** Reads every resource of the topology back and lists what is not (yet) working. */
export function createVerifyTopologyActivity(deps: ActivityDependencies) {
  return async (input: VerifyTopologyInput): Promise<VerifyTopologyOutput> => {
    const step = { customerId: input.customerId, requestId: input.requestId, stepKey: input.stepKey };
    await deps.checkpoints.record({ ...step, status: 'Started' });
    const problems: string[] = [];
    for (const intent of input.resources) {
      const observed = await deps.network.read({ kind: intent.kind, id: intent.id, scope: intent.scope });
      problems.push(...problemsOf(intent, observed));
    }
    const ok = problems.length === 0;
    await deps.checkpoints.record({
      ...step,
      status: ok ? 'Succeeded' : 'Waiting',
      detail: ok ? { verified: input.resources.length } : { problems: problems.slice(0, 10) },
    });
    return { ok, problems };
  };
}
