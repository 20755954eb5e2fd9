/**
 * Changes one circuit in place and verifies it: the reusable unit of a bandwidth or SKU change (the migration
 * workflow reuses it for the circuits it keeps).
 *
 *   ensure (GET → only the size fields change → PUT the merged object: peerings and authorizations go back as read;
 *   nothing written when Azure already has the size) → poll on durable timers until the write has settled →
 *   read back bandwidth, SKU and circuitProvisioningState, and the circuit's peerings and VNet links still up.
 *
 * A failure is returned as a value (with the step and code), never thrown: the caller decides what the other circuit
 * does. A host stop after any step resumes without a second write: the ensure finds the size already in Azure.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { ErrorCodes } from '../../shared/errors';
import { Activities, type ResourceSummary } from '../contracts';
import { callActivity } from '../steps/calls';
import { recordCheckpoint } from '../steps/checkpoint';
import { ensureResource, TERMINAL_STATES } from '../steps/ensureResource';
import { pollUntil } from '../steps/poll';
import { failureDetails, StepFailed } from '../steps/stepFailed';
import type { ChangeCircuitInPlaceInput, ChangeCircuitInPlaceOutput } from './contracts';

/** Azure resizes a circuit in minutes; past this something is wrong and a person must look. */
const SETTLE_DEADLINE_MS = 2 * 3_600_000;
const MAX_POLL_INTERVAL_MS = 5 * 60_000;
/** Reading back: BGP and links get a few polls to settle after the write. */
const VERIFY_ATTEMPTS = 5;

export function* changeCircuitInPlaceOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ChangeCircuitInPlaceOutput, unknown> {
  const input = context.df.getInput<ChangeCircuitInPlaceInput>();
  const { resize } = input;
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey: resize.stepKey };
  try {
    const ensured = yield* ensureResource(context, step, resize.circuit, false);
    const written = ensured.outcome !== 'unchanged';
    context.df.setCustomStatus({ stepKey: resize.stepKey, provisioningState: ensured.provisioningState });
    const settled = TERMINAL_STATES.has(ensured.provisioningState)
      ? ensured
      : yield* awaitSettled(context, input, ensured);
    if (settled.provisioningState !== 'Succeeded') {
      throw new StepFailed(resize.stepKey, {
        code: ErrorCodes.provisioningFailed,
        message: `${resize.circuit.id} ended in provisioningState ${settled.provisioningState} after the change to ${resize.to.bandwidthMbps} Mbps`,
        retryable: false,
      });
    }
    yield* verify(context, input);
    yield* recordCheckpoint(context, {
      ...step,
      status: 'Succeeded',
      armIds: [resize.circuit.id],
      detail: written
        ? `${resize.from.bandwidthMbps} → ${resize.to.bandwidthMbps} Mbps, ${resize.to.sku.tier}/${resize.to.sku.family}`
        : `already ${resize.to.bandwidthMbps} Mbps, ${resize.to.sku.tier}/${resize.to.sku.family}: nothing written`,
    });
    return {
      outcome: written ? 'changed' : 'unchanged',
      report: { leg: resize.leg, circuitId: resize.circuit.id, from: resize.from, to: resize.to, written },
    };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, resize.stepKey);
    yield* recordCheckpoint(context, {
      ...step,
      stepKey,
      status: 'Failed',
      armIds: [resize.circuit.id],
      error: details,
    });
    return { outcome: 'failed', stepKey, error: details };
  }
}

/** The write was accepted a moment ago: the first read comes after the first sleep. */
function* awaitSettled(
  context: OrchestrationContext,
  input: ChangeCircuitInPlaceInput,
  started: ResourceSummary,
): Generator<Task, ResourceSummary, unknown> {
  const { resize } = input;
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + input.timing.resourcePollMs));
  const polled = yield* pollUntil(context, {
    check: function* () {
      const read = yield* callActivity(context, Activities.readResource, {
        kind: 'circuit',
        id: resize.circuit.id,
        scope: resize.circuit.scope,
      });
      if (!read.exists) {
        throw new StepFailed(resize.stepKey, {
          code: ErrorCodes.resourceDisappeared,
          message: `${resize.circuit.id} no longer exists while its size was changing`,
          retryable: false,
        });
      }
      return read.resource;
    },
    isDone: (circuit) => TERMINAL_STATES.has(circuit.provisioningState),
    deadlineAt: context.df.currentUtcDateTime.getTime() + SETTLE_DEADLINE_MS,
    intervalMs: input.timing.resourcePollMs,
    maxIntervalMs: MAX_POLL_INTERVAL_MS,
    backoff: 1.5,
  });
  if (polled.status !== 'done') {
    throw new StepFailed(resize.stepKey, {
      code: ErrorCodes.provisioningTimedOut,
      message: `${resize.circuit.id} still ${polled.value.provisioningState} after ${polled.checks} polls (was ${started.provisioningState})`,
      retryable: false,
    });
  }
  return polled.value;
}

function* verify(context: OrchestrationContext, input: ChangeCircuitInPlaceInput): Generator<Task, void, unknown> {
  const { resize } = input;
  const stepKey = `verify-${resize.stepKey}`;
  const result = yield* pollUntil(context, {
    check: () =>
      callActivity(context, Activities.verifyCircuitChange, {
        requestId: input.requestId,
        customerId: input.customerId,
        stepKey,
        circuitId: resize.circuit.id,
        scope: resize.circuit.scope,
        expected: resize.to,
        dependents: resize.dependents,
      }),
    isDone: (verified) => verified.ok,
    deadlineAt: context.df.currentUtcDateTime.getTime() + (VERIFY_ATTEMPTS - 1) * input.timing.resourcePollMs,
    intervalMs: input.timing.resourcePollMs,
  });
  if (result.status !== 'done') {
    throw new StepFailed(stepKey, {
      code: ErrorCodes.verificationFailed,
      message: `${resize.circuit.id}: ${result.value.problems.join('; ')}`,
      retryable: false,
    });
  }
}
