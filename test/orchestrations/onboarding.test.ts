/**
 * Onboarding end to end through the Durable host simulator, the ARM simulator over HTTPS and Azurite, for both
 * models. Each model is onboarded once, in `beforeAll`; every test reads that run, none depends on another.
 */
import { planTopology } from '../../shared/domain/planner';
import { deriveTopology } from '../../shared/domain/topology';
import type { CustomerSpec } from '../../shared/domain/spec';
import type { InstanceStatus } from '../../local/durable';
import { CSP_TENANT_ID, startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import { MD5_VALUE, PROVIDER_DELAY, runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { validConnectThroughSpec, validConnectToSpec } from '../support/specs';

/** The ensure activities of operations that take minutes in Azure. */
const LONG_ENSURES: ReadonlySet<string> = new Set([
  'ensureCircuit',
  'ensurePeering',
  'ensureAuthorization',
  'ensureGateway',
  'ensureConnection',
]);

describe.each([
  ['connect-through', () => withNewGateways(validConnectThroughSpec())],
  ['connect-to', () => withNewGateways(validConnectToSpec())],
])('onboarding a %s customer', (_model, makeSpec) => {
  const spec: CustomerSpec = makeSpec();
  const requestId = `onboard-${spec.customer.id}-1`;
  let harness: OnboardingHarness;
  let status: InstanceStatus;
  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: PROVIDER_DELAY } } });
    ({ status } = await runOnboarding(harness, spec, requestId));
  }, 180_000);
  afterAll(async () => {
    await harness.stop();
  });

  it('builds exactly the desired topology', async () => {
    const failures = (await harness.composition.tables.checkpoints.list(spec.customer.id))
      .filter((r) => r.status === 'Failed')
      .map((r) => `${r.stepKey}: ${r.errorCode ?? ''} ${r.errorMessage ?? ''}`);
    expect({ runtimeStatus: status.runtimeStatus, failures }).toEqual({ runtimeStatus: 'Completed', failures: [] });

    const desired = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources;
    const held = harness.arm.control.resources();
    const heldIds = new Set(held.map((r) => r.id.toLowerCase()));
    const missing = desired.filter(
      (intent) => intent.kind !== 'subnetAssociation' && !heldIds.has(intent.id.toLowerCase()),
    );
    expect(missing.map((intent) => intent.id)).toEqual([]);
    expect(held.filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits')).toHaveLength(2);
    const customer = await harness.composition.tables.customers.get(spec.customer.id);
    expect(customer?.status).toBe('Active');
  });

  it('checkpoints every plan step and the workflow’s own steps, and leaves none unfinished', async () => {
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id, requestId);
    expect(rows.filter((r) => r.status !== 'Succeeded' && r.status !== 'Skipped')).toEqual([]);
    const keys = new Set(rows.map((r) => r.stepKey));
    const plan = planTopology(deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }));
    expect(plan.steps.map((step) => step.key).filter((key) => !keys.has(key))).toEqual([]);
    for (const own of ['validate', 'register', 'verify', 'request', 'await-provider:a', 'await-provider:b']) {
      expect(keys).toContain(own);
    }
  });

  it('hands the provider real service keys only', async () => {
    const events = await harness.composition.tables.outbound.list(spec.customer.id);
    const keys = events
      .filter((event) => event.type === 'com.csp.expressroute.provider.servicekey.ready')
      .map((event) => (event.data as { serviceKey?: string }).serviceKey);
    const circuits = harness.arm.control
      .resources()
      .filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits')
      .map((r) => (r.properties as { serviceKey?: string }).serviceKey);
    expect(keys.sort()).toEqual(circuits.sort());
    expect(keys).not.toContain('00000000-0000-0000-0000-000000000000');
  });

  it('waits for no ARM operation of minutes inside an activity: each is started, then read on durable timers', async () => {
    const started: string[] = [];
    for (const instance of await harness.durable.listInstances()) {
      for (const event of await harness.durable.getHistory(instance.instanceId)) {
        const { Name: name, Input: input } = event as { Name?: string; Input?: string | null };
        if (name === undefined || !LONG_ENSURES.has(name)) continue;
        const { waitForCompletion, stepKey } = JSON.parse(input ?? '{}') as {
          waitForCompletion?: boolean;
          stepKey?: string;
        };
        expect([stepKey, waitForCompletion]).toEqual([stepKey, false]);
        started.push(name);
      }
    }
    // The check above saw them all: every kind of operation of minutes was started at least once.
    for (const name of ['ensureCircuit', 'ensurePeering', 'ensureGateway', 'ensureConnection']) {
      expect(started).toContain(name);
    }
  });

  it('keeps secrets out of history, checkpoints, events and logs', async () => {
    const authorizationKeys = harness.arm.control.resources().flatMap((r) => {
      const key = (r.properties as { authorizationKey?: unknown }).authorizationKey;
      return typeof key === 'string' ? [key] : [];
    });
    expect(authorizationKeys.length).toBeGreaterThan(0);
    const histories: unknown[] = [];
    for (const instance of await harness.durable.listInstances()) {
      histories.push(instance, await harness.durable.getHistory(instance.instanceId));
    }
    const stored = JSON.stringify({
      histories,
      checkpoints: await harness.composition.tables.checkpoints.list(spec.customer.id),
      events: await harness.composition.tables.outbound.list(spec.customer.id),
      logs: harness.logs,
    });
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of [MD5_VALUE, ...authorizationKeys]) expect(stored).not.toContain(secret);
  });
});
