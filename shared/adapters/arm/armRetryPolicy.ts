/**
 * The one retry policy of every ARM client (it replaces core-rest-pipeline's `defaultRetryPolicy` in the pipeline's
 * Retry phase, so each attempt is signed again with a fresh token). What it adds to the SDK's default:
 * - a 429 WITHOUT Retry-After is retried too (exponential backoff + jitter; the SDK returns it at once);
 * - NRP's "resource busy" answers are retried whatever their status (409/400 `AnotherOperationInProgress`, 429
 *   `RetryableErrorDueToAnotherOperation`, `RetryableError*`), honouring Retry-After;
 * - transport failures (ECONNRESET, socket hang-up, timeouts) are retried with backoff;
 * - a Retry-After longer than `maxRetryAfterMs` is not waited out in-process: the response goes up and becomes an
 *   `ArmOperationError` with `retryAfterMs`, for an orchestration's durable timer.
 * Every write the adapter sends is an idempotent PUT or DELETE of a full object, so re-sending one is safe.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import {
  isRetryableArmCode,
  isRetryableStatus,
  isRestErrorLike,
  isTransientTransportCode,
  parseRetryAfterMs,
} from './armErrors';
import { sleep as defaultSleep } from './sleep';
import type { Sleep } from './sleep';

type Pipeline = NetworkManagementClient['pipeline'];
export type PipelinePolicy = Parameters<Pipeline['addPolicy']>[0];
type SendRequest = Parameters<PipelinePolicy['sendRequest']>[1];
type PipelineRequest = Parameters<SendRequest>[0];
type PipelineResponse = Awaited<ReturnType<SendRequest>>;

export const ARM_RETRY_POLICY_NAME = 'armRetryPolicy';

export interface ArmRetryOptions {
  /** Retries per HTTP request after the first attempt (0 disables retrying). */
  readonly maxRetries: number;
  /** First backoff step; doubles per attempt (with jitter: between half and all of the step). */
  readonly baseDelayMs: number;
  /** Ceiling of one backoff step. */
  readonly maxDelayMs: number;
  /** Longest Retry-After waited out in-process (default: the larger of maxDelayMs and 60 s). */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_ARM_RETRY_OPTIONS: ArmRetryOptions = { maxRetries: 6, baseDelayMs: 1000, maxDelayMs: 30_000 };

interface HeaderSource {
  get(name: string): string | undefined;
}

/** One attempt's result, as the decision needs it. */
export interface AttemptOutcome {
  readonly status?: number;
  readonly headers?: HeaderSource;
  readonly bodyText?: string | null;
  /** Transport error code when there was no response (ECONNRESET, ...). */
  readonly errorCode?: string;
}

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string };

/** `error.code` of a CloudError body, when the body is one. */
export function cloudErrorCode(bodyText: string | null | undefined): string | undefined {
  if (bodyText === undefined || bodyText === null || bodyText === '') return undefined;
  try {
    const body = JSON.parse(bodyText) as { error?: { code?: unknown } } | null;
    const code = body?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Exponential step for retry number `attempt` (0-based), with jitter: between half and all of the step. */
export function backoffDelayMs(attempt: number, options: ArmRetryOptions, random: () => number): number {
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

/** Pure: whether (and how long after) to send attempt `attempt + 1`, given attempt `attempt`'s outcome. */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  options: ArmRetryOptions,
  random: () => number = Math.random,
  now: number = Date.now(),
): RetryDecision {
  if (attempt >= options.maxRetries) return { retry: false, reason: `gave up after ${attempt + 1} attempts` };

  if (outcome.status === undefined) {
    return isTransientTransportCode(outcome.errorCode)
      ? { retry: true, delayMs: backoffDelayMs(attempt, options, random), reason: outcome.errorCode ?? 'transport' }
      : { retry: false, reason: `not a transient transport failure (${outcome.errorCode ?? 'unknown'})` };
  }
  if (outcome.status < 400) return { retry: false, reason: 'success' };

  const code = cloudErrorCode(outcome.bodyText);
  if (!isRetryableStatus(outcome.status) && !isRetryableArmCode(code)) {
    return { retry: false, reason: `${outcome.status} ${code ?? ''} is not transient`.trim() };
  }
  const reason = `${outcome.status}${code === undefined ? '' : ` ${code}`}`;
  const retryAfterMs = parseRetryAfterMs(outcome.headers, now);
  if (retryAfterMs === undefined) {
    return { retry: true, delayMs: backoffDelayMs(attempt, options, random), reason };
  }
  const ceiling = options.maxRetryAfterMs ?? Math.max(options.maxDelayMs, 60_000);
  if (retryAfterMs > ceiling) {
    return { retry: false, reason: `Retry-After ${retryAfterMs} ms exceeds ${ceiling} ms: left to the caller` };
  }
  // Retry-After is a minimum; a little jitter keeps parallel callers from coming back in the same millisecond.
  const jitter = Math.round(random() * Math.min(options.baseDelayMs, Math.max(retryAfterMs / 10, 1)));
  return { retry: true, delayMs: retryAfterMs + jitter, reason: `${reason} (Retry-After)` };
}

export interface RetryEvent {
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
  readonly method: string;
  readonly url: string;
}

export interface ArmRetryPolicyHooks {
  /** Called before each wait (observability and tests). */
  readonly onRetry?: (event: RetryEvent) => void;
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

export function armRetryPolicy(options: ArmRetryOptions, hooks: ArmRetryPolicyHooks = {}): PipelinePolicy {
  const wait = hooks.sleep ?? defaultSleep;
  const random = hooks.random ?? Math.random;
  return {
    name: ARM_RETRY_POLICY_NAME,
    async sendRequest(request: PipelineRequest, next: SendRequest): Promise<PipelineResponse> {
      for (let attempt = 0; ; attempt += 1) {
        let response: PipelineResponse | undefined;
        let failure: unknown;
        try {
          response = await next(request);
        } catch (error) {
          if (!isRestErrorLike(error)) throw error;
          failure = error;
        }
        const failed = isRestErrorLike(failure) ? failure : undefined;
        const answered = response ?? failed?.response;
        const decision = decideRetry(
          answered?.status === undefined
            ? { errorCode: failed?.code }
            : { status: answered.status, headers: answered.headers, bodyText: answered.bodyAsText },
          attempt,
          options,
          random,
        );
        if (!decision.retry || request.abortSignal?.aborted === true) {
          if (response !== undefined) return response;
          throw failure;
        }
        hooks.onRetry?.({
          attempt,
          delayMs: decision.delayMs,
          reason: decision.reason,
          method: request.method,
          url: request.url,
        });
        await wait(decision.delayMs, request.abortSignal);
      }
    },
  };
}
