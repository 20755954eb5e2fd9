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
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appComposition } from '../shared/composition';
import { signalRequest } from '../shared/services/requestEvents';
import { isPossibleRequestId, readJsonBody, requestNotFoundProblem, validationProblem } from './http/problemDetails';
import { instanceOf } from './http/problemOnError';
import { registerRequestEndpoint, RequestFunctions } from './http/requestRoutes';
import { workflowClientFor } from '../shared/adapters/durable/workflowClient';
import { invocationLogger } from '../shared/logging';

export async function requestEventsHandler(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const requestId = request.params.id ?? '';
  const name = request.params.name ?? '';
  const instance = instanceOf(request);
  if (!isPossibleRequestId(requestId)) return requestNotFoundProblem(requestId, instance);
  const body = await readJsonBody(request, { optional: true });
  if (!body.ok) return body.response;
  // Who sent it, as App Service authentication (Easy Auth) vouches; recorded with an Approval or Rejection.
  const sentBy = request.headers.get('x-ms-client-principal-name') ?? undefined;
  const outcome = await signalRequest(
    requestId,
    name,
    body.body,
    { requests: appComposition().tables.requests, workflows: workflowClientFor(context) },
    sentBy === undefined ? {} : { sentBy },
  );
  switch (outcome.kind) {
    case 'invalid':
      return validationProblem(outcome.issues, { title: 'The event cannot be raised', instance });
    case 'unknown-request':
      return requestNotFoundProblem(requestId, instance);
    case 'signalled': {
      const signalled = outcome.targets.filter((target) => target.signalled).map((target) => target.instanceId);
      invocationLogger(context, { requestId }).info(
        `Raised ${outcome.event} on ${signalled.join(', ') || 'no waiting instance'}`,
        { event: outcome.event, signalled },
      );
      const effect = outcome.effect === undefined ? {} : { effect: outcome.effect };
      return { status: 202, jsonBody: { id: requestId, event: outcome.event, ...effect, targets: outcome.targets } };
    }
  }
}

registerRequestEndpoint(RequestFunctions.events, 'POST', requestEventsHandler);
