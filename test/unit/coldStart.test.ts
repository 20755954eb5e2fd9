/**
 * Lazy start: importing the app's registrations (orchestrations/index.ts and functions/*.ts, what the Functions host
 * loads at a cold start) registers every function but loads none of their code: no Azure SDK (each is loaded by the
 * adapter that first needs it, shared/adapters/sdkModules.ts), no adapter (shared/compositionModules.ts, required when
 * the composition is first built), no workflow (orchestrations/handlers.ts, required at the first orchestration or
 * activity call), no trigger handler (functions/handlers/*, required at its first call) and so no zod schema. How
 * long loading takes is a benchmark figure (`npm run bench -- cold-start`).
 */
import { APP_PACKAGE, probeLoad, registrationEntries, type LoadProbe } from '../../bench/loadProbe';
import { REPO_ROOT } from '../../local/cli/paths';
import { DEFERRED_SDKS, armNetworkSdk } from '../../shared/adapters/sdkModules';

jest.setTimeout(120_000);

/** What only a handler's first call may load: found among the loaded files or packages, it is a regression. */
const LOADED_ON_FIRST_CALL = [
  'shared/compositionModules',
  'shared/adapters/arm/',
  'shared/adapters/tables/',
  'shared/config',
  'shared/domain/spec',
  'shared/messages/requests',
  'orchestrations/handlers',
  'orchestrations/activities/plan.activity',
  'functions/handlers/',
];
/** The registrations' own files today: 38. A bound well above it catches an import that pulls half the app back. */
const MAX_APP_FILES = 60;

let registrations: Promise<LoadProbe> | undefined;
function loadRegistrations(): Promise<LoadProbe> {
  registrations ??= probeLoad(registrationEntries(REPO_ROOT, '.ts'), { cwd: REPO_ROOT, nodeArgs: ['--import', 'tsx'] });
  return registrations;
}

it('importing the registrations loads no Azure SDK', async () => {
  expect(registrationEntries(REPO_ROOT, '.ts').length).toBeGreaterThan(5);
  const probe = await loadRegistrations();
  expect(probe.sdksLoaded).toEqual([]);
});

it('importing the registrations loads neither zod nor the handlers, adapters and schemas behind them', async () => {
  const probe = await loadRegistrations();
  expect(Object.keys(probe.packages)).not.toContain('zod');
  const early = probe.appFiles.filter((file) => LOADED_ON_FIRST_CALL.some((path) => file.startsWith(path)));
  expect(early).toEqual([]);
  expect(probe.appFiles.length).toBeLessThanOrEqual(MAX_APP_FILES);
  expect(probe.packages[APP_PACKAGE]).toBe(probe.appFiles.length);
});

it('the probe does see an SDK, zod and the app files that are loaded', async () => {
  const probe = await probeLoad(['@azure/arm-network', 'durable-functions', './shared/domain/spec'], {
    cwd: REPO_ROOT,
    nodeArgs: ['--import', 'tsx'],
  });
  expect(probe.sdksLoaded).toEqual(['@azure/arm-network']);
  expect(probe.packages.zod).toBeGreaterThan(0);
  expect(probe.appFiles).toContain('shared/domain/spec.ts');
  expect(DEFERRED_SDKS).toContain('@azure/arm-network');
  expect(typeof armNetworkSdk().NetworkManagementClient).toBe('function');
});
