import { planTopology } from '../../../shared/domain/planner';
import { DEFAULT_PAIR_NAME, circuitPairsOf } from '../../../shared/domain/pairs';
import type { CustomerSpec, CustomerSpecInput } from '../../../shared/domain/spec';
import { deriveTopology } from '../../../shared/domain/topology';
import { assertValid, validateCustomerSpec } from '../../../shared/domain/validation';
import { CSP_CONTEXT, validConnectThroughSpec, validMicrosoftPeering } from '../../support/specs';

const CSP_TENANT = { cspTenantId: '0f1e2d3c-4b5a-4969-8877-665544332211' };

/** validConnectThroughSpec with its pair as "primary" plus a second private pair "dr" at two other locations. */
export function twoPairInput(change: (input: CustomerSpecInput & Record<string, unknown>) => void = () => undefined) {
  const { circuits, ...rest } = validConnectThroughSpec();
  const second = structuredClone(circuits);
  second.peeringLocations = ['London', 'London2'];
  second.privatePeering.legs = [
    { primaryPeerAddressPrefix: '192.168.110.0/30', secondaryPeerAddressPrefix: '192.168.110.4/30', vlanId: 100 },
    { primaryPeerAddressPrefix: '192.168.110.8/30', secondaryPeerAddressPrefix: '192.168.110.12/30', vlanId: 100 },
  ];
  const input = {
    ...rest,
    circuitPairs: [
      { name: DEFAULT_PAIR_NAME, ...circuits },
      { name: 'dr', ...second },
    ],
  } as CustomerSpecInput & Record<string, unknown>;
  change(input);
  return input;
}

function parsed(input: unknown): CustomerSpec {
  return assertValid(validateCustomerSpec(input, CSP_CONTEXT));
}

describe('circuitPairsOf', () => {
  it('reads the circuits shorthand as one pair named primary', () => {
    const spec = validConnectThroughSpec();
    expect(circuitPairsOf(spec)).toEqual([{ name: 'primary', ...spec.circuits, path: 'circuits' }]);
  });

  it('reads named pairs in spec order, each with its path', () => {
    const pairs = circuitPairsOf(parsed(twoPairInput()));
    expect(pairs.map((pair) => [pair.name, pair.path])).toEqual([
      ['primary', 'circuitPairs[0]'],
      ['dr', 'circuitPairs[1]'],
    ]);
  });
});

describe('a spec with named pairs', () => {
  it('keeps the first pair as `circuits` and validates again as parsed (the orchestration input is re-validated)', () => {
    const spec = parsed(twoPairInput());
    const { name: _name, ...first } = spec.circuitPairs?.[0] ?? { name: '' };
    expect(spec.circuits).toEqual(first);
    expect(parsed(JSON.parse(JSON.stringify(spec)))).toEqual(spec);
  });

  it('refuses circuits beside circuitPairs when it is not the first pair', () => {
    const input = twoPairInput((i) => {
      i.circuits = { ...validConnectThroughSpec().circuits, bandwidthMbps: 2000 };
    });
    const result = validateCustomerSpec(input, CSP_CONTEXT);
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ path: 'circuits', rule: 'circuit-pairs.one-shape' }),
    ]);
  });

  it('refuses a spec with neither shape, naming circuits', () => {
    const { circuits: _c, ...input } = validConnectThroughSpec();
    const result = validateCustomerSpec(input, CSP_CONTEXT);
    expect(result.ok ? [] : result.issues).toEqual([
      expect.objectContaining({ path: 'circuits', rule: 'schema.required' }),
    ]);
  });

  it('gives a pair named primary the names and plan of the shorthand', () => {
    const shorthand = validConnectThroughSpec();
    const named = parsed({
      ...shorthand,
      circuits: undefined,
      circuitPairs: [{ name: 'primary', ...shorthand.circuits }],
    });
    const plan = (spec: CustomerSpec) => {
      const { steps, stages } = planTopology(deriveTopology(spec, CSP_TENANT));
      return { steps, stages };
    };
    expect(plan(named)).toEqual(plan(parsed(shorthand)));
  });

  it('names the second pair in its circuits, tags, ARM ids and plan keys, and links every VNet to both pairs', () => {
    const topology = deriveTopology(parsed(twoPairInput()), CSP_TENANT);
    const circuits = topology.resources.filter((r) => r.kind === 'circuit');
    expect(circuits.map((c) => [c.name, c.pair, c.leg, c.peeringLocation])).toEqual([
      ['er-contoso-a', undefined, 'a', 'Amsterdam'],
      ['er-contoso-b', undefined, 'b', 'Amsterdam2'],
      ['er-contoso-dr-a', 'dr', 'a', 'London'],
      ['er-contoso-dr-b', 'dr', 'b', 'London2'],
    ]);
    expect(circuits[2]?.tags['er-pair']).toBe('er-contoso-dr');
    expect(circuits[2]?.id).toMatch(/\/expressRouteCircuits\/er-contoso-dr-a$/);
    const connections = topology.resources.filter((r) => r.kind === 'connection');
    expect(new Set(connections.map((c) => c.name)).size).toBe(connections.length);
    expect(connections.filter((c) => c.pair === 'dr')).toHaveLength(connections.length / 2);

    const plan = planTopology(topology);
    const keys = plan.steps.map((step) => step.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'circuit:a',
        'notify-provider:a',
        'circuit:dr:a',
        'notify-provider:dr:a',
        'await-provider:dr:b',
        'peering:dr:a:AzurePrivatePeering',
      ]),
    );
    const notifyDr = plan.steps.find((step) => step.key === 'notify-provider:dr:a');
    expect(notifyDr).toMatchObject({ action: 'notifyProvider', leg: 'a', pair: 'dr' });
    expect(plan.steps.find((step) => step.key === 'notify-provider:a')).not.toHaveProperty('pair');
  });

  it('links a VNet only to the pairs it names', () => {
    const input = twoPairInput((i) => {
      const links = i.vnetLinks ?? [];
      i.vnetLinks = links.map((link, index) => (index === 0 ? { ...link, pairs: ['dr'] } : link));
    });
    const spec = parsed(input);
    const vnetName = spec.vnetLinks[0]?.vnetId.split('/').pop() ?? '';
    const topology = deriveTopology(spec, CSP_TENANT);
    const ofFirstVnet = topology.resources.filter(
      (r) => r.kind === 'connection' && r.name.startsWith(`cn-${vnetName}-`),
    );
    expect(ofFirstVnet.map((c) => c.name)).toEqual([
      `cn-${vnetName}-er-contoso-dr-a`,
      `cn-${vnetName}-er-contoso-dr-b`,
    ]);
  });
});

describe('validation of circuit pairs', () => {
  const issuesOf = (input: unknown) => {
    const result = validateCustomerSpec(input, CSP_CONTEXT);
    return result.ok ? [] : result.issues.map(({ path, rule }) => ({ path, rule }));
  };
  type PairInput = NonNullable<CustomerSpecInput['circuitPairs']>[number];
  const pairAt = (input: CustomerSpecInput, index: number): PairInput => {
    const pair = input.circuitPairs?.[index];
    if (pair === undefined) throw new Error(`no pair ${index}`);
    return pair;
  };

  it('accepts two private pairs at four locations', () => {
    expect(issuesOf(twoPairInput())).toEqual([]);
  });

  it('refuses a pair name used twice, and one that is not safe in resource names', () => {
    expect(issuesOf(twoPairInput((i) => (pairAt(i, 1).name = 'primary')))).toEqual([
      { path: 'circuitPairs[1].name', rule: 'pair.name-unique' },
    ]);
    expect(issuesOf(twoPairInput((i) => (pairAt(i, 1).name = 'DR_1')))).toEqual([
      expect.objectContaining({ path: 'circuitPairs[1].name' }),
    ]);
  });

  it('refuses a peering /30 of one pair that overlaps one of another pair', () => {
    const input = twoPairInput((i) => {
      const legs = pairAt(i, 1).privatePeering?.legs;
      const first = pairAt(i, 0).privatePeering?.legs[0].primaryPeerAddressPrefix;
      if (legs !== undefined && first !== undefined) legs[1].secondaryPeerAddressPrefix = first;
    });
    expect(issuesOf(input)).toEqual([
      { path: 'circuitPairs[1].privatePeering.legs[1].secondaryPeerAddressPrefix', rule: 'prefix.overlap' },
    ]);
  });

  it('checks each pair as the shorthand is checked, at the pair path', () => {
    const input = twoPairInput((i) => {
      pairAt(i, 1).bandwidthMbps = 750;
      pairAt(i, 1).peeringLocations = ['London', 'london'];
    });
    expect(issuesOf(input)).toEqual(
      expect.arrayContaining([
        { path: 'circuitPairs[1].bandwidthMbps', rule: 'bandwidth.ladder' },
        { path: 'circuitPairs[1].peeringLocations[1]', rule: 'peering-location.distinct' },
      ]),
    );
  });

  it('with separateMicrosoftPeering, refuses a pair carrying both peerings and accepts a Microsoft-only pair', () => {
    const both = twoPairInput((i) => {
      i.customer.separateMicrosoftPeering = true;
      pairAt(i, 1).microsoftPeering = validMicrosoftPeering();
    });
    expect(issuesOf(both)).toEqual([
      { path: 'circuitPairs[1].microsoftPeering', rule: 'pair.separate-microsoft-peering' },
    ]);
    const separate = twoPairInput((i) => {
      i.customer.separateMicrosoftPeering = true;
      pairAt(i, 1).microsoftPeering = validMicrosoftPeering();
      delete pairAt(i, 1).privatePeering;
    });
    expect(issuesOf(separate)).toEqual([]);
    const topology = deriveTopology(parsed(separate), CSP_TENANT);
    expect(topology.resources.filter((r) => r.kind === 'routeFilter').map((r) => r.name)).toEqual(['rf-contoso-dr']);
  });

  it('refuses a pair with no peering, and a first pair without private peering', () => {
    expect(issuesOf(twoPairInput((i) => delete pairAt(i, 1).privatePeering))).toEqual([
      { path: 'circuitPairs[1]', rule: 'pair.peering-required' },
    ]);
    expect(issuesOf(twoPairInput((i) => delete pairAt(i, 0).privatePeering))).toEqual([
      { path: 'circuitPairs[0]', rule: 'circuit-pairs.first-private' },
    ]);
    const result = validateCustomerSpec(
      twoPairInput((i) => delete pairAt(i, 0).privatePeering),
      CSP_CONTEXT,
    );
    expect(result.ok ? '' : result.issues[0]?.message).toMatch(
      /^needs privatePeering: the first pair \("primary"\).*private peering first$/,
    );
  });

  it('leaves a connect-through pair without subscription to placement, except the first pair', () => {
    expect(issuesOf(twoPairInput((i) => delete pairAt(i, 1).subscriptionId))).toEqual([]);
    expect(issuesOf(twoPairInput((i) => delete pairAt(i, 0).subscriptionId))).toEqual([
      { path: 'circuitPairs[0]', rule: 'circuit-pairs.first-subscription' },
    ]);
  });

  it('refuses a VNet link naming an unknown pair', () => {
    const input = twoPairInput((i) => {
      const [first, ...others] = i.vnetLinks ?? [];
      if (first !== undefined) i.vnetLinks = [{ ...first, pairs: ['dr', 'backup'] }, ...others];
    });
    expect(issuesOf(input)).toEqual([{ path: 'vnetLinks[0].pairs[1]', rule: 'vnet-link.unknown-pair' }]);
  });

  it('refuses more circuits on one gateway than its SKU connects (2 per linked pair)', () => {
    const three = twoPairInput((i) => {
      const extra = structuredClone(pairAt(i, 1));
      extra.name = 'third';
      extra.peeringLocations = ['Paris', 'Paris2'];
      extra.privatePeering = {
        peerAsn: 65010,
        legs: [
          { primaryPeerAddressPrefix: '192.168.120.0/30', secondaryPeerAddressPrefix: '192.168.120.4/30', vlanId: 100 },
          {
            primaryPeerAddressPrefix: '192.168.120.8/30',
            secondaryPeerAddressPrefix: '192.168.120.12/30',
            vlanId: 100,
          },
        ],
      };
      i.circuitPairs = [...(i.circuitPairs ?? []), extra];
    });
    const links = parsed(twoPairInput()).vnetLinks;
    const issues = issuesOf(three);
    // Six circuits on each gateway: over ErGw1AZ's 4, within ErGw2AZ's 8.
    const skus = links.map((link) => link.gateway.sku);
    links.forEach((link, index) => {
      const expected = { path: `vnetLinks[${index}].gateway.sku`, rule: 'limit.gateway-connections' };
      if (skus[index] === 'ErGw1AZ' || skus[index] === 'Standard') expect(issues).toContainEqual(expected);
      else expect(issues).not.toContainEqual(expected);
    });
    expect(issues.length).toBeGreaterThan(0);
  });

  it('counts the per-circuit VNet-link limit per pair, over the links that reach it', () => {
    const input = twoPairInput();
    const many = Array.from({ length: 11 }, (_, index) => ({
      vnetId: `/subscriptions/${input.customer.subscriptions[0] ?? ''}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-${index}`,
      addressSpace: [`10.${100 + index}.0.0/16`],
      gateway: { sku: 'ErGw3AZ' as const },
      pairs: ['dr'],
    }));
    input.vnetLinks = many;
    input.routeTables = [];
    input.networkSecurityGroups = [];
    expect(issuesOf(input)).toEqual([{ path: 'circuitPairs[1]', rule: 'limit.vnet-links-per-circuit' }]);
  });
});
