import { planTopology } from '../../shared/domain/planner';
import { providerOfferIssues } from '../../shared/domain/providerOffers';
import { deriveTopology } from '../../shared/domain/topology';
import type { Topology } from '../../shared/domain/intents';
import { validateCustomerSpec } from '../../shared/domain/validation';
import { describeIssues, ValidationError, type ValidationIssue } from '../../shared/errors';
import type { PlanOnboardingInput, PlanOnboardingOutput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { placeOnboardingPairs } from '../../shared/services/onboardingPlacement';

/**
 * Validates the spec against every ExpressRoute rule, places its circuit pairs (connect-through: a pair left without
 * subscription goes where the CSP has room; a named subscription without room for the circuits still to create is
 * refused with the counts) and plans the topology. Nothing is written to ARM here: a refusal leaves Azure untouched.
 * Runs as an activity (not in the orchestrator) so that the plan and the placements are recorded in history: a newer
 * planner, or circuits created meanwhile, never change a running request's replay. The placements are returned for
 * `registerCustomer` to record once the customer exists.
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
    const placed = await placeOnboardingPairs(validated.value, deps);
    if (!placed.ok) return reject(placed.issues);
    let topology: Topology;
    try {
      topology = deriveTopology(placed.spec, { cspTenantId: deps.csp.tenantId });
    } catch (error) {
      if (error instanceof ValidationError) return reject(error.issues);
      throw error;
    }
    // Azure's own list of what the providers sell, before the first write: a circuit it would refuse fails here. The
    // list is the same in every subscription of a cloud: it is read in the CSP's own, which its tenant vouches for
    // (a connect-to customer's subscriptions are registered only after this plan is accepted).
    const catalogueSubscription = deps.csp.subscriptionIds[0];
    const hasCircuits = topology.resources.some((resource) => resource.kind === 'circuit');
    if (hasCircuits && catalogueSubscription !== undefined) {
      const offers = await deps.providerOffers.list({
        tenantId: deps.csp.tenantId,
        subscriptionId: catalogueSubscription,
      });
      const unsold = providerOfferIssues(placed.spec, offers, "Azure's expressRouteServiceProviders");
      if (unsold.length > 0) return reject(unsold);
    }
    const plan = planTopology(topology);
    await deps.checkpoints.record({
      ...step,
      status: 'Succeeded',
      detail: {
        resources: topology.resources.length,
        steps: plan.steps.length,
        stages: plan.stages.length,
        ...(Object.keys(placed.placements).length === 0 ? {} : { placements: placed.placements }),
      },
    });
    return {
      ok: true,
      plan,
      tenantId: topology.tenantId,
      ...(Object.keys(placed.placements).length === 0 ? {} : { placements: placed.placements }),
    };
  };
}
