/**
 * The `ercsp` program: commander wiring only. Each command lives in `commands/<name>.ts` and is listed in
 * `COMMANDS`; a new command is one file and one line here.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerAsyncApiCommand } from './commands/asyncapi';
import { registerCustomerCommands, registerDiagramCommand } from './commands/customers';
import { registerOpenApiCommand } from './commands/openapi';
import { registerRequestCommands } from './commands/requests';
import { registerServeCommand } from './commands/serve';
import { registerPlanCommand } from './commands/plan';
import { registerRehearseCommand } from './commands/rehearse';
import { registerValidateCommand } from './commands/validate';
import { CliOutcome, type CommandContext, type CommandRegistration } from './context';
import { DEFAULT_CSP_CONTEXT } from './defaults';
import { colorsFor, EXIT, processIo, type CliIo } from './io';
import { REPO_ROOT } from './paths';

export const COMMANDS: readonly CommandRegistration[] = [
  registerValidateCommand,
  registerPlanCommand,
  registerAsyncApiCommand,
  registerRehearseCommand,
  registerServeCommand,
  registerOpenApiCommand,
  registerRequestCommands,
  registerCustomerCommands,
  registerDiagramCommand,
];

/** The version in package.json (`ercsp --version`). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

export interface ProgramOptions {
  readonly io?: CliIo;
  /** Receives the exit status the commands record. */
  readonly outcome?: CliOutcome;
  readonly commands?: readonly CommandRegistration[];
}

/**
 * Builds the program. Commander never exits the process: usage errors (and --help) throw a `CommanderError`
 * (`exitOverride`), and its messages go to `io`'s streams.
 */
export function buildProgram(options: ProgramOptions = {}): Command {
  const io = options.io ?? processIo();
  const outcome = options.outcome ?? new CliOutcome();
  const context: CommandContext = {
    io,
    colors: colorsFor(io),
    cspContext: DEFAULT_CSP_CONTEXT,
    exit: (code) => {
      outcome.record(code);
    },
  };
  // Settings first: subcommands copy them when they are created.
  const program = new Command('ercsp')
    .description(
      'expressroute-csp tools: check request files, preview plans, rehearse requests end to end on local stand-ins, serve the HTTP API locally and talk to it (or to a deployed app), generate the AsyncAPI and OpenAPI documents',
    )
    .version(packageVersion(), '-V, --version', 'print the version (package.json) and exit')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run `ercsp help` for usage)');
  for (const register of options.commands ?? COMMANDS) register(program, context);
  return program;
}

/** Runs the program on `argv` (without node and script) and returns the exit status (see `EXIT`). */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const outcome = new CliOutcome();
  const program = buildProgram({ io, outcome });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw error;
  }
  return outcome.code;
}
