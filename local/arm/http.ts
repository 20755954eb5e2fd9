/** The simulator's view of one HTTP exchange, independent of Node's request and response objects. */
import type { ArmError } from './armError';
import type { Json } from './json';

export interface SimRequest {
  readonly method: string;
  /** Path without the query string, still URL-encoded. */
  readonly path: string;
  /** Path segments, URL-decoded. */
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** Parsed JSON body; undefined when the body was empty. */
  readonly body: unknown;
  /** Set when the body was not valid JSON. */
  readonly bodyError: string | undefined;
  /** `https://<host the client called>` */
  readonly origin: string;
}

export interface SimResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: Json;
}

export function jsonResponse(status: number, body: Json, headers: Record<string, string> = {}): SimResponse {
  return { status, headers, body };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): SimResponse {
  return { status, headers };
}

export function errorResponse(error: ArmError): SimResponse {
  return { status: error.status, headers: { ...error.headers }, body: error.toBody() };
}
