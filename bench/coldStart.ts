/**
 * Cold start: how long a fresh Node process takes to load the app's registrations (orchestrations/index.js and
 * functions/*.js, compiled as the Functions host loads them) against durable-functions and @azure/functions alone,
 * the floor any Durable app pays. Runs alternate between the two so that a busy machine slows both alike; the figure
 * is the ratio of the medians (goal: at most 1.3). A third row loads the SDKs the registrations imported before lazy
 * start, then the registrations: what the SDKs alone cost (before lazy start the registrations also loaded zod, the
 * adapters and every handler: docs/PERFORMANCE.md has the figures). `npm run bench -- cold-start`
 * (ERCSP_BENCH_COLD_RUNS, default 15).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../local/cli/paths';
import { probeLoad, registrationEntries, type LoadProbe } from './loadProbe';

const BUILD_DIR = join(REPO_ROOT, '.ercsp', 'bench-build');
const GOAL_RATIO = 1.3;
/** What `orchestrations/index.ts` and `functions/*.ts` loaded at import before lazy start (shared/adapters/sdkModules.ts). */
const EAGER_BEFORE = [
  '@azure/arm-network',
  '@azure/identity',
  '@azure/keyvault-secrets',
  '@azure/service-bus',
  '@azure/data-tables',
];

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** What `app` loaded beyond `floor`, by package, most modules first: `(app) 38, zod 95`. */
function addedModules(floor: LoadProbe | undefined, app: LoadProbe | undefined): string {
  const added = Object.entries(app?.packages ?? {})
    .map(([name, count]) => [name, count - (floor?.packages[name] ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  return added.length === 0 ? 'none' : added.map(([name, count]) => `${name} ${String(count)}`).join(', ');
}

/** Compiles the deployed code (tsconfig.build.json) into .ercsp/bench-build, inside the repository so that it resolves node_modules. */
function build(): void {
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', BUILD_DIR], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  // tsc emits despite type errors (noEmitOnError is off): the load figures stay meaningful, so warn and go on.
  if (result.status !== 0 && !existsSync(join(BUILD_DIR, 'orchestrations', 'index.js'))) {
    throw new Error(`tsc -p tsconfig.build.json emitted nothing:\n${result.stdout}${result.stderr}`);
  }
  if (result.status !== 0) {
    console.warn(
      `(tsc reported type errors; measuring what it emitted)\n${result.stdout.split('\n').slice(0, 5).join('\n')}`,
    );
  }
}

export async function run(): Promise<void> {
  const runs = Number(process.env.ERCSP_BENCH_COLD_RUNS ?? 15);
  build();
  const registrations = registrationEntries(BUILD_DIR, '.js');
  const floor = ['durable-functions', '@azure/functions'];
  await probeLoad(floor, { cwd: REPO_ROOT }); // warm the file system cache, not measured
  await probeLoad(registrations, { cwd: REPO_ROOT });
  // Before lazy start, importing the registrations imported these SDKs: loading them first reproduces that.
  const eager = [...EAGER_BEFORE, ...registrations];
  const floorRuns: LoadProbe[] = [];
  const appRuns: LoadProbe[] = [];
  const eagerRuns: LoadProbe[] = [];
  for (let i = 0; i < runs; i += 1) {
    floorRuns.push(await probeLoad(floor, { cwd: REPO_ROOT }));
    appRuns.push(await probeLoad(registrations, { cwd: REPO_ROOT }));
    eagerRuns.push(await probeLoad(eager, { cwd: REPO_ROOT }));
  }
  const floorMs = median(floorRuns.map((probe) => probe.ms));
  const appMs = median(appRuns.map((probe) => probe.ms));
  const eagerMs = median(eagerRuns.map((probe) => probe.ms));
  const ratio = appMs / floorMs;
  const sdks = [...new Set(appRuns.flatMap((probe) => probe.sdksLoaded))];
  console.log(`node ${process.version}, ${runs} fresh processes each, alternating; median load time`);
  console.log(
    `durable-functions + @azure/functions alone   ${floorMs.toFixed(0).padStart(6)} ms  ${floorRuns[0]?.modules ?? 0} modules`,
  );
  console.log(
    `the app's registrations (${registrations.length} entry files)    ${appMs.toFixed(0).padStart(6)} ms  ${appRuns[0]?.modules ?? 0} modules`,
  );
  console.log(`  modules they add to the floor, by package: ${addedModules(floorRuns[0], appRuns[0])}`);
  console.log(
    `the same plus the SDKs they loaded at first     ${eagerMs.toFixed(0).padStart(6)} ms  ${eagerRuns[0]?.modules ?? 0} modules, ratio ${(eagerMs / floorMs).toFixed(2)}`,
  );
  console.log(`ratio ${ratio.toFixed(2)} (goal ≤ ${GOAL_RATIO}) ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'}`);
  console.log(`Azure SDKs loaded by the registrations: ${sdks.length === 0 ? 'none' : sdks.join(', ')}`);
}
