/**
 * `GET /api/customers/{customerId}`: the registry entry, the customer's topology as Azure holds it (ARM ids and
 * states; no keys of any sort) and a Mermaid diagram of it. `?format=mermaid` answers the diagram alone, as
 * `text/plain`. Read-only. Logic: shared/services/customerView.ts (one Resource Graph query by the customer's tag,
 * so eventually consistent: a change may show a little late) and mermaid.ts.
 *
 * 200 `{ customer, resources, mermaid }`; 400 problem+json for a malformed id or format; 404 for an unknown customer.
 */
import { app } from '@azure/functions';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appComposition } from '../shared/composition';
import { CustomerIdSchema } from '../shared/domain/spec';
import { AppError } from '../shared/errors';
import { describeCustomer } from '../shared/services/customerView';
import { notFoundProblem, validationProblem } from './http/problemDetails';
import { instanceOf, withProblemOnError } from './http/problemOnError';

export const CUSTOMER_FUNCTION = { name: 'customer', route: 'customers/{customerId}' } as const;

const FORMATS = ['json', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

export async function customerHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const instance = instanceOf(request);
  const customerId = request.params.customerId ?? '';
  const format = request.query.get('format') ?? 'json';
  const issues = [
    ...(CustomerIdSchema.safeParse(customerId).success
      ? []
      : [{ path: 'customerId', rule: 'customer.id-format', message: 'must be 3-24 characters of a-z, 0-9 and "-"' }]),
    ...(isFormat(format)
      ? []
      : [{ path: 'format', rule: 'query.format', message: `must be one of ${FORMATS.join(', ')}` }]),
  ];
  if (issues.length > 0) return validationProblem(issues, { instance });

  const { activities, config } = appComposition();
  // Resource Graph by the customer's tag: reads per call independent of the fleet (docs/PERFORMANCE.md).
  const inventory = activities.compliance?.inventory;
  if (inventory === undefined) {
    throw new AppError('InvalidConfiguration', 'the customer view needs the Resource Graph inventory (compliance)');
  }
  const view = await describeCustomer(customerId, {
    inventory,
    customers: activities.customers,
    csp: config.csp,
    resourceGraphScope: config.sweeps.resourceGraphScope,
  });
  if (view === undefined) {
    return notFoundProblem(`No customer "${customerId}" is registered.`, { code: 'CustomerNotFound', instance });
  }
  if (format === 'mermaid') {
    return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: view.mermaid };
  }
  return { status: 200, jsonBody: view };
}

app.http(CUSTOMER_FUNCTION.name, {
  methods: ['GET'],
  authLevel: 'function',
  route: CUSTOMER_FUNCTION.route,
  handler: withProblemOnError('customer', customerHandler),
});
