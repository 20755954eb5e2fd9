/**
 * The handler of `GET /api/customers/{customerId}` (customer.http.ts), required at its first call
 * (support/lazyHandler.ts): its services and schemas are not part of a cold start. The route, bindings and behaviour
 * are described in the registration file.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import { CustomerIdSchema } from '../../shared/domain/spec';
import { AppError } from '../../shared/errors';
import { describeCustomer } from '../../shared/services/customerView';
import { notFoundProblem, validationProblem } from '../http/problemDetails';
import { instanceOf } from '../http/problemOnError';

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
