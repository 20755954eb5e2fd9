/**
 * `npm run bench -- sweep`: a compliance sweep of 100, 1,000 and 10,000 simulated customers (connect-to, each in its
 * own tenant and two subscriptions, ~20 top-level resources each), through the real pieces below the orchestration:
 * the Resource Graph adapter (`@azure/arm-resourcegraph`) against the ARM simulator's Resource Graph over HTTPS (one
 * Lighthouse scope, pages of 1,000 rows), the findings diff, and the ARM adapter's confirming reads. The simulator's
 * store is seeded directly (no ARM request per resource); 1% of customers get a route deleted out of band, so that
 * ARM reads appear for them and only them. Batches of 200 customers, 4 at a time, as the orchestration runs them.
 * The registry and the findings store are in memory here (Azurite is not the subject).
 *
 * Prints, per fleet size: Resource Graph queries, ARM reads, findings, simulated and real time, peak memory.
 */
import { performance } from 'node:perf_hooks';
import { startArmSimulator } from '../local/arm';
import type { ResourceSeed } from '../local/arm/outOfBand';
import { VirtualClock } from '../local/clock';
import { ArmNetworkAdapter } from '../shared/adapters/arm';
import { FakeTenantCredentialProvider, StaticSubscriptionDirectory } from '../shared/adapters/identity';
import { ResourceGraphInventory } from '../shared/adapters/resourcegraph/resourceGraphInventory';
import { DEFAULT_REPAIR_POLICY, findingKey, type Finding } from '../shared/domain/findings';
import type { WatchedCondition } from '../shared/domain/findingsDiff';
import { DEFAULT_FINDING_THRESHOLDS } from '../shared/domain/findingsDiff';
import type { ResourceIntent } from '../shared/domain/intents';
import type { CustomerSpec } from '../shared/domain/spec';
import { deriveTopology } from '../shared/domain/topology';
import type { ComplianceStore, FindingsUpdate, StoredFinding, SweepReport } from '../shared/ports/compliance';
import type { CustomerRecord, CustomerRegistry, Page, PageRequest } from '../shared/ports/customers';
import { evaluateSweepBatch, type ComplianceSweepPorts } from '../shared/services/complianceSweep';
import {
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  validConnectToSpec,
} from '../test/support/specs';

const CSP_TENANT = '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
const CSP_SUBSCRIPTION = '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b';
const BATCH_SIZE = 200;
const CONCURRENCY = 4;
const DRIFT_EVERY = 100;

function guid(prefix: number, index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

export function customerSpec(base: string, index: number): CustomerSpec {
  const id = `c${String(index).padStart(6, '0')}`;
  const text = base
    .replaceAll(CONTOSO_TENANT_ID, guid(0x7e000000, index))
    .replaceAll(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, guid(0x5a000000, index))
    .replaceAll(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, guid(0x5b000000, index))
    .replaceAll('contoso', id)
    .replaceAll('Contoso', id);
  return JSON.parse(text) as CustomerSpec;
}

/** The registry's entry of an onboarded (Active) customer with this spec, as the benchmarks seed it. */
export function activeRecordOf(spec: CustomerSpec): CustomerRecord {
  return {
    id: spec.customer.id,
    tenantId: spec.customer.tenantId,
    subscriptions: spec.customer.subscriptions.map((s) => s.toLowerCase()),
    model: spec.customer.model,
    circuitSubscriptionId: spec.circuits.subscriptionId,
    vnetIds: spec.vnetLinks.map((link) => link.vnetId),
    status: 'Active',
    createdAt: '',
    updatedAt: '',
    lastRequestId: 'bench',
    etag: '',
    spec,
  };
}

/** The resources Azure would hold for these intents, as the simulator stores them (children by parent id). */
export function seedsOf(resources: readonly ResourceIntent[], spec: CustomerSpec): ResourceSeed[] {
  const seeds: ResourceSeed[] = [];
  const top = (intent: ResourceIntent & { location: string; tags: Readonly<Record<string, string>> }) => ({
    id: intent.id,
    name: intent.name,
    subscriptionId: intent.scope.subscriptionId,
    resourceGroup: intent.scope.resourceGroup,
    location: intent.location,
    tags: { ...intent.tags },
  });
  const child = (intent: ResourceIntent, parentId: string) => ({
    id: intent.id,
    name: intent.name,
    subscriptionId: intent.scope.subscriptionId,
    resourceGroup: intent.scope.resourceGroup,
    parentId,
  });
  const vnets = new Map<string, { subnets: Map<string, { routeTable?: string; nsg?: string }> }>();
  const vnetOf = (vnetId: string) => {
    let vnet = vnets.get(vnetId);
    if (vnet === undefined) {
      vnet = { subnets: new Map([['GatewaySubnet', {}]]) };
      vnets.set(vnetId, vnet);
    }
    return vnet;
  };
  for (const intent of resources) {
    switch (intent.kind) {
      case 'circuit':
        seeds.push({
          ...top(intent),
          kind: 'expressRouteCircuit',
          type: 'Microsoft.Network/expressRouteCircuits',
          sku: { name: `${intent.sku.tier}_${intent.sku.family}`, tier: intent.sku.tier, family: intent.sku.family },
          properties: {
            serviceProviderProperties: {
              serviceProviderName: intent.serviceProviderName,
              peeringLocation: intent.peeringLocation,
              bandwidthInMbps: intent.bandwidthMbps,
            },
            serviceProviderProvisioningState: 'Provisioned',
            circuitProvisioningState: 'Enabled',
          },
        });
        break;
      case 'peering':
        seeds.push({
          ...child(intent, intent.circuitId),
          kind: 'peering',
          type: 'Microsoft.Network/expressRouteCircuits/peerings',
          properties: {
            peeringType: intent.peeringType,
            peerASN: intent.peerAsn,
            primaryPeerAddressPrefix: intent.primaryPeerAddressPrefix,
            secondaryPeerAddressPrefix: intent.secondaryPeerAddressPrefix,
            vlanId: intent.vlanId,
            state: 'Enabled',
          },
        });
        break;
      case 'authorization':
        seeds.push({
          ...child(intent, intent.circuitId),
          kind: 'authorization',
          type: 'Microsoft.Network/expressRouteCircuits/authorizations',
          properties: { authorizationKey: `key-${intent.name}` },
        });
        break;
      case 'routeFilter':
        seeds.push({ ...top(intent), kind: 'routeFilter', type: 'Microsoft.Network/routeFilters', properties: {} });
        break;
      case 'gateway':
        vnetOf(intent.vnetId);
        seeds.push({
          ...top(intent),
          kind: 'virtualNetworkGateway',
          type: 'Microsoft.Network/virtualNetworkGateways',
          properties: { gatewayType: 'ExpressRoute', sku: { name: intent.sku, tier: intent.sku } },
        });
        break;
      case 'connection':
        seeds.push({
          ...top(intent),
          kind: 'connection',
          type: 'Microsoft.Network/connections',
          properties: {
            connectionType: 'ExpressRoute',
            virtualNetworkGateway1: { id: intent.gatewayId },
            peer: { id: intent.circuitId },
            routingWeight: intent.routingWeight,
            expressRouteGatewayBypass: intent.fastPath,
          },
        });
        break;
      case 'routeTable':
        seeds.push({
          ...top(intent),
          kind: 'routeTable',
          type: 'Microsoft.Network/routeTables',
          properties: { disableBgpRoutePropagation: intent.disableBgpRoutePropagation },
        });
        for (const route of intent.routes) {
          const { name, ...properties } = route;
          seeds.push({
            id: `${intent.id}/routes/${name}`,
            name,
            subscriptionId: intent.scope.subscriptionId,
            resourceGroup: intent.scope.resourceGroup,
            parentId: intent.id,
            kind: 'route',
            type: 'Microsoft.Network/routeTables/routes',
            properties: { ...properties },
          });
        }
        break;
      case 'nsg':
        seeds.push({
          ...top(intent),
          kind: 'networkSecurityGroup',
          type: 'Microsoft.Network/networkSecurityGroups',
          properties: {},
        });
        for (const rule of intent.rules) {
          const { name, ...properties } = rule;
          seeds.push({
            id: `${intent.id}/securityRules/${name}`,
            name,
            subscriptionId: intent.scope.subscriptionId,
            resourceGroup: intent.scope.resourceGroup,
            parentId: intent.id,
            kind: 'securityRule',
            type: 'Microsoft.Network/networkSecurityGroups/securityRules',
            properties: { ...properties },
          });
        }
        break;
      case 'subnetAssociation':
        vnetOf(intent.vnetId).subnets.set(intent.name, {
          ...(intent.routeTableId === undefined ? {} : { routeTable: intent.routeTableId }),
          ...(intent.nsgId === undefined ? {} : { nsg: intent.nsgId }),
        });
        break;
      default:
        break;
    }
  }
  for (const [vnetId, vnet] of vnets) {
    const [, , subscriptionId = '', , resourceGroup = ''] = vnetId.split('/');
    const name = vnetId.split('/').pop() ?? '';
    seeds.push({
      id: vnetId,
      name,
      subscriptionId,
      resourceGroup,
      location: spec.circuits.location,
      tags: {},
      kind: 'virtualNetwork',
      type: 'Microsoft.Network/virtualNetworks',
      properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
    });
    let octet = 0;
    for (const [subnet, links] of vnet.subnets) {
      seeds.push({
        id: `${vnetId}/subnets/${subnet}`,
        name: subnet,
        subscriptionId,
        resourceGroup,
        parentId: vnetId,
        kind: 'subnet',
        type: 'Microsoft.Network/virtualNetworks/subnets',
        properties: {
          addressPrefix: `10.0.${octet++}.0/24`,
          ...(links.routeTable === undefined ? {} : { routeTable: { id: links.routeTable } }),
          ...(links.nsg === undefined ? {} : { networkSecurityGroup: { id: links.nsg } }),
        },
      });
    }
  }
  return seeds;
}

class MemoryRegistry implements Pick<CustomerRegistry, 'get' | 'list'> {
  readonly records = new Map<string, CustomerRecord>();
  get(customerId: string): Promise<CustomerRecord | undefined> {
    return Promise.resolve(this.records.get(customerId));
  }
  list(_page?: PageRequest): Promise<Page<CustomerRecord>> {
    return Promise.resolve({ items: [...this.records.values()] });
  }
}

class MemoryComplianceStore implements ComplianceStore {
  readonly open = new Map<string, Finding[]>();
  startSweep(): Promise<void> {
    return Promise.resolve();
  }
  recordBatch(): Promise<void> {
    return Promise.resolve();
  }
  finishSweep(): Promise<void> {
    return Promise.resolve();
  }
  getSweep(): Promise<SweepReport | undefined> {
    return Promise.resolve(undefined);
  }
  firstSeen(): Promise<ReadonlyMap<string, number>> {
    return Promise.resolve(new Map());
  }
  replaceFindings(
    customerId: string | undefined,
    _sweepId: string,
    findings: readonly Finding[],
    _watching: readonly WatchedCondition[],
  ): Promise<FindingsUpdate> {
    this.open.set(customerId ?? '~fleet', [...findings]);
    return Promise.resolve({ opened: findings.length, stillOpen: 0, resolved: 0 });
  }
  openFindings(customerId: string | undefined): Promise<readonly StoredFinding[]> {
    return Promise.resolve(
      (this.open.get(customerId ?? '~fleet') ?? []).map((finding) => ({
        ...finding,
        status: 'open' as const,
        firstSeenAt: '',
        lastSeenAt: '',
        sweepId: '',
        action: 'reported' as const,
      })),
    );
  }
}

async function sweepFleet(customers: number): Promise<void> {
  const clock = new VirtualClock(Date.UTC(2026, 11, 1));
  const simulator = await startArmSimulator({ clock, virtualTime: 'advance-on-poll', throttling: false });
  try {
    const registry = new MemoryRegistry();
    const directory = new StaticSubscriptionDirectory({ [CSP_SUBSCRIPTION]: CSP_TENANT });
    const base = JSON.stringify(validConnectToSpec());
    let drifted = 0;
    let resources = 0;
    for (let index = 0; index < customers; index += 1) {
      const spec = customerSpec(base, index);
      const topology = deriveTopology(spec, { cspTenantId: CSP_TENANT });
      const seeds = seedsOf(topology.resources, spec);
      for (const subscriptionId of spec.customer.subscriptions) {
        directory.set(subscriptionId, spec.customer.tenantId);
        simulator.control.setSubscriptionTenant(subscriptionId, spec.customer.tenantId);
      }
      resources += simulator.control.outOfBand.seedResources(seeds);
      registry.records.set(spec.customer.id, activeRecordOf(spec));
      if (index % DRIFT_EVERY === 0) {
        const table = topology.resources.find((intent) => intent.kind === 'routeTable');
        const route = table?.kind === 'routeTable' ? table.routes[0] : undefined;
        if (table !== undefined && route !== undefined) {
          simulator.control.outOfBand.deleteRoute(`${table.id}/routes/${route.name}`);
          drifted += 1;
        }
      }
    }
    simulator.control.resourceGraph.setManagingTenant(CSP_TENANT);
    const credentials = new FakeTenantCredentialProvider();
    const inventory = new ResourceGraphInventory({
      endpoint: simulator.endpoint,
      caPem: simulator.caPem,
      credentials,
      scopeCheck: 'delegated',
    });
    const network = new ArmNetworkAdapter({
      endpoint: simulator.endpoint,
      credentials,
      subscriptions: directory,
      tls: { caPem: simulator.caPem },
      pollIntervalMs: 0,
    });
    const store = new MemoryComplianceStore();
    const ports: ComplianceSweepPorts = {
      customers: registry,
      inventory,
      network,
      store,
      csp: { tenantId: CSP_TENANT, subscriptionIds: [CSP_SUBSCRIPTION] },
      settings: {
        repairPolicy: DEFAULT_REPAIR_POLICY,
        resourceGraphScope: 'delegated',
        thresholds: DEFAULT_FINDING_THRESHOLDS,
      },
      now: () => clock.now(),
    };
    simulator.control.resetCounters();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 50);
    const ids = [...registry.records.keys()];
    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += BATCH_SIZE) batches.push(ids.slice(start, start + BATCH_SIZE));
    const simulatedStart = clock.now();
    const realStart = performance.now();
    let findings = 0;
    let customersWithFindings = 0;
    let armReads = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const batch = batches[next++] ?? [];
        const evaluation = await evaluateSweepBatch(ports, `bench-${customers}`, batch);
        findings += evaluation.summary.findings;
        customersWithFindings += evaluation.summary.customersWithFindings;
        armReads += evaluation.summary.armReads;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const realMs = performance.now() - realStart;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const counters = simulator.control.counters();
    const queries = simulator.control.resourceGraph.queries();
    const armReadRequests = counters.total.reads - queries;
    const codes = new Map<string, number>();
    for (const list of store.open.values())
      for (const finding of list) codes.set(finding.code, (codes.get(finding.code) ?? 0) + 1);
    const unique = new Set([...store.open.values()].flat().map(findingKey)).size;
    console.log(
      [
        `${String(customers).padStart(6)} customers`,
        `${String(resources).padStart(7)} resources seeded`,
        `${String(queries).padStart(4)} Resource Graph queries (${(queries / (resources / 1000)).toFixed(2)} per 1,000 resources)`,
        `${String(armReadRequests).padStart(4)} ARM reads (${armReads} confirming reads, for the ${customersWithFindings} customers with findings of ${drifted} drifted)`,
        `${String(findings).padStart(4)} findings (${unique} unique; ${[...codes].map(([code, count]) => `${code} ${count}`).join(', ')})`,
        `ARM writes ${counters.total.writes}, deletes ${counters.total.deletes}`,
        `simulated ${((clock.now() - simulatedStart) / 1000).toFixed(1)} s`,
        `real ${(realMs / 1000).toFixed(2)} s`,
        `peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
      ].join(' | '),
    );
  } finally {
    await simulator.stop();
  }
}

export async function run(sizes: readonly number[] = [100, 1000, 10_000]): Promise<void> {
  for (const customers of sizes) await sweepFleet(customers);
}
