/**
 * One circuit of the pair, from creation to configured: create it, hand its service key to the provider, wait for
 * the provider (a sub-orchestration that keeps its own history bounded), then write its peerings and
 * authorizations one at a time (every write on a circuit locks it; ARM refuses concurrent ones).
 * The two legs run in parallel, beside the gateway builds.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import {
  Activities,
  InstanceIds,
  Orchestrations,
  type AwaitProviderInput,
  type AwaitProviderOutput,
  type NotifyProviderInput,
  type ProvisionCircuitLegInput,
  type ProvisionCircuitLegOutput,
  type ResourceSummary,
} from './contracts';
import { recordCheckpoint } from './steps/checkpoint';
import { ensureResource } from './steps/ensureResource';
import { transientRetry } from './steps/retry';
import { failureDetails } from './steps/stepFailed';

export function* provisionCircuitLegOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ProvisionCircuitLegOutput, unknown> {
  const input = context.df.getInput<ProvisionCircuitLegInput>();
  try {
    return yield* provisionLeg(context, input);
  } catch (error) {
    const { stepKey, details } = failureDetails(error, input.stepKey);
    yield* recordCheckpoint(context, {
      requestId: input.requestId,
      customerId: input.customerId,
      stepKey,
      status: 'Failed',
      error: details,
    });
    return { outcome: 'failed', stepKey, error: details };
  }
}

function* provisionLeg(
  context: OrchestrationContext,
  input: ProvisionCircuitLegInput,
): Generator<Task, ProvisionCircuitLegOutput, unknown> {
  const base = { requestId: input.requestId, customerId: input.customerId };

  context.df.setCustomStatus({ phase: 'provisioning', leg: input.leg });
  const circuit = yield* ensureResource(context, { ...base, stepKey: input.stepKey }, input.circuit);
  const serviceKey = circuit.serviceKey ?? '';

  if (circuit.serviceProviderProvisioningState !== 'Provisioned') {
    yield context.df.callActivityWithRetry(Activities.notifyProvider, transientRetry(), {
      ...base,
      stepKey: `notify-provider:${input.leg}`,
      leg: input.leg,
      circuitId: circuit.id,
      serviceKey,
      kind: 'service-key-ready',
      sequence: 0,
    } satisfies NotifyProviderInput);

    context.df.setCustomStatus({ phase: 'awaiting-provider', leg: input.leg });
    const waited = (yield context.df.callSubOrchestrator(
      Orchestrations.awaitProvider,
      {
        ...base,
        stepKey: `await-provider:${input.leg}`,
        leg: input.leg,
        circuitId: circuit.id,
        scope: input.circuit.scope,
        serviceKey,
        timing: input.timing,
      } satisfies AwaitProviderInput,
      InstanceIds.providerWait(input.requestInstanceId, input.leg),
    )) as AwaitProviderOutput;
    if (waited.outcome === 'deadline-exceeded') return { outcome: 'deadline-exceeded', circuit };
  }

  context.df.setCustomStatus({ phase: 'configuring-peerings', leg: input.leg });
  const configured: ResourceSummary[] = [];
  for (const next of input.afterProvider) {
    configured.push(yield* ensureResource(context, { ...base, stepKey: next.stepKey }, next.intent));
  }
  return { outcome: 'ready', circuit, configured };
}
