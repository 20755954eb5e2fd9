/**
 * A connect-to customer: Contoso's own circuits in its connectivity subscription (Contoso's tenant), linked to its
 * hub VNet without authorizations. Built in one pass, then ensured again with nothing to write.
 */
import { diffTopology } from '../../../shared/domain/diff';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../../shared/domain/intents';
import { CONTOSO_TENANT_ID } from '../../support/specs';
import {
  comparableWithAzure,
  connectToTopology,
  ensureTopology,
  readBackTopology,
  seedCustomerWorld,
} from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { startAdapterHarness, writesSeen } from './armAdapterHarness';

const topology = connectToTopology();
let harness: AdapterHarness;

beforeAll(async () => {
  harness = await startAdapterHarness();
  await seedCustomerWorld(harness.sim, topology);
});

afterAll(async () => {
  await harness.sim.stop();
});

describe('connect-to topology', () => {
  it('has no authorizations, and everything lives in the customer’s tenant', () => {
    expect(topology.resources.some((intent) => intent.kind === 'authorization')).toBe(false);
    expect(new Set(topology.resources.map((intent) => intent.scope.tenantId))).toEqual(new Set([CONTOSO_TENANT_ID]));
  });

  it('is built in one pass, connections Connected, everything tagged, only the customer’s tenant asked for tokens', async () => {
    const { sim, adapter, credentials } = harness;
    const run = await ensureTopology(adapter, topology, (circuitId) => sim.control.provision(circuitId));
    expect(run.results.map(({ ensured }) => ensured.outcome)).toEqual(topology.resources.map(() => 'created'));
    const connections = run.results.filter(({ intent }) => intent.kind === 'connection');
    expect(connections).toHaveLength(2);
    for (const { ensured } of connections) expect(ensured.state).toMatchObject({ connectionStatus: 'Connected' });
    for (const { intent } of run.results.filter(
      ({ intent }) => intent.kind !== 'peering' && intent.kind !== 'subnetAssociation',
    )) {
      expect(sim.control.get(intent.id)?.tags).toMatchObject({ [MANAGED_BY_TAG]: MANAGED_BY_VALUE });
    }
    expect(credentials.tenantsAsked()).toEqual([CONTOSO_TENANT_ID]);
  });

  it('ensured again: all unchanged, zero writes', async () => {
    const { sim, adapter } = harness;
    sim.control.resetCounters();
    const run = await ensureTopology(adapter, topology, () => {
      throw new Error('the circuits are already provisioned');
    });
    expect(run.results.filter(({ ensured }) => ensured.outcome !== 'unchanged')).toEqual([]);
    expect(writesSeen(sim)).toEqual({ writes: 0, deletes: 0 });
  });

  it('reads back exactly what was asked for: each resource by reference, nothing else managed beside them', async () => {
    const observed = await readBackTopology(harness.adapter, topology.resources);
    const changes = diffTopology(
      observed.map(({ intent }) => intent),
      comparableWithAzure(topology.resources),
    );
    expect(changes.filter((change) => change.action !== 'unchanged')).toEqual([]);
  });
});
