/**
 * Reads per call do not grow with the fleet: one customer among 1 and among 100 seeded connect-through customers (all
 * circuits in the CSP's one subscription). The customer view costs the same Resource Graph queries and no ARM read,
 * and shows the same resources; a what-if of a decommission and a teardown plan, which confirm every resource with
 * an ARM GET (readCustomerResources), cost the same reads and find the same resources. Counters of the ARM
 * simulator, not timing. The fleet is seeded straight into the simulator's store (bench/customerView.ts), so no
 * onboarding runs here.
 */
import {
  CSP_TENANT,
  customerViewCall,
  seedFleet,
  teardownPlanCall,
  whatIfDecommissionCall,
  type CallCost,
  type PlanCallCost,
} from '../../bench/customerView';
import { deriveTopology } from '../../shared/domain/topology';

interface Costs {
  readonly view: CallCost;
  readonly whatIf: PlanCallCost;
  readonly teardown: PlanCallCost;
  readonly built: number;
}

async function costs(customers: number): Promise<Costs> {
  const fleet = await seedFleet(customers);
  try {
    const spec = fleet.records.get(fleet.customerId)?.spec;
    if (spec === undefined) throw new Error('the seeded customer has no spec');
    const built = deriveTopology(spec, { cspTenantId: CSP_TENANT }).resources.length;
    return {
      view: await customerViewCall(fleet),
      whatIf: await whatIfDecommissionCall(fleet),
      teardown: await teardownPlanCall(fleet),
      built,
    };
  } finally {
    await fleet.stop();
  }
}

describe('reads per call for one customer', () => {
  it('are the same for 1 and 100 customers: the view, a what-if and a teardown plan list no shared subscription', async () => {
    const one = await costs(1);
    const hundred = await costs(100);

    // Per-tenant credentials: one tagged query for the CSP's subscription, one for the customer's, one for its VNets
    // and the gateway it brought.
    // It shows every resource built for the customer (the gateway it brought included), and only those.
    expect(one.view).toEqual({ resourceGraphQueries: 3, armReads: 0, resources: one.built });
    expect(hundred.view).toEqual(one.view);

    // What acts on the resources: one tagged query per credential, one checkpoint query, GETs for the customer's own
    // resources. The decommission what-if deletes every resource but the gateway the customer brought.
    expect(one.whatIf).toEqual(
      expect.objectContaining({ resourceGraphQueries: 2, checkpointQueries: 1, resources: one.built - 1 }),
    );
    expect(one.whatIf.armReads).toBeGreaterThanOrEqual(one.built);
    expect(hundred.whatIf).toEqual(one.whatIf);
    expect(one.teardown).toEqual(expect.objectContaining({ resourceGraphQueries: 2, checkpointQueries: 1 }));
    expect(hundred.teardown).toEqual(one.teardown);
  }, 60_000);
});
