import * as df from 'durable-functions';

/**
 * Durable retries are for activities that crashed (a worker lost, a storage call that failed, a bug): 3 attempts,
 * 30 s then 60 s apart. Azure's answers are not retried here: transport retries belong to the SDK pipeline and ARM's
 * business retries (throttling, conflicts) to the ARM adapter, whose budget is stated in one place
 * (shared/adapters/arm); an activity returns what the adapter gave up on as a value. No retry timeout: a retry
 * timeout is not catchable in durable-functions (user-needs #16), so attempts alone bound the work.
 */
export const CRASH_RETRY_ATTEMPTS = 3;

export function crashRetry(): df.RetryOptions {
  const options = new df.RetryOptions(30_000, CRASH_RETRY_ATTEMPTS);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 10 * 60_000;
  return options;
}
