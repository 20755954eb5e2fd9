/**
 * The customer registry records where placement put each circuit pair and gives it back with the customer; rows
 * written before placement existed still read, and every later write of the customer keeps the placements.
 */
import { randomUUID } from 'node:crypto';
import { TableCustomerRegistry } from '../../../shared/adapters/tables/customerRegistry';
import type { Customer } from '../../../shared/domain/spec';
import { AppError } from '../../../shared/errors';
import { adapters, rawClient, uniquePrefix, withReadBarrier } from './tablesTestSupport';

const { customers, tableNames, ensureTables } = adapters(uniquePrefix('place'));
const CSP_SUBSCRIPTION_A = '5C1E6B4E-2F0A-4D3B-9A61-0C7D8E9F1A2B';
const CSP_SUBSCRIPTION_B = '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2c';

function newCustomer(id: string): Customer {
  return {
    id,
    tenantId: randomUUID(),
    displayName: `Customer ${id}`,
    subscriptions: [randomUUID()],
    model: 'connect-through',
  };
}

async function registered(id: string): Promise<Customer> {
  const customer = newCustomer(id);
  await customers.register(customer, { circuitSubscriptionId: CSP_SUBSCRIPTION_A, vnetIds: [], requestId: 'req-1' });
  return customer;
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  if (error instanceof AppError) return error;
  throw new Error(`expected an AppError, got ${String(error)}`);
}

describe('TableCustomerRegistry placements', () => {
  it('reads a customer written before placements existed as having none', async () => {
    const customer = await registered('legacy');
    const record = await customers.get(customer.id);
    expect(record).toBeDefined();
    expect(record?.placements).toBeUndefined();
  });

  it('records each pair’s subscription (lower case) and reads it back with the customer', async () => {
    const customer = await registered('two-pairs');
    const first = await customers.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_A);
    const second = await customers.recordPlacement(customer.id, 'microsoft', CSP_SUBSCRIPTION_B);

    expect(first.placements).toEqual({ private: CSP_SUBSCRIPTION_A.toLowerCase() });
    expect(second.placements).toEqual({
      private: CSP_SUBSCRIPTION_A.toLowerCase(),
      microsoft: CSP_SUBSCRIPTION_B,
    });
    expect(await customers.get(customer.id)).toEqual(second);
    expect((await customers.list()).items.find((item) => item.id === customer.id)?.placements).toEqual(
      second.placements,
    );
  });

  it('is idempotent: the same placement again writes nothing', async () => {
    const customer = await registered('repeat');
    const first = await customers.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_A);
    const again = await customers.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_A.toLowerCase());
    expect(again.etag).toBe(first.etag);
  });

  it('refuses to move a placed pair to another subscription, and leaves the record as it was', async () => {
    const customer = await registered('moved');
    const placed = await customers.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_A);

    const error = await appErrorOf(customers.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_B));
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toContain(
      `circuit pair private of customer moved is already placed in subscription ${CSP_SUBSCRIPTION_A.toLowerCase()}`,
    );
    expect(await customers.get(customer.id)).toEqual(placed);
  });

  it('refuses an unknown customer and empty names, writing nothing', async () => {
    expect((await appErrorOf(customers.recordPlacement('nobody', 'private', CSP_SUBSCRIPTION_A))).code).toBe(
      'CustomerNotFound',
    );
    const customer = await registered('empty-names');
    const error = await appErrorOf(customers.recordPlacement(customer.id, ' ', ''));
    expect(error.code).toBe('InvalidArgument');
    expect(error.message).toBe(
      'recordPlacement(empty-names): pairName must name the circuit pair; subscriptionId must be a subscription id',
    );
    expect((await customers.get(customer.id))?.placements).toBeUndefined();
  });

  it('keeps the placements through later status changes and registrations', async () => {
    const customer = await registered('kept');
    await customers.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_A);
    await customers.setStatus(customer.id, 'Active', { requestId: 'req-2' });
    const changed = await customers.register(
      { ...customer, displayName: 'Renamed' },
      { circuitSubscriptionId: CSP_SUBSCRIPTION_A, vnetIds: [], requestId: 'req-3' },
    );
    expect(changed.updated).toBe(true);
    expect(changed.record.placements).toEqual({ private: CSP_SUBSCRIPTION_A.toLowerCase() });
    expect((await customers.get(customer.id))?.placements).toEqual({ private: CSP_SUBSCRIPTION_A.toLowerCase() });
  });

  it('loses neither of two placements recorded at once for different pairs', async () => {
    const customer = await registered('racing');
    const racer = new TableCustomerRegistry({
      client: withReadBarrier(rawClient(tableNames.customers), 2),
      ready: ensureTables,
    });
    await Promise.all([
      racer.recordPlacement(customer.id, 'private', CSP_SUBSCRIPTION_A),
      racer.recordPlacement(customer.id, 'microsoft', CSP_SUBSCRIPTION_B),
    ]);
    expect((await customers.get(customer.id))?.placements).toEqual({
      private: CSP_SUBSCRIPTION_A.toLowerCase(),
      microsoft: CSP_SUBSCRIPTION_B,
    });
  });

  it('refuses to read a row whose placements are corrupt, naming the row', async () => {
    const customer = await registered('corrupt');
    await rawClient(tableNames.customers).updateEntity(
      { partitionKey: 'customer', rowKey: customer.id, placements: '["not", "an", "object"]' },
      'Merge',
    );
    const error = await appErrorOf(customers.get(customer.id));
    expect(error.code).toBe('CorruptTableRow');
    expect(error.message).toContain('customer row corrupt has placements');
  });
});
