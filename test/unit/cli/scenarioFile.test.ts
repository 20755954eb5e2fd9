/** The scenario file's schema (local/rehearsal/scenarioFile.ts): what it accepts, and errors naming step and field. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../local/cli/paths';
import { isScenarioFile, parseScenario } from '../../../local/rehearsal/scenarioFile';

function problemsOf(text: string, file = 'bad.yaml'): readonly string[] {
  const parsed = parseScenario(text, file);
  return parsed.ok ? [] : parsed.problems;
}

describe('scenario file schema', () => {
  it('accepts examples/scenarios/drift.yaml, every step kind and both reference forms', () => {
    const file = join(REPO_ROOT, 'examples/scenarios/drift.yaml');
    const parsed = parseScenario(readFileSync(file, 'utf8'), file);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const kinds = new Set(parsed.scenario.steps.map((step) => Object.keys(step)[0]));
    expect([...kinds].sort()).toEqual(['advance', 'outOfBand', 'submit', 'sweep']);
    expect(parsed.scenario.settings?.ERCSP_FINDING_NOT_PROVISIONED_DAYS).toBe('1');

    const json = parseScenario(
      JSON.stringify({
        steps: [
          { submit: 'a.json', expect: 'Rejected:ValidationFailed' },
          { event: { request: 'req-1', name: 'Approval', data: { approvedBy: 'ops' }, expect: 'Completed' } },
          { outOfBand: { deleteRoute: '/subscriptions/s/resourceGroups/g/providers/x/routeTables/t/routes/r' } },
          { sweep: null },
        ],
      }),
      'scenario.json',
    );
    expect(json.ok).toBe(true);
  });

  it('names the step index and the field of each problem', () => {
    const problems = problemsOf(
      [
        'steps:',
        '  - submit: a.json',
        '    expect: Finished',
        '  - advance: soon',
        '  - outOfBand:',
        '      setCircuitBandwidth: { circuit: { customer: contoso, kind: circuit }, bandwidthMbps: fast }',
        '  - sweep:',
        '      expect: { findings: [RouteGone] }',
        '  - outOfBand: { renameEverything: {} }',
        '  - teleport: 1',
      ].join('\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^bad\.yaml: steps\[0\]\.expect: Completed, Duplicate, Rejected or Failed/),
      expect.stringMatching(/^bad\.yaml: steps\[1\]\.advance: not a duration/),
      expect.stringMatching(/^bad\.yaml: steps\[2\]\.outOfBand\.setCircuitBandwidth\.bandwidthMbps: .*number/i),
      expect.stringMatching(/^bad\.yaml: steps\[3\]\.sweep\.expect\.findings\[0\]: not a finding code/),
      expect.stringMatching(
        /^bad\.yaml: steps\[4\]\.outOfBand: a change has exactly one key, one of deleteRoute, .*\(got renameEverything\)/,
      ),
      expect.stringMatching(
        /^bad\.yaml: steps\[5\]: a step is one of submit, advance, outOfBand, sweep, event \(got teleport\)/,
      ),
    ]);
  });

  it('refuses unknown top-level fields, an empty step list, and text that is not YAML or JSON', () => {
    expect(problemsOf('steps: []\nrepair: yes')).toEqual([
      'bad.yaml: steps: Too small: expected array to have >=1 items',
      'bad.yaml: (top level): Unrecognized key: "repair"',
    ]);
    expect(problemsOf('steps: [unclosed')).toEqual([expect.stringMatching(/^bad\.yaml: not valid YAML/)]);
    expect(problemsOf('{"steps": ', 'bad.json')).toEqual([expect.stringMatching(/^bad\.json: not valid JSON/)]);
  });

  it('takes .yaml and .yml files as scenarios, request files otherwise', () => {
    expect(isScenarioFile('examples/scenarios/drift.yaml')).toBe(true);
    expect(isScenarioFile('x.YML')).toBe(true);
    expect(isScenarioFile('examples/rehearsal/01-onboard-contoso.json')).toBe(false);
  });
});
