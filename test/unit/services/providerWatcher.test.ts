import { InstanceIds } from '../../../shared/ports/requestWorkflows';
import type { ProviderWait } from '../../../shared/ports/providerWaits';
import { watchProviderWaits } from '../../../shared/services/providerWatcher';
import { FakeWorkflows } from '../../support/inMemoryIntakePorts';
import { InMemoryCircuitInventory, InMemoryProviderWaitRegistry } from '../../support/providerWaits';

const NOW = Date.parse('2026-11-02T12:00:00.000Z');
const TENANT_A = '11111111-1111-4111-8111-111111111111';
const TENANT_B = '22222222-2222-4222-8222-222222222222';
const SUB_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const SUB_B = 'bbbbbbbb-0000-4000-8000-000000000002';

function circuitId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/${name}`;
}

function wait(index: number, fields: Partial<ProviderWait> = {}): ProviderWait {
  const requestId = `req-${String(index).padStart(4, '0')}`;
  return {
    instanceId: InstanceIds.providerWait(InstanceIds.forRequest(requestId), 'a'),
    requestId,
    customerId: `c${index}`,
    circuitId: circuitId(SUB_A, `er-c${index}-a`),
    tenantId: TENANT_A,
    subscriptionId: SUB_A,
    awaiting: 'Provisioned',
    registeredAt: '2026-11-02T11:00:00.000Z',
    ...fields,
  };
}

function setup() {
  const waits = new InMemoryProviderWaitRegistry();
  const inventory = new InMemoryCircuitInventory();
  const workflows = new FakeWorkflows();
  const run = (options: Parameters<typeof watchProviderWaits>[1] = {}) =>
    watchProviderWaits({ waits, inventory, workflows }, { now: () => NOW, ...options });
  return { waits, inventory, workflows, run };
}

describe('watchProviderWaits', () => {
  it('raises the awaited event only on waits whose circuit reports the awaited state, and forgets them', async () => {
    const { waits, inventory, workflows, run } = setup();
    const provisioned = wait(1);
    const stillWaiting = wait(2);
    const deprovisioned = wait(3, {
      instanceId: InstanceIds.deprovisionWait(InstanceIds.forRequest('req-0003'), 'b'),
      circuitId: circuitId(SUB_B, 'er-c3-b'),
      tenantId: TENANT_B,
      subscriptionId: SUB_B,
      awaiting: 'NotProvisioned',
    });
    const notYetDeprovisioned = wait(4, { awaiting: 'NotProvisioned' });
    for (const each of [provisioned, stillWaiting, deprovisioned, notYetDeprovisioned]) {
      await waits.register(each);
      workflows.seed(each.instanceId, 'Running');
    }
    inventory.providerStates.set(provisioned.circuitId.toLowerCase(), 'Provisioned');
    inventory.providerStates.set(stillWaiting.circuitId.toLowerCase(), 'NotProvisioned');
    inventory.providerStates.set(deprovisioned.circuitId.toLowerCase(), 'NotProvisioned');
    inventory.providerStates.set(notYetDeprovisioned.circuitId.toLowerCase(), 'Provisioned');

    const summary = await run();

    expect(workflows.raised.map(({ instanceId, eventName }) => [instanceId, eventName]).sort()).toEqual(
      [
        [provisioned.instanceId, 'ProviderProvisioned'],
        [deprovisioned.instanceId, 'ProviderDeprovisioned'],
      ].sort(),
    );
    expect([...waits.rows.keys()].sort()).toEqual([stillWaiting.instanceId, notYetDeprovisioned.instanceId].sort());
    expect(summary).toMatchObject({ pages: 1, waits: 4, woken: 2, unregistered: 2, statusChecks: 0 });
    // One query per tenant, each scoped to that tenant's subscriptions only.
    expect(inventory.calls.map((call) => call.scopes)).toEqual(
      expect.arrayContaining([
        [{ tenantId: TENANT_A, subscriptionIds: [SUB_A] }],
        [{ tenantId: TENANT_B, subscriptionIds: [SUB_B] }],
      ]),
    );
    expect(inventory.calls).toHaveLength(2);
  });

  it('pages through the registry: queries grow with pages and batches, not with waits', async () => {
    const { waits, inventory, workflows, run } = setup();
    for (let index = 0; index < 25; index += 1) {
      const each = wait(index);
      await waits.register(each);
      workflows.seed(each.instanceId, 'Running');
      inventory.providerStates.set(each.circuitId.toLowerCase(), 'NotProvisioned');
    }
    const summary = await run({ pageSize: 10, idsPerQuery: 10 });
    expect(summary).toMatchObject({ pages: 3, waits: 25, inventoryCalls: 3, resourceGraphQueries: 3, woken: 0 });
    expect(waits.listCalls).toBe(3);
    expect(inventory.calls.flatMap((call) => call.ids)).toHaveLength(25);

    const batched = await run({ pageSize: 10, idsPerQuery: 4 });
    expect(batched.inventoryCalls).toBe(3 + 3 + 2);
  });

  it('forgets a woken wait whose instance no longer exists', async () => {
    const { waits, inventory, workflows, run } = setup();
    const gone = wait(1);
    await waits.register(gone);
    inventory.providerStates.set(gone.circuitId.toLowerCase(), 'Provisioned');
    const summary = await run();
    expect(workflows.raised).toEqual([]);
    expect(waits.rows.size).toBe(0);
    expect(summary).toMatchObject({ woken: 0, unregistered: 1 });
  });

  it('checks the instance only when Resource Graph does not return the circuit or the wait is stale', async () => {
    const { waits, inventory, workflows, run } = setup();
    const unknownInstance = wait(1);
    const endedStale = wait(2, { registeredAt: '2026-10-01T00:00:00.000Z' });
    const runningStale = wait(3, { registeredAt: '2026-10-01T00:00:00.000Z' });
    const runningUnindexed = wait(4);
    const runningFresh = wait(5);
    for (const each of [unknownInstance, endedStale, runningStale, runningUnindexed, runningFresh]) {
      await waits.register(each);
    }
    workflows.seed(endedStale.instanceId, 'Completed');
    workflows.seed(runningStale.instanceId, 'Running');
    workflows.seed(runningUnindexed.instanceId, 'Running');
    workflows.seed(runningFresh.instanceId, 'Running');
    for (const each of [endedStale, runningStale, runningFresh]) {
      inventory.providerStates.set(each.circuitId.toLowerCase(), 'NotProvisioned');
    }

    const summary = await run();

    expect(workflows.statusReads.sort()).toEqual(
      [unknownInstance.instanceId, endedStale.instanceId, runningStale.instanceId, runningUnindexed.instanceId].sort(),
    );
    expect([...waits.rows.keys()].sort()).toEqual(
      [runningStale.instanceId, runningUnindexed.instanceId, runningFresh.instanceId].sort(),
    );
    expect(summary).toMatchObject({ woken: 0, unregistered: 2, statusChecks: 4 });
  });

  it('lets an engine failure through (the next run tries again) and keeps the wait', async () => {
    const { waits, inventory, workflows, run } = setup();
    const each = wait(1);
    await waits.register(each);
    workflows.seed(each.instanceId, 'Running');
    inventory.providerStates.set(each.circuitId.toLowerCase(), 'Provisioned');
    workflows.failWith = (operation) => (operation === 'raiseEvent' ? new Error('engine down') : undefined);
    await expect(run()).rejects.toThrow('engine down');
    expect(waits.rows.has(each.instanceId)).toBe(true);
  });

  it('puts a wait under close watch when its provider is at work, and the close pass reads only those', async () => {
    const { waits, inventory, workflows, run } = setup();
    const quiet = wait(1);
    const provisioning = wait(2);
    const deprovisioning = wait(3, { awaiting: 'NotProvisioned' });
    for (const each of [quiet, provisioning, deprovisioning]) {
      await waits.register(each);
      workflows.seed(each.instanceId, 'Running');
    }
    inventory.providerStates.set(quiet.circuitId.toLowerCase(), 'NotProvisioned');
    inventory.providerStates.set(provisioning.circuitId.toLowerCase(), 'Provisioning');
    inventory.providerStates.set(deprovisioning.circuitId.toLowerCase(), 'Deprovisioning');

    expect(await run()).toMatchObject({ waits: 3, closeWatchStarted: 2, closeWatchEnded: 0, woken: 0 });
    expect(waits.rows.get(provisioning.instanceId)?.closeWatch).toBe(true);
    expect(waits.rows.get(deprovisioning.instanceId)?.closeWatch).toBe(true);
    expect(waits.rows.get(quiet.instanceId)?.closeWatch).toBeUndefined();

    // A second whole pass moves nothing; the close pass asks only for the two circuits being worked on.
    expect(await run()).toMatchObject({ closeWatchStarted: 0, closeWatchEnded: 0 });
    inventory.calls.length = 0;
    expect(await run({ closeWatchOnly: true })).toMatchObject({ pages: 1, waits: 2, resourceGraphQueries: 1 });
    expect(inventory.calls.flatMap((call) => call.ids).sort()).toEqual(
      [provisioning.circuitId, deprovisioning.circuitId].sort(),
    );

    // The provider finishes one and goes back on the other: the close pass wakes the first and releases the second.
    inventory.providerStates.set(provisioning.circuitId.toLowerCase(), 'Provisioned');
    inventory.providerStates.set(deprovisioning.circuitId.toLowerCase(), 'Provisioned');
    expect(await run({ closeWatchOnly: true })).toMatchObject({ woken: 1, unregistered: 1, closeWatchEnded: 1 });
    expect(workflows.raised.map((raised) => [raised.instanceId, raised.eventName])).toEqual([
      [provisioning.instanceId, 'ProviderProvisioned'],
    ]);
    expect(waits.rows.has(provisioning.instanceId)).toBe(false);
    expect(waits.rows.get(deprovisioning.instanceId)?.closeWatch).toBeUndefined();
    expect(await run({ closeWatchOnly: true })).toMatchObject({ pages: 1, waits: 0, resourceGraphQueries: 0 });
  });

  it('still wakes a wait from the whole pass when the provider skips the at-work state', async () => {
    const { waits, inventory, workflows, run } = setup();
    const straight = wait(1);
    await waits.register(straight);
    workflows.seed(straight.instanceId, 'Running');
    inventory.providerStates.set(straight.circuitId.toLowerCase(), 'Provisioned');
    expect(await run({ closeWatchOnly: true })).toMatchObject({ waits: 0, woken: 0 });
    expect(await run()).toMatchObject({ waits: 1, woken: 1, closeWatchStarted: 0 });
  });
});
