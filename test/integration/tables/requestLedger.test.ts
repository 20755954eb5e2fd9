import { AppError } from '../../../shared/errors';
import type { ReceivedRequest } from '../../../shared/ports/requests';
import { adapters, uniquePrefix } from './tablesTestSupport';

const prefix = uniquePrefix('req');
const { requests } = adapters(prefix);

function received(requestId: string, extra: Partial<ReceivedRequest> = {}): ReceivedRequest {
  return {
    requestId,
    type: 'com.csp.expressroute.customer.onboard',
    source: '/csp/portal',
    customerId: 'contoso',
    receivedAt: '2026-01-01T10:00:00Z',
    instanceId: `contoso:onboard:${requestId}`,
    status: 'Accepted',
    ...extra,
  };
}

describe('TableRequestLedger', () => {
  it('sees a request first exactly once when three deliveries of it arrive together', async () => {
    const others = [adapters(prefix).requests, adapters(prefix).requests];
    const results = await Promise.all([
      requests.recordReceived(received('evt-dup')),
      others[0]!.recordReceived(received('evt-dup', { receivedAt: '2026-01-01T10:00:01Z' })),
      others[1]!.recordReceived(received('evt-dup', { receivedAt: '2026-01-01T10:00:02Z' })),
    ]);

    expect(results.filter((r) => r.firstSeen)).toHaveLength(1);
    const stored = await requests.get('evt-dup');
    expect(stored?.deliveries).toBe(3);
    expect(stored?.receivedAt).toBe(results.find((r) => r.firstSeen)?.record.receivedAt);
    expect(stored?.lastDeliveredAt).toBe('2026-01-01T10:00:02.000Z');
    expect(await requests.listByCustomer('contoso')).toHaveLength(1);
  });

  it('returns the stored record to a redelivery, ignoring the redelivered fields', async () => {
    const first = await requests.recordReceived(received('evt-2'));
    const again = await requests.recordReceived(received('evt-2', { status: 'Rejected', customerId: 'other' }));
    expect(first.firstSeen).toBe(true);
    expect(again.firstSeen).toBe(false);
    expect(again.record).toMatchObject({ status: 'Accepted', customerId: 'contoso', deliveries: 2 });
    expect(await requests.listByCustomer('other')).toEqual([]);
  });

  it('records rejections with their issues, also without a customer', async () => {
    const issues = [{ path: 'customer.tenantId', rule: 'guid', message: 'must be a GUID' }];
    const { record } = await requests.recordReceived(
      received('evt-bad', { status: 'Rejected', issues, customerId: undefined, instanceId: undefined }),
    );
    expect(record).toMatchObject({ status: 'Rejected', issues, deliveries: 1 });
    expect(record.customerId).toBeUndefined();
    expect(await requests.get('evt-bad')).toEqual(record);
  });

  it('updates status and outcome, stamping completion and scrubbing the error', async () => {
    await requests.recordReceived(received('evt-3'));
    const running = await requests.update('evt-3', { instanceId: 'contoso:onboard:evt-3#2' });
    expect(running.completedAt).toBeUndefined();

    const failed = await requests.update('evt-3', {
      status: 'Failed',
      error: { code: 'ConnectionFailed', message: 'redeem failed: {"authorizationKey":"abc"}' },
    });
    expect(failed).toMatchObject({ status: 'Failed', instanceId: 'contoso:onboard:evt-3#2' });
    expect(failed.completedAt).toBeDefined();
    expect(failed.error).toEqual({
      code: 'ConnectionFailed',
      message: 'redeem failed: {"authorizationKey":"[redacted]"}',
    });
    expect(await requests.get('evt-3')).toEqual(failed);
  });

  it('applies concurrent updates without losing any field', async () => {
    await requests.recordReceived(received('evt-4'));
    const other = adapters(prefix).requests;
    await Promise.all([
      requests.update('evt-4', { instanceId: 'instance-x' }),
      other.update('evt-4', { status: 'Completed' }),
      requests.update('evt-4', { issues: [{ path: 'a', rule: 'r', message: 'm' }] }),
    ]);
    expect(await requests.get('evt-4')).toMatchObject({
      instanceId: 'instance-x',
      status: 'Completed',
      issues: [{ path: 'a', rule: 'r', message: 'm' }],
    });
  });

  it('refuses to update a request it never recorded', async () => {
    await expect(requests.update('evt-missing', { status: 'Completed' })).rejects.toMatchObject({
      code: 'RequestNotFound',
      constructor: AppError,
    });
  });

  it("lists a customer's requests oldest first", async () => {
    await requests.recordReceived(received('evt-l2', { customerId: 'listed', receivedAt: '2026-01-02T00:00:00Z' }));
    await requests.recordReceived(received('evt-l1', { customerId: 'listed', receivedAt: '2026-01-01T00:00:00Z' }));
    await requests.recordReceived(received('evt-l3', { customerId: 'listed', receivedAt: '2026-01-03T00:00:00Z' }));
    await requests.recordReceived(received('evt-l3', { customerId: 'listed', receivedAt: '2026-01-04T00:00:00Z' }));
    const list = await requests.listByCustomer('listed');
    expect(list.map((r) => r.requestId)).toEqual(['evt-l1', 'evt-l2', 'evt-l3']);
  });
});
