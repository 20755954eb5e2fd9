/**
 * `waitForCompletion: false`: the PUT is sent and the adapter returns with the resource as ARM shows it (Updating),
 * so that an orchestration can poll a 38-minute gateway build with durable timers instead of a blocked activity.
 */
import type { ConnectionIntent, GatewayIntent, ResourceIntent } from '../../../shared/domain/intents';
import { ArmOperationError } from '../../../shared/errors';
import { connectThroughTopology, seedCustomerWorld } from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { startAdapterHarness, writesSeen } from './armAdapterHarness';

const topology = connectThroughTopology({ microsoftPeering: false });
let harness: AdapterHarness;

const gateway = topology.resources.find(
  (intent: ResourceIntent): intent is GatewayIntent => intent.kind === 'gateway' && !intent.existing,
);

beforeAll(async () => {
  harness = await startAdapterHarness();
  await seedCustomerWorld(harness.sim, topology);
});

afterAll(async () => {
  await harness.sim.stop();
});

it('a connection to a gateway that is still building: ARM’s refusal, with the key it carried nowhere in the error', async () => {
  if (gateway === undefined) throw new Error('no gateway to build');
  const { adapter, sim } = harness;
  const leg = 'a';
  const connection = topology.resources.find(
    (intent): intent is ConnectionIntent =>
      intent.kind === 'connection' && intent.gatewayId === gateway.id && intent.leg === leg,
  );
  if (connection?.authorization === undefined) throw new Error('no connect-through connection on the new gateway');
  const circuitId = connection.circuitId;
  for (const intent of topology.resources) {
    const onThisCircuit = intent.id === circuitId || ('circuitId' in intent && intent.circuitId === circuitId);
    if (!onThisCircuit || intent.kind === 'connection') continue;
    if (intent.kind === 'circuit') {
      await adapter.ensureCircuit(intent);
      sim.control.provision(intent.id);
    }
    if (intent.kind === 'peering') await adapter.ensurePeering(intent);
    if (intent.kind === 'authorization') await adapter.ensureAuthorization(intent);
  }
  expect((await adapter.ensureGateway(gateway, { waitForCompletion: false })).state.provisioningState).toBe('Updating');

  const error = await adapter.ensureConnection(connection).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ArmOperationError);
  expect(error).toMatchObject({ code: 'VirtualNetworkGatewayNotSucceeded', statusCode: 400, retryable: false });
  const key = sim.control.get(connection.authorization.id)?.properties.authorizationKey;
  if (typeof key !== 'string') throw new Error('the authorization has no key');
  const surfaced = error instanceof Error ? `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}` : '';
  expect(surfaced).not.toContain(key);
  // The key was not consumed: the authorization is still there to be redeemed once the gateway is built.
  expect(sim.control.get(connection.authorization.id)?.properties).toMatchObject({
    authorizationUseStatus: 'Available',
  });
});

it('polling a gateway build with waitForCompletion: false writes nothing, and sees it Succeeded once built', async () => {
  if (gateway === undefined) throw new Error('no gateway to build');
  const { adapter, sim } = harness;
  const noWait = { waitForCompletion: false };
  const clockBefore = sim.clock.now();

  const started = await adapter.ensureGateway(gateway, noWait);
  expect(started).toMatchObject({ outcome: 'unchanged', state: { provisioningState: 'Updating', managed: true } });
  expect(sim.clock.now()).toBe(clockBefore);

  sim.control.resetCounters();
  const stillBuilding = await adapter.ensureGateway(gateway, noWait);
  expect(stillBuilding).toMatchObject({ outcome: 'unchanged', state: { provisioningState: 'Updating' } });

  sim.clock.advanceBy(40 * 60_000);
  const built = await adapter.ensureGateway(gateway, noWait);
  expect(built).toMatchObject({ outcome: 'unchanged', state: { provisioningState: 'Succeeded' } });
  expect(writesSeen(sim)).toEqual({ writes: 0, deletes: 0 });
});

it('deleting with waitForCompletion: false returns `deleting` at once (again without a second DELETE), then it is gone', async () => {
  if (gateway === undefined) throw new Error('no gateway to build');
  const { adapter, sim } = harness;
  const ref = { kind: 'gateway' as const, id: gateway.id, scope: gateway.scope };
  sim.clock.advanceBy(40 * 60_000);
  expect((await adapter.read(ref))?.state.provisioningState).toBe('Succeeded');
  for (const connection of topology.resources) {
    if (connection.kind === 'connection' && connection.gatewayId === gateway.id) {
      await adapter.delete({ kind: 'connection', id: connection.id, scope: connection.scope });
    }
  }
  const clockBefore = sim.clock.now();

  expect(await adapter.delete(ref, { waitForCompletion: false })).toBe('deleting');
  expect(sim.clock.now()).toBe(clockBefore);
  expect((await adapter.read(ref))?.state.provisioningState).toBe('Deleting');
  // Asked again (the first answer was lost): it says so without a second DELETE.
  sim.control.resetCounters();
  expect(await adapter.delete(ref, { waitForCompletion: false })).toBe('deleting');
  expect(writesSeen(sim)).toEqual({ writes: 0, deletes: 0 });

  sim.clock.advanceBy(25 * 60_000);
  expect(await adapter.read(ref)).toBeUndefined();
  // Again once gone: nothing to do.
  expect(await adapter.delete(ref, { waitForCompletion: false })).toBe('absent');
});
