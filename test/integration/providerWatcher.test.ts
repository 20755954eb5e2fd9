/**
 * The fleet-wide provider watcher end to end on its real stand-ins: the wait registry on Azurite (written by the
 * `notifyProvider` activity when it hands a circuit to the provider), Resource Graph in the ARM simulator read through
 * `@azure/arm-resourcegraph`, and a workflow engine fake that records the events raised.
 */
import { randomUUID } from 'node:crypto';
import { createNotifyProviderActivity } from '../../orchestrations/activities/notify.activity';
import type { NotifyProviderInput } from '../../orchestrations/contracts';
import { CspSubscriptionDirectory, FakeTenantCredentialProvider } from '../../shared/adapters/identity';
import { ResourceGraphInventory } from '../../shared/adapters/resourcegraph/resourceGraphInventory';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import type { OutboundEvent } from '../../shared/ports/outbound';
import { InstanceIds } from '../../shared/ports/requestWorkflows';
import { watchProviderWaits } from '../../shared/services/providerWatcher';
import { startTestArmSimulator, type TestArmSimulator } from '../support/armSimulator';
import { onlyDependencies } from '../support/activityDependencies';
import { FakeWorkflows } from '../support/inMemoryIntakePorts';
import { adapters, uniquePrefix } from './tables/tablesTestSupport';

const CSP_TENANT = '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b';
const CSP_SUBSCRIPTION = '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2b';
const RESOURCE_GROUP = 'rg-er-circuits';
const SERVICE_KEY = '9f3c2a1b-4d5e-4f60-8a7b-1c2d3e4f5a6b';

function circuitIdOf(name: string): string {
  return `/subscriptions/${CSP_SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.Network/expressRouteCircuits/${name}`;
}

function activityDependencies(tables: ReturnType<typeof adapters>, published: OutboundEvent[]): ActivityDependencies {
  return onlyDependencies(
    {
      customers: tables.customers,
      checkpoints: tables.checkpoints,
      outbound: {
        publish: (event) => {
          published.push(event);
          return Promise.resolve();
        },
      },
      providerWaits: tables.providerWaits,
      csp: { tenantId: CSP_TENANT, subscriptionIds: [CSP_SUBSCRIPTION] },
    },
    'notifyProvider',
  );
}

describe('fleet-wide provider watcher (Azurite, the ARM simulator’s Resource Graph)', () => {
  let simulator: TestArmSimulator;
  const tables = adapters(uniquePrefix('watch'));

  beforeAll(async () => {
    simulator = await startTestArmSimulator();
    simulator.control.setSubscriptionTenant(CSP_SUBSCRIPTION, CSP_TENANT);
    simulator.control.seedResourceGroup(CSP_SUBSCRIPTION, RESOURCE_GROUP, 'westeurope');
    simulator.control.outOfBand.seedResources(
      ['er-contoso-a', 'er-fabrikam-a'].map((name) => ({
        id: circuitIdOf(name),
        kind: 'expressRouteCircuit' as const,
        type: 'Microsoft.Network/expressRouteCircuits',
        name,
        subscriptionId: CSP_SUBSCRIPTION,
        resourceGroup: RESOURCE_GROUP,
        location: 'westeurope',
        tags: {},
        properties: {
          serviceProviderProperties: {
            serviceProviderName: 'Equinix',
            peeringLocation: 'Amsterdam',
            bandwidthInMbps: 1000,
          },
          serviceProviderProvisioningState: 'NotProvisioned',
          circuitProvisioningState: 'Enabled',
        },
      })),
    );
  });

  afterAll(async () => {
    await simulator.stop();
  });

  it('registers the wait when the service key is sent, wakes it once the provider has provisioned, and forgets it', async () => {
    const published: OutboundEvent[] = [];
    const notify = createNotifyProviderActivity(activityDependencies(tables, published));
    const requestId = `req-${randomUUID()}`;
    const handOff = (name: string, kind: NotifyProviderInput['kind'], customerId: string): NotifyProviderInput => ({
      requestId,
      customerId,
      stepKey: `provider-handoff:${name}`,
      leg: 'a',
      pair: name === 'er-fabrikam-a' ? 'second' : undefined,
      circuitId: circuitIdOf(name),
      serviceKey: SERVICE_KEY,
      kind,
      sequence: 0,
    });
    const quiet = () => undefined;
    const context = { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet } as never;
    await notify(handOff('er-contoso-a', 'service-key-ready', 'contoso'), context);
    await notify(handOff('er-contoso-a', 'service-key-ready', 'contoso'), context); // a retried activity
    await notify(handOff('er-fabrikam-a', 'service-key-ready', 'fabrikam'), context);
    await notify({ ...handOff('er-fabrikam-a', 'reminder', 'fabrikam'), sequence: 1 }, context);
    expect(published).toHaveLength(4);

    const requestInstance = InstanceIds.forRequest(requestId);
    const contosoWait = InstanceIds.providerWait(requestInstance, 'a');
    const fabrikamWait = InstanceIds.providerWait(requestInstance, 'a', 'second');
    const registered = await tables.providerWaits.list();
    expect(registered.items.map((wait) => wait.instanceId).sort()).toEqual([contosoWait, fabrikamWait].sort());
    expect(registered.items.find((wait) => wait.instanceId === contosoWait)).toMatchObject({
      requestId,
      customerId: 'contoso',
      circuitId: circuitIdOf('er-contoso-a'),
      tenantId: CSP_TENANT,
      subscriptionId: CSP_SUBSCRIPTION,
      awaiting: 'Provisioned',
    });

    const workflows = new FakeWorkflows();
    workflows.seed(contosoWait, 'Running');
    workflows.seed(fabrikamWait, 'Running');
    const inventory = new ResourceGraphInventory({
      endpoint: simulator.endpoint,
      caPem: simulator.caPem,
      credentials: new FakeTenantCredentialProvider(),
      scopeCheck: 'per-tenant',
      subscriptions: new CspSubscriptionDirectory({
        cspTenantId: CSP_TENANT,
        cspSubscriptionIds: [CSP_SUBSCRIPTION],
        customers: tables.customers,
      }),
    });
    const watch = () => watchProviderWaits({ waits: tables.providerWaits, inventory, workflows });

    const closeWatch = () =>
      watchProviderWaits({ waits: tables.providerWaits, inventory, workflows }, { closeWatchOnly: true });

    // Nothing provisioned yet: one query, nothing raised, both waits kept; the close watch has nothing to read.
    expect(await watch()).toMatchObject({ pages: 1, waits: 2, resourceGraphQueries: 1, woken: 0, unregistered: 0 });
    expect(workflows.raised).toEqual([]);
    expect(await closeWatch()).toMatchObject({ waits: 0, resourceGraphQueries: 0 });

    // The provider starts work on Contoso's circuit: the whole pass puts that wait under close watch, in its own
    // partition, and the close pass then reads only that circuit.
    simulator.control.setProviderState(circuitIdOf('er-contoso-a'), 'Provisioning');
    expect(await watch()).toMatchObject({ waits: 2, closeWatchStarted: 1, woken: 0 });
    expect((await tables.providerWaits.list({ closeWatchOnly: true })).items).toEqual([
      expect.objectContaining({ instanceId: contosoWait, circuitId: circuitIdOf('er-contoso-a'), closeWatch: true }),
    ]);
    expect((await tables.providerWaits.list()).items.map((wait) => wait.instanceId)).toEqual([
      contosoWait,
      fabrikamWait,
    ]);
    expect(await closeWatch()).toMatchObject({ waits: 1, resourceGraphQueries: 1, woken: 0, closeWatchStarted: 0 });

    simulator.control.provision(circuitIdOf('er-contoso-a'));
    simulator.control.resetCounters();
    expect(await closeWatch()).toMatchObject({ waits: 1, resourceGraphQueries: 1, woken: 1, unregistered: 1 });
    expect(workflows.raised).toEqual([
      expect.objectContaining({ instanceId: contosoWait, eventName: 'ProviderProvisioned' }),
    ]);
    expect((await tables.providerWaits.list()).items.map((wait) => wait.instanceId)).toEqual([fabrikamWait]);
    // One Resource Graph query and no circuit GET: the woken wait reads its circuit from ARM itself, once.
    expect(simulator.control.counters().byOperation).toEqual({ 'POST Microsoft.ResourceGraph/resources': 1 });

    // A provider that skips Provisioning is found by the whole pass.
    simulator.control.provision(circuitIdOf('er-fabrikam-a'));
    expect(await closeWatch()).toMatchObject({ waits: 0, woken: 0 });
    expect(await watch()).toMatchObject({ waits: 1, woken: 1, unregistered: 1 });
    expect((await tables.providerWaits.list()).items).toEqual([]);

    // The teardown's hand-off registers the deprovisioning wait under its own instance.
    await notify(handOff('er-contoso-a', 'deprovision-requested', 'contoso'), context);
    const deprovisionWait = InstanceIds.deprovisionWait(requestInstance, 'a');
    expect((await tables.providerWaits.list()).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ instanceId: deprovisionWait, awaiting: 'NotProvisioned' })]),
    );
  });
});
