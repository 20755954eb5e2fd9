import type { RegisterCustomerInput, SetCustomerStatusInput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';

/** Idempotent: registering the same customer again changes nothing. */
export function createRegisterCustomerActivity(deps: ActivityDependencies) {
  return async (input: RegisterCustomerInput): Promise<void> => {
    const step = { customerId: input.spec.customer.id, requestId: input.requestId, stepKey: 'register' };
    await deps.checkpoints.record({ ...step, status: 'Started' });
    const result = await deps.customers.register(input.spec.customer, {
      circuitSubscriptionId: input.spec.circuits.subscriptionId,
      vnetIds: input.spec.vnetLinks.map((link) => link.vnetId),
      requestId: input.requestId,
    });
    if (result.created || result.record.status === 'Failed') {
      await deps.customers.setStatus(input.spec.customer.id, 'Onboarding', { requestId: input.requestId });
    }
    await deps.checkpoints.record({
      ...step,
      status: 'Succeeded',
      outcome: result.created ? 'created' : result.updated ? 'updated' : 'unchanged',
      detail: { subscriptions: result.record.subscriptions.length, model: result.record.model },
    });
  };
}

export function createSetCustomerStatusActivity(deps: ActivityDependencies) {
  return async (input: SetCustomerStatusInput): Promise<void> => {
    await deps.customers.setStatus(input.customerId, input.status, {
      requestId: input.requestId,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    });
  };
}
