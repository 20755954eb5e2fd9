/**
 * One circuit lane, version 2 (version 1: provisionCircuitLeg.orchestrator.ts, kept for instances in flight).
 * Create the circuit, read it until Azure shows its real service key, hand that key to the provider, make the
 * circuit's authorizations while the provider works, wait for the provider, write its peerings, then connect the
 * VNets to it, side by side, each as soon as its gateway has been built (steps/onboardingLanes.ts). Every write on
 * a circuit locks it (ARM refuses concurrent ones), so the lane writes those one at a time; and nothing waits inside
 * an activity: each operation is started by one activity and read on durable timers (`ensureAndPoll`).
 *
 * A failure is recorded on its step and stops the whole request at once (its other lanes stop waiting for their
 * provider); the lane returns it as a value, with what it had made.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { ResourceIntent } from '../shared/domain/intents';
import type { CircuitLaneInput, ProvisionCircuitLegOutput, ResourceSummary } from './contracts';
import { ErrorCodes } from '../shared/errors';
import { firstFailure, longRunningTask, madeBy } from './steps/buildWaves';
import { all } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { awaitServiceKey, handToProviderAndWait, hasRealServiceKey } from './steps/circuitLeg';
import { ensureAndPoll } from './steps/ensureResource';
import { failureDetails } from './steps/stepFailed';
import { stopRequestOnFailure } from './steps/stopOnFailure';

export function* provisionCircuitLegV2Orchestrator(
  context: OrchestrationContext,
): Generator<Task, ProvisionCircuitLegOutput, unknown> {
  const input = context.df.getInput<CircuitLaneInput>();
  const made: ResourceSummary[] = [];
  try {
    return yield* provisionLane(context, input, made);
  } catch (error) {
    const { stepKey, details } = failureDetails(error, input.stepKey);
    const step = { requestId: input.requestId, customerId: input.customerId, stepKey };
    if (details.code !== ErrorCodes.requestEnded) {
      yield* recordCheckpoint(context, { ...step, status: 'Failed', error: details });
      yield* stopRequestOnFailure(context, step, details, input.stopOnFailure);
    }
    return { outcome: 'failed', stepKey, error: details, existing: made };
  }
}

/** `made` collects what the lane has made so far, so that a failure can say what exists (and is billed). */
function* provisionLane(
  context: OrchestrationContext,
  input: CircuitLaneInput,
  made: ResourceSummary[],
): Generator<Task, ProvisionCircuitLegOutput, unknown> {
  const base = { requestId: input.requestId, customerId: input.customerId };
  const ofPair = input.pair === undefined ? {} : { pair: input.pair };
  const ensure = function* (stepKey: string, intent: ResourceIntent): Generator<Task, ResourceSummary, unknown> {
    const resource = yield* ensureAndPoll(context, { ...base, stepKey }, intent, input.timing);
    made.push(resource);
    return resource;
  };
  const configured: ResourceSummary[] = [];
  const authorize = function* (): Generator<Task, void, unknown> {
    for (const next of input.beforeProvider) configured.push(yield* ensure(next.stepKey, next.intent));
  };

  context.df.setCustomStatus({ phase: 'provisioning', leg: input.leg, ...ofPair });
  let circuit = yield* ensure(input.stepKey, input.circuit);
  if (circuit.serviceProviderProvisioningState === 'Provisioned') {
    // Provisioned already (the request runs again): nothing to hand over or wait for.
    yield* authorize();
  } else {
    if (!hasRealServiceKey(circuit)) circuit = yield* awaitServiceKey(context, input, circuit);
    // The authorizations are made while the provider works: they need only the circuit.
    const waited = yield* handToProviderAndWait(context, input, circuit, authorize);
    if (waited.outcome === 'deadline-exceeded') return { outcome: 'deadline-exceeded', circuit };
    if (waited.outcome === 'stopped') return { outcome: 'stopped', circuit };
  }

  context.df.setCustomStatus({ phase: 'configuring-peerings', leg: input.leg, ...ofPair });
  for (const next of input.afterProvider) configured.push(yield* ensure(next.stepKey, next.intent));

  if (input.connections.length > 0) {
    context.df.setCustomStatus({ phase: 'connecting', leg: input.leg, ...ofPair });
    const { connections } = yield* all(context, {
      connections: input.connections.map((connection) =>
        longRunningTask(context, {
          ...base,
          stepKey: connection.stepKey,
          intent: connection.intent,
          ...(connection.gateway === undefined ? {} : { waitFor: connection.gateway }),
          timing: input.timing,
          // A connection that fails records it and stops the request at once, not when its siblings are done.
          stopOnFailure: input.stopOnFailure,
        }),
      ),
    });
    for (const connection of connections) {
      const resources = madeBy(connection);
      made.push(...resources);
      configured.push(...resources);
    }
    // Already recorded, and the request stopped, by the connection's own instance.
    const failure = firstFailure(connections);
    if (failure !== undefined) return { ...failure, existing: made };
  }
  return { outcome: 'ready', circuit, configured };
}
