/**
 * `ercsp rehearse` as a user runs it: a separate process over the example requests, judged by its exit code and its
 * one JSON object. The process must also end by itself (no handle left open), within the spawn timeout.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR, REPO_ROOT } from '../../../local/cli/paths';

jest.setTimeout(60_000);

/** The MD5 key the examples' secret reference resolves to (a value already in the environment is used as is). */
const MD5 = 'md5-spawn-test-Vq3xN8';
const EXAMPLES = readdirSync(join(EXAMPLES_DIR, 'rehearsal'))
  .filter((file) => file.endsWith('.json') && file !== 'expectations.json')
  .sort()
  .map((file) => join('examples', 'rehearsal', file));

/**
 * The first day's examples (onboardings, a redelivery, a bandwidth increase, a malformed request, two pairs); the
 * day-two ones (migration, decommission, encryption) are rehearsed end to end by `npm run rehearse` and each has its
 * own workflow test, and would take this spawn past its timeout.
 */
const FIRST_DAY = EXAMPLES.filter((file) => /\/0[1-6]-[^/]+$/.test(file));

function rehearse(args: readonly string[]) {
  const result = spawnSync(process.execPath, ['local/cli/bin/ercsp.js', 'rehearse', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ERCSP_SECRET__kv_csp_er_secrets__contoso_bgp_md5: MD5 },
    timeout: 50_000,
  });
  if (result.error) throw result.error;
  return result;
}

interface Report {
  ok: boolean;
  requests: {
    file: string;
    id: string;
    type: string;
    customerId: string;
    instanceId: string | null;
    status: string;
    error?: { code: string; message: string };
    parked?: { queue: string; reason: string };
    note?: string;
    simulatedMinutes: number;
  }[];
  resources: Record<string, string>[];
  arm: { reads: number; writes: number; deletes: number; polls: number };
  history: Record<string, { events: number; episodes: number }>;
  events: Record<string, number>;
  simulatedMinutes: number;
  redactedSecrets: number;
}

describe('ercsp rehearse --json over examples/rehearsal', () => {
  let status: number | null;
  let stdout: string;
  let report: Report;

  beforeAll(() => {
    const run = rehearse(['--json', ...FIRST_DAY]);
    status = run.status;
    stdout = run.stdout;
    report = JSON.parse(run.stdout) as Report;
  });

  it('exits 0: every request ended as expected for its kind', () => {
    expect(FIRST_DAY).toHaveLength(6);
    expect({ status, ok: report.ok }).toEqual({ status: 0, ok: true });
    expect(report.requests.map((request) => [request.file, request.status])).toEqual([
      [FIRST_DAY[0], 'Completed'],
      [FIRST_DAY[1], 'Completed'],
      [FIRST_DAY[2], 'Completed'],
      [FIRST_DAY[3], 'Duplicate'],
      [FIRST_DAY[4], 'Rejected'],
      [FIRST_DAY[5], 'Completed'],
    ]);
  });

  it('onboards a customer with two circuit pairs: four circuits, each pair at its own peering locations', () => {
    const tailspin = report.requests[5];
    expect(tailspin).toMatchObject({ customerId: 'tailspin', status: 'Completed' });
    const circuits = report.resources.filter(
      (resource) => resource.type === 'Microsoft.Network/expressRouteCircuits' && resource.name?.includes('tailspin'),
    );
    expect(circuits.map((circuit) => circuit.name).sort()).toEqual([
      'er-tailspin-a',
      'er-tailspin-b',
      'er-tailspin-second-a',
      'er-tailspin-second-b',
    ]);
  });

  it('onboards both customers onto two Provisioned circuits each', () => {
    const [contoso, fabrikam] = report.requests;
    expect(contoso).toMatchObject({ customerId: 'contoso', instanceId: 'req-crm-req-20260302-0001' });
    expect(fabrikam).toMatchObject({ customerId: 'fabrikam', instanceId: 'req-crm-req-20260302-0002' });
    const circuits = report.resources.filter((resource) => resource.type === 'Microsoft.Network/expressRouteCircuits');
    for (const customer of ['contoso', 'fabrikam']) {
      const own = circuits.filter((circuit) => circuit.name?.includes(customer));
      expect(own).toHaveLength(2);
      for (const circuit of own) {
        expect(circuit).toMatchObject({
          provisioningState: 'Succeeded',
          serviceProviderProvisioningState: 'Provisioned',
        });
      }
    }
    expect(contoso?.simulatedMinutes).toBeGreaterThanOrEqual(120);
    expect(report.simulatedMinutes).toBeGreaterThanOrEqual(240);
  });

  it('recognises the redelivery: Duplicate, pointing at the first workflow, and no second instance', () => {
    const [first, , , redelivered] = report.requests;
    expect(redelivered).toMatchObject({ status: 'Duplicate', id: first?.id, instanceId: first?.instanceId });
    const roots = Object.keys(report.history).filter((id) => !id.includes(':'));
    expect(roots.sort()).toEqual(
      [
        'req-crm-req-20260302-0001',
        'req-crm-req-20260302-0002',
        `req-${report.requests[2]?.id ?? ''}`,
        `req-${report.requests[5]?.id ?? ''}`,
      ].sort(),
    );
  });

  it("parks the malformed request with its reason, and grows both of Contoso's circuits one after the other", () => {
    const bandwidth = report.requests[2];
    const malformed = report.requests[4];
    expect(malformed).toMatchObject({
      status: 'Rejected',
      instanceId: null,
      parked: { queue: 'er-rejected', reason: 'ValidationFailed' },
      error: { code: 'ValidationFailed' },
    });
    expect(malformed?.error?.message).toContain('[bandwidth.ladder]');
    expect(malformed?.error?.message).toContain('[cloudevent.subject-matches-customer]');
    expect(bandwidth).toMatchObject({
      status: 'Completed',
      circuitChanges: [
        { circuit: 'er-contoso-b', fromMbps: 1000, toMbps: 2000, written: true },
        { circuit: 'er-contoso-a', fromMbps: 1000, toMbps: 2000, written: true },
      ],
    });
  });

  it('reports outbound events from the topic, ARM traffic and history sizes', () => {
    expect(report.events).toMatchObject({
      'com.csp.expressroute.provider.servicekey.ready': 8,
      'com.csp.expressroute.onboarding.completed': 3,
      'com.csp.expressroute.circuit.bandwidth.changed': 2,
    });
    expect(report.arm.writes).toBeGreaterThan(0);
    expect(report.arm.reads).toBeGreaterThan(0);
    expect(report.arm.deletes).toBe(0);
    const root = report.history['req-crm-req-20260302-0001'];
    expect(root?.events).toBeGreaterThan(0);
    expect(root?.episodes).toBeGreaterThan(0);
    // The provider wait continues as new: its history holds one generation, however long the wait.
    expect(report.history['req-crm-req-20260302-0001:leg-a:provider']?.events).toBeLessThanOrEqual(16);
  });

  it('shows no secret: not the MD5 key, no authorization or shared key, nothing redacted', () => {
    expect(stdout).not.toContain(MD5);
    expect(stdout).not.toMatch(/authorizationKey|sharedKey/i);
    expect(report.redactedSecrets).toBe(0);
  });
});

describe('ercsp rehearse: other endings', () => {
  it('--provider-never with a short deadline: the onboarding escalates, fails, and the run exits 1', () => {
    const run = rehearse(['--json', '--provider-never', '--provider-deadline', '4h', EXAMPLES[0] ?? '']);
    const report = JSON.parse(run.stdout) as Report;
    expect(run.status).toBe(1);
    expect(report.requests).toMatchObject([{ status: 'Failed', error: { code: 'ProviderDeadlineExceeded' } }]);
    expect(report.events).toMatchObject({
      'com.csp.expressroute.provider.provisioning.escalated': 2,
      'com.csp.expressroute.onboarding.failed': 1,
    });
    const circuits = report.resources.filter((resource) => resource.type === 'Microsoft.Network/expressRouteCircuits');
    expect(circuits.map((circuit) => circuit.serviceProviderProvisioningState)).toEqual([
      'NotProvisioned',
      'NotProvisioned',
    ]);
    expect(report.arm.deletes).toBe(0);
  });

  it('--expect overrides the manifest: the malformed request expected Completed makes the run exit 1', () => {
    const run = rehearse(['--json', '--expect', '05-malformed-bandwidth-off-ladder.json=Completed', EXAMPLES[4] ?? '']);
    const report = JSON.parse(run.stdout) as Report & { requests: { asExpected: boolean; expectedFrom: string }[] };
    expect(run.status).toBe(1);
    expect(report.requests).toMatchObject([{ status: 'Rejected', asExpected: false, expectedFrom: '--expect' }]);
  });

  it('prints a plain summary when stdout is not a terminal, and exits 2 on a usage error', () => {
    const run = rehearse([EXAMPLES[4] ?? '']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^✓ examples\/rehearsal\/05-malformed-bandwidth-off-ladder\.json {2}Rejected · ValidationFailed/m,
    );
    expect(run.stdout).toContain('The request ended as expected.');
    expect(rehearse(['--faults', '2', EXAMPLES[0] ?? '']).status).toBe(2);
    expect(rehearse(['no-such-request.json']).status).toBe(2);
  });
});
