/**
 * `npm run bench -- provider-watch`: ARM and Resource Graph calls during a 3-day provider wait for 1, 100 and 1,000
 * waiting customers (two circuits each, ten circuits to a CSP subscription), with the fleet-wide provider watcher
 * (shared/services/providerWatcher.ts) against per-instance polling alone.
 *
 * The circuits are seeded `NotProvisioned` straight into the ARM simulator's store and their waits into an in-memory
 * wait registry (the Tables adapter's paging contract; Table reads are not ARM calls). The 3 days are 864 whole
 * passes, one every 5 minutes, and 4,320 close-watch passes, one a minute, each a real pass through the Resource
 * Graph adapter (`@azure/arm-resourcegraph`) against the simulator. The provider provisions each circuit at a
 * seeded random time in the last hour of the 3 days, having shown `Provisioning` from a seeded random time 1 to 6
 * hours before; the delay from `Provisioned` to the pass that raised `ProviderProvisioned` is the detection delay.
 *
 * Per-instance polls are computed from the `awaitProvider` schedule (shared/config.ts defaults: a read at the start,
 * sleeps of 1 minute doubling to `ERCSP_PROVIDER_POLL_MAX`, a reminder wake every 2 days): with the watcher, at the
 * default safety cap of 6 hours; alone, at the 30-minute cap the waits had before the watcher.
 */
import { performance } from 'node:perf_hooks';
import { startArmSimulator } from '../local/arm';
import type { ResourceSeed } from '../local/arm/outOfBand';
import { VirtualClock } from '../local/clock';
import { FakeTenantCredentialProvider } from '../shared/adapters/identity';
import { ResourceGraphInventory } from '../shared/adapters/resourcegraph/resourceGraphInventory';
import { loadConfig } from '../shared/config';
import { InstanceIds } from '../shared/ports/requestWorkflows';
import { watchProviderWaits } from '../shared/services/providerWatcher';
import { FakeWorkflows } from '../test/support/inMemoryIntakePorts';
import { InMemoryProviderWaitRegistry } from '../test/support/providerWaits';

const CSP_TENANT = '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WAIT_MS = 3 * DAY;
const WATCH_EVERY_MS = 5 * MINUTE;
const CLOSE_WATCH_EVERY_MS = MINUTE;
const RUNS = WAIT_MS / WATCH_EVERY_MS;
const CLOSE_RUNS = WAIT_MS / CLOSE_WATCH_EVERY_MS;
const CIRCUITS_PER_SUBSCRIPTION = 10;
/** What each wait polled at before the watcher (its cap was 30 minutes): the comparison's baseline. */
const POLLING_ALONE_MAX_MS = 30 * MINUTE;

/** The schedule's defaults, as the app loads them. */
function defaultTiming() {
  return loadConfig({
    ERCSP_CSP_TENANT_ID: CSP_TENANT,
    ERCSP_CSP_SUBSCRIPTION_IDS: cspSubscription(0),
    ERCSP_CREDENTIAL_MODE: 'fake',
    ERCSP_TABLES_CONNECTION: 'UseDevelopmentStorage=true',
  }).timing;
}

/**
 * Circuit reads of one `awaitProvider` wait that ends at `endAt` (ms after it began): the schedule of
 * orchestrations/steps/poll.ts with `maxChecks: 1` per generation (a read, then a sleep to the next poll or reminder,
 * whichever is first; the sleep doubles after each timer), and the read that sees the provider's answer.
 */
export function perInstancePolls(endAt: number, minMs: number, maxMs: number, reminderEveryMs: number): number {
  let now = 0;
  let interval = minMs;
  let nextReminder = reminderEveryMs;
  let reads = 0;
  for (;;) {
    reads += 1;
    if (now >= endAt) return reads;
    if (now >= nextReminder) nextReminder += reminderEveryMs;
    now = Math.min(now + interval, nextReminder);
    interval = Math.min(interval * 2, maxMs);
  }
}

function cspSubscription(index: number): string {
  return `5c000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/** A deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Circuit {
  readonly id: string;
  readonly instanceId: string;
  /** When the provider starts work (`Provisioning`). */
  readonly workStartsAt: number;
  readonly provisionAt: number;
}

async function watchFleet(customers: number): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 11, 1));
  const simulator = await startArmSimulator({ clock, virtualTime: 'advance-on-poll', throttling: false });
  try {
    const next = random(customers);
    const waits = new InMemoryProviderWaitRegistry();
    const workflows = new FakeWorkflows();
    const circuits: Circuit[] = [];
    const seeds: ResourceSeed[] = [];
    for (let customer = 0; customer < customers; customer += 1) {
      const requestId = `bench-wait-${String(customer)}`;
      for (const leg of ['a', 'b'] as const) {
        const index = circuits.length;
        const subscriptionId = cspSubscription(Math.floor(index / CIRCUITS_PER_SUBSCRIPTION));
        const name = `er-cust${String(customer)}-${leg}`;
        const id = `/subscriptions/${subscriptionId}/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/${name}`;
        if (index % CIRCUITS_PER_SUBSCRIPTION === 0) {
          simulator.control.setSubscriptionTenant(subscriptionId, CSP_TENANT);
          simulator.control.seedResourceGroup(subscriptionId, 'rg-er', 'westeurope');
        }
        seeds.push({
          id,
          kind: 'expressRouteCircuit',
          type: 'Microsoft.Network/expressRouteCircuits',
          name,
          subscriptionId,
          resourceGroup: 'rg-er',
          location: 'westeurope',
          tags: { 'managed-by': 'expressroute-csp', 'csp-customer': `cust${String(customer)}` },
          properties: {
            serviceProviderProperties: {
              serviceProviderName: 'Equinix',
              peeringLocation: 'Amsterdam',
              bandwidthInMbps: 1000,
            },
            serviceProviderProvisioningState: 'NotProvisioned',
            circuitProvisioningState: 'Enabled',
          },
        });
        const instanceId = InstanceIds.providerWait(InstanceIds.forRequest(requestId), leg);
        await waits.register({
          instanceId,
          requestId,
          customerId: `cust${String(customer)}`,
          circuitId: id,
          tenantId: CSP_TENANT,
          subscriptionId,
          awaiting: 'Provisioned',
          registeredAt: new Date(clock.now()).toISOString(),
        });
        workflows.seed(instanceId, 'Running');
        const provisionAt = WAIT_MS - HOUR + Math.floor(next() * HOUR);
        circuits.push({
          id,
          instanceId,
          provisionAt,
          workStartsAt: provisionAt - HOUR - Math.floor(next() * 5 * HOUR),
        });
      }
    }
    simulator.control.outOfBand.seedResources(seeds);
    const inventory = new ResourceGraphInventory({
      endpoint: simulator.endpoint,
      caPem: simulator.caPem,
      credentials: new FakeTenantCredentialProvider(),
      scopeCheck: 'delegated',
    });
    simulator.control.resourceGraph.setManagingTenant(CSP_TENANT);
    simulator.control.resetCounters();

    const working = [...circuits].sort((a, b) => a.workStartsAt - b.workStartsAt);
    const pending = [...circuits].sort((a, b) => a.provisionAt - b.provisionAt);
    const provisionedAt = new Map<string, number>();
    const delays: number[] = [];
    const whole = { queries: 0, maxQueriesPerRun: 0, pages: 0 };
    const close = { queries: 0, maxQueriesPerRun: 0, pages: 0, runsWithWaits: 0 };
    let raisedSoFar = 0;
    const started = performance.now();
    for (let run = 1; run <= CLOSE_RUNS; run += 1) {
      const at = run * CLOSE_WATCH_EVERY_MS;
      while (working.length > 0 && (working[0]?.workStartsAt ?? Infinity) < at) {
        const circuit = working.shift();
        if (circuit !== undefined) simulator.control.setProviderState(circuit.id, 'Provisioning');
      }
      while (pending.length > 0 && (pending[0]?.provisionAt ?? Infinity) < at) {
        const circuit = pending.shift();
        if (circuit === undefined) break;
        simulator.control.provision(circuit.id);
        provisionedAt.set(circuit.instanceId, circuit.provisionAt);
      }
      const now = () => clock.now() + at;
      if (at % WATCH_EVERY_MS === 0) {
        const summary = await watchProviderWaits({ waits, inventory, workflows }, { now });
        whole.queries += summary.resourceGraphQueries;
        whole.maxQueriesPerRun = Math.max(whole.maxQueriesPerRun, summary.resourceGraphQueries);
        whole.pages += summary.pages;
      }
      const summary = await watchProviderWaits({ waits, inventory, workflows }, { now, closeWatchOnly: true });
      close.queries += summary.resourceGraphQueries;
      close.maxQueriesPerRun = Math.max(close.maxQueriesPerRun, summary.resourceGraphQueries);
      close.pages += summary.pages;
      if (summary.waits > 0) close.runsWithWaits += 1;
      for (const raised of workflows.raised.slice(raisedSoFar)) {
        const provisioned = provisionedAt.get(raised.instanceId);
        if (provisioned !== undefined) delays.push(at - provisioned);
      }
      raisedSoFar = workflows.raised.length;
    }
    const queries = whole.queries + close.queries;
    const seconds = (performance.now() - started) / 1000;
    const counters = simulator.control.counters();
    const armGets = Object.entries(counters.byOperation)
      .filter(([operation]) => operation.startsWith('GET '))
      .reduce((sum, [, n]) => sum + n, 0);

    const timing = defaultTiming();
    const n = circuits.length;
    const pollsAlone = perInstancePolls(
      WAIT_MS,
      timing.providerPollMinMs,
      POLLING_ALONE_MAX_MS,
      timing.providerReminderEveryMs,
    );
    const pollsSafety = perInstancePolls(
      WAIT_MS,
      timing.providerPollMinMs,
      timing.providerPollMaxMs,
      timing.providerReminderEveryMs,
    );
    const woken = workflows.raised.length;
    const row = (label: string, value: string): void => {
      console.log(`  ${label.padEnd(62)} ${value.padStart(10)}`);
    };
    console.log(
      `${String(customers)} waiting customers (${String(n)} circuits), ${String(RUNS)} whole passes and ${String(CLOSE_RUNS)} close-watch passes over 3 days`,
    );
    row(
      'watcher: Resource Graph queries, 3 days (whole + close)',
      `${String(whole.queries)} + ${String(close.queries)}`,
    );
    row(
      'watcher: Resource Graph queries per run, at most (whole / close)',
      `${String(whole.maxQueriesPerRun)} / ${String(close.maxQueriesPerRun)}`,
    );
    row('watcher: registry pages read, 3 days (whole + close)', `${String(whole.pages)} + ${String(close.pages)}`);
    row('close-watch passes with circuits to read', String(close.runsWithWaits));
    row('watcher: ARM GETs', String(armGets));
    row('waits woken (each then reads its circuit once: ARM GETs)', String(woken));
    row(
      'detection delay, max / mean (minutes)',
      `${(Math.max(...delays) / MINUTE).toFixed(1)} / ${(delays.reduce((s, d) => s + d, 0) / Math.max(1, delays.length) / MINUTE).toFixed(1)}`,
    );
    const safetyCap = `${String(timing.providerPollMaxMs / HOUR)} h`;
    row(
      `per-instance polling alone (cap ${String(POLLING_ALONE_MAX_MS / MINUTE)} min): circuit GETs`,
      String(n * pollsAlone),
    );
    row(`with the watcher, safety cap ${safetyCap}: GETs (polls + one per wake)`, String(n * pollsSafety + woken));
    row(
      `with the watcher, safety cap ${safetyCap}: all ARM + Resource Graph calls`,
      String(n * pollsSafety + woken + queries),
    );
    row(`per-instance polling alone: detection delay, at most (minutes)`, String(POLLING_ALONE_MAX_MS / MINUTE));
    row('real time of the passes (s)', seconds.toFixed(1));
  } finally {
    await simulator.stop();
  }
}

export async function run(): Promise<void> {
  for (const customers of [1, 100, 1000]) await watchFleet(customers);
}
