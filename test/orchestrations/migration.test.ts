/**
 * Make-before-break migration through the Durable host simulator, the ARM simulator over HTTPS and Azurite: a
 * customer onboarded at 1000 Mbps moves to a new pair at 500 Mbps. First the provider never provisions the new pair
 * (escalation, the old pair untouched and connected, nothing deleted); then the provider finishes and the request is
 * sent again under a new id: the new pair is connected, the traffic moves, the old pair is retired after the provider
 * deprovisioned it, and at no instant is a VNet without a connection.
 */
import { createProviderDesk, type ProviderDesk } from '../../local/arm/providerDesk';
import type { JournalEntry } from '../../local/arm/journal';
import { InstanceIds, Orchestrations } from '../../orchestrations/contracts';
import { circuitName } from '../../shared/domain/naming';
import { circuitPairsOf } from '../../shared/domain/pairs';
import type { BandwidthChangeData } from '../../shared/messages';
import { OutboundEventTypes, type OutboundEvent } from '../../shared/ports/outbound';
import type { MigrateCircuitPairInput, MigrateCircuitPairOutput } from '../../shared/ports/requestWorkflows';
import { startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import {
  DAY,
  expectNoUnfinishedCheckpoints,
  HOUR,
  runOnboarding,
  withNewGateways,
} from '../support/onboardingScenarios';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

jest.setTimeout(300_000);

const NEW_PAIR = 'primary-g2';
const APPROVAL = { approvedBy: 'maria.lopez@csp.example', ticket: 'CHG0012399', approvedAt: '2026-11-20T07:00:00Z' };
const CHANGE: BandwidthChangeData = {
  customerId: 'contoso',
  bandwidthMbps: 500,
  approval: APPROVAL,
  reason: 'the customer moves most traffic to the internet edge',
  newPair: {
    privatePeering: [
      { primaryPeerAddressPrefix: '192.168.101.0/30', secondaryPeerAddressPrefix: '192.168.101.4/30', vlanId: 101 },
      { primaryPeerAddressPrefix: '192.168.101.8/30', secondaryPeerAddressPrefix: '192.168.101.12/30', vlanId: 101 },
    ],
  },
};

const circuitId = (leg: 'a' | 'b', pair?: string) =>
  `/subscriptions/${CSP_SUBSCRIPTION_ID}/resourceGroups/rg-er-contoso/providers/Microsoft.Network/expressRouteCircuits/${circuitName('contoso', leg, pair)}`;

function bandwidthOf(harness: OnboardingHarness, id: string): unknown {
  const properties = harness.arm.control.get(id)?.properties as
    { serviceProviderProperties?: { bandwidthInMbps?: number } } | undefined;
  return properties?.serviceProviderProperties?.bandwidthInMbps;
}

interface ConnectionLife {
  readonly id: string;
  readonly vnet: string;
  /** When its first write (the create) ended: connected from then on. */
  readonly upFrom: number;
  /** When its delete started (Infinity while it exists). */
  readonly downFrom: number;
}

/** Every connection's life from the write journal, with the VNet its gateway serves (named in the connection). */
function connectionLives(journal: readonly JournalEntry[]): ConnectionLife[] {
  const byConnection = new Map<string, JournalEntry[]>();
  for (const entry of journal) {
    if (!/\/providers\/Microsoft\.Network\/connections\/[^/]+$/i.test(entry.resourceId)) continue;
    const key = entry.resourceId.toLowerCase();
    byConnection.set(key, [...(byConnection.get(key) ?? []), entry]);
  }
  return [...byConnection.entries()].map(([id, entries]) => {
    const created = entries.find((e) => e.method === 'PUT' && e.status === 'Succeeded');
    const deleted = entries.find((e) => e.method === 'DELETE');
    const vnet = /vnet-contoso-[a-z]+-weu/.exec(id)?.[0] ?? id;
    return { id, vnet, upFrom: created?.endedAt ?? Infinity, downFrom: deleted?.startedAt ?? Infinity };
  });
}

/** The instants in [from, to) at which a VNet had no connected connection (empty when always connected). */
function gapsOf(lives: readonly ConnectionLife[], from: number, to: number): string[] {
  const gaps: string[] = [];
  for (const vnet of new Set(lives.map((life) => life.vnet))) {
    const ofVnet = lives.filter((life) => life.vnet === vnet);
    const instants = [from, ...ofVnet.flatMap((life) => [life.upFrom, life.downFrom])].filter(
      (t) => t >= from && t < to,
    );
    for (const instant of instants) {
      if (!ofVnet.some((life) => life.upFrom <= instant && instant < life.downFrom)) {
        gaps.push(`${vnet} at ${new Date(instant).toISOString()}`);
      }
    }
  }
  return gaps;
}

describe('make-before-break migration to a smaller pair', () => {
  let harness: OnboardingHarness;
  let desk: ProviderDesk | undefined;
  /** While true, the provider never provisions the new pair's circuits. */
  let newPairStuck = true;
  let migrationStarted = 0;
  const spec = withNewGateways(validConnectThroughSpec());

  const migrate = async (requestId: string): Promise<MigrateCircuitPairOutput | undefined> => {
    const input: MigrateCircuitPairInput = { requestId, customerId: 'contoso', change: CHANGE, timing: harness.timing };
    const instanceId = await harness.durable.startNew(Orchestrations.migrateCircuitPairV2, {
      instanceId: InstanceIds.forRequest(requestId),
      input,
    });
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: 40 * DAY });
    return status.runtimeStatus === 'Completed' ? (status.output as MigrateCircuitPairOutput) : undefined;
  };
  const eventsOf = async (requestId: string, type: string) =>
    (await harness.composition.tables.outbound.list('contoso')).filter(
      (event) => event.type === type && event.data.requestId === requestId,
    );

  beforeAll(async () => {
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: 2 * HOUR, deprovisionAfterMs: 6 * HOUR } },
      env: {
        ERCSP_PROVIDER_POLL_MAX: '6h',
        ERCSP_PROVIDER_REMINDER_EVERY: '1d',
        ERCSP_PROVIDER_DEADLINE: '2d',
        ERCSP_APPROVAL_TIMEOUT: '1d',
      },
      outboundTap: (event: OutboundEvent) => {
        desk?.receive(event);
        const id = event.data.circuitId;
        if (newPairStuck && event.type === OutboundEventTypes.serviceKeyReady && typeof id === 'string') {
          if (id.includes(NEW_PAIR)) harness.arm.control.setProviderState(id, 'Provisioning');
        }
      },
    });
    desk = createProviderDesk(harness.arm.control);
    const onboarded = await runOnboarding(harness, spec, 'mig-onboard');
    expect(onboarded.status.runtimeStatus).toBe('Completed');
    expect(bandwidthOf(harness, circuitId('a'))).toBe(1000);
    migrationStarted = harness.clock.now();
  });
  afterAll(async () => {
    await harness.stop();
  });

  it('provider never provisions the new pair: escalation, the old pair untouched and connected, nothing deleted', async () => {
    harness.arm.control.resetCounters();
    const oldPairBefore = [circuitId('a'), circuitId('b')].map((id) => harness.arm.control.get(id));
    const output = await migrate('mig-stuck');
    expect(output).toBeUndefined(); // the request failed

    expect(harness.arm.control.counters().total.deletes).toBe(0);
    expect([circuitId('a'), circuitId('b')].map((id) => harness.arm.control.get(id))).toEqual(oldPairBefore);
    expect(await eventsOf('mig-stuck', OutboundEventTypes.provisioningEscalated)).toHaveLength(2);
    const [failed] = await eventsOf('mig-stuck', OutboundEventTypes.migrationFailed);
    expect(failed?.data).toMatchObject({ trafficMoved: false, oldPair: 'primary', newPair: NEW_PAIR });
    // The new pair's circuits exist (billed) and are reported; nothing was connected to them.
    expect(bandwidthOf(harness, circuitId('a', NEW_PAIR))).toBe(500);
    const connections = harness.arm.control.resources().filter((r) => /\/connections\//i.test(r.id));
    expect(connections.some((c) => c.id.includes(NEW_PAIR))).toBe(false);
    expect(
      connections.every((c) => (c.properties as { connectionStatus?: string }).connectionStatus === 'Connected'),
    ).toBe(true);
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'mig-stuck');
  });

  it('once the provider finishes, a new request moves every VNet to the new pair and retires the old one, never disconnected', async () => {
    newPairStuck = false;
    for (const leg of ['a', 'b'] as const) harness.arm.control.provision(circuitId(leg, NEW_PAIR));
    harness.arm.control.resetCounters();

    const output = await migrate('mig-done');
    expect(output).toMatchObject({ status: 'Completed', oldPair: 'primary', newPair: NEW_PAIR });

    // The new pair at 500 Mbps serves every VNet; the old circuits are gone, deleted after the provider let go.
    expect(bandwidthOf(harness, circuitId('a', NEW_PAIR))).toBe(500);
    expect(bandwidthOf(harness, circuitId('b', NEW_PAIR))).toBe(500);
    expect(harness.arm.control.get(circuitId('a'))).toBeUndefined();
    expect(harness.arm.control.get(circuitId('b'))).toBeUndefined();
    expect(await eventsOf('mig-done', OutboundEventTypes.deprovisionRequested)).toHaveLength(2);
    const billingStops = output?.status === 'Completed' ? output.billingStops : [];
    expect(billingStops.map((stop) => stop.circuitId.toLowerCase()).sort()).toEqual(
      [circuitId('a'), circuitId('b')].map((id) => id.toLowerCase()).sort(),
    );
    const connections = harness.arm.control.resources().filter((r) => /\/connections\//i.test(r.id));
    expect(connections.length).toBe(4);
    for (const connection of connections) {
      expect(connection.id).toContain(NEW_PAIR);
      expect(connection.properties).toMatchObject({ connectionStatus: 'Connected' });
    }
    // Back at the links' own weights once the old pair is gone.
    expect(connections.map((c) => (c.properties as { routingWeight?: number }).routingWeight).sort()).toEqual([
      0, 0, 10, 10,
    ]);

    // At every instant since the migration started, every VNet had a connected connection.
    const lives = connectionLives(harness.arm.control.journal());
    expect(new Set(lives.map((life) => life.vnet)).size).toBe(2);
    expect(gapsOf(lives, migrationStarted, harness.clock.now())).toEqual([]);

    // The registry's spec names the new pair; the old one is history.
    const record = await harness.composition.activities.customers.get('contoso');
    expect(record?.spec === undefined ? [] : circuitPairsOf(record.spec).map((p) => [p.name, p.bandwidthMbps])).toEqual(
      [[NEW_PAIR, 500]],
    );
    expect(record?.status).toBe('Active');
    await expectNoUnfinishedCheckpoints(harness, 'contoso', 'mig-done');
  });
});
