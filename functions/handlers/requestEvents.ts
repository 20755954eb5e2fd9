/**
 * The handler of `POST /api/requests/{id}/events/{name}` (requestEvents.http.ts), required at its first call
 * (support/lazyHandler.ts): its services and schemas are not part of a cold start. The route, bindings and behaviour
 * are described in the registration file.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import { signalRequest } from '../../shared/services/requestEvents';
import { isPossibleRequestId, readJsonBody, requestNotFoundProblem, validationProblem } from '../http/problemDetails';
import { instanceOf } from '../http/problemOnError';
import { workflowClientFor } from '../../shared/adapters/durable/workflowClient';
import { invocationLogger } from '../../shared/logging';

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
