/**
 * Decommissions one customer, only on a recorded decision:
 *
 *   wait for the customer's lease → read Azure, plan the teardown →
 *   decision: the request's `approval`, or publish the plan (`decommission.planned`) and wait for an Approval naming
 *   its digest (re-planned if Azure changed), a Rejection, or the deadline →
 *   customer Decommissioning → executeTeardown (connections … provider deprovisioning … circuits: the bill stops …) →
 *   customer Decommissioned, its subscriptions released → ledger Completed → `decommission.completed` with each circuit's billing stop time.
 *
 * Rejected or expired: nothing is deleted, the ledger says Rejected or Expired. The provider missing its deadline
 * or a delete Azure refuses: the request fails at that step, nothing more is deleted, and `decommission.failed`
 * lists what is left (circuits are billed until deleted). Every step is checkpointed; none is left open.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { StepKeys } from '../../shared/domain/stepKeys';
import type { TeardownPlan } from '../../shared/domain/teardownPlan';
import { describeIssues, ErrorCodes, type ErrorDetails } from '../../shared/errors';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import type { DecommissionCustomerInput, DecommissionCustomerOutput } from '../../shared/ports/requestWorkflows';
import { Activities, InstanceIds, Orchestrations } from '../contracts';
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
import { DecommissionStepKeys, type TeardownDecision } from './contracts';
import { awaitDecision } from './steps/awaitDecision';

export function* decommissionCustomerOrchestrator(
  context: OrchestrationContext,
): Generator<Task, DecommissionCustomerOutput, unknown> {
  const input = context.df.getInput<DecommissionCustomerInput>();
  const { customerId, requestId } = input;
  const base = { requestId, customerId };
  const setPhase = phaseReporter(context, base);

  setPhase('queued');
  yield* acquireCustomerLease(context, base, input.timing);
  let planDigest: string | undefined;
  let plan: TeardownPlan | undefined;
  try {
    setPhase('validating', 'reading what exists in Azure');
    const planned = yield* callActivity(context, Activities.planDecommission, {
      ...base,
      deleteGateways: input.request.deleteGateways ?? false,
      stepKey: DecommissionStepKeys.plan(),
    });
    if (!planned.ok) {
      throw new StepFailed(DecommissionStepKeys.plan(), {
        code: ErrorCodes.validationFailed,
        message: describeIssues(planned.issues),
        retryable: false,
      });
    }
    plan = planned.plan;
    planDigest = plan.digest;

    let decision: TeardownDecision;
    const approval = input.request.approval;
    if (approval !== undefined) {
      decision = {
        approvedBy: approval.approvedBy,
        reference: approval.ticket,
        reason: input.request.reason,
        planDigest: plan.digest,
        via: 'request',
        at: approval.approvedAt,
      };
    } else {
      const outcome = yield* awaitDecision(context, input, plan);
      plan = outcome.plan;
      planDigest = plan.digest;
      if (outcome.kind !== 'approved') {
        const rejected = outcome.kind === 'rejected';
        const detail = rejected
          ? `rejected by ${outcome.rejectedBy}: ${outcome.reason}; nothing was deleted`
          : 'no decision before the approval deadline; nothing was deleted';
        yield* recordCheckpoint(context, {
          ...base,
          stepKey: DecommissionStepKeys.approval,
          status: rejected ? 'Failed' : 'Skipped',
          detail,
          ...(rejected ? { error: { code: 'DecommissionRejected', message: detail, retryable: false } } : {}),
        });
        yield* recordCheckpoint(context, { ...base, stepKey: StepKeys.request, status: 'Skipped', detail });
        const status = rejected ? 'Rejected' : 'Expired';
        yield* publishFailed(context, base, { requestId, status, planDigest, detail });
        yield* recordOutcome(context, { requestId, status });
        setPhase('failed', detail);
        return { status, customerId, planDigest };
      }
      decision = outcome.decision;
    }
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: DecommissionStepKeys.approval,
      status: 'Succeeded',
      detail: `approved by ${decision.approvedBy}${decision.reference === undefined ? '' : ` (${decision.reference})`} via ${decision.via}${decision.sentBy === undefined ? '' : `, sent by ${decision.sentBy}`}; plan ${decision.planDigest}`,
    });

    setPhase('tearing-down', `${plan.steps.length} steps`);
    yield* callActivity(context, Activities.setCustomerStatus, {
      ...base,
      status: 'Decommissioning',
      reason: `request ${requestId}, approved by ${decision.approvedBy}`,
    });
    const teardown = yield* callSubOrchestration(
      context,
      Orchestrations.executeTeardown,
      { ...base, requestInstanceId: context.df.instanceId, plan, decision, timing: input.timing },
      InstanceIds.teardown(context.df.instanceId),
    );
    if (teardown.outcome === 'provider-deadline') {
      throw new StepFailed(teardown.stepKey, {
        code: ErrorCodes.providerDeadlineExceeded,
        message: `the provider did not deprovision ${teardown.circuitIds.join(', ')} before the deadline; the circuits, the route filter and any gateways are kept (and the circuits billed): ask the provider to deprovision, then send the decommission again`,
        retryable: false,
      });
    }
    if (teardown.outcome === 'failed') throw new StepFailed(teardown.stepKey, teardown.error);

    yield* callActivity(context, Activities.setCustomerStatus, { ...base, status: 'Decommissioned' });
    yield* callActivity(context, Activities.releaseSubscriptions, {
      ...base,
      stepKey: DecommissionStepKeys.releaseSubscriptions,
    });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Succeeded',
      detail: `${teardown.deleted} deleted, ${teardown.alreadyGone} already gone, ${plan.kept.length} kept`,
    });
    yield* recordOutcome(context, { requestId, status: 'Completed' });
    yield* publishRequestEvent(context, base, 'decommission-completed', OutboundEventTypes.decommissionCompleted, {
      requestId,
      planDigest,
      approvedBy: decision.approvedBy,
      deleted: teardown.deleted,
      alreadyGone: teardown.alreadyGone,
      billingStops: teardown.billingStops,
      kept: plan.kept,
    });
    setPhase('completed');
    return { status: 'Completed', customerId, planDigest, billingStops: teardown.billingStops };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, StepKeys.request);
    yield* failRequest(context, base, stepKey, details, plan);
    setPhase('failed', `${stepKey}: ${details.code}: ${details.message}`);
    return { status: 'Failed', customerId, ...(planDigest === undefined ? {} : { planDigest }) };
  } finally {
    yield* releaseCustomerLease(context, customerId);
  }
}

function* failRequest(
  context: OrchestrationContext,
  base: { requestId: string; customerId: string },
  stepKey: string,
  details: ErrorDetails,
  plan: TeardownPlan | undefined,
): Generator<Task, void, unknown> {
  yield* recordCheckpoint(context, {
    ...base,
    stepKey: StepKeys.request,
    status: 'Failed',
    error: details,
    detail: `failed at ${stepKey}`,
  });
  yield* callActivity(context, Activities.closeOpenSteps, { ...base, failedStep: stepKey, error: details });
  yield* publishFailed(context, base, {
    requestId: base.requestId,
    status: 'Failed',
    stepKey,
    error: details,
    // What may still exist: the circuits are billed until they are deleted.
    circuits: (plan?.circuits ?? []).map((circuit) => ({ id: circuit.id, billed: true })),
  });
  yield* recordOutcome(context, { requestId: base.requestId, status: 'Failed', error: details });
}

function* publishFailed(
  context: OrchestrationContext,
  base: { requestId: string; customerId: string },
  data: Record<string, unknown>,
): Generator<Task, void, unknown> {
  yield* publishRequestEvent(context, base, 'decommission-failed', OutboundEventTypes.decommissionFailed, data);
}
