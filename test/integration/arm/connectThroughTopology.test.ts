/**
 * A connect-through customer end to end through the real SDK: circuits (and their authorizations) in the CSP's
 * subscription and tenant, gateways, connections, route tables, NSGs and subnet associations in the customer's
 * subscriptions and tenant. Then the same again: nothing to write.
 */
import { diffTopology } from '../../../shared/domain/diff';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../../shared/domain/intents';
import { CONTOSO_TENANT_ID } from '../../support/specs';
import {
  CSP_TENANT_ID,
  TEST_MD5_KEY,
  comparableWithAzure,
  connectThroughTopology,
  ensureTopology,
  readBackTopology,
  seedCustomerWorld,
} from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { startAdapterHarness, writesSeen } from './armAdapterHarness';

const topology = connectThroughTopology({ microsoftPeering: true });
let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness();
  await seedCustomerWorld(harness.sim, topology);
});

afterAll(async () => {
  await harness.sim.stop();
});

describe('connect-through topology', () => {
  it('is built in one pass: every resource created (the customer’s gateway only checked)', async () => {
    const { sim, adapter } = harness;
    const run = await ensureTopology(adapter, topology, (circuitId) => sim.control.provision(circuitId));
    const outcomes = run.results.map(({ intent, ensured }) => `${intent.kind} ${intent.name}: ${ensured.outcome}`);
    const expected = topology.resources.map(
      (intent) =>
        `${intent.kind} ${intent.name}: ${intent.kind === 'gateway' && intent.existing ? 'unchanged' : 'created'}`,
    );
    expect(outcomes.sort()).toEqual(expected.sort());
    const connections = run.results.filter(({ intent }) => intent.kind === 'connection');
    expect(connections).toHaveLength(4);
    for (const { ensured } of connections) {
      expect(ensured.state).toMatchObject({ provisioningState: 'Succeeded', connectionStatus: 'Connected' });
    }
    // No key (authorization or MD5) ever comes back out of the port.
    const returned = JSON.stringify(run.results.map(({ ensured }) => ensured));
    expect(returned).not.toContain(TEST_MD5_KEY);
    for (const resource of sim.control.resources()) {
      const key = (resource.properties as { authorizationKey?: unknown } | undefined)?.authorizationKey;
      if (typeof key === 'string') expect(returned).not.toContain(key);
    }
  });

  it('put the MD5 key on the private peerings and linked every connection through its own authorization', () => {
    const { sim } = harness;
    for (const intent of topology.resources) {
      if (intent.kind === 'peering' && intent.peeringType === 'AzurePrivatePeering') {
        expect(sim.control.get(intent.id)?.properties).toMatchObject({ sharedKey: TEST_MD5_KEY });
      }
      if (intent.kind === 'authorization') {
        const connection = topology.resources.find(
          (candidate) => candidate.kind === 'connection' && candidate.authorization?.id === intent.id,
        );
        expect(sim.control.get(intent.id)?.properties).toMatchObject({
          authorizationUseStatus: 'InUse',
          connectionResourceUri: connection?.id,
        });
      }
    }
  });

  it('tagged everything it created, and used each tenant’s token only on that tenant’s subscriptions', () => {
    const { sim, credentials } = harness;
    const created = topology.resources.filter(
      (intent) =>
        ['circuit', 'routeFilter', 'gateway', 'connection', 'routeTable', 'nsg'].includes(intent.kind) &&
        !(intent.kind === 'gateway' && intent.existing),
    );
    for (const intent of created) {
      expect({ id: intent.id, tags: sim.control.get(intent.id)?.tags }).toEqual({
        id: intent.id,
        tags: expect.objectContaining({ [MANAGED_BY_TAG]: MANAGED_BY_VALUE }),
      });
    }
    expect(credentials.tenantsAsked().sort()).toEqual([CSP_TENANT_ID, CONTOSO_TENANT_ID].sort());
  });

  it('ensured again: all unchanged, zero writes', async () => {
    const { sim, adapter } = harness;
    sim.control.resetCounters();
    const run = await ensureTopology(adapter, topology, () => {
      throw new Error('the circuits are already provisioned');
    });
    expect(run.results.filter(({ ensured }) => ensured.outcome !== 'unchanged')).toEqual([]);
    expect(writesSeen(sim)).toEqual({ writes: 0, deletes: 0 });
    expect(sim.control.counters().total.reads).toBeGreaterThan(0);
  });

  it('updates a linked connection (routing weight) without redeeming its authorization again', async () => {
    const { sim, adapter } = harness;
    const connection = topology.resources.find((intent) => intent.kind === 'connection' && intent.leg === 'b');
    if (connection?.kind !== 'connection' || connection.authorization === undefined) throw new Error('no connection');
    const reweighted = await adapter.ensureConnection({ ...connection, routingWeight: connection.routingWeight + 5 });
    expect(reweighted).toMatchObject({ outcome: 'updated', intent: { routingWeight: connection.routingWeight + 5 } });
    expect(sim.control.get(connection.authorization.id)?.properties).toMatchObject({
      authorizationUseStatus: 'InUse',
      connectionResourceUri: connection.id,
    });
    expect((await adapter.ensureConnection(connection)).outcome).toBe('updated');
    expect((await adapter.ensureConnection(connection)).state).toMatchObject({ connectionStatus: 'Connected' });
  });

  it('re-sends the MD5 key only when the one in Key Vault differs from the one ARM holds (rotation)', async () => {
    const { sim, adapter, adapterWith } = harness;
    const peering = topology.resources.find((intent) => intent.kind === 'peering' && intent.md5Key !== undefined);
    if (peering?.kind !== 'peering') throw new Error('no peering with an MD5 key');
    const rotated = adapterWith({ secrets: { resolve: () => Promise.resolve('contoso-md5-rotated') } });
    expect((await rotated.ensurePeering(peering)).outcome).toBe('updated');
    expect(sim.control.get(peering.id)?.properties).toMatchObject({ sharedKey: 'contoso-md5-rotated' });
    expect((await rotated.ensurePeering(peering)).outcome).toBe('unchanged');
    expect((await adapter.ensurePeering(peering)).outcome).toBe('updated');
    expect(sim.control.get(peering.id)?.properties).toMatchObject({ sharedKey: TEST_MD5_KEY });
  });

  it('reads back exactly what was asked for, all managed, nothing else managed beside it: a diff finds nothing to do', async () => {
    const observed = await readBackTopology(harness.adapter, topology.resources);
    expect(observed.every(({ state }) => state.managed)).toBe(true);
    const changes = diffTopology(
      observed.map(({ intent }) => intent),
      comparableWithAzure(topology.resources),
    );
    expect(changes.filter((change) => change.action !== 'unchanged')).toEqual([]);
  });

  it('reads each resource back by reference, as the intent that produced it', async () => {
    const { adapter } = harness;
    for (const intent of comparableWithAzure(topology.resources)) {
      const observed = await adapter.read({ kind: intent.kind, id: intent.id, scope: intent.scope });
      expect(observed?.intent).toEqual(intent);
    }
    const circuit = topology.resources.find((intent) => intent.kind === 'circuit');
    if (circuit === undefined) throw new Error('no circuit');
    const state = (await adapter.getCircuit(circuit.id, circuit.scope))?.state;
    expect(state).toMatchObject({
      serviceProviderProvisioningState: 'Provisioned',
      circuitProvisioningState: 'Enabled',
      managed: true,
      peeringNames: expect.arrayContaining(['AzurePrivatePeering', 'MicrosoftPeering']),
    });
    expect(state?.serviceKey).toMatch(/^[0-9a-f-]{36}$/);
  });
});
