/**
 * `GET /api/requests/{id}`: one request as an operator sees it (shared/services/requestStatus.ts): `{ id, type,
 * customerId, status, runtimeStatus, phase, output | error, checkpoints }`. 404 problem when neither the ledger nor
 * the workflow engine knows the id.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { appComposition } from '../shared/composition';
import { readRequestStatus } from '../shared/services/requestStatus';
import { isPossibleRequestId, requestNotFoundProblem } from './http/problemDetails';
import { instanceOf } from './http/problemOnError';
import { registerRequestEndpoint, RequestFunctions } from './http/requestRoutes';
import { workflowClientFor } from '../shared/adapters/durable/workflowClient';

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

registerRequestEndpoint(RequestFunctions.status, 'GET', requestStatusHandler);
