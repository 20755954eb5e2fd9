/** What every command gets from the program: where to write, the colours, the CSP context, the exit status. */
import type { Command } from 'commander';
import type { LocalCspContext } from './defaults';
import type { CliIo, Colors, ExitCode } from './io';

export interface CommandContext {
  readonly io: CliIo;
  readonly colors: Colors;
  readonly cspContext: LocalCspContext;
  /** Records an exit status for the run; the worst one recorded wins. */
  exit(code: ExitCode): void;
}

/** A command module adds its command (and options) to the program; `program.ts` lists them. */
export type CommandRegistration = (program: Command, context: CommandContext) => void;

/** The exit status of one run: the worst any command recorded. */
export class CliOutcome {
  #code: ExitCode = 0;
  get code(): ExitCode {
    return this.#code;
  }
  record(code: ExitCode): void {
    if (code > this.#code) this.#code = code;
  }
}
