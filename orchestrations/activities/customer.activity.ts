import type { RegisterCustomerInput, SetCustomerStatusInput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { CustomerRegistryErrors } from '../../shared/ports/customers';
import { AppError } from '../../shared/errors';

/**
 * Idempotent: registering the same customer again changes nothing. Records the plan's placements (`input.placements`)
 * once the customer exists.
 */
export function createRegisterCustomerActivity(deps: ActivityDependencies) {
  return async (input: RegisterCustomerInput): Promise<void> => {
    const step = { customerId: input.spec.customer.id, requestId: input.requestId, stepKey: 'register' };
    await deps.checkpoints.record({ ...step, status: 'Started' });
    const result = await deps.customers.register(input.spec.customer, {
      circuitSubscriptionId: input.spec.circuits.subscriptionId,
      vnetIds: input.spec.vnetLinks.map((link) => link.vnetId),
      requestId: input.requestId,
    });
    // The desired state day-2 changes start from (a bandwidth change is assessed against it at intake).
    await deps.specs.recordSpec(input.spec.customer.id, input.spec, input.requestId);
    if (result.created || result.record.status === 'Failed') {
      await deps.customers.setStatus(input.spec.customer.id, 'Onboarding', { requestId: input.requestId });
    }
    // Idempotent; a pair placed elsewhere meanwhile (a concurrent request) throws, before anything is built.
    for (const [pairName, subscriptionId] of Object.entries(input.placements ?? {})) {
      await deps.placements.recordPlacement(input.spec.customer.id, pairName, subscriptionId);
    }
    await deps.checkpoints.record({
      ...step,
      status: 'Succeeded',
      outcome: result.created ? 'created' : result.updated ? 'updated' : 'unchanged',
      detail: { subscriptions: result.record.subscriptions.length, model: result.record.model },
    });
  };
}

/**
 * Sets the customer's lifecycle status. A customer that was never registered (a run that failed before its register
 * step, or was refused before it) has no status to set: nothing is recorded and the activity returns, so that the
 * failure path that calls it always goes on to record the request's outcome. Anything else is thrown (a retry may
 * fix it).
 */
export function createSetCustomerStatusActivity(deps: ActivityDependencies) {
  return async (input: SetCustomerStatusInput): Promise<void> => {
    try {
      await deps.customers.setStatus(input.customerId, input.status, {
        requestId: input.requestId,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === CustomerRegistryErrors.notFound) return;
      throw error;
    }
  };
}
