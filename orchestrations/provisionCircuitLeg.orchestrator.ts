/**
 * One circuit of the pair, from creation to configured: create it, read it until Azure shows its real service key,
 * hand that key to the provider, wait for the provider (a sub-orchestration that keeps its own history bounded),
 * then write its peerings and authorizations one at a time (every write on a circuit locks it; ARM refuses
 * concurrent ones). The two legs run in parallel, beside the gateway builds.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { ProvisionCircuitLegInput, ProvisionCircuitLegOutput, ResourceSummary } from './contracts';
import { recordCheckpoint } from './steps/checkpoint';
import { awaitServiceKey, handToProviderAndWait, hasRealServiceKey } from './steps/circuitLeg';
import { ensureResource } from './steps/ensureResource';
import { failureDetails } from './steps/stepFailed';
import { stopRequestOnFailure } from './steps/stopOnFailure';

export function* provisionCircuitLegOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ProvisionCircuitLegOutput, unknown> {
  const input = context.df.getInput<ProvisionCircuitLegInput>();
  const made: ResourceSummary[] = [];
  try {
    return yield* provisionLeg(context, input, made);
  } catch (error) {
    const { stepKey, details } = failureDetails(error, input.stepKey);
    const step = { requestId: input.requestId, customerId: input.customerId, stepKey };
    yield* recordCheckpoint(context, { ...step, status: 'Failed', error: details });
    yield* stopRequestOnFailure(context, step, details, input.stopOnFailure);
    return { outcome: 'failed', stepKey, error: details, existing: made };
  }
}

/** `made` collects what the leg has made so far, so that a failure can say what exists (and is billed). */
function* provisionLeg(
  context: OrchestrationContext,
  input: ProvisionCircuitLegInput,
  made: ResourceSummary[],
): Generator<Task, ProvisionCircuitLegOutput, unknown> {
  const base = { requestId: input.requestId, customerId: input.customerId };

  const ofPair = input.pair === undefined ? {} : { pair: input.pair };
  context.df.setCustomStatus({ phase: 'provisioning', leg: input.leg, ...ofPair });
  let circuit = yield* ensureResource(context, { ...base, stepKey: input.stepKey }, input.circuit);
  made.push(circuit);

  if (circuit.serviceProviderProvisioningState !== 'Provisioned') {
    if (!hasRealServiceKey(circuit)) circuit = yield* awaitServiceKey(context, input, circuit);
    const waited = yield* handToProviderAndWait(context, input, circuit);
    if (waited.outcome === 'deadline-exceeded') return { outcome: 'deadline-exceeded', circuit };
    if (waited.outcome === 'stopped') return { outcome: 'stopped', circuit };
  }

  context.df.setCustomStatus({ phase: 'configuring-peerings', leg: input.leg, ...ofPair });
  const configured: ResourceSummary[] = [];
  for (const next of input.afterProvider) {
    const resource = yield* ensureResource(context, { ...base, stepKey: next.stepKey }, next.intent);
    configured.push(resource);
    made.push(resource);
  }
  return { outcome: 'ready', circuit, configured };
}
