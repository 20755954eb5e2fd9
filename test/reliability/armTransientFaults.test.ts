/**
 * One request in five fails transiently (429 with and without Retry-After, 500, 503, connection resets before and
 * after the write was applied). Fifty full ensures of a connect-through topology all converge, and Azure ends up
 * holding exactly the desired resources, each once.
 */
import type { ResourceIntent } from '../../shared/domain/intents';
import { armIdKey } from '../../shared/domain/naming';
import type { SimResource } from '../../local/arm';
import type { AdapterHarness } from '../integration/arm/armAdapterHarness';
import { startAdapterHarness, writesSeen } from '../integration/arm/armAdapterHarness';
import { scaled } from '../support/reliability';
import { APP_GATEWAY_ID } from '../support/specs';
import { CUSTOMER_VNETS, connectThroughTopology, ensureTopology, seedCustomerWorld } from '../support/topologies';

const PASSES = scaled(50, 12);
/** Passes at the end that must find nothing to change. */
const SETTLED_PASSES = scaled(10, 3);
const topology = connectThroughTopology({ microsoftPeering: true });
let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness({ simulator: { seed: 20260101 } });
  await seedCustomerWorld(harness.sim, topology);
  harness.sim.control.resetCounters();
  harness.sim.control.setFaults({
    rate: 0.2,
    kinds: ['throttle', 'throttleWithoutRetryAfter', 'internalError', 'serviceUnavailable', 'reset'],
    resetAt: 'either',
  });
});

afterAll(async () => {
  await harness.sim.stop();
});

/** What the simulator holds, apart from the world seeded before onboarding. */
function builtResources(): SimResource[] {
  const seeded = new Set([
    armIdKey(APP_GATEWAY_ID),
    ...CUSTOMER_VNETS.flatMap((vnet) => [
      armIdKey(vnet.id),
      ...vnet.subnets.map((subnet) => armIdKey(`${vnet.id}/subnets/${subnet.name}`)),
    ]),
  ]);
  return harness.sim.control
    .resources()
    .filter((resource) => resource.type !== 'Microsoft.Resources/resourceGroups' && !seeded.has(armIdKey(resource.id)));
}

/** Resources a desired intent stands for, as the simulator stores them (children of inline collections included). */
function expectedIds(intents: readonly ResourceIntent[]): string[] {
  return intents
    .filter((intent) => intent.kind !== 'subnetAssociation' && !(intent.kind === 'gateway' && intent.existing))
    .flatMap((intent) => {
      switch (intent.kind) {
        case 'routeTable':
          return [intent.id, ...intent.routes.map((route) => `${intent.id}/routes/${route.name}`)];
        case 'nsg':
          return [intent.id, ...intent.rules.map((rule) => `${intent.id}/securityRules/${rule.name}`)];
        case 'routeFilter':
          return [intent.id, `${intent.id}/routeFilterRules/${intent.rule.name}`];
        default:
          return [intent.id];
      }
    })
    .map(armIdKey)
    .sort();
}

it(`${PASSES} full ensures under 20% transient faults all converge, each resource exactly once`, async () => {
  const { sim, adapter } = harness;
  const outcomes: string[][] = [];
  for (let pass = 0; pass < PASSES; pass += 1) {
    const run = await ensureTopology(adapter, topology, (circuitId) => sim.control.provision(circuitId));
    outcomes.push(run.results.map(({ ensured }) => ensured.outcome));
  }
  const counters = sim.control.counters().total;
  expect(counters.faults).toBeGreaterThan(2 * PASSES);
  expect(harness.retries.length).toBeGreaterThanOrEqual(counters.faults - counters.throttled);
  // The first pass builds; a later pass may repair what a fault left half-done, but converges.
  expect(outcomes[0]?.filter((outcome) => outcome === 'created').length).toBeGreaterThan(20);
  expect(
    outcomes
      .slice(-SETTLED_PASSES)
      .flat()
      .every((outcome) => outcome === 'unchanged'),
  ).toBe(true);

  const held = builtResources()
    .map((resource) => armIdKey(resource.id))
    .sort();
  expect(held).toEqual(expectedIds(topology.resources));
  for (const intent of topology.resources) {
    if (intent.kind === 'subnetAssociation') {
      expect(sim.control.get(intent.id)?.properties).toMatchObject({
        ...(intent.routeTableId === undefined ? {} : { routeTable: { id: intent.routeTableId } }),
        ...(intent.nsgId === undefined ? {} : { networkSecurityGroup: { id: intent.nsgId } }),
      });
    }
    if (intent.kind === 'authorization') {
      expect(sim.control.get(intent.id)?.properties).toMatchObject({ authorizationUseStatus: 'InUse' });
    }
  }
}, 300_000);

it('and once the faults stop, one more ensure writes nothing', async () => {
  const { sim, adapter } = harness;
  sim.control.setFaults(undefined);
  sim.control.resetCounters();
  const run = await ensureTopology(adapter, topology, () => {
    throw new Error('already provisioned');
  });
  expect(run.results.every(({ ensured }) => ensured.outcome === 'unchanged')).toBe(true);
  expect(writesSeen(sim)).toEqual({ writes: 0, deletes: 0 });
});
