/**
 * `POST /providers/Microsoft.ResourceGraph/resources?api-version=…`: Azure Resource Graph's query API over the
 * simulator's store, for the KQL subset of kql.ts.
 *
 * - Body `{ subscriptions, query, options?: { $top, $skip, $skipToken, resultFormat } }`; answer
 *   `{ totalRecords, count, resultTruncated, $skipToken?, facets, data }` with `data` an object array.
 * - Paging: pages of `$top` rows (default 100, at most 1,000); a page that is not the last carries `$skipToken`,
 *   valid only with the same query and subscriptions (as in Azure, where it captures the query's context).
 * - Scope: rows of the listed subscriptions that the caller's tenant (the token's `tid`) may see: subscriptions bound
 *   to that tenant, subscriptions bound to none, and (Azure Lighthouse) every subscription when the caller is the
 *   managing tenant set through the control API.
 * - Quota: 15 queries per 5-second window per principal (Resource Graph's default), reported in
 *   `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` (hh:mm:ss). Beyond it: 429 `RateLimiting` with
 *   Retry-After in real time; on a virtual clock the caller is taken to have waited (the clock moves to the window's
 *   end), as the simulator does for every other wait.
 * - A query outside the subset: 400 `BadRequest` with details `InvalidQuery` and `ParserFailure` (line, position and
 *   token), Resource Graph's error shape.
 */
import { tokenTenant } from '../armApi';
import type { SimRequest, SimResponse } from '../http';
import { jsonResponse } from '../http';
import type { Json, JsonObject } from '../json';
import { isJsonObject } from '../json';
import type { Simulation } from '../simulation';
import { runQuery } from './evaluate';
import { KqlError, parseKql } from './kql';
import { ResourcesTable } from './resourcesTable';

export const RESOURCE_GRAPH_API_VERSIONS = [
  '2019-04-01',
  '2020-04-01-preview',
  '2021-03-01',
  '2022-10-01',
  '2024-04-01',
];
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
export const QUOTA_PER_WINDOW = 15;
export const QUOTA_WINDOW_MS = 5000;
/** Azure answers at most this many subscriptions per request. */
export const MAX_SUBSCRIPTIONS_PER_QUERY = 1000;

interface QuotaWindow {
  startedAt: number;
  used: number;
}

/** What Resource Graph keeps per simulation: its index, the quota windows, the Lighthouse managing tenant. */
export class ResourceGraphState {
  readonly table: ResourcesTable;
  readonly windows = new Map<string, QuotaWindow>();
  managingTenantId: string | undefined;
  queries = 0;

  constructor(readonly sim: Simulation) {
    this.table = new ResourcesTable(sim, (subscriptionId) => sim.subscriptionTenants.get(subscriptionId.toLowerCase()));
  }
}

const states = new WeakMap<Simulation, ResourceGraphState>();

export function resourceGraphOf(sim: Simulation): ResourceGraphState {
  let state = states.get(sim);
  if (state === undefined) {
    state = new ResourceGraphState(sim);
    states.set(sim, state);
  }
  return state;
}

/** True for a request this module answers. */
export function isResourceGraphRequest(lowerSegments: readonly string[]): boolean {
  return lowerSegments[0] === 'providers' && lowerSegments[1] === 'microsoft.resourcegraph';
}

export function handleResourceGraphRequest(sim: Simulation, request: SimRequest): SimResponse {
  const lower = request.segments.map((segment) => segment.toLowerCase());
  if (lower[2] !== 'resources' || lower.length !== 3) {
    return cloudError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${request.path}'.`);
  }
  if (request.method !== 'POST') {
    return cloudError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${request.method}'.`,
    );
  }
  const apiVersion = request.query.get('api-version') ?? '';
  if (!RESOURCE_GRAPH_API_VERSIONS.includes(apiVersion)) {
    return cloudError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${RESOURCE_GRAPH_API_VERSIONS.join(',')}'.`,
    );
  }
  const state = resourceGraphOf(sim);
  const principal = principalOf(request);
  const quotaHeaders = takeQuota(state, principal);
  if (quotaHeaders.refused !== undefined) return { ...quotaHeaders.refused, headers: quotaHeaders.headers };
  state.queries += 1;
  const answer = answerQuery(state, request, principal.tenantId);
  return { ...answer, headers: { ...answer.headers, ...quotaHeaders.headers } };
}

function answerQuery(state: ResourceGraphState, request: SimRequest, tenantId: string | undefined): SimResponse {
  if (request.bodyError !== undefined || !isJsonObject(request.body)) {
    return cloudError(
      400,
      'InvalidRequestContent',
      `The request content was invalid: ${request.bodyError ?? 'not a JSON object'}`,
    );
  }
  const body = request.body;
  const query = body.query;
  if (typeof query !== 'string' || query.trim() === '') {
    return cloudError(400, 'InvalidRequestContent', "The request content was invalid: 'query' is required.");
  }
  const subscriptions = body.subscriptions;
  if (
    !Array.isArray(subscriptions) ||
    subscriptions.length === 0 ||
    !subscriptions.every((s) => typeof s === 'string')
  ) {
    return cloudError(
      400,
      'InvalidRequestContent',
      "The request content was invalid: 'subscriptions' must list at least one subscription (management groups and tenant scope are not simulated).",
    );
  }
  if (subscriptions.length > MAX_SUBSCRIPTIONS_PER_QUERY) {
    return cloudError(
      400,
      'InvalidRequestContent',
      `The request content was invalid: at most ${MAX_SUBSCRIPTIONS_PER_QUERY} subscriptions per request, got ${subscriptions.length}.`,
    );
  }
  const options = isJsonObject(body.options) ? body.options : {};
  const resultFormat = options.resultFormat;
  if (resultFormat !== undefined && resultFormat !== 'objectArray') {
    return cloudError(
      400,
      'InvalidRequestContent',
      `resultFormat ${JSON.stringify(resultFormat)} is not simulated; use objectArray.`,
    );
  }
  const top = options.$top ?? DEFAULT_PAGE_SIZE;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    return cloudError(
      400,
      'InvalidRequestContent',
      `$top must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(top)}.`,
    );
  }

  let parsed;
  try {
    parsed = parseKql(query);
  } catch (error) {
    if (error instanceof KqlError) return invalidQuery(error);
    throw error;
  }
  const visible = new Set(
    subscriptions
      .map((subscription) => subscription.toLowerCase())
      .filter((subscription) => canSee(state, tenantId, subscription)),
  );
  const context = contextOf(query, subscriptions);
  let offset = typeof options.$skip === 'number' && options.$skip > 0 ? Math.floor(options.$skip) : 0;
  if (typeof options.$skipToken === 'string' && options.$skipToken !== '') {
    const token = decodeSkipToken(options.$skipToken);
    if (token?.context !== context) {
      return cloudError(
        400,
        'InvalidRequestContent',
        'The $skipToken is invalid for this query and scope; start again without it.',
      );
    }
    offset = token.offset;
  }
  const rows = runQuery(parsed, state.table.rows(visible));
  const page = rows.slice(offset, offset + top);
  const next = offset + page.length;
  const result: JsonObject = {
    totalRecords: rows.length,
    count: page.length,
    resultTruncated: 'false',
    facets: [],
    data: page,
  };
  if (next < rows.length) result.$skipToken = encodeSkipToken({ offset: next, context });
  return jsonResponse(200, result);
}

function canSee(state: ResourceGraphState, tenantId: string | undefined, subscription: string): boolean {
  if (tenantId === undefined) return true;
  const bound = state.sim.subscriptionTenants.get(subscription);
  if (bound === undefined || bound.toLowerCase() === tenantId.toLowerCase()) return true;
  return state.managingTenantId !== undefined && state.managingTenantId.toLowerCase() === tenantId.toLowerCase();
}

interface Principal {
  readonly key: string;
  readonly tenantId: string | undefined;
}

function principalOf(request: SimRequest): Principal {
  const token = /^Bearer\s+(\S+)$/i.exec((request.headers.authorization ?? '').trim())?.[1] ?? '';
  const tenantId = tokenTenant(token);
  return { key: tenantId ?? 'anonymous', tenantId };
}

function takeQuota(
  state: ResourceGraphState,
  principal: Principal,
): { readonly headers: Record<string, string>; readonly refused?: SimResponse } {
  const sim = state.sim;
  let window = state.windows.get(principal.key);
  if (window === undefined || sim.now() >= window.startedAt + QUOTA_WINDOW_MS) {
    window = { startedAt: sim.now(), used: 0 };
    state.windows.set(principal.key, window);
  }
  if (window.used >= QUOTA_PER_WINDOW) {
    const resetAt = window.startedAt + QUOTA_WINDOW_MS;
    if (sim.virtualTime) {
      // The caller waits out the window on the virtual clock, as it would have been told to.
      sim.advanceClockTo(resetAt);
      window = { startedAt: sim.now(), used: 0 };
      state.windows.set(principal.key, window);
    } else {
      const waitMs = resetAt - sim.now();
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      return {
        headers: {
          'x-ms-user-quota-remaining': '0',
          'x-ms-user-quota-resets-after': hhmmss(waitMs),
          'Retry-After': String(seconds),
        },
        refused: cloudError(
          429,
          'RateLimiting',
          `Please provide below info when asking for support: the query quota of ${QUOTA_PER_WINDOW} per ${QUOTA_WINDOW_MS / 1000} seconds is used; retry after ${seconds} seconds.`,
        ),
      };
    }
  }
  window.used += 1;
  return {
    headers: {
      'x-ms-user-quota-remaining': String(QUOTA_PER_WINDOW - window.used),
      'x-ms-user-quota-resets-after': hhmmss(window.startedAt + QUOTA_WINDOW_MS - sim.now()),
    },
  };
}

function hhmmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

function contextOf(query: string, subscriptions: readonly string[]): string {
  const text = `${query}\n${subscriptions.map((s) => s.toLowerCase()).join(',')}`;
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

function encodeSkipToken(token: { readonly offset: number; readonly context: string }): string {
  return Buffer.from(JSON.stringify({ o: token.offset, c: token.context }), 'utf8').toString('base64url');
}

function decodeSkipToken(text: string): { readonly offset: number; readonly context: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (isJsonObject(value) && typeof value.o === 'number' && typeof value.c === 'string') {
      return { offset: value.o, context: value.c };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

function cloudError(status: number, code: string, message: string, details: Json[] = []): SimResponse {
  return jsonResponse(status, { error: { code, message, details } });
}

function invalidQuery(error: KqlError): SimResponse {
  return cloudError(
    400,
    'BadRequest',
    `Please provide below info when asking for support: the query is invalid: ${error.message}`,
    [
      {
        code: 'InvalidQuery',
        message:
          'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.',
      },
      {
        code: 'ParserFailure',
        message: error.message,
        line: error.line,
        characterPositionInLine: error.column,
        token: error.token,
      },
    ],
  );
}
