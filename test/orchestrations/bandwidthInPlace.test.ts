/**
 * Bandwidth and SKU changes in place, through the real Service Bus trigger, intake, Durable host simulator, ARM
 * simulator over HTTPS and Azurite: one onboarding, then each request against the same two circuits.
 */
import { DEFAULT_SERVICE_PROVIDERS } from '../../local/arm';
import { overlaps } from '../../local/arm/journal';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import { circuitName } from '../../shared/domain/naming';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { useFunctionsHarness, type FunctionsHarness } from '../support/functionsHarness';
import { seedCustomerNetworks } from '../support/onboardingHarness';
import {
  DAY,
  expectNoUnfinishedCheckpoints,
  HOUR,
  withNewGateways,
  writesByOperation,
} from '../support/onboardingScenarios';
import { bandwidthEvent, onboardingEvent } from '../support/requestCloudEvents';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

jest.setTimeout(180_000);

/** Equinix without 5 Gbps: Azure's list of what it sells decides, before any write. */
const WITHOUT_5G = DEFAULT_SERVICE_PROVIDERS.map((provider) =>
  provider.name === 'Equinix' ? { ...provider, bandwidthsOffered: [50, 100, 200, 500, 1000, 2000, 10000] } : provider,
);

const circuitId = (leg: 'a' | 'b') =>
  `/subscriptions/${CSP_SUBSCRIPTION_ID}/resourceGroups/rg-er-contoso/providers/Microsoft.Network/expressRouteCircuits/${circuitName('contoso', leg)}`;

interface CircuitView {
  readonly bandwidth: unknown;
  readonly peerings: number;
  readonly authorizations: number;
}

function circuitOf(harness: FunctionsHarness, leg: 'a' | 'b'): CircuitView {
  const properties = (harness.arm.control.get(circuitId(leg))?.properties ?? {}) as {
    serviceProviderProperties?: { bandwidthInMbps?: number };
    peerings?: unknown[];
    authorizations?: unknown[];
  };
  return {
    bandwidth: properties.serviceProviderProperties?.bandwidthInMbps,
    peerings: properties.peerings?.length ?? 0,
    authorizations: properties.authorizations?.length ?? 0,
  };
}

/** Writes of one circuit itself (not its children), from the simulator's journal. */
function circuitWrites(harness: FunctionsHarness, leg: 'a' | 'b') {
  return harness.arm.control
    .journal(circuitId(leg))
    .filter((entry) => entry.resourceId.toLowerCase() === circuitId(leg).toLowerCase());
}

describe('bandwidth changes in place, one circuit at a time', () => {
  const started = useFunctionsHarness({
    arm: { provider: { provisionAfterMs: 2 * HOUR }, serviceProviders: WITHOUT_5G },
  });
  const spec = withNewGateways(validConnectThroughSpec());
  let before: { a: CircuitView; b: CircuitView };

  const change = async (requestId: string, data: Record<string, unknown>, deliveryCount = 1) => {
    const harness = started();
    const delivery = await harness.deliver('bandwidth', bandwidthEvent(requestId, data), {
      messageId: requestId,
      deliveryCount,
    });
    if (delivery.parked !== undefined) return { parked: delivery.parked, status: undefined };
    const status = await harness.durable.waitForCompletion(InstanceIds.forRequest(requestId), {
      maxVirtualMs: 2 * DAY,
    });
    return { parked: undefined, status };
  };

  beforeAll(async () => {
    const harness = started();
    seedCustomerNetworks(harness.arm, spec);
    await harness.deliver('onboarding', onboardingEvent('bw-onboard', spec), { messageId: 'bw-onboard' });
    const onboarded = await harness.durable.waitForCompletion(InstanceIds.forRequest('bw-onboard'), {
      maxVirtualMs: 10 * DAY,
    });
    expect(onboarded.runtimeStatus).toBe('Completed');
    before = { a: circuitOf(harness, 'a'), b: circuitOf(harness, 'b') };
    expect(before.a.bandwidth).toBe(1000);
  });

  it('grows both circuits with exactly two circuit writes, leg b first, never both at once', async () => {
    const harness = started();
    harness.arm.control.resetCounters();
    const journalBefore = { a: circuitWrites(harness, 'a').length, b: circuitWrites(harness, 'b').length };
    const changeStarted = harness.clock.now();

    const { status } = await change('bw-up', { bandwidthMbps: 2000 });
    expect(status?.runtimeStatus).toBe('Completed');
    expect(status?.output).toMatchObject({
      status: 'Completed',
      pair: 'primary',
      circuits: [
        { leg: 'b', from: { bandwidthMbps: 1000 }, to: { bandwidthMbps: 2000 }, written: true },
        { leg: 'a', from: { bandwidthMbps: 1000 }, to: { bandwidthMbps: 2000 }, written: true },
      ],
    });
    expect(circuitOf(harness, 'a')).toEqual({ ...before.a, bandwidth: 2000 });
    expect(circuitOf(harness, 'b')).toEqual({ ...before.b, bandwidth: 2000 });

    // Exactly two writes in all, one per circuit, and the journal shows them one after the other.
    expect(harness.arm.control.counters().total.writes).toBe(2);
    const [writeB] = circuitWrites(harness, 'b').slice(journalBefore.b);
    const [writeA] = circuitWrites(harness, 'a').slice(journalBefore.a);
    expect(writeB?.endedAt).toBeDefined();
    expect(writeA?.startedAt).toBeGreaterThanOrEqual(writeB?.endedAt ?? Infinity);
    // Onboarding builds both legs at once; from the change on, never.
    const since = (leg: 'a' | 'b') =>
      harness.arm.control.journal(circuitId(leg)).filter((entry) => entry.startedAt >= changeStarted);
    expect(since('a').length + since('b').length).toBe(2);
    expect(overlaps(since('a'), since('b'), harness.clock.now())).toEqual([]);

    const events = (await harness.composition.tables.outbound.list('contoso')).filter(
      (event) => event.type === OutboundEventTypes.bandwidthChanged,
    );
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({
        leg: 'b',
        oldBandwidthMbps: 1000,
        newBandwidthMbps: 2000,
        serviceKey: expect.any(String),
      }),
      expect.objectContaining({ leg: 'a', oldBandwidthMbps: 1000, newBandwidthMbps: 2000 }),
    ]);
    const record = await harness.composition.tables.customers.get('contoso');
    expect(record?.spec?.circuits.bandwidthMbps).toBe(2000);
    expect(record?.status).toBe('Active');
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'bw-up');
    expect(await harness.composition.tables.requests.get('bw-up')).toMatchObject({ status: 'Completed' });
  });

  it('a redelivery is a duplicate, and the same change under a new id writes nothing', async () => {
    const harness = started();
    harness.arm.control.resetCounters();
    const redelivered = await harness.deliver('bandwidth', bandwidthEvent('bw-up', { bandwidthMbps: 2000 }), {
      messageId: 'bw-up',
      deliveryCount: 2,
    });
    expect(redelivered.parked).toBeUndefined();
    const runs = (await harness.durable.listInstances()).filter((i) => i.name === Orchestrations.changeBandwidth);
    expect(runs.map((run) => run.instanceId)).toEqual(['req-bw-up']);

    const { status } = await change('bw-up-again', { bandwidthMbps: 2000 });
    expect(status?.output).toMatchObject({
      status: 'Completed',
      circuits: [
        { leg: 'b', written: false },
        { leg: 'a', written: false },
      ],
    });
    expect(harness.arm.control.counters().total.writes).toBe(0);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'bw-up-again');
  });

  it('refuses a decrease without approval, and a bandwidth the provider does not sell, with no write', async () => {
    const harness = started();
    harness.arm.control.resetCounters();
    const decrease = await change('bw-down', { bandwidthMbps: 1000 });
    expect(decrease.parked).toMatchObject({
      reason: 'ValidationFailed',
      issues: [expect.objectContaining({ path: 'data.approval', rule: 'bandwidth.approval-required' })],
    });

    const unsold = await change('bw-5g', { bandwidthMbps: 5000 });
    expect(unsold.status?.runtimeStatus).toBe('Completed');
    expect(unsold.status?.output).toMatchObject({
      status: 'Rejected',
      issues: [expect.objectContaining({ path: 'data.bandwidthMbps', rule: 'bandwidth.provider-offers' })],
    });
    expect(JSON.stringify(unsold.status?.output)).toContain('does not sell 5000 Mbps');
    expect(harness.arm.control.counters().total.writes).toBe(0);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'bw-5g');
    expect(circuitOf(harness, 'a').bandwidth).toBe(2000);
  });

  it('when Azure refuses leg b, leg a is untouched and the request fails with the step and code', async () => {
    const harness = started();
    const journalA = circuitWrites(harness, 'a').length;
    harness.arm.control.refuseNextWrite(circuitId('b'), {
      code: 'ExpressRouteCircuitPortCapacityExceeded',
      message: 'The provider port has no capacity for 10000 Mbps.',
    });
    const { status } = await change('bw-10g', { bandwidthMbps: 10000 });
    expect(status?.runtimeStatus).toBe('Failed');
    expect(String((status?.customStatus as { detail?: string }).detail)).toMatch(
      /^bandwidth:b: ExpressRouteCircuitPortCapacityExceeded/,
    );
    expect(circuitWrites(harness, 'a')).toHaveLength(journalA);
    expect(circuitOf(harness, 'a').bandwidth).toBe(2000);

    const checkpoints = await harness.composition.tables.checkpoints.list('contoso', 'bw-10g');
    expect(checkpoints.find((c) => c.stepKey === 'request')).toMatchObject({ status: 'Failed' });
    expect(checkpoints.find((c) => c.stepKey === 'bandwidth:a')).toBeUndefined();
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'bw-10g');
    const failed = (await harness.composition.tables.outbound.list('contoso')).find(
      (event) => event.type === OutboundEventTypes.bandwidthChangeFailed,
    );
    expect(failed?.data).toMatchObject({ stepKey: 'bandwidth:b', changed: [] });
    // The spec still says what both circuits run at.
    expect((await harness.composition.tables.customers.get('contoso'))?.spec?.circuits.bandwidthMbps).toBe(2000);
  });

  it('reads the routes Azure reports before leaving Premium: too many for Standard is refused with no write', async () => {
    const harness = started();
    const premium = await change('bw-premium', {
      bandwidthMbps: 2000,
      sku: { tier: 'Premium', family: 'MeteredData' },
    });
    expect(premium.status?.output).toMatchObject({
      status: 'Completed',
      circuits: [{ written: true }, { written: true }],
    });

    harness.arm.control.setPrivatePeeringRoutes(circuitId('a'), 4500);
    harness.arm.control.resetCounters();
    const standard = await change('bw-standard', {
      bandwidthMbps: 2000,
      sku: { tier: 'Standard', family: 'MeteredData' },
    });
    expect(standard.status?.output).toMatchObject({
      status: 'Rejected',
      issues: [expect.objectContaining({ path: 'data.sku.tier', rule: 'limit.private-peering-routes' })],
    });
    expect(JSON.stringify(standard.status?.output)).toContain('leg a');
    // Only the routes-table summaries (POST, read-only) were sent; no PUT, no DELETE.
    expect(Object.keys(writesByOperation(harness)).filter((operation) => !operation.startsWith('POST'))).toEqual([]);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'bw-standard');
  });
});
