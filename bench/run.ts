/**
 * Benchmarks that print figures, never timed assertions: `npm run bench` runs them all, `npm run bench -- <name>...`
 * the ones named. docs/PERFORMANCE.md records the figures and how to read them. A benchmark is a module exporting
 * `run(): Promise<void>`; register it below (an import and one line).
 */
import * as coldStart from './coldStart';
import * as customerView from './customerView';
import * as domain from './domain';
import * as onboarding from './onboarding';
import * as providerWatch from './providerWatch';
import * as sweep from './sweep';

interface Benchmark {
  readonly what: string;
  readonly run: () => Promise<void>;
}

const BENCHMARKS: Readonly<Record<string, Benchmark>> = {
  domain: {
    what: 'validation, planning and diff throughput for customers of 1, 10 and 40 VNet links',
    run: domain.run,
  },
  'cold-start': {
    what: 'loading the registrations against durable-functions and @azure/functions alone',
    run: coldStart.run,
  },
  'arm-writes': { what: "ARM writes of one onboarding against the plan's minimum", run: onboarding.armWrites },
  'provider-wait-history': {
    what: 'Durable history events per generation of the provider wait, and per day of wait',
    run: onboarding.providerWaitHistory,
  },
  'provisioned-to-completed': {
    what: "simulated minutes from the provider's Provisioned to Completed, today and before, against the sequential sum",
    run: onboarding.provisionedToCompleted,
  },
  sweep: {
    what: 'compliance sweep of 100, 1,000 and 10,000 customers: Resource Graph queries, ARM reads, findings, time, memory',
    run: () => sweep.run(),
  },
  'customer-view': {
    what: 'reads per customer-view call for 1, 100 and 10,000 customers: Resource Graph queries, ARM reads',
    run: () => customerView.run(),
  },
  'provider-watch': {
    what: 'ARM and Resource Graph calls during a 3-day provider wait for 1, 100 and 1,000 waiting customers',
    run: providerWatch.run,
  },
  'onboardings-at-once': {
    what: '100 onboardings at once through the Durable host simulator: throughput, peak memory',
    run: onboarding.onboardingsAtOnce,
  },
};

async function main(names: readonly string[]): Promise<void> {
  const unknown = names.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}. Known:`);
    for (const [name, { what }] of Object.entries(BENCHMARKS)) console.error(`  ${name.padEnd(20)} ${what}`);
    process.exit(2);
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) {
    const benchmark = BENCHMARKS[name];
    if (benchmark === undefined) continue;
    console.log(`\n== ${name}: ${benchmark.what}`);
    await benchmark.run();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
