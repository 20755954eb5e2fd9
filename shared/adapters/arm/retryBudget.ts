/**
 * The retry budget of one ARM call, stated once: how many HTTP attempts one request the adapter makes (a GET, a PUT,
 * a DELETE, an LRO poll) can cost at most, and who retries what.
 *
 * Each failure class has one owner:
 *  - transport: no answer at all (ECONNRESET, timeouts…) or a 408, 500, 502, 503, 504. The same request is sent
 *    again, at most `transportRetries` times.
 *  - ARM business: an answer that says "not now" — throttling (429 `SubscriptionRequestsThrottled`…) or a busy
 *    resource (`AnotherOperationInProgress`, `RetryableErrorDueToAnotherOperation`…). The same request is sent again
 *    after Retry-After (or a backoff), at most `businessRetries` times.
 *  - Durable Functions retries an activity only when it crashed, not for these.
 * Both are decided by the adapter's own policy (`armRetryPolicy`), which replaces the SDK's default retry policy in
 * the pipeline's Retry phase so that every attempt is signed again; nothing else in the pipeline retries.
 *
 * So one ARM call costs at most 1 + transportRetries + businessRetries HTTP attempts, which must stay within
 * ARM_CALL_MAX_ATTEMPTS. Defaults: 1 + 3 + 6 = 10. The two shares form one pool: either class may use all of it, so
 * a call gives up after 9 re-sends whatever mix of faults and throttles it met.
 *
 * Above the calls, `withOperationRetries` starts a whole idempotent operation (GET → compare → PUT → read back) again
 * only when the operation failed although its calls were answered: a long-running operation that ended Failed with a
 * retryable code, a read-back that never showed the write, a resource that did not settle. Those are new calls, each
 * with its own budget; a call whose own retries ran out is not made again there.
 */

/** The most HTTP attempts one ARM call may cost, whatever fails. */
export const ARM_CALL_MAX_ATTEMPTS = 10;

/** Transport retries per request (`ERCSP_ARM_MAX_RETRIES`'s default). */
export const DEFAULT_TRANSPORT_RETRIES = 3;

export interface RetryBudget {
  /** Re-sends of one request after a transport failure. */
  readonly transportRetries: number;
  /** Re-sends of one request after a throttled or busy answer. */
  readonly businessRetries: number;
}

/** Most business retries that fit the budget with `transportRetries`. */
export function businessRetriesWithin(transportRetries: number): number {
  return Math.max(0, ARM_CALL_MAX_ATTEMPTS - 1 - transportRetries);
}

/** HTTP attempts one ARM call can cost under `budget`. */
export function attemptsPerArmCall(budget: RetryBudget): number {
  return 1 + budget.transportRetries + budget.businessRetries;
}

/**
 * The budget from settings: business retries default to what fits. Throws a RangeError naming the settings when they
 * would let one ARM call cost more than ARM_CALL_MAX_ATTEMPTS.
 */
export function resolveRetryBudget(transportRetries: number, businessRetries?: number): RetryBudget {
  if (!Number.isInteger(transportRetries) || transportRetries < 0 || transportRetries >= ARM_CALL_MAX_ATTEMPTS) {
    throw new RangeError(
      `ARM transport retries (ERCSP_ARM_MAX_RETRIES) must be an integer from 0 to ${ARM_CALL_MAX_ATTEMPTS - 1}, got ${String(transportRetries)}`,
    );
  }
  const budget: RetryBudget = {
    transportRetries,
    businessRetries: businessRetries ?? businessRetriesWithin(transportRetries),
  };
  if (!Number.isInteger(budget.businessRetries) || budget.businessRetries < 0) {
    throw new RangeError(`ARM business retries must be a non-negative integer, got ${String(budget.businessRetries)}`);
  }
  if (attemptsPerArmCall(budget) > ARM_CALL_MAX_ATTEMPTS) {
    throw new RangeError(
      `ARM retry budget exceeded: 1 + ${transportRetries} transport retries + ${budget.businessRetries} business retries = ${attemptsPerArmCall(budget)} HTTP attempts per call, more than ${ARM_CALL_MAX_ATTEMPTS}`,
    );
  }
  return budget;
}
