/**
 * `ercsp plan` tells the truth about what runs: the onboarding's waves come from the orchestrator's own
 * `onboardingLanes`, so each connection sits in its circuit's lane and subnet associations follow the connections; each resource shows where it goes and the
 * properties that matter; `--detailed-exitcode` answers 0 for no changes and 2 for changes, 1 for errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { ercsp, tempDir } from './harness';

type Json = Record<string, unknown>;

const CONTOSO = 'examples/onboard-contoso-connect-through.json';
const INCREASE = 'examples/bandwidth-increase-contoso.json';

const temp = tempDir();
afterAll(() => {
  temp.cleanup();
});

/** The line index of the first line matching. */
function lineOf(lines: readonly string[], pattern: RegExp): number {
  const index = lines.findIndex((line) => pattern.test(line));
  expect([pattern.source, index >= 0]).toEqual([pattern.source, true]);
  return index;
}

describe('ercsp plan: the order the workflow runs', () => {
  it('lists each VNet connection in its circuit’s lane, after the peering, and the subnet associations after them', async () => {
    const run = await ercsp(['plan', CONTOSO]);
    const lines = run.stdout.split('\n');
    const lanesWave = lineOf(lines, /^Wave 2 · a lane per circuit beside the gateway builds/);
    const laneA = lineOf(lines, /^ — leg a: one step after another, then its connections/);
    const laneB = lineOf(lines, /^ — leg b: one step after another, then its connections/);
    // Authorizations while the provider works, then the provider, the peering, and the lane's own connections.
    expect(lineOf(lines, /^ {2}authorization:vnet-contoso-prod-weu:a /)).toBeLessThan(
      lineOf(lines, /^ {2}await-provider:a /),
    );
    expect(lineOf(lines, /^ {2}peering:a:AzurePrivatePeering /)).toBeLessThan(
      lineOf(lines, /^ {2}connection:vnet-contoso-prod-weu:a /),
    );
    expect(lineOf(lines, /^ {2}connection:vnet-contoso-prod-weu:a /)).toBeLessThan(laneB);
    expect(lanesWave).toBeLessThan(laneA);
    const lastConnection = Math.max(...lines.flatMap((line, index) => (/^ {2}connection:/.test(line) ? [index] : [])));
    const subnetsWave = lineOf(lines, /^Wave 3 · subnet associations, round 1: VNets in parallel/);
    const firstSubnet = lineOf(lines, /^ {2}subnet:vnet-contoso-prod-weu\/snet-app /);
    expect(lastConnection).toBeLessThan(subnetsWave);
    expect(subnetsWave).toBeLessThan(firstSubnet);
    expect(lineOf(lines, /^Wave 4 · subnet associations, round 2/)).toBeLessThan(
      lineOf(lines, /^ {2}subnet:vnet-contoso-prod-weu\/snet-data /),
    );
  });

  it('shows each resource with its subscription, resource group and the properties that matter', async () => {
    const run = await ercsp(['plan', CONTOSO]);
    const lines = run.stdout.split('\n');
    const circuit = lineOf(lines, /^ {2}circuit:a +ensure/);
    expect(lines[circuit + 1]?.trim()).toBe(
      'subscription 4f04bb67-b9c2-44f9-b5da-410c93dc0fc0 · resource group rg-er-contoso',
    );
    expect(lines[circuit + 2]?.trim()).toBe('Standard/MeteredData · 1 Gbps · Equinix at Amsterdam · region westeurope');
    expect(run.stdout).toMatch(/primary 172\.16\.10\.0\/30 · secondary 172\.16\.10\.4\/30 · VLAN 210 · peer ASN 65010/);
    expect(run.stdout).toContain('route 10.30.0.0/20 → VirtualAppliance 10.20.0.4 (shared-services-via-firewall)');
    expect(run.stdout).toContain('rule 4096 Outbound Deny * *:* → Internet:* (DenyInternetOutbound)');
    expect(run.stdout).toContain('subnet snet-app of VNet vnet-contoso-prod-weu · route table rt-contoso-workload');
  });
});

describe('ercsp plan --detailed-exitcode', () => {
  it('exits 2 when the request would change something and 0 when it would change nothing', async () => {
    expect((await ercsp(['plan', CONTOSO, '--detailed-exitcode'])).code).toBe(2);
    expect((await ercsp(['plan', CONTOSO])).code).toBe(0);

    const sameBandwidth = JSON.parse(
      readFileSync(join(EXAMPLES_DIR, 'bandwidth-increase-contoso.json'), 'utf8'),
    ) as Json;
    (sameBandwidth.data as Json).bandwidthMbps = 1000;
    const file = temp.write('same-bandwidth.json', sameBandwidth);
    const unchanged = await ercsp(['plan', file, '--spec', CONTOSO, '--detailed-exitcode']);
    expect(unchanged.stdout).toContain('already at 1000 Mbps');
    expect(unchanged.code).toBe(0);
  });

  it('exits 1 on errors: an invalid request, or one that cannot be planned without more input', async () => {
    const broken = JSON.parse(readFileSync(join(EXAMPLES_DIR, 'onboard-contoso-connect-through.json'), 'utf8')) as Json;
    (broken.data as { circuits: Json }).circuits.bandwidthMbps = 750;
    expect((await ercsp(['plan', temp.write('broken.json', broken), '--detailed-exitcode'])).code).toBe(1);
    expect((await ercsp(['plan', INCREASE, '--detailed-exitcode'])).code).toBe(1);
  });
});
