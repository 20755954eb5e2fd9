/**
 * Request identity and sizes in the real Table storage (Azurite): the ledger keeps each request's body digest, a
 * different body under a known id leaves the stored row untouched, and nothing written can exceed Table storage's
 * limits (64 KiB per string property, 1 MiB per entity) whatever a request carried.
 */
import { randomUUID } from 'node:crypto';
import {
  boundEntity,
  boundText,
  entitySize,
  MAX_ENTITY_BYTES,
  MAX_STRING_PROPERTY,
} from '../../../shared/adapters/tables/tableSupport';
import type { ReceivedRequest } from '../../../shared/ports/requests';
import { adapters, uniquePrefix } from './tablesTestSupport';

const prefix = uniquePrefix('bound');
const { requests, customers, outbound } = adapters(prefix);

function received(requestId: string, extra: Partial<ReceivedRequest> = {}): ReceivedRequest {
  return {
    requestId,
    type: 'com.csp.expressroute.customer.onboard',
    customerId: 'contoso',
    receivedAt: '2026-01-01T10:00:00Z',
    status: 'Accepted',
    digest: 'sha256:aaaa',
    ...extra,
  };
}

describe('TableRequestLedger: request identity', () => {
  it('counts a redelivery with the same digest, and leaves the row untouched for another digest', async () => {
    const first = await requests.recordReceived(received('evt-id'));
    const again = await requests.recordReceived(received('evt-id', { receivedAt: '2026-01-01T10:00:05Z' }));
    expect(first).toMatchObject({ firstSeen: true, sameBody: true });
    expect(again).toMatchObject({ firstSeen: false, sameBody: true, record: { deliveries: 2 } });

    const stored = await requests.get('evt-id');
    const conflict = await requests.recordReceived(
      received('evt-id', { digest: 'sha256:bbbb', status: 'Rejected', receivedAt: '2026-01-01T11:00:00Z' }),
    );
    expect(conflict).toMatchObject({ firstSeen: false, sameBody: false, record: { digest: 'sha256:aaaa' } });
    expect(await requests.get('evt-id')).toEqual(stored);
  });

  it('treats a row written before digests were kept as the same request', async () => {
    await requests.recordReceived(received('evt-old', { digest: undefined }));
    const again = await requests.recordReceived(received('evt-old'));
    expect(again).toMatchObject({ sameBody: true, record: { deliveries: 2 } });
  });
});

describe('Table rows stay within the service limits', () => {
  it('bounds text with a marker that says how long it was', () => {
    expect(boundText('short', 10)).toBe('short');
    const cut = boundText('x'.repeat(100_000));
    expect(cut.length).toBeLessThanOrEqual(MAX_STRING_PROPERTY);
    expect(cut).toMatch(/…\[truncated: 100000 characters in all\]$/);
  });

  it('bounds a whole entity to 1 MiB, however many large properties it has', () => {
    const entity = Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`p${index}`, 'y'.repeat(40_000)]));
    const bounded = boundEntity({ partitionKey: 'p', rowKey: 'r', ...entity });
    expect(entitySize(bounded)).toBeLessThanOrEqual(MAX_ENTITY_BYTES);
    for (const value of Object.values(bounded)) expect(value.length).toBeLessThanOrEqual(MAX_STRING_PROPERTY);
  });

  it('stores a failure message of 1 MB in the ledger, cut with a marker', async () => {
    await requests.recordReceived(received('evt-big-error'));
    const record = await requests.update('evt-big-error', {
      status: 'Failed',
      error: { code: 'Boom', message: 'z'.repeat(1_000_000) },
    });
    expect(record.error?.message.length).toBeLessThanOrEqual(MAX_STRING_PROPERTY);
    expect((await requests.get('evt-big-error'))?.error?.message).toMatch(/truncated: 1000000 characters in all/);
  });

  it('stores an outbound event whose data is larger than a string property, as a marked preview', async () => {
    const id = randomUUID();
    await outbound.publish({
      id,
      type: 'onboarding.failed',
      subject: 'contoso',
      time: '2026-01-01T10:00:00Z',
      data: { note: 'n'.repeat(200_000) },
    });
    const events = await outbound.list('contoso');
    expect(events.find((event) => event.id === id)?.data).toMatchObject({ truncated: true, characters: 200_011 });
  });
});

describe('TableCustomerRegistry: who owns a subscription', () => {
  it('names the owning customer id and its tenant, and nobody for an unclaimed subscription', async () => {
    const subscription = randomUUID();
    const tenantId = randomUUID();
    await customers.register(
      { id: 'owner-co', tenantId, displayName: 'Owner', subscriptions: [subscription], model: 'connect-through' },
      { circuitSubscriptionId: randomUUID(), vnetIds: [], requestId: 'r1' },
    );
    expect(await customers.ownerOfSubscription(subscription.toUpperCase())).toEqual({
      customerId: 'owner-co',
      tenantId,
    });
    expect(await customers.ownerOfSubscription(randomUUID())).toBeUndefined();
  });
});

describe('TableCustomerRegistry: a subscription is released only after decommissioning', () => {
  it('refuses to drop a subscription of a customer that is not decommissioned, and writes nothing', async () => {
    const [kept, leaving] = [randomUUID(), randomUUID()];
    const customer = {
      id: 'holding-co',
      tenantId: randomUUID(),
      displayName: 'Holding',
      subscriptions: [kept, leaving],
      model: 'connect-through' as const,
    };
    const summary = { circuitSubscriptionId: randomUUID(), vnetIds: [], requestId: 'r1' };
    await customers.register(customer, summary);
    await customers.setStatus(customer.id, 'Active', { requestId: 'r1' });

    await expect(customers.register({ ...customer, subscriptions: [kept] }, summary)).rejects.toMatchObject({
      code: 'SubscriptionStillInUse',
    });
    expect(await customers.ownerOfSubscription(leaving)).toEqual({
      customerId: 'holding-co',
      tenantId: customer.tenantId,
    });
    expect((await customers.get(customer.id))?.subscriptions).toHaveLength(2);
  });
});

describe('TableRequestLedger: refusal issues as stored', () => {
  it('scrubs a secret value that reached an issue message, and bounds each issue text', async () => {
    const record = await requests.recordReceived(
      received('evt-issues', {
        status: 'Rejected',
        issues: [
          { path: 'data.md5Key', rule: 'r', message: 'md5Key="Plain-Secret-9" is not a reference' },
          { path: 'data.x', rule: 'r', message: 'q'.repeat(50_000) },
        ],
      }),
    );
    expect(JSON.stringify(record.record)).not.toContain('Plain-Secret-9');
    const stored = await requests.get('evt-issues');
    expect(JSON.stringify(stored)).not.toContain('Plain-Secret-9');
    expect(stored?.issues?.[1]?.message).toMatch(/truncated: 50000 characters in all/);
  });
});
