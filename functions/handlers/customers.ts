/**
 * The handler of `GET /api/customers` (customers.http.ts), required at its first call (support/lazyHandler.ts): its
 * services and schemas are not part of a cold start. The route, bindings and behaviour are described in the
 * registration file.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import { validateWithSchema } from '../../shared/domain/issueWording';
import type { CustomerRecord } from '../../shared/ports/customers';
import { CustomersQuerySchema, type CustomerListItem, type CustomersPage } from '../http/apiSchemas';
import { validationProblem } from '../http/problemDetails';
import { instanceOf } from '../http/problemOnError';

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
