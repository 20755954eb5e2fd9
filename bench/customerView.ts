/**
 * `npm run bench -- customer-view`: reads per customer-view call (`GET /api/customers/{id}`) for fleets of 1, 100 and
 * 10,000 connect-through customers, whose circuits all sit in the CSP's one circuit subscription (the case that made
 * the old view grow with the fleet). The simulator's store is seeded directly, as the sweep benchmark does (no ARM
 * request per resource); the view then runs through the real pieces below the HTTP handler: the Resource Graph
 * adapter (`@azure/arm-resourcegraph`) against the ARM simulator over HTTPS, per-tenant credentials (the default
 * scope check), and the view service. The registry is in memory (Azurite is not the subject).
 *
 * Prints, per fleet size: Resource Graph queries and ARM reads of one view call, resources shown; and, for 1 and 100
 * customers, the same call through the ARM-direct read the decommission and migration plans keep
 * (`readCustomerResources`, which lists the shared subscription), for comparison.
 */
import { performance } from 'node:perf_hooks';
import { startArmSimulator, type ArmSimulator } from '../local/arm';
import { VirtualClock } from '../local/clock';
import { ArmNetworkAdapter } from '../shared/adapters/arm';
import { FakeTenantCredentialProvider, StaticSubscriptionDirectory } from '../shared/adapters/identity';
import { ResourceGraphInventory } from '../shared/adapters/resourcegraph/resourceGraphInventory';
import { parseArmId } from '../shared/domain/naming';
import { deriveTopology } from '../shared/domain/topology';
import type { CustomerRecord } from '../shared/ports/customers';
import { readCustomerResources, type CspFacts } from '../shared/services/customerTopology';
import { describeCustomer } from '../shared/services/customerView';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../test/support/specs';
import { customerSpec, seedsOf } from './sweep';

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
  for (let index = 0; index < customers; index += 1) {
    const spec = customerSpec(base, index);
    const topology = deriveTopology(spec, { cspTenantId: CSP_TENANT });
    for (const subscriptionId of spec.customer.subscriptions) {
      directory.set(subscriptionId, spec.customer.tenantId);
      simulator.control.setSubscriptionTenant(subscriptionId, spec.customer.tenantId);
    }
    resourcesSeeded += simulator.control.outOfBand.seedResources(seedsOf(topology.resources, spec));
    records.set(spec.customer.id, {
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
    });
  }
  const [customerId = ''] = records.keys();
  return { simulator, records, directory, customerId, resourcesSeeded, stop: () => simulator.stop() };
}

function costSince(fleet: SeededFleet, resources: number): CallCost {
  const queries = fleet.simulator.control.resourceGraph.queries();
  return {
    resourceGraphQueries: queries,
    armReads: fleet.simulator.control.counters().total.reads - queries,
    resources,
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
  fleet.simulator.control.resetCounters();
  const view = await describeCustomer(fleet.customerId, { inventory, customers, csp: CSP });
  if (view === undefined) throw new Error(`customer ${fleet.customerId} is not registered`);
  return costSince(fleet, view.resources.length);
}

/** The same customer read through the ARM-direct path the teardown and migration plans keep. */
export async function armDirectCall(fleet: SeededFleet): Promise<CallCost> {
  const network = new ArmNetworkAdapter({
    endpoint: fleet.simulator.endpoint,
    credentials: new FakeTenantCredentialProvider(),
    subscriptions: fleet.directory,
    tls: { caPem: fleet.simulator.caPem },
    pollIntervalMs: 0,
    // As the app's composition gives it: the registered VNets' resource groups, by subscription.
    knownResourceGroups: (subscriptionId) =>
      Promise.resolve(
        [...fleet.records.values()]
          .flatMap((record) => record.vnetIds.map((vnetId) => parseArmId(vnetId)))
          .filter((id) => id.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())
          .map((id) => id.resourceGroup),
      ),
  });
  const record = fleet.records.get(fleet.customerId);
  if (record === undefined) throw new Error(`customer ${fleet.customerId} is not registered`);
  fleet.simulator.control.resetCounters();
  const resources = await readCustomerResources(record, { network, csp: CSP });
  return costSince(fleet, resources.length);
}

export async function run(sizes: readonly number[] = [1, 100, 10_000], armDirectUpTo = 100): Promise<void> {
  for (const customers of sizes) {
    const seedStart = performance.now();
    const fleet = await seedFleet(customers);
    try {
      const seeded = performance.now() - seedStart;
      const start = performance.now();
      const view = await customerViewCall(fleet);
      const realMs = performance.now() - start;
      const direct = customers <= armDirectUpTo ? await armDirectCall(fleet) : undefined;
      console.log(
        [
          `${String(customers).padStart(6)} customers`,
          `${String(fleet.resourcesSeeded).padStart(7)} resources seeded (${(seeded / 1000).toFixed(1)} s)`,
          `view: ${view.resourceGraphQueries} Resource Graph queries, ${view.armReads} ARM reads, ${view.resources} resources shown`,
          `real ${realMs.toFixed(0)} ms (the simulator scans its whole store per query)`,
          direct === undefined
            ? 'ARM-direct read: not run at this size'
            : `ARM-direct read (teardown/migration plans): ${direct.armReads} ARM reads`,
        ].join(' | '),
      );
    } finally {
      await fleet.stop();
    }
  }
}
