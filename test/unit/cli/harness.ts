/** Runs `ercsp` in-process with captured output. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../../local/cli/io';
import { REPO_ROOT } from '../../../local/cli/paths';
import { runCli } from '../../../local/cli/program';

export interface CapturedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export function captureIo(options: { cwd?: string; color?: boolean } = {}): {
  io: CliIo;
  stdout: Capture;
  stderr: Capture;
} {
  const stdout = new Capture();
  const stderr = new Capture();
  return { io: { stdout, stderr, cwd: options.cwd ?? REPO_ROOT, color: options.color ?? false }, stdout, stderr };
}

export async function ercsp(
  argv: readonly string[],
  options: { cwd?: string; color?: boolean } = {},
): Promise<CapturedRun> {
  const { io, stdout, stderr } = captureIo(options);
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A temporary directory for broken copies of the examples; removed by `cleanup`. */
export function tempDir(): { dir: string; write(name: string, content: unknown): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ercsp-test-'));
  return {
    dir,
    write(name, content) {
      const file = join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
