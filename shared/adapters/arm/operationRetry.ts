/**
 * The outer retry around one whole adapter operation (GET → compare → PUT → read back). Calls retry themselves
 * (transport in the pipeline, business in armCalls.ts; see retryBudget.ts); this catches only what shows at the
 * operation level although every call was answered — an LRO that ended Failed with a retryable code
 * (`AnotherOperationInProgress` raised asynchronously), a read-after-write that did not match, a resource that did not
 * settle — and starts the operation again from its GET, which is safe because every step is idempotent. An error
 * that carries an HTTP status or a transport code is a call whose own retries ran out: it is not retried here.
 */
import { ArmOperationError } from '../../errors';
import { toArmError } from './armErrors';
import { ArmAdapterErrorCodes } from './armErrorCodes';
import { isTransientTransportCode } from './armErrors';
import { backoffDelayMs } from './armRetryPolicy';
import type { ArmRetryOptions } from './armRetryPolicy';
import type { Sleep } from './sleep';

export interface OperationRetryOptions {
  /** Attempts of the whole operation (1 = no outer retry). */
  readonly attempts: number;
  readonly backoff: ArmRetryOptions;
  readonly sleep: Sleep;
  readonly random?: () => number;
}

export async function withOperationRetries<T>(
  options: OperationRetryOptions,
  context: { readonly action: string; readonly resourceId?: string },
  operation: () => Promise<T>,
): Promise<T> {
  const ceiling = options.backoff.maxRetryAfterMs ?? Math.max(options.backoff.maxDelayMs, 60_000);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (caught) {
      const error = toArmError(caught, context);
      const retryable =
        error instanceof ArmOperationError &&
        error.retryable &&
        error.statusCode === undefined &&
        !isTransientTransportCode(error.code) &&
        error.code !== ArmAdapterErrorCodes.requestSendError;
      if (!retryable || attempt >= options.attempts) throw error;
      const delay = error.retryAfterMs ?? backoffDelayMs(attempt - 1, options.backoff, options.random ?? Math.random);
      if (delay > ceiling) throw error;
      await options.sleep(delay);
    }
  }
}
