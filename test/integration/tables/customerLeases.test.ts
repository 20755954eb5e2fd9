import { VirtualClock } from '../../../local/clock';
import { TableCustomerLeases } from '../../../shared/adapters/tables/customerLeases';
import { adapters, rawClient, uniquePrefix, withReadBarrier } from './tablesTestSupport';

const prefix = uniquePrefix('lease');
const clock = new VirtualClock(Date.UTC(2026, 0, 1));
const { leases, tableNames, ensureTables } = adapters(prefix, { clock });
const otherInstance = adapters(prefix, { clock }).leases;

describe('TableCustomerLeases', () => {
  it('lets exactly one of several racing owners take a customer', async () => {
    const owners = ['orch-a', 'orch-b', 'orch-c', 'orch-d'];
    for (const [round, freeBefore] of [false, true, false, true].entries()) {
      const customerId = `race-${round}`;
      if (freeBefore) {
        // The lease row exists but is free: the racers update it (If-Match) instead of inserting it.
        await leases.tryAcquire(customerId, 'orch-earlier');
        await leases.release(customerId, 'orch-earlier');
      }
      // Every racer reads the same state before any of them writes.
      const client = withReadBarrier(rawClient(tableNames.leases), owners.length);
      const racers = owners.map(() => new TableCustomerLeases({ client, ready: ensureTables }, { clock }));
      const results = await Promise.all(owners.map((owner, i) => racers[i]!.tryAcquire(customerId, owner)));

      const winners = owners.filter((_, i) => results[i]?.acquired);
      expect(winners).toHaveLength(1);
      for (const result of results) if (!result.acquired) expect(result.heldBy).toBe(winners[0]);
      expect((await leases.current(customerId))?.heldBy).toBe(winners[0]);
    }
  });

  it('is idempotent for the holder and keeps the original acquisition time', async () => {
    const first = await leases.tryAcquire('idem', 'orch-1');
    clock.advanceBy(60_000);
    const again = await otherInstance.tryAcquire('idem', 'orch-1');
    expect(again).toEqual({ acquired: true, since: first.since });
    expect((await leases.history('idem')).map((h) => h.event)).toEqual(['Acquired']);
  });

  it('refuses a release by anyone but the holder, then lets the holder release', async () => {
    await leases.tryAcquire('guarded', 'orch-1');

    const refused = await otherInstance.release('guarded', 'orch-2');
    expect(refused).toMatchObject({ outcome: 'heldByAnother', heldBy: 'orch-1' });
    expect((await leases.current('guarded'))?.heldBy).toBe('orch-1');
    expect(await leases.tryAcquire('guarded', 'orch-2')).toMatchObject({ acquired: false, heldBy: 'orch-1' });

    expect(await leases.release('guarded', 'orch-1')).toEqual({ outcome: 'released' });
    expect(await leases.current('guarded')).toBeUndefined();
    expect(await leases.release('guarded', 'orch-1')).toEqual({ outcome: 'absent' });
    expect(await leases.tryAcquire('guarded', 'orch-2')).toMatchObject({ acquired: true });
  });

  it('treats releasing a lease that never existed as done', async () => {
    expect(await leases.release('never-leased', 'orch-1')).toEqual({ outcome: 'absent' });
  });

  it('records who broke a lease and why, and the broken owner cannot release its successor', async () => {
    const acquired = await leases.tryAcquire('stuck', 'orch-old');
    clock.advanceBy(3 * 24 * 3600_000);

    const forced = await leases.forceRelease('stuck', 'orchestration terminated by hand', 'alice@csp.example');
    expect(forced).toEqual({ outcome: 'released', heldBy: 'orch-old', since: acquired.since });
    await otherInstance.tryAcquire('stuck', 'orch-new');
    expect(await leases.release('stuck', 'orch-old')).toMatchObject({ outcome: 'heldByAnother', heldBy: 'orch-new' });
    await leases.release('stuck', 'orch-new');

    const history = await leases.history('stuck');
    expect(history.map((h) => [h.event, h.owner])).toEqual([
      ['Acquired', 'orch-old'],
      ['ForceReleased', 'orch-old'],
      ['Acquired', 'orch-new'],
      ['Released', 'orch-new'],
    ]);
    expect(history[1]).toMatchObject({
      reason: 'orchestration terminated by hand',
      by: 'alice@csp.example',
      heldSince: acquired.since,
      at: new Date(Date.parse(acquired.since) + 3 * 24 * 3600_000).toISOString(),
    });
    expect(await leases.forceRelease('stuck', 'again')).toEqual({ outcome: 'absent' });
  });

  it('keeps the lease consistent when acquire, release and force-release race', async () => {
    await leases.tryAcquire('churn', 'orch-0');
    await Promise.all([
      leases.release('churn', 'orch-0'),
      otherInstance.forceRelease('churn', 'operator cleanup'),
      ...['orch-1', 'orch-2', 'orch-3'].map((owner) => otherInstance.tryAcquire('churn', owner)),
    ]);
    const history = await leases.history('churn');
    // The audit trail alternates strictly: every change was recorded together with the lease row.
    expect(history.map((entry) => entry.event === 'Acquired')).toEqual(history.map((_, i) => i % 2 === 0));
    const current = await leases.current('churn');
    const last = history.at(-1);
    if (current) expect(last).toMatchObject({ event: 'Acquired', owner: current.heldBy });
    else expect(last?.event).not.toBe('Acquired');
  });
});
