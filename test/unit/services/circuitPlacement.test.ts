import { AppError } from '../../../shared/errors';
import type { CircuitCountPort, CircuitCounts } from '../../../shared/ports/placement';
import { EXPRESSROUTE_CIRCUIT_QUOTAS, placeCircuitPair } from '../../../shared/services/circuitPlacement';

/** A fake port: fixed counts per subscription, and the subscriptions it was asked about, in order. */
function fakeCounter(counts: Record<string, CircuitCounts>): CircuitCountPort & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    countCircuits: (subscriptionId) => {
      asked.push(subscriptionId);
      const found = counts[subscriptionId];
      return found === undefined
        ? Promise.reject(new Error(`unexpected subscription ${subscriptionId}`))
        : Promise.resolve(found);
    },
  };
}

const EMPTY: CircuitCounts = { total: 0, byRegion: {} };

describe('placeCircuitPair', () => {
  it('uses Azure’s default quotas: 50 circuits per subscription, 10 per region per subscription', () => {
    expect(EXPRESSROUTE_CIRCUIT_QUOTAS).toEqual({ perSubscription: 50, perRegionPerSubscription: 10 });
  });

  it('chooses the candidate with the most room in the pair’s region', async () => {
    const counter = fakeCounter({
      'sub-a': { total: 12, byRegion: { westeurope: 7, northeurope: 5 } },
      'sub-b': { total: 9, byRegion: { westeurope: 2, eastus: 7 } },
      'sub-c': { total: 4, byRegion: { westeurope: 4 } },
    });
    const placement = await placeCircuitPair(
      { region: 'West Europe', circuitsNeeded: 2, candidates: ['sub-a', 'sub-b', 'sub-c'] },
      counter,
    );
    expect(placement).toEqual({
      ok: true,
      subscriptionId: 'sub-b',
      counts: { total: 9, byRegion: { westeurope: 2, eastus: 7 } },
    });
    expect(counter.asked).toEqual(['sub-a', 'sub-b', 'sub-c']);
  });

  it('breaks a tie by the order the candidates were given', async () => {
    const counter = fakeCounter({
      'sub-a': { total: 3, byRegion: { westeurope: 3 } },
      'sub-b': { total: 3, byRegion: { westeurope: 3 } },
    });
    const first = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, candidates: ['sub-b', 'sub-a'] },
      counter,
    );
    expect(first).toMatchObject({ ok: true, subscriptionId: 'sub-b' });
  });

  it('counts the subscription-wide quota too: a subscription near 50 in all has little room in an empty region', async () => {
    const counter = fakeCounter({
      'sub-full-elsewhere': {
        total: 49,
        byRegion: { eastus: 9, westus: 10, uksouth: 10, northeurope: 10, francecentral: 10 },
      },
      'sub-busy-here': { total: 8, byRegion: { westeurope: 8 } },
    });
    const placement = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, candidates: ['sub-full-elsewhere', 'sub-busy-here'] },
      counter,
    );
    expect(placement).toMatchObject({ ok: true, subscriptionId: 'sub-busy-here' });
  });

  it('refuses when no candidate has room, naming each one’s counts and the limits', async () => {
    const counter = fakeCounter({
      'sub-a': { total: 10, byRegion: { westeurope: 10 } },
      'sub-b': { total: 50, byRegion: { westeurope: 1 } },
      'sub-c': { total: 9, byRegion: { westeurope: 9 } },
    });
    const placement = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, candidates: ['sub-a', 'sub-b', 'sub-c'] },
      counter,
    );
    expect(placement.ok).toBe(false);
    if (placement.ok) return;
    expect(placement.code).toBe('CircuitQuotaExceeded');
    expect(placement.message).toBe(
      "none of the CSP's subscriptions has room for 2 more ExpressRoute circuits in westeurope: " +
        'subscription sub-a holds 10 of 10 circuits in westeurope and 10 of 50 in all (room for 0); ' +
        'subscription sub-b holds 1 of 10 circuits in westeurope and 50 of 50 in all (room for 0); ' +
        'subscription sub-c holds 9 of 10 circuits in westeurope and 9 of 50 in all (room for 1). ' +
        'Azure allows 10 ExpressRoute circuits per region per subscription and 50 per subscription.',
    );
    expect(placement.considered.map((entry) => entry.room)).toEqual([0, 0, 1]);
  });

  it('checks only a named subscription, even when candidates have more room, and accepts it when it fits', async () => {
    const counter = fakeCounter({ 'sub-named': { total: 8, byRegion: { westeurope: 8 } }, 'sub-a': EMPTY });
    const placement = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, named: 'sub-named', candidates: ['sub-a'] },
      counter,
    );
    expect(placement).toEqual({
      ok: true,
      subscriptionId: 'sub-named',
      counts: { total: 8, byRegion: { westeurope: 8 } },
    });
    expect(counter.asked).toEqual(['sub-named']);
  });

  it('refuses a named subscription without room with its counts, and never falls back to a candidate', async () => {
    const counter = fakeCounter({ 'sub-named': { total: 9, byRegion: { westeurope: 9 } }, 'sub-a': EMPTY });
    const placement = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, named: 'sub-named', candidates: ['sub-a'] },
      counter,
    );
    expect(placement).toMatchObject({
      ok: false,
      code: 'CircuitQuotaExceeded',
      message:
        'the named subscription sub-named has no room for 2 more ExpressRoute circuits in westeurope: ' +
        'subscription sub-named holds 9 of 10 circuits in westeurope and 9 of 50 in all (room for 1). ' +
        'Azure allows 10 ExpressRoute circuits per region per subscription and 50 per subscription.',
    });
    expect(counter.asked).toEqual(['sub-named']);
  });

  it('applies quotas the CSP passes (a raised subscription quota)', async () => {
    const counter = fakeCounter({ 'sub-a': { total: 50, byRegion: { westeurope: 2 } } });
    const input = { region: 'westeurope', circuitsNeeded: 2, candidates: ['sub-a'] };
    expect((await placeCircuitPair(input, counter)).ok).toBe(false);
    expect(
      await placeCircuitPair(input, counter, { perSubscription: 100, perRegionPerSubscription: 10 }),
    ).toMatchObject({
      ok: true,
      subscriptionId: 'sub-a',
    });
  });

  it('asks about each candidate once, however it is spelled', async () => {
    const counter = fakeCounter({ 'SUB-A': EMPTY, 'sub-b': EMPTY });
    await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, candidates: ['SUB-A', 'sub-b', 'sub-a'] },
      counter,
    );
    expect(counter.asked).toEqual(['SUB-A', 'sub-b']);
  });

  it('rejects input it cannot place, naming each field and rule, before counting anything', async () => {
    const counter = fakeCounter({});
    const attempt = placeCircuitPair({ region: ' ', circuitsNeeded: 0, candidates: [] }, counter);
    await expect(attempt).rejects.toThrow(AppError);
    await expect(attempt).rejects.toThrow(
      'circuit pair placement: region must name an Azure region; circuitsNeeded must be a whole number of circuits, 1 or more; got 0; candidates must list at least one of the CSP subscriptions when no subscription is named',
    );
    expect(counter.asked).toEqual([]);
  });

  it('passes on a failure to count (nothing is chosen on partial knowledge)', async () => {
    const counter = fakeCounter({ 'sub-a': EMPTY });
    await expect(
      placeCircuitPair({ region: 'westeurope', circuitsNeeded: 2, candidates: ['sub-a', 'sub-unknown'] }, counter),
    ).rejects.toThrow('unexpected subscription sub-unknown');
  });
});
