import { randomUUID } from 'node:crypto';
import { TableClient, type TableEntity } from '@azure/data-tables';
import { VirtualClock } from '../../../local/clock';
import { TableCustomerRegistry } from '../../../shared/adapters/tables/customerRegistry';
import type { Customer } from '../../../shared/domain/spec';
import { AppError } from '../../../shared/errors';
import type { RegistrationSummary } from '../../../shared/ports/customers';
import { adapters, tablesConnection, uniquePrefix } from './tablesTestSupport';

const prefix = uniquePrefix('cust');
const { customers, tableNames, ensureTables } = adapters(prefix);

function newCustomer(id: string, subscriptionCount = 2): Customer {
  return {
    id,
    tenantId: randomUUID(),
    displayName: `Customer ${id}`,
    subscriptions: Array.from({ length: subscriptionCount }, () => randomUUID()),
    model: 'connect-through',
  };
}

function summaryFor(requestId: string, vnetIds: string[] = []): RegistrationSummary {
  return { circuitSubscriptionId: randomUUID(), vnetIds, requestId };
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('TableCustomerRegistry', () => {
  it('registers a customer once: the repeat creates nothing and changes nothing', async () => {
    const customer = newCustomer('contoso');
    const summary = summaryFor('req-1', [
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v1',
    ]);

    const first = await customers.register(customer, summary);
    const second = await customers.register(customer, { ...summary, requestId: 'req-2' });

    expect(first.created).toBe(true);
    expect(first.record).toMatchObject({
      id: 'contoso',
      tenantId: customer.tenantId,
      status: 'Onboarding',
      subscriptions: customer.subscriptions,
      lastRequestId: 'req-1',
      vnetIds: summary.vnetIds,
    });
    expect(second).toMatchObject({ created: false, updated: false });
    expect(second.record.etag).toBe(first.record.etag);
    expect(second.record.lastRequestId).toBe('req-1');
    expect(await customers.get('contoso')).toEqual(first.record);
  });

  it('updates an existing customer when its fields differ, keeping its status and creation time', async () => {
    const customer = newCustomer('fabrikam');
    const first = await customers.register(customer, summaryFor('req-1'));
    await customers.setStatus('fabrikam', 'Active', { requestId: 'req-1' });

    const changed = await customers.register(
      { ...customer, displayName: 'Fabrikam Ltd' },
      summaryFor('req-2', ['/v2']),
    );

    expect(changed).toMatchObject({ created: false, updated: true });
    expect(changed.record).toMatchObject({
      displayName: 'Fabrikam Ltd',
      vnetIds: ['/v2'],
      status: 'Active',
      lastRequestId: 'req-2',
    });
    expect(changed.record.createdAt).toBe(first.record.createdAt);
  });

  it('treats concurrent registrations of the same customer as one creation', async () => {
    const customer = newCustomer('tailspin');
    const other = adapters(prefix).customers;
    const results = await Promise.all([
      customers.register(customer, summaryFor('req-a')),
      other.register(customer, summaryFor('req-a')),
      customers.register(customer, summaryFor('req-a')),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('refuses a customer id already registered under another tenant, and writes nothing', async () => {
    const customer = newCustomer('woodgrove');
    const original = await customers.register(customer, summaryFor('req-1'));
    const impostor: Customer = { ...customer, tenantId: randomUUID(), subscriptions: [randomUUID()] };

    const error = await errorOf(customers.register(impostor, summaryFor('req-2')));

    expect(error.code).toBe('CustomerTenantMismatch');
    expect(error.retryable).toBe(false);
    expect(await customers.get('woodgrove')).toEqual(original.record);
    expect(await customers.tenantOfSubscription(impostor.subscriptions[0]!)).toBeUndefined();
  });

  it('refuses a subscription that belongs to another customer, and claims none of the others', async () => {
    const owner = newCustomer('northwind');
    await customers.register(owner, summaryFor('req-1'));
    const fresh = randomUUID();
    const intruder: Customer = {
      ...newCustomer('litware'),
      subscriptions: [fresh, owner.subscriptions[1]!.toUpperCase()],
    };

    const error = await errorOf(customers.register(intruder, summaryFor('req-2')));

    expect(error.code).toBe('SubscriptionOwnedByAnotherCustomer');
    expect(error.message).toContain('northwind');
    expect(await customers.get('litware')).toBeUndefined();
    expect(await customers.tenantOfSubscription(fresh)).toBeUndefined();
    expect(await customers.tenantOfSubscription(owner.subscriptions[1]!)).toBe(owner.tenantId);
    // With the conflicting subscription removed, the same customer registers fine: nothing was left half-claimed.
    await expect(
      customers.register({ ...intruder, subscriptions: [fresh] }, summaryFor('req-3')),
    ).resolves.toMatchObject({
      created: true,
    });
  });

  it('maps every allow-listed subscription to its customer tenant, case-insensitively', async () => {
    const customer = newCustomer('adatum', 3);
    await customers.register(customer, summaryFor('req-1'));

    for (const subscriptionId of customer.subscriptions) {
      expect(await customers.tenantOfSubscription(subscriptionId)).toBe(customer.tenantId);
      expect(await customers.tenantOfSubscription(subscriptionId.toUpperCase())).toBe(customer.tenantId);
    }
    expect(await customers.tenantOfSubscription(randomUUID())).toBeUndefined();
  });

  it('releases subscriptions that leave the allow-list once the customer is decommissioned', async () => {
    const customer = newCustomer('proseware', 2);
    await customers.register(customer, summaryFor('req-1'));
    const [kept, dropped] = customer.subscriptions as [string, string];

    await customers.setStatus(customer.id, 'Decommissioned', { requestId: 'req-d' });
    await customers.register({ ...customer, subscriptions: [kept] }, summaryFor('req-2'));
    expect(await customers.tenantOfSubscription(dropped)).toBeUndefined();
    expect(await customers.tenantOfSubscription(kept)).toBe(customer.tenantId);

    const next = { ...newCustomer('relecloud'), subscriptions: [dropped] };
    await customers.register(next, summaryFor('req-3'));
    expect(await customers.tenantOfSubscription(dropped)).toBe(next.tenantId);
  });

  it('never maps a subscription through a claim left behind by a crashed registration', async () => {
    await ensureTables();
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const client = TableClient.fromConnectionString(tablesConnection(), tableNames.customers, {
      allowInsecureConnection: true,
    });
    // A registration that dies after claiming its subscriptions: the customer row and the cleanup both fail.
    const dies = () => Promise.reject(new Error('process died'));
    const crashing = new Proxy(client, {
      get(target, property, receiver) {
        if (property === 'deleteEntity') return dies;
        if (property === 'createEntity') {
          return (entity: TableEntity) => (entity.partitionKey === 'customer' ? dies() : target.createEntity(entity));
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const doomed = new TableCustomerRegistry({ client: crashing, ready: ensureTables }, { clock });
    const registry = new TableCustomerRegistry({ client, ready: ensureTables }, { clock, orphanClaimGraceMs: 60_000 });
    const ghost = newCustomer('ghost', 1);
    const subscriptionId = ghost.subscriptions[0]!;
    await expect(doomed.register(ghost, summaryFor('req-1'))).rejects.toThrow('process died');

    expect(await registry.tenantOfSubscription(subscriptionId)).toBeUndefined();
    const claimant = { ...newCustomer('claimant'), subscriptions: [subscriptionId] };
    // Within the grace period the claim may still belong to a registration in flight: refused.
    expect((await errorOf(registry.register(claimant, summaryFor('req-2')))).code).toBe(
      'SubscriptionOwnedByAnotherCustomer',
    );
    clock.advanceBy(60_000);
    await expect(registry.register(claimant, summaryFor('req-3'))).resolves.toMatchObject({ created: true });
    expect(await registry.tenantOfSubscription(subscriptionId)).toBe(claimant.tenantId);
  });

  it('sets the status with optimistic concurrency: concurrent writers all land, the last one wins', async () => {
    await customers.register(newCustomer('alpine'), summaryFor('req-1'));
    const other = adapters(prefix).customers;
    const writes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? customers : other).setStatus('alpine', i % 3 === 0 ? 'Changing' : 'Active', {
          requestId: `req-${i}`,
        }),
      ),
    );
    const final = await customers.get('alpine');
    // Each write produced its own version (none overwrote another unseen), and the stored row is one of them.
    expect(new Set(writes.map((w) => w.etag)).size).toBe(writes.length);
    expect(writes.map((w) => w.etag)).toContain(final?.etag);
    expect(final?.lastRequestId).toMatch(/^req-\d$/);

    const failed = await customers.setStatus('alpine', 'Failed', {
      requestId: 'req-9',
      reason: 'circuit quota exceeded',
    });
    expect(failed).toMatchObject({ status: 'Failed', statusReason: 'circuit quota exceeded', lastRequestId: 'req-9' });
    const recovered = await customers.setStatus('alpine', 'Active', { requestId: 'req-10' });
    expect(recovered.statusReason).toBeUndefined();
  });

  it('refuses to set the status of an unknown customer', async () => {
    expect((await errorOf(customers.setStatus('nobody', 'Active'))).code).toBe('CustomerNotFound');
  });

  it('lists customers page by page', async () => {
    const listing = adapters(uniquePrefix('list')).customers;
    for (const id of ['cust-c', 'cust-a', 'cust-b']) await listing.register(newCustomer(id, 1), summaryFor('req'));

    const first = await listing.list({ pageSize: 2 });
    expect(first.items.map((c) => c.id)).toEqual(['cust-a', 'cust-b']);
    expect(first.continuationToken).toBeDefined();
    const second = await listing.list({ pageSize: 2, continuationToken: first.continuationToken! });
    expect(second.items.map((c) => c.id)).toEqual(['cust-c']);
    expect(second.continuationToken).toBeUndefined();
  });
});
