/**
 * The intake at its edges (issue 8): request identity by body digest, customer ownership of subscriptions, hostile
 * sizes and nesting, and secrets given in the wrong form. Every input here is what a careless or hostile sender
 * could really send.
 */
import { ONBOARDING_REQUESTED } from '../../../shared/messages';
import { REDACTED } from '../../../shared/redaction';
import {
  canonicalJson,
  JSON_DEPTH_RULE,
  jsonDepth,
  parseJsonText,
  requestDigest,
} from '../../../shared/services/jsonText';
import { submitRequest, type IntakeDependencies } from '../../../shared/services/requestIntake';
import {
  handleRequestMessage,
  MAX_PARKED_RECORD_BYTES,
  type ParkedRequest,
  type ReceivedMessage,
} from '../../../shared/services/requestMessages';
import { SCOPE_RULES } from '../../../shared/services/requestScope';
import { FakeWorkflows, InMemoryRequestLedger } from '../../support/inMemoryIntakePorts';
import { customerRecord, fakeCustomers } from '../../support/readOnlyFakes';
import { onboardingEvent } from '../../support/requestCloudEvents';
import {
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_CONTEXT,
  validConnectThroughSpec,
} from '../../support/specs';

const TIMING = {
  providerPollMinMs: 1,
  providerPollMaxMs: 2,
  providerReminderEveryMs: 3,
  providerDeadlineMs: 4,
  resourcePollMs: 5,
  leasePollMs: 6,
};
const CONTOSO = customerRecord({
  id: 'contoso',
  tenantId: CONTOSO_TENANT_ID,
  subscriptions: [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
});

function setUp(records = [CONTOSO]) {
  const requests = new InMemoryRequestLedger();
  const workflows = new FakeWorkflows();
  const deps: IntakeDependencies = {
    requests,
    workflows,
    customers: fakeCustomers(records),
    csp: CSP_CONTEXT,
    timing: TIMING,
    now: () => new Date('2026-11-02T08:00:00Z'),
  };
  return { requests, workflows, deps };
}

function message(body: unknown): ReceivedMessage {
  return { body, messageId: 'msg-1', deliveryCount: 1, enqueuedTimeUtc: '2026-11-02T08:00:00Z', queue: 'q' };
}

async function parked(body: unknown, deps: IntakeDependencies): Promise<ParkedRequest> {
  const disposition = await handleRequestMessage(message(body), deps, { acceptedType: ONBOARDING_REQUESTED });
  if (disposition.action !== 'park') throw new Error(`expected the message to be parked, got ${disposition.action}`);
  return disposition.record;
}

function nestedArrays(depth: number): unknown {
  return JSON.parse('['.repeat(depth) + ']'.repeat(depth));
}

function nestedObjects(depth: number): unknown {
  return JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
}

/** A request with a BGP MD5 key given as the plain secret instead of a Key Vault reference. */
function withPlainMd5Key(id: string, key: string): unknown {
  const event = onboardingEvent(id) as unknown as { data: { circuits: { privatePeering: Record<string, unknown> } } };
  event.data.circuits.privatePeering.md5Key = key;
  return event;
}

describe('request identity: an id names one body', () => {
  it('refuses the same id with a different body as RequestIdConflict and leaves the first request as it was', async () => {
    const { requests, workflows, deps } = setUp();
    await submitRequest(onboardingEvent('req-1'), 'servicebus', deps);
    const before = requests.records.get('req-1');

    const other = onboardingEvent('req-1', validConnectThroughSpec({ microsoftPeering: true }));
    const outcome = await submitRequest(other, 'servicebus', deps);

    expect(outcome).toMatchObject({ kind: 'rejected', code: 'RequestIdConflict', requestId: 'req-1' });
    expect(requests.records.get('req-1')).toEqual(before);
    expect(workflows.started).toHaveLength(1);
  });

  it('takes a redelivery with the same content in another key order as a duplicate', async () => {
    const { workflows, deps } = setUp();
    const event = onboardingEvent('req-1') as unknown as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(event).reverse());
    await submitRequest(event, 'servicebus', deps);
    const again = await submitRequest(reordered, 'servicebus', deps);

    expect(again.kind).toBe('duplicate');
    expect(workflows.started).toHaveLength(1);
  });

  it('parks the conflicting redelivery once, with the reason RequestIdConflict', async () => {
    const { deps } = setUp();
    await handleRequestMessage(message(onboardingEvent('req-1')), deps, { acceptedType: ONBOARDING_REQUESTED });
    const record = await parked(onboardingEvent('req-1', validConnectThroughSpec({ microsoftPeering: true })), deps);
    expect(record.reason).toBe('RequestIdConflict');
  });

  it('digests canonical JSON: key order and tracing attributes do not count, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
    );
    expect(requestDigest({ id: 'x', data: 1, traceparent: '00-abc' })).toBe(requestDigest({ data: 1, id: 'x' }));
    expect(requestDigest({ id: 'x', data: 1 })).not.toBe(requestDigest({ id: 'x', data: 2 }));
    expect(requestDigest({ id: 'x' })).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('customer ownership: a subscription belongs to one customer id', () => {
  it("refuses a new customer id in Contoso's tenant that names Contoso's subscription", async () => {
    const { requests, workflows, deps } = setUp();
    const spec = validConnectThroughSpec();
    const impostor = { ...spec, customer: { ...spec.customer, id: 'contoso-two', displayName: 'Contoso Two' } };
    const outcome = await submitRequest(onboardingEvent('req-9', impostor), 'servicebus', deps);

    expect(outcome).toMatchObject({ kind: 'rejected', code: 'ScopeViolation' });
    if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
    expect(outcome.issues).toContainEqual(
      expect.objectContaining({
        path: 'data.customer.subscriptions[0]',
        rule: SCOPE_RULES.subscriptionOfAnotherCustomer,
      }),
    );
    expect(workflows.started).toEqual([]);
    expect(requests.records.get('req-9')?.status).toBe('Rejected');
  });

  it('still takes the owning customer itself', async () => {
    const { deps } = setUp();
    expect((await submitRequest(onboardingEvent('req-1'), 'servicebus', deps)).kind).toBe('accepted');
  });
});

describe('hostile nesting and sizes', () => {
  it('measures depth without recursion, even 200,000 levels deep', () => {
    expect(jsonDepth(nestedArrays(200_000), 40)).toBe(41);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonDepth('text')).toBe(0);
  });

  it.each([
    ['arrays', nestedArrays(10_000)],
    ['objects', nestedObjects(10_000)],
  ])('refuses 10,000 levels of nested %s without overflowing the stack, and records nothing', async (_kind, body) => {
    const { requests, workflows, deps } = setUp();
    const outcome = await submitRequest(body, 'http', deps);
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'ValidationFailed' });
    if (outcome.kind !== 'rejected') throw new Error('expected a rejection');
    expect(outcome.issues.map((issue) => issue.rule)).toEqual([JSON_DEPTH_RULE]);
    expect(requests.records.size).toBe(0);
    expect(workflows.started).toEqual([]);
  });

  it('refuses a deep value inside a valid-looking envelope and records the refusal under its id', async () => {
    const { requests, deps } = setUp();
    const event = onboardingEvent('req-deep') as unknown as Record<string, unknown>;
    const outcome = await submitRequest({ ...event, data: nestedObjects(10_000) }, 'servicebus', deps);
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'ValidationFailed', requestId: 'req-deep' });
    expect(requests.records.get('req-deep')?.status).toBe('Rejected');
  });

  it('parks a deeply nested message once, the parked record bounded', async () => {
    const record = await parked({ ...(onboardingEvent('req-d') as object), data: nestedArrays(50_000) }, setUp().deps);
    expect(record.issues.map((issue) => issue.rule)).toEqual([JSON_DEPTH_RULE]);
    expect(Buffer.byteLength(JSON.stringify(record), 'utf8')).toBeLessThanOrEqual(MAX_PARKED_RECORD_BYTES);
  });

  it('parks a message of nearly 256 KB (multi-byte text in every field) within one Service Bus message', async () => {
    const event = onboardingEvent('req-big') as unknown as Record<string, unknown>;
    const huge = '€'.repeat(85_000); // 255 KB in UTF-8
    const record = await parked({ ...event, data: { customer: { id: huge }, note: huge } }, setUp().deps);
    const bytes = Buffer.byteLength(JSON.stringify(record), 'utf8');
    expect(bytes).toBeLessThanOrEqual(MAX_PARKED_RECORD_BYTES);
    expect(JSON.stringify(record.body)).toMatch(/truncated: \d+ characters in all/);
  });

  it('parks a message with thousands of broken fields with at most 51 issues and a bounded description', async () => {
    const event = onboardingEvent('req-many') as unknown as Record<string, unknown>;
    const data = Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`unknown${index}`, 'x'.repeat(40)]));
    const record = await parked({ ...event, data }, setUp().deps);
    expect(record.issues.length).toBeLessThanOrEqual(51);
    expect(record.description.length).toBeLessThanOrEqual(8 * 1024);
    expect(Buffer.byteLength(JSON.stringify(record), 'utf8')).toBeLessThanOrEqual(MAX_PARKED_RECORD_BYTES);
  });
});

describe('secrets given in the wrong form are never echoed', () => {
  const SECRET = 'Hunter2-BgpMd5-Plain-Value';

  it('a parked record of a request with a plain MD5 key holds neither the key nor its value', async () => {
    const record = await parked(withPlainMd5Key('req-md5', SECRET), setUp().deps);
    expect(JSON.stringify(record)).not.toContain(SECRET);
    expect(
      (record.body as { data: { circuits: { privatePeering: { md5Key: unknown } } } }).data.circuits.privatePeering
        .md5Key,
    ).toBe(REDACTED);
  });

  it('the ledger row of that refused request does not hold the value', async () => {
    const { requests, deps } = setUp();
    await submitRequest(withPlainMd5Key('req-md5', SECRET), 'servicebus', deps);
    expect(JSON.stringify(requests.records.get('req-md5'))).not.toContain(SECRET);
  });

  it('a body that is not JSON is reported without quoting its text', () => {
    const result = parseJsonText(`{"md5Key": ${SECRET}}`, 'the body');
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('Hunter2');
  });

  it('a text body that is not JSON is parked with the secret scrubbed', async () => {
    const record = await parked(`{"md5Key": "${SECRET}", oops}`, setUp().deps);
    expect(JSON.stringify(record)).not.toContain(SECRET);
  });
});

describe('customer ownership: subscriptions stay until the customer is decommissioned', () => {
  it("refuses a request that drops one of an active customer's subscriptions, before anything starts", async () => {
    // Contoso already has a third subscription, which this request leaves out.
    const third = '3c4d5e6f-3333-4a70-8bcd-2e3f4a5b6c7d';
    const { workflows, deps } = setUp([
      { ...CONTOSO, status: 'Active', subscriptions: [...CONTOSO.subscriptions, third] },
    ]);
    const outcome = await submitRequest(onboardingEvent('req-2'), 'servicebus', deps);
    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'ScopeViolation',
      issues: [expect.objectContaining({ rule: SCOPE_RULES.subscriptionKeptUntilDecommissioned })],
    });
    expect(workflows.started).toEqual([]);
  });
});
