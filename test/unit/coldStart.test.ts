/**
 * Lazy start: importing the app's registrations (orchestrations/index.ts and functions/*.ts, what the Functions host
 * loads at a cold start) loads none of the Azure SDKs; each is loaded by the adapter that first needs it
 * (shared/adapters/sdkModules.ts). How long loading takes is a benchmark figure (`npm run bench -- cold-start`).
 */
import { probeLoad, registrationEntries } from '../../bench/loadProbe';
import { REPO_ROOT } from '../../local/cli/paths';
import { DEFERRED_SDKS, armNetworkSdk } from '../../shared/adapters/sdkModules';

jest.setTimeout(120_000);

it('importing the registrations loads no Azure SDK', async () => {
  const entries = registrationEntries(REPO_ROOT, '.ts');
  expect(entries.length).toBeGreaterThan(5);
  const probe = await probeLoad(entries, { cwd: REPO_ROOT, nodeArgs: ['--import', 'tsx'] });
  expect(probe.sdksLoaded).toEqual([]);
});

it('the probe does see an SDK that is loaded', async () => {
  const probe = await probeLoad(['@azure/arm-network', 'durable-functions'], { cwd: REPO_ROOT });
  expect(probe.sdksLoaded).toEqual(['@azure/arm-network']);
  expect(DEFERRED_SDKS).toContain('@azure/arm-network');
  expect(typeof armNetworkSdk().NetworkManagementClient).toBe('function');
});
