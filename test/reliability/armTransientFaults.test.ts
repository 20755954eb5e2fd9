/**
 * One request in five, then one in two, fails transiently (429 with and without Retry-After, 500, 503, connection
 * resets before and after the write was applied), each over several seeds. Repeated full ensures of a connect-through
 * topology converge, and Azure ends up holding exactly the desired resources, each once, none deleted.
 */
import type { ResourceIntent } from '../../shared/domain/intents';
import { armIdKey } from '../../shared/domain/naming';
import type { SimResource } from '../../local/arm';
import type { AdapterHarness } from '../integration/arm/armAdapterHarness';
import { startAdapterHarness } from '../integration/arm/armAdapterHarness';
import { reportScenario, scaled } from '../support/reliability';
import { APP_GATEWAY_ID } from '../support/specs';
import { CUSTOMER_VNETS, connectThroughTopology, ensureTopology, seedCustomerWorld } from '../support/topologies';

/** Full ensures per rate and seed, and the passes at the end that must find nothing to change. */
const PASSES = { 0.2: scaled(50, 4), 0.5: scaled(20, 3) } as const;
const SETTLED_PASSES = scaled(5, 1);
const SEEDS = scaled(3, 2) === 3 ? [20260101, 7, 4242] : [20260101, 7];
const topology = connectThroughTopology({ microsoftPeering: true });

/** What the simulator holds, apart from the world seeded before onboarding. */
function builtResources(harness: AdapterHarness): SimResource[] {
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

interface Sweep {
  readonly passes: number;
  readonly gaveUp: number;
  readonly settled: boolean;
  readonly faults: number;
  readonly held: string[];
  readonly deletes: number;
  readonly wrongState: string[];
}

/** `passes` full ensures at `rate` faults with `seed`, on a fresh simulator; the last SETTLED_PASSES must change nothing. */
async function sweep(rate: 0.2 | 0.5, seed: number): Promise<Sweep> {
  const harness = await startAdapterHarness({ simulator: { seed } });
  try {
    await seedCustomerWorld(harness.sim, topology);
    harness.sim.control.resetCounters();
    harness.sim.control.setFaults({
      rate,
      kinds: ['throttle', 'throttleWithoutRetryAfter', 'internalError', 'serviceUnavailable', 'reset'],
      resetAt: 'either',
    });
    const passes = PASSES[rate];
    const outcomes: string[][] = [];
    let gaveUp = 0;
    for (let pass = 0; pass < passes; pass += 1) {
      try {
        const run = await ensureTopology(harness.adapter, topology, (circuitId) =>
          harness.sim.control.provision(circuitId),
        );
        outcomes.push(run.results.map(({ ensured }) => ensured.outcome));
      } catch {
        // A call whose every attempt met a fault gives up (its budget is 10 attempts); the next pass takes over.
        gaveUp += 1;
        outcomes.push(['gave up']);
      }
    }
    const faults = harness.sim.control.counters().total.faults;
    // Once the faults stop, one more ensure must find everything in place.
    harness.sim.control.setFaults(undefined);
    const final = await ensureTopology(harness.adapter, topology, () => undefined);
    const settled =
      outcomes
        .slice(-SETTLED_PASSES)
        .flat()
        .every((outcome) => outcome === 'unchanged' || outcome === 'gave up') &&
      final.results.every(({ ensured }) => ensured.outcome === 'unchanged');
    const wrongState: string[] = [];
    for (const intent of topology.resources) {
      const properties = harness.sim.control.get(intent.id)?.properties as Record<string, unknown> | undefined;
      if (intent.kind === 'authorization' && properties?.authorizationUseStatus !== 'InUse') wrongState.push(intent.id);
    }
    return {
      passes,
      gaveUp,
      settled,
      faults,
      held: builtResources(harness).map((resource) => armIdKey(resource.id)),
      deletes: harness.sim.control.counters().total.deletes,
      wrongState,
    };
  } finally {
    await harness.sim.stop();
  }
}

describe.each([0.2, 0.5] as const)('%p transient faults', (rate) => {
  it(`over ${String(SEEDS.length)} seeds: every pass converges, each resource exactly once, nothing deleted`, async () => {
    const expected = expectedIds(topology.resources);
    const sweeps: Sweep[] = [];
    for (const seed of SEEDS) sweeps.push(await sweep(rate, seed));
    const held = sweeps.map((result) => [...result.held].sort());
    const duplicates = held.reduce((sum, ids) => sum + (ids.length - new Set(ids).size), 0);
    const extra = held.reduce((sum, ids) => sum + [...new Set(ids)].filter((id) => !expected.includes(id)).length, 0);
    const losses = held.reduce((sum, ids) => sum + expected.filter((id) => !ids.includes(id)).length, 0);
    const deletes = sweeps.reduce((sum, result) => sum + result.deletes, 0);
    const settled = sweeps.every((result) => result.settled && result.wrongState.length === 0);
    reportScenario({
      scenario: `transient faults ${String(rate * 100)}%`,
      tried:
        `${String(PASSES[rate])} full ensures x seeds ${SEEDS.join(', ')}: ` +
        `${String(sweeps.reduce((sum, result) => sum + result.faults, 0))} faults, ` +
        `passes that gave up ${String(sweeps.reduce((sum, result) => sum + result.gaveUp, 0))}`,
      held: `${String(expected.length)} resources each once; settled; no stray resource (${String(extra)})`,
      holds: settled && extra === 0,
      duplicates: duplicates + extra,
      losses,
      deletes,
    });
    for (const result of sweeps) expect(result.faults).toBeGreaterThan(result.passes);
    expect(held).toEqual(sweeps.map(() => expected));
    expect(sweeps.map((result) => result.settled)).toEqual(sweeps.map(() => true));
    expect(sweeps.flatMap((result) => result.wrongState)).toEqual([]);
    expect(deletes).toBe(0);
  }, 900_000);
});
