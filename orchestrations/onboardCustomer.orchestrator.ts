/**
 * Onboards one customer onto a pair of ExpressRoute circuits, driven by the planner's plan (see
 * steps/onboardingWaves.ts for how the plan becomes waves and lanes):
 *
 *   validate + plan → wait for the customer's lease → register →
 *   route filter, route tables, NSGs →
 *   [leg a: circuit → service key to provider → wait for provider → peerings, authorizations]
 *   ∥ [leg b: the same] ∥ [each VNet's ExpressRoute gateway, 30-45 min] →
 *   connections → subnet associations → verify by reading back → Active.
 *
 * A failure stops the request with the failed step, code and message in the checkpoints; nothing is deleted (a
 * circuit the provider may be provisioning is billed, and only a person decides its fate).
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { StepKeys } from '../shared/domain/stepKeys';
import { describeIssues, ErrorCodes, type ErrorDetails } from '../shared/errors';
import { OutboundEventTypes } from '../shared/ports/outbound';
import {
  Activities,
  type OnboardCustomerInput,
  type OnboardCustomerOutput,
  type SetCustomerStatusInput,
} from './contracts';
import { buildWaves, verifyResources, type BuildProgress } from './steps/buildWaves';
import { callActivity } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { onboardingWaves } from './steps/onboardingWaves';
import {
  acquireCustomerLease,
  phaseReporter,
  publishRequestEvent,
  recordOutcome,
  releaseCustomerLease,
} from './steps/requestSteps';
import { failureDetails, StepFailed } from './steps/stepFailed';

export function* onboardCustomerOrchestrator(
  context: OrchestrationContext,
): Generator<Task, OnboardCustomerOutput, unknown> {
  const input = context.df.getInput<OnboardCustomerInput>();
  const customerId = input.spec.customer.id;
  const base = { requestId: input.requestId, customerId };
  const setPhase = phaseReporter(context, base);

  setPhase('validating');
  const planned = yield* callActivity(context, Activities.planOnboarding, {
    requestId: input.requestId,
    spec: input.spec,
  });
  if (!planned.ok) {
    const message = describeIssues(planned.issues);
    yield* recordOutcome(context, {
      requestId: input.requestId,
      status: 'Failed',
      error: { code: ErrorCodes.validationFailed, message, retryable: false },
    });
    setPhase('failed', 'the request was rejected by validation');
    return { status: 'Rejected', issues: planned.issues };
  }
  const waves = onboardingWaves(planned.plan);
  const resources = planned.plan.steps.flatMap((s) => (s.action === 'ensure' ? [s.intent] : []));

  setPhase('queued');
  yield* acquireCustomerLease(context, base, input.timing);
  const progress: BuildProgress = { made: [] };
  try {
    yield* callActivity(context, Activities.registerCustomer, {
      requestId: input.requestId,
      spec: input.spec,
      ...(planned.placements === undefined ? {} : { placements: planned.placements }),
    });
    yield* buildWaves(context, { ...base, timing: input.timing }, waves, setPhase, progress);
    yield* verifyResources(
      context,
      { ...base, stepKey: StepKeys.verify },
      resources,
      input.timing.resourcePollMs,
      setPhase,
    );

    yield* setCustomerStatus(context, { ...base, status: 'Active' });
    yield* publishRequestEvent(context, base, 'onboarding-completed', OutboundEventTypes.onboardingCompleted, {
      requestId: input.requestId,
      resources: resources.length,
    });
    yield* recordCheckpoint(context, {
      ...base,
      stepKey: StepKeys.request,
      status: 'Succeeded',
      detail: `${resources.length} resources`,
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Completed' });
    setPhase('completed');
    return { status: 'Completed', customerId, resources: resources.length };
  } catch (error) {
    const { stepKey, details } = failureDetails(error, StepKeys.request);
    yield* announceFailure(context, base, stepKey, details);
    yield* callActivity(context, Activities.closeOpenSteps, { ...base, failedStep: stepKey, error: details });
    yield* publishRequestEvent(context, base, 'onboarding-failed', OutboundEventTypes.onboardingFailed, {
      requestId: input.requestId,
      stepKey,
      error: details,
      // What the request made and left in place: nothing is deleted, and circuits are billed until someone decides.
      existing: progress.made.map((r) => ({ id: r.id, kind: r.kind, billed: r.kind === 'circuit' })),
    });
    yield* recordOutcome(context, { requestId: input.requestId, status: 'Failed', error: details });
    setPhase('failed', `${stepKey}: ${details.code}: ${details.message}`);
    throw new StepFailed(stepKey, details);
  } finally {
    yield* releaseCustomerLease(context, customerId);
  }
}

/** The request's failure: its `request` checkpoint says Failed (a failing branch may have said so already). */
function* announceFailure(
  context: OrchestrationContext,
  base: { requestId: string; customerId: string },
  stepKey: string,
  details: ErrorDetails,
): Generator<Task, void, unknown> {
  yield* recordCheckpoint(context, {
    ...base,
    stepKey: StepKeys.request,
    status: 'Failed',
    error: details,
    detail: `failed at ${stepKey}`,
  });
  yield* setCustomerStatus(context, { ...base, status: 'Failed', reason: `${stepKey}: ${details.code}` });
}

function* setCustomerStatus(
  context: OrchestrationContext,
  input: SetCustomerStatusInput,
): Generator<Task, void, unknown> {
  yield* callActivity(context, Activities.setCustomerStatus, input);
}
