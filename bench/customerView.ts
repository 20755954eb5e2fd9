/**
 * `npm run bench -- customer-view`: reads per customer-view call (`GET /api/customers/{id}`) for fleets of 1, 100 and
 * 10,000 connect-through customers, whose circuits all sit in the CSP's one circuit subscription (the case that made
 * the old view grow with the fleet). The simulator's store is seeded directly, as the sweep benchmark does (no ARM
 * request per resource); the view then runs through the real pieces below the HTTP handler: the Resource Graph
 * adapter (`@azure/arm-resourcegraph`) against the ARM simulator over HTTPS, per-tenant credentials (the default
 * scope check), and the view service. The registry is in memory (Azurite is not the subject).
 *
 * Prints, per fleet size: Resource Graph queries and ARM reads of one view call, resources shown; and the reads of
 * what acts on a customer's resources, each of which confirms them with ARM GETs (`readCustomerResources`): one
 * what-if of a decommission (`POST /api/plan`) and one teardown plan (the decommission's `planDecommission`
 * activity). Those also read the customer's checkpoints (one Table storage partition; in memory here, seeded with
 * what an onboarding records) and never list a subscription.
 */
import { performance } from 'node:perf_hooks';
import { startArmSimulator, type ArmSimulator } from '../local/arm';
import type { ResourceSeed } from '../local/arm/outOfBand';
import { VirtualClock } from '../local/clock';
import { ArmNetworkAdapter } from '../shared/adapters/arm';
import { FakeTenantCredentialProvider, StaticSubscriptionDirectory } from '../shared/adapters/identity';
import { ResourceGraphInventory } from '../shared/adapters/resourcegraph/resourceGraphInventory';
import { readTeardownPlan } from '../orchestrations/decommission/decommission.activity';
import type { ResourceIntent } from '../shared/domain/intents';
import { armIdKey } from '../shared/domain/naming';
import { deriveTopology } from '../shared/domain/topology';
import { DECOMMISSION_REQUESTED, parseRequestEvent } from '../shared/messages';
import type { CustomerRecord } from '../shared/ports/customers';
import { type CspFacts, type CustomerResourcePorts } from '../shared/services/customerTopology';
import { describeCustomer } from '../shared/services/customerView';
import { whatIf } from '../shared/services/whatIf';
import { fakeCheckpoints, onboardingCheckpoints } from '../test/support/readOnlyFakes';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../test/support/specs';
import { activeRecordOf, customerSpec, seedsOf } from './sweep';

export const CSP_TENANT = '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
const CSP: CspFacts = { tenantId: CSP_TENANT, subscriptionIds: [CSP_SUBSCRIPTION_ID] };

/** What one call cost. `armReads` leaves out the Resource Graph queries (the simulator counts those as reads too). */
export interface CallCost {
  readonly resourceGraphQueries: number;
  readonly armReads: number;
  readonly resources: number;
}

export interface SeededFleet {
  readonly simulator: ArmSimulator;
  readonly records: ReadonlyMap<string, CustomerRecord>;
  readonly directory: StaticSubscriptionDirectory;
  /** The customer every call describes (the first one seeded). */
  readonly customerId: string;
  readonly resourcesSeeded: number;
  stop(): Promise<void>;
}

/** A gateway as ARM shows it: in its VNet's GatewaySubnet (what a teardown plan reads its VNet from). */
function withGatewaySubnet(seed: ResourceSeed, resources: readonly ResourceIntent[]): ResourceSeed {
  const gateway = resources.find((intent) => intent.kind === 'gateway' && armIdKey(intent.id) === armIdKey(seed.id));
  if (gateway?.kind !== 'gateway') return seed;
  const subnet = { id: `${gateway.vnetId}/subnets/GatewaySubnet` };
  return {
    ...seed,
    properties: { ...seed.properties, ipConfigurations: [{ name: 'default', properties: { subnet } }] },
  };
}

/** A simulator holding `customers` onboarded connect-through customers, and their registry records. */
export async function seedFleet(customers: number): Promise<SeededFleet> {
  const simulator = await startArmSimulator({
    clock: new VirtualClock(Date.UTC(2026, 11, 1)),
    virtualTime: 'advance-on-poll',
    throttling: false,
  });
  const records = new Map<string, CustomerRecord>();
  const directory = new StaticSubscriptionDirectory({ [CSP_SUBSCRIPTION_ID]: CSP_TENANT });
  simulator.control.setSubscriptionTenant(CSP_SUBSCRIPTION_ID, CSP_TENANT);
  const base = JSON.stringify(validConnectThroughSpec());
  let resourcesSeeded = 0;
  const groups = new Set<string>();
  for (let index = 0; index < customers; index += 1) {
    const spec = customerSpec(base, index);
    const topology = deriveTopology(spec, { cspTenantId: CSP_TENANT });
    for (const subscriptionId of spec.customer.subscriptions) {
      directory.set(subscriptionId, spec.customer.tenantId);
      simulator.control.setSubscriptionTenant(subscriptionId, spec.customer.tenantId);
    }
    const seeds = seedsOf(topology.resources, spec).map((seed) => withGatewaySubnet(seed, topology.resources));
    resourcesSeeded += simulator.control.outOfBand.seedResources(seeds);
    // Their resource groups too: an ARM GET in a group that does not exist answers ResourceGroupNotFound.
    for (const seed of seeds) {
      const key = `${seed.subscriptionId}/${seed.resourceGroup}`.toLowerCase();
      if (groups.has(key)) continue;
      groups.add(key);
      simulator.control.seedResourceGroup(seed.subscriptionId, seed.resourceGroup, seed.location ?? 'westeurope');
    }
    records.set(spec.customer.id, activeRecordOf(spec));
  }
  const [customerId = ''] = records.keys();
  return { simulator, records, directory, customerId, resourcesSeeded, stop: () => simulator.stop() };
}

/** Counts from here: the simulator's request counters are reset, its Resource Graph count is read as a baseline. */
function startCounting(fleet: SeededFleet): (resources: number) => CallCost {
  fleet.simulator.control.resetCounters();
  const queriesBefore = fleet.simulator.control.resourceGraph.queries();
  return (resources) => {
    const queries = fleet.simulator.control.resourceGraph.queries() - queriesBefore;
    return {
      resourceGraphQueries: queries,
      armReads: fleet.simulator.control.counters().total.reads - queries,
      resources,
    };
  };
}

/** One customer-view call, as `GET /api/customers/{id}` makes it, with fresh clients (no warm cache helps). */
export async function customerViewCall(fleet: SeededFleet): Promise<CallCost> {
  const inventory = new ResourceGraphInventory({
    endpoint: fleet.simulator.endpoint,
    caPem: fleet.simulator.caPem,
    credentials: new FakeTenantCredentialProvider(),
    subscriptions: fleet.directory,
  });
  const customers = { get: (id: string) => Promise.resolve(fleet.records.get(id)) };
  const cost = startCounting(fleet);
  const view = await describeCustomer(fleet.customerId, { inventory, customers, csp: CSP });
  if (view === undefined) throw new Error(`customer ${fleet.customerId} is not registered`);
  return cost(view.resources.length);
}

/** What one call that acts on the customer's resources cost: the view's counts, and checkpoint queries. */
export interface PlanCallCost extends CallCost {
  /** Checkpoint log queries (`list(customerId)`: one Table storage partition). */
  readonly checkpointQueries: number;
}

/** Fresh clients and the customer's checkpoints (as its onboarding recorded them), counted from zero. */
function planPorts(fleet: SeededFleet, record: CustomerRecord) {
  const checkpoints = fakeCheckpoints(record.spec === undefined ? [] : onboardingCheckpoints(record.spec));
  const ports = {
    network: new ArmNetworkAdapter({
      endpoint: fleet.simulator.endpoint,
      credentials: new FakeTenantCredentialProvider(),
      subscriptions: fleet.directory,
      tls: { caPem: fleet.simulator.caPem },
      pollIntervalMs: 0,
    }),
    csp: CSP,
    checkpoints,
    inventory: new ResourceGraphInventory({
      endpoint: fleet.simulator.endpoint,
      caPem: fleet.simulator.caPem,
      credentials: new FakeTenantCredentialProvider(),
      subscriptions: fleet.directory,
    }),
  } satisfies CustomerResourcePorts;
  return { ports, checkpointQueries: () => checkpoints.lists.length };
}

function describedRecord(fleet: SeededFleet): CustomerRecord {
  const record = fleet.records.get(fleet.customerId);
  if (record === undefined) throw new Error(`customer ${fleet.customerId} is not registered`);
  return record;
}

/** One what-if of a decommission (`POST /api/plan`), as the function makes it, with fresh clients. */
export async function whatIfDecommissionCall(fleet: SeededFleet): Promise<PlanCallCost> {
  const record = describedRecord(fleet);
  const { ports, checkpointQueries } = planPorts(fleet, record);
  const parsed = parseRequestEvent(
    {
      specversion: '1.0',
      id: 'bench-what-if',
      source: '/bench',
      type: DECOMMISSION_REQUESTED,
      subject: record.id,
      time: '2026-12-01T08:00:00Z',
      data: {
        customerId: record.id,
        confirmCustomerId: record.id,
        reason: 'Benchmark: reads per what-if',
        approvedBy: 'bench@csp.example',
      },
    },
    { cspSubscriptionIds: CSP.subscriptionIds },
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const customers = {
    get: (id: string) => Promise.resolve(fleet.records.get(id)),
    tenantOfSubscription: () => Promise.resolve(undefined),
    ownerOfSubscription: () => Promise.resolve(undefined),
  };
  const cost = startCounting(fleet);
  const outcome = await whatIf(parsed.event, { ...ports, customers });
  if (!outcome.ok) throw new Error(`what-if refused: ${outcome.rejection.detail}`);
  return { ...cost(outcome.result.changes.length), checkpointQueries: checkpointQueries() };
}

/** One teardown plan (the decommission's `planDecommission` activity without its checkpoint write). */
export async function teardownPlanCall(fleet: SeededFleet): Promise<PlanCallCost> {
  const record = describedRecord(fleet);
  const { ports, checkpointQueries } = planPorts(fleet, record);
  const cost = startCounting(fleet);
  const plan = await readTeardownPlan(record, false, ports);
  return { ...cost(plan.steps.length), checkpointQueries: checkpointQueries() };
}

function planCost(cost: PlanCallCost, what: string): string {
  return `${cost.resourceGraphQueries} RG + ${cost.checkpointQueries} checkpoint queries, ${cost.armReads} ARM reads, ${cost.resources} ${what}`;
}

export async function run(sizes: readonly number[] = [1, 100, 10_000]): Promise<void> {
  for (const customers of sizes) {
    const seedStart = performance.now();
    const fleet = await seedFleet(customers);
    try {
      const seeded = performance.now() - seedStart;
      const start = performance.now();
      const view = await customerViewCall(fleet);
      const realMs = performance.now() - start;
      const whatIfCost = await whatIfDecommissionCall(fleet);
      const teardown = await teardownPlanCall(fleet);
      console.log(
        [
          `${String(customers).padStart(6)} customers`,
          `${String(fleet.resourcesSeeded).padStart(7)} resources seeded (${(seeded / 1000).toFixed(1)} s)`,
          `view: ${view.resourceGraphQueries} Resource Graph queries, ${view.armReads} ARM reads, ${view.resources} resources shown`,
          `real ${realMs.toFixed(0)} ms (the simulator scans its whole store per query)`,
          `what-if (decommission): ${planCost(whatIfCost, 'changes')}`,
          `teardown plan: ${planCost(teardown, 'steps')}`,
        ].join(' | '),
      );
    } finally {
      await fleet.stop();
    }
  }
}
