/**
 * The one retry policy of every ARM client (it replaces core-rest-pipeline's `defaultRetryPolicy` in the pipeline's
 * Retry phase, so each attempt is signed again with a fresh token). It tells the two failure classes of a request
 * apart (for its reports), and both draw on the one budget of retryBudget.ts:
 * - transport: no answer (ECONNRESET, socket hang-up, timeouts) and 408/500/502/503/504, at most `maxRetries`
 *   re-sends, with exponential backoff and jitter, or after Retry-After when the answer has one;
 * - ARM business: throttling (429, with or without Retry-After) and NRP's "resource busy" codes whatever their status
 *   (409/400 `AnotherOperationInProgress`, 429 `RetryableErrorDueToAnotherOperation`, `RetryableError*`), at most
 *   `maxBusinessRetries` re-sends, honouring Retry-After;
 * - a Retry-After longer than `maxRetryAfterMs` is not waited out in-process: the response goes up and becomes an
 *   `ArmOperationError` with `retryAfterMs`, for an orchestration's durable timer.
 * Every write the adapter sends is an idempotent PUT or DELETE of a full object, so re-sending one is safe.
 */
import type { NetworkManagementClient } from '@azure/arm-network';
import { isRetryableArmCode, isRestErrorLike, isTransientTransportCode, parseRetryAfterMs } from './armErrors';
import { DEFAULT_TRANSPORT_RETRIES, businessRetriesWithin } from './retryBudget';
import { sleep as defaultSleep } from './sleep';
import type { Sleep } from './sleep';

type Pipeline = NetworkManagementClient['pipeline'];
export type PipelinePolicy = Parameters<Pipeline['addPolicy']>[0];
type SendRequest = Parameters<PipelinePolicy['sendRequest']>[1];
type PipelineRequest = Parameters<SendRequest>[0];
type PipelineResponse = Awaited<ReturnType<SendRequest>>;

export const ARM_RETRY_POLICY_NAME = 'armRetryPolicy';

/** Statuses of a transport fault: the request may not have been handled, and re-sending it can succeed. */
const TRANSPORT_RETRY_STATUS = new Set([408, 500, 502, 503, 504]);

export interface ArmRetryOptions {
  /** Transport retries per HTTP request after the first attempt (see retryBudget.ts). */
  readonly maxRetries: number;
  /** Business retries (throttled, busy) per HTTP request (default: what fits the budget of retryBudget.ts). */
  readonly maxBusinessRetries?: number;
  /** First backoff step; doubles per attempt (with jitter: between half and all of the step). */
  readonly baseDelayMs: number;
  /** Ceiling of one backoff step. */
  readonly maxDelayMs: number;
  /** Longest Retry-After waited out in-process (default: the larger of maxDelayMs and 60 s). */
  readonly maxRetryAfterMs?: number;
}

export const DEFAULT_ARM_RETRY_OPTIONS: ArmRetryOptions = {
  maxRetries: DEFAULT_TRANSPORT_RETRIES,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

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

/** The two failure classes of one request, each with its own share of the budget (retryBudget.ts). */
export type FailureClass = 'transport' | 'business';

/** Re-sends of one request so far, by class. */
export interface RetriesSoFar {
  readonly transport: number;
  readonly business: number;
}

export const NO_RETRIES_YET: RetriesSoFar = { transport: 0, business: 0 };

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string; readonly failure: FailureClass };

function failureClassOf(outcome: AttemptOutcome): FailureClass | { readonly final: string } {
  if (outcome.status === undefined) {
    return isTransientTransportCode(outcome.errorCode)
      ? 'transport'
      : { final: `not a transient transport failure (${outcome.errorCode ?? 'unknown'})` };
  }
  if (outcome.status < 400) return { final: 'success' };
  const code = cloudErrorCode(outcome.bodyText);
  if (outcome.status === 429 || (isRetryableArmCode(code) && !TRANSPORT_RETRY_STATUS.has(outcome.status))) {
    return 'business';
  }
  if (TRANSPORT_RETRY_STATUS.has(outcome.status)) return 'transport';
  return { final: `${outcome.status} ${code ?? ''} is not transient`.trim() };
}

/** Pure: whether (and how long after) to send the request again, given its last outcome and its retries so far. */
export function decideRetry(
  outcome: AttemptOutcome,
  retries: RetriesSoFar,
  options: ArmRetryOptions,
  random: () => number = Math.random,
  now: number = Date.now(),
): RetryDecision {
  const failure = failureClassOf(outcome);
  if (typeof failure === 'object') return { retry: false, reason: failure.final };
  // One pool: the two classes' shares add up to the call's budget, and either may draw on all of it (a run of
  // transport faults is no likelier to end than a run of throttles).
  const allowed = options.maxRetries + (options.maxBusinessRetries ?? businessRetriesWithin(options.maxRetries));
  const done = retries.transport + retries.business;
  if (done >= allowed) {
    return { retry: false, reason: `gave up after ${done + 1} attempts (${allowed} retries allowed)` };
  }
  const code = cloudErrorCode(outcome.bodyText);
  const reason =
    outcome.status === undefined
      ? (outcome.errorCode ?? 'transport')
      : `${outcome.status}${code === undefined ? '' : ` ${code}`}`;
  const retryAfterMs = parseRetryAfterMs(outcome.headers, now);
  if (retryAfterMs === undefined) {
    return { retry: true, delayMs: backoffDelayMs(done, options, random), reason, failure };
  }
  const ceiling = options.maxRetryAfterMs ?? Math.max(options.maxDelayMs, 60_000);
  if (retryAfterMs > ceiling) {
    return { retry: false, reason: `Retry-After ${retryAfterMs} ms exceeds ${ceiling} ms: left to the caller` };
  }
  // Retry-After is a minimum; a little jitter keeps parallel callers from coming back in the same millisecond.
  const jitter = Math.round(random() * Math.min(options.baseDelayMs, Math.max(retryAfterMs / 10, 1)));
  return { retry: true, delayMs: retryAfterMs + jitter, reason: `${reason} (Retry-After)`, failure };
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
      let retries = NO_RETRIES_YET;
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
          retries,
          options,
          random,
        );
        if (!decision.retry || request.abortSignal?.aborted === true) {
          if (response !== undefined) return response;
          throw failure;
        }
        retries = { ...retries, [decision.failure]: retries[decision.failure] + 1 };
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
