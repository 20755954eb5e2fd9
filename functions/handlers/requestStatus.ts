/**
 * The handler of `GET /api/requests/{id}` (requestStatus.http.ts), required at its first call (support/lazyHandler.ts):
 * its services and schemas are not part of a cold start. The route, bindings and behaviour are described in the
 * registration file.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import { readRequestStatus } from '../../shared/services/requestStatus';
import { isPossibleRequestId, requestNotFoundProblem } from '../http/problemDetails';
import { instanceOf } from '../http/problemOnError';
import { workflowClientFor } from '../../shared/adapters/durable/workflowClient';

export async function requestStatusHandler(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const requestId = request.params.id ?? '';
  if (!isPossibleRequestId(requestId)) return requestNotFoundProblem(requestId, instanceOf(request));
  const { tables } = appComposition();
  const view = await readRequestStatus(requestId, {
    requests: tables.requests,
    checkpoints: tables.checkpoints,
    workflows: workflowClientFor(context),
  });
  if (view === undefined) return requestNotFoundProblem(requestId, instanceOf(request));
  return { status: 200, jsonBody: view };
}
