import { ExternalEvents, InstanceIds } from '../../orchestrations/contracts';
import { resourceNameOf } from '../../shared/domain/naming';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import type { SimulatorEvent } from '../../local/durable';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  HOUR,
  MAX_PROVIDER_WAIT_HISTORY_EVENTS,
  MINUTE,
  maxProviderPolls,
  expectNoUnfinishedCheckpoints,
  providerWaitInstance,
  runOnboarding,
  startOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(180_000);

describe('waiting for the provider', () => {
  let harness: OnboardingHarness;
  afterEach(async () => {
    await harness.stop();
  });

  it('keeps polls and history bounded over a 3-day wait', async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 3 * DAY } } });
    const spec = withNewGateways(validConnectThroughSpec());
    const largestHistory = new Map<string, number>();
    harness.durable.onEvent((event: SimulatorEvent) => {
      if (event.type === 'episodeCompleted') {
        largestHistory.set(event.name, Math.max(largestHistory.get(event.name) ?? 0, event.historyEvents));
      }
    });

    const { status } = await runOnboarding(harness, spec, 'wait-3-days');
    expect(status.runtimeStatus).toBe('Completed');

    const bound = maxProviderPolls(3 * DAY, harness.timing);
    for (const leg of ['a', 'b'] as const) {
      const wait = await harness.durable.getStatus(providerWaitInstance('wait-3-days', leg));
      const output = wait?.output as { outcome: string; polls: number };
      expect(output.outcome).toBe('provisioned');
      expect(output.polls).toBeGreaterThan(10);
      expect(output.polls).toBeLessThanOrEqual(bound);
    }
    // Circuit reads in the CSP subscription: the provider polls of both legs, plus a handful per ensure and verify.
    const circuitReads = harness.arm.control.counters().byOperation['GET Microsoft.Network/expressRouteCircuits'] ?? 0;
    expect(circuitReads).toBeLessThanOrEqual(2 * bound + 40);
    expect(largestHistory.get('awaitProvider')).toBeLessThanOrEqual(MAX_PROVIDER_WAIT_HISTORY_EVENTS);
  });

  it('ends the wait at once when ProviderProvisioned arrives', async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 'never' } } });
    const spec = withNewGateways(validConnectThroughSpec());
    const instanceId = await startOnboarding(harness, spec, 'wake-early');
    // Three hours in, the polls are at their 30-minute cap: a long sleep is pending when the event comes.
    await harness.durable.runUntilIdle({ maxVirtualMs: 3 * HOUR });
    const waiting = await harness.durable.getStatus(providerWaitInstance('wake-early', 'a'));
    expect(waiting?.runtimeStatus).toBe('Running');

    const waitEnded = new Map<string, number>();
    harness.durable.onEvent((event) => {
      if (event.type === 'instanceCompleted' && event.name === 'awaitProvider')
        waitEnded.set(event.instanceId, harness.clock.now());
    });
    const raisedAt = harness.clock.now();
    for (const circuit of harness.arm.control
      .resources()
      .filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits')) {
      harness.arm.control.provision(circuit.id);
    }
    for (const leg of ['a', 'b'] as const) {
      await harness.durable.raiseEvent(providerWaitInstance('wake-early', leg), ExternalEvents.providerProvisioned, {});
    }
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 10 * DAY });
    expect(status.runtimeStatus).toBe('Completed');
    // By now the poll interval is 30 minutes; the event ends the wait within the same virtual minute.
    for (const leg of ['a', 'b'] as const) {
      const ended = waitEnded.get(providerWaitInstance('wake-early', leg));
      expect(ended).toBeDefined();
      expect(ended! - raisedAt).toBeLessThan(1 * MINUTE);
    }
  });

  it('connects every VNet to circuit a as soon as a is provisioned, while circuit b still waits for its provider', async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 'never' } } });
    const spec = withNewGateways(validConnectThroughSpec());
    const instanceId = await startOnboarding(harness, spec, 'one-circuit-first');
    // Three hours in: both circuits wait for their provider, both gateways are built (38 minutes).
    await harness.durable.runUntilIdle({ maxVirtualMs: 3 * HOUR });
    const circuitA = harness.arm.control
      .resources()
      .find((r) => r.type === 'Microsoft.Network/expressRouteCircuits' && r.id.endsWith('-a'));
    if (circuitA === undefined) throw new Error('no circuit a');
    harness.arm.control.provision(circuitA.id);
    await harness.durable.raiseEvent(
      providerWaitInstance('one-circuit-first', 'a'),
      ExternalEvents.providerProvisioned,
    );
    const provisionedAt = harness.clock.now();
    await harness.durable.runUntilIdle({ maxVirtualMs: 1 * HOUR });

    const steps = await harness.composition.tables.checkpoints.list(spec.customer.id, 'one-circuit-first');
    const statusOf = (stepKey: string) => steps.find((step) => step.stepKey === stepKey)?.status;
    const connections = steps.filter((step) => step.stepKey.startsWith('connection:'));
    expect(connections.map((step) => [step.stepKey, step.status]).sort()).toEqual(
      spec.vnetLinks.map((link) => [`connection:${resourceNameOf(link.vnetId)}:a`, 'Succeeded']).sort(),
    );
    // Private peering (3 min), then the connections (10 min), started the moment each may be: ARM finished them
    // within 14 minutes of the provider's Provisioned (on the simulator's clock).
    const connectionWrites = harness.arm.control
      .operations()
      .filter((operation) => operation.method === 'PUT' && /\/connections\//i.test(operation.resourceId));
    expect(connectionWrites).toHaveLength(spec.vnetLinks.length);
    for (const write of connectionWrites) expect(write.completesAt - provisionedAt).toBeLessThanOrEqual(14 * MINUTE);
    expect(statusOf('await-provider:b')).toBe('Waiting');
    expect(statusOf('peering:b:AzurePrivatePeering')).toBeUndefined();
    // Authorizations were made while the provider worked, on both circuits.
    expect(statusOf(`authorization:${resourceNameOf(spec.vnetLinks[0]?.vnetId ?? '')}:b`)).toBe('Succeeded');
    expect((await harness.durable.getStatus(instanceId))?.runtimeStatus).toBe('Running');
    // Each lane's status keeps its phase while it polls its own steps: b still says it waits for its provider.
    const laneB = await harness.durable.getStatus(InstanceIds.circuitLeg(instanceId, 'b'));
    expect(laneB?.customStatus).toEqual({ phase: 'awaiting-provider', leg: 'b' });
  });

  it('goes back to sleep after a spurious ProviderProvisioned (the provider is not done yet)', async () => {
    harness = await startOnboardingHarness({ arm: { provider: { provisionAfterMs: 'never' } } });
    const instanceId = await startOnboarding(harness, withNewGateways(validConnectThroughSpec()), 'spurious-wake');
    await harness.durable.runUntilIdle({ maxVirtualMs: 3 * HOUR });
    const pollsOf = async () =>
      (
        (await harness.durable.getStatus(providerWaitInstance('spurious-wake', 'a')))?.input as {
          progress?: { polls: number };
        }
      ).progress?.polls ?? 0;
    const before = await pollsOf();
    await harness.durable.raiseEvent(
      providerWaitInstance('spurious-wake', 'a'),
      ExternalEvents.providerProvisioned,
      {},
    );
    await harness.durable.runUntilIdle({ maxVirtualMs: 6 * HOUR });
    // One extra read for the wake-up, then the usual 30-minute polls: about 12 in 6 hours, not a tight loop.
    expect((await pollsOf()) - before).toBeLessThanOrEqual(1 + 12 + 2);
    expect((await harness.durable.getStatus(instanceId))?.runtimeStatus).toBe('Running');
  });

  it('overlaps the gateway build with the provider wait: makespan is about max(wait, build) + what follows', async () => {
    const providerDelay = 2 * HOUR;
    const gatewayBuild = 38 * MINUTE;
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: providerDelay }, durations: { gateway: gatewayBuild } },
    });
    const { status, makespanMs } = await runOnboarding(harness, withNewGateways(validConnectThroughSpec()), 'makespan');
    expect(status.runtimeStatus).toBe('Completed');
    // After the provider: peerings (3 min each, one at a time), authorizations, connections (10 min) and subnets.
    const afterProvider = makespanMs - providerDelay;
    expect(afterProvider).toBeGreaterThan(10 * MINUTE);
    expect(afterProvider).toBeLessThan(gatewayBuild);
    expect(makespanMs).toBeLessThan(providerDelay + gatewayBuild);
  });

  it('sends reminders, escalates at the deadline, and deletes nothing when the provider never acts', async () => {
    // A 6-hour maximum poll interval keeps the 14 days quick to simulate; reminders and the deadline are the defaults.
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 'never' } },
      env: { ERCSP_PROVIDER_POLL_MAX: '6h' },
    });
    const spec = withNewGateways(validConnectThroughSpec());
    const { status } = await runOnboarding(harness, spec, 'never-provisioned');
    expect(status.runtimeStatus).toBe('Failed');

    const events = await harness.composition.tables.outbound.list(spec.customer.id);
    const ofType = (type: string) => events.filter((e) => e.type === type);
    // 14 days, a reminder every 2 days, per leg
    expect(ofType(OutboundEventTypes.provisioningReminder).length).toBe(2 * 6);
    expect(ofType(OutboundEventTypes.provisioningEscalated).length).toBe(2);
    expect(ofType(OutboundEventTypes.onboardingFailed).length).toBe(1);

    expect(harness.arm.control.counters().total.deletes).toBe(0);
    const circuits = harness.arm.control.resources().filter((r) => r.type === 'Microsoft.Network/expressRouteCircuits');
    expect(circuits).toHaveLength(2);
    const rows = await harness.composition.tables.checkpoints.list(spec.customer.id);
    expect(rows.find((r) => r.stepKey === 'await-provider:a')).toMatchObject({
      status: 'Failed',
      errorCode: 'ProviderDeadlineExceeded',
    });
    expect(rows.find((r) => r.stepKey === 'request')).toMatchObject({
      status: 'Failed',
      errorCode: 'ProviderDeadlineExceeded',
    });
    const customer = await harness.composition.tables.customers.get(spec.customer.id);
    expect(customer?.status).toBe('Failed');
    await expectNoUnfinishedCheckpoints(harness, spec.customer.id, 'never-provisioned');
  });
});
