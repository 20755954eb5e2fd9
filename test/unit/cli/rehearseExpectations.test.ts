/**
 * Expected outcomes stated explicitly: `expectations.json` beside the request files, `--expectations <manifest>`,
 * `--expect <file>=<Status>[:<Code>]` (which wins), and the file name only as the fallback. A manifest is never
 * delivered as a request, and every mistake in one is a usage error that names the manifest or option.
 */
import { copyFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_CSP_CONTEXT } from '../../../local/cli/defaults';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { EXPECTATIONS_FILE, parseOutcomeText } from '../../../local/rehearsal/expectations';
import { meetsExpectation } from '../../../local/rehearsal/outcome';
import { readRequestFiles, type RehearsalRequest } from '../../../local/rehearsal/requestFiles';
import { EXIT } from '../../../local/cli/io';
import { ercsp, tempDir } from './harness';

const CONTOSO = join(EXAMPLES_DIR, 'rehearsal', '01-onboard-contoso.json');

/** A folder with two requests whose names say nothing about how they should end. */
function folder(manifest?: unknown) {
  const dir = tempDir();
  copyFileSync(CONTOSO, join(dir.dir, 'a.json'));
  copyFileSync(CONTOSO, join(dir.dir, 'b.json'));
  if (manifest !== undefined) dir.write(EXPECTATIONS_FILE, manifest);
  return dir;
}

function read(cwd: string, files: readonly string[], options: { expect?: string[]; manifests?: string[] } = {}) {
  return readRequestFiles(files, cwd, DEFAULT_CSP_CONTEXT, options);
}

function expectations(requests: readonly RehearsalRequest[]) {
  return Object.fromEntries(requests.map((request) => [request.file, request.expected]));
}

describe('expected outcomes stated explicitly', () => {
  it('reads expectations.json beside the files, and never delivers it, even when a glob names it', () => {
    const dir = folder({
      $comment: 'what each request should end as',
      'a.json': 'Rejected:ScopeViolation',
      'b.json': { status: 'Duplicate' },
    });
    try {
      const result = read(dir.dir, ['a.json', 'b.json', EXPECTATIONS_FILE]);
      if (!result.ok) throw new Error(result.problems.join('\n'));
      expect(result.requests.map((request) => request.file)).toEqual(['a.json', 'b.json']);
      expect(expectations(result.requests)).toEqual({
        'a.json': { status: 'Rejected', code: 'ScopeViolation', from: EXPECTATIONS_FILE },
        'b.json': { status: 'Duplicate', from: EXPECTATIONS_FILE },
      });
    } finally {
      dir.cleanup();
    }
  });

  it('--expect wins over the manifest, by path or by file name; files it does not name keep the manifest or name', () => {
    const dir = folder({ 'a.json': 'Completed' });
    try {
      const byName = read(dir.dir, ['a.json', 'b.json'], { expect: ['a.json=Failed:ProviderDeadlineExceeded'] });
      if (!byName.ok) throw new Error(byName.problems.join('\n'));
      expect(expectations(byName.requests)).toEqual({
        'a.json': { status: 'Failed', code: 'ProviderDeadlineExceeded', from: '--expect' },
        'b.json': { status: 'Completed', from: 'file name' },
      });
      const byPath = read(EXAMPLES_DIR, [join(dir.dir, 'a.json')], { expect: [`${join(dir.dir, 'a.json')}=Rejected`] });
      expect(byPath.ok && byPath.requests[0]?.expected).toEqual({ status: 'Rejected', from: '--expect' });
    } finally {
      dir.cleanup();
    }
  });

  it('reads a manifest given with --expectations, relative to its own folder', () => {
    const dir = folder();
    const elsewhere = tempDir();
    try {
      const manifest = elsewhere.write('mine.json', { [relative(elsewhere.dir, join(dir.dir, 'b.json'))]: 'Failed' });
      const result = read(dir.dir, ['a.json', 'b.json'], { manifests: [manifest] });
      if (!result.ok) throw new Error(result.problems.join('\n'));
      expect(result.requests.map((request) => request.expected.status)).toEqual(['Completed', 'Failed']);
    } finally {
      dir.cleanup();
      elsewhere.cleanup();
    }
  });

  it('names every mistake: an unknown file, a status that does not exist, a bad code, a stray field', () => {
    const dir = folder({
      'a.json': 'Succeeded',
      'b.json': { status: 'Rejected', reason: 'x' },
      'c.json': 'Completed',
    });
    try {
      const result = read(dir.dir, ['a.json', 'b.json'], {
        expect: ['z.json=Completed', 'a.json=Rejected:not a code', 'no-equals-sign'],
      });
      expect(result.ok).toBe(false);
      const problems = result.ok ? [] : result.problems;
      expect(problems).toEqual([
        `expectations.json: "a.json": 'Succeeded' is not an outcome: Completed, Failed, Rejected, Duplicate, optionally :Code`,
        'expectations.json: "b.json": unknown field(s) reason: status, code and alsoAccepted are read',
        'expectations.json: "c.json": no such request file beside the manifest',
        "--expect: 'z.json' is none of the request files",
        "--expect a.json: 'Rejected:not a code': the code after ':' must be an error code such as ScopeViolation",
        "--expect: 'no-equals-sign' is not <file>=<outcome> (e.g. 04-redelivered.json=Duplicate)",
      ]);
    } finally {
      dir.cleanup();
    }
  });

  it('a stated code must match the ending’s code; a status alone accepts any code', () => {
    const rejected = { status: 'Rejected', error: { code: 'ValidationFailed', message: '…' } } as const;
    const stated = (text: string) => {
      const parsed = parseOutcomeText(text, '--expect');
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.expectation;
    };
    expect(meetsExpectation(stated('Rejected'), rejected)).toBe(true);
    expect(meetsExpectation(stated('Rejected:ValidationFailed'), rejected)).toBe(true);
    expect(meetsExpectation(stated('Rejected:ScopeViolation'), rejected)).toBe(false);
    expect(meetsExpectation(stated('Completed'), rejected)).toBe(false);
  });

  it('the examples state theirs in examples/rehearsal/expectations.json', () => {
    const result = read(EXAMPLES_DIR, [
      'rehearsal/04-onboard-contoso-redelivered.json',
      'rehearsal/05-malformed-bandwidth-off-ladder.json',
    ]);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.requests.map(({ expected }) => [expected.status, expected.code, expected.from])).toEqual([
      ['Duplicate', undefined, join('rehearsal', EXPECTATIONS_FILE)],
      ['Rejected', 'ValidationFailed', join('rehearsal', EXPECTATIONS_FILE)],
    ]);
  });

  it('ercsp rehearse refuses a bad --expect before starting anything (exit 2)', async () => {
    const run = await ercsp(['rehearse', '--expect', '01-onboard-contoso.json=Done', CONTOSO]);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain("error: --expect 01-onboard-contoso.json: 'Done' is not an outcome");
    expect(run.stdout).toBe('');
  });
});
