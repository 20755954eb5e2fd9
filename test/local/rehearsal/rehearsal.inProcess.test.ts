/**
 * A rehearsal in this process (one per process: the app's activity handlers keep the dependencies of the first
 * composition), for what a separate process cannot show: every secret value the run produced (the MD5 key and the
 * simulator's authorization keys) is absent from both outputs, the progress a display receives, and that the
 * environment is put back.
 */
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { REPO_ROOT } from '../../../local/cli/paths';
import type { RequestProgress } from '../../../local/rehearsal/rehearsal';
import { runRehearsal, type RehearsalRun } from '../../../local/rehearsal/rehearsal';
import { readRequestFiles } from '../../../local/rehearsal/requestFiles';
import { writeSummary } from '../../../local/rehearsal/summaryText';
import picocolors from 'picocolors';

jest.setTimeout(60_000);

const MD5_VARIABLE = 'ERCSP_SECRET__kv_csp_er_secrets__contoso_bgp_md5';
const MD5 = 'md5-in-process-Lk2wP7';

describe('runRehearsal in process', () => {
  const progress: RequestProgress[] = [];
  const finished: string[] = [];
  let run: RehearsalRun;
  let text = '';
  let before: NodeJS.ProcessEnv;

  beforeAll(async () => {
    process.env[MD5_VARIABLE] = MD5;
    before = { ...process.env };
    const read = readRequestFiles(
      ['examples/rehearsal/01-onboard-contoso.json', 'examples/rehearsal/04-onboard-contoso-redelivered.json'],
      REPO_ROOT,
      DEFAULT_CSP_CONTEXT,
    );
    if (!read.ok) throw new Error(read.problems.join('\n'));
    run = await runRehearsal(
      read.requests,
      { providerDelayMs: 3 * 3_600_000, faultRate: 0.05, seed: 7 },
      {
        requestProgress: (index, update) => {
          if (index === 0) progress.push(update);
        },
        requestFinished: (_index, report) => finished.push(`${report.file}: ${report.status}`),
      },
    );
    writeSummary({ write: (chunk: string) => (text += chunk) }, run.report, picocolors.createColors(false));
  });

  afterAll(() => {
    Reflect.deleteProperty(process.env, MD5_VARIABLE);
  });

  it('runs the onboarding through faults to completion, and recognises the redelivery', () => {
    expect(finished).toEqual([
      'examples/rehearsal/01-onboard-contoso.json: Completed',
      'examples/rehearsal/04-onboard-contoso-redelivered.json: Duplicate',
    ]);
    expect(run.report.ok).toBe(true);
    expect(run.report.arm.faults).toBeGreaterThan(0);
  });

  it('keeps every secret value out of the summary and the JSON', () => {
    expect(run.secrets).toContain(MD5);
    const simulatorKeys = run.secrets.filter((secret) => secret !== MD5);
    expect(simulatorKeys.length).toBeGreaterThanOrEqual(4);
    const json = JSON.stringify(run.report);
    for (const secret of run.secrets) {
      expect(json).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
    expect(run.report.redactedSecrets).toBe(0);
  });

  it('tells a display the phase from the custom status and the steps done, never going backwards', () => {
    const phases = new Set(progress.map((update) => update.phase));
    for (const phase of ['sending', 'delivering', 'awaiting-provider', 'completed']) expect(phases).toContain(phase);
    const done = progress.map((update) => update.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ phase: 'completed', done: 22, total: 22 });
  });

  it('puts the environment back as it found it', () => {
    expect(process.env).toEqual(before);
  });

  it('says what the summary means in plain words', () => {
    expect(text).toMatch(/^Resources created: \d+$/m);
    expect(text).toMatch(/^Requests: 2 \(1 Completed, 1 Duplicate\)$/m);
    expect(text).toMatch(/^ARM requests: \d+$/m);
    expect(text).toMatch(/^ {2}by kind: {4}\d+ reads, \d+ writes, 0 deletes, \d+ polls$/m);
    expect(text).toMatch(
      /^ {2}by answer: {2}\d+ answered, \d+ throttled by ARM's request limits, \d+ injected faults$/m,
    );
    expect(text).toContain('All 2 requests ended as expected.');
  });

  it('starts the clock at the first request’s time and leaves no checkpoint under way', () => {
    expect(run.report.simulatedStart).toBe('2026-03-02T09:15:00.000Z');
    expect(run.report.requests.map((request) => request.violations)).toEqual([undefined, undefined]);
    expect(run.report.settings.seed).toBe(7);
  });
});
