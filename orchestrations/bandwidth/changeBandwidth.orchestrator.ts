/**
 * Changes the bandwidth and/or SKU of one circuit pair in place, one circuit at a time, so that one circuit is
 * untouched at every instant:
 *
 *   wait for the customer's lease → plan against the registry's spec and Azure (provider offers, usage; no write) →
 *   leg b: change in place and verify (changeCircuitInPlace) → `bandwidth.changed` for the provider
 *   [→ wait for ProviderBandwidthConfirmed, with reminders and a deadline, when configured] →
 *   leg a: the same → the spec takes the new size → Completed.
 *
 * If leg b fails, leg a is never touched: the request fails with the step and code, `bandwidth.failed` tells a
 * person, and nothing is rolled back (a circuit cannot shrink in place). A plan that refuses the change ends the
 * workflow `Rejected` with the reasons and no write. Every step is checkpointed; the lease is released at the end.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { DEFAULT_PAIR_NAME } from '../../shared/domain/pairs';
import { StepKeys } from '../../shared/domain/stepKeys';
import { describeIssues, ErrorCodes, type ErrorDetails } from '../../shared/errors';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { Activities, ExternalEvents, InstanceIds, Orchestrations } from '../contracts';
import { callActivity, callSubOrchestration } from '../steps/calls';
import { recordCheckpoint } from '../steps/checkpoint';
import {
  acquireCustomerLease,
  phaseReporter,
  publishRequestEvent,
  recordOutcome,
  releaseCustomerLease,
} from '../steps/requestSteps';
import { failureDetails, StepFailed } from '../steps/stepFailed';
import type {
  ChangeBandwidthInput,
  ChangeBandwidthOutput,
  CircuitChangeReport,
  CircuitResize,
  CircuitSizing,
} from './contracts';

/** The plan's checkpoint key. */
export const PLAN_STEP_KEY = 'plan-bandwidth';

export function* changeBandwidthOrchestrator(
  context: OrchestrationContext,
): Generator<Task, ChangeBandwidthOutput, unknown> {
  const input = context.df.getInput<ChangeBandwidthInput>();
  const { customerId, requestId } = input;
  const base = { requestId, customerId };
  const setPhase = phaseReporter(context, base);

  setPhase('queued');
  yield* acquireCustomerLease(context, base, input.timing);
  const reports: CircuitChangeReport[] = [];
  try {
    setPhase('validating');
    const plan = yield* callActivity(context, Activities.planBandwidthChange, {
      ...base,
      stepKey: PLAN_STEP_KEY,
      change: input.change,
    });
    if (!plan.ok) {
      yield* recordCheckpoint(context, {
        ...base,
        stepKey: StepKeys.request,
        status: 'Failed',
        error: { code: ErrorCodes.validationFailed, message: describeIssues(plan.issues), retryable: false },
        detail: 'refused before any write',
      });
      yield* recordOutcome(context, {
        requestId,
        status: 'Failed',
        error: { code: ErrorCodes.validationFailed, message: describeIssues(plan.issues), retryable: false },
      });
      setPhase('failed', 'the change was refused before any write');
      return { status: 'Rejected', issues: plan.issues };
    }

    if (plan.circuits.some((resize) => !sameSize(resize.from, resize.to))) {
      yield* callActivity(context, Activities.setCustomerStatus, {
        ...base,
        status: 'Changing',
        reason: `bandwidth change to ${sizeText(plan.to)}`,
      });
    }
    for (const resize of plan.circuits) {
      setPhase('changing', describeResize(resize));
      const changed = yield* callSubOrchestration(
        context,
        Orchestrations.changeCircuitInPlace,
        { ...base, resize, timing: input.timing },
        InstanceIds.longRunning(context.df.instanceId, resize.stepKey),
      );
      if (changed.outcome === 'failed') throw new StepFailed(changed.stepKey, changed.error);
      reports.push(changed.report);
      if (changed.outcome === 'changed') {
        yield* announceChange(context, input, resize);
        if (input.timing.providerConfirmsBandwidth === true) yield* awaitProviderConfirmation(context, input, resize);
      }
    }

    yield* callActivity(context, Activities.recordChangedSpec, { ...base, pair: plan.pair, to: plan.to });
    const written = reports.filter((report) => report.written).length;
    if (plan.circuits.some((resize) => !sameSize(resize.from, resize.to)))
      yield* callActivity(context, Activities.setCustomerStatus, { ...base, status: 'Active' });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Succeeded',
      detail: written === 0 ? 'nothing to change: Azure already had the size' : reports.map(describeReport).join('; '),
    });
    yield* recordOutcome(context, { requestId, status: 'Completed' });
    setPhase('completed', reports.map(describeReport).join('; '));
    return { status: 'Completed', customerId, pair: plan.pair, circuits: reports };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, StepKeys.request);
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Failed',
      error: details,
      detail: `failed at ${stepKey}`,
    });
    yield* callActivity(context, Activities.setCustomerStatus, {
      ...base,
      status: 'Failed',
      reason: `${stepKey}: ${details.code}`,
    });
    yield* callActivity(context, Activities.closeOpenSteps, { ...base, failedStep: stepKey, error: details });
    yield* announceFailure(context, input, stepKey, details, reports);
    yield* recordOutcome(context, { requestId, status: 'Failed', error: details });
    setPhase('failed', `${stepKey}: ${details.code}: ${details.message}`);
    throw new StepFailed(stepKey, details);
  } finally {
    yield* releaseCustomerLease(context, customerId);
  }
}

function sameSize(a: CircuitSizing, b: CircuitSizing): boolean {
  return a.bandwidthMbps === b.bandwidthMbps && a.sku.tier === b.sku.tier && a.sku.family === b.sku.family;
}

function sizeText(sizing: CircuitSizing): string {
  return `${sizing.bandwidthMbps} Mbps ${sizing.sku.tier}/${sizing.sku.family}`;
}

function describeResize(resize: CircuitResize): string {
  return `leg ${resize.leg}: ${sizeText(resize.from)} → ${sizeText(resize.to)}`;
}

function describeReport(report: CircuitChangeReport): string {
  return report.written
    ? `leg ${report.leg}: ${sizeText(report.from)} → ${sizeText(report.to)}`
    : `leg ${report.leg}: already ${sizeText(report.to)}`;
}

/** `bandwidth.changed` for the provider: the circuit's service key, old and new bandwidth. */
function* announceChange(
  context: OrchestrationContext,
  input: ChangeBandwidthInput,
  resize: CircuitResize,
): Generator<Task, void, unknown> {
  yield* publishRequestEvent(
    context,
    input,
    `bandwidth-changed:${resize.stepKey}`,
    OutboundEventTypes.bandwidthChanged,
    {
      requestId: input.requestId,
      leg: resize.leg,
      ...(resize.pair === undefined ? {} : { pair: resize.pair }),
      circuitId: resize.circuit.id,
      serviceKey: resize.serviceKey,
      serviceProviderName: resize.circuit.serviceProviderName,
      peeringLocation: resize.circuit.peeringLocation,
      oldBandwidthMbps: resize.from.bandwidthMbps,
      newBandwidthMbps: resize.to.bandwidthMbps,
      oldSku: resize.from.sku,
      newSku: resize.to.sku,
    },
  );
}

/**
 * Waits for the provider to confirm its side of one circuit (`ProviderBandwidthConfirmed` on the request's instance),
 * reminding it every `providerReminderEveryMs`; at `providerDeadlineMs` it escalates and the request fails at this
 * step (the circuit keeps its new size: Azure's side is done). At most deadline / reminder interval reminders, so the
 * history stays bounded.
 */
function* awaitProviderConfirmation(
  context: OrchestrationContext,
  input: ChangeBandwidthInput,
  resize: CircuitResize,
): Generator<Task, void, unknown> {
  const stepKey = `provider-confirms-${resize.stepKey}`;
  const step = { requestId: input.requestId, customerId: input.customerId, stepKey };
  const { timing } = input;
  const deadlineAt = context.df.currentUtcDateTime.getTime() + timing.providerDeadlineMs;
  yield* recordCheckpoint(context, {
    ...step,
    status: 'Waiting',
    armIds: [resize.circuit.id],
    detail: 'waiting for the provider to confirm the new bandwidth',
  });
  const remind = (kind: 'reminder' | 'escalation', sequence: number, detail: string) =>
    publishRequestEvent(
      context,
      input,
      `bandwidth-${kind}:${resize.stepKey}:${sequence}`,
      kind === 'reminder' ? OutboundEventTypes.provisioningReminder : OutboundEventTypes.provisioningEscalated,
      {
        requestId: input.requestId,
        leg: resize.leg,
        circuitId: resize.circuit.id,
        serviceKey: resize.serviceKey,
        newBandwidthMbps: resize.to.bandwidthMbps,
        detail,
      },
    );
  let reminders = 0;
  let nextReminderAt = context.df.currentUtcDateTime.getTime() + timing.providerReminderEveryMs;
  for (;;) {
    const now = context.df.currentUtcDateTime.getTime();
    if (now >= deadlineAt) {
      const detail = `the provider has not confirmed ${resize.to.bandwidthMbps} Mbps on leg ${resize.leg} before the deadline`;
      yield* remind('escalation', 0, detail);
      throw new StepFailed(stepKey, { code: ErrorCodes.providerDeadlineExceeded, message: detail, retryable: false });
    }
    if (now >= nextReminderAt) {
      reminders += 1;
      yield* remind(
        'reminder',
        reminders,
        `reminder ${reminders}: confirm ${resize.to.bandwidthMbps} Mbps on leg ${resize.leg}`,
      );
      nextReminderAt += timing.providerReminderEveryMs;
    }
    const timer = context.df.createTimer(new Date(Math.min(nextReminderAt, deadlineAt)));
    const confirmation = context.df.waitForExternalEvent(ExternalEvents.providerBandwidthConfirmed);
    const winner = yield context.df.Task.any([timer, confirmation]);
    if (winner === confirmation) {
      timer.cancel();
      if (confirmsLeg(confirmation.result, resize)) break;
    }
  }
  yield* recordCheckpoint(context, { ...step, status: 'Succeeded', armIds: [resize.circuit.id] });
}

/** A confirmation confirms the circuit waited for, unless it names another leg (`{ "leg": "a" }`) or pair. */
function confirmsLeg(data: unknown, resize: CircuitResize): boolean {
  if (typeof data !== 'object' || data === null) return true;
  if ('leg' in data && data.leg !== undefined && data.leg !== resize.leg) return false;
  return !('pair' in data) || data.pair === undefined || data.pair === (resize.pair ?? DEFAULT_PAIR_NAME);
}

/** `bandwidth.failed`: a person must look; it says where it stopped and what each circuit runs at. */
function* announceFailure(
  context: OrchestrationContext,
  input: ChangeBandwidthInput,
  stepKey: string,
  error: ErrorDetails,
  reports: readonly CircuitChangeReport[],
): Generator<Task, void, unknown> {
  yield* publishRequestEvent(context, input, 'bandwidth-failed', OutboundEventTypes.bandwidthChangeFailed, {
    requestId: input.requestId,
    pair: input.pair,
    stepKey,
    error,
    changed: reports.map((report) => ({
      leg: report.leg,
      circuitId: report.circuitId,
      bandwidthMbps: report.to.bandwidthMbps,
      sku: report.to.sku,
    })),
  });
}
