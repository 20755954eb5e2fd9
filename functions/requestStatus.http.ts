/**
 * `GET /api/requests/{id}`: one request as an operator sees it (shared/services/requestStatus.ts): `{ id, type,
 * customerId, status, runtimeStatus, phase, output | error, checkpoints }`. 404 problem when neither the ledger nor
 * the workflow engine knows the id.
 */
import type * as RequestStatusHandler from './handlers/requestStatus';
import { registerRequestEndpoint, RequestFunctions } from './http/requestRoutes';
import { lazyHandler } from './support/lazyHandler';

function handlers(): typeof RequestStatusHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/requestStatus') as typeof RequestStatusHandler;
}

registerRequestEndpoint(
  RequestFunctions.status,
  'GET',
  lazyHandler(() => handlers().requestStatusHandler),
);
