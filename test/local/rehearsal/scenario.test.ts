/**
 * `ercsp rehearse <scenario.yaml>` in this process (one rehearsal per process: the app's activity handlers keep the
 * dependencies of the first composition). One run covers both endings: examples/scenarios/drift.yaml with one wrong
 * expectation appended as its last step. Every step of drift.yaml holds (so the scenario alone exits 0: the exit
 * status is 1 exactly when a step does not hold), and the appended step fails the run with exit 1, named by number.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../local/cli/paths';
import { FINDING_CODE_NAMES } from '../../../shared/domain/findings';
import { ercsp, tempDir, type CapturedRun } from '../../unit/cli/harness';

jest.setTimeout(120_000);

const DRIFT = join(REPO_ROOT, 'examples/scenarios/drift.yaml');
/** Codes drift.yaml says it cannot seed (its header comment). */
const NOT_SEEDED = [
  'CircuitSkuChanged',
  'ResourceChanged',
  'EncryptionTunnelMissing',
  'EncryptionTunnelNotConnected',
  'EncryptionApplianceRouteMissing',
];

describe('ercsp rehearse <scenario>', () => {
  const temp = tempDir();
  const driftText = readFileSync(DRIFT, 'utf8');
  const driftSteps = (driftText.match(/^ {2}- [a-zA-Z]+:/gm) ?? []).length;
  let run: CapturedRun;

  beforeAll(async () => {
    // The drift scenario, its request files by absolute path, and a last sweep expecting a clean customer.
    const text =
      driftText.replaceAll('../rehearsal/', `${join(REPO_ROOT, 'examples/rehearsal')}/`) +
      '  - sweep:\n      expect: { findings: [] }\n';
    run = await ercsp(['rehearse', temp.write('drift-then-wrong.yaml', text)]);
  });

  afterAll(() => {
    temp.cleanup();
  });

  it('holds every step of examples/scenarios/drift.yaml, and fails on a wrong expectation with exit 1 naming its step', () => {
    expect(driftSteps).toBeGreaterThan(20);
    const marks = [...run.stdout.matchAll(/^ {2}(✓|✗) +(\d+)\. /gm)].map(
      ([, mark, step]) => `${step ?? ''}${mark ?? ''}`,
    );
    expect(marks).toEqual([
      ...Array.from({ length: driftSteps }, (_, index) => `${String(index + 1)}✓`),
      `${String(driftSteps + 1)}✗`,
    ]);
    expect(run.stdout).toContain(
      `1 of ${String(driftSteps + 1)} steps not as expected: step ${String(driftSteps + 1)}.`,
    );
    expect(run.stdout).toMatch(/findings: found but not expected: .*CircuitMissing/);
    expect(run.code).toBe(1);
  });

  it('finds every finding code drift.yaml seeds, and it seeds every code but those it lists as not seedable', () => {
    const found = new Set(
      [...run.stdout.matchAll(/^ {2}✓ +\d+\. sweep [^:]+: ([A-Za-z, ]+?)(;| \()/gm)].flatMap(([, codes]) =>
        (codes ?? '').split(', '),
      ),
    );
    found.delete('no findings');
    expect([...found].sort()).toEqual(FINDING_CODE_NAMES.filter((code) => !NOT_SEEDED.includes(code)).sort());
    const notSeededComment = driftText
      .split('\n')
      .filter((line) => line.startsWith('#   - '))
      .join('\n');
    for (const code of NOT_SEEDED) expect(notSeededComment).toContain(code);
  });

  it('exits 2 on a bad scenario file, naming the step and field, before starting anything', async () => {
    const bad = await ercsp(['rehearse', temp.write('bad.yaml', 'steps:\n  - advance: later\n')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('steps[0].advance: not a duration');
    const missing = await ercsp(['rehearse', temp.write('missing.yaml', 'steps:\n  - submit: nowhere.json\n')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('steps[0].submit:');
  });
});
