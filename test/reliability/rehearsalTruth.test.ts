/**
 * A rehearsal that tells the truth, as a user runs it (separate processes, `--json`):
 * - the same `--seed` gives the same faults and the same counts: two runs at once with `--faults 0.2 --seed 7`
 *   report the same thing, to the last counter (only the real time may differ);
 * - its totals add up, and no request leaves a checkpoint `Started` or `Waiting` behind;
 * - the simulated clock starts at the first request's `time`;
 * - a subscription's tenant is bound only by a request the intake accepted: a later request from another tenant that
 *   claims a customer's subscriptions is refused, and does not take them over (before, every parseable file bound its
 *   tenants up front, the last one winning, so the customer's own onboarding then failed with a token refused).
 * Exact counts are not asserted: they depend on the workflows, which change on their own.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES_DIR, REPO_ROOT } from '../../local/cli/paths';
import type { RehearsalReport } from '../../local/rehearsal/report';
import { reportScenario } from '../support/reliability';

jest.setTimeout(180_000);

/** The reports of the runs below, for the suite's table (what the tests assert, re-checked without throwing). */
const captured: { seeded: RehearsalReport[]; claim?: RehearsalReport } = { seeded: [] };

afterAll(() => {
  const [first, second] = captured.seeded;
  const runs = [...captured.seeded, ...(captured.claim === undefined ? [] : [captured.claim])];
  const same =
    first !== undefined &&
    second !== undefined &&
    JSON.stringify(withoutRealTime(first)) === JSON.stringify(withoutRealTime(second));
  const addsUp = runs.every(
    ({ totals, arm }) =>
      Object.values(totals.byStatus).reduce((sum, count) => sum + count, 0) === totals.requests &&
      arm.reads + arm.writes + arm.deletes + arm.polls === arm.requests,
  );
  const underWay = runs.flatMap((run) => run.requests.flatMap((request) => request.violations ?? [])).length;
  const claimRefused = captured.claim?.requests[1]?.status === 'Rejected';
  reportScenario({
    scenario: 'rehearsal tells the truth',
    tried: 'two rehearsals at once with --faults 0.2 --seed 7; a claim of another tenant on a customer’s subscriptions',
    held:
      runs.length === 3
        ? `same run to the last counter: ${same ? 'yes' : 'no'}; totals add up: ${addsUp ? 'yes' : 'no'}; claim refused: ${claimRefused ? 'yes' : 'no'}`
        : `only ${String(runs.length)} of 3 rehearsals gave a report (see the test's failure)`,
    holds: runs.length === 3 && same && addsUp && claimRefused,
    duplicates: 0,
    losses: underWay,
    deletes: runs.reduce((sum, run) => sum + run.arm.deletes, 0),
  });
});

const MD5_VARIABLE = 'ERCSP_SECRET__kv_csp_er_secrets__contoso_bgp_md5';
const REHEARSAL = join(EXAMPLES_DIR, 'rehearsal');
const CONTOSO = join(REHEARSAL, '01-onboard-contoso.json');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ercsp rehearse --json …` in its own process (runs may overlap: determinism must not depend on timing). */
function rehearse(args: readonly string[], cwd = REPO_ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'local/cli/bin/ercsp.js'), 'rehearse', '--json', ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', [MD5_VARIABLE]: 'md5-truth-test-Pq7Zr2' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

function reportOf(run: Run): RehearsalReport {
  try {
    return JSON.parse(run.stdout) as RehearsalReport;
  } catch {
    throw new Error(`no JSON report (exit ${String(run.status)}): ${run.stderr.slice(0, 2000)}`);
  }
}

/** Everything but the real time the run took. */
function withoutRealTime(report: RehearsalReport): Omit<RehearsalReport, 'realSeconds'> {
  const { realSeconds: _realSeconds, ...rest } = report;
  return rest;
}

describe('the same --seed gives the same run', () => {
  const files = [
    '01-onboard-contoso.json',
    '04-onboard-contoso-redelivered.json',
    '05-malformed-bandwidth-off-ladder.json',
  ];
  let first: RehearsalReport;
  let second: RehearsalReport;

  beforeAll(async () => {
    const args = ['--faults', '0.2', '--seed', '7', ...files.map((file) => join(REHEARSAL, file))];
    const [a, b] = await Promise.all([rehearse(args), rehearse(args)]);
    first = reportOf(a);
    second = reportOf(b);
    captured.seeded.push(first, second);
  });

  it('faults were injected, and both runs report the same faults, counts, resources, histories and times', () => {
    expect(first.settings).toMatchObject({ faultRate: 0.2, seed: 7 });
    expect(first.arm.faults).toBeGreaterThan(0);
    expect(withoutRealTime(second)).toEqual(withoutRealTime(first));
  });

  it('counts each request once, in one category, and the totals add up', () => {
    for (const report of [first, second]) {
      const { totals, arm } = report;
      expect(totals.requests).toBe(files.length);
      expect(Object.values(totals.byStatus).reduce((sum, count) => sum + count, 0)).toBe(totals.requests);
      expect(totals.asExpected + totals.notAsExpected).toBe(totals.requests);
      expect(totals.asExpected).toBe(report.requests.filter((request) => request.asExpected).length);
      expect(arm.reads + arm.writes + arm.deletes + arm.polls).toBe(arm.requests);
      expect(arm.answered + arm.throttled + arm.faults).toBe(arm.requests);
      expect(arm.answered).toBeGreaterThan(0);
      expect(report.notes.filter((note) => note.startsWith('counts disagree'))).toEqual([]);
    }
  });

  it('starts the clock at the first request’s time, and no request leaves a checkpoint under way', () => {
    const time = (JSON.parse(readFileSync(CONTOSO, 'utf8')) as { time: string }).time;
    expect(first.simulatedStart).toBe(new Date(time).toISOString());
    expect(first.requests.flatMap((request) => request.violations ?? [])).toEqual([]);
    // How each ended under faults depends on the workflows; that each was judged by the examples' manifest does not.
    expect(first.requests.map((request) => request.expectedFrom)).toEqual(
      files.map(() => join('examples', 'rehearsal', 'expectations.json')),
    );
  });
});

describe('tenants are bound only from requests the intake accepted', () => {
  let dir: string;
  let run: Run;
  let report: RehearsalReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ercsp-tenants-'));
    copyFileSync(CONTOSO, join(dir, '01-contoso.json'));
    // Another tenant claims Contoso's subscriptions for a customer of its own, after Contoso was onboarded.
    const claim = JSON.parse(readFileSync(CONTOSO, 'utf8')) as {
      id: string;
      subject: string;
      data: { customer: { id: string; tenantId: string; displayName: string } };
    };
    claim.id = 'crm-req-20260302-0666';
    claim.subject = 'mallory';
    claim.data.customer = {
      ...claim.data.customer,
      id: 'mallory',
      tenantId: '6a3f3c2e-0d7b-4c55-9a51-0f1e2d3c4b5a',
      displayName: 'Mallory Ltd',
    };
    writeFileSync(join(dir, '02-claim-contoso-subscriptions.json'), JSON.stringify(claim, null, 2));
    writeFileSync(
      join(dir, 'expectations.json'),
      JSON.stringify({
        '01-contoso.json': 'Completed',
        '02-claim-contoso-subscriptions.json': 'Rejected',
      }),
    );
    run = await rehearse(['01-contoso.json', '02-claim-contoso-subscriptions.json'], dir);
    report = reportOf(run);
    captured.claim = report;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the claim, and Contoso’s own onboarding is never refused a token for its subscriptions', () => {
    const [contoso, claim] = report.requests;
    expect(claim).toMatchObject({ file: '02-claim-contoso-subscriptions.json', status: 'Rejected' });
    expect(report.requests.map((request) => request.expectedFrom)).toEqual(['expectations.json', 'expectations.json']);
    // Before: the claim bound Contoso's subscriptions to its own tenant up front, and Contoso's onboarding failed at its
    // first ARM call with InvalidAuthenticationTokenTenant (0 steps done). How far it gets otherwise is the workflows'.
    expect(contoso?.file).toBe('01-contoso.json');
    expect(JSON.stringify(contoso?.error ?? null)).not.toMatch(/InvalidAuthenticationTokenTenant|wrong issuer/);
    expect(contoso?.steps?.done).toBeGreaterThan(0);
  });
});
