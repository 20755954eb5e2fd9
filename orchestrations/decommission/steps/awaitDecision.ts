/**
 * A decommission without approval waits for a person's decision on the plan it published: an `Approval` naming the
 * plan's digest, or a `Rejection`, until the deadline (`ERCSP_APPROVAL_TIMEOUT`, 7 days by default), with reminders.
 *
 * An approval is checked against Azure: the plan is read again, and if what exists changed since it was published
 * (another digest), the new plan is published and approval is asked again. An approval naming another digest (a
 * stale plan) is not taken: the current plan is published again. The deadline stays the first one.
 *
 * durable-js gives an external event to the newest waiter of its name, so the waiters each round creates take over
 * from the previous round's, and an event raised while no waiter exists waits for the next one.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { TeardownPlan } from '../../../shared/domain/teardownPlan';
import { OutboundEventTypes } from '../../../shared/ports/outbound';
import type { DecommissionCustomerInput } from '../../../shared/ports/requestWorkflows';
import { Activities, ExternalEvents } from '../../contracts';
import { callActivity } from '../../steps/calls';
import { recordCheckpoint } from '../../steps/checkpoint';
import { DecommissionStepKeys, type TeardownDecision } from '../contracts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** `ERCSP_APPROVAL_TIMEOUT`'s default, for timings recorded before it existed. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 7 * DAY_MS;

export type DecisionOutcome =
  | { readonly kind: 'approved'; readonly decision: TeardownDecision; readonly plan: TeardownPlan }
  | { readonly kind: 'rejected'; readonly plan: TeardownPlan; readonly rejectedBy: string; readonly reason: string }
  | { readonly kind: 'expired'; readonly plan: TeardownPlan };

interface ApprovalEvent {
  readonly approvedBy: string;
  readonly planDigest: string;
  readonly reference?: string;
  readonly reason?: string;
  readonly sentBy?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null && name in data
    ? (data as Record<string, unknown>)[name]
    : undefined;
}

/** The approval's fields (the HTTP endpoint validated them; a raw event is checked again here). */
export function approvalOf(data: unknown): ApprovalEvent | undefined {
  const approvedBy = text(field(data, 'approvedBy'));
  const planDigest = text(field(data, 'planDigest'));
  if (approvedBy === undefined || planDigest === undefined) return undefined;
  const reference = text(field(data, 'reference'));
  const reason = text(field(data, 'reason'));
  const sentBy = text(field(data, 'sentBy'));
  return {
    approvedBy,
    planDigest,
    ...(reference === undefined ? {} : { reference }),
    ...(reason === undefined ? {} : { reason }),
    ...(sentBy === undefined ? {} : { sentBy }),
  };
}

/** What a plan looks like in the `decommission.planned` event: resources, steps, kept, cost, digest. No keys. */
export function plannedEventData(requestId: string, plan: TeardownPlan, round: number): Record<string, unknown> {
  return {
    requestId,
    round,
    planDigest: plan.digest,
    approveWith: {
      endpoint: `POST /api/requests/${requestId}/events/Approval`,
      body: { approvedBy: '<who approves>', planDigest: plan.digest, reference: '<change ticket>' },
    },
    steps: plan.steps.map((step) =>
      step.action === 'delete'
        ? { key: step.key, phase: step.phase, action: 'delete', kind: step.resource.kind, id: step.resource.id }
        : { key: step.key, phase: step.phase, action: 'requestDeprovision', id: step.circuit.id },
    ),
    circuits: plan.circuits.map((circuit) => ({
      id: circuit.id,
      serviceProviderName: circuit.serviceProviderName,
      peeringLocation: circuit.peeringLocation,
      bandwidthMbps: circuit.bandwidthMbps,
      sku: circuit.sku,
      monthlyPriceUsd: circuit.monthlyPriceUsd ?? null,
    })),
    monthlyCostUsd: plan.monthlyCostUsd ?? null,
    kept: plan.kept,
  };
}

export function* awaitDecision(
  context: OrchestrationContext,
  input: DecommissionCustomerInput,
  firstPlan: TeardownPlan,
): Generator<Task, DecisionOutcome, unknown> {
  const base = { requestId: input.requestId, customerId: input.customerId };
  const start = context.df.currentUtcDateTime.getTime();
  const deadline = start + (input.timing.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS);
  const reminderEvery = input.timing.providerReminderEveryMs;
  let plan = firstPlan;
  let round = 1;
  let published = 0;
  let reminders = 0;
  let nextReminderAt = start + reminderEvery;

  const publish = function* (): Generator<Task, void, unknown> {
    published += 1;
    yield* callActivity(context, Activities.publishEvent, {
      id: `${input.requestId}:decommission-planned:${published}`,
      type: OutboundEventTypes.decommissionPlanned,
      customerId: input.customerId,
      time: context.df.currentUtcDateTime.toISOString(),
      data: plannedEventData(input.requestId, plan, round),
    });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: DecommissionStepKeys.approval,
      status: 'Waiting',
      detail: `waiting for an Approval of plan ${plan.digest} (or a Rejection) until ${new Date(deadline).toISOString()}`,
    });
    context.df.setCustomStatus({
      phase: 'awaiting-approval',
      requestId: input.requestId,
      customerId: input.customerId,
      detail: `plan ${plan.digest}: ${plan.steps.length} steps, ${plan.kept.length} kept`,
    });
  };

  yield* publish();
  for (;;) {
    const timer = context.df.createTimer(new Date(Math.min(nextReminderAt, deadline)));
    const approval = context.df.waitForExternalEvent(ExternalEvents.approval);
    const rejection = context.df.waitForExternalEvent(ExternalEvents.rejection);
    const winner = yield context.df.Task.any([timer, approval, rejection]);
    if (winner === timer) {
      if (context.df.currentUtcDateTime.getTime() >= deadline) return { kind: 'expired', plan };
      reminders += 1;
      nextReminderAt += reminderEvery;
      yield* callActivity(context, Activities.publishEvent, {
        id: `${input.requestId}:decommission-approval-reminder:${reminders}`,
        type: OutboundEventTypes.decommissionApprovalReminder,
        customerId: input.customerId,
        time: context.df.currentUtcDateTime.toISOString(),
        data: { requestId: input.requestId, planDigest: plan.digest, deadline: new Date(deadline).toISOString() },
      });
      continue;
    }
    timer.cancel();
    if (winner === rejection) {
      const data = rejection.result;
      return {
        kind: 'rejected',
        plan,
        rejectedBy: text(field(data, 'rejectedBy')) ?? text(field(data, 'sentBy')) ?? 'unknown',
        reason: text(field(data, 'reason')) ?? 'no reason given',
      };
    }
    const approved = approvalOf(approval.result);
    if (approved?.planDigest !== plan.digest) {
      // Not an approval of the plan as published: publish it again and keep waiting.
      yield* publish();
      continue;
    }
    // Approved as published: is Azure still what the plan says?
    round += 1;
    const again = yield* callActivity(context, Activities.planDecommission, {
      ...base,
      deleteGateways: input.request.deleteGateways ?? false,
      stepKey: DecommissionStepKeys.plan(round),
    });
    if (again.ok && again.plan.digest === plan.digest) {
      return {
        kind: 'approved',
        plan: again.plan,
        decision: {
          approvedBy: approved.approvedBy,
          planDigest: plan.digest,
          via: 'event',
          at: context.df.currentUtcDateTime.toISOString(),
          ...(approved.reference === undefined ? {} : { reference: approved.reference }),
          ...(approved.reason === undefined ? {} : { reason: approved.reason }),
          ...(approved.sentBy === undefined ? {} : { sentBy: approved.sentBy }),
        },
      };
    }
    if (again.ok) plan = again.plan;
    yield* publish();
  }
}
