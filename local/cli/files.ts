/** Reading the JSON files the commands take. Problems come back as text for the `!` verdict, never as exceptions. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type ReadJsonResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

export function readJsonFile(file: string, cwd: string): ReadJsonResult {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (error) {
    return { ok: false, problem: `cannot read: ${describeFsError(error)}` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch (error) {
    return { ok: false, problem: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
