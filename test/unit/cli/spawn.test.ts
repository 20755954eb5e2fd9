/** The CLI as a user runs it: a separate process, judged by its exit code. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../local/cli/paths';

jest.setTimeout(60_000);

function run(command: string, args: readonly string[]) {
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', npm_config_loglevel: 'error' },
    timeout: 50_000,
  });
  if (result.error) throw result.error;
  return result;
}

const temp = mkdtempSync(join(tmpdir(), 'ercsp-spawn-'));
afterAll(() => {
  rmSync(temp, { recursive: true, force: true });
});

describe('ercsp as a process', () => {
  it('npx tsx local/cli/ercsp.ts validate examples/... exits 0', () => {
    const result = run('npx', [
      'tsx',
      'local/cli/ercsp.ts',
      'validate',
      'examples/onboard-contoso-connect-through.json',
      'examples/onboard-fabrikam-connect-to.json',
    ]);
    expect(result.stdout).toContain('✓ examples/onboard-fabrikam-connect-to.json');
    expect(result.status).toBe(0);
  });

  it('the bin shim (local/cli/bin/ercsp.js) exits 1 on an invalid request and 2 on non-JSON', () => {
    const invalid = join(temp, 'invalid.json');
    writeFileSync(
      invalid,
      JSON.stringify({ specversion: '1.0', id: 'x', source: '/s', type: 'nope', subject: 'contoso' }),
    );
    const invalidRun = run(process.execPath, ['local/cli/bin/ercsp.js', 'validate', invalid]);
    expect(invalidRun.stdout).toMatch(/^ {4}type: must be one of/m);
    expect(invalidRun.status).toBe(1);

    const notJson = join(temp, 'not-json.json');
    writeFileSync(notJson, 'specversion: 1.0');
    const notJsonRun = run(process.execPath, ['local/cli/bin/ercsp.js', 'validate', notJson]);
    expect(notJsonRun.status).toBe(2);
    expect(run(process.execPath, ['local/cli/bin/ercsp.js', 'validate']).status).toBe(2);
  });
});
