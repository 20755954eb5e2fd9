/**
 * One circuit of the pair, from creation to configured: create it, read it until Azure shows its real service key,
 * hand that key to the provider, wait for the provider (a sub-orchestration that keeps its own history bounded),
 * then write its peerings and authorizations one at a time (every write on a circuit locks it; ARM refuses
 * concurrent ones). The two legs run in parallel, beside the gateway builds.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { isRealServiceKey } from '../shared/domain/serviceKey';
import { StepKeys } from '../shared/domain/stepKeys';
import { ErrorCodes } from '../shared/errors';
import {
  Activities,
  InstanceIds,
  Orchestrations,
  type ProvisionCircuitLegInput,
  type ProvisionCircuitLegOutput,
  type ResourceSummary,
} from './contracts';
import { callActivity, callSubOrchestration } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { ensureResource } from './steps/ensureResource';
import { pollUntil } from './steps/poll';
import { failureDetails, StepFailed } from './steps/stepFailed';
import { stopRequestOnFailure } from './steps/stopOnFailure';

/** How long a created circuit may take to show its real service key before the leg fails (Azure: seconds). */
const SERVICE_KEY_DEADLINE_MS = 30 * 60_000;
const SERVICE_KEY_MAX_POLL_MS = 5 * 60_000;

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
    const serviceKey = circuit.serviceKey ?? '';
    yield* callActivity(context, Activities.notifyProvider, {
      ...base,
      stepKey: input.notifyStepKey,
      leg: input.leg,
      ...ofPair,
      circuitId: circuit.id,
      serviceKey,
      kind: 'service-key-ready',
      sequence: 0,
    });

    context.df.setCustomStatus({ phase: 'awaiting-provider', leg: input.leg, ...ofPair });
    const waited = yield* callSubOrchestration(
      context,
      Orchestrations.awaitProvider,
      {
        ...base,
        stepKey: input.awaitStepKey,
        leg: input.leg,
        ...ofPair,
        circuitId: circuit.id,
        scope: input.circuit.scope,
        serviceKey,
        timing: input.timing,
      },
      InstanceIds.providerWait(input.requestInstanceId, input.leg, input.pair),
    );
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

function hasRealServiceKey(circuit: ResourceSummary): boolean {
  return circuit.provisioningState === 'Succeeded' && isRealServiceKey(circuit.serviceKey);
}

/**
 * Azure answers a circuit's creation with a placeholder key of zeros and shows the real one only once the circuit is
 * `Succeeded`; after a lost reply the ensure may also find the circuit still `Updating`. Read it (backing off) until
 * it shows a real key: the provider must never be handed zeros or nothing.
 */
function* awaitServiceKey(
  context: OrchestrationContext,
  input: ProvisionCircuitLegInput,
  created: ResourceSummary,
): Generator<Task, ResourceSummary, unknown> {
  const stepKey = StepKeys.serviceKey(input.leg, input.pair);
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey };
  yield* recordCheckpoint(context, {
    ...step,
    status: 'Waiting',
    armIds: [created.id],
    detail: `the circuit is ${created.provisioningState} and shows no service key yet`,
  });
  const polled = yield* pollUntil(context, {
    check: function* () {
      const read = yield* callActivity(context, Activities.readResource, {
        kind: 'circuit',
        id: created.id,
        scope: input.circuit.scope,
      });
      return read.exists ? read.resource : undefined;
    },
    isDone: (circuit) => circuit !== undefined && hasRealServiceKey(circuit),
    deadlineAt: context.df.currentUtcDateTime.getTime() + SERVICE_KEY_DEADLINE_MS,
    intervalMs: input.timing.resourcePollMs,
    maxIntervalMs: SERVICE_KEY_MAX_POLL_MS,
    backoff: 2,
  });
  if (polled.status !== 'done' || polled.value === undefined) {
    const state = polled.value?.provisioningState ?? 'missing';
    throw new StepFailed(stepKey, {
      code: ErrorCodes.serviceKeyUnavailable,
      message: `${created.id} showed no real service key after ${polled.checks} reads (provisioningState ${state}); nothing was sent to the provider`,
      retryable: false,
    });
  }
  yield* recordCheckpoint(context, { ...step, status: 'Succeeded', armIds: [created.id] });
  return polled.value;
}
