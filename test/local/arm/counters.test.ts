/**
 * Request counters (reads, writes, deletes, LRO polls; total and per subscription), in process and over HTTP, and
 * the control API's view of stored resources.
 */
import type { Counters } from '../../../local/arm';
import type { TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  CUSTOMER_SUBSCRIPTION,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { finish, networkPath } from './topology';

const RG = 'rg-count';
let sim: TestArmSimulator;

beforeEach(async () => {
  sim = await startTestArmSimulator();
  sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
  sim.control.seedResourceGroup(CUSTOMER_SUBSCRIPTION, RG, 'westeurope');
});

afterEach(async () => {
  await sim.stop();
});

function control(method: string, path: string, body?: unknown): ReturnType<typeof armRequest> {
  return armRequest(sim, method, `/__sim/${path}`, { body, apiVersion: null, token: null });
}

it('counts reads, writes, deletes and polls per subscription and in total, over HTTP too, and resets', async () => {
  const circuit = circuitId(TEST_SUBSCRIPTION, RG, 'er');
  await finish(sim, await armRequest(sim, 'PUT', circuit, { body: providerCircuitBody() }));
  await armRequest(sim, 'GET', circuit);
  await armRequest(sim, 'GET', circuit);
  const table = networkPath(CUSTOMER_SUBSCRIPTION, RG, 'routeTables', 'rt');
  await finish(sim, await armRequest(sim, 'PUT', table, { body: { location: 'westeurope', properties: {} } }));
  await finish(sim, await armRequest(sim, 'DELETE', table));
  await armRequest(sim, 'GET', circuit, { apiVersion: null });

  const counters = sim.control.counters();
  expect(counters.total).toEqual({ reads: 3, writes: 2, deletes: 1, polls: 6, throttled: 0, faults: 0 });
  expect(counters.bySubscription[TEST_SUBSCRIPTION.toLowerCase()]).toEqual({
    reads: 3,
    writes: 1,
    deletes: 0,
    polls: 2,
    throttled: 0,
    faults: 0,
  });
  expect(counters.bySubscription[CUSTOMER_SUBSCRIPTION.toLowerCase()]).toEqual({
    reads: 0,
    writes: 1,
    deletes: 1,
    polls: 4,
    throttled: 0,
    faults: 0,
  });
  expect(counters.byOperation).toEqual({
    'PUT Microsoft.Network/expressRouteCircuits': 1,
    'GET Microsoft.Network/expressRouteCircuits': 3,
    'PUT Microsoft.Network/routeTables': 1,
    'DELETE Microsoft.Network/routeTables': 1,
    'GET operations': 6,
  });

  const overHttp = await control('GET', 'counters');
  expect(overHttp.status).toBe(200);
  expect(overHttp.body as Counters).toEqual(counters);
  expect(sim.control.counters()).toEqual(counters);

  await control('POST', 'counters/reset');
  expect(sim.control.counters().total).toEqual({ reads: 0, writes: 0, deletes: 0, polls: 0, throttled: 0, faults: 0 });
  await armRequest(sim, 'GET', circuit);
  sim.control.resetCounters();
  expect(sim.control.counters()).toEqual({
    total: { reads: 0, writes: 0, deletes: 0, polls: 0, throttled: 0, faults: 0 },
    bySubscription: {},
    byOperation: {},
  });
});

it('lists every stored resource with its state, in process and over HTTP, and seeds over HTTP', async () => {
  const seeded = await control('POST', 'resourceGroups', {
    subscriptionId: CUSTOMER_SUBSCRIPTION,
    resourceGroup: 'rg-hub',
    location: 'West Europe',
  });
  expect(seeded.body).toMatchObject({ type: 'Microsoft.Resources/resourceGroups', location: 'westeurope' });
  const vnet = await control('POST', 'virtualNetworks', {
    subscriptionId: CUSTOMER_SUBSCRIPTION,
    resourceGroup: 'rg-hub',
    name: 'vnet',
    location: 'westeurope',
    addressSpace: ['10.1.0.0/16'],
    subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.1.255.0/27' }],
  });
  expect(vnet.status).toBe(200);
  expect(vnet.body.properties.subnets[0].name).toBe('GatewaySubnet');
  expect(
    (
      await control('POST', 'virtualNetworks', {
        subscriptionId: CUSTOMER_SUBSCRIPTION,
        resourceGroup: 'rg-none',
        name: 'v',
        location: 'westeurope',
        addressSpace: [],
        subnets: [],
      })
    ).status,
  ).toBe(404);

  const circuit = circuitId(TEST_SUBSCRIPTION, RG, 'er');
  await armRequest(sim, 'PUT', circuit, { body: providerCircuitBody() });
  const stored = sim.control.resources();
  expect(stored.map((resource) => resource.type)).toEqual([
    'Microsoft.Resources/resourceGroups',
    'Microsoft.Resources/resourceGroups',
    'Microsoft.Resources/resourceGroups',
    'Microsoft.Network/virtualNetworks',
    'Microsoft.Network/virtualNetworks/subnets',
    'Microsoft.Network/expressRouteCircuits',
  ]);
  expect(sim.control.get(circuit.toLowerCase())).toMatchObject({
    id: circuit,
    name: 'er',
    subscriptionId: TEST_SUBSCRIPTION,
    resourceGroup: RG,
    properties: { provisioningState: 'Updating', serviceProviderProvisioningState: 'NotProvisioned' },
  });
  const overHttp = await control('GET', `resources?id=${encodeURIComponent(circuit)}`);
  expect(overHttp.body.properties.serviceKey).toBe(sim.control.get(circuit)?.properties.serviceKey);
  expect((await control('GET', 'resources')).body.value).toHaveLength(6);
  expect((await control('GET', 'resources?id=%2Fnope')).status).toBe(404);
  expect((await control('GET', 'operations')).body.value[0]).toMatchObject({
    name: 'PutExpressRouteCircuitOperation',
    status: 'InProgress',
  });
  expect(sim.control.counters().total.writes).toBe(1);
});
