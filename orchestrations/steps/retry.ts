import * as df from 'durable-functions';

/**
 * Bounded retries for activities that throw only what is worth retrying (throttling, conflicts, resets, 5xx):
 * 6 attempts, 30 s growing ×2 up to 10 min (about 15 minutes in all). No retry timeout: a retry timeout is not
 * catchable in durable-functions (user-needs #16), so attempts alone bound the work.
 */
export function transientRetry(): df.RetryOptions {
  const options = new df.RetryOptions(30_000, 6);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 10 * 60_000;
  return options;
}
