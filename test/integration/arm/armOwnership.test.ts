/**
 * The automation changes nothing it does not own (no `managed-by` tag), and presents a tenant's token only to that
 * tenant's subscriptions: both refusals happen before anything is written (or, for the tenant, even requested).
 */
import type { CircuitIntent, PeeringIntent, ResourceIntent, RouteTableIntent } from '../../../shared/domain/intents';
import { NotManagedError, ScopeViolationError } from '../../../shared/errors';
import { armRequest } from '../../support/armSimulator';
import { CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_TENANT_ID } from '../../support/specs';
import { CSP_TENANT_ID, connectThroughTopology, seedCustomerWorld } from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { startAdapterHarness, writesSeen } from './armAdapterHarness';

const topology = connectThroughTopology();
let harness: AdapterHarness;

function find<K extends ResourceIntent['kind']>(kind: K): Extract<ResourceIntent, { kind: K }> {
  const found = topology.resources.find(
    (intent): intent is Extract<ResourceIntent, { kind: K }> => intent.kind === kind,
  );
  if (found === undefined) throw new Error(`no ${kind}`);
  return found;
}

const table: RouteTableIntent = find('routeTable');
const circuit: CircuitIntent = find('circuit');
const peering: PeeringIntent = find('peering');

beforeAll(async () => {
  harness = await startAdapterHarness();
  await seedCustomerWorld(harness.sim, topology);
  // Someone built these by hand, without the automation's tag, where the automation would put its own.
  const handMadeTable = await armRequest(harness.sim, 'PUT', table.id, {
    body: {
      location: 'westeurope',
      tags: { owner: 'contoso-netops' },
      properties: {
        routes: [{ name: 'hand-made', properties: { addressPrefix: '192.0.2.0/24', nextHopType: 'None' } }],
      },
    },
  });
  const handMadeCircuit = await armRequest(harness.sim, 'PUT', circuit.id, {
    body: {
      location: 'westeurope',
      tags: { owner: 'csp-network-team' },
      sku: { name: 'Standard_MeteredData', tier: 'Standard', family: 'MeteredData' },
      properties: {
        serviceProviderProperties: {
          serviceProviderName: 'Equinix',
          peeringLocation: 'Amsterdam',
          bandwidthInMbps: 500,
        },
      },
    },
  });
  expect([handMadeTable.status, handMadeCircuit.status]).toEqual([201, 201]);
  harness.sim.clock.advanceBy(60 * 60_000);
  harness.sim.control.provision(circuit.id);
});

afterAll(async () => {
  await harness.sim.stop();
});

beforeEach(() => {
  harness.sim.control.resetCounters();
});

describe('resources without the managed-by tag', () => {
  it('a route table with the intent’s id but no tag: NotManagedError, and the table is left exactly as it was', async () => {
    const before = harness.sim.control.get(table.id);
    await expect(harness.adapter.ensureRouteTable(table)).rejects.toBeInstanceOf(NotManagedError);
    await expect(harness.adapter.ensureRouteTable(table)).rejects.toMatchObject({
      code: 'NotManagedByAutomation',
      retryable: false,
    });
    await expect(
      harness.adapter.delete({ kind: 'routeTable', id: table.id, scope: table.scope }),
    ).rejects.toBeInstanceOf(NotManagedError);
    expect(harness.sim.control.get(table.id)).toEqual(before);
    expect(writesSeen(harness.sim)).toEqual({ writes: 0, deletes: 0 });
  });

  it('an untagged circuit: neither it nor its children are touched', async () => {
    const before = harness.sim.control.get(circuit.id);
    await expect(harness.adapter.ensureCircuit(circuit)).rejects.toBeInstanceOf(NotManagedError);
    await expect(harness.adapter.ensurePeering(peering)).rejects.toThrow(
      `${circuit.id} does not carry the automation's managed-by tag`,
    );
    await expect(
      harness.adapter.delete({ kind: 'circuit', id: circuit.id, scope: circuit.scope }),
    ).rejects.toBeInstanceOf(NotManagedError);
    expect(harness.sim.control.get(circuit.id)).toEqual(before);
    expect(writesSeen(harness.sim)).toEqual({ writes: 0, deletes: 0 });
  });

  it('reads them back as not managed, and lists them in their resource groups as not managed', async () => {
    expect((await harness.adapter.read({ kind: 'routeTable', id: table.id, scope: table.scope }))?.state.managed).toBe(
      false,
    );
    const listed = await harness.adapter.listInResourceGroup(table.scope, [
      'routeTable',
      'nsg',
      'gateway',
      'connection',
    ]);
    expect(listed.map(({ intent }) => intent.id)).toContain(table.id);
    expect(listed.filter(({ state }) => state.managed)).toEqual([]);
    const circuits = await harness.adapter.listInResourceGroup(circuit.scope, ['circuit']);
    expect(circuits.map(({ intent, state }) => ({ id: intent.id, managed: state.managed }))).toEqual([
      { id: circuit.id, managed: false },
    ]);
  });
});

describe('tenant guard', () => {
  it('refuses a scope whose subscription belongs to another tenant, before any token request or ARM call', async () => {
    const { adapter, credentials, sim } = harness;
    const tokensBefore = credentials.issued.length;
    const wrongTenant: RouteTableIntent = { ...table, scope: { ...table.scope, tenantId: CSP_TENANT_ID } };
    await expect(adapter.ensureRouteTable(wrongTenant)).rejects.toBeInstanceOf(ScopeViolationError);
    const wrongSubscription: CircuitIntent = {
      ...circuit,
      scope: { ...circuit.scope, tenantId: CONTOSO_TENANT_ID },
    };
    await expect(adapter.getCircuit(wrongSubscription.id, wrongSubscription.scope)).rejects.toMatchObject({
      code: 'ScopeViolation',
    });
    await expect(
      adapter.listInResourceGroup(
        { ...table.scope, tenantId: CSP_TENANT_ID, subscriptionId: CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID },
        ['routeTable'],
      ),
    ).rejects.toBeInstanceOf(ScopeViolationError);
    expect(credentials.issued.length).toBe(tokensBefore);
    expect(sim.control.counters().total).toMatchObject({ reads: 0, writes: 0, deletes: 0 });
  });

  it('ARM itself would refuse the wrong tenant’s token too (what the guard prevents)', async () => {
    const token = await harness.credentials.forTenant(CSP_TENANT_ID).getToken('https://management.azure.com/.default');
    const response = await armRequest(harness.sim, 'GET', table.id, { token: token?.token ?? null });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { code: 'InvalidAuthenticationTokenTenant' } });
  });
});
