/**
 * `POST /api/requests/{id}/events/{name}`: raise `ProviderProvisioned`, `ProviderDeprovisioned`, `Approval` or
 * `Rejection` on a request (shared/services/requestEvents.ts). `ProviderProvisioned` and `ProviderDeprovisioned` go
 * to the provider waits of both legs, or of `body.leg` only; the others to the request's own workflow. An Approval
 * names `approvedBy` and the `planDigest` it approves (a Rejection `rejectedBy`); the authenticated caller
 * (`x-ms-client-principal-name`) is recorded with it as `sentBy`. 202 `{ id, event, targets: [{ instanceId, leg?,
 * signalled, runtimeStatus, notWaiting? }], effect? }`: an instance that is not waiting is reported there, not as an
 * error; for `ProviderProvisioned`, `effect` says the waits check Azure now and keep waiting if it is not provisioned.
 * 400 problem for an unknown event name or a bad body, 404 problem for an unknown request, 415 for a body that is
 * not JSON.
 */
import type * as RequestEventsHandler from './handlers/requestEvents';
import { registerRequestEndpoint, RequestFunctions } from './http/requestRoutes';
import { lazyHandler } from './support/lazyHandler';

function handlers(): typeof RequestEventsHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/requestEvents') as typeof RequestEventsHandler;
}

registerRequestEndpoint(
  RequestFunctions.events,
  'POST',
  lazyHandler(() => handlers().requestEventsHandler),
);
