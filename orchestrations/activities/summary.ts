import type { Observed } from '../../shared/ports/network';
import type { ResourceSummary } from '../contracts';

/** State fields worth carrying, and the summary field each becomes. */
const STATE_FIELDS = [
  ['serviceKey', 'serviceKey'],
  ['serviceProviderProvisioningState', 'serviceProviderProvisioningState'],
  ['connectionStatus', 'connectionStatus'],
  ['state', 'peeringState'],
  ['authorizationUseStatus', 'authorizationUseStatus'],
] as const;

/** The few fields of a resource that orchestrations act on: history is persisted, so no bodies and no keys. */
export function summarize(observed: Observed, outcome?: ResourceSummary['outcome']): ResourceSummary {
  const state = observed.state as unknown as Readonly<Record<string, unknown>>;
  const summary: Record<string, string> = {
    id: observed.intent.id,
    kind: observed.intent.kind,
    provisioningState: observed.state.provisioningState,
  };
  if (outcome !== undefined) summary.outcome = outcome;
  for (const [from, to] of STATE_FIELDS) {
    const value = state[from];
    if (typeof value === 'string') summary[to] = value;
  }
  return summary as unknown as ResourceSummary;
}
