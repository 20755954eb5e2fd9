/**
 * `GET /api/customers` through its real registration over Azurite: pages in id order with a continuation token,
 * the status filter applied by Table storage (and kept across pages), entries without their stored spec or version,
 * and a 400 naming the query parameter at fault.
 */
import { randomUUID } from 'node:crypto';
import { CustomersPageSchema, ProblemSchema } from '../../functions/http/apiSchemas';
import type { RegisteredFunction } from '../../local/functionsHost';
import type { CustomerStatus } from '../../shared/ports/customers';
import { callHttp, captureHttpFunction, pointAppAt } from '../support/httpFunctions';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';

const FLEET: readonly [string, CustomerStatus][] = [
  ['alpine', 'Active'],
  ['birch', 'Failed'],
  ['cedar', 'Active'],
  ['dogwood', 'Onboarding'],
  ['elm', 'Active'],
];

describe('GET /api/customers', () => {
  let harness: OnboardingHarness;
  let restoreApp: () => Promise<void>;
  let customers: RegisteredFunction;
  const list = (query: string) => callHttp(customers, { method: 'GET', path: `/api/customers${query}` });

  beforeAll(async () => {
    harness = await startOnboardingHarness();
    const registry = harness.composition.tables.customers;
    for (const [id, status] of FLEET) {
      const subscription = randomUUID();
      await registry.register(
        { id, tenantId: randomUUID(), subscriptions: [subscription], model: 'connect-to' },
        { circuitSubscriptionId: subscription, vnetIds: [], requestId: `req-${id}` },
      );
      if (status !== 'Onboarding') await registry.setStatus(id, status, { requestId: `req-${id}` });
    }
    restoreApp = await pointAppAt(harness);
    customers = await captureHttpFunction(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the trigger module must first load inside the capture, as the host loads it
      require('../../functions/customers.http');
    });
  }, 60_000);
  afterAll(async () => {
    await restoreApp();
    await harness.stop();
  });

  it('pages through one status with the continuation token, in id order', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `?status=Active&pageSize=2${token === undefined ? '' : `&continuationToken=${encodeURIComponent(token)}`}`;
      const result = await list(query);
      expect(result.status).toBe(200);
      const page = CustomersPageSchema.parse(result.body);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => `${item.id}:${item.status}`));
      token = page.continuationToken;
      pages++;
    } while (token !== undefined && pages < 10);
    expect(seen).toEqual(['alpine:Active', 'cedar:Active', 'elm:Active']);
    expect(pages).toBeGreaterThanOrEqual(2);
  });

  it('lists every customer without a filter, without its version or stored spec', async () => {
    const result = await list('?code=a-function-key');
    expect(result.status).toBe(200);
    const body = result.body as { items: Record<string, unknown>[] };
    expect(body.items.map((item) => item.id)).toEqual(FLEET.map(([id]) => id));
    expect(body.items.map((item) => item.status)).toEqual(FLEET.map(([, status]) => status));
    for (const item of body.items) {
      expect(Object.keys(item)).not.toContain('etag');
      expect(Object.keys(item)).not.toContain('spec');
    }
  });

  it('answers 400 naming the parameter for an unknown status, a page size out of range or an unknown parameter', async () => {
    const result = await list('?status=Sleeping&pageSize=5000&colour=blue');
    expect(result.status).toBe(400);
    const problem = ProblemSchema.parse(result.body);
    expect(problem.type).toBe('urn:ercsp:problem:validation-failed');
    expect(problem.errors?.map((error) => `${error.path} ${error.rule}`).sort()).toEqual([
      'colour schema.unknown-field',
      'pageSize schema.too-big',
      'status schema.enum',
    ]);
  });
});
