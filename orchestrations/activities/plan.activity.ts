import { planTopology } from '../../shared/domain/planner';
import { deriveTopology } from '../../shared/domain/topology';
import { validateCustomerSpec } from '../../shared/domain/validation';
import type { PlanOnboardingInput, PlanOnboardingOutput } from '../contracts';
import type { ActivityDependencies } from './dependencies';

/**
 * Validates the spec against every ExpressRoute rule and plans the topology. Runs as an activity (not in the
 * orchestrator) so that the plan is recorded in history: a newer planner never changes a running request's replay.
 */
export function createPlanOnboardingActivity(deps: ActivityDependencies) {
  return async (input: PlanOnboardingInput): Promise<PlanOnboardingOutput> => {
    const step = { customerId: input.spec.customer.id, requestId: input.requestId, stepKey: 'validate' };
    const validated = validateCustomerSpec(input.spec, { cspSubscriptionIds: deps.csp.subscriptionIds });
    if (!validated.ok) {
      await deps.checkpoints.record({
        ...step,
        status: 'Failed',
        errorCode: 'ValidationFailed',
        errorMessage: validated.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      });
      return { ok: false, issues: validated.issues };
    }
    const topology = deriveTopology(validated.value, { cspTenantId: deps.csp.tenantId });
    const plan = planTopology(topology);
    await deps.checkpoints.record({
      ...step,
      status: 'Succeeded',
      detail: { resources: topology.resources.length, steps: plan.steps.length, stages: plan.stages.length },
    });
    return { ok: true, plan, tenantId: topology.tenantId };
  };
}
