/**
 * The handler of `POST /api/plan` (plan.http.ts), required at its first call (support/lazyHandler.ts): its services and
 * schemas are not part of a cold start. The route, bindings and behaviour are described in the registration file.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import { parseRequestEvent } from '../../shared/messages';
import { customerResourcePorts } from '../../shared/services/customerTopology';
import { whatIf, type WhatIfPorts, type WhatIfRejection } from '../../shared/services/whatIf';
import { problemResponse, readJsonBody, validationProblem } from '../http/problemDetails';
import { instanceOf } from '../http/problemOnError';

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
