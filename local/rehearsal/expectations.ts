/**
 * What each request is expected to end as, stated explicitly (the file name is only a fallback, see
 * `expectationFromName` in requestFiles.ts):
 * - `expectations.json` beside the request files (or any manifest given with `--expectations <file>`): an object
 *   from file name (relative to the manifest's folder) to `"Status"`, `"Status:Code"`, or
 *   `{ "status", "code"?, "alsoAccepted"?: [{ "status", "code", "why" }] }`; a `$comment` key is ignored;
 * - `--expect <file>=<Status>[:<Code>]` on the command line, which wins over any manifest.
 * A manifest is never delivered as a request, even when a shell glob names it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';

export const REQUEST_STATUSES = ['Completed', 'Failed', 'Rejected', 'Duplicate'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The manifest a rehearsal reads from the folder of its request files. */
export const EXPECTATIONS_FILE = 'expectations.json';

export interface AlsoAccepted {
  readonly status: RequestStatus;
  readonly code: string;
  readonly why: string;
}

/** What a request is expected to end as; `alsoAccepted` lists other endings that count as expected. */
export interface Expectation {
  readonly status: RequestStatus;
  /** When given, the ending's error code must be this one too (e.g. `Rejected` with `ScopeViolation`). */
  readonly code?: string;
  readonly alsoAccepted?: readonly AlsoAccepted[];
  /** Where it was stated: `--expect`, a manifest's path, or `file name`. */
  readonly from: string;
}

export type StatedExpectations =
  | { readonly ok: true; readonly byPath: ReadonlyMap<string, Expectation> }
  | { readonly ok: false; readonly problems: readonly string[] };

export function isExpectationsFile(file: string): boolean {
  return basename(file) === EXPECTATIONS_FILE;
}

/**
 * The expectations stated for `requestPaths` (absolute), by absolute path: from every manifest (the ones named, then
 * `expectations.json` in each request file's folder; a later manifest does not override an earlier one's entry), then
 * from the `--expect` options, which override. Every problem names the manifest or option and what is wrong.
 */
export function statedExpectations(input: {
  readonly cwd: string;
  readonly requestPaths: readonly string[];
  /** Manifests named on the command line (`--expectations`, or an `expectations.json` among the files). */
  readonly manifests: readonly string[];
  /** `--expect` values, as given. */
  readonly options: readonly string[];
}): StatedExpectations {
  const problems: string[] = [];
  const byPath = new Map<string, Expectation>();
  const discovered = input.requestPaths.map((path) => resolve(dirname(path), EXPECTATIONS_FILE)).filter(existsSync);
  const manifests = [...new Set([...input.manifests.map((file) => resolve(input.cwd, file)), ...discovered])];
  for (const manifest of manifests) {
    const read = readManifest(manifest, input.cwd);
    problems.push(...read.problems);
    for (const [path, expectation] of read.entries) if (!byPath.has(path)) byPath.set(path, expectation);
  }
  for (const option of input.options) {
    const parsed = parseExpectOption(option, input.cwd, input.requestPaths);
    if (typeof parsed === 'string') problems.push(parsed);
    else byPath.set(parsed.path, parsed.expectation);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, byPath };
}

/** `Status` or `Status:Code`, as a manifest entry or the right side of `--expect`. */
export function parseOutcomeText(
  text: string,
  from: string,
): { readonly ok: true; readonly expectation: Expectation } | { readonly ok: false; readonly problem: string } {
  const [status = '', ...rest] = text.trim().split(':');
  const code = rest.join(':').trim();
  if (!isRequestStatus(status)) {
    return { ok: false, problem: `'${text}' is not an outcome: ${REQUEST_STATUSES.join(', ')}, optionally :Code` };
  }
  if (rest.length > 0 && !/^[A-Za-z][\w.]*$/.test(code)) {
    return { ok: false, problem: `'${text}': the code after ':' must be an error code such as ScopeViolation` };
  }
  return { ok: true, expectation: { status, ...(code === '' ? {} : { code }), from } };
}

function parseExpectOption(option: string, cwd: string, requestPaths: readonly string[]): Parsed | string {
  const at = option.lastIndexOf('=');
  if (at <= 0) return `--expect: '${option}' is not <file>=<outcome> (e.g. 04-redelivered.json=Duplicate)`;
  const file = option.slice(0, at).trim();
  const outcome = parseOutcomeText(option.slice(at + 1), '--expect');
  if (!outcome.ok) return `--expect ${file}: ${outcome.problem}`;
  const exact = resolve(cwd, file);
  const matches = requestPaths.includes(exact) ? [exact] : requestPaths.filter((path) => basename(path) === file);
  const [match] = matches;
  if (match === undefined) return `--expect: '${file}' is none of the request files`;
  if (matches.length > 1) return `--expect: '${file}' names ${matches.length} request files; give its path`;
  return { path: match, expectation: outcome.expectation };
}

interface Parsed {
  readonly path: string;
  readonly expectation: Expectation;
}

function readManifest(
  path: string,
  cwd: string,
): { readonly entries: readonly [string, Expectation][]; readonly problems: readonly string[] } {
  const shown = displayPath(cwd, path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    return { entries: [], problems: [`${shown}: cannot read (${error instanceof Error ? error.message : 'unknown'})`] };
  }
  if (!isRecord(json)) {
    return { entries: [], problems: [`${shown}: must be an object from request file name to outcome`] };
  }
  const problems: string[] = [];
  const entries: [string, Expectation][] = [];
  const folder = dirname(path);
  for (const [file, value] of Object.entries(json)) {
    if (file === '$comment') continue;
    const where = `${shown}: "${file}"`;
    const requestPath = resolve(folder, file);
    if (!existsSync(requestPath)) {
      problems.push(`${where}: no such request file beside the manifest`);
      continue;
    }
    const parsed = manifestEntry(value, shown);
    if (typeof parsed === 'string') problems.push(`${where}: ${parsed}`);
    else entries.push([requestPath, parsed]);
  }
  return { entries, problems };
}

function manifestEntry(value: unknown, from: string): Expectation | string {
  if (typeof value === 'string') {
    const parsed = parseOutcomeText(value, from);
    return parsed.ok ? parsed.expectation : parsed.problem;
  }
  if (!isRecord(value)) return 'must be "Status", "Status:Code" or { "status", "code", "alsoAccepted" }';
  const { status, code, alsoAccepted } = value;
  const unknown = Object.keys(value).filter((key) => !['status', 'code', 'alsoAccepted'].includes(key));
  if (unknown.length > 0) return `unknown field(s) ${unknown.join(', ')}: status, code and alsoAccepted are read`;
  if (typeof status !== 'string' || !isRequestStatus(status)) {
    return `status must be one of ${REQUEST_STATUSES.join(', ')}`;
  }
  if (code !== undefined && typeof code !== 'string') return 'code must be a string';
  const accepted: AlsoAccepted[] = [];
  if (alsoAccepted !== undefined) {
    if (!Array.isArray(alsoAccepted)) return 'alsoAccepted must be a list of { "status", "code", "why" }';
    for (const [index, item] of (alsoAccepted as unknown[]).entries()) {
      const other = isRecord(item) ? item : {};
      if (
        typeof other.status !== 'string' ||
        !isRequestStatus(other.status) ||
        typeof other.code !== 'string' ||
        typeof other.why !== 'string'
      ) {
        return `alsoAccepted[${index}] must be { "status": one of ${REQUEST_STATUSES.join(', ')}, "code", "why" }`;
      }
      accepted.push({ status: other.status, code: other.code, why: other.why });
    }
  }
  return {
    status,
    ...(code === undefined ? {} : { code }),
    ...(accepted.length === 0 ? {} : { alsoAccepted: accepted }),
    from,
  };
}

function isRequestStatus(value: string): value is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `path` relative to `cwd` when it lies inside it (as a user would type it), else as is. */
function displayPath(cwd: string, path: string): string {
  const shown = relative(cwd, path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
