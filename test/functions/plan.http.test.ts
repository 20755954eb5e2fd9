/**
 * `POST /api/plan` through its real registration, against the ARM simulator and Azurite: what-if before and after a
 * completed onboarding, the refusals, and the proof that planning never writes to ARM.
 */
import type { RegisteredFunction } from '../../local/functionsHost';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import { planTopology } from '../../shared/domain/planner';
import { BANDWIDTH_CHANGE_REQUESTED, DECOMMISSION_REQUESTED, ONBOARDING_REQUESTED } from '../../shared/messages';
import { armWrites, callHttp, capturePlanFunction, pointAppAt, type HttpResult } from '../support/httpFunctions';
import { CSP_TENANT_ID, startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import { asFabrikam, PROVIDER_DELAY, runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { CONTOSO_WORKLOAD_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

const SPEC = withNewGateways(validConnectThroughSpec());
const DESIRED = deriveTopology(SPEC, { cspTenantId: CSP_TENANT_ID }).resources;

function cloudEvent(type: string, subject: string, data: unknown, id = `plan-${subject}-1`) {
  return { specversion: '1.0', id, source: '/crm/tests', type, subject, time: '2026-11-02T08:00:00Z', data };
}

describe('POST /api/plan', () => {
  let harness: OnboardingHarness;
  let restoreApp: () => Promise<void>;
  let plan: RegisteredFunction;
  const post = (body: unknown): Promise<HttpResult> =>
    callHttp(plan, { method: 'POST', path: '/api/plan', json: body });

  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: PROVIDER_DELAY } } });
    restoreApp = await pointAppAt(harness);
    plan = await capturePlanFunction();
  }, 60_000);
  afterAll(async () => {
    await restoreApp();
    await harness.stop();
  });

  it('is registered as POST /api/plan, with function-level authorization', () => {
    expect(plan.name).toBe('plan');
    expect(plan.trigger).toEqual(
      expect.objectContaining({ type: 'httpTrigger', route: 'plan', methods: ['POST'], authLevel: 'function' }),
    );
  });

  it('answers 400 problem+json naming each field of a malformed request', async () => {
    const broken: CustomerSpec = { ...SPEC, circuits: { ...SPEC.circuits, bandwidthMbps: 1234 } };
    const response = await post({ ...cloudEvent(ONBOARDING_REQUESTED, 'contoso', broken), subject: 'not-contoso' });
    expect(response.status).toBe(400);
    expect(response.contentType).toBe('application/problem+json');
    const paths = (response.body.errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['data.circuits.bandwidthMbps', 'subject']));

    const notJson = await callHttp(plan, {
      method: 'POST',
      path: '/api/plan',
      text: '{"specversion":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([expect.objectContaining({ path: '', rule: 'json-syntax' })]);
  });

  it('plans every resource as a create before onboarding, without a single ARM write', async () => {
    harness.arm.control.resetCounters();
    const response = await post(cloudEvent(ONBOARDING_REQUESTED, 'contoso', SPEC));

    expect(response.status).toBe(200);
    expect(response.body.customerId).toBe('contoso');
    expect(response.body.summary).toEqual({ create: DESIRED.length, update: 0, delete: 0, unchanged: 0 });
    expect((response.body.changes as { id: string }[]).map((c) => c.id)).toEqual(DESIRED.map((r) => r.id));
    const expectedPlan = planTopology(deriveTopology(SPEC, { cspTenantId: CSP_TENANT_ID }));
    expect(response.body.plan).toEqual({
      kind: 'build',
      stages: expectedPlan.stages,
      steps: expectedPlan.steps.length,
    });
    expect(harness.arm.control.counters().total.reads).toBeGreaterThan(0);
    expect(armWrites(harness)).toEqual({ writes: 0, deletes: 0 });
  });

  describe('after a completed onboarding', () => {
    beforeAll(async () => {
      const { status } = await runOnboarding(harness, SPEC, 'onboard-contoso-plan');
      expect(status.runtimeStatus).toBe('Completed');
      harness.arm.control.resetCounters();
    }, 60_000);
    afterEach(() => {
      // Every plan call reads; none writes.
      expect(armWrites(harness)).toEqual({ writes: 0, deletes: 0 });
    });

    it('finds every resource unchanged', async () => {
      const response = await post(cloudEvent(ONBOARDING_REQUESTED, 'contoso', SPEC, 'plan-contoso-2'));
      expect(response.status).toBe(200);
      const drift = (response.body.changes as { action: string; fields: unknown[] }[]).filter(
        (c) => c.action !== 'unchanged',
      );
      expect(drift).toEqual([]);
      expect(response.body.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: DESIRED.length });
      expect(response.body.notes).toEqual([]);
    });

    it('plans a bandwidth increase in place, one leg after the other', async () => {
      const response = await post(
        cloudEvent(BANDWIDTH_CHANGE_REQUESTED, 'contoso', { customerId: 'contoso', bandwidthMbps: 2000 }),
      );
      expect(response.status).toBe(200);
      expect(response.body.summary).toEqual({ create: 0, update: 2, delete: 0, unchanged: 0 });
      expect(response.body.plan).toEqual({ kind: 'resize-in-place', stages: [['circuit:a'], ['circuit:b']], steps: 2 });
    });

    it('plans a decommission as the teardown of what Azure holds', async () => {
      const response = await post(
        cloudEvent(DECOMMISSION_REQUESTED, 'contoso', {
          customerId: 'contoso',
          confirmCustomerId: 'contoso',
          reason: 'Contract ends; moving to own ports',
          approvedBy: 'maria.lopez@csp.example',
        }),
      );
      expect(response.status).toBe(200);
      expect(response.body.summary).toEqual({ create: 0, update: 0, delete: DESIRED.length, unchanged: 0 });
      expect(response.body.plan.kind).toBe('teardown');
      expect((response.body.plan.stages as string[][]).flat()).toEqual(
        expect.arrayContaining(['request-deprovision:a', 'circuit:b']),
      );
    });

    it("answers 403 when another customer's request lists Contoso's subscription", async () => {
      const fabrikam = asFabrikam(SPEC);
      fabrikam.customer.subscriptions = [...fabrikam.customer.subscriptions, CONTOSO_WORKLOAD_SUBSCRIPTION_ID];
      const response = await post(cloudEvent(ONBOARDING_REQUESTED, 'fabrikam', fabrikam));
      expect(response.status).toBe(403);
      expect(response.contentType).toBe('application/problem+json');
      expect(response.body.code).toBe('ScopeViolation');
      expect(response.body.errors).toEqual([expect.objectContaining({ path: 'data.customer.subscriptions[2]' })]);
    });

    it('answers 422 for a bandwidth change of a customer nobody registered', async () => {
      const response = await post(
        cloudEvent(BANDWIDTH_CHANGE_REQUESTED, 'northwind', { customerId: 'northwind', bandwidthMbps: 2000 }),
      );
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('UnknownCustomer');
    });
  });
});
