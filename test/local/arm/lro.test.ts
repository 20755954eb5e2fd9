/**
 * The ARM long-running operation protocol: PUT → 201/200 + Azure-AsyncOperation + Retry-After, polled until
 * Succeeded or Failed; DELETE → 202 + Location (+ Azure-AsyncOperation), polled until 204. Durations run on the
 * simulator's clock; with virtual time a poll moves the clock to the operation's end.
 */
import { DEFAULT_DURATIONS, startArmSimulator } from '../../../local/arm';
import { ScaledClock, VirtualClock } from '../../../local/clock';
import type { TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { connectionBody, customerHub, finish, networkPath, readyCircuit } from './topology';

const RG = 'rg-lro';
const CIRCUIT = circuitId(TEST_SUBSCRIPTION, RG, 'er-lro');
const TABLE = `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/${RG}/providers/Microsoft.Network/routeTables/rt1`;
const MINUTE = 60_000;

describe('with time moved by the test (virtualTime none)', () => {
  let sim: TestArmSimulator;

  beforeEach(async () => {
    sim = await startTestArmSimulator({ virtualTime: 'none' });
    sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('a PUT answers 201 Updating with Azure-AsyncOperation; polls say InProgress until the duration has passed', async () => {
    const put = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
    expect(put.status).toBe(201);
    expect(put.body.properties).toMatchObject({
      provisioningState: 'Updating',
      serviceProviderProvisioningState: 'NotProvisioned',
      // As Azure's 201 (recorded): the key is issued when the creation has finished.
      circuitProvisioningState: 'Disabled',
      serviceKey: '00000000-0000-0000-0000-000000000000',
    });
    expect(put.body.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    const statusUrl = String(put.headers['azure-asyncoperation']);
    expect(statusUrl).toMatch(
      /\/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/locations\/westeurope\/operations\/[0-9a-f-]{36}\?api-version=2024-07-01$/,
    );
    expect(put.headers['retry-after']).toBe('10');

    sim.clock.advanceBy(DEFAULT_DURATIONS.circuit - 1);
    const early = await armRequest(sim, 'GET', statusUrl);
    expect(early.status).toBe(200);
    expect(early.body).toEqual({ status: 'InProgress' });
    expect(early.headers['retry-after']).toBe('1');
    expect((await armRequest(sim, 'GET', CIRCUIT)).body.properties.provisioningState).toBe('Updating');

    sim.clock.advanceBy(1);
    expect((await armRequest(sim, 'GET', statusUrl)).body).toEqual({ status: 'Succeeded' });
    expect((await armRequest(sim, 'GET', CIRCUIT)).body.properties.provisioningState).toBe('Succeeded');
  });

  it('a PUT on an existing resource answers 200 and the resource goes Updating again', async () => {
    await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
    sim.clock.advanceBy(DEFAULT_DURATIONS.circuit);
    const update = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody({ bandwidthInMbps: 2000 }) });
    expect(update.status).toBe(200);
    expect(update.body.properties.provisioningState).toBe('Updating');
    expect(update.body.properties.serviceProviderProperties.bandwidthInMbps).toBe(2000);
  });

  it('a DELETE answers 202 with Location and Azure-AsyncOperation; Location answers 202 until done, then 204', async () => {
    await armRequest(sim, 'PUT', TABLE, { body: { location: 'westeurope', properties: { routes: [] } } });
    sim.clock.advanceBy(DEFAULT_DURATIONS.routeTable);
    const deleted = await armRequest(sim, 'DELETE', TABLE);
    expect(deleted.status).toBe(202);
    expect(deleted.text).toBe('');
    const location = String(deleted.headers.location);
    expect(location).toMatch(
      /\/providers\/Microsoft\.Network\/locations\/westeurope\/operationResults\/[0-9a-f-]{36}\?api-version=/,
    );
    expect(deleted.headers['azure-asyncoperation']).toMatch(/\/operations\/[0-9a-f-]{36}\?/);
    expect(deleted.headers['retry-after']).toEqual(expect.any(String));
    expect((await armRequest(sim, 'GET', TABLE)).body.properties.provisioningState).toBe('Deleting');

    const running = await armRequest(sim, 'GET', location);
    expect(running.status).toBe(202);
    expect(running.headers.location).toBe(location);
    sim.clock.advanceBy(DEFAULT_DURATIONS.routeTableDelete);
    expect((await armRequest(sim, 'GET', location)).status).toBe(204);
    expect((await armRequest(sim, 'GET', TABLE)).status).toBe(404);
    expect((await armRequest(sim, 'DELETE', TABLE)).status).toBe(204);
  });

  it('a failed operation: a circuit without sku is accepted, then its operation fails and it is Failed/Disabled', async () => {
    const { sku: _sku, ...withoutSku } = providerCircuitBody();
    const put = await armRequest(sim, 'PUT', CIRCUIT, { body: withoutSku });
    expect(put.status).toBe(201);
    sim.clock.advanceBy(DEFAULT_DURATIONS.circuit);
    const poll = await armRequest(sim, 'GET', String(put.headers['azure-asyncoperation']));
    expect(poll.body).toEqual({
      status: 'Failed',
      error: { code: 'ExpressRouteCircuitSkuNotSpecified', message: expect.stringContaining('sku') },
    });
    expect((await armRequest(sim, 'GET', CIRCUIT)).body.properties).toMatchObject({
      provisioningState: 'Failed',
      circuitProvisioningState: 'Disabled',
    });
  });
});

describe('with virtual time (advance-on-poll)', () => {
  it('a poll says InProgress with Retry-After 0; the next poll finds the clock moved to the operation’s end', async () => {
    const sim = await startTestArmSimulator({ durations: { circuit: 5 * MINUTE } });
    try {
      sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      const start = sim.clock.now();
      const put = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
      expect(put.headers['retry-after']).toBe('0');
      const statusUrl = String(put.headers['azure-asyncoperation']);
      const first = await armRequest(sim, 'GET', statusUrl);
      expect({ body: first.body, retryAfter: first.headers['retry-after'] }).toEqual({
        body: { status: 'InProgress' },
        retryAfter: '0',
      });
      expect(sim.clock.now()).toBe(start);
      expect((await armRequest(sim, 'GET', CIRCUIT)).body.properties.provisioningState).toBe('Updating');
      const second = await armRequest(sim, 'GET', statusUrl);
      expect(second.body).toEqual({ status: 'Succeeded' });
      expect(sim.clock.now()).toBe(start + 5 * MINUTE);
      const location = await armRequest(
        sim,
        'GET',
        String(put.headers['azure-asyncoperation']).replace('/operations/', '/operationResults/'),
      );
      expect(location.status).toBe(200);
      expect(location.body.properties.provisioningState).toBe('Succeeded');
    } finally {
      await sim.stop();
    }
  });

  it("'complete-on-poll' moves the clock on the first poll", async () => {
    const sim = await startTestArmSimulator({ virtualTime: 'complete-on-poll' });
    try {
      sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      const start = sim.clock.now();
      const put = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
      expect((await armRequest(sim, 'GET', String(put.headers['azure-asyncoperation']))).body).toEqual({
        status: 'Succeeded',
      });
      expect(sim.clock.now()).toBe(start + DEFAULT_DURATIONS.circuit);
    } finally {
      await sim.stop();
    }
  });

  it('a gateway takes 38 minutes and a connection 10 on the clock (the poll moved it)', async () => {
    const sim = await startTestArmSimulator();
    try {
      const circuit = await readyCircuit(sim, TEST_SUBSCRIPTION, RG, 'er-a');
      const hub = await customerHub(sim, TEST_SUBSCRIPTION, 'rg-hub', { gateway: false });
      const beforeGateway = sim.clock.now();
      const gateway = await armRequest(sim, 'PUT', hub.gatewayId, {
        body: {
          location: 'westeurope',
          properties: {
            gatewayType: 'ExpressRoute',
            sku: { name: 'ErGw1AZ', tier: 'ErGw1AZ' },
            ipConfigurations: [{ name: 'default', properties: { subnet: { id: hub.gatewaySubnetId } } }],
          },
        },
      });
      await finish(sim, gateway);
      expect(sim.clock.now() - beforeGateway).toBe(38 * MINUTE);
      const beforeConnection = sim.clock.now();
      const connectionId = networkPath(TEST_SUBSCRIPTION, 'rg-hub', 'connections', 'cn-a');
      await finish(sim, await armRequest(sim, 'PUT', connectionId, { body: connectionBody(hub.gatewayId, circuit) }));
      expect(sim.clock.now() - beforeConnection).toBe(10 * MINUTE);
    } finally {
      await sim.stop();
    }
  });

  it('a VirtualClock defaults to advance-on-poll; unknown duration keys are refused', async () => {
    const sim = await startArmSimulator({ clock: new VirtualClock() });
    try {
      sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      const put = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
      expect(put.headers['retry-after']).toBe('0');
    } finally {
      await sim.stop();
    }
    await expect(startArmSimulator({ durations: { circuitt: 1 } })).rejects.toThrow(/unknown duration key 'circuitt'/);
    await expect(startArmSimulator({ virtualTime: 'advance-on-poll' })).rejects.toThrow(/needs a VirtualClock/);
  });
});

describe('on a ScaledClock (standalone use)', () => {
  it('operations finish after their duration divided by the speed, in real time', async () => {
    const sim = await startArmSimulator({ clock: new ScaledClock(240), retryAfterSeconds: 1 });
    try {
      sim.control.seedResourceGroup(TEST_SUBSCRIPTION, RG, 'westeurope');
      const put = await armRequest(sim, 'PUT', CIRCUIT, { body: providerCircuitBody() });
      const statusUrl = String(put.headers['azure-asyncoperation']);
      expect((await armRequest(sim, 'GET', statusUrl)).body).toEqual({ status: 'InProgress' });
      await new Promise((resolve) => setTimeout(resolve, DEFAULT_DURATIONS.circuit / 240 + 50));
      expect((await armRequest(sim, 'GET', statusUrl)).body).toEqual({ status: 'Succeeded' });
    } finally {
      await sim.stop();
    }
  });
});
