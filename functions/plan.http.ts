/**
 * `POST /api/plan`: what-if for a request CloudEvent (the same contract as `POST /api/requests`). It validates the
 * request, reads what Azure holds (GETs only: nothing is created, changed or deleted) and answers what the request
 * would change and which plan would run. Logic: shared/services/whatIf.ts.
 *
 * 200 `{ customerId, requestType, summary, changes, plan, notes }`; 400 problem+json with `errors[].path` for a body
 * that breaks the contract; 403 when it reaches for another customer's subscription or tenant; 415 for a body that
 * is not JSON; 422 when the request is valid but there is not enough to plan from (an unregistered customer, a
 * change that needs a new pair).
 */
import { app } from '@azure/functions';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appComposition } from '../shared/composition';
import { parseRequestEvent } from '../shared/messages';
import { customerResourcePorts } from '../shared/services/customerTopology';
import { whatIf, type WhatIfPorts, type WhatIfRejection } from '../shared/services/whatIf';
import { problemResponse, readJsonBody, validationProblem } from './http/problemDetails';
import { instanceOf, withProblemOnError } from './http/problemOnError';

export const PLAN_FUNCTION = { name: 'plan', route: 'plan' } as const;

const STATUS_BY_REASON: Readonly<Record<WhatIfRejection['reason'], { status: number; title: string }>> = {
  invalid: { status: 400, title: 'The request is not valid' },
  forbidden: { status: 403, title: "The request reaches for another customer's resources" },
  unprocessable: { status: 422, title: 'The request cannot be planned' },
};

function whatIfPorts(): WhatIfPorts {
  const { activities, config } = appComposition();
  return { ...customerResourcePorts({ ...activities, csp: config.csp }), customers: activities.customers };
}

export async function planHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const instance = instanceOf(request);
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const ports = whatIfPorts();
  const parsed = parseRequestEvent(body.body, { cspSubscriptionIds: ports.csp.subscriptionIds });
  if (!parsed.ok) return validationProblem(parsed.issues, { instance });
  const outcome = await whatIf(parsed.event, ports);
  if (outcome.ok) return { status: 200, jsonBody: outcome.result };
  const { reason, code, detail, issues } = outcome.rejection;
  return problemResponse({ ...STATUS_BY_REASON[reason], detail, code, errors: issues, instance });
}

app.http(PLAN_FUNCTION.name, {
  methods: ['POST'],
  authLevel: 'function',
  route: PLAN_FUNCTION.route,
  handler: withProblemOnError('plan', planHandler),
});
