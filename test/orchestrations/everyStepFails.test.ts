/**
 * Every request reaches a final ledger outcome. A failure is injected at every step of the onboarding — each kind of
 * resource the plan writes refuses every write (ARM 500s on every attempt, so the adapter's retry budget runs out and
 * the step fails for good), and once an activity crashes until Durable's retries run out — and each request still
 * ends `Failed` in the ledger with an error code, its `request` checkpoint `Failed`, no checkpoint left `Started` or
 * `Waiting`, nothing deleted, and the customer's lease free for the next request.
 */
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  expectNoUnfinishedCheckpoints,
  MD5_VALUE,
  startOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import {
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_SUBSCRIPTION_ID,
  validConnectThroughSpec,
} from '../support/specs';
import type { CustomerSpec } from '../../shared/domain/spec';

jest.setTimeout(300_000);

/** The CSP subscription holding customer `index`'s circuits: one each, so that no case meets Azure's circuit quota. */
const cspSubscriptionFor = (index: number): string =>
  `${CSP_SUBSCRIPTION_ID.slice(0, -2)}${index.toString(16).padStart(2, '0')}`;

/** The same estate for customer `name`, in its own tenant and subscriptions (GUIDs ending in `index`). */
function asCustomer(spec: CustomerSpec, name: string, index: number): CustomerSpec {
  const suffix = index.toString(16).padStart(2, '0');
  const text = JSON.stringify(spec)
    .replaceAll(CSP_SUBSCRIPTION_ID, cspSubscriptionFor(index))
    .replaceAll(CONTOSO_TENANT_ID, `9d1c7e55-6a43-4b2f-9e10-5f4a3b2c1d${suffix}`)
    .replaceAll(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, `c3d4e5f6-3333-4a71-8cbd-2e3f4a5b6c${suffix}`)
    .replaceAll(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, `d4e5f6a7-4444-4b82-9dce-3f4a5b6c7d${suffix}`)
    .replaceAll('contoso', name)
    .replaceAll('Contoso', name);
  return JSON.parse(text) as CustomerSpec;
}

/** Resource types (as in ARM URLs) the plan writes, each with the step its failure stops. */
const WRITTEN_TYPES: readonly { readonly resourceType: string; readonly step: RegExp }[] = [
  { resourceType: 'expressRouteCircuits', step: /^circuit:/ },
  { resourceType: 'expressRouteCircuits/peerings', step: /^peering:/ },
  { resourceType: 'expressRouteCircuits/authorizations', step: /^authorization:/ },
  { resourceType: 'routeFilters', step: /^route-filter/ },
  { resourceType: 'virtualNetworkGateways', step: /^gateway:/ },
  { resourceType: 'connections', step: /^connection:/ },
  { resourceType: 'routeTables', step: /^route-table:/ },
  { resourceType: 'networkSecurityGroups', step: /^nsg:/ },
  { resourceType: 'virtualNetworks/subnets', step: /^subnet:/ },
];

/** Customer indexes: one per written resource type, and the crash case's. */
const CRASH_CASE = 0xc0;
const CASE_INDEXES = [...WRITTEN_TYPES.keys(), CRASH_CASE];

describe('a failure at every step of the onboarding', () => {
  let harness: OnboardingHarness;
  beforeAll(async () => {
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 2 * 60_000 } },
      env: { ERCSP_CSP_SUBSCRIPTION_IDS: CASE_INDEXES.map(cspSubscriptionFor).join(',') },
    });
  });
  afterAll(async () => {
    await harness.stop();
  });
  afterEach(() => {
    harness.arm.control.setFaults(undefined);
    jest.restoreAllMocks();
  });

  /** Records the request in the ledger as the intake does, runs it to its end, and checks it ended truthfully. */
  async function expectFailedTruthfully(spec: CustomerSpec, requestId: string): Promise<string> {
    const customerId = spec.customer.id;
    await harness.composition.tables.requests.recordReceived({
      requestId,
      type: 'com.csp.expressroute.customer.onboard',
      customerId,
      receivedAt: new Date(harness.clock.now()).toISOString(),
      status: 'Accepted',
    });
    const instanceId = await startOnboarding(harness, spec, requestId);
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 30 * DAY });
    expect(status.runtimeStatus).toBe('Failed');

    const record = await harness.composition.tables.requests.get(requestId);
    expect(record?.status).toBe('Failed');
    expect(record?.error?.code).toMatch(/^[A-Za-z]+$/);

    const checkpoints = await harness.composition.tables.checkpoints.list(customerId, requestId);
    expect(checkpoints.find((c) => c.stepKey === 'request')).toMatchObject({ status: 'Failed' });
    await expectNoUnfinishedCheckpoints(harness, customerId, requestId);

    expect(await harness.composition.tables.leases.current(customerId)).toBeUndefined();
    expect(harness.arm.control.counters().total.deletes).toBe(0);
    return (status.customStatus as { detail?: string } | undefined)?.detail ?? '';
  }

  it.each(WRITTEN_TYPES.map((entry, index) => [entry.resourceType, entry.step, index] as const))(
    'every write to %s refused: the request ends Failed and frees its lease',
    async (resourceType, step, index) => {
      const name = `failat${index}`;
      process.env[`ERCSP_SECRET__kv_ercsp_prod__${name}_bgp_md5`] = MD5_VALUE;
      const spec = asCustomer(withNewGateways(validConnectThroughSpec({ microsoftPeering: true })), name, index);
      harness.arm.control.setFaults({
        rules: [{ rate: 1, kinds: ['internalError'], methods: ['PUT'], resourceTypes: [resourceType] }],
      });
      const detail = await expectFailedTruthfully(spec, `${name}-1`);
      expect(detail).toMatch(step);
    },
  );

  /**
   * The crashed step's own checkpoint never recorded its end; the failure path closes every step still Started or
   * Waiting, so nothing says it is under way once the request has ended.
   */
  it('an activity that crashes until Durable gives up: the request ends Failed and frees its lease', async () => {
    process.env.ERCSP_SECRET__kv_ercsp_prod__crashing_bgp_md5 = MD5_VALUE;
    const spec = asCustomer(withNewGateways(validConnectThroughSpec()), 'crashing', CRASH_CASE);
    jest
      .spyOn(harness.composition.tables.customers, 'register')
      .mockRejectedValue(new Error('the registry is unreachable (injected)'));
    const detail = await expectFailedTruthfully(spec, 'crashing-1');
    expect(detail).toMatch(/^(register|request)/);
  });
});
