import fc from 'fast-check';
import type { ArmId, ResourceIntent, Topology } from '../../../shared/domain/intents';
import type { Plan, PlanStep } from '../../../shared/domain/plan';
import { planTeardown, planTopology } from '../../../shared/domain/planner';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { deriveTopology } from '../../../shared/domain/topology';
import { CONTOSO_WORKLOAD_SUBSCRIPTION_ID, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

const CSP_TENANT_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';

interface SpecShape {
  readonly model: 'connect-through' | 'connect-to';
  readonly microsoftPeering: boolean;
  /** 0-5: the fixture's hub and app VNets first, then extra VNets. */
  readonly vnetCount: number;
  readonly keepRouteTables: readonly boolean[];
  readonly keepNsgs: readonly boolean[];
  /** Per extra VNet: also give it a route table (subnet snet-a) and an NSG (snet-a, snet-b). */
  readonly extraVnetSecurity: readonly boolean[];
}

/** Varies the valid fixture: ownership model, Microsoft peering, 0-5 VNets, which route tables and NSGs exist. */
function specOf(shape: SpecShape): CustomerSpec {
  const spec = shape.model === 'connect-through' ? validConnectThroughSpec(shape) : validConnectToSpec(shape);
  const extraVnets = [0, 1, 2].map((index) => ({
    vnetId: `/subscriptions/${CONTOSO_WORKLOAD_SUBSCRIPTION_ID}/resourceGroups/rg-contoso-extra/providers/Microsoft.Network/virtualNetworks/vnet-extra-${index}`,
    secured: shape.extraVnetSecurity[index] === true,
    index,
  }));
  const links = [
    ...spec.vnetLinks,
    ...extraVnets.map(({ vnetId, index }) => ({
      vnetId,
      addressSpace: [`10.${30 + index}.0.0/16`],
      gateway: { sku: 'ErGw1AZ' as const },
      routingWeight: index,
      fastPath: false,
    })),
  ].slice(0, shape.vnetCount);
  const linked = (vnetId: string) => links.some((link) => link.vnetId === vnetId);
  const securedExtras = extraVnets.filter((vnet) => vnet.secured && linked(vnet.vnetId));
  spec.vnetLinks = links;
  spec.routeTables = [
    ...spec.routeTables.filter((table, index) => shape.keepRouteTables[index] === true && linked(table.vnetId)),
    ...securedExtras.map((vnet) => ({
      role: `extra${vnet.index}`,
      vnetId: vnet.vnetId,
      subnets: ['snet-a'],
      routes: [],
      forcedTunnelNextHop: `10.${30 + vnet.index}.0.4`,
      disableBgpRoutePropagation: false,
    })),
  ];
  spec.networkSecurityGroups = [
    ...spec.networkSecurityGroups.filter((nsg, index) => shape.keepNsgs[index] === true && linked(nsg.vnetId)),
    ...securedExtras.map((vnet) => ({
      role: `extra${vnet.index}`,
      vnetId: vnet.vnetId,
      subnets: ['snet-a', 'snet-b'],
      baseline: { onPremisesPrefixes: ['172.16.0.0/16'], denyInternetOutbound: vnet.index !== 1 },
      rules: [],
    })),
  ];
  return spec;
}

const specShapeArb: fc.Arbitrary<SpecShape> = fc.record({
  model: fc.constantFrom('connect-through' as const, 'connect-to' as const),
  microsoftPeering: fc.boolean(),
  vnetCount: fc.integer({ min: 0, max: 5 }),
  keepRouteTables: fc.tuple(fc.boolean(), fc.boolean()),
  keepNsgs: fc.tuple(fc.boolean(), fc.boolean()),
  extraVnetSecurity: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
});

function topologyOf(spec: CustomerSpec): Topology {
  return deriveTopology(spec, { cspTenantId: CSP_TENANT_ID });
}

const topologyArb = specShapeArb.map((shape) => topologyOf(specOf(shape)));

const HUB = 'vnet-contoso-hub-weu';
const APP = 'vnet-contoso-app-weu';

// ---------------------------------------------------------------------------------------------------------------
// Plan checks

function stepAt(plan: Plan, key: string): PlanStep {
  const step = plan.steps.find((s) => s.key === key);
  if (step === undefined) throw new Error(`no step ${key}; steps are ${plan.steps.map((s) => s.key).join(', ')}`);
  return step;
}

function stageOf(plan: Plan, key: string): number {
  return plan.stages.findIndex((stage) => stage.includes(key));
}

/** Keys, dependencies, order and stages agree: the invariants any executor relies on. */
function expectConsistentPlan(plan: Plan): void {
  const keys = plan.steps.map((step) => step.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(plan.stages.flat()).toEqual(keys);
  const position = new Map(keys.map((key, index) => [key, index]));
  const stage = new Map(plan.stages.flatMap((stageKeys, index) => stageKeys.map((key) => [key, index] as const)));
  for (const step of plan.steps) {
    const own = stage.get(step.key)!;
    for (const dependency of step.dependsOn) {
      expect(position.get(dependency)).toBeLessThan(position.get(step.key)!);
      expect(stage.get(dependency)).toBeLessThan(own);
    }
    const longestPath = step.dependsOn.length === 0 ? 0 : 1 + Math.max(...step.dependsOn.map((d) => stage.get(d)!));
    expect(own).toBe(longestPath);
  }
  for (const stageKeys of plan.stages) expect(stageKeys.length).toBeGreaterThan(0);
}

const ancestorsByPlan = new WeakMap<Plan, Map<string, ReadonlySet<string>>>();

/** True when `later` depends on `earlier`, directly or through other steps. */
function runsAfter(plan: Plan, later: string, earlier: string): boolean {
  let ancestors = ancestorsByPlan.get(plan);
  if (ancestors === undefined) {
    ancestors = new Map();
    for (const step of plan.steps) {
      // Steps are in topological order, so every dependency's ancestors are already known.
      const own = new Set<string>();
      for (const dependency of step.dependsOn) {
        own.add(dependency);
        for (const key of ancestors.get(dependency) ?? []) own.add(key);
      }
      ancestors.set(step.key, own);
    }
    ancestorsByPlan.set(plan, ancestors);
  }
  return ancestors.get(later)?.has(earlier) ?? false;
}

function intentSteps(plan: Plan): (PlanStep & { intent: ResourceIntent })[] {
  return plan.steps.filter((step): step is PlanStep & { intent: ResourceIntent } => 'intent' in step);
}

function keyOfIntent(plan: Plan, id: ArmId): string {
  const step = intentSteps(plan).find((s) => s.intent.id === id);
  if (step === undefined) throw new Error(`no step for ${id}`);
  return step.key;
}

/** Every write on one circuit (peerings, authorizations) is ordered against every other one. */
function expectCircuitWritesSerialized(plan: Plan): void {
  const writes = intentSteps(plan).flatMap((step) =>
    step.intent.kind === 'peering' || step.intent.kind === 'authorization'
      ? [{ key: step.key, circuitId: step.intent.circuitId }]
      : [],
  );
  for (const [index, first] of writes.entries()) {
    for (const second of writes.slice(index + 1)) {
      if (first.circuitId !== second.circuitId) continue;
      expect(runsAfter(plan, first.key, second.key) || runsAfter(plan, second.key, first.key)).toBe(true);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe('planTopology', () => {
  const topology = topologyOf(validConnectThroughSpec({ microsoftPeering: true }));
  const plan = planTopology(topology);

  it('has one readable step per resource plus the provider hand-off and wait of each leg', () => {
    expect([...plan.steps.map((step) => step.key)].sort()).toEqual(
      [
        'circuit:a',
        'circuit:b',
        'notify-provider:a',
        'notify-provider:b',
        'await-provider:a',
        'await-provider:b',
        'peering:a:AzurePrivatePeering',
        'peering:b:AzurePrivatePeering',
        'route-filter',
        'peering:a:MicrosoftPeering',
        'peering:b:MicrosoftPeering',
        `gateway:${HUB}`,
        `gateway:${APP}`,
        `authorization:${HUB}:a`,
        `authorization:${HUB}:b`,
        `authorization:${APP}:a`,
        `authorization:${APP}:b`,
        `connection:${HUB}:a`,
        `connection:${HUB}:b`,
        `connection:${APP}:a`,
        `connection:${APP}:b`,
        'route-table:shared',
        'route-table:workload',
        'nsg:shared',
        'nsg:workload',
        `subnet:${HUB}/snet-shared-services`,
        `subnet:${HUB}/snet-management`,
        `subnet:${APP}/snet-app`,
        `subnet:${APP}/snet-data`,
      ].sort(),
    );
    expect(plan.customerId).toBe('contoso');
    expect(intentSteps(plan).every((step) => step.action === 'ensure')).toBe(true);
    expect(intentSteps(plan).map((step) => step.intent)).toHaveLength(topology.resources.length);
  });

  it('is consistent: every dependency comes earlier, in an earlier stage', () => {
    expectConsistentPlan(plan);
  });

  it('starts gateways, route filter, route tables and NSGs together with the circuits', () => {
    expect(plan.stages[0]).toEqual([
      'circuit:a',
      'circuit:b',
      'route-filter',
      `gateway:${HUB}`,
      `gateway:${APP}`,
      'route-table:shared',
      'route-table:workload',
      'nsg:shared',
      'nsg:workload',
    ]);
    expect(stepAt(plan, `gateway:${APP}`)).toMatchObject({ action: 'ensure', intent: { existing: true } });
  });

  it('hands each circuit to the provider, then waits for it, before any peering', () => {
    expect(stepAt(plan, 'notify-provider:a')).toEqual({
      key: 'notify-provider:a',
      action: 'notifyProvider',
      leg: 'a',
      circuitId: topology.resources[0]!.id,
      dependsOn: ['circuit:a'],
    });
    expect(stepAt(plan, 'await-provider:b')).toMatchObject({
      action: 'awaitProvider',
      leg: 'b',
      dependsOn: ['notify-provider:b'],
    });
    expect(stepAt(plan, 'peering:a:AzurePrivatePeering').dependsOn).toEqual([
      'await-provider:a',
      `authorization:${APP}:a`,
    ]);
    expect(stepAt(plan, 'peering:b:AzurePrivatePeering').dependsOn).toEqual([
      'await-provider:b',
      `authorization:${APP}:b`,
    ]);
  });

  it('serializes writes per circuit: authorizations during the provider wait, then private and Microsoft peering', () => {
    expect(stepAt(plan, `authorization:${HUB}:a`).dependsOn).toEqual(['circuit:a']);
    expect(stepAt(plan, `authorization:${APP}:a`).dependsOn).toEqual([`authorization:${HUB}:a`]);
    expect(stepAt(plan, 'peering:a:MicrosoftPeering').dependsOn).toEqual([
      'await-provider:a',
      'route-filter',
      'peering:a:AzurePrivatePeering',
    ]);
    expectCircuitWritesSerialized(plan);
  });

  it('connects a VNet after its gateway, its circuit’s private peering and its authorization', () => {
    expect(stepAt(plan, `connection:${HUB}:b`).dependsOn).toEqual([
      `gateway:${HUB}`,
      'peering:b:AzurePrivatePeering',
      `authorization:${HUB}:b`,
    ]);
  });

  it('associates subnets after their route table and NSG, after their VNet is linked, one at a time per VNet', () => {
    const spec = validConnectThroughSpec();
    spec.networkSecurityGroups[0]!.subnets = ['snet-shared-services', 'snet-dmz'];
    const partlySecured = planTopology(topologyOf(spec));
    const links = [`connection:${HUB}:a`, `connection:${HUB}:b`];
    expect(stepAt(partlySecured, `subnet:${HUB}/snet-shared-services`).dependsOn).toEqual([
      'route-table:shared',
      'nsg:shared',
      ...links,
    ]);
    expect(stepAt(partlySecured, `subnet:${HUB}/snet-management`).dependsOn).toEqual([
      'route-table:shared',
      ...links,
      `subnet:${HUB}/snet-shared-services`,
    ]);
    expect(stepAt(partlySecured, `subnet:${HUB}/snet-dmz`).dependsOn).toEqual([
      'nsg:shared',
      ...links,
      `subnet:${HUB}/snet-management`,
    ]);
  });

  it('connects connect-to VNets in the circuits’ subscription without authorizations', () => {
    const connectTo = planTopology(topologyOf(validConnectToSpec({ microsoftPeering: true })));
    expectConsistentPlan(connectTo);
    expect(connectTo.steps.some((step) => step.key.startsWith(`authorization:${HUB}:`))).toBe(false);
    expect(stepAt(connectTo, `connection:${HUB}:a`).dependsOn).toEqual([
      `gateway:${HUB}`,
      'peering:a:AzurePrivatePeering',
    ]);
  });

  it('gives the same plan for the same topology', () => {
    expect(planTopology(topologyOf(validConnectThroughSpec({ microsoftPeering: true })))).toEqual(plan);
  });

  it('respects every dependency for arbitrary valid specs', () => {
    fc.assert(
      fc.property(topologyArb, (arbitraryTopology) => {
        const arbitraryPlan = planTopology(arbitraryTopology);
        expectConsistentPlan(arbitraryPlan);
        const planned = new Set(intentSteps(arbitraryPlan).map((step) => step.intent));
        expect(arbitraryTopology.resources.every((intent) => planned.has(intent))).toBe(true);
        expect(planned.size).toBe(arbitraryTopology.resources.length);
        expectCircuitWritesSerialized(arbitraryPlan);

        for (const { key, intent } of intentSteps(arbitraryPlan)) {
          switch (intent.kind) {
            case 'circuit':
            case 'gateway':
            case 'routeFilter':
            case 'routeTable':
            case 'nsg':
              expect(stageOf(arbitraryPlan, key)).toBe(0);
              break;
            case 'peering':
              expect(
                runsAfter(arbitraryPlan, key, `await-provider:${legOf(arbitraryTopology, intent.circuitId)}`),
              ).toBe(true);
              if (intent.microsoft)
                expect(runsAfter(arbitraryPlan, key, keyOfIntent(arbitraryPlan, intent.microsoft.routeFilterId))).toBe(
                  true,
                );
              break;
            case 'authorization':
              // Made during the provider wait: after its circuit, before any peering of that circuit.
              expect(runsAfter(arbitraryPlan, key, keyOfIntent(arbitraryPlan, intent.circuitId))).toBe(true);
              expect(
                runsAfter(
                  arbitraryPlan,
                  `peering:${legOf(arbitraryTopology, intent.circuitId)}:AzurePrivatePeering`,
                  key,
                ),
              ).toBe(true);
              break;
            case 'connection':
              expect(runsAfter(arbitraryPlan, key, keyOfIntent(arbitraryPlan, intent.gatewayId))).toBe(true);
              expect(runsAfter(arbitraryPlan, key, `peering:${intent.leg}:AzurePrivatePeering`)).toBe(true);
              if (intent.authorization)
                expect(runsAfter(arbitraryPlan, key, keyOfIntent(arbitraryPlan, intent.authorization.id))).toBe(true);
              break;
            case 'subnetAssociation':
              for (const id of [intent.routeTableId, intent.nsgId]) {
                if (id !== undefined) expect(runsAfter(arbitraryPlan, key, keyOfIntent(arbitraryPlan, id))).toBe(true);
              }
              for (const link of intentSteps(arbitraryPlan)) {
                if (link.intent.kind !== 'connection') continue;
                const gatewayId = link.intent.gatewayId;
                const gateway = arbitraryTopology.resources.find((r) => r.id === gatewayId);
                if (gateway?.kind === 'gateway' && gateway.vnetId === intent.vnetId)
                  expect(runsAfter(arbitraryPlan, key, link.key)).toBe(true);
              }
              break;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

function legOf(topology: Topology, circuitId: ArmId): string {
  const circuit = topology.resources.find((r) => r.kind === 'circuit' && r.id === circuitId);
  return circuit?.kind === 'circuit' ? circuit.leg : '?';
}

describe('planTeardown', () => {
  const topology = topologyOf(validConnectThroughSpec({ microsoftPeering: true }));
  const plan = planTeardown(topology);

  it('deletes everything the automation built, but never an existing gateway', () => {
    expectConsistentPlan(plan);
    const deleted = intentSteps(plan);
    expect(deleted.every((step) => step.action === 'delete')).toBe(true);
    expect(deleted.map((step) => step.key)).not.toContain(`gateway:${APP}`);
    expect(deleted.map((step) => step.key)).toContain(`gateway:${HUB}`);
    expect(deleted).toHaveLength(topology.resources.length - 1);
  });

  it('runs §2.5 per circuit: connections, authorizations, Microsoft then private peering, deprovision, circuit', () => {
    expect(plan.stages[0]).toEqual([
      `connection:${HUB}:a`,
      `connection:${HUB}:b`,
      `connection:${APP}:a`,
      `connection:${APP}:b`,
    ]);
    const connectionsOnA = [`connection:${HUB}:a`, `connection:${APP}:a`];
    expect(stepAt(plan, `authorization:${APP}:a`).dependsOn).toEqual(connectionsOnA);
    expect(stepAt(plan, `authorization:${HUB}:a`).dependsOn).toEqual([...connectionsOnA, `authorization:${APP}:a`]);
    expect(stepAt(plan, 'peering:a:MicrosoftPeering').dependsOn).toEqual([...connectionsOnA, `authorization:${HUB}:a`]);
    expect(stepAt(plan, 'peering:a:AzurePrivatePeering').dependsOn).toEqual([
      ...connectionsOnA,
      'peering:a:MicrosoftPeering',
    ]);
    expect(stepAt(plan, 'request-deprovision:a')).toMatchObject({
      action: 'requestDeprovision',
      leg: 'a',
      dependsOn: [...connectionsOnA, 'peering:a:AzurePrivatePeering'],
    });
    expect(stepAt(plan, 'await-deprovision:a')).toMatchObject({
      action: 'awaitDeprovision',
      leg: 'a',
      dependsOn: ['request-deprovision:a'],
    });
    expect(stepAt(plan, 'circuit:a')).toMatchObject({ action: 'delete', dependsOn: ['await-deprovision:a'] });
    expectCircuitWritesSerialized(plan);
  });

  it('removes the route filter, subnet associations, route tables and NSGs only after the circuits', () => {
    const circuits = ['circuit:a', 'circuit:b'];
    expect(stepAt(plan, 'route-filter').dependsOn).toEqual([
      'peering:a:MicrosoftPeering',
      'peering:b:MicrosoftPeering',
      ...circuits,
    ]);
    expect(stepAt(plan, `subnet:${HUB}/snet-management`).dependsOn).toEqual(circuits);
    expect(stepAt(plan, 'route-table:shared').dependsOn).toEqual([
      `subnet:${HUB}/snet-shared-services`,
      `subnet:${HUB}/snet-management`,
      ...circuits,
    ]);
    expect(stepAt(plan, 'nsg:workload').dependsOn).toEqual([
      `subnet:${APP}/snet-app`,
      `subnet:${APP}/snet-data`,
      ...circuits,
    ]);
    expect(stepAt(plan, `gateway:${HUB}`).dependsOn).toEqual([`connection:${HUB}:a`, `connection:${HUB}:b`]);
  });

  it('puts connections before authorizations before peerings before circuits, for arbitrary valid specs', () => {
    fc.assert(
      fc.property(topologyArb, (arbitraryTopology) => {
        const teardown = planTeardown(arbitraryTopology);
        expectConsistentPlan(teardown);
        expectCircuitWritesSerialized(teardown);
        const steps = intentSteps(teardown);
        const onCircuit = (circuitId: ArmId, kind: ResourceIntent['kind']) =>
          steps
            .filter((s) => s.intent.kind === kind && 'circuitId' in s.intent && s.intent.circuitId === circuitId)
            .map((s) => s.key);
        for (const circuit of steps.filter((s) => s.intent.kind === 'circuit')) {
          const circuitId = circuit.intent.id;
          const ordered = [
            onCircuit(circuitId, 'connection'),
            onCircuit(circuitId, 'authorization'),
            onCircuit(circuitId, 'peering'),
            [circuit.key],
          ];
          for (const [index, earlierGroup] of ordered.entries()) {
            for (const laterGroup of ordered.slice(index + 1)) {
              for (const earlier of earlierGroup)
                for (const later of laterGroup) expect(runsAfter(teardown, later, earlier)).toBe(true);
            }
          }
          expect(runsAfter(teardown, circuit.key, `await-deprovision:${legOf(arbitraryTopology, circuitId)}`)).toBe(
            true,
          );
        }
        for (const step of steps) {
          if (step.intent.kind === 'gateway') expect(step.intent.existing).toBe(false);
          if (step.intent.kind === 'routeTable' || step.intent.kind === 'nsg') {
            const id = step.intent.id;
            for (const association of steps) {
              if (association.intent.kind !== 'subnetAssociation') continue;
              if (association.intent.routeTableId === id || association.intent.nsgId === id) {
                expect(runsAfter(teardown, step.key, association.key)).toBe(true);
              }
            }
          }
        }
        const existingGateways = arbitraryTopology.resources.filter((r) => r.kind === 'gateway' && r.existing).length;
        expect(steps).toHaveLength(arbitraryTopology.resources.length - existingGateways);
      }),
      { numRuns: 300 },
    );
  });

  it('plans a topology read back from Azure with orphans, keying what it cannot place by name', () => {
    const full = topologyOf(validConnectThroughSpec());
    const partial: Topology = {
      ...full,
      // The gateways and circuits are gone already; connections and authorizations are left behind.
      resources: full.resources.filter((r) => r.kind === 'connection' || r.kind === 'authorization'),
    };
    const teardown = planTeardown(partial);
    expectConsistentPlan(teardown);
    expect(teardown.stages[0]).toEqual(
      partial.resources.filter((r) => r.kind === 'connection').map((r) => `connection:${r.name}`),
    );
    expect(stepAt(teardown, `authorization:auth-contoso-${HUB}-a`).dependsOn).toEqual([
      `connection:cn-${HUB}-er-contoso-a`,
      `connection:cn-${APP}-er-contoso-a`,
      `authorization:auth-contoso-${APP}-a`,
    ]);
  });
});
