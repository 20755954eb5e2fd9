/**
 * Compliance sweeps end to end, on the real stand-ins: one customer onboarded, then swept clean (0 findings, 0 ARM
 * reads), then changed out of band (a route deleted, an NSG rule added, a subnet association removed, a tag changed,
 * a circuit's bandwidth changed, a peering disabled, an NSG on GatewaySubnet, an unmanaged circuit), swept (each drift
 * found with its code, safe ones repaired under the lease, destructive ones reported with drift.detected), and swept
 * again (safe ones clean, destructive ones still reported). No sweep sends an ARM delete.
 */
import { Orchestrations } from '../../orchestrations/contracts';
import { SweepInstanceIds, type ComplianceSweepInput } from '../../orchestrations/sweeps/contracts';
import type { ResourceIntent } from '../../shared/domain/intents';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import type { StoredFinding, SweepReport } from '../../shared/ports/compliance';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import { CSP_TENANT_ID, startOnboardingHarness, type OnboardingHarness } from '../support/onboardingHarness';
import { DAY, PROVIDER_DELAY, runOnboarding, withNewGateways } from '../support/onboardingScenarios';
import { validConnectThroughSpec } from '../support/specs';

jest.setTimeout(300_000);

describe('compliance sweep', () => {
  let harness: OnboardingHarness;
  const spec: CustomerSpec = withNewGateways(validConnectThroughSpec());
  const customerId = spec.customer.id;
  let resources: readonly ResourceIntent[];

  async function sweep(sweepId: string): Promise<{ report: SweepReport; findings: readonly StoredFinding[] }> {
    const input: ComplianceSweepInput = {
      sweepId,
      trigger: 'http',
      batchSize: 10,
      concurrency: 2,
      timing: harness.timing,
    };
    const instanceId = await harness.durable.startNew(Orchestrations.complianceSweep, {
      instanceId: SweepInstanceIds.sweep(sweepId),
      input,
    });
    const status = await harness.durable.waitForCompletion(instanceId, { maxVirtualMs: DAY });
    expect(status.runtimeStatus).toBe('Completed');
    const store = harness.composition.tables.compliance;
    const report = await store.getSweep(sweepId);
    if (report === undefined) throw new Error(`no report for ${sweepId}`);
    return { report, findings: await store.openFindings(customerId) };
  }

  function intentOf<K extends ResourceIntent['kind']>(kind: K, index = 0): Extract<ResourceIntent, { kind: K }> {
    const found = resources.filter((intent): intent is Extract<ResourceIntent, { kind: K }> => intent.kind === kind);
    const intent = found[index];
    if (intent === undefined) throw new Error(`no ${kind} #${index} in the topology`);
    return intent;
  }

  beforeAll(async () => {
    harness = await startOnboardingHarness({
      arm: { provider: { provisionAfterMs: PROVIDER_DELAY } },
      env: { ERCSP_SWEEP_REPAIR: 'route=repair,nsgRule=repair,subnetAssociation=repair,tag=repair' },
    });
    const { status } = await runOnboarding(harness, spec, 'req-sweep-onboard');
    if (status.runtimeStatus !== 'Completed')
      throw new Error(
        `onboarding ${status.runtimeStatus}: ${JSON.stringify(status.output)} ${harness.logs.slice(-5).join('\n')}`,
      );
    resources = deriveTopology(spec, { cspTenantId: CSP_TENANT_ID }).resources;
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('finds a clean customer clean, with Resource Graph queries and no ARM read', async () => {
    harness.arm.control.resetCounters();
    const { report, findings } = await sweep('clean-1');
    expect(findings).toEqual([]);
    expect(report).toMatchObject({ status: 'Completed', customers: 1, findings: 0, armReads: 0 });
    expect(report.resourceGraphQueries).toBeGreaterThanOrEqual(1);
    // Connect-through: the authorizations on the CSP's circuits are redeemed from the customer's subscriptions, and
    // Resource Graph shows them InUse (nothing is watched as unused).
    const watched = [...(await harness.composition.tables.compliance.firstSeen(customerId)).keys()];
    expect(watched.filter((key) => key.startsWith('AuthorizationUnused'))).toEqual([]);
    const counters = harness.arm.control.counters();
    expect(counters.total.deletes).toBe(0);
    expect(counters.total.writes).toBe(0);
  });

  it('finds each seeded drift by its code, repairs the safe ones, reports the destructive ones; the next sweep finds the safe ones clean', async () => {
    const control = harness.arm.control.outOfBand;
    const routeTable = intentOf('routeTable');
    const nsg = intentOf('nsg');
    const association = intentOf('subnetAssociation');
    const [circuitA, circuitB] = [intentOf('circuit', 0), intentOf('circuit', 1)];
    const privatePeering = resources.find(
      (intent) =>
        intent.kind === 'peering' && intent.circuitId === circuitB.id && intent.peeringType === 'AzurePrivatePeering',
    );
    const firstRoute = routeTable.routes[0];
    if (firstRoute === undefined || privatePeering === undefined)
      throw new Error('the fixture needs a route and a private peering');

    control.deleteRoute(`${routeTable.id}/routes/${firstRoute.name}`);
    control.addSecurityRule(nsg.id, {
      name: 'allow-rdp-by-hand',
      priority: 300,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: '*',
      sourcePortRange: '*',
      destinationAddressPrefix: '*',
      destinationPortRange: '3389',
    });
    control.removeSubnetAssociation(association.id, 'both');
    control.setTags(nsg.id, { ...nsg.tags, 'csp-customer': 'someone-else' });
    control.setCircuitBandwidth(circuitA.id, circuitA.bandwidthMbps * 2);
    control.setProperty(privatePeering.id, 'state', 'Disabled');
    const gatewayVnet = intentOf('gateway').vnetId;
    control.setSubnetNsg(`${gatewayVnet}/subnets/GatewaySubnet`, nsg.id);
    const { subscriptionId, resourceGroup } = nsg.scope;
    const strayId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/expressRouteCircuits/er-by-hand`;
    control.seedResources([
      {
        id: strayId,
        kind: 'expressRouteCircuit',
        type: 'Microsoft.Network/expressRouteCircuits',
        name: 'er-by-hand',
        subscriptionId,
        resourceGroup,
        location: circuitA.location,
        tags: {},
        sku: { name: 'Standard_MeteredData', tier: 'Standard', family: 'MeteredData' },
        properties: {
          serviceProviderProperties: { bandwidthInMbps: 50 },
          serviceProviderProvisioningState: 'NotProvisioned',
        },
      },
    ]);
    harness.arm.control.resetCounters();

    const drifted = await sweep('drift-1');
    const codes = new Set(drifted.findings.map((finding) => finding.code));
    for (const code of [
      'RouteRemoved',
      'NsgRuleAdded',
      'SubnetAssociationMissing',
      'TagsChanged',
      'CircuitBandwidthChanged',
      'PeeringDisabled',
      'GatewaySubnetHasNsg',
      'UnmanagedCircuit',
    ]) {
      expect(codes).toContain(code);
    }
    expect(drifted.report.repaired).toBeGreaterThanOrEqual(3);
    expect(drifted.report.repairsFailed).toBe(0);
    expect(drifted.report.driftEvents).toBe(1);
    expect(drifted.report.armReads).toBeGreaterThan(0);
    expect(harness.arm.control.counters().total.deletes).toBe(0);
    const events = await harness.composition.tables.outbound.list(customerId);
    const drift = events.filter((event) => event.type === OutboundEventTypes.driftDetected);
    expect(drift).toHaveLength(1);
    expect(JSON.stringify(drift[0]?.data)).toContain('CircuitBandwidthChanged');

    harness.arm.control.resetCounters();
    const after = await sweep('drift-2');
    const remaining = new Set(after.findings.map((finding) => finding.code));
    for (const code of ['RouteRemoved', 'NsgRuleAdded', 'SubnetAssociationMissing', 'TagsChanged']) {
      expect(remaining).not.toContain(code);
    }
    for (const code of ['CircuitBandwidthChanged', 'PeeringDisabled', 'GatewaySubnetHasNsg', 'UnmanagedCircuit']) {
      expect(remaining).toContain(code);
    }
    expect(after.report.repaired).toBe(0);
    expect(harness.arm.control.counters().total.deletes).toBe(0);
    // The circuit's bandwidth is as someone set it: a sweep never writes a destructive change back.
    expect(harness.arm.control.get(circuitA.id)?.properties).toMatchObject({
      serviceProviderProperties: expect.objectContaining({ bandwidthInMbps: circuitA.bandwidthMbps * 2 }),
    });
  });
});
