import fc from 'fast-check';
import { VirtualClock } from '../../../local/clock';
import { checkpointRowKey } from '../../../shared/adapters/tables/checkpointLog';
import { decodeKey, encodeKey } from '../../../shared/adapters/tables/tableSupport';
import type { CheckpointEntry } from '../../../shared/ports/checkpoints';
import { adapters, uniquePrefix } from './tablesTestSupport';

const prefix = uniquePrefix('ckpt');
const clock = new VirtualClock(Date.UTC(2026, 0, 1));
const { checkpoints } = adapters(prefix, { clock });

// eslint-disable-next-line no-control-regex -- the control characters Table keys forbid are what this checks for
const FORBIDDEN_IN_KEYS = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

function step(
  stepKey: string,
  status: CheckpointEntry['status'],
  extra: Partial<CheckpointEntry> = {},
): CheckpointEntry {
  return { customerId: 'contoso', requestId: 'req-1', stepKey, status, ...extra };
}

describe('TableCheckpointLog', () => {
  it('keeps every update when two adapter instances write the same row concurrently', async () => {
    const other = adapters(prefix, { clock }).checkpoints;
    const armIds = Array.from(
      { length: 20 },
      (_, i) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt-${i}`,
    );

    const writes = await Promise.all(
      armIds.map((armId, i) =>
        (i % 2 === 0 ? checkpoints : other).record({
          ...step('routes', 'Started'),
          requestId: 'req-race',
          armIds: [armId],
        }),
      ),
    );

    const row = await checkpoints.get('contoso', 'req-race', 'routes');
    expect(row?.armIds).toHaveLength(20);
    expect([...(row?.armIds ?? [])].sort()).toEqual([...armIds].sort());
    expect(row).toMatchObject({ status: 'Started', attempt: 1 });
    expect(writes.filter((w) => w.applied)).toHaveLength(1); // one Started; the other 19 only added their ids
  });

  it('never moves a finished step back, but lets a failed step be retried', async () => {
    await checkpoints.record(step('circuit:a', 'Started'));
    clock.advanceBy(1000);
    await checkpoints.record(step('circuit:a', 'Succeeded', { outcome: 'created', armIds: ['/c/a'] }));
    clock.advanceBy(1000);
    const lateStart = await checkpoints.record(step('circuit:a', 'Started'));
    const lateWait = await checkpoints.record(step('circuit:a', 'Waiting', { detail: { polls: 3 } }));
    const secondEnd = await checkpoints.record(step('circuit:a', 'Failed', { errorCode: 'Late' }));

    expect([lateStart.applied, lateWait.applied, secondEnd.applied]).toEqual([false, false, false]);
    const succeeded = await checkpoints.get('contoso', 'req-1', 'circuit:a');
    expect(succeeded).toMatchObject({ status: 'Succeeded', outcome: 'created', attempt: 1, armIds: ['/c/a'] });
    expect(succeeded?.endedAt).toBe('2026-01-01T00:00:01.000Z');
    expect(succeeded?.errorCode).toBeUndefined();

    await checkpoints.record(step('gateway', 'Started'));
    await checkpoints.record(step('gateway', 'Waiting', { detail: { provisioningState: 'Updating' } }));
    const backToStarted = await checkpoints.record(step('gateway', 'Started'));
    expect(backToStarted).toMatchObject({ applied: false, record: { status: 'Waiting' } });
    await checkpoints.record(step('gateway', 'Failed', { errorCode: 'GatewayFailed', errorMessage: 'boom' }));

    const retry = await checkpoints.record(step('gateway', 'Started'));
    expect(retry.applied).toBe(true);
    expect(retry.record).toMatchObject({ status: 'Started', attempt: 2 });
    expect(retry.record.errorCode).toBeUndefined();
    expect(retry.record.endedAt).toBeUndefined();
    expect(retry.record.startedAt).toBe('2026-01-01T00:00:02.000Z'); // the step's first start: the sort order

    const staleFailure = await checkpoints.record(step('gateway', 'Failed', { attempt: 1, errorCode: 'Old' }));
    expect(staleFailure).toMatchObject({ applied: false, record: { status: 'Started', attempt: 2 } });
    const done = await checkpoints.record(step('gateway', 'Succeeded', { attempt: 2, outcome: 'unchanged' }));
    expect(done.record).toMatchObject({ status: 'Succeeded', attempt: 2, outcome: 'unchanged' });
  });

  it('stores steps and requests whose names contain characters Table keys forbid', async () => {
    const requestId = 'evt/2026#1?a\\b';
    const odd = [
      'peering/AzurePrivatePeering#leg?A\\b',
      'tab\there',
      'nul\u0000del\u007fnel\u0085',
      'pipe|tilde~percent%',
      '😀 é',
    ];
    for (const stepKey of odd)
      await checkpoints.record({ customerId: 'odd/customer#1', requestId, stepKey, status: 'Started' });
    await checkpoints.record({
      customerId: 'odd/customer#1',
      requestId: `${requestId}|x`,
      stepKey: 'other',
      status: 'Started',
    });
    await checkpoints.record({
      customerId: 'odd/customer#1',
      requestId: `${requestId}0`,
      stepKey: 'other',
      status: 'Started',
    });

    const rows = await checkpoints.list('odd/customer#1', requestId);
    expect(rows.map((r) => r.stepKey).sort()).toEqual([...odd].sort());
    expect(rows.every((r) => r.requestId === requestId && r.customerId === 'odd/customer#1')).toBe(true);
    for (const stepKey of odd)
      expect((await checkpoints.get('odd/customer#1', requestId, stepKey))?.stepKey).toBe(stepKey);
    expect(await checkpoints.list('odd/customer#1')).toHaveLength(odd.length + 2);
  });

  it('encodes any string into a valid, reversible, separator-free key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60, unit: 'binary' }), (value) => {
        const encoded = encodeKey(value);
        expect(decodeKey(encoded)).toBe(value);
        expect(encoded).not.toMatch(FORBIDDEN_IN_KEYS);
        expect(encoded).not.toContain('|');
      }),
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b, c) => {
        // Distinct (request, step) pairs never share a row key.
        fc.pre(a !== b);
        expect(checkpointRowKey(a, c)).not.toBe(checkpointRowKey(b, c));
      }),
    );
  });

  it('lists a request in the order its steps started', async () => {
    const customerId = 'ordered';
    for (const stepKey of ['z-first', 'a-second', 'm-third']) {
      clock.advanceBy(1000);
      await checkpoints.record({ customerId, requestId: 'req-o', stepKey, status: 'Started' });
    }
    clock.advanceBy(1000);
    await checkpoints.record({ customerId, requestId: 'req-o', stepKey: 'z-first', status: 'Succeeded' });
    const both = { customerId, requestId: 'req-o', status: 'Started' as const, at: '2026-02-01T00:00:00Z' };
    await checkpoints.record({ ...both, stepKey: 'y-tie' });
    await checkpoints.record({ ...both, stepKey: 'b-tie' });

    const rows = await checkpoints.list(customerId, 'req-o');
    expect(rows.map((r) => r.stepKey)).toEqual(['z-first', 'a-second', 'm-third', 'b-tie', 'y-tie']);
  });

  it('scrubs secrets from error messages and details before writing them', async () => {
    const key = '0f3c9a2e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
    const result = await checkpoints.record(
      step('connection', 'Failed', {
        errorCode: 'AuthorizationUseStatusInUse',
        errorMessage: `PUT failed: {"properties":{"authorizationKey":"${key}","peer":"x"}}`,
        detail: {
          sharedKey: 'hunter2',
          serviceKey: key,
          note: `authorization key ${key} already used`,
          subscription: key,
        },
      }),
    );
    const stored = await checkpoints.get('contoso', 'req-1', 'connection');
    expect(stored).toEqual(result.record);
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(stored?.errorMessage).toBe('PUT failed: {"properties":{"authorizationKey":"[redacted]","peer":"x"}}');
    expect(stored?.detail).toEqual({
      sharedKey: '[redacted]',
      serviceKey: '[redacted]',
      note: 'authorization key [redacted] already used',
      subscription: key,
    });
  });
});
