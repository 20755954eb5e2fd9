/**
 * Onboards one customer onto its circuit pairs, driven by the planner's plan:
 *
 *   validate + plan → wait for the customer's lease → register → build → verify by reading back → Active.
 *
 * The build is what changed between versions, and each version keeps its own orchestrator name so that instances
 * started by one release replay unchanged after the next (test/fixtures/histories/README.md):
 * - `onboardCustomerV2` (what requests start): a lane per circuit carries it to its VNets' connections, each VNet
 *   connecting as soon as that circuit and that VNet's gateway are ready, and no activity waits for ARM on an
 *   operation of minutes (steps/onboardingLanes.ts, buildWaves.ts `buildLanes`);
 * - `onboardCustomer` (version 1, kept for instances in flight): in waves (steps/onboardingWaves.ts, buildWaves.ts).
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
import type { Plan } from '../shared/domain/plan';
import { buildLanes, buildWaves, verifyResources, type BuildProgress, type BuildRequest } from './steps/buildWaves';
import { callActivity } from './steps/calls';
import { recordCheckpoint } from './steps/checkpoint';
import { onboardingWaves } from './steps/onboardingWaves';
import { onboardingLanes } from './steps/onboardingLanes';
import {
  acquireCustomerLease,
  phaseReporter,
  publishRequestEvent,
  recordOutcome,
  releaseCustomerLease,
  type SetPhase,
} from './steps/requestSteps';
import { failureDetails, StepFailed } from './steps/stepFailed';

/** How a version builds a plan: the shape it runs (computed before the lease), and the run. */
interface OnboardingBuild<Shape> {
  readonly shape: (plan: Plan) => Shape;
  readonly build: (
    context: OrchestrationContext,
    request: BuildRequest,
    shape: Shape,
    setPhase: SetPhase,
    progress: BuildProgress,
  ) => Generator<Task, void, unknown>;
}

export const onboardCustomerOrchestrator = onboardingOrchestrator({ shape: onboardingWaves, build: buildWaves });
export const onboardCustomerV2Orchestrator = onboardingOrchestrator({ shape: onboardingLanes, build: buildLanes });

function onboardingOrchestrator<Shape>(
  how: OnboardingBuild<Shape>,
): (context: OrchestrationContext) => Generator<Task, OnboardCustomerOutput, unknown> {
  return function* (context) {
    return yield* onboard(context, how);
  };
}

function* onboard<Shape>(
  context: OrchestrationContext,
  how: OnboardingBuild<Shape>,
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
  const shape = how.shape(planned.plan);
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
    yield* how.build(context, { ...base, timing: input.timing }, shape, setPhase, progress);
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
