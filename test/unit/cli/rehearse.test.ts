/** `ercsp rehearse`: what it refuses before starting anything (usage errors exit 2), and how options are read. */
import { parseRehearseOptions } from '../../../local/cli/commands/rehearse';
import { EXIT } from '../../../local/cli/io';
import { ercsp, tempDir } from './harness';

describe('ercsp rehearse: usage errors exit 2 and start nothing', () => {
  it('needs at least one request file', async () => {
    const run = await ercsp(['rehearse']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/missing required argument 'file'/);
  });

  it('names every file it cannot read', async () => {
    const run = await ercsp(['rehearse', 'examples/rehearsal/01-onboard-contoso.json', 'nope.json', 'examples']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('error: nope.json: cannot read (no such file)');
    expect(run.stderr).toContain('error: examples: cannot read (is a directory)');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--provider-delay', 'soon'], "--provider-delay: 'soon' is not a duration"],
    [['--provider-deadline', '0'], "--provider-deadline: '0' is not a duration"],
    [['--faults', '1.5'], "--faults: '1.5' is not a rate between 0 and 1"],
    [['--faults', 'some'], "--faults: 'some' is not a rate between 0 and 1"],
    [['--seed', '-3'], "--seed: '-3' is not a whole number"],
    [['--provider-delay', '1h', '--provider-never'], '--provider-delay and --provider-never exclude each other'],
  ])('refuses %j', async (options, message) => {
    const run = await ercsp(['rehearse', ...options, 'examples/rehearsal/01-onboard-contoso.json']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(`error: ${message}`);
  });

  it('refuses a log file it cannot write', async () => {
    const dir = tempDir();
    try {
      const run = await ercsp(['rehearse', '--log-file', dir.dir, 'examples/rehearsal/01-onboard-contoso.json']);
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toContain(`error: --log-file: cannot write ${dir.dir}`);
    } finally {
      dir.cleanup();
    }
  });

  it('checks the options before reading the files, and reports every bad option at once', async () => {
    const run = await ercsp(['rehearse', '--faults', '2', '--seed', 'x', 'missing.json']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr.match(/^error: /gm)).toHaveLength(2);
    expect(run.stderr).not.toContain('missing.json');
  });

  it('is listed in the help', async () => {
    const run = await ercsp(['help', 'rehearse']);
    expect(run.stdout).toContain('--provider-delay <duration>');
    expect(run.stdout).toContain('--provider-deadline <duration>');
    expect(run.stdout).toContain('--faults <rate>');
    expect(run.stdout).toContain('--expect <file=outcome>');
    expect(run.stdout).toContain('--expectations <file>');
  });
});

describe('parseRehearseOptions', () => {
  it('defaults to a provider that provisions after 2 hours, no faults, the app’s own deadline', () => {
    expect(parseRehearseOptions({})).toEqual({ ok: true, options: { providerDelayMs: 2 * 3_600_000 } });
  });

  it('reads durations, the fault rate, the seed and the log file', () => {
    expect(
      parseRehearseOptions({
        providerDelay: '1d12h',
        providerDeadline: '3d',
        faults: '0.05',
        seed: '42',
        logFile: 'app.log',
      }),
    ).toEqual({
      ok: true,
      options: { providerDelayMs: 36 * 3_600_000, providerDeadlineMs: 3 * 86_400_000, faultRate: 0.05, seed: 42 },
      logFile: 'app.log',
    });
  });

  it('--provider-never means the provider never provisions', () => {
    expect(parseRehearseOptions({ providerNever: true })).toEqual({ ok: true, options: { providerDelayMs: 'never' } });
  });
});
