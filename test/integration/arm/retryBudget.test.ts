/**
 * The retry budget of one ARM call (shared/adapters/arm/retryBudget.ts), counted where it matters: at the simulator.
 * A PUT that Azure keeps throttling, or keeps failing with 5xx, costs at most ARM_CALL_MAX_ATTEMPTS HTTP requests,
 * and the whole operation is not started again on top of that.
 */
import { ARM_CALL_MAX_ATTEMPTS } from '../../../shared/adapters/arm/retryBudget';
import type { ResourceIntent } from '../../../shared/domain/intents';
import { connectThroughTopology, seedCustomerWorld } from '../../support/topologies';
import { startAdapterHarness, type AdapterHarness } from './armAdapterHarness';

const topology = connectThroughTopology({ microsoftPeering: false });
const routeTable = topology.resources.find(
  (intent): intent is Extract<ResourceIntent, { kind: 'routeTable' }> => intent.kind === 'routeTable',
);

let harness: AdapterHarness;
beforeAll(async () => {
  harness = await startAdapterHarness();
  await seedCustomerWorld(harness.sim, topology);
});
afterAll(async () => {
  await harness.sim.stop();
});

describe.each([
  ['throttled (429 with Retry-After)', 'throttle'],
  ['throttled (429 without Retry-After)', 'throttleWithoutRetryAfter'],
  ['failing (500)', 'internalError'],
] as const)('a route-table PUT that Azure keeps %s', (_label, kind) => {
  it(`costs at most ${ARM_CALL_MAX_ATTEMPTS} HTTP attempts, then fails`, async () => {
    if (routeTable === undefined) throw new Error('the topology has no route table');
    harness.sim.control.setFaults(undefined);
    harness.sim.control.resetCounters();
    harness.sim.control.setFaults({
      rules: [{ rate: 1, kinds: [kind], methods: ['PUT'], resourceTypes: ['routeTables'] }],
    });

    await expect(
      harness.adapter.ensureRouteTable({ ...routeTable, name: `${routeTable.name}-${kind}` }),
    ).rejects.toThrow();

    const puts = harness.sim.control.counters().byOperation['PUT Microsoft.Network/routeTables'] ?? 0;
    expect(puts).toBeGreaterThan(1);
    expect(puts).toBeLessThanOrEqual(ARM_CALL_MAX_ATTEMPTS);
    harness.sim.control.setFaults(undefined);
  });
});
