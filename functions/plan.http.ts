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
import type * as PlanHandler from './handlers/plan';
import { withProblemOnError } from './http/problemOnError';
import { lazyHandler } from './support/lazyHandler';

export const PLAN_FUNCTION = { name: 'plan', route: 'plan' } as const;

function handlers(): typeof PlanHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/plan') as typeof PlanHandler;
}

app.http(PLAN_FUNCTION.name, {
  methods: ['POST'],
  authLevel: 'function',
  route: PLAN_FUNCTION.route,
  handler: withProblemOnError(
    'plan',
    lazyHandler(() => handlers().planHandler),
  ),
});
