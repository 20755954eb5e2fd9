/**
 * How `readCustomerResources` finds a customer's resources without listing a subscription: the union of what the
 * automation recorded (the registry's spec and VNets, the ARM ids in its checkpoints) and one Resource Graph query by
 * its tag, each confirmed with a GET. Counting fakes (readOnlyFakes.ts) hold 1, 100 and 10,000 connect-through
 * customers whose circuits share the CSP's one subscription: the reads of one call, and of one what-if, are the same
 * whatever the fleet. Resource Graph lags behind ARM: what the checkpoints recorded is found before the index has it,
 * what the index shows but ARM no longer holds is not, and a tagged resource no step recorded is found through the
 * index. (The same counts through the real adapters over HTTPS: test/functions/customerViewReads.test.ts.)
 */
import { customerSpec } from '../../../bench/sweep';
import { CUSTOMER_TAG, LEG_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../../shared/domain/intents';
import type { ResourceIntent, RouteTableIntent } from '../../../shared/domain/intents';
import type { CustomerSpec } from '../../../shared/domain/spec';
import { DECOMMISSION_REQUESTED, parseRequestEvent } from '../../../shared/messages';
import type { CustomerRecord } from '../../../shared/ports/customers';
import { InventoryTypes } from '../../../shared/ports/inventory';
import {
  kindOfArmId,
  readCustomerResources,
  type CustomerResourcePorts,
} from '../../../shared/services/customerTopology';
import { whatIf } from '../../../shared/services/whatIf';
import {
  CONTOSO_RECORD,
  TEST_CSP,
  asBuilt,
  customerRecord,
  desiredOf,
  fakeCheckpoints,
  fakeCustomers,
  fakeInventory,
  fakeNetwork,
  onboardingCheckpoints,
  type FakeCheckpoints,
  type FakeInventory,
  type FakeNetwork,
} from '../../support/readOnlyFakes';
import { CSP_CONTEXT, validConnectThroughSpec } from '../../support/specs';

interface Fakes {
  readonly network: FakeNetwork;
  readonly inventory: FakeInventory;
  readonly checkpoints: FakeCheckpoints;
}

function fakes(): Fakes {
  const network = fakeNetwork();
  return { network, inventory: fakeInventory(network), checkpoints: fakeCheckpoints() };
}

function portsOf({ network, inventory, checkpoints }: Fakes): CustomerResourcePorts {
  return { network, inventory, checkpoints, csp: TEST_CSP };
}

/** What Azure holds once the spec is onboarded, each authorization redeemed by its connection. */
function holdOnboarded(network: FakeNetwork, spec: CustomerSpec): readonly ResourceIntent[] {
  const desired = desiredOf(spec);
  for (const intent of desired) {
    const redeemedBy = desired.find((r) => r.kind === 'connection' && r.authorization?.id === intent.id);
    network.hold(asBuilt(intent, redeemedBy === undefined ? {} : { connectionResourceUri: redeemedBy.id }));
  }
  return desired;
}

function recordOf(spec: CustomerSpec): CustomerRecord {
  return customerRecord({
    id: spec.customer.id,
    tenantId: spec.customer.tenantId,
    subscriptions: spec.customer.subscriptions.map((s) => s.toLowerCase()),
    circuitSubscriptionId: spec.circuits.subscriptionId,
    vnetIds: spec.vnetLinks.map((link) => link.vnetId),
    spec,
  });
}

function decommissionOf(customerId: string) {
  const parsed = parseRequestEvent(
    {
      specversion: '1.0',
      id: `decommission-${customerId}`,
      source: '/tests',
      type: DECOMMISSION_REQUESTED,
      subject: customerId,
      time: '2026-11-02T08:00:00Z',
      data: {
        customerId,
        confirmCustomerId: customerId,
        reason: 'Contract ends; the customer moves to its own ports',
        approvedBy: 'maria.lopez@csp.example',
      },
    },
    CSP_CONTEXT,
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.event;
}

interface Reads {
  readonly armGets: number;
  readonly armLists: number;
  readonly resourceGraphQueries: number;
  readonly checkpointQueries: number;
  readonly found: number;
}

function readsSince(all: Fakes, start: Omit<Reads, 'found'>, found: number): Reads {
  return {
    armGets: all.network.reads.length - start.armGets,
    armLists: all.network.lists.length - start.armLists,
    // A real adapter makes one query per scope (credential) of each call.
    resourceGraphQueries: all.inventory.queries.flatMap((query) => query.scopes).length - start.resourceGraphQueries,
    checkpointQueries: all.checkpoints.lists.length - start.checkpointQueries,
    found,
  };
}

function mark(all: Fakes): Omit<Reads, 'found'> {
  return readsSince(all, { armGets: 0, armLists: 0, resourceGraphQueries: 0, checkpointQueries: 0 }, 0);
}

/**
 * `customers` onboarded connect-through customers (circuits in the CSP's one subscription); the first one's record
 * and checkpoints. The others' checkpoints are left out: the log is partitioned by customer (Table storage
 * PartitionKey), and `list(customerId)` reads the customer's partition only.
 */
function seedFleet(customers: number): { all: Fakes; record: CustomerRecord } {
  const all = fakes();
  const base = JSON.stringify(validConnectThroughSpec());
  let first: CustomerRecord | undefined;
  for (let index = 0; index < customers; index += 1) {
    const spec = customerSpec(base, index);
    holdOnboarded(all.network, spec);
    if (first === undefined) {
      all.checkpoints.add(onboardingCheckpoints(spec));
      first = recordOf(spec);
    }
  }
  if (first === undefined) throw new Error('no customer');
  return { all, record: first };
}

/** The reads of one `readCustomerResources` and of one decommission what-if, for the first of `customers`. */
async function fleetReads(customers: number): Promise<{ resources: Reads; whatIf: Reads; built: number }> {
  const { all, record } = seedFleet(customers);
  let start = mark(all);
  const found = await readCustomerResources(record, portsOf(all));
  const resources = readsSince(all, start, found.length);
  start = mark(all);
  const outcome = await whatIf(decommissionOf(record.id), { ...portsOf(all), customers: fakeCustomers([record]) });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.rejection));
  const whatIfReads = readsSince(all, start, outcome.result.changes.length);
  expect(all.network.writes).toEqual([]);
  return { resources, whatIf: whatIfReads, built: desiredOf(record.spec ?? validConnectThroughSpec()).length };
}

const NETWORK = 'providers/Microsoft.Network';

describe('readCustomerResources: where it finds a customer', () => {
  it('reads the same for one customer among 1, 100 and 10,000 sharing the CSP subscription, and lists nothing', async () => {
    const one = await fleetReads(1);
    const hundred = await fleetReads(100);
    const tenThousand = await fleetReads(10_000);

    expect(one.resources).toEqual({
      armGets: expect.any(Number) as number,
      armLists: 0,
      resourceGraphQueries: 2,
      checkpointQueries: 1,
      found: one.built,
    });
    // A GET per resource, and one for the name a registered VNet's gateway would have (absent: it brought its own).
    expect(one.resources.armGets).toBeGreaterThanOrEqual(one.built);
    expect(one.resources.armGets).toBeLessThan(2 * one.built);
    expect(hundred.resources).toEqual(one.resources);
    expect(tenThousand.resources).toEqual(one.resources);

    // The what-if deletes everything but the gateway the customer brought.
    expect(one.whatIf).toEqual({ ...one.resources, found: one.built - 1 });
    expect(hundred.whatIf).toEqual(one.whatIf);
    expect(tenThousand.whatIf).toEqual(one.whatIf);
  }, 60_000);

  describe('with Resource Graph behind ARM', () => {
    const spec = validConnectThroughSpec();
    let all: Fakes;
    let desired: readonly ResourceIntent[];
    beforeEach(() => {
      all = fakes();
      desired = holdOnboarded(all.network, spec);
    });
    afterEach(() => {
      expect(all.network.writes).toEqual([]);
      expect(all.network.lists).toEqual([]);
    });
    const idsFound = async () =>
      new Set((await readCustomerResources(CONTOSO_RECORD, portsOf(all))).map((o) => o.intent.id));

    it('finds a circuit and a route table that the checkpoints recorded and the index does not show yet', async () => {
      const circuit = desired.find((r) => r.kind === 'circuit' && r.leg === 'a');
      const table = desired.find((r) => r.kind === 'routeTable');
      if (circuit === undefined || table === undefined) throw new Error('no circuit or route table');
      all.inventory.notIndexedYet(circuit.id);
      all.inventory.notIndexedYet(table.id);

      // Without the checkpoints (and no spec in the registry), nothing else names them: they would be missed.
      const unrecorded = await idsFound();
      expect(unrecorded).not.toContain(circuit.id);
      expect(unrecorded).not.toContain(table.id);

      all.checkpoints.add(onboardingCheckpoints(spec));
      const found = await idsFound();
      expect(found).toContain(circuit.id);
      expect(found).toContain(table.id);
      // Its peerings and authorizations too: the circuit's GET names them.
      const children = desired.filter(
        (r) => (r.kind === 'peering' || r.kind === 'authorization') && r.circuitId === circuit.id,
      );
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) expect(found).toContain(child.id);
      expect(found).toEqual(new Set(desired.map((r) => r.id)));
    });

    it('finds a resource tagged for the customer that no checkpoint recorded, through the index', async () => {
      all.checkpoints.add(onboardingCheckpoints(spec));
      const table = desired.find((r): r is RouteTableIntent => r.kind === 'routeTable');
      if (table === undefined) throw new Error('no route table');
      const handTagged: RouteTableIntent = {
        ...table,
        id: table.id.replace(/routeTables\/[^/]+$/, 'routeTables/rt-contoso-tagged-by-hand'),
        name: 'rt-contoso-tagged-by-hand',
      };
      all.network.hold(asBuilt(handTagged));

      const found = await readCustomerResources(CONTOSO_RECORD, portsOf(all));
      expect(found.find((o) => o.intent.id === handTagged.id)?.state.managed).toBe(true);
    });

    it('leaves out what the index still shows but ARM no longer holds', async () => {
      const gone = `/subscriptions/${spec.circuits.subscriptionId}/resourceGroups/${spec.circuits.resourceGroup}/${NETWORK}/routeFilters/rf-contoso-deleted`;
      all.inventory.staleRow({
        id: gone,
        type: InventoryTypes.routeFilter,
        name: 'rf-contoso-deleted',
        subscriptionId: spec.circuits.subscriptionId,
        resourceGroup: spec.circuits.resourceGroup,
        location: 'westeurope',
        tags: { [CUSTOMER_TAG]: 'contoso', [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [LEG_TAG]: 'a' },
        properties: {},
      });
      const found = await idsFound();
      expect(all.network.reads.map((r) => r.id)).toContain(gone);
      expect(found).not.toContain(gone);
      expect(found).toEqual(new Set(desired.map((r) => r.id)));
    });
  });

  it('reads a recorded gateway or connection as the kind the step that built it names', () => {
    const base = `/subscriptions/${TEST_CSP.subscriptionIds[0] ?? ''}/resourceGroups/rg-hub/${NETWORK}`;
    expect(kindOfArmId(`${base}/virtualNetworkGateways/vpngw-hub`, 'vpn-gateway:hub')).toBe('vpnGateway');
    expect(kindOfArmId(`${base}/virtualNetworkGateways/ergw-hub`, 'gateway:hub')).toBe('gateway');
    // A delete step does not say: the name the encryption gives does.
    expect(
      kindOfArmId(`${base}/virtualNetworkGateways/vpngw-hub`, 'delete:rg-hub/virtualNetworkGateways/vpngw-hub'),
    ).toBe('vpnGateway');
    expect(kindOfArmId(`${base}/connections/cn-hub-ipsec-contoso`, 'vpn-connection:hub')).toBe('vpnConnection');
    expect(kindOfArmId(`${base}/connections/cn-hub-er-contoso-a`, 'connection:hub:a')).toBe('connection');
    expect(kindOfArmId(`${base}/expressRouteCircuits/er-contoso-a/peerings/AzurePrivatePeering`)).toBe('peering');
    expect(kindOfArmId(`${base}/virtualNetworks/hub/subnets/snet-app`)).toBe('subnetAssociation');
    // Not one of the kinds: a VNet, a route, another provider.
    expect(kindOfArmId(`${base}/virtualNetworks/hub`)).toBeUndefined();
    expect(kindOfArmId(`${base}/routeTables/rt/routes/default`)).toBeUndefined();
    expect(
      kindOfArmId('/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/vm'),
    ).toBeUndefined();
  });
});
