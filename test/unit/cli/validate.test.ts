import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CliOutcome, type CommandRegistration } from '../../../local/cli/context';
import { EXAMPLES_DIR } from '../../../local/cli/paths';
import { buildProgram, COMMANDS } from '../../../local/cli/program';
import { captureIo, ercsp, tempDir } from './harness';

type Json = Record<string, unknown>;

const EXAMPLES = [
  'examples/onboard-contoso-connect-through.json',
  'examples/onboard-fabrikam-connect-to.json',
  'examples/bandwidth-increase-contoso.json',
  'examples/decommission-fabrikam.json',
];

function example(name: string): Json {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as Json;
}

const temp = tempDir();
afterAll(() => {
  temp.cleanup();
});

describe('ercsp validate', () => {
  it('accepts every example: a ✓ line per file and exit 0', async () => {
    const run = await ercsp(['validate', ...EXAMPLES]);
    expect(run.code).toBe(0);
    for (const file of EXAMPLES) expect(run.stdout).toContain(`✓ ${file}`);
    expect(run.stdout).toContain('4 files: 4 valid, 0 invalid');
    // No CSP context given: the built-in sample, and the command says so (on stderr only).
    expect(run.stderr).toMatch(/^note: CSP context: the built-in sample of examples\/ .*\n$/);
  });

  it('rejects a broken copy with exit 1 and one `path: message [rule]` line per problem', async () => {
    const broken = example('onboard-contoso-connect-through.json');
    const data = broken.data as { circuits: Json };
    data.circuits.bandwidthMbps = 750;
    broken.subject = 'fabrikam';
    const file = temp.write('broken-onboarding.json', broken);

    const run = await ercsp(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✗ ${file}  2 problems`);
    expect(run.stdout).toMatch(
      /^ {4}data\.circuits\.bandwidthMbps: 750 Mbps is not an ExpressRoute bandwidth.* \[bandwidth\.ladder\]$/m,
    );
    expect(run.stdout).toMatch(
      /^ {4}subject: must equal the customer id in data \("contoso"\).* \[cloudevent\.subject-matches-customer\]$/m,
    );
  });

  it('names envelope and data paths for the other request types too', async () => {
    const decommission = example('decommission-fabrikam.json');
    (decommission.data as Json).confirmCustomerId = 'fabrikam-old';
    decommission.specversion = '0.3';
    const file = temp.write('broken-decommission.json', decommission);
    const run = await ercsp(['validate', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {4}specversion: .*\[schema\.enum\]$/m);
    expect(run.stdout).toMatch(/^ {4}data\.confirmCustomerId: .*\[decommission\.confirm-customer-id\]$/m);
  });

  it('exits 1 when any file is invalid, reporting the valid ones too', async () => {
    const file = temp.write('unknown-type.json', {
      ...example('bandwidth-increase-contoso.json'),
      type: 'com.csp.other',
    });
    const run = await ercsp(['validate', EXAMPLES[0]!, file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`✓ ${EXAMPLES[0]!}`);
    expect(run.stdout).toMatch(/^ {4}type: must be one of .*\[cloudevent\.known-type\]$/m);
    expect(run.stdout).toContain('2 files: 1 valid, 1 invalid');
  });

  it('exits 2 on a file that is not JSON or cannot be read, with a ! verdict', async () => {
    const notJson = temp.write('not-json.json', '{ "specversion": "1.0", ');
    const run = await ercsp(['validate', notJson, join(temp.dir, 'missing.json'), EXAMPLES[0]!]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^! .*not-json\.json {2}not JSON: /m);
    expect(run.stdout).toMatch(/^! .*missing\.json {2}cannot read: no such file$/m);
    expect(run.stdout).toContain('3 files: 1 valid, 0 invalid, 2 unreadable');
  });

  it('exits 2 with a usage message when no file is given, and on unknown commands or options', async () => {
    const noFiles = await ercsp(['validate']);
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toContain("missing required argument 'file'");
    expect((await ercsp([])).code).toBe(2);
    expect((await ercsp(['validtae', EXAMPLES[0]!])).code).toBe(2);
    expect((await ercsp(['validate', '--strict', EXAMPLES[0]!])).code).toBe(2);
  });

  it('exits 0 for --help', async () => {
    const run = await ercsp(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: ercsp validate');
  });

  it('prints the verdicts as JSON with --json', async () => {
    const file = temp.write('json-broken.json', { ...example('bandwidth-increase-contoso.json'), id: 'has space' });
    const run = await ercsp(['validate', '--json', EXAMPLES[2]!, file]);
    expect(run.code).toBe(1);
    const verdicts = JSON.parse(run.stdout) as Json[];
    expect(verdicts).toEqual([
      expect.objectContaining({
        file: EXAMPLES[2],
        status: 'valid',
        customerId: 'contoso',
        id: 'crm-req-20260410-0017',
      }),
      expect.objectContaining({
        file,
        status: 'invalid',
        issues: [expect.objectContaining({ path: 'id', rule: 'schema.format' })],
      }),
    ]);
  });

  it('resolves relative paths against the working directory', async () => {
    const run = await ercsp(['validate', 'onboard-fabrikam-connect-to.json'], { cwd: EXAMPLES_DIR });
    expect(run.code).toBe(0);
  });

  it('colours only when asked to (a terminal), never in captured output', async () => {
    const plain = await ercsp(['validate', EXAMPLES[0]!]);
    expect(plain.stdout).not.toContain('\u001b[');
    const coloured = await ercsp(['validate', EXAMPLES[0]!], { color: true });
    expect(coloured.stdout).toContain('\u001b[32m✓');
  });
});

describe('buildProgram', () => {
  it('takes extra command modules (as a later `rehearse` will be) and never exits the process', async () => {
    const seen: string[] = [];
    const registerEcho: CommandRegistration = (program: Command, context) => {
      program
        .command('echo')
        .argument('<word>')
        .action((word: string) => {
          seen.push(word);
          context.io.stdout.write(`${word}\n`);
          context.exit(1);
        });
    };
    const { io, stdout, stderr } = captureIo();
    const outcome = new CliOutcome();
    const program = buildProgram({ io, outcome, commands: [...COMMANDS, registerEcho] });
    await program.parseAsync(['echo', 'hello'], { from: 'user' });
    expect(seen).toEqual(['hello']);
    expect(stdout.text).toBe('hello\n');
    expect(outcome.code).toBe(1);

    await expect(program.parseAsync(['echo'], { from: 'user' })).rejects.toMatchObject({
      code: 'commander.missingArgument',
    });
    expect(stderr.text).toContain("missing required argument 'word'");
  });
});
