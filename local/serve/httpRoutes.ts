/**
 * The app's HTTP routes as the Functions host serves them: every captured HTTP registration, at
 * `/{routePrefix}/{route}` (host.json's `extensions.http.routePrefix`, `api`), its `{name}` segments bound to
 * `request.params`. Literal segments win over parameters, as in ASP.NET routing (`customers` before `{customerId}`).
 */
import type { FunctionRegistry, RegisteredFunction } from '../functionsHost';

export const ROUTE_PREFIX = 'api';

export interface HttpRoute {
  readonly functionName: string;
  /** As registered, e.g. `requests/{id}/events/{name}`. */
  readonly route: string;
  /** Upper case; empty: every method. */
  readonly methods: readonly string[];
  /** `anonymous`, `function` or `admin` (default `function`, as the host's). */
  readonly authLevel: string;
  readonly registration: RegisteredFunction;
}

export interface RouteMatch {
  readonly route: HttpRoute;
  readonly params: Readonly<Record<string, string>>;
}

/** What a path and method found: a route, a path served for other methods only (405), or nothing (404). */
export type RouteLookup =
  | { readonly kind: 'found'; readonly match: RouteMatch }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

/** The HTTP routes of the captured registrations, most specific first. */
export function httpRoutesOf(registry: FunctionRegistry): HttpRoute[] {
  return registry
    .list('http')
    .map((registration) => {
      const trigger = registration.trigger as { route?: unknown; methods?: unknown; authLevel?: unknown };
      return {
        functionName: registration.name,
        route: typeof trigger.route === 'string' ? trigger.route : registration.name,
        methods: Array.isArray(trigger.methods) ? trigger.methods.map((method) => String(method).toUpperCase()) : [],
        authLevel: typeof trigger.authLevel === 'string' ? trigger.authLevel : 'function',
        registration,
      };
    })
    .sort((a, b) => specificity(b.route) - specificity(a.route) || a.route.localeCompare(b.route));
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function isParameter(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/** Literal segments count more than parameters; longer routes more than shorter ones. */
function specificity(route: string): number {
  return segmentsOf(route).reduce((score, segment) => score + (isParameter(segment) ? 1 : 3), 0);
}

/** `{id}` → `id`; `{id:int}` → `id`; `{name?}` → `name` (optional). */
function parameterOf(segment: string): { readonly name: string; readonly optional: boolean } {
  const inner = segment.slice(1, -1);
  const name = inner.split(':')[0] ?? inner;
  return name.endsWith('?') ? { name: name.slice(0, -1), optional: true } : { name, optional: false };
}

/** Binds `path` (after the route prefix, already split) to `route`, or undefined when it does not fit. */
function bind(route: string, path: readonly string[]): Record<string, string> | undefined {
  const template = segmentsOf(route);
  if (path.length > template.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of template.entries()) {
    const value = path[index];
    if (!isParameter(segment)) {
      if (value === undefined || value.toLowerCase() !== segment.toLowerCase()) return undefined;
      continue;
    }
    const { name, optional } = parameterOf(segment);
    if (value === undefined) {
      if (!optional) return undefined;
      continue;
    }
    params[name] = value;
  }
  return params;
}

/** Finds the route serving `method` at `pathname` (the URL's path, percent-encoded as received). */
export function findRoute(routes: readonly HttpRoute[], method: string, pathname: string): RouteLookup {
  const [prefix, ...rest] = segmentsOf(pathname);
  if (prefix?.toLowerCase() !== ROUTE_PREFIX) return { kind: 'not-found' };
  let decoded: string[];
  try {
    decoded = rest.map((segment) => decodeURIComponent(segment));
  } catch {
    return { kind: 'not-found' };
  }
  const allowed: string[] = [];
  for (const route of routes) {
    const params = bind(route.route, decoded);
    if (params === undefined) continue;
    if (route.methods.length === 0 || route.methods.includes(method.toUpperCase())) {
      return { kind: 'found', match: { route, params } };
    }
    allowed.push(...route.methods);
  }
  return allowed.length === 0 ? { kind: 'not-found' } : { kind: 'method-not-allowed', allowed: [...new Set(allowed)] };
}
