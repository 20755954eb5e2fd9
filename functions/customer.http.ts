/**
 * `GET /api/customers/{customerId}`: the registry entry, the customer's topology as Azure holds it (ARM ids and
 * states; no keys of any sort) and a Mermaid diagram of it. `?format=mermaid` answers the diagram alone, as
 * `text/plain`. Read-only. Logic: shared/services/customerView.ts (one Resource Graph query by the customer's tag,
 * so eventually consistent: a change may show a little late) and mermaid.ts.
 *
 * 200 `{ customer, resources, mermaid }`; 400 problem+json for a malformed id or format; 404 for an unknown customer.
 */
import { app } from '@azure/functions';
import type * as CustomerHandler from './handlers/customer';
import { withProblemOnError } from './http/problemOnError';
import { lazyHandler } from './support/lazyHandler';

export const CUSTOMER_FUNCTION = { name: 'customer', route: 'customers/{customerId}' } as const;

function handlers(): typeof CustomerHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/customer') as typeof CustomerHandler;
}

app.http(CUSTOMER_FUNCTION.name, {
  methods: ['GET'],
  authLevel: 'function',
  route: CUSTOMER_FUNCTION.route,
  handler: withProblemOnError(
    'customer',
    lazyHandler(() => handlers().customerHandler),
  ),
});
