/**
 * The handler of `POST /api/requests` (requests.http.ts), required at its first call (support/lazyHandler.ts): its
 * services and schemas are not part of a cold start. The route, bindings and behaviour are described in the
 * registration file.
 */
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { describeIssues } from '../../shared/errors';
import { submitRequest, type IntakeOutcome, type RejectionCode } from '../../shared/services/requestIntake';
import { instanceOf } from '../http/problemOnError';
import { problemResponse, readJsonBody } from '../http/problemDetails';
import { requestLinks } from '../http/requestRoutes';
import { intakeDependencies } from '../support/intakeDependencies';
import { invocationLogger, logIntakeOutcome } from '../../shared/logging';

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
