/**
 * Turns whatever the SDK throws into the application's `ArmOperationError` (ARM's code, HTTP status, retryable flag,
 * Retry-After), with secrets scrubbed from the message. Sources:
 * - `RestError` from the pipeline (HTTP errors; transport failures carry a Node error code and no status);
 * - core-lro's plain `Error("The long-running operation has failed. CODE. message")` when an async operation fails;
 * - core-lro's cancellation error.
 * Application errors (`AppError`) and programming errors pass through unchanged.
 */
import { AppError, ArmOperationError } from '../../errors';
import { ArmAdapterErrorCodes } from './armErrorCodes';
import { scrubSecrets } from './secretScrubbing';

/** HTTP statuses where retrying the same request can succeed. 501/505 are not transient. */
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** ARM / NRP codes meaning "busy, try again", whatever the status they come with (409, 400, 429). */
const RETRYABLE_CODES = new Set(
  [
    'AnotherOperationInProgress',
    'RetryableError',
    'RetryableErrorDueToAnotherOperation',
    'OperationPreempted',
    'CanceledAndSupersededDueToAnotherOperation',
    'ReferencedResourceNotProvisioned',
    'InternalServerError',
    'InternalError',
    'ServerTimeout',
    'GatewayTimeout',
    'ServiceUnavailable',
    'TooManyRequests',
    'SubscriptionRequestsThrottled',
    'TenantRequestsThrottled',
    ArmAdapterErrorCodes.operationCanceled,
    ArmAdapterErrorCodes.readAfterWriteNotVisible,
    ArmAdapterErrorCodes.requestSendError,
  ].map((code) => code.toLowerCase()),
);

/** Node / undici transport failures: the request may not have arrived, or its answer was lost. */
const TRANSIENT_TRANSPORT_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'REQUEST_SEND_ERROR',
]);

export function isRetryableArmCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  const lower = code.toLowerCase();
  return RETRYABLE_CODES.has(lower) || lower.startsWith('retryableerror') || TRANSIENT_TRANSPORT_CODES.has(code);
}

export function isRetryableStatus(status: number | undefined): boolean {
  return status !== undefined && RETRYABLE_STATUS.has(status);
}

export function isTransientTransportCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_TRANSPORT_CODES.has(code);
}

/** Retryable when the status or the code says so; a transport failure without a status is retryable. */
export function isRetryableFailure(statusCode: number | undefined, code: string | undefined): boolean {
  return isRetryableStatus(statusCode) || isRetryableArmCode(code);
}

interface HeaderSource {
  get(name: string): string | undefined;
}

/** `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds) or `Retry-After` (seconds or an HTTP date). */
export function parseRetryAfterMs(headers: HeaderSource | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value !== undefined && value.trim() !== '' && Number.isFinite(Number(value))) return Math.max(0, Number(value));
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter === undefined || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The parts of core-rest-pipeline's RestError the mapping reads (duck-typed: no import of a transitive package). */
export interface RestErrorLike {
  readonly name: 'RestError';
  readonly message: string;
  readonly code?: string;
  readonly statusCode?: number;
  readonly response?: { readonly status?: number; readonly headers: HeaderSource; readonly bodyAsText?: string | null };
}

export function isRestErrorLike(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

const LRO_FAILURE = /^The long-running operation has failed(?:\. ([^.\s]+)\. ([\s\S]*))?$/;
const LRO_CANCELED = /operation was canceled|operation has been canceled|operation was cancelled/i;

export interface ArmErrorContext {
  /** What was being done, e.g. `PUT` or `GET`. */
  readonly action: string;
  /** The resource (becomes the error's `target`). */
  readonly resourceId?: string;
  /** Secret values in play (a key just read): removed from the message verbatim, whatever the field name. */
  readonly secrets?: readonly string[];
}

function describe(context: ArmErrorContext, detail: string): string {
  return context.resourceId === undefined
    ? `${context.action}: ${detail}`
    : `${context.action} ${context.resourceId}: ${detail}`;
}

/** An `ArmOperationError` (or the `AppError` it already was); other errors (bugs) are returned unchanged. */
export function toArmError(error: unknown, context: ArmErrorContext): Error {
  if (error instanceof AppError) return error;
  const scrub = (text: string) => scrubSecrets(text, context.secrets);
  const target = context.resourceId === undefined ? {} : { target: context.resourceId };

  if (isRestErrorLike(error)) {
    const statusCode = error.statusCode;
    const code = error.code ?? (statusCode === undefined ? ArmAdapterErrorCodes.requestSendError : `Http${statusCode}`);
    const retryAfterMs = parseRetryAfterMs(error.response?.headers);
    const status = statusCode === undefined ? 'no response' : `HTTP ${statusCode}`;
    return new ArmOperationError(code, describe(context, `${code} (${status}): ${scrub(error.message)}`), {
      retryable: isRetryableFailure(statusCode, code) || statusCode === undefined,
      ...(statusCode === undefined ? {} : { statusCode }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...target,
    });
  }

  if (error instanceof Error) {
    const lro = LRO_FAILURE.exec(error.message);
    if (lro !== null) {
      const code = lro[1] ?? ArmAdapterErrorCodes.operationFailed;
      const detail = lro[2] ?? 'the operation reported Failed without an error';
      return new ArmOperationError(
        code,
        describe(context, `${code} (long-running operation failed): ${scrub(detail)}`),
        {
          retryable: isRetryableArmCode(code),
          ...target,
        },
      );
    }
    if (LRO_CANCELED.test(error.message)) {
      return new ArmOperationError(
        ArmAdapterErrorCodes.operationCanceled,
        describe(context, 'the long-running operation was canceled'),
        { retryable: true, ...target },
      );
    }
    const systemCode = (error as { code?: unknown }).code;
    if (typeof systemCode === 'string' && isTransientTransportCode(systemCode)) {
      return new ArmOperationError(systemCode, describe(context, `${systemCode}: ${scrub(error.message)}`), {
        retryable: true,
        ...target,
      });
    }
  }
  return error instanceof Error ? error : new Error(scrub(String(error)));
}

/** `toArmError` for `catch` blocks that rethrow. */
export function rethrowAsArmError(error: unknown, context: ArmErrorContext): never {
  throw toArmError(error, context);
}
