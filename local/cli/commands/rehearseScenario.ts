/**
 * `ercsp rehearse <scenario.yaml|.yml>` or `ercsp rehearse --scenario <file>`: runs a scenario file (see
 * local/rehearsal/scenarioFile.ts and docs/compliance.md). Each step is printed with ✓ or ✗. Exit 0 when every
 * expectation holds, 1 when one fails, 2 on a usage error (not exactly one file, a bad scenario file, an unreadable
 * request file it names).
 */
import { resolve } from 'node:path';
import type * as ScenarioModule from '../../rehearsal/scenario';
import { readScenarioFile } from '../../rehearsal/scenarioFile';
import type { CommandContext } from '../context';
import type { LocalCspContext } from '../defaults';
import { EXIT } from '../io';

export async function rehearseScenario(
  files: readonly string[],
  csp: LocalCspContext,
  context: CommandContext,
): Promise<void> {
  const { io, colors } = context;
  const [file] = files;
  if (file === undefined || files.length !== 1) {
    io.stderr.write('error: a scenario rehearsal takes exactly one scenario file\n');
    context.exit(EXIT.usage);
    return;
  }
  const path = resolve(io.cwd, file);
  const parsed = readScenarioFile(path, file);
  if (!parsed.ok) {
    for (const problem of parsed.problems) io.stderr.write(`error: ${problem}\n`);
    context.exit(EXIT.usage);
    return;
  }
  io.stdout.write(
    `${colors.bold(`Scenario ${file}`)}${parsed.scenario.description === undefined ? '' : `: ${parsed.scenario.description}`}\n`,
  );
  const run = await loadScenario().runScenario(parsed.scenario, { file: path, csp, out: io.stdout, colors });
  if (run.problems !== undefined) {
    for (const problem of run.problems) io.stderr.write(`error: ${problem}\n`);
    context.exit(EXIT.usage);
    return;
  }
  const failed = run.steps.filter((step) => !step.ok).map((step) => String(step.step));
  io.stdout.write(
    failed.length === 0
      ? `${colors.green(`All ${String(run.steps.length)} steps as expected.`)}\n`
      : `${colors.red(`${String(failed.length)} of ${String(run.steps.length)} steps not as expected: step ${failed.join(', ')}.`)}\n`,
  );
  context.exit(run.ok ? EXIT.ok : EXIT.invalid);
}

/** The stand-ins take a second or more to load: loaded only when a scenario runs. */
function loadScenario(): typeof ScenarioModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see above
  return require('../../rehearsal/scenario') as typeof ScenarioModule;
}
