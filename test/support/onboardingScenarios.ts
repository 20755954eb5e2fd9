/** Shared steps of the onboarding scenarios: specs the simulators can host, and running one request. */
import { InstanceIds, Orchestrations, type OnboardCustomerInput } from '../../orchestrations/contracts';
import type { Leg } from '../../shared/domain/intents';
import type { CustomerSpec } from '../../shared/domain/spec';
import type { InstanceStatus } from '../../local/durable';
import { seedCustomerNetworks, type OnboardingHarness } from './onboardingHarness';
import { CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_TENANT_ID, CONTOSO_WORKLOAD_SUBSCRIPTION_ID } from './specs';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * The provider's delay in suites about what happens around the wait rather than the wait itself: two hours, after
 * the gateway builds (38 min), as real gateways finish long before a provider. Days and weeks of waiting are
 * providerWait.test.ts's and the reliability suite's; here they would only cost test time.
 */
export const PROVIDER_DELAY = 2 * HOUR;

/** A BGP MD5 key for the fixtures' secret references (resolved from the environment, as configured). */
export const MD5_VALUE = 'md5-Zq8vX3-secret-value';
process.env.ERCSP_SECRET__kv_ercsp_prod__contoso_bgp_md5 = MD5_VALUE;
process.env.ERCSP_SECRET__kv_ercsp_prod__fabrikam_bgp_md5 = MD5_VALUE;

/** The fixtures name one existing gateway; in these scenarios the automation builds every gateway. */
export function withNewGateways(spec: CustomerSpec): CustomerSpec {
  return { ...spec, vnetLinks: spec.vnetLinks.map((link) => ({ ...link, gateway: { sku: link.gateway.sku } })) };
}

/** The same estate for another customer, in its own tenant and subscriptions. */
export function asFabrikam(spec: CustomerSpec): CustomerSpec {
  const text = JSON.stringify(spec)
    .replaceAll(CONTOSO_TENANT_ID, '9d1c7e55-6a43-4b2f-9e10-5f4a3b2c1d0e')
    .replaceAll(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, 'c3d4e5f6-3333-4a71-8cbd-2e3f4a5b6c7d')
    .replaceAll(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, 'd4e5f6a7-4444-4b82-9dce-3f4a5b6c7d8e')
    .replaceAll('contoso', 'fabrikam')
    .replaceAll('Contoso', 'Fabrikam');
  return JSON.parse(text) as CustomerSpec;
}

/** Starts an onboarding as a request does (`orchestrator`: another version, for comparisons). */
export async function startOnboarding(
  harness: OnboardingHarness,
  spec: CustomerSpec,
  requestId: string,
  orchestrator:
    typeof Orchestrations.onboardCustomer | typeof Orchestrations.onboardCustomerV2 = Orchestrations.onboardCustomerV2,
): Promise<string> {
  seedCustomerNetworks(harness.arm, spec);
  const input: OnboardCustomerInput = { requestId, spec, timing: harness.timing };
  return harness.durable.startNew(orchestrator, {
    instanceId: InstanceIds.forRequest(requestId),
    input,
  });
}

export async function runOnboarding(
  harness: OnboardingHarness,
  spec: CustomerSpec,
  requestId: string,
): Promise<{ instanceId: string; status: InstanceStatus; makespanMs: number }> {
  const started = harness.clock.now();
  const instanceId = await startOnboarding(harness, spec, requestId);
  const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 60 * DAY });
  return { instanceId, status, makespanMs: harness.clock.now() - started };
}

/**
 * Fails naming every checkpoint of the request still `Started` or `Waiting`: when a request has ended, every step
 * has either finished or said why not.
 */
export async function expectNoUnfinishedCheckpoints(
  harness: OnboardingHarness,
  customerId: string,
  requestId: string,
): Promise<void> {
  const checkpoints = await harness.composition.tables.checkpoints.list(customerId, requestId);
  const unfinished = checkpoints.filter((c) => c.status === 'Started' || c.status === 'Waiting');
  expect(unfinished.map((c) => `${c.stepKey}: ${c.status}`)).toEqual([]);
}

export function providerWaitInstance(requestId: string, leg: Leg): string {
  return InstanceIds.providerWait(InstanceIds.forRequest(requestId), leg);
}

/**
 * The stated bound on provider polls over a wait of `waitMs`: the interval doubles from `min` to `max`
 * (log2(max/min) + 1 polls), then one poll per `max`, plus one wake-up per reminder and the final read.
 */
export function maxProviderPolls(waitMs: number, timing: OnboardingHarness['timing']): number {
  const ramp = Math.ceil(Math.log2(timing.providerPollMaxMs / timing.providerPollMinMs)) + 1;
  return ramp + Math.ceil(waitMs / timing.providerPollMaxMs) + Math.ceil(waitMs / timing.providerReminderEveryMs) + 1;
}

/** The stated bound on history events of one provider-wait generation (see awaitProvider.orchestrator.ts). */
export const MAX_PROVIDER_WAIT_HISTORY_EVENTS = 16;

/** Writes per ARM operation (PUT/POST/PATCH and DELETE), for comparing two runs. */
export function writesByOperation(harness: OnboardingHarness): Record<string, number> {
  return Object.fromEntries(
    Object.entries(harness.arm.control.counters().byOperation).filter(([operation]) =>
      /^(PUT|POST|PATCH|DELETE) /.test(operation),
    ),
  );
}
