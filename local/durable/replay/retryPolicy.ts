/**
 * `callActivityWithRetry` / `callSubOrchestratorWithRetry` are retried by the extension, not by the JS library: DTFx's
 * RetryInterceptor schedules the call, and after every failure (the last one included) waits on a durable timer of
 * `firstRetryInterval × backoffCoefficient^attempt` (capped by `maxRetryInterval`) unless the retry timeout has passed,
 * in which case it gives up at once without a timer. The JS RetryableTask mirrors that sequence of ids.
 */
import type { WireRetryOptions } from '../wire/orchestratorState';

export interface RetryPolicy {
  readonly firstRetryIntervalMs: number;
  readonly maxNumberOfAttempts: number;
  readonly backoffCoefficient: number;
  readonly maxRetryIntervalMs: number;
  readonly retryTimeoutMs: number;
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Unset fields take DTFx's defaults: coefficient 1, no interval cap, no timeout. */
export function retryPolicyFrom(options: WireRetryOptions): RetryPolicy {
  return {
    firstRetryIntervalMs: options.firstRetryIntervalInMilliseconds,
    maxNumberOfAttempts: options.maxNumberOfAttempts,
    backoffCoefficient: positiveOr(options.backoffCoefficient, 1),
    maxRetryIntervalMs: positiveOr(options.maxRetryIntervalInMilliseconds, Number.POSITIVE_INFINITY),
    retryTimeoutMs: positiveOr(options.retryTimeoutInMilliseconds, Number.POSITIVE_INFINITY),
  };
}

/** RetryInterceptor.ComputeNextDelay: the wait after failed attempt number `attempt` (0-based); 0 means give up. */
export function nextRetryDelayMs(policy: RetryPolicy, attempt: number, firstAttemptMs: number, nowMs: number): number {
  const expiresAt = firstAttemptMs + policy.retryTimeoutMs;
  if (!(nowMs < expiresAt)) return 0;
  const delay = policy.firstRetryIntervalMs * Math.pow(policy.backoffCoefficient, attempt);
  return delay < policy.maxRetryIntervalMs ? delay : policy.maxRetryIntervalMs;
}
