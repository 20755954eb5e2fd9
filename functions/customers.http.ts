/**
 * `GET /api/customers`: the fleet, one page at a time, in customer id order, optionally only the customers with one
 * status (`?status=Active`). `?pageSize=` (1-1000, default 100) and `?continuationToken=` (from the previous page,
 * with the same `status`) page through it. Registry entries only (no Azure reads): `GET /api/customers/{customerId}`
 * gives one customer's topology.
 *
 * 200 `{ items: [customer], continuationToken? }`; 400 problem+json naming the query parameter at fault.
 */
import { app } from '@azure/functions';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appComposition } from '../shared/composition';
import { validateWithSchema } from '../shared/domain/issueWording';
import type { CustomerRecord } from '../shared/ports/customers';
import { CustomersQuerySchema, type CustomerListItem, type CustomersPage } from './http/apiSchemas';
import { validationProblem } from './http/problemDetails';
import { instanceOf, withProblemOnError } from './http/problemOnError';

export const CUSTOMERS_FUNCTION = { name: 'customers', route: 'customers' } as const;

/** The registry entry without its storage version or stored spec (a list stays small). */
function listItemOf(record: CustomerRecord): CustomerListItem {
  return {
    id: record.id,
    tenantId: record.tenantId,
    ...(record.displayName === undefined ? {} : { displayName: record.displayName }),
    subscriptions: [...record.subscriptions],
    model: record.model,
    circuitSubscriptionId: record.circuitSubscriptionId,
    vnetIds: [...record.vnetIds],
    status: record.status,
    ...(record.statusReason === undefined ? {} : { statusReason: record.statusReason }),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lastRequestId: record.lastRequestId,
    ...(record.placements === undefined ? {} : { placements: { ...record.placements } }),
  };
}

export async function customersHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const query = Object.fromEntries(request.query.entries());
  // The function key may arrive as `?code=`: it is the host's business, not a query parameter of this route.
  delete query.code;
  const parsed = validateWithSchema(CustomersQuerySchema, query);
  if (!parsed.ok) return validationProblem(parsed.issues, { instance: instanceOf(request) });
  const { status, pageSize, continuationToken } = parsed.value;
  const page = await appComposition().tables.customers.list({
    pageSize,
    ...(status === undefined ? {} : { status }),
    ...(continuationToken === undefined ? {} : { continuationToken }),
  });
  const body: CustomersPage = {
    items: page.items.map(listItemOf),
    ...(page.continuationToken === undefined ? {} : { continuationToken: page.continuationToken }),
  };
  return { status: 200, jsonBody: body };
}

app.http(CUSTOMERS_FUNCTION.name, {
  methods: ['GET'],
  authLevel: 'function',
  route: CUSTOMERS_FUNCTION.route,
  handler: withProblemOnError('customers', customersHandler),
});
