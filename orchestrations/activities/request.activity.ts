import type { InvocationContext } from '@azure/functions';
import { AppError } from '../../shared/errors';
import { RequestLedgerErrors } from '../../shared/ports/requests';
import type { RecordRequestOutcomeInput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { invocationLogger } from '../../shared/logging';

/**
 * Records how a request ended in the request ledger, which `GET /api/requests/{id}` and the Partner Center side read.
 * A request started without an entry point (an operator's direct start) has no ledger row: that is not an error.
 */
export function createRecordRequestOutcomeActivity(deps: ActivityDependencies) {
  return async (input: RecordRequestOutcomeInput, context: InvocationContext): Promise<void> => {
    try {
      await deps.requests.update(input.requestId, {
        status: input.status,
        ...(input.error === undefined ? {} : { error: { code: input.error.code, message: input.error.message } }),
      });
    } catch (error) {
      if (error instanceof AppError && error.code === RequestLedgerErrors.notFound) {
        invocationLogger(context).warn(`no ledger entry: outcome ${input.status} not recorded there`, {
          requestId: input.requestId,
        });
        return;
      }
      throw error;
    }
  };
}
