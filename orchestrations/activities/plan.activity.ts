import { planTopology } from '../../shared/domain/planner';
import { deriveTopology } from '../../shared/domain/topology';
import type { Topology } from '../../shared/domain/intents';
import { validateCustomerSpec } from '../../shared/domain/validation';
import { describeIssues, ValidationError, type ValidationIssue } from '../../shared/errors';
import type { PlanOnboardingInput, PlanOnboardingOutput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';

/**
 * Validates the spec against every ExpressRoute rule and plans the topology. Runs as an activity (not in the
 * orchestrator) so that the plan is recorded in history: a newer planner never changes a running request's replay.
 */
export function createPlanOnboardingActivity(deps: ActivityDependencies) {
  return async (input: PlanOnboardingInput): Promise<PlanOnboardingOutput> => {
    const step = { customerId: input.spec.customer.id, requestId: input.requestId, stepKey: 'validate' };
    const reject = async (issues: readonly ValidationIssue[]): Promise<PlanOnboardingOutput> => {
      await deps.checkpoints.record({
        ...step,
        status: 'Failed',
        errorCode: 'ValidationFailed',
        errorMessage: describeIssues(issues),
      });
      return { ok: false, issues };
    };
    const validated = validateCustomerSpec(input.spec, { cspSubscriptionIds: deps.csp.subscriptionIds });
    if (!validated.ok) return reject(validated.issues);
    let topology: Topology;
    try {
      topology = deriveTopology(validated.value, { cspTenantId: deps.csp.tenantId });
    } catch (error) {
      if (error instanceof ValidationError) return reject(error.issues);
      throw error;
    }
    const plan = planTopology(topology);
    await deps.checkpoints.record({
      ...step,
      status: 'Succeeded',
      detail: { resources: topology.resources.length, steps: plan.steps.length, stages: plan.stages.length },
    });
    return { ok: true, plan, tenantId: topology.tenantId };
  };
}
