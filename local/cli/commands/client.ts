/**
 * What the client commands (`submit`, `status`, `approve`, `events`, `customers`, `diagram`) share: where the API is
 * (`--url`, else `ERCSP_URL`: `ercsp serve` or a deployed Function App; `/api` is added unless the URL ends with it),
 * how to authenticate (a function key: `--key`, else `ERCSP_FUNCTION_KEY`, sent as `x-functions-key`; or an Entra
 * token for `--entra-scope` through `@azure/identity`'s DefaultAzureCredential), one HTTP call, problem+json
 * rendered as `path: message [rule]` lines, and aligned tables. The key and the token are never printed.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { EXIT } from '../io';
import { operatorAccessToken } from '../../../shared/adapters/identity/operatorToken';

export const URL_ENV = 'ERCSP_URL';
export const KEY_ENV = 'ERCSP_FUNCTION_KEY';
export const FUNCTION_KEY_HEADER = 'x-functions-key';
/** How long one call may take before the client gives up. */
const REQUEST_TIMEOUT_MS = 60_000;

export interface ConnectionOptions {
  readonly url?: string;
  readonly key?: string;
  readonly entraScope?: string;
  readonly json?: boolean;
}

export type Authentication =
  | { readonly kind: 'function-key'; readonly key: string }
  | { readonly kind: 'entra'; readonly scope: string }
  | { readonly kind: 'none' };

export interface ApiTarget {
  /** Ends with `/api` (no trailing slash). */
  readonly apiBase: string;
  readonly auth: Authentication;
}

/** Obtains a bearer token for a scope (DefaultAzureCredential unless a test supplies another). */
export type TokenSource = (scope: string) => Promise<string>;

/** What the client commands can swap in tests: the HTTP transport and the token source. */
export interface ClientDependencies {
  readonly fetch: typeof fetch;
  readonly token: TokenSource;
  readonly env: NodeJS.ProcessEnv;
}

/** An Entra token from the operator's own sign-in (az login, environment, managed identity). */
const defaultToken: TokenSource = operatorAccessToken;

let dependencies: ClientDependencies = { fetch: (...args) => fetch(...args), token: defaultToken, env: process.env };

/** For tests: replaces the transport, token source or environment; returns a function that puts them back. */
export function setClientDependencies(replacement: Partial<ClientDependencies>): () => void {
  const previous = dependencies;
  dependencies = { ...dependencies, ...replacement };
  return () => {
    dependencies = previous;
  };
}

/** Adds `--url`, `--key`, `--entra-scope` and `--json` to a client command. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', `the app's base URL (default: $${URL_ENV}), e.g. http://127.0.0.1:7071 for ercsp serve`)
    .option('--key <key>', `a function key (default: $${KEY_ENV}); sent as the ${FUNCTION_KEY_HEADER} header`)
    .option(
      '--entra-scope <scope>',
      'authenticate with an Entra token for this scope (DefaultAzureCredential), e.g. api://<app id>/.default',
    )
    .option('--json', 'print the response body as JSON (for scripts)');
}

/** The API base and authentication from the options and the environment; each problem names the option. */
export function resolveTarget(
  options: ConnectionOptions,
  env: NodeJS.ProcessEnv = dependencies.env,
): { ok: true; target: ApiTarget } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const rawUrl = options.url ?? env[URL_ENV];
  let apiBase = '';
  if (rawUrl === undefined || rawUrl === '') {
    problems.push(`--url: no base URL given (set --url or ${URL_ENV}; ercsp serve prints it)`);
  } else {
    try {
      const url = new URL(rawUrl);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
      if (url.search !== '' || url.hash !== '') throw new Error('has a query or fragment');
      const path = url.pathname.replace(/\/+$/, '');
      apiBase = `${url.origin}${path.endsWith('/api') ? path : `${path}/api`}`;
    } catch {
      problems.push(`--url: '${rawUrl}' is not an http(s) base URL such as http://127.0.0.1:7071`);
    }
  }
  const key = options.key ?? env[KEY_ENV];
  const scope = options.entraScope;
  if (options.key !== undefined && scope !== undefined) problems.push('--key and --entra-scope exclude each other');
  if (scope !== undefined && scope.trim() === '') problems.push('--entra-scope: must not be empty');
  if (problems.length > 0) return { ok: false, problems };
  const auth: Authentication =
    scope !== undefined
      ? { kind: 'entra', scope }
      : key !== undefined && key !== ''
        ? { kind: 'function-key', key }
        : { kind: 'none' };
  return { ok: true, target: { apiBase, auth } };
}

export interface ApiCall {
  readonly method: 'GET' | 'POST';
  /** After `/api/`, already encoded, e.g. `requests/req-1`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** Sent as JSON text (an object) or as is (a string). */
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body parsed, when it is JSON. */
  readonly json: unknown;
}

export class ClientError extends Error {
  override readonly name = 'ClientError';
}

export async function callApi(target: ApiTarget, call: ApiCall): Promise<ApiResponse> {
  const url = new URL(`${target.apiBase}/${call.path}`);
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, value);
  }
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json, text/plain' };
  if (target.auth.kind === 'function-key') headers[FUNCTION_KEY_HEADER] = target.auth.key;
  if (target.auth.kind === 'entra') {
    let token: string;
    try {
      token = await dependencies.token(target.auth.scope);
    } catch (error) {
      throw new ClientError(`cannot get an Entra token for ${target.auth.scope}: ${messageOf(error)}`);
    }
    headers.Authorization = `Bearer ${token}`;
  }
  let body: string | undefined;
  if (call.body !== undefined) {
    body = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
    headers['Content-Type'] = call.contentType ?? 'application/json';
  }
  let response: Response;
  try {
    response = await dependencies.fetch(url, {
      method: call.method,
      headers,
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ClientError(`cannot reach ${url.origin}${url.pathname}: ${messageOf(error)}`);
  }
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let json: unknown;
  if (/json/.test(contentType) && text !== '') {
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, contentType, text, json };
}

/**
 * The shared frame of a client command: resolves the target, runs `body`, and turns a refused call into lines on
 * stderr and an exit status (1: the API refused or could not be reached; 2: a usage error).
 */
export async function runClientCommand(
  context: CommandContext,
  options: ConnectionOptions,
  body: (target: ApiTarget) => Promise<void>,
): Promise<void> {
  const resolved = resolveTarget(options);
  if (!resolved.ok) {
    for (const problem of resolved.problems) context.io.stderr.write(`error: ${problem}\n`);
    context.exit(EXIT.usage);
    return;
  }
  try {
    await body(resolved.target);
  } catch (error) {
    if (error instanceof ApiRefusal) {
      if (options.json === true && error.response.json !== undefined) {
        context.io.stdout.write(`${JSON.stringify(error.response.json, null, 2)}\n`);
      }
      writeRefusal(context, error.response);
      context.exit(EXIT.invalid);
      return;
    }
    if (error instanceof ClientError) {
      context.io.stderr.write(`error: ${error.message}\n`);
      context.exit(EXIT.invalid);
      return;
    }
    throw error;
  }
}

/** A response the command cannot use (a 4xx/5xx, or 401 for a missing or wrong key). */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(readonly response: ApiResponse) {
    super(`HTTP ${response.status}`);
  }
}

/** Calls the API and returns the response when its status is one of `expected`; throws ApiRefusal otherwise. */
export async function expectStatus(
  target: ApiTarget,
  call: ApiCall,
  expected: readonly number[] = [200],
): Promise<ApiResponse> {
  const response = await callApi(target, call);
  if (!expected.includes(response.status)) throw new ApiRefusal(response);
  return response;
}

function writeRefusal(context: CommandContext, response: ApiResponse): void {
  const { stderr } = context.io;
  const problem = asRecord(response.json);
  if (response.status === 401) {
    stderr.write(`error: 401 Unauthorized: give a valid function key (--key or ${KEY_ENV}) or --entra-scope\n`);
    return;
  }
  const title = typeof problem.title === 'string' ? problem.title : httpReason(response.status);
  const detail = typeof problem.detail === 'string' ? `: ${problem.detail}` : '';
  stderr.write(`error: ${String(response.status)} ${title}${detail}\n`);
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  for (const entry of errors) {
    const { path, message, rule } = asRecord(entry);
    stderr.write(
      `    ${typeof path === 'string' && path !== '' ? path : '(root)'}: ${String(message)} [${String(rule)}]\n`,
    );
  }
}

function httpReason(status: number): string {
  const reasons: Record<number, string> = { 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal error' };
  return reasons[status] ?? 'refused';
}

/** Prints `value` as JSON (for `--json`). */
export function writeJson(context: CommandContext, value: unknown): void {
  context.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Columns aligned with two spaces; `-` for an empty cell. */
export function renderTable(headers: readonly string[], rows: readonly (readonly (string | undefined)[])[]): string {
  const cells = rows.map((row) =>
    headers.map((_, index) => row[index] ?? '-').map((cell) => (cell === '' ? '-' : cell)),
  );
  const widths = headers.map((header, index) =>
    Math.max(header.length, ...cells.map((row) => row[index]?.length ?? 0)),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].map((text) => `${text}\n`).join('');
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
