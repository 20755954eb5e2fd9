/**
 * Benchmarks of whole onboardings: the real orchestrators and activities through the Durable host simulator, against
 * the ARM simulator over HTTPS and an in-process Azurite, all on one virtual clock (the test harness of
 * test/support/onboardingHarness.ts). Each prints figures; none asserts.
 *
 * - `arm-writes`: ARM writes of one onboarding against the plan's minimum (one write per resource the plan ensures),
 *   and of a second run of the same request (0 when nothing changed);
 * - `provider-wait-history`: Durable history events per generation of the provider wait, and events written per day
 *   of wait, for a 3-day wait with the default poll timing;
 * - `onboardings-at-once`: 100 onboardings started at once (ERCSP_BENCH_ONBOARDINGS), each customer in its own
 *   tenant and subscriptions, 5 to a CSP subscription: real time, throughput, simulated makespan, ARM requests, peak
 *   memory.
 */
import { performance } from 'node:perf_hooks';
import { startTableEmulator } from '../local/azurite/tableEmulator';
import { ExternalEvents, InstanceIds, Orchestrations } from '../orchestrations/contracts';
import { deriveTopology } from '../shared/domain/topology';
import { planTopology } from '../shared/domain/planner';
import type { CustomerSpec } from '../shared/domain/spec';
import { startFunctionsHarness } from '../test/support/functionsHarness';
import { CSP_TENANT_ID, startOnboardingHarness, type OnboardingHarness } from '../test/support/onboardingHarness';
import {
  DAY,
  HOUR,
  MD5_VALUE,
  MINUTE,
  runOnboarding,
  startOnboarding,
  withNewGateways,
  writesByOperation,
} from '../test/support/onboardingScenarios';
import {
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  validConnectThroughSpec,
  CSP_SUBSCRIPTION_ID,
} from '../test/support/specs';

/** Runs `work` with an in-process Azurite Table service, as the tests' global setup provides it. */
async function withTables<T>(work: () => Promise<T>): Promise<T> {
  const emulator = await startTableEmulator();
  process.env.ERCSP_TEST_TABLES_CONNECTION = emulator.connectionString;
  try {
    return await work();
  } finally {
    await emulator.stop();
  }
}

/** Writes one onboarding needs at least: one per resource the plan ensures (an existing gateway is only read). */
export function planMinimumWrites(spec: CustomerSpec): number {
  const plan = planTopology(deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }));
  return plan.steps.filter(
    (step) => step.action === 'ensure' && !(step.intent.kind === 'gateway' && step.intent.existing),
  ).length;
}

function total(writes: Record<string, number>): number {
  return Object.values(writes).reduce((sum, n) => sum + n, 0);
}

export async function armWrites(): Promise<void> {
  await withTables(async () => {
    const harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });
    try {
      for (const [label, spec] of [
        ['connect-through, new gateways', withNewGateways(validConnectThroughSpec())],
      ] as const) {
        harness.arm.control.resetCounters();
        const first = await runOnboarding(harness, spec, 'bench-writes-1');
        const firstWrites = writesByOperation(harness);
        harness.arm.control.resetCounters();
        const again = await runOnboarding(harness, spec, 'bench-writes-2');
        const againWrites = writesByOperation(harness);
        const minimum = planMinimumWrites(spec);
        console.log(`${label}: ${first.status.runtimeStatus}, then ${again.status.runtimeStatus}`);
        console.log(`  plan's minimum (one write per resource ensured)  ${String(minimum).padStart(4)}`);
        console.log(
          `  ARM writes of the onboarding                      ${String(total(firstWrites)).padStart(4)}  (${(total(firstWrites) / minimum).toFixed(2)}x the minimum)`,
        );
        console.log(`  ARM writes of a second request, nothing changed   ${String(total(againWrites)).padStart(4)}`);
        for (const [operation, count] of Object.entries(firstWrites).sort()) {
          console.log(`    ${operation.padEnd(60)} ${String(count).padStart(3)}`);
        }
      }
    } finally {
      await harness.stop();
    }
  });
}

export async function providerWaitHistory(): Promise<void> {
  const waitDays = 3;
  await withTables(async () => {
    const harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: waitDays * DAY } } });
    try {
      /** Largest replayed history per (instance, generation) of the provider waits: what each generation wrote. */
      const generations = new Map<string, number>();
      harness.durable.onEvent((event) => {
        if (event.type !== 'episodeCompleted' || event.name !== 'awaitProvider') return;
        const key = `${event.instanceId}#${String(event.generation)}`;
        generations.set(key, Math.max(generations.get(key) ?? 0, event.historyEvents));
      });
      const { status } = await runOnboarding(harness, withNewGateways(validConnectThroughSpec()), 'bench-wait');
      const sizes = [...generations.values()];
      const written = sizes.reduce((sum, n) => sum + n, 0);
      const legs = 2;
      const circuitReads = harness.arm.control.counters().byOperation;
      const circuitGets = Object.entries(circuitReads)
        .filter(([operation]) => /^GET .*expressRouteCircuits$/i.test(operation))
        .reduce((sum, [, n]) => sum + n, 0);
      const timing = harness.timing;
      console.log(
        `a ${String(waitDays)}-day provider wait (${status.runtimeStatus}), polls ${String(timing.providerPollMinMs / 60_000)} min doubling to ${String(timing.providerPollMaxMs / 60_000)} min, ${String(legs)} legs`,
      );
      console.log(`  generations of the provider waits                 ${String(sizes.length).padStart(6)}`);
      console.log(`  history events per generation, largest            ${String(Math.max(...sizes)).padStart(6)}`);
      console.log(
        `  history events per generation, mean               ${(written / Math.max(1, sizes.length)).toFixed(1).padStart(6)}`,
      );
      console.log(
        `  history events written per day of wait, per leg   ${(written / waitDays / legs).toFixed(0).padStart(6)}`,
      );
      console.log(`  history events written per day of wait, customer  ${(written / waitDays).toFixed(0).padStart(6)}`);
      console.log(
        `  circuit GETs per day of wait, per customer        ${(circuitGets / waitDays).toFixed(0).padStart(6)}`,
      );
    } finally {
      await harness.stop();
    }
  });
}

/** Customers placed in one CSP subscription: 5 customers, 10 circuits, Azure's limit per subscription and region. */
const CUSTOMERS_PER_CSP_SUBSCRIPTION = 5;

function cspSubscription(index: number): string {
  return `5c000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

/**
 * Customer `n`: Contoso's connect-through estate in a tenant and subscriptions of its own, its circuits in CSP
 * subscription `(n - 1) / 5` (each holds the 10 circuits Azure allows per subscription and region).
 */
export function customerForBench(n: number): CustomerSpec {
  const hex = n.toString(16).padStart(12, '0');
  const text = JSON.stringify(withNewGateways(validConnectThroughSpec()))
    .replaceAll(CONTOSO_TENANT_ID, `7e000000-0000-4000-8000-${hex}`)
    .replaceAll(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, `c0000000-0000-4000-8000-${hex}`)
    .replaceAll(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, `d0000000-0000-4000-8000-${hex}`)
    .replaceAll(CSP_SUBSCRIPTION_ID, cspSubscription(Math.floor((n - 1) / CUSTOMERS_PER_CSP_SUBSCRIPTION)))
    .replaceAll('contoso', `cust${String(n)}`)
    .replaceAll('Contoso', `Customer ${String(n)}`);
  // The fixture's MD5 key reference, renamed with the customer, resolves from the environment as configured.
  process.env[`ERCSP_SECRET__kv_ercsp_prod__cust${String(n)}_bgp_md5`] = MD5_VALUE;
  return JSON.parse(text) as CustomerSpec;
}

export async function onboardingsAtOnce(): Promise<void> {
  const count = Number(process.env.ERCSP_BENCH_ONBOARDINGS ?? 100);
  await withTables(async () => {
    const cspSubscriptions = Array.from({ length: Math.ceil(count / CUSTOMERS_PER_CSP_SUBSCRIPTION) }, (_, i) =>
      cspSubscription(i),
    );
    const harness: OnboardingHarness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 2 * HOUR } },
      env: { ERCSP_CSP_SUBSCRIPTION_IDS: cspSubscriptions.join(',') },
    });
    let peakRss = 0;
    let peakHeap = 0;
    const sample = () => {
      const memory = process.memoryUsage();
      peakRss = Math.max(peakRss, memory.rss);
      peakHeap = Math.max(peakHeap, memory.heapUsed);
    };
    sample();
    const baseRss = process.memoryUsage().rss;
    const sampler = setInterval(sample, 50);
    try {
      const simulatedStart = harness.clock.now();
      const started = performance.now();
      const ids: string[] = [];
      for (let n = 1; n <= count; n += 1) {
        const requestId = `bench-many-${String(n)}`;
        await startOnboarding(harness, customerForBench(n), requestId);
        ids.push(InstanceIds.forRequest(requestId));
      }
      const statuses = await Promise.all(
        ids.map((id) => harness.durable.waitForCompletion(id, { maxVirtualMs: 30 * DAY })),
      );
      const seconds = (performance.now() - started) / 1000;
      sample();
      const completed = statuses.filter((status) => status.runtimeStatus === 'Completed').length;
      const arm = harness.arm.control.counters().total;
      const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
      console.log(
        `${String(count)} onboardings started at once (connect-through, each customer in its own tenant, 5 to a CSP subscription), node ${process.version}`,
      );
      console.log(`  completed                         ${String(completed)} of ${String(count)}`);
      console.log(`  real time                         ${seconds.toFixed(1)} s`);
      console.log(`  throughput                        ${(completed / seconds).toFixed(2)} onboardings/s`);
      console.log(
        `  simulated makespan                ${((harness.clock.now() - simulatedStart) / HOUR).toFixed(2)} h (provider after 2 h)`,
      );
      console.log(
        `  ARM requests                      ${String(arm.reads + arm.writes + arm.deletes + arm.polls)} (${String(arm.writes)} writes, ${String(arm.throttled)} throttled)`,
      );
      console.log(`  peak RSS                          ${mib(peakRss)} MiB (${mib(baseRss)} MiB before)`);
      console.log(`  peak heap used                    ${mib(peakHeap)} MiB`);
    } finally {
      clearInterval(sampler);
      await harness.stop();
    }
  });
}

/** The provider watcher's timers, fired on their default schedules (every 5 minutes, every minute). */
const WATCH_TIMERS = ['providerWatcherTimer', 'providerCloseWatchTimer'];

interface DetectionTrial {
  /** The provider shows `Provisioning` for a while before `Provisioned` (the usual course), or skips it. */
  readonly atWorkFirst: boolean;
  /** When the provider reports `Provisioned`, in ms past a whole 5 minutes of the clock. */
  readonly offsetMs: number;
}

interface DetectionResult {
  readonly detectionMs: number;
  readonly completedMs: number;
  readonly status: string;
}

/**
 * One onboarding with the watcher's real timers fired on their schedules by the functions harness (the Functions
 * host's timer triggers on the virtual clock): a day into the wait the provider starts work (or not), and at
 * `offsetMs` past a 5-minute mark an hour later it provisions both circuits. Returns when the watcher had woken both
 * waits and when the request completed, both from `Provisioned`.
 */
async function onboardWithWatcher(spec: CustomerSpec, trial: DetectionTrial): Promise<DetectionResult> {
  const harness = await startFunctionsHarness({
    arm: { provider: { provisionAfterMs: 'never' } },
    timers: WATCH_TIMERS,
  });
  try {
    const requestId = `bench-watch-${trial.atWorkFirst ? 'work' : 'skip'}-${String(trial.offsetMs)}`;
    const instanceId = InstanceIds.forRequest(requestId);
    await startOnboarding(harness, spec, requestId);
    await harness.durable.runUntilIdle({ maxVirtualMs: DAY });
    const circuits = harness.arm.control
      .resources()
      .filter((resource) => /expressRouteCircuits\/[^/]+$/i.test(resource.id))
      .map((resource) => resource.id);
    if (trial.atWorkFirst) {
      for (const circuit of circuits) harness.arm.control.setProviderState(circuit, 'Provisioning');
    }
    const grid = 5 * MINUTE;
    const provisionedAt = (Math.floor(harness.clock.now() / grid) + 12) * grid + trial.offsetMs;
    await harness.durable.runUntilIdle({ maxVirtualMs: provisionedAt - harness.clock.now() });
    harness.clock.advanceTo(provisionedAt);
    for (const circuit of circuits) harness.arm.control.provision(circuit);
    let wokenAt = provisionedAt;
    for (const leg of ['a', 'b'] as const) {
      await harness.durable.waitForCompletion(InstanceIds.providerWait(instanceId, leg), { maxVirtualMs: HOUR });
      wokenAt = Math.max(wokenAt, harness.clock.now());
    }
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: DAY });
    return {
      detectionMs: wokenAt - provisionedAt,
      completedMs: harness.clock.now() - provisionedAt,
      status: status.runtimeStatus,
    };
  } finally {
    await harness.stop();
  }
}

/**
 * `provisioned-to-completed`: from the moment the provider reports `Provisioned` (both circuits, as providers
 * usually do) to the request's `Completed`.
 *
 * - With the watcher: the real timers of the provider watcher fire on their default schedules on the virtual clock
 *   (the whole pass every 5 minutes, the close watch every minute) through the functions harness, so detection is
 *   measured, not added. The
 *   provider reports `Provisioned` at several offsets past the watcher's occurrences, having shown `Provisioning`
 *   for an hour (as providers do while they work), or skipping it (then only the whole pass notices).
 * - After detection, today (`onboardCustomerV2`: a lane per circuit carries it to its VNets' connections, no
 *   activity waits for ARM) and before (`onboardCustomer`, in waves, kept for instances in flight); against the
 *   sequential sum (every ARM operation of that stretch one after another). The bench raises `ProviderProvisioned`
 *   itself at the moment of `Provisioned`, as a provider's callback (`POST /api/requests/{id}/events`) does.
 */
export async function provisionedToCompleted(): Promise<void> {
  const spec = withNewGateways(validConnectThroughSpec());
  const minutes = (ms: number) => (ms / 60_000).toFixed(1).padStart(5);
  await withTables(async () => {
    console.log(
      `connect-through, ${String(spec.vnetLinks.length)} VNets, new gateways; simulated minutes from Provisioned to Completed`,
    );
    console.log('  with the provider watcher (whole pass every 5 min, close watch every minute), detection measured');
    const trials: DetectionTrial[] = [
      ...[1_000, 20_000, 40_000, 59_000].map((offsetMs) => ({ atWorkFirst: true, offsetMs })),
      ...[1_000, 150_000, 299_000].map((offsetMs) => ({ atWorkFirst: false, offsetMs })),
    ];
    const results = new Map<boolean, DetectionResult[]>();
    for (const trial of trials) {
      const result = await onboardWithWatcher(spec, trial);
      results.set(trial.atWorkFirst, [...(results.get(trial.atWorkFirst) ?? []), result]);
      console.log(
        `    ${trial.atWorkFirst ? 'Provisioning first ' : 'straight to Provisioned'}${''.padEnd(trial.atWorkFirst ? 4 : 0)}, ` +
          `at ${(trial.offsetMs / 1000).toFixed(0).padStart(3)} s past the 5-min mark: detected after ${minutes(result.detectionMs)} min, ` +
          `${result.status} after ${minutes(result.completedMs)} min`,
      );
    }
    for (const [atWorkFirst, label] of [
      [true, 'provider showed Provisioning first'],
      [false, 'provider went straight to Provisioned'],
    ] as const) {
      const each = results.get(atWorkFirst) ?? [];
      const worst = (pick: (r: DetectionResult) => number) => Math.max(...each.map(pick));
      const mean = (pick: (r: DetectionResult) => number) => each.reduce((sum, r) => sum + pick(r), 0) / each.length;
      console.log(
        `    ${label.padEnd(38)} detection mean / worst ${minutes(mean((r) => r.detectionMs))} / ${minutes(worst((r) => r.detectionMs))} min; ` +
          `Provisioned to Completed mean / worst ${minutes(mean((r) => r.completedMs))} / ${minutes(worst((r) => r.completedMs))} min`,
      );
    }

    console.log('  after detection (the event raised at the moment of Provisioned, as a provider callback does)');
    for (const [label, orchestrator] of [
      ['today (onboardCustomerV2: lanes, no blocking)', Orchestrations.onboardCustomerV2],
      ['before (onboardCustomer: waves)', Orchestrations.onboardCustomer],
    ] as const) {
      const harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 'never' } } });
      try {
        const requestId = `bench-provisioned-${orchestrator}`;
        const instanceId = InstanceIds.forRequest(requestId);
        await startOnboarding(harness, spec, requestId, orchestrator);
        await harness.durable.runUntilIdle({ maxVirtualMs: DAY });
        const provisionedAt = harness.clock.now();
        const circuits = harness.arm.control.resources().filter((r) => /expressRouteCircuits\/[^/]+$/i.test(r.id));
        for (const circuit of circuits) harness.arm.control.provision(circuit.id);
        for (const leg of ['a', 'b'] as const) {
          await harness.durable.raiseEvent(
            InstanceIds.providerWait(instanceId, leg),
            ExternalEvents.providerProvisioned,
          );
        }
        const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: DAY });
        const afterMs = harness.clock.now() - provisionedAt;
        const operations = harness.arm.control.operations().filter((op) => op.startedAt >= provisionedAt);
        const sequentialMs = operations.reduce((sum, op) => sum + (op.completesAt - op.startedAt), 0);
        console.log(`    ${label.padEnd(46)} ${status.runtimeStatus} after ${minutes(afterMs)} min`);
        console.log(
          `    ${''.padEnd(46)} sequential sum of its ${String(operations.length)} ARM operations ${minutes(sequentialMs)} min`,
        );
      } finally {
        await harness.stop();
      }
    }
  });
}
