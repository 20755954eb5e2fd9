/** What a CLI command writes to and where it runs, so that tests can capture the output and pick the directory. */
import picocolors from 'picocolors';

/** Anything text can be written to: `process.stdout`, a file stream, or a test's collector. */
export interface TextOutput {
  write(text: string): unknown;
}

export interface CliIo {
  readonly stdout: TextOutput;
  readonly stderr: TextOutput;
  /** Relative file arguments are resolved against this directory. */
  readonly cwd: string;
  /** Colour the output (only ever when stdout is a terminal). */
  readonly color: boolean;
  /** The environment the commands read settings from (`ERCSP_*`); none when absent (tests). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type Colors = ReturnType<typeof picocolors.createColors>;

export function colorsFor(io: CliIo): Colors {
  return picocolors.createColors(io.color);
}

/** Exit statuses: 0 all good, 1 a request is invalid (or cannot go ahead), 2 usage error or unreadable input. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
/** An unexpected failure of the tool itself (a bug): sysexits' EX_SOFTWARE. */
export const EXIT_INTERNAL_ERROR = 70;

/** The real process: colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function processIo(): CliIo {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  // Typed boolean, but undefined when stdout is a pipe or a file.
  const stdout: { readonly isTTY?: boolean } = process.stdout;
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    color: stdout.isTTY === true && !noColor,
    env: process.env,
  };
}
