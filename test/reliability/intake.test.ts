/**
 * The app's entry points as the Functions host runs them (real trigger registrations, the Durable host simulator,
 * the ARM simulator, Azurite), one harness for five scenarios of the reliability table:
 * - each message delivered three times at once: one run per request, the ARM writes of one delivery;
 * - the same request id with another body, on both paths: refused as RequestIdConflict, the first request unchanged;
 * - requests naming another customer's subscriptions, on both paths: refused, ARM untouched;
 * - generated malformed requests (10,000; 500 in quick mode): every one parked with a reason, nothing started;
 * - a secret scan of every store (all of the app's and the Durable task hub's tables), every log line, every parked
 *   message and every HTTP answer: no authorization key, no BGP MD5 key and no IPsec shared key anywhere (both
 *   customers encrypt over private peering, docs/encryption.md).
 */
import fc from 'fast-check';
import { TableServiceClient, TableClient } from '@azure/data-tables';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import { RequestFunctions } from '../../functions/http/requestRoutes';
import type { CustomerSpec } from '../../shared/domain/spec';
import type { ParkedRequest } from '../../shared/services/requestMessages';
import { asBindingBody, startFunctionsHarness, type FunctionsHarness } from '../support/functionsHarness';
import { seedCustomerNetworks } from '../support/onboardingHarness';
import { asFabrikam, DAY, HOUR, MD5_VALUE, withNewGateways, writesByOperation } from '../support/onboardingScenarios';
import { malformedRequestBodies } from '../support/malformedRequests';
import { onboardingEvent } from '../support/requestCloudEvents';
import { reportScenario, scaled } from '../support/reliability';
import { IPSEC_KEY_VALUE, withIpsecEncryption } from '../support/encryptionSpecs';
import { validConnectThroughSpec, validConnectToSpec } from '../support/specs';

jest.setTimeout(900_000);

const MALFORMED = scaled(10_000, 500);
const FABRIKAM_CONNECTIVITY = 'c3d4e5f6-3333-4a71-8cbd-2e3f4a5b6c7d';
const FABRIKAM_WORKLOAD = 'd4e5f6a7-4444-4b82-9dce-3f4a5b6c7d8e';

let harness: FunctionsHarness;
const contoso = withIpsecEncryption(withNewGateways(validConnectThroughSpec()));
const fabrikam = withIpsecEncryption(asFabrikam(withNewGateways(validConnectThroughSpec())));
/** Everything the app answered or parked, for the secret scan. */
const outputs: string[] = [];

beforeAll(async () => {
  harness = await startFunctionsHarness({ arm: { provider: { provisionAfterMs: 2 * HOUR } } });
  seedCustomerNetworks(harness.arm, contoso);
  seedCustomerNetworks(harness.arm, fabrikam);
});

afterAll(async () => {
  await harness.stop();
});

const deliver = async (spec: CustomerSpec, requestId: string, deliveryCount = 1) => {
  const delivery = await harness.deliver('onboarding', onboardingEvent(requestId, spec), {
    messageId: requestId,
    deliveryCount,
  });
  if (delivery.parked !== undefined) outputs.push(JSON.stringify(delivery.parked));
  return delivery;
};
const submit = async (body: unknown) => {
  const response = await harness.http(RequestFunctions.submit.name, { method: 'POST', path: 'requests', body });
  const text = await response.text();
  outputs.push(text);
  return { status: response.status, text };
};
const completion = async (requestId: string) =>
  (await harness.durable.waitForCompletion(InstanceIds.forRequest(requestId), { maxVirtualMs: 10 * DAY }))
    .runtimeStatus;
const onboardingRuns = async () =>
  (await harness.durable.listInstances()).filter((instance) => instance.name === Orchestrations.onboardCustomerV2);
const armTouched = () => {
  const { reads, writes, deletes } = harness.arm.control.counters().total;
  return reads + writes + deletes;
};

it('each message delivered three times at once: one run per request, the ARM writes of one delivery', async () => {
  expect((await deliver(contoso, 'contoso-1')).parked).toBeUndefined();
  expect(await completion('contoso-1')).toBe('Completed');
  const writesOfOneRun = writesByOperation(harness);
  harness.arm.control.resetCounters();

  // Fabrikam's request three times at once, and Contoso's finished one twice more, interleaved.
  const deliveries = await Promise.all([
    deliver(fabrikam, 'fabrikam-1', 1),
    deliver(contoso, 'contoso-1', 2),
    deliver(fabrikam, 'fabrikam-1', 2),
    deliver(contoso, 'contoso-1', 3),
    deliver(fabrikam, 'fabrikam-1', 3),
  ]);
  const status = await completion('fabrikam-1');
  const runs = (await onboardingRuns()).length;
  const writes = writesByOperation(harness);
  const operations = [...new Set([...Object.keys(writes), ...Object.keys(writesOfOneRun)])];
  const extraWrites = operations.reduce(
    (sum, op) => sum + Math.max(0, (writes[op] ?? 0) - (writesOfOneRun[op] ?? 0)),
    0,
  );
  const missingWrites = operations.reduce(
    (sum, op) => sum + Math.max(0, (writesOfOneRun[op] ?? 0) - (writes[op] ?? 0)),
    0,
  );
  const parked = deliveries.filter((delivery) => delivery.parked !== undefined).length;
  reportScenario({
    scenario: 'delivered three times at once',
    tried: '2 requests, each delivered 3 times at once (one of them after it had completed)',
    held: `one run per request (${String(runs)} runs); Completed; the writes of one delivery (${String(Object.values(writesOfOneRun).reduce((a, b) => a + b, 0))})`,
    holds: status === 'Completed' && parked === 0,
    duplicates: Math.max(0, runs - 2) + extraWrites,
    losses: (status === 'Completed' ? 0 : 1) + missingWrites + parked,
    deletes: harness.arm.control.counters().total.deletes,
  });
  expect(status).toBe('Completed');
  expect(runs).toBe(2);
  expect(writes).toEqual(writesOfOneRun);
});

it('the same request id with another body is refused on both paths, and the first request stays as it was', async () => {
  const ledger = harness.composition.tables.requests;
  const before = [await ledger.get('contoso-1'), await ledger.get('fabrikam-1')];
  harness.arm.control.resetCounters();
  const variants: [string, CustomerSpec][] = [
    ['contoso-1', { ...contoso, circuits: { ...contoso.circuits, bandwidthMbps: 2000 } }],
    ['contoso-1', { ...contoso, customer: { ...contoso.customer, displayName: 'Contoso Renamed' } }],
    ['fabrikam-1', { ...fabrikam, circuits: { ...fabrikam.circuits, bandwidthMbps: 5000 } }],
    ['fabrikam-1', { ...fabrikam, routeTables: [] }],
  ];
  let refused = 0;
  let accepted = 0;
  for (const [requestId, spec] of variants) {
    const http = await submit(onboardingEvent(requestId, spec));
    const queued = await deliver(spec, requestId, 9);
    if (http.status === 409 && http.text.includes('RequestIdConflict')) refused += 1;
    if (queued.parked?.reason === 'RequestIdConflict') refused += 1;
    if (http.status < 300) accepted += 1;
    if (queued.parked === undefined) accepted += 1;
  }
  const after = [await ledger.get('contoso-1'), await ledger.get('fabrikam-1')];
  const unchanged = after.every((record, i) => {
    const { deliveries: _a, ...rest } = record ?? {};
    const { deliveries: _b, ...was } = before[i] ?? {};
    return JSON.stringify(rest) === JSON.stringify(was);
  });
  const runs = (await onboardingRuns()).length;
  reportScenario({
    scenario: 'same id, another body',
    tried: `${String(variants.length)} other bodies under 2 finished requests' ids, each over HTTP and the queue`,
    held: `all ${String(2 * variants.length)} refused as RequestIdConflict (${String(refused)}); the first requests unchanged; ARM untouched`,
    holds: refused === 2 * variants.length && unchanged && armTouched() === 0,
    duplicates: Math.max(0, runs - 2) + accepted,
    losses: unchanged ? 0 : 1,
    deletes: harness.arm.control.counters().total.deletes,
  });
  expect(refused).toBe(2 * variants.length);
  expect(unchanged).toBe(true);
  expect(runs).toBe(2);
  expect(armTouched()).toBe(0);
});

it("requests naming another customer's subscriptions are refused on both paths, touching nothing", async () => {
  harness.arm.control.resetCounters();
  const reaching = (mutate: (spec: CustomerSpec) => void): CustomerSpec => {
    const spec = structuredClone(contoso);
    mutate(spec);
    return spec;
  };
  const connectTo = withNewGateways(validConnectToSpec());
  const mallory = (spec: CustomerSpec): CustomerSpec => ({
    ...spec,
    customer: {
      ...spec.customer,
      id: 'mallory',
      tenantId: '6a3f3c2e-0d7b-4c55-9a51-0f1e2d3c4b5a',
      displayName: 'Mallory',
    },
  });
  const cases: [string, CustomerSpec][] = [
    [
      "Fabrikam's connectivity subscription listed",
      reaching((s) => s.customer.subscriptions.push(FABRIKAM_CONNECTIVITY)),
    ],
    ["Fabrikam's workload subscription listed", reaching((s) => s.customer.subscriptions.push(FABRIKAM_WORKLOAD))],
    [
      "a circuit in Fabrikam's subscription",
      {
        ...connectTo,
        customer: {
          ...connectTo.customer,
          subscriptions: [...connectTo.customer.subscriptions, FABRIKAM_CONNECTIVITY],
        },
        circuits: { ...connectTo.circuits, subscriptionId: FABRIKAM_CONNECTIVITY },
      },
    ],
    ["a new tenant claiming Contoso's subscriptions", mallory(contoso)],
  ];
  const reasons = new Map<string, number>();
  let refused = 0;
  let tried = 0;
  for (const [index, [, spec]] of cases.entries()) {
    tried += 2;
    const { parked } = await deliver(spec, `reach-sb-${String(index)}`);
    if (parked !== undefined) {
      refused += 1;
      reasons.set(parked.reason, (reasons.get(parked.reason) ?? 0) + 1);
    }
    const http = await submit(onboardingEvent(`reach-http-${String(index)}`, spec));
    if (http.status === 403) refused += 1;
  }
  const runs = (await onboardingRuns()).length;
  reportScenario({
    scenario: 'foreign subscriptions',
    tried: `${String(cases.length)} requests naming other customers' subscriptions, over the queue and HTTP`,
    held: `all ${String(tried)} refused (${[...reasons].map(([reason, n]) => `${reason} ${String(n)}`).join(', ')}, HTTP 403); ARM untouched`,
    holds:
      refused === tried && [...reasons.keys()].every((reason) => reason === 'ScopeViolation') && armTouched() === 0,
    duplicates: Math.max(0, runs - 2),
    losses: tried - refused,
    deletes: harness.arm.control.counters().total.deletes,
  });
  expect(refused).toBe(tried);
  expect([...reasons.keys()]).toEqual(['ScopeViolation']);
  expect(armTouched()).toBe(0);
  expect(runs).toBe(2);
});

it(`${MALFORMED.toLocaleString('en')} generated malformed requests are each parked with a reason, starting nothing`, async () => {
  harness.arm.control.resetCounters();
  const queues = ['onboarding', 'bandwidth', 'decommission'] as const;
  const samples = fc.sample(fc.tuple(malformedRequestBodies(), fc.constantFrom(...queues)), {
    numRuns: MALFORMED,
    seed: 20261204,
  });
  const parked: ParkedRequest[] = [];
  const failures: string[] = [];
  const batch = 50;
  for (let start = 0; start < samples.length; start += batch) {
    await Promise.all(
      samples.slice(start, start + batch).map(async ([text, queue], index) => {
        try {
          const { parked: record } = await harness.deliver(queue, asBindingBody(text), {
            messageId: `m-${String(start + index)}`,
          });
          if (record === undefined) failures.push(`not parked: ${text.slice(0, 200)}`);
          else parked.push(record);
        } catch (error) {
          failures.push(`threw ${String(error)} for ${text.slice(0, 200)}`);
        }
      }),
    );
  }
  const runs = (await onboardingRuns()).length;
  const withoutRule = parked.filter((record) => record.issues.length === 0).length;
  outputs.push(...parked.slice(0, 200).map((record) => JSON.stringify(record)));
  reportScenario({
    scenario: 'malformed requests',
    tried: `${samples.length.toLocaleString('en')} generated malformed messages on the three request queues`,
    held: `each parked with a reason and a field and rule (${String(parked.length)}); no run started; ARM untouched`,
    holds: withoutRule === 0 && armTouched() === 0,
    duplicates: Math.max(0, runs - 2),
    losses: failures.length,
    deletes: harness.arm.control.counters().total.deletes,
  });
  expect(failures).toEqual([]);
  expect(parked).toHaveLength(samples.length);
  expect(withoutRule).toBe(0);
  expect(runs).toBe(2);
  expect(armTouched()).toBe(0);
});

/** Every string under one of `fields`, anywhere in `value`. */
function valuesOf(value: unknown, fields: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (typeof child === 'string' && child !== '' && fields.includes(key)) found.add(child);
        else visit(child);
      }
    }
  };
  visit(value);
  return found;
}

it('no authorization key and no BGP MD5 key in any store, log, parked message or HTTP answer', async () => {
  const secrets = new Set([
    MD5_VALUE,
    IPSEC_KEY_VALUE,
    ...valuesOf(harness.arm.control.resources(), ['authorizationKey', 'sharedKey']),
  ]);
  for (const requestId of ['contoso-1', 'fabrikam-1']) {
    const status = await harness.http(RequestFunctions.status.name, {
      method: 'GET',
      path: `requests/${requestId}`,
      params: { id: requestId },
    });
    outputs.push(await status.text());
  }
  for (const customerId of ['contoso', 'fabrikam']) {
    const view = await harness.http('customer', {
      method: 'GET',
      path: `customers/${customerId}`,
      params: { customerId },
    });
    outputs.push(await view.text());
  }

  // Every table of this harness: the app's (prefix) and the Durable task hub's (the same name), rows as JSON.
  const connection = process.env.ERCSP_TEST_TABLES_CONNECTION ?? '';
  const prefix = harness.composition.config.tables.prefix.toLowerCase();
  const service = TableServiceClient.fromConnectionString(connection, { allowInsecureConnection: true });
  const stores: { table: string; rows: number; hits: number }[] = [];
  for await (const table of service.listTables()) {
    const name = table.name ?? '';
    if (!name.toLowerCase().startsWith(prefix)) continue;
    const client = TableClient.fromConnectionString(connection, name, { allowInsecureConnection: true });
    let rows = 0;
    let hits = 0;
    for await (const entity of client.listEntities()) {
      rows += 1;
      const text = JSON.stringify(entity);
      for (const secret of secrets) if (text.includes(secret)) hits += 1;
    }
    stores.push({ table: name, rows, hits });
  }
  const texts = [...outputs, ...harness.logs];
  const outputHits = texts.filter((text) => [...secrets].some((secret) => text.includes(secret))).length;
  const storeHits = stores.reduce((sum, store) => sum + store.hits, 0);
  const rows = stores.reduce((sum, store) => sum + store.rows, 0);
  reportScenario({
    scenario: 'secret scan',
    tried: `${String(secrets.size)} secrets (authorization, MD5 and IPsec shared keys) sought in ${String(stores.length)} tables (${String(rows)} rows), ${String(texts.length)} logs and outputs`,
    held: `found nowhere (${String(storeHits)} rows, ${String(outputHits)} outputs)`,
    holds: storeHits === 0 && outputHits === 0 && secrets.size > 4 && stores.length >= 5,
    duplicates: 0,
    losses: 0,
    deletes: harness.arm.control.counters().total.deletes,
  });
  expect(secrets.size).toBeGreaterThan(4);
  expect(stores.length).toBeGreaterThanOrEqual(5);
  expect(stores.filter((store) => store.hits > 0)).toEqual([]);
  expect(outputHits).toBe(0);
});
