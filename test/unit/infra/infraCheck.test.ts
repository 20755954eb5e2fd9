/**
 * npm run infra:check fails on a Bicep warning or error: a small copy of infra/ (its bicepconfig.json and one
 * module) passes as it is, and fails once a linter warning or a compile error is put into it.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BICEP_TIMEOUT_MS, INFRA_CHECK, REPO_ROOT } from './bicepSupport';

interface CheckRun {
  readonly status: number;
  readonly output: string;
}

function runCheck(folder: string): CheckRun {
  try {
    const output = execFileSync('bash', [INFRA_CHECK, folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: 0, output };
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    return { status: failed.status ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('infra:check', () => {
  let folder = '';
  const module = () => path.join(folder, 'modules', 'roleAssignment.bicep');

  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'ercsp-infra-check-'));
    mkdirSync(path.join(folder, 'modules'));
    copyFileSync(path.join(REPO_ROOT, 'infra/bicepconfig.json'), path.join(folder, 'bicepconfig.json'));
    copyFileSync(path.join(REPO_ROOT, 'infra/modules/roleAssignment.bicep'), module());
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it(
    'passes a copy of a real module as it is',
    () => {
      const run = runCheck(folder);
      expect(run.output).toMatch(/1 Bicep files under .*, 1 compiled; 0 errors, 0 warnings \(Bicep CLI version/);
      expect(run.status).toBe(0);
    },
    BICEP_TIMEOUT_MS,
  );

  it(
    'fails on a linter warning (an unused parameter), naming file, line and rule',
    () => {
      writeFileSync(module(), `${readFileSync(module(), 'utf8')}\n@description('Never used.')\nparam unused string\n`);
      const run = runCheck(folder);
      expect(run.status).not.toBe(0);
      expect(run.output).toMatch(/roleAssignment\.bicep\(\d+,\d+\) : Warning no-unused-params:/);
      expect(run.output).toContain('0 errors, 1 warnings');
      expect(run.output).toContain('FAILED');
    },
    BICEP_TIMEOUT_MS,
  );

  it(
    'fails on a compile error (an unknown property on a resource)',
    () => {
      writeFileSync(
        module(),
        readFileSync(module(), 'utf8').replace('principalType: principalType', 'principalKind: principalType'),
      );
      const run = runCheck(folder);
      expect(run.status).not.toBe(0);
      expect(run.output).toMatch(/roleAssignment\.bicep\(\d+,\d+\) : (Error|Warning) BCP\d+:/);
      expect(run.output).toContain('FAILED');
    },
    BICEP_TIMEOUT_MS,
  );
});
