import type { RouteTableIntent } from '../../../shared/domain/intents';
import { planTeardown, planTopology } from '../../../shared/domain/planner';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { deriveTopology } from '../../../shared/domain/topology';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  parseRequestEvent,
  type RequestEvent,
} from '../../../shared/messages';
import { whatIf, type WhatIfOutcome, type WhatIfPorts, type WhatIfResult } from '../../../shared/services/whatIf';
import {
  CONTOSO_RECORD,
  TEST_CSP,
  asBuilt,
  customerRecord,
  desiredOf,
  fakeCheckpoints,
  fakeCustomers,
  fakeInventory,
  fakeNetwork,
  type FakeNetwork,
  type FakeCustomers,
} from '../../support/readOnlyFakes';
import {
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_CONTEXT,
  CSP_SUBSCRIPTION_ID,
  validConnectThroughSpec,
} from '../../support/specs';

const CSP_TENANT_ID = TEST_CSP.tenantId;
const OTHER_TENANT_ID = '9d1c7e55-6a43-4b2f-9e10-5f4a3b2c1d0e';

function event(type: string, data: unknown, subject: string): RequestEvent {
  const parsed = parseRequestEvent(
    { specversion: '1.0', id: 'whatif-1', source: '/tests', type, subject, time: '2026-11-02T08:00:00Z', data },
    CSP_CONTEXT,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.event;
}

const onboarding = (spec: CustomerSpec) => event(ONBOARDING_REQUESTED, spec, spec.customer.id);
const bandwidth = (data: Record<string, unknown>) =>
  event(BANDWIDTH_CHANGE_REQUESTED, { customerId: 'contoso', ...data }, 'contoso');
const decommission = () =>
  event(
    DECOMMISSION_REQUESTED,
    {
      customerId: 'contoso',
      confirmCustomerId: 'contoso',
      reason: 'Contract ends; the customer moves to its own ports',
      approvedBy: 'maria.lopez@csp.example',
    },
    'contoso',
  );

/** The outcome is a refusal of this reason and code, naming (at least) these request fields. */
function expectRejection(outcome: WhatIfOutcome, reason: string, code: string, paths: readonly string[]): void {
  expect(outcome).toEqual({
    ok: false,
    rejection: expect.objectContaining({
      reason,
      code,
      issues: expect.arrayContaining(paths.map((path): unknown => expect.objectContaining({ path }))),
    }),
  });
}

function succeeded(outcome: WhatIfOutcome): WhatIfResult {
  if (!outcome.ok) throw new Error(`rejected: ${JSON.stringify(outcome.rejection)}`);
  return outcome.result;
}

describe('whatIf', () => {
  let network: FakeNetwork;
  let customers: FakeCustomers;
  const ports = (): WhatIfPorts => ({
    network,
    customers,
    csp: TEST_CSP,
    checkpoints: fakeCheckpoints(),
    inventory: fakeInventory(network),
  });

  beforeEach(() => {
    network = fakeNetwork();
    customers = fakeCustomers([CONTOSO_RECORD]);
  });
  afterEach(() => {
    // Whatever the request, the what-if never calls a write method (each would also have thrown).
    expect(network.writes).toEqual([]);
  });

  describe('an onboarding request', () => {
    it('creates every desired resource when nothing exists, with the build plan', async () => {
      const spec = validConnectThroughSpec();
      const result = succeeded(await whatIf(onboarding(spec), ports()));

      const desired = desiredOf(spec);
      expect(result.customerId).toBe('contoso');
      expect(result.summary).toEqual({ create: desired.length, update: 0, delete: 0, unchanged: 0 });
      expect(result.changes.map((c) => [c.action, c.id])).toEqual(desired.map((d) => ['create', d.id]));
      const plan = planTopology(deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }));
      expect(result.plan).toEqual({ kind: 'build', stages: plan.stages, steps: plan.steps.length });
      expect(result.notes).toEqual([]);
    });

    it('does not read the children of a circuit that does not exist', async () => {
      await whatIf(onboarding(validConnectThroughSpec()), ports());
      const readKinds = new Set(network.reads.map((ref) => ref.kind));
      expect(readKinds).toContain('circuit');
      expect(readKinds).not.toContain('peering');
      expect(readKinds).not.toContain('authorization');
    });

    it('finds nothing to do once Azure holds the onboarded topology', async () => {
      const spec = validConnectThroughSpec();
      for (const intent of desiredOf(spec)) network.hold(asBuilt(intent));
      const result = succeeded(await whatIf(onboarding(spec), ports()));
      expect(result.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: desiredOf(spec).length });
      expect(result.changes.every((c) => c.fields.length === 0)).toBe(true);
    });

    it('names the drifted field of a route, with what Azure holds and what the request wants', async () => {
      const spec = validConnectThroughSpec();
      const desired = desiredOf(spec);
      for (const intent of desired) network.hold(asBuilt(intent));
      const table = desired.find((r): r is RouteTableIntent => r.kind === 'routeTable' && r.name.endsWith('workload'));
      if (table === undefined) throw new Error('no workload route table');
      const drifted: RouteTableIntent = {
        ...table,
        routes: table.routes.map((r) =>
          r.name === 'to-partner-network' ? { ...r, nextHopIpAddress: '10.20.0.99' } : r,
        ),
      };
      network.hold(asBuilt(drifted));

      const result = succeeded(await whatIf(onboarding(spec), ports()));
      expect(result.summary).toEqual({ create: 0, update: 1, delete: 0, unchanged: desired.length - 1 });
      expect(result.changes.find((c) => c.action === 'update')).toEqual({
        action: 'update',
        kind: 'routeTable',
        id: table.id,
        fields: [{ path: 'routes[to-partner-network].nextHopIpAddress', actual: '10.20.0.99', desired: '10.20.0.4' }],
      });
    });

    it('reads nothing in a subscription no customer owns yet, and says so', async () => {
      customers = fakeCustomers([]);
      const spec = validConnectThroughSpec();
      const result = succeeded(await whatIf(onboarding(spec), ports()));
      expect(result.summary.create).toBe(desiredOf(spec).length);
      const readSubscriptions = new Set(network.reads.map((ref) => ref.scope.subscriptionId));
      expect([...readSubscriptions]).toEqual([CSP_SUBSCRIPTION_ID]);
      expect(result.notes.join('\n')).toContain(CONTOSO_WORKLOAD_SUBSCRIPTION_ID);
      expect(result.notes.join('\n')).toContain('not registered');
    });

    it("is forbidden when a subscription belongs to another customer's tenant", async () => {
      customers = fakeCustomers([
        customerRecord({
          id: 'fabrikam',
          tenantId: OTHER_TENANT_ID,
          subscriptions: [CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
        }),
      ]);
      const outcome = await whatIf(onboarding(validConnectThroughSpec()), ports());
      expectRejection(outcome, 'forbidden', 'ScopeViolation', [
        'data.customer.subscriptions[1]',
        'data.vnetLinks[1].vnetId',
      ]);
      expect(network.reads).toEqual([]);
    });
  });

  describe('a bandwidth change', () => {
    beforeEach(() => {
      for (const intent of desiredOf(validConnectThroughSpec())) network.hold(asBuilt(intent));
    });

    it('resizes both circuits in place, one leg after the other', async () => {
      const result = succeeded(await whatIf(bandwidth({ bandwidthMbps: 2000 }), ports()));
      expect(result.summary).toEqual({ create: 0, update: 2, delete: 0, unchanged: 0 });
      expect(result.changes.map((c) => c.fields)).toEqual([
        [{ path: 'bandwidthMbps', actual: 1000, desired: 2000 }],
        [{ path: 'bandwidthMbps', actual: 1000, desired: 2000 }],
      ]);
      expect(result.plan).toEqual({ kind: 'resize-in-place', stages: [['circuit:a'], ['circuit:b']], steps: 2 });
      // Only the circuits are read: no subscription listed, no other kind.
      expect(network.lists).toEqual([]);
      expect(new Set(network.reads.map((r) => r.kind))).toEqual(new Set(['circuit']));
    });

    it('does not plan a decrease, which needs a new pair, and asks for the approval', async () => {
      const outcome = await whatIf(bandwidth({ bandwidthMbps: 500 }), ports());
      expectRejection(outcome, 'unprocessable', 'MigrationNotPlanned', ['data.approval']);
    });
  });

  describe('a decommission', () => {
    it("tears down what Azure holds for the customer, leaving the customer's own gateway", async () => {
      const spec = validConnectThroughSpec();
      const desired = desiredOf(spec);
      for (const intent of desired) network.hold(asBuilt(intent));
      const result = succeeded(await whatIf(decommission(), ports()));

      const owned = desired.filter((r) => !(r.kind === 'gateway' && r.existing));
      expect(result.summary).toEqual({ create: 0, update: 0, delete: owned.length, unchanged: 0 });
      expect(new Set(result.changes.map((c) => c.id))).toEqual(new Set(owned.map((r) => r.id)));
      const teardown = planTeardown({
        customerId: 'contoso',
        tenantId: CONTOSO_TENANT_ID,
        model: 'connect-through',
        resources: owned,
      });
      expect(result.plan.kind).toBe('teardown');
      expect(result.plan.steps).toBe(teardown.steps.length);
      expect(result.plan.stages.flat()).toEqual(
        expect.arrayContaining(['request-deprovision:a', 'await-deprovision:b']),
      );
      expect(result.notes.join('\n')).toContain("customer's own");
    });

    it('is unprocessable for a customer the registry does not know', async () => {
      customers = fakeCustomers([]);
      const outcome = await whatIf(decommission(), ports());
      expectRejection(outcome, 'unprocessable', 'UnknownCustomer', ['data.customerId']);
    });
  });

  it('proves the fake refuses writes (so the afterEach check can fail)', async () => {
    const [circuit] = desiredOf(validConnectThroughSpec());
    if (circuit?.kind !== 'circuit') throw new Error('no circuit');
    await expect(network.ensureCircuit(circuit)).rejects.toThrow('read-only');
    expect(network.writes).toEqual(['ensureCircuit']);
    network.writes.length = 0;
  });
});
