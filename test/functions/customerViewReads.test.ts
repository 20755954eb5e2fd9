/**
 * The customer view's reads do not grow with the fleet: one customer described among 1 and among 100 seeded
 * connect-through customers (all circuits in the CSP's one subscription) costs the same Resource Graph queries and
 * no ARM read, and shows the same resources. Counters of the ARM simulator, not timing. The fleet is seeded straight
 * into the simulator's store (bench/customerView.ts), so no onboarding runs here.
 */
import { armDirectCall, CSP_TENANT, customerViewCall, seedFleet, type CallCost } from '../../bench/customerView';
import { deriveTopology } from '../../shared/domain/topology';

async function costs(customers: number): Promise<{ view: CallCost; armDirect: CallCost; built: number }> {
  const fleet = await seedFleet(customers);
  try {
    const spec = fleet.records.get(fleet.customerId)?.spec;
    if (spec === undefined) throw new Error('the seeded customer has no spec');
    const built = deriveTopology(spec, { cspTenantId: CSP_TENANT }).resources.length;
    return { view: await customerViewCall(fleet), armDirect: await armDirectCall(fleet), built };
  } finally {
    await fleet.stop();
  }
}

describe('customer view reads', () => {
  it('are the same for 1 and 100 customers: Resource Graph queries only, no ARM read, no shared-subscription list', async () => {
    const one = await costs(1);
    const hundred = await costs(100);

    // Per-tenant credentials: one tagged query for the CSP's subscription, one for the customer's, one for its VNets
    // and the gateway it brought.
    // It shows every resource built for the customer (the gateway it brought included), and only those.
    expect(one.view).toEqual({ resourceGraphQueries: 3, armReads: 0, resources: one.built });
    expect(hundred.view).toEqual(one.view);
    // The ARM-direct read lists the shared subscription: it grows with the fleet (so this test can tell them apart).
    expect(hundred.armDirect.armReads).toBeGreaterThan(one.armDirect.armReads);
  }, 60_000);
});
