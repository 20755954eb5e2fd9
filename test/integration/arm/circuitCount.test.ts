/**
 * The ARM circuit counter (the real `@azure/arm-network` client over HTTPS, configured as the network adapter is)
 * against the local ARM simulator: it counts every circuit in a subscription, in all and per region, as Azure counts
 * them against its quotas; and placement over it chooses a CSP subscription with room or refuses with 0 ARM writes.
 */
import { ArmCircuitCounter } from '../../../shared/adapters/arm';
import { FakeTenantCredentialProvider, StaticSubscriptionDirectory } from '../../../shared/adapters/identity';
import { ScopeViolationError } from '../../../shared/errors';
import { placeCircuitPair } from '../../../shared/services/circuitPlacement';
import { armRequest, circuitId, providerCircuitBody } from '../../support/armSimulator';
import { CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CSP_SUBSCRIPTION_ID } from '../../support/specs';
import { CSP_TENANT_ID, SUBSCRIPTION_TENANTS } from '../../support/topologies';
import type { AdapterHarness } from './armAdapterHarness';
import { TEST_RETRY, startAdapterHarness, writesSeen } from './armAdapterHarness';

/** A second subscription of the CSP's, for placement to choose between. */
const CSP_SECOND_SUBSCRIPTION_ID = '5c1e6b4e-2f0a-4d3b-9a61-0c7d8e9f1a2c';
const UNKNOWN_SUBSCRIPTION_ID = '99999999-9999-4999-8999-999999999999';

let harness: AdapterHarness;
let counter: ArmCircuitCounter;

beforeEach(async () => {
  harness = await startAdapterHarness();
  const { sim } = harness;
  counter = new ArmCircuitCounter({
    endpoint: sim.endpoint,
    audience: 'https://management.azure.com',
    tls: { caPem: sim.caPem },
    credentials: new FakeTenantCredentialProvider(),
    subscriptions: new StaticSubscriptionDirectory({
      ...SUBSCRIPTION_TENANTS,
      [CSP_SECOND_SUBSCRIPTION_ID]: CSP_TENANT_ID,
    }),
    pollIntervalMs: 0,
    retry: TEST_RETRY,
    sleep: (ms) => {
      sim.clock.advanceBy(ms);
      return Promise.resolve();
    },
  });
  for (const subscription of [CSP_SUBSCRIPTION_ID, CSP_SECOND_SUBSCRIPTION_ID, CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID]) {
    sim.control.seedResourceGroup(subscription, 'rg-er', 'westeurope');
    sim.control.seedResourceGroup(subscription, 'rg-other', 'westeurope');
  }
});

afterEach(async () => {
  await harness.sim.stop();
});

/** A circuit created outside the automation (another client, no managed tag unless asked). */
async function createCircuit(
  subscriptionId: string,
  name: string,
  options: { location?: string; resourceGroup?: string; managed?: boolean } = {},
): Promise<void> {
  const template = providerCircuitBody();
  const body = {
    ...template,
    location: options.location ?? 'westeurope',
    tags: options.managed === true ? template.tags : { owner: 'someone-else' },
  };
  const response = await armRequest(
    harness.sim,
    'PUT',
    circuitId(subscriptionId, options.resourceGroup ?? 'rg-er', name),
    { body },
  );
  if (response.status !== 201) throw new Error(`PUT circuit ${name} → ${response.status} ${response.text}`);
}

async function createCircuits(subscriptionId: string, count: number, location = 'westeurope'): Promise<void> {
  for (let index = 1; index <= count; index += 1) {
    await createCircuit(subscriptionId, `${location}-${index}`, { location });
  }
}

describe('ArmCircuitCounter', () => {
  it('counts every circuit in the subscription, managed or not, in any resource group, per region and in all', async () => {
    await createCircuit(CSP_SUBSCRIPTION_ID, 'managed-we', { managed: true });
    await createCircuit(CSP_SUBSCRIPTION_ID, 'foreign-we', { resourceGroup: 'rg-other' });
    await createCircuit(CSP_SUBSCRIPTION_ID, 'foreign-ne', { location: 'North Europe' });
    await createCircuit(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, 'customer-we');

    await expect(counter.countCircuits(CSP_SUBSCRIPTION_ID)).resolves.toEqual({
      total: 3,
      byRegion: { westeurope: 2, northeurope: 1 },
    });
    await expect(counter.countCircuits(CSP_SECOND_SUBSCRIPTION_ID)).resolves.toEqual({ total: 0, byRegion: {} });
  });

  it('counts right through a transient fault on the list (500, 503, 429 or a dropped connection), retried once', async () => {
    await createCircuit(CSP_SUBSCRIPTION_ID, 'a');
    await createCircuit(CSP_SUBSCRIPTION_ID, 'b', { location: 'northeurope' });
    harness.sim.control.setFaults({
      rules: [{ rate: 1, methods: ['GET'], resourceTypes: ['expressRouteCircuits'], maxPerResource: 1 }],
    });
    harness.sim.control.resetCounters();

    await expect(counter.countCircuits(CSP_SUBSCRIPTION_ID)).resolves.toEqual({
      total: 2,
      byRegion: { westeurope: 1, northeurope: 1 },
    });
    expect(harness.sim.control.counters().total.reads).toBe(2);
  });

  it('refuses a subscription no customer and not the CSP owns, without asking ARM', async () => {
    harness.sim.control.resetCounters();
    await expect(counter.countCircuits(UNKNOWN_SUBSCRIPTION_ID)).rejects.toThrow(ScopeViolationError);
    expect(harness.sim.control.counters().total.reads).toBe(0);
  });
});

describe('placement over the ARM circuit counter', () => {
  it('chooses the CSP subscription with room in the region, then the simulator accepts the pair there', async () => {
    await createCircuits(CSP_SUBSCRIPTION_ID, 9);
    await createCircuits(CSP_SECOND_SUBSCRIPTION_ID, 4);

    const placement = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, candidates: [CSP_SUBSCRIPTION_ID, CSP_SECOND_SUBSCRIPTION_ID] },
      counter,
    );
    expect(placement).toEqual({
      ok: true,
      subscriptionId: CSP_SECOND_SUBSCRIPTION_ID,
      counts: { total: 4, byRegion: { westeurope: 4 } },
    });
    await createCircuit(CSP_SECOND_SUBSCRIPTION_ID, 'pair-primary');
    await createCircuit(CSP_SECOND_SUBSCRIPTION_ID, 'pair-secondary');
  });

  it('refuses a named subscription with no room for two more circuits in the region, with its counts and 0 ARM writes', async () => {
    await createCircuits(CSP_SUBSCRIPTION_ID, 9);
    harness.sim.control.resetCounters();

    const placement = await placeCircuitPair(
      { region: 'westeurope', circuitsNeeded: 2, named: CSP_SUBSCRIPTION_ID, candidates: [CSP_SECOND_SUBSCRIPTION_ID] },
      counter,
    );
    expect(placement).toMatchObject({
      ok: false,
      code: 'CircuitQuotaExceeded',
      message: expect.stringContaining(
        `subscription ${CSP_SUBSCRIPTION_ID} holds 9 of 10 circuits in westeurope and 9 of 50 in all (room for 1)`,
      ),
    });
    expect(writesSeen(harness.sim)).toEqual({ writes: 0, deletes: 0 });

    // What placement foresaw is what Azure's quota (as the simulator enforces it) does to the pair's second circuit.
    await createCircuit(CSP_SUBSCRIPTION_ID, 'pair-primary');
    const second = await armRequest(harness.sim, 'PUT', circuitId(CSP_SUBSCRIPTION_ID, 'rg-er', 'pair-secondary'), {
      body: providerCircuitBody(),
    });
    expect(second.status).toBe(400);
  });
});
