/**
 * The parts of a circuit leg that every version of it shares: read the created circuit until Azure shows its real
 * service key, then hand that key to the provider and wait for the provider (a sub-orchestration that keeps its own
 * history bounded). Deterministic, like every orchestrator file.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { isRealServiceKey } from '../../shared/domain/serviceKey';
import { StepKeys } from '../../shared/domain/stepKeys';
import type { CircuitIntent, Leg } from '../../shared/domain/intents';
import { ErrorCodes } from '../../shared/errors';
import {
  Activities,
  InstanceIds,
  Orchestrations,
  type AwaitProviderOutput,
  type LongRunningStepInput,
  type ResourceSummary,
} from '../contracts';
import { callActivity, callSubOrchestration } from './calls';
import { recordCheckpoint } from './checkpoint';
import { pollUntil } from './poll';
import { StepFailed } from './stepFailed';

/** How long a created circuit may take to show its real service key before the leg fails (Azure: seconds). */
const SERVICE_KEY_DEADLINE_MS = 30 * 60_000;
const SERVICE_KEY_MAX_POLL_MS = 5 * 60_000;

/** What a leg knows about itself: its request, circuit, the plan's hand-off and wait step keys, its timing. */
export interface CircuitLegContext {
  readonly requestId: string;
  readonly customerId: string;
  readonly requestInstanceId: string;
  readonly pair?: string;
  readonly leg: Leg;
  readonly circuit: CircuitIntent;
  readonly notifyStepKey: string;
  readonly awaitStepKey: string;
  readonly timing: LongRunningStepInput['timing'];
}

/**
 * Hands the circuit's service key to the provider, does `meanwhile` (work that needs only the circuit), then waits
 * (days) until the provider has provisioned it.
 */
export function* handToProviderAndWait(
  context: OrchestrationContext,
  input: CircuitLegContext,
  circuit: ResourceSummary,
  meanwhile?: () => Generator<Task, void, unknown>,
): Generator<Task, AwaitProviderOutput, unknown> {
  const base = { requestId: input.requestId, customerId: input.customerId };
  const ofPair = input.pair === undefined ? {} : { pair: input.pair };
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
  if (meanwhile !== undefined) yield* meanwhile();
  return yield* callSubOrchestration(
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
}

export function hasRealServiceKey(circuit: ResourceSummary): boolean {
  return circuit.provisioningState === 'Succeeded' && isRealServiceKey(circuit.serviceKey);
}

/**
 * Azure answers a circuit's creation with a placeholder key of zeros and shows the real one only once the circuit is
 * `Succeeded`; after a lost reply the ensure may also find the circuit still `Updating`. Read it (backing off) until
 * it shows a real key: the provider must never be handed zeros or nothing.
 */
export function* awaitServiceKey(
  context: OrchestrationContext,
  input: CircuitLegContext,
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
