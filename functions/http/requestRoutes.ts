/**
 * The request endpoints' function names and routes (defined once, here), and the URLs of a request's own resources,
 * built from the URL the caller used (same scheme, host and route prefix). The query string (which may carry the
 * caller's function key) is never copied into a link.
 */
import { app } from '@azure/functions';
import type { HttpMethod, HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { withProblemOnError, type ProblemHandler } from './problemOnError';

export const REQUESTS_ROUTE = 'requests';

export const RequestFunctions = {
  /** `POST /api/requests` */
  submit: { name: 'submitRequest', route: REQUESTS_ROUTE },
  /** `GET /api/requests/{id}` */
  status: { name: 'requestStatus', route: `${REQUESTS_ROUTE}/{id}` },
  /** `POST /api/requests/{id}/events/{name}` */
  events: { name: 'requestEvents', route: `${REQUESTS_ROUTE}/{id}/events/{name}` },
} as const;

export interface RequestLinks {
  /** Our `GET /api/requests/{id}`. */
  readonly statusQueryGetUri: string;
  /** Our `POST /api/requests/{id}/events/{name}`, as a URI template with `{name}` left in. */
  readonly eventsUri: string;
}

export function requestLinks(request: HttpRequest, requestId: string): RequestLinks {
  const url = new URL(request.url);
  const marker = `/${REQUESTS_ROUTE}`;
  const at = url.pathname.indexOf(marker);
  const prefix = at < 0 ? '' : url.pathname.slice(0, at);
  const statusQueryGetUri = `${url.origin}${prefix}${marker}/${encodeURIComponent(requestId)}`;
  return { statusQueryGetUri, eventsUri: `${statusQueryGetUri}/events/{name}` };
}

/** Registers a request endpoint: function key required, the Durable client bound, anything thrown as a problem. */
export function registerRequestEndpoint(
  endpoint: { readonly name: string; readonly route: string },
  method: HttpMethod,
  handler: ProblemHandler,
): void {
  app.http(endpoint.name, {
    methods: [method],
    authLevel: 'function',
    route: endpoint.route,
    extraInputs: [df.input.durableClient()],
    handler: withProblemOnError(endpoint.name, handler),
  });
}
