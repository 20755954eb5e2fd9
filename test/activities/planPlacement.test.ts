/**
 * Placement in the `planOnboarding` activity, before any ARM write: a named CSP subscription without room for the
 * circuits still to create is refused with its counts; a pair left without subscription goes to the CSP subscription
 * with the most room in its region (counting the circuits the request's other pairs take), and `registerCustomer`
 * records the choice. In-memory ports: the counter, the registry and the one network read placement makes
 * (`getCircuit`); any other network call throws, so a test that passes wrote nothing.
 */
import { createRegisterCustomerActivity } from '../../orchestrations/activities/customer.activity';
import { createPlanOnboardingActivity } from '../../orchestrations/activities/plan.activity';
import { ShippedProviderOffers } from '../../shared/adapters/catalogue/shippedProviderOffers';
import type { PlanOnboardingOutput } from '../../orchestrations/contracts';
import type { CircuitIntent } from '../../shared/domain/intents';
import { DEFAULT_PAIR_NAME } from '../../shared/domain/pairs';
import type { CustomerSpec } from '../../shared/domain/spec';
import { assertValid, validateCustomerSpec } from '../../shared/domain/validation';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import type { CheckpointEntry } from '../../shared/ports/checkpoints';
import type { CustomerRecord } from '../../shared/ports/customers';
import type { Observed } from '../../shared/ports/network';
import type { CircuitCounts } from '../../shared/ports/placement';
import { CSP_SUBSCRIPTION_ID, validConnectThroughSpec } from '../support/specs';

const CSP_TENANT_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const SUB_FULL = '1a1a1a1a-0000-4000-8000-000000000001';
const SUB_ROOMY = '2b2b2b2b-0000-4000-8000-000000000002';

interface World {
  /** Circuits per subscription (lower case) and region, as the counter reports them. */
  readonly counts: Map<string, Record<string, number>>;
  /** Circuit ids (lower case) that already exist. */
  readonly existing: Set<string>;
  readonly placements: Record<string, string>;
  readonly checkpoints: CheckpointEntry[];
  readonly counted: string[];
  readonly recorded: [string, string, string][];
}

function world(counts: Record<string, Record<string, number>> = {}): World {
  return {
    counts: new Map(Object.entries(counts).map(([id, byRegion]) => [id.toLowerCase(), byRegion])),
    existing: new Set(),
    placements: {},
    checkpoints: [],
    counted: [],
    recorded: [],
  };
}

function record(spec: CustomerSpec, placements: Record<string, string>): CustomerRecord {
  return {
    id: spec.customer.id,
    tenantId: spec.customer.tenantId,
    subscriptions: spec.customer.subscriptions,
    model: spec.customer.model,
    circuitSubscriptionId: spec.circuits.subscriptionId,
    vnetIds: [],
    status: 'Active',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    lastRequestId: 'earlier',
    etag: '1',
    ...(Object.keys(placements).length === 0 ? {} : { placements }),
  };
}

function dependencies(w: World, spec: CustomerSpec, cspSubscriptionIds: readonly string[]): ActivityDependencies {
  const unused = (what: string) => (): never => {
    throw new Error(`${what} is not used while planning (nothing is written before the plan is accepted)`);
  };
  const registered = { value: Object.keys(w.placements).length > 0 };
  const network = new Proxy(
    {
      getCircuit: (id: string): Promise<Observed<CircuitIntent> | undefined> =>
        Promise.resolve(
          w.existing.has(id.toLowerCase()) ? ({ intent: { id } } as unknown as Observed<CircuitIntent>) : undefined,
        ),
    },
    {
      get: (target, property) =>
        property === 'getCircuit' ? target.getCircuit : unused(`network.${String(property)}`),
    },
  ) as unknown as ActivityDependencies['network'];
  return {
    network,
    checkpoints: {
      record: (entry: CheckpointEntry) => {
        w.checkpoints.push(entry);
        return Promise.resolve({ written: true } as never);
      },
      list: unused('checkpoints.list'),
      get: unused('checkpoints.get'),
    },
    customers: {
      get: () => Promise.resolve(registered.value ? record(spec, w.placements) : undefined),
      register: () => {
        const created = !registered.value;
        registered.value = true;
        return Promise.resolve({ created, updated: false, record: record(spec, w.placements) });
      },
      setStatus: () => Promise.resolve(record(spec, w.placements)),
      list: unused('customers.list'),
      tenantOfSubscription: unused('customers.tenantOfSubscription'),
      ownerOfSubscription: unused('customers.ownerOfSubscription'),
    },
    placements: {
      recordPlacement: (customerId, pairName, subscriptionId) => {
        w.recorded.push([customerId, pairName, subscriptionId]);
        w.placements[pairName] = subscriptionId.toLowerCase();
        return Promise.resolve(record(spec, w.placements));
      },
    },
    specs: {
      recordSpec: (_customerId, recorded) => Promise.resolve(record(recorded, w.placements)),
    },
    circuitCounts: {
      countCircuits: (subscriptionId): Promise<CircuitCounts> => {
        w.counted.push(subscriptionId);
        const byRegion = w.counts.get(subscriptionId.toLowerCase()) ?? {};
        const total = Object.values(byRegion).reduce((sum, n) => sum + n, 0);
        return Promise.resolve({ total, byRegion });
      },
    },
    providerOffers: new ShippedProviderOffers(),
    leases: {} as never,
    outbound: {} as never,
    requests: {} as never,
    csp: { tenantId: CSP_TENANT_ID, subscriptionIds: cspSubscriptionIds },
    workflowsFor: unused('workflowsFor'),
  };
}

/** Contoso with its primary pair in CSP_SUBSCRIPTION_ID and a "dr" pair at London that leaves its subscription out. */
function twoPairSpec(): CustomerSpec {
  const { circuits, ...rest } = validConnectThroughSpec();
  const dr = structuredClone(circuits) as Partial<typeof circuits>;
  delete dr.subscriptionId;
  dr.peeringLocations = ['London', 'London2'];
  dr.privatePeering = {
    peerAsn: 65010,
    legs: [
      { primaryPeerAddressPrefix: '192.168.110.0/30', secondaryPeerAddressPrefix: '192.168.110.4/30', vlanId: 100 },
      { primaryPeerAddressPrefix: '192.168.110.8/30', secondaryPeerAddressPrefix: '192.168.110.12/30', vlanId: 100 },
    ],
  };
  const input = {
    ...rest,
    circuitPairs: [
      { name: DEFAULT_PAIR_NAME, ...circuits },
      { name: 'dr', ...dr },
    ],
  };
  return assertValid(validateCustomerSpec(input, { cspSubscriptionIds: [CSP_SUBSCRIPTION_ID, SUB_FULL, SUB_ROOMY] }));
}

function circuitsOf(output: PlanOnboardingOutput): string[] {
  if (!output.ok) throw new Error(`expected a plan, got ${JSON.stringify(output.issues)}`);
  return output.plan.steps.flatMap((step) =>
    step.action === 'ensure' && step.intent.kind === 'circuit' ? [step.intent.id] : [],
  );
}

describe('planOnboarding places circuit pairs before any write', () => {
  it('refuses a named CSP subscription holding 9 of 10 circuits in the region, with the counts', async () => {
    const spec = validConnectThroughSpec();
    const w = world({ [CSP_SUBSCRIPTION_ID]: { westeurope: 9, northeurope: 3 } });
    const output = await createPlanOnboardingActivity(dependencies(w, spec, [CSP_SUBSCRIPTION_ID]))({
      requestId: 'req-1',
      spec,
    });

    expect(output).toEqual({
      ok: false,
      issues: [
        {
          path: 'circuits.subscriptionId',
          rule: 'subscription.circuit-quota',
          message: expect.stringContaining(
            `the named subscription ${CSP_SUBSCRIPTION_ID} has no room for 2 more ExpressRoute circuits in ` +
              `westeurope: subscription ${CSP_SUBSCRIPTION_ID} holds 9 of 10 circuits in westeurope and 12 of 50 ` +
              'in all (room for 1)',
          ) as unknown,
        },
      ],
    });
    expect(w.checkpoints.map((c) => [c.stepKey, c.status, c.errorCode])).toEqual([
      ['validate', 'Failed', 'ValidationFailed'],
    ]);
  });

  it("accepts the same subscription on a re-run, when the pair's own circuits are among those counted", async () => {
    const spec = validConnectThroughSpec();
    const w = world({ [CSP_SUBSCRIPTION_ID]: { westeurope: 10 } });
    const firstRun = await createPlanOnboardingActivity(dependencies(world(), spec, [CSP_SUBSCRIPTION_ID]))({
      requestId: 'req-0',
      spec,
    });
    for (const id of circuitsOf(firstRun)) w.existing.add(id.toLowerCase());

    const output = await createPlanOnboardingActivity(dependencies(w, spec, [CSP_SUBSCRIPTION_ID]))({
      requestId: 'req-2',
      spec,
    });
    expect(circuitsOf(output)).toEqual(circuitsOf(firstRun));
    expect(output.ok && output.placements).toBeUndefined();
    expect(w.counted).toEqual([]);
  });

  it('places a pair left without subscription where there is room, and registerCustomer records it', async () => {
    const spec = twoPairSpec();
    // Primary takes 2 of the 3 left in CSP_SUBSCRIPTION_ID; SUB_FULL is full in westeurope; SUB_ROOMY has 6 left.
    const w = world({
      [CSP_SUBSCRIPTION_ID]: { westeurope: 7 },
      [SUB_FULL]: { westeurope: 10 },
      [SUB_ROOMY]: { westeurope: 4 },
    });
    const deps = dependencies(w, spec, [CSP_SUBSCRIPTION_ID, SUB_FULL, SUB_ROOMY]);
    const output = await createPlanOnboardingActivity(deps)({ requestId: 'req-3', spec });

    expect(output.ok && output.placements).toEqual({ dr: SUB_ROOMY });
    expect(circuitsOf(output).map((id) => id.split('/')[2])).toEqual([
      CSP_SUBSCRIPTION_ID,
      CSP_SUBSCRIPTION_ID,
      SUB_ROOMY,
      SUB_ROOMY,
    ]);
    expect(w.counted).toEqual([CSP_SUBSCRIPTION_ID, SUB_FULL, SUB_ROOMY]);
    expect(w.recorded).toEqual([]);

    await createRegisterCustomerActivity(deps)({
      requestId: 'req-3',
      spec,
      ...(output.ok && output.placements !== undefined ? { placements: output.placements } : {}),
    });
    expect(w.recorded).toEqual([['contoso', 'dr', SUB_ROOMY]]);
  });

  it('counts the circuits an earlier pair of the same request takes', async () => {
    const spec = twoPairSpec();
    // 8 in westeurope: room for 2, which the primary pair takes; the dr pair must go elsewhere.
    const w = world({ [CSP_SUBSCRIPTION_ID]: { westeurope: 8 }, [SUB_ROOMY]: { westeurope: 9 } });
    const output = await createPlanOnboardingActivity(dependencies(w, spec, [CSP_SUBSCRIPTION_ID, SUB_ROOMY]))({
      requestId: 'req-4',
      spec,
    });
    expect(output).toEqual({
      ok: false,
      issues: [
        {
          path: 'circuitPairs[1].subscriptionId',
          rule: 'subscription.placement-no-room',
          message: expect.stringMatching(
            new RegExp(
              `^none of the CSP's subscriptions has room for 2 more ExpressRoute circuits in westeurope: ` +
                `subscription ${CSP_SUBSCRIPTION_ID} holds 10 of 10 circuits in westeurope .*; ` +
                `subscription ${SUB_ROOMY} holds 9 of 10 circuits in westeurope`,
            ),
          ) as unknown,
        },
      ],
    });
  });

  it('reuses a recorded placement without placing again, even in a subscription now full', async () => {
    const spec = twoPairSpec();
    const w = world({ [SUB_FULL]: { westeurope: 10 } });
    w.placements.dr = SUB_FULL;
    const plan = createPlanOnboardingActivity(dependencies(w, spec, [CSP_SUBSCRIPTION_ID, SUB_FULL, SUB_ROOMY]));
    // The dr circuits already exist in SUB_FULL (they are 2 of its 10).
    const placed = await createPlanOnboardingActivity(dependencies(world(), spec, [CSP_SUBSCRIPTION_ID, SUB_FULL]))({
      requestId: 'req-x',
      spec: {
        ...spec,
        circuitPairs: spec.circuitPairs?.map((p) => (p.name === 'dr' ? { ...p, subscriptionId: SUB_FULL } : p)),
      },
    });
    for (const id of circuitsOf(placed).slice(2)) w.existing.add(id.toLowerCase());

    const output = await plan({ requestId: 'req-5', spec });
    expect(output.ok && output.placements).toEqual({ dr: SUB_FULL });
    expect(
      circuitsOf(output)
        .slice(2)
        .map((id) => id.split('/')[2]),
    ).toEqual([SUB_FULL, SUB_FULL]);
    expect(w.counted).toEqual([CSP_SUBSCRIPTION_ID]);
  });

  it('refuses a named subscription other than the one the pair was placed in', async () => {
    const base = twoPairSpec();
    const spec: CustomerSpec = {
      ...base,
      circuitPairs: base.circuitPairs?.map((p) => (p.name === 'dr' ? { ...p, subscriptionId: SUB_ROOMY } : p)),
    };
    const w = world();
    w.placements.dr = SUB_FULL;
    const output = await createPlanOnboardingActivity(dependencies(w, spec, [CSP_SUBSCRIPTION_ID, SUB_ROOMY]))({
      requestId: 'req-6',
      spec,
    });
    expect(output.ok ? [] : output.issues.map((i) => [i.path, i.rule])).toEqual([
      ['circuitPairs[1].subscriptionId', 'subscription.placed-elsewhere'],
    ]);
  });
});
