/**
 * The failure path never throws for want of a customer: `setCustomerStatus` on a customer that was never registered
 * (a run refused or failed before its register step) records nothing and returns, so the orchestration goes on to
 * record the request's outcome. Real registry on Azurite.
 */
import { randomUUID } from 'node:crypto';
import { createSetCustomerStatusActivity } from '../../orchestrations/activities/customer.activity';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import type { CustomerRegistry } from '../../shared/ports/customers';
import { onlyDependencies } from '../support/activityDependencies';
import { adapters, uniquePrefix } from '../integration/tables/tablesTestSupport';

const { customers } = adapters(uniquePrefix('act'));

function dependencies(registry: CustomerRegistry): ActivityDependencies {
  return onlyDependencies(
    { customers: registry, csp: { tenantId: randomUUID(), subscriptionIds: [] } },
    'setCustomerStatus',
  );
}

describe('setCustomerStatus activity', () => {
  it('returns without recording anything for a customer that was never registered', async () => {
    const setStatus = createSetCustomerStatusActivity(dependencies(customers));
    await expect(
      setStatus({ customerId: 'never-registered', status: 'Failed', requestId: 'req-1', reason: 'StepFailed' }),
    ).resolves.toBeUndefined();
    expect(await customers.get('never-registered')).toBeUndefined();
  });

  it('sets the status of a registered customer', async () => {
    await customers.register(
      {
        id: 'known',
        tenantId: randomUUID(),
        displayName: 'Known',
        subscriptions: [randomUUID()],
        model: 'connect-through',
      },
      { circuitSubscriptionId: randomUUID(), vnetIds: [], requestId: 'req-0' },
    );
    await createSetCustomerStatusActivity(dependencies(customers))({
      customerId: 'known',
      status: 'Failed',
      requestId: 'req-1',
    });
    expect((await customers.get('known'))?.status).toBe('Failed');
  });

  it('still throws what a retry could fix', async () => {
    const failing: CustomerRegistry = {
      register: customers.register.bind(customers),
      get: customers.get.bind(customers),
      list: customers.list.bind(customers),
      tenantOfSubscription: customers.tenantOfSubscription.bind(customers),
      ownerOfSubscription: customers.ownerOfSubscription.bind(customers),
      setStatus: () => Promise.reject(new Error('table unavailable')),
    };
    await expect(
      createSetCustomerStatusActivity(dependencies(failing))({ customerId: 'x', status: 'Failed', requestId: 'r' }),
    ).rejects.toThrow('table unavailable');
  });
});
