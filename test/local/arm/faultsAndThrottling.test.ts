/**
 * Injected faults (seeded, per operation or global; a fault in place of a write means no write, a reset after it
 * means the write happened) and ARM's per-subscription token buckets with their remaining-budget headers.
 */
import type { FaultOptions } from '../../../local/arm';
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  CUSTOMER_SUBSCRIPTION,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { networkPath } from './topology';

const RG = 'rg-faults';
const TABLE = networkPath(TEST_SUBSCRIPTION, RG, 'routeTables', 'rt');
const TABLE_BODY = { location: 'westeurope', properties: {} };

async function simulator(options: Parameters<typeof startTestArmSimulator>[0] = {}): Promise<TestArmSimulator> {
  const sim = await startTestArmSimulator(options);
  sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
  sim.control.seedResourceGroup(CUSTOMER_SUBSCRIPTION, RG, 'westeurope');
  return sim;
}

describe('faults', () => {
  let sim: TestArmSimulator;
  beforeEach(async () => {
    sim = await simulator();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('answers 429 with Retry-After, 429 without it, 500 and 503 in place of the request, which is not applied', async () => {
    const expectations: [FaultOptions, number, string | undefined][] = [
      [{ rate: 1, kinds: ['throttle'] }, 429, '0'],
      [{ rate: 1, kinds: ['throttleWithoutRetryAfter'] }, 429, undefined],
      [{ rate: 1, kinds: ['internalError'] }, 500, undefined],
      [{ rate: 1, kinds: ['serviceUnavailable'] }, 503, '0'],
    ];
    for (const [faults, status, retryAfter] of expectations) {
      sim.control.setFaults(faults);
      const response = await armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY });
      expect({ status: response.status, retryAfter: response.headers['retry-after'] }).toEqual({ status, retryAfter });
      expect(response.body.error.code).toEqual(expect.any(String));
      expect(sim.control.get(TABLE)).toBeUndefined();
    }
    sim.control.setFaults(undefined);
    expect((await armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY })).status).toBe(201);
    expect(sim.control.counters().total.faults).toBe(4);
  });

  it("resets the connection before the write (nothing stored) or after it ('after': stored, no answer)", async () => {
    sim.control.setFaults({ rate: 1, kinds: ['reset'], resetAt: 'before' });
    await expect(armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.control.get(TABLE)).toBeUndefined();
    sim.control.setFaults({ rate: 1, kinds: ['reset'], resetAt: 'after' });
    await expect(armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(sim.control.get(TABLE)?.properties.provisioningState).toBe('Updating');
    sim.control.setFaults(undefined);
    const retried = await armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY });
    expect(retried.status).toBe(429);
    expect((await armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY })).status).toBe(200);
  });

  it('slows answers down by delayMs', async () => {
    sim.control.setFaults({ rate: 1, kinds: ['slow'], delayMs: 300 });
    const started = Date.now();
    expect((await armRequest(sim, 'GET', TABLE)).status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('applies per-operation rules first (methods, resource types, LRO polls), the global rate otherwise', async () => {
    sim.control.setFaults({
      rate: 0,
      rules: [
        { rate: 1, kinds: ['internalError'], methods: ['PUT'], resourceTypes: ['expressRouteCircuits'] },
        { rate: 1, kinds: ['serviceUnavailable'], resourceTypes: ['operations'] },
      ],
    });
    const circuit = circuitId(TEST_SUBSCRIPTION, RG, 'er');
    expect((await armRequest(sim, 'PUT', circuit, { body: providerCircuitBody() })).status).toBe(500);
    expect((await armRequest(sim, 'GET', circuit)).status).toBe(404);
    const table = await armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY });
    expect(table.status).toBe(201);
    expect((await armRequest(sim, 'GET', String(table.headers['azure-asyncoperation']))).status).toBe(503);
  });

  it('draws the same faults for the same seed and request order', async () => {
    const outcomes = async (seed: number): Promise<number[]> => {
      const seeded = await simulator({
        seed,
        faults: { rate: 0.5, kinds: ['internalError', 'throttleWithoutRetryAfter'] },
      });
      try {
        const statuses: number[] = [];
        for (let index = 0; index < 16; index += 1) statuses.push((await armRequest(seeded, 'GET', TABLE)).status);
        return statuses;
      } finally {
        await seeded.stop();
      }
    };
    const first = await outcomes(7);
    expect(await outcomes(7)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([404, 500, 429]));
  });

  it('refuses fault rates outside [0, 1]', () => {
    expect(() => {
      sim.control.setFaults({ rate: 1.5 });
    }).toThrow(RangeError);
  });
});

describe('throttling', () => {
  const small = { reads: { capacity: 3, refillPerSecond: 1 } };
  const remaining = (response: ArmHttpResponse, bucket: string): string | undefined => {
    const value = response.headers[`x-ms-ratelimit-remaining-subscription-${bucket}`];
    return typeof value === 'string' ? value : undefined;
  };

  it('reports the remaining reads, writes and deletes of the subscription on every answer', async () => {
    const sim = await simulator();
    try {
      const read = await armRequest(sim, 'GET', TABLE);
      expect(read.status).toBe(404);
      expect(remaining(read, 'reads')).toBe('249');
      const write = await armRequest(sim, 'PUT', TABLE, { body: TABLE_BODY });
      expect(remaining(write, 'writes')).toBe('199');
      expect(remaining(await armRequest(sim, 'DELETE', TABLE), 'deletes')).toBe('199');
      expect(remaining(await armRequest(sim, 'GET', TABLE), 'reads')).toBe('248');
    } finally {
      await sim.stop();
    }
  });

  it('answers 429 SubscriptionRequestsThrottled with Retry-After once the bucket is empty, per subscription', async () => {
    const sim = await simulator({ virtualTime: 'none', throttling: small });
    try {
      const statuses: (string | undefined)[] = [];
      for (let index = 0; index < 3; index += 1) statuses.push(remaining(await armRequest(sim, 'GET', TABLE), 'reads'));
      expect(statuses).toEqual(['2', '1', '0']);
      const throttled = await armRequest(sim, 'GET', TABLE);
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe('SubscriptionRequestsThrottled');
      expect(throttled.headers['retry-after']).toBe('1');
      expect((await armRequest(sim, 'GET', networkPath(CUSTOMER_SUBSCRIPTION, RG, 'routeTables', 'rt'))).status).toBe(
        404,
      );
      sim.clock.advanceBy(1000);
      expect((await armRequest(sim, 'GET', TABLE)).status).toBe(404);
      expect(sim.control.counters().bySubscription[TEST_SUBSCRIPTION.toLowerCase()]?.throttled).toBe(1);

      sim.control.setThrottling(false);
      for (let index = 0; index < 5; index += 1) expect((await armRequest(sim, 'GET', TABLE)).status).toBe(404);
    } finally {
      await sim.stop();
    }
  });

  it('with virtual time, says Retry-After 0 and refills the bucket by the time the client comes back', async () => {
    const sim = await simulator({ throttling: small });
    try {
      for (let index = 0; index < 3; index += 1) await armRequest(sim, 'GET', TABLE);
      const start = sim.clock.now();
      const throttled = await armRequest(sim, 'GET', TABLE);
      expect({ status: throttled.status, retryAfter: throttled.headers['retry-after'] }).toEqual({
        status: 429,
        retryAfter: '0',
      });
      expect((await armRequest(sim, 'GET', TABLE)).status).toBe(404);
      expect(sim.clock.now()).toBe(start + 1000);
    } finally {
      await sim.stop();
    }
  });

  it('throttling: false never refuses but still reports the budget', async () => {
    const sim = await simulator({ throttling: false });
    try {
      const response = await armRequest(sim, 'GET', TABLE);
      expect(remaining(response, 'reads')).toBe('250');
    } finally {
      await sim.stop();
    }
  });
});
