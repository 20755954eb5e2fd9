/**
 * Smoke test with the real `@azure/arm-network` client (the adapter's SDK): trust of the simulator's certificate,
 * LROs without real waiting (`updateIntervalInMs: 0`: core-lro ignores `Retry-After: 0`), a `begin…` that leaves the
 * operation running, refusals as RestError, failed LROs as Error, and 429 conflicts retried by the SDK itself.
 */
import { NetworkManagementClient } from '../../../shared/adapters/arm/networkSdk';
import { RestError } from '@azure/core-rest-pipeline';
import { Agent } from 'node:https';
import type { TestArmSimulator } from '../../support/armSimulator';
import {
  armClientOptions,
  circuitId,
  fakeCredential,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';

const RG = 'rg-sdk';
/** What the adapter should pass to every begin… call in tests against the virtual clock. */
const POLL_AT_ONCE = { updateIntervalInMs: 0 };
let sim: TestArmSimulator;
let client: NetworkManagementClient;

const circuit = {
  location: 'westeurope',
  tags: { 'managed-by': 'expressroute-csp' },
  sku: { name: 'Standard_MeteredData', tier: 'Standard', family: 'MeteredData' },
  serviceProviderProperties: { serviceProviderName: 'Equinix', peeringLocation: 'Amsterdam', bandwidthInMbps: 1000 },
  allowClassicOperations: false,
  peerings: [],
  authorizations: [],
};

beforeEach(async () => {
  sim = await startTestArmSimulator();
  sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
  client = new NetworkManagementClient(fakeCredential(), TEST_SUBSCRIPTION, armClientOptions(sim));
});

afterEach(async () => {
  await sim.stop();
});

it('creates a circuit with beginCreateOrUpdateAndWait (tlsOptions: { ca }), with no real waiting', async () => {
  const started = Date.now();
  const before = sim.clock.now();
  const created = await client.expressRouteCircuits.beginCreateOrUpdateAndWait(RG, 'er-a', circuit, POLL_AT_ONCE);
  expect(Date.now() - started).toBeLessThan(1500);
  expect(sim.clock.now() - before).toBe(2 * 60_000);
  expect(created).toMatchObject({
    name: 'er-a',
    provisioningState: 'Succeeded',
    serviceProviderProvisioningState: 'NotProvisioned',
    circuitProvisioningState: 'Enabled',
    serviceProviderProperties: { bandwidthInMbps: 1000 },
  });
  expect(created.serviceKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(sim.control.counters().byOperation).toEqual({
    'PUT Microsoft.Network/expressRouteCircuits': 1,
    'GET operations': 2,
    'GET Microsoft.Network/expressRouteCircuits': 1,
  });
  await client.expressRouteCircuits.beginDeleteAndWait(RG, 'er-a', POLL_AT_ONCE);
  expect(sim.control.get(circuitId(TEST_SUBSCRIPTION, RG, 'er-a'))).toBeUndefined();
});

it('also trusts the certificate through agent: new https.Agent({ ca })', async () => {
  const viaAgent = new NetworkManagementClient(fakeCredential(), TEST_SUBSCRIPTION, {
    endpoint: sim.endpoint,
    $host: sim.endpoint,
    agent: new Agent({ ca: sim.caPem }),
  });
  const names: string[] = [];
  for await (const provider of viaAgent.expressRouteServiceProviders.list()) names.push(provider.name ?? '');
  expect(names).toEqual(expect.arrayContaining(['Equinix', 'Megaport']));
});

it('surfaces refusals as RestError (status and code) and failed LROs as Error with the code in the message', async () => {
  await client.expressRouteCircuits.beginCreateOrUpdateAndWait(RG, 'er-a', circuit, POLL_AT_ONCE);
  const refusal = client.expressRouteCircuitPeerings.beginCreateOrUpdateAndWait(
    RG,
    'er-a',
    'AzurePrivatePeering',
    {
      peerASN: 65010,
      primaryPeerAddressPrefix: '10.255.0.0/30',
      secondaryPeerAddressPrefix: '10.255.0.4/30',
      vlanId: 100,
    },
    POLL_AT_ONCE,
  );
  await expect(refusal).rejects.toBeInstanceOf(RestError);
  await expect(refusal).rejects.toMatchObject({
    statusCode: 400,
    code: 'ExpressRouteCircuitNotProvisionedByServiceProvider',
  });

  const { sku: _sku, ...withoutSku } = circuit;
  await expect(
    client.expressRouteCircuits.beginCreateOrUpdateAndWait(RG, 'er-b', withoutSku, POLL_AT_ONCE),
  ).rejects.toThrow(/The long-running operation has failed\. ExpressRouteCircuitSkuNotSpecified/);
});

it('begin… (one poll) leaves the operation running; pollUntilDone later finishes it', async () => {
  const before = sim.clock.now();
  const poller = await client.expressRouteCircuits.beginCreateOrUpdate(RG, 'er-a', circuit, POLL_AT_ONCE);
  expect(poller.isDone()).toBe(false);
  expect(sim.clock.now()).toBe(before);
  expect(sim.control.get(circuitId(TEST_SUBSCRIPTION, RG, 'er-a'))?.properties.provisioningState).toBe('Updating');
  expect((await poller.pollUntilDone()).provisioningState).toBe('Succeeded');
  expect(sim.clock.now() - before).toBe(2 * 60_000);
});

it('retries a 429 RetryableErrorDueToAnotherOperation by itself (Retry-After 0, the clock does the waiting)', async () => {
  await client.expressRouteCircuits.beginCreateOrUpdateAndWait(RG, 'er-a', circuit, POLL_AT_ONCE);
  const upgrade = await client.expressRouteCircuits.beginCreateOrUpdate(
    RG,
    'er-a',
    {
      ...circuit,
      serviceProviderProperties: { ...circuit.serviceProviderProperties, bandwidthInMbps: 2000 },
    },
    POLL_AT_ONCE,
  );
  const authorization = await client.expressRouteCircuitAuthorizations.beginCreateOrUpdateAndWait(
    RG,
    'er-a',
    'cust1',
    {},
    POLL_AT_ONCE,
  );
  expect(authorization.authorizationUseStatus).toBe('Available');
  expect(authorization.authorizationKey).toMatch(/^[0-9a-f-]{36}$/);
  expect(sim.control.counters().byOperation['PUT Microsoft.Network/expressRouteCircuits/authorizations']).toBe(2);
  expect((await upgrade.pollUntilDone()).serviceProviderProperties?.bandwidthInMbps).toBe(2000);
});

it("with 'complete-on-poll', default client options finish an LRO at once", async () => {
  const eager = await startTestArmSimulator({ virtualTime: 'complete-on-poll' });
  try {
    eager.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
    const eagerClient = new NetworkManagementClient(fakeCredential(), TEST_SUBSCRIPTION, armClientOptions(eager));
    const started = Date.now();
    const table = await eagerClient.routeTables.beginCreateOrUpdateAndWait(RG, 'rt', {
      location: 'westeurope',
      routes: [],
    });
    expect(table.provisioningState).toBe('Succeeded');
    expect(Date.now() - started).toBeLessThan(1000);
  } finally {
    await eager.stop();
  }
});
