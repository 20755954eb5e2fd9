import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import type { OnboardCustomerInput } from '../../orchestrations/contracts';
import { planTopology } from '../../shared/domain/planner';
import { deriveTopology } from '../../shared/domain/topology';
import type { CustomerSpec } from '../../shared/domain/spec';
import {
  CSP_TENANT_ID,
  seedCustomerNetworks,
  startOnboardingHarness,
  type OnboardingHarness,
} from '../support/onboardingHarness';
import { validConnectThroughSpec, validConnectToSpec } from '../support/specs';

const HOUR = 3_600_000;
/** A BGP MD5 key for the fixtures' secret reference; the secret scan below looks for it everywhere. */
const MD5_VALUE = 'md5-Zq8vX3-secret-value';
process.env.ERCSP_SECRET__kv_ercsp_prod__contoso_bgp_md5 = MD5_VALUE;
const DAY = 24 * HOUR;

/** The fixtures name one existing gateway; here every gateway is built by the automation. */
function withNewGateways(spec: CustomerSpec): CustomerSpec {
  return { ...spec, vnetLinks: spec.vnetLinks.map((link) => ({ ...link, gateway: { sku: link.gateway.sku } })) };
}

async function onboard(harness: OnboardingHarness, spec: CustomerSpec, requestId: string) {
  seedCustomerNetworks(harness.arm, spec);
  const input: OnboardCustomerInput = { requestId, spec, timing: harness.timing };
  const instanceId = await harness.durable.startNew(Orchestrations.onboardCustomer, {
    instanceId: InstanceIds.forRequest(requestId),
    input,
  });
  const started = harness.clock.now();
  const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 30 * DAY });
  return { instanceId, status, makespanMs: harness.clock.now() - started };
}

describe.each([
  ['connect-through', () => withNewGateways(validConnectThroughSpec())],
  ['connect-to', () => withNewGateways(validConnectToSpec())],
])('onboarding a %s customer', (_model, makeSpec) => {
  let harness: OnboardingHarness;
  beforeAll(async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 3 * DAY } } });
  }, 60_000);
  afterAll(async () => {
    await harness.stop();
  });

  it('builds exactly the desired topology, checkpointing every step', async () => {
    const spec = makeSpec();
    const { status } = await onboard(harness, spec, `onboard-${spec.customer.id}-1`);
    const failures = (await harness.composition.tables.checkpoints.list(spec.customer.id))
      .filter((r) => r.status === 'Failed')
      .map((r) => `${r.stepKey}: ${r.errorCode ?? ''} ${r.errorMessage ?? ''}`);
    expect({ runtimeStatus: status.runtimeStatus, failures }).toEqual({ runtimeStatus: 'Completed', failures: [] });

    const desired = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources;
    const held = harness.arm.control.resources();
    const heldIds = new Set(held.map((r) => r.id.toLowerCase()));
    for (const intent of desired) {
      if (intent.kind === 'subnetAssociation') continue;
      expect(heldIds.has(intent.id.toLowerCase())).toBe(true);
    }
    const circuits = held.filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits');
    expect(circuits).toHaveLength(2);

    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id);
    const failed = rows.filter((r) => r.status !== 'Succeeded' && r.status !== 'Skipped');
    expect(failed).toEqual([]);
    const keys = new Set(rows.map((r) => r.stepKey));
    const plan = planTopology(deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }));
    expect(plan.steps.map((step) => step.key).filter((key) => !keys.has(key))).toEqual([]);
    for (const extra of ['validate', 'register', 'verify']) expect(keys).toContain(extra);
    expect(keys).toContain('request');
    expect(keys).toContain('await-provider:a');
    expect(keys).toContain('await-provider:b');
    const customer = await harness.composition.tables.customers.get(spec.customer.id);
    expect(customer?.status).toBe('Active');
  }, 120_000);

  it('keeps secrets out of history, checkpoints and logs', async () => {
    const spec = makeSpec();
    const authorizationKeys = harness.arm.control.resources().flatMap((r) => {
      const key = (r.properties as { authorizationKey?: unknown }).authorizationKey;
      return typeof key === 'string' ? [key] : [];
    });
    expect(authorizationKeys.length).toBeGreaterThan(0);
    const secrets = [MD5_VALUE, ...authorizationKeys];
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
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });
});
