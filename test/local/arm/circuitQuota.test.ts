/**
 * The simulator enforces Azure's ExpressRoute circuit quotas (10 per region per subscription, 50 per subscription by
 * default; configurable): a create beyond either is refused with 400 before anything is stored; every circuit in the
 * subscription counts, in whatever resource group; an update of an existing circuit is not a new one.
 */
import { startArmSimulator } from '../../../local/arm';
import type { ArmHttpResponse, TestArmSimulator } from '../../support/armSimulator';
import {
  armRequest,
  circuitId,
  CUSTOMER_SUBSCRIPTION,
  providerCircuitBody,
  startTestArmSimulator,
  TEST_SUBSCRIPTION,
} from '../../support/armSimulator';
import { finish } from './topology';

const QUOTA_CODE = 'ExpressRouteCircuitCountLimitReached';
let sim: TestArmSimulator;

afterEach(async () => {
  await sim.stop();
});

async function start(options: Parameters<typeof startTestArmSimulator>[0] = {}): Promise<void> {
  sim = await startTestArmSimulator(options);
  for (const subscription of [TEST_SUBSCRIPTION, CUSTOMER_SUBSCRIPTION]) {
    sim.control.seedResourceGroup(subscription, 'rg-a', 'westeurope');
    sim.control.seedResourceGroup(subscription, 'rg-b', 'westeurope');
  }
}

function putCircuit(
  subscriptionId: string,
  name: string,
  options: { location?: string; resourceGroup?: string; bandwidthInMbps?: number } = {},
): Promise<ArmHttpResponse> {
  const body = {
    ...providerCircuitBody(options.bandwidthInMbps === undefined ? {} : { bandwidthInMbps: options.bandwidthInMbps }),
    location: options.location ?? 'westeurope',
  };
  return armRequest(sim, 'PUT', circuitId(subscriptionId, options.resourceGroup ?? 'rg-a', name), { body });
}

async function createCircuits(subscriptionId: string, names: readonly string[], location?: string): Promise<void> {
  for (const name of names) {
    const response = await putCircuit(subscriptionId, name, location === undefined ? {} : { location });
    expect({ name, status: response.status }).toEqual({ name, status: 201 });
  }
}

function expectQuotaRefusal(response: ArmHttpResponse, message: string): void {
  expect(response.status).toBe(400);
  expect(response.body).toEqual({ error: { code: QUOTA_CODE, message, details: [] } });
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);

describe('ExpressRoute circuit quotas', () => {
  it('refuses an 11th circuit in one region of a subscription and stores nothing; other regions still have room', async () => {
    await start();
    await createCircuits(TEST_SUBSCRIPTION, names('we', 10));

    const refused = await putCircuit(TEST_SUBSCRIPTION, 'we-11');
    expectQuotaRefusal(
      refused,
      'Cannot create more than 10 ExpressRoute circuits for this subscription in this region.',
    );
    expect(sim.control.get(circuitId(TEST_SUBSCRIPTION, 'rg-a', 'we-11'))).toBeUndefined();

    expect((await putCircuit(TEST_SUBSCRIPTION, 'ne-1', { location: 'North Europe' })).status).toBe(201);
  });

  it('counts every circuit in the subscription and region, whatever its resource group, but no other subscription', async () => {
    await start({ circuitQuotas: { perRegionPerSubscription: 2 } });
    expect((await putCircuit(TEST_SUBSCRIPTION, 'a', { resourceGroup: 'rg-a' })).status).toBe(201);
    expect((await putCircuit(TEST_SUBSCRIPTION, 'b', { resourceGroup: 'rg-b' })).status).toBe(201);

    expectQuotaRefusal(
      await putCircuit(TEST_SUBSCRIPTION, 'c', { resourceGroup: 'rg-b' }),
      'Cannot create more than 2 ExpressRoute circuits for this subscription in this region.',
    );
    expect((await putCircuit(CUSTOMER_SUBSCRIPTION, 'c')).status).toBe(201);
  });

  it('accepts an update of a circuit that already exists when the subscription is at its quota', async () => {
    await start({ circuitQuotas: { perRegionPerSubscription: 1 } });
    const created = await putCircuit(TEST_SUBSCRIPTION, 'only');
    expect(created.status).toBe(201);
    await finish(sim, created);

    const updated = await putCircuit(TEST_SUBSCRIPTION, 'only', { bandwidthInMbps: 2000 });
    expect(updated.status).toBe(200);
    await finish(sim, updated);
    const read = await armRequest(sim, 'GET', circuitId(TEST_SUBSCRIPTION, 'rg-a', 'only'));
    expect(read.body.properties.serviceProviderProperties.bandwidthInMbps).toBe(2000);
  });

  it('refuses a circuit beyond the per-subscription quota even when its region has room', async () => {
    await start({ circuitQuotas: { perSubscription: 3, perRegionPerSubscription: 2 } });
    await createCircuits(TEST_SUBSCRIPTION, names('we', 2));
    await createCircuits(TEST_SUBSCRIPTION, names('ne', 1), 'northeurope');

    expectQuotaRefusal(
      await putCircuit(TEST_SUBSCRIPTION, 'fr-1', { location: 'francecentral' }),
      'Cannot create more than 3 ExpressRoute circuits for this subscription.',
    );
    expect(sim.control.get(circuitId(TEST_SUBSCRIPTION, 'rg-a', 'fr-1'))).toBeUndefined();
  });

  it('gives the room back once a circuit is deleted', async () => {
    await start({ circuitQuotas: { perRegionPerSubscription: 1 } });
    const created = await putCircuit(TEST_SUBSCRIPTION, 'first');
    await finish(sim, created);
    expect((await putCircuit(TEST_SUBSCRIPTION, 'second')).status).toBe(400);

    const deleted = await armRequest(sim, 'DELETE', circuitId(TEST_SUBSCRIPTION, 'rg-a', 'first'));
    expect(deleted.status).toBe(202);
    await finish(sim, deleted);
    expect((await putCircuit(TEST_SUBSCRIPTION, 'second')).status).toBe(201);
  });

  it('defaults to Azure’s quotas and refuses a quota that is not a whole number of circuits', async () => {
    await start();
    await createCircuits(TEST_SUBSCRIPTION, names('we', 10));
    await createCircuits(TEST_SUBSCRIPTION, names('ne', 10), 'northeurope');
    await createCircuits(TEST_SUBSCRIPTION, names('fr', 10), 'francecentral');
    await createCircuits(TEST_SUBSCRIPTION, names('uks', 10), 'uksouth');
    await createCircuits(TEST_SUBSCRIPTION, names('eus', 10), 'eastus');
    expectQuotaRefusal(
      await putCircuit(TEST_SUBSCRIPTION, 'wus-1', { location: 'westus' }),
      'Cannot create more than 50 ExpressRoute circuits for this subscription.',
    );

    await expect(startArmSimulator({ circuitQuotas: { perSubscription: 2.5 } })).rejects.toThrow(
      /circuitQuotas\.perSubscription must be a whole number/,
    );
  });
});
