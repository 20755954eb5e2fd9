/**
 * `POST /api/requests`: submit a request CloudEvent over HTTP, the same contract and intake as the Service Bus
 * queues (shared/services/requestIntake.ts).
 *
 * 202 `{ id, instanceId, statusQueryGetUri, eventsUri }` with `Location` for a new request; 200 with the same body
 * for a request already received (a retry never starts a second run); problem+json with `errors[].path` otherwise:
 * 400 invalid, not supported yet or nested too deep, 403 reaches for another customer's subscription or tenant,
 * 404 unknown customer, 409 the id was already used for a different body, 413 body too large, 415 not JSON.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { describeIssues } from '../shared/errors';
import { submitRequest, type IntakeOutcome, type RejectionCode } from '../shared/services/requestIntake';
import { instanceOf } from './http/problemOnError';
import { problemResponse, readJsonBody } from './http/problemDetails';
import { registerRequestEndpoint, requestLinks, RequestFunctions } from './http/requestRoutes';
import { intakeDependencies } from './support/intakeDependencies';
import { invocationLogger, logIntakeOutcome } from '../shared/logging';

const REJECTION_STATUS: Readonly<Record<RejectionCode, { readonly status: number; readonly title: string }>> = {
  ValidationFailed: { status: 400, title: 'The request is not valid' },
  UnsupportedRequestType: { status: 400, title: 'The request type is not supported yet' },
  ScopeViolation: { status: 403, title: "The request reaches for another customer's subscriptions or tenant" },
  UnknownCustomer: { status: 404, title: 'The customer is not managed by this automation' },
  RequestIdConflict: { status: 409, title: 'A different request was already received under this id' },
};

function intakeResponse(request: HttpRequest, outcome: IntakeOutcome): HttpResponseInit {
  if (outcome.kind === 'rejected') {
    return problemResponse({
      ...REJECTION_STATUS[outcome.code],
      detail: describeIssues(outcome.issues),
      code: outcome.code,
      errors: outcome.issues,
      instance: instanceOf(request),
    });
  }
  const links = requestLinks(request, outcome.requestId);
  return {
    status: outcome.kind === 'accepted' ? 202 : 200,
    headers: { Location: links.statusQueryGetUri },
    jsonBody: { id: outcome.requestId, instanceId: outcome.instanceId, ...links },
  };
}

export async function submitRequestHandler(
  request: HttpRequest,
  context: InvocationContext,
): Promise<HttpResponseInit> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const outcome = await submitRequest(body.body, 'http', intakeDependencies(context));
  logIntakeOutcome(invocationLogger(context), 'HTTP', outcome);
  return intakeResponse(request, outcome);
}

registerRequestEndpoint(RequestFunctions.submit, 'POST', submitRequestHandler);
