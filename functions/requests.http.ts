/**
 * `POST /api/requests`: submit a request CloudEvent over HTTP, the same contract and intake as the Service Bus
 * queues (shared/services/requestIntake.ts).
 *
 * 202 `{ id, instanceId, statusQueryGetUri, eventsUri }` with `Location` for a new request; 200 with the same body
 * for a request already received (a retry never starts a second run); problem+json with `errors[].path` otherwise:
 * 400 invalid, not supported yet or nested too deep, 403 reaches for another customer's subscription or tenant,
 * 404 unknown customer, 409 the id was already used for a different body, 413 body too large, 415 not JSON.
 */
import type * as SubmitRequestHandler from './handlers/requests';
import { registerRequestEndpoint, RequestFunctions } from './http/requestRoutes';
import { lazyHandler } from './support/lazyHandler';

function handlers(): typeof SubmitRequestHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/requests') as typeof SubmitRequestHandler;
}

registerRequestEndpoint(
  RequestFunctions.submit,
  'POST',
  lazyHandler(() => handlers().submitRequestHandler),
);
