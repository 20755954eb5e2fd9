/**
 * `GET /api/customers`: the fleet, one page at a time, in customer id order, optionally only the customers with one
 * status (`?status=Active`). `?pageSize=` (1-1000, default 100) and `?continuationToken=` (from the previous page,
 * with the same `status`) page through it. Registry entries only (no Azure reads): `GET /api/customers/{customerId}`
 * gives one customer's topology.
 *
 * 200 `{ items: [customer], continuationToken? }`; 400 problem+json naming the query parameter at fault.
 */
import { app } from '@azure/functions';
import type * as CustomersHandler from './handlers/customers';
import { withProblemOnError } from './http/problemOnError';
import { lazyHandler } from './support/lazyHandler';

export const CUSTOMERS_FUNCTION = { name: 'customers', route: 'customers' } as const;

function handlers(): typeof CustomersHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (support/lazyHandler.ts)
  return require('./handlers/customers') as typeof CustomersHandler;
}

app.http(CUSTOMERS_FUNCTION.name, {
  methods: ['GET'],
  authLevel: 'function',
  route: CUSTOMERS_FUNCTION.route,
  handler: withProblemOnError(
    'customers',
    lazyHandler(() => handlers().customersHandler),
  ),
});
