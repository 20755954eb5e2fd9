/**
 * RFC 9457 problem details for every HTTP trigger: `application/problem+json` with `type`, `title`, `status`,
 * `detail`, and `errors: [{ path, rule, message }]` when fields are at fault. Problem types are URNs named after the
 * app's stable error codes (`urn:ercsp:problem:validation-failed`); plain HTTP failures use `about:blank`.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { AppError, ValidationError } from '../../shared/errors';
import type { ValidationIssue } from '../../shared/errors';
import { describeIssues } from '../../shared/errors';
import { bodyTooLargeIssue, MAX_BODY_BYTES, parseJsonText } from '../../shared/services/jsonText';
import { scrubSecrets } from '../../shared/redaction';
import { mention } from '../../shared/domain/issueWording';
import { EventIdSchema } from '../../shared/messages/envelope';

export { describeIssues };

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One field at fault: the field path (`circuits.primary.peeringLocation`), the rule it broke, and why. */
export interface FieldError {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  /** The app's stable error code (`ValidationFailed`, `ScopeViolation`, …) when there is one. */
  readonly code?: string;
  readonly errors?: readonly FieldError[];
}

export interface ProblemOptions {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** The app's stable error code; it names the problem type. Omitted: `about:blank`. */
  readonly code?: string;
  readonly errors?: readonly FieldError[];
  /** The request path the problem is about. */
  readonly instance?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `ValidationFailed` → `urn:ercsp:problem:validation-failed`. */
export function problemTypeFor(code: string): string {
  const kebab = code
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();
  return `urn:ercsp:problem:${kebab}`;
}

/** A problem body stays small whatever the request was: at most this many field errors… */
export const MAX_PROBLEM_ERRORS = 50;
/** …each field of which, and the detail, at most this long (then cut, with a marker saying so). */
const MAX_PROBLEM_TEXT = 1024;
const MAX_PROBLEM_DETAIL = 8 * 1024;

function bounded(text: string, max: number): string {
  const scrubbed = scrubSecrets(text);
  if (scrubbed.length <= max) return scrubbed;
  return `${scrubbed.slice(0, max - 40)}… [cut: ${scrubbed.length} characters in all]`;
}

/**
 * The body of a problem response: secrets scrubbed from every text (a safety net: messages must not hold them in
 * the first place), each text bounded, and at most `MAX_PROBLEM_ERRORS` field errors (plus one saying how many more).
 */
export function problemBody(options: ProblemOptions): ProblemDetails {
  const errors = options.errors?.slice(0, MAX_PROBLEM_ERRORS).map(toFieldError);
  const more = (options.errors?.length ?? 0) - MAX_PROBLEM_ERRORS;
  if (errors !== undefined && more > 0) {
    errors.push({ path: '', rule: 'problem.errors-truncated', message: `${more} more errors not listed` });
  }
  return {
    type: options.code === undefined ? 'about:blank' : problemTypeFor(options.code),
    title: options.title,
    status: options.status,
    detail: bounded(options.detail, MAX_PROBLEM_DETAIL),
    ...(options.instance === undefined ? {} : { instance: options.instance }),
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function problemResponse(options: ProblemOptions): HttpResponseInit {
  return {
    status: options.status,
    headers: { ...options.headers, 'Content-Type': PROBLEM_CONTENT_TYPE },
    jsonBody: problemBody(options),
  };
}

function toFieldError(issue: FieldError): FieldError {
  return {
    path: bounded(issue.path, MAX_PROBLEM_TEXT),
    rule: bounded(issue.rule, MAX_PROBLEM_TEXT),
    message: bounded(issue.message, MAX_PROBLEM_TEXT),
  };
}

/** 413 for a body larger than any request can be (`MAX_BODY_BYTES`, a Service Bus message's limit). */
export function payloadTooLargeProblem(bytes: number): HttpResponseInit {
  const issue = bodyTooLargeIssue(bytes, 'The body');
  return problemResponse({
    status: 413,
    title: 'The body is too large',
    detail: issue.message,
    code: 'PayloadTooLarge',
    errors: [issue],
  });
}

/** 400 for a body that broke field rules. */
export function validationProblem(
  issues: readonly ValidationIssue[],
  options: { title?: string; code?: string; instance?: string } = {},
): HttpResponseInit {
  return problemResponse({
    status: 400,
    title: options.title ?? 'The request is not valid',
    detail: describeIssues(issues),
    code: options.code ?? 'ValidationFailed',
    errors: issues,
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  });
}

export function notFoundProblem(detail: string, options: { code?: string; instance?: string } = {}): HttpResponseInit {
  return problemResponse({
    status: 404,
    title: 'Not found',
    detail,
    code: options.code ?? 'NotFound',
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  });
}

export function unsupportedMediaTypeProblem(received: string | null, expected = 'application/json'): HttpResponseInit {
  return problemResponse({
    status: 415,
    title: 'Unsupported media type',
    detail: `The body must be ${expected}; received ${received === null || received === '' ? 'no Content-Type' : received}.`,
    code: 'UnsupportedMediaType',
    errors: [{ path: '(header) Content-Type', rule: 'media-type', message: `must be ${expected}` }],
    headers: { 'Accept-Post': expected },
  });
}

/** 500 without internals: the detail never carries an error message (it could name secrets or hosts). */
export function internalProblem(options: { instance?: string } = {}): HttpResponseInit {
  return problemResponse({
    status: 500,
    title: 'Internal error',
    detail: 'The request could not be completed; it was logged. Retrying later may help.',
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  });
}

/** 503 for a dependency that is down (Tables, the Durable extension): the client should retry. */
export function unavailableProblem(options: { retryAfterSeconds?: number; instance?: string } = {}): HttpResponseInit {
  return problemResponse({
    status: 503,
    title: 'Service unavailable',
    detail: 'A dependency is unavailable; retry later.',
    code: 'Unavailable',
    headers: { 'Retry-After': String(options.retryAfterSeconds ?? 30) },
    ...(options.instance === undefined ? {} : { instance: options.instance }),
  });
}

/** Status codes for the app's stable error codes that a caller can act on. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ValidationFailed: 400,
  UnsupportedRequestType: 400,
  ScopeViolation: 403,
  CustomerTenantMismatch: 403,
  SubscriptionOwnedByAnotherCustomer: 403,
  UnknownCustomer: 404,
  CustomerNotFound: 404,
  RequestNotFound: 404,
  InstanceNotFound: 404,
  InstanceAlreadyExists: 409,
};

/**
 * Any thrown value as a problem: `ValidationError` → 400 with its field errors, an `AppError` whose code has a known
 * status → that status with its message, a retryable `AppError` → 503, anything else → 500 without details.
 */
export function problemFromError(error: unknown, options: { instance?: string } = {}): HttpResponseInit {
  if (error instanceof ValidationError) return validationProblem(error.issues, options);
  if (error instanceof AppError) {
    const status = STATUS_BY_CODE[error.code];
    if (status !== undefined) {
      return problemResponse({ status, title: error.code, detail: error.message, code: error.code, ...options });
    }
    if (error.retryable) return unavailableProblem(options);
  }
  return internalProblem(options);
}

/** `application/json`, `application/cloudevents+json`, `application/merge-patch+json`… */
export function isJsonContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]*\+json$/.test(mediaType);
}

export type JsonBodyResult =
  { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly response: HttpResponseInit };

export interface JsonBodyOptions {
  /** An empty body reads as `undefined` instead of failing (whatever its Content-Type). Default false. */
  readonly optional?: boolean;
}

/**
 * Reads a JSON request body: 413 when it is larger than `MAX_BODY_BYTES` (by its Content-Length or as read), 415
 * when the Content-Type is not JSON, 400 (rule `json-syntax`) when the text does not parse. The parsed value may be
 * anything JSON allows; validating its shape (and depth) is the caller's job.
 */
export async function readJsonBody(request: HttpRequest, options: JsonBodyOptions = {}): Promise<JsonBodyResult> {
  const contentType = request.headers.get('content-type');
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    return { ok: false, response: payloadTooLargeProblem(declared) };
  }
  const text = await request.text();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BODY_BYTES) return { ok: false, response: payloadTooLargeProblem(bytes) };
  if (options.optional === true && text.trim() === '') return { ok: true, body: undefined };
  if (!isJsonContentType(contentType)) return { ok: false, response: unsupportedMediaTypeProblem(contentType) };
  const parsed = parseJsonText(text, 'The body');
  return parsed.ok ? { ok: true, body: parsed.value } : { ok: false, response: validationProblem([parsed.issue]) };
}

/**
 * The 404 for a request id the ledger does not know. An id no request could have (not 1-128 characters of
 * `A-Za-z0-9._:-`) is answered the same way without reaching storage, and the id is echoed short and quoted.
 */
export function requestNotFoundProblem(requestId: string, instance: string): HttpResponseInit {
  return notFoundProblem(`No request with id ${mention(requestId)} was received.`, {
    code: 'RequestNotFound',
    instance,
  });
}

export function isPossibleRequestId(requestId: string): boolean {
  return EventIdSchema.safeParse(requestId).success;
}
