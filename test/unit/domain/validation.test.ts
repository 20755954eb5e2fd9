import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../../../shared/errors';
import type { CustomerSpec } from '../../../shared/domain/spec';
import {
  assertValid,
  formatPath,
  validateCustomerSpec,
  validateWithSchema,
  validationIssuesFromZod,
  type ExistingUsage,
} from '../../../shared/domain/validation';
import {
  APP_GATEWAY_ID,
  APP_VNET_ID,
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_CONTEXT,
  CSP_SUBSCRIPTION_ID,
  HUB_VNET_ID,
  validConnectThroughSpec,
  validConnectToSpec,
} from '../../support/specs';

const FOREIGN_SUBSCRIPTION_ID = 'dddddddd-9999-4999-8999-999999999999';

function vnetId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/rg-contoso-extra/providers/Microsoft.Network/virtualNetworks/${name}`;
}

/** A message a person can act on: a real sentence fragment, no leaked placeholders. */
function expectReadable(message: string): void {
  expect(message.length).toBeGreaterThanOrEqual(10);
  expect(message).not.toMatch(/undefined|\[object|NaN|^Invalid input/);
}

function issuesOf(input: unknown, usage?: ExistingUsage): ValidationIssue[] {
  const result = validateCustomerSpec(input, CSP_CONTEXT, usage);
  if (result.ok) return [];
  for (const issue of result.issues) expectReadable(issue.message);
  return result.issues;
}

type Expected = { path: string; rule: string };
const byPathAndRule = (a: Expected, b: Expected) => `${a.path} ${a.rule}`.localeCompare(`${b.path} ${b.rule}`);

/** Mutates a valid spec and expects exactly these issues (path and rule), with readable messages. */
function expectExactly(spec: unknown, expected: Expected[], usage?: ExistingUsage): ValidationIssue[] {
  const issues = issuesOf(spec, usage);
  expect(issues.map(({ path, rule }) => ({ path, rule })).sort(byPathAndRule)).toEqual(
    [...expected].sort(byPathAndRule),
  );
  return issues;
}

function spec(mutate: (s: CustomerSpec) => void, options = { microsoftPeering: true }): CustomerSpec {
  const s = validConnectThroughSpec(options);
  mutate(s);
  return s;
}

/** A VNet link for an extra VNet, with its own address space. */
function extraLink(
  index: number,
  subscriptionId = CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
): CustomerSpec['vnetLinks'][number] {
  return {
    vnetId: vnetId(subscriptionId, `vnet-extra-${index}`),
    addressSpace: [`10.${100 + index}.0.0/16`],
    gateway: { sku: 'ErGw1AZ' },
    routingWeight: 0,
    fastPath: false,
  };
}

describe('validateCustomerSpec: valid specs', () => {
  it.each([
    ['connect-through', validConnectThroughSpec()],
    ['connect-through with Microsoft peering', validConnectThroughSpec({ microsoftPeering: true })],
    ['connect-to', validConnectToSpec()],
    ['connect-to with Microsoft peering', validConnectToSpec({ microsoftPeering: true })],
  ])('accepts the %s fixture', (_name, input) => {
    expect(validateCustomerSpec(input, CSP_CONTEXT)).toEqual({ ok: true, value: input });
  });

  it('applies the schema defaults to what a caller leaves out', () => {
    const input = validConnectThroughSpec() as unknown as { vnetLinks: Record<string, unknown>[] };
    const firstLink = input.vnetLinks[0]!;
    delete firstLink.routingWeight;
    delete firstLink.fastPath;
    firstLink.gateway = {};
    const result = validateCustomerSpec(input, CSP_CONTEXT);
    expect(result.ok && result.value.vnetLinks[0]).toEqual(
      expect.objectContaining({ routingWeight: 0, fastPath: false, gateway: { sku: 'ErGw1AZ' } }),
    );
  });

  it('accepts a spec with no VNets, route tables or NSGs yet', () => {
    const input = { customer: validConnectThroughSpec().customer, circuits: validConnectThroughSpec().circuits };
    expect(validateCustomerSpec(input, CSP_CONTEXT).ok).toBe(true);
  });

  it('compares subscription GUIDs case-insensitively', () => {
    const input = validConnectThroughSpec();
    input.circuits.subscriptionId = CSP_SUBSCRIPTION_ID.toUpperCase();
    input.customer.subscriptions = input.customer.subscriptions.map((id) => id.toUpperCase());
    expect(validateCustomerSpec(input, CSP_CONTEXT).ok).toBe(true);
  });
});

describe('validateCustomerSpec: shape (schema.*)', () => {
  it.each([
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
    ['an array', [validConnectThroughSpec()]],
    ['a string', 'contoso'],
  ])('rejects %s at the root with path "" and schema.type', (_name, input) => {
    expectExactly(input, [{ path: '', rule: 'schema.type' }]);
  });

  it('reports a missing field as schema.required with its full path', () => {
    const input = spec((s) => {
      delete (s.customer as Partial<CustomerSpec['customer']>).tenantId;
      delete (s.customer as Partial<CustomerSpec['customer']>).model;
    });
    const issues = expectExactly(input, [
      { path: 'customer.tenantId', rule: 'schema.required' },
      { path: 'customer.model', rule: 'schema.required' },
    ]);
    expect(issues[0]!.message).toBe('is required');
  });

  it('reports a missing tuple element as schema.too-small on the tuple', () => {
    const input = spec((s) => {
      (s.circuits.privatePeering as { legs: unknown[] }).legs.pop();
    });
    expectExactly(input, [{ path: 'circuits.privatePeering.legs', rule: 'schema.too-small' }]);
  });

  it('reports a wrong type as schema.type with a bracketed path and says what it got', () => {
    const input = spec((s) => {
      (s.circuits.privatePeering.legs[0] as Record<string, unknown>).vlanId = '100';
    });
    const [issue] = expectExactly(input, [{ path: 'circuits.privatePeering.legs[0].vlanId', rule: 'schema.type' }]);
    expect(issue!.message).toBe('must be a number, not the text "100"');
  });

  it('reports a fractional number as schema.type', () => {
    const input = spec((s) => {
      s.circuits.bandwidthMbps = 1000.5;
    });
    const [issue] = expectExactly(input, [{ path: 'circuits.bandwidthMbps', rule: 'schema.type' }]);
    expect(issue!.message).toContain('whole number');
  });

  it('reports every unknown field as schema.unknown-field at the field itself', () => {
    const input = spec((s) => {
      (s.circuits.privatePeering.legs[1] as Record<string, unknown>).vlan = 100;
      (s as Record<string, unknown>).extra = true;
      (s.customer as Record<string, unknown>)['display name'] = 'x';
    });
    expectExactly(input, [
      { path: 'circuits.privatePeering.legs[1].vlan', rule: 'schema.unknown-field' },
      { path: 'extra', rule: 'schema.unknown-field' },
      { path: 'customer["display name"]', rule: 'schema.unknown-field' },
    ]);
  });

  it('reports a value outside an enum as schema.enum and lists the choices', () => {
    const input = spec((s) => {
      (s.circuits.sku as Record<string, unknown>).tier = 'Ultra';
    });
    const [issue] = expectExactly(input, [{ path: 'circuits.sku.tier', rule: 'schema.enum' }]);
    expect(issue!.message).toBe('must be one of "Standard", "Premium", "Local"');
  });

  it("keeps the schema's own message for a format error", () => {
    const input = spec((s) => {
      s.customer.tenantId = 'not-a-guid';
    });
    const [issue] = expectExactly(input, [{ path: 'customer.tenantId', rule: 'schema.format' }]);
    expect(issue!.message).toContain('GUID');
  });

  it('reports too few and too many items as schema.too-small / schema.too-big', () => {
    const input = spec((s) => {
      s.customer.subscriptions = [];
      s.circuits.microsoftPeering!.advertisedPublicPrefixes = Array.from(
        { length: 201 },
        (_, i) => `198.51.100.${i}/32`,
      );
    });
    const issues = expectExactly(input, [
      { path: 'customer.subscriptions', rule: 'schema.too-small' },
      { path: 'circuits.microsoftPeering.advertisedPublicPrefixes', rule: 'schema.too-big' },
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      'must list at least one subscription',
      'must have at most 200 items',
    ]);
  });

  it('reports every shape problem at once, and no rule issue until the shape is valid', () => {
    const input = spec((s) => {
      s.customer.id = 'Contoso!';
      s.circuits.bandwidthMbps = 300; // a rule problem, reported only once the shape is fixed
      (s.vnetLinks[0] as Record<string, unknown>).fastPath = 'yes';
    });
    expectExactly(input, [
      { path: 'customer.id', rule: 'schema.format' },
      { path: 'vnetLinks[0].fastPath', rule: 'schema.type' },
    ]);
  });
});

describe('validationIssuesFromZod and validateWithSchema (for other schemas)', () => {
  const Message = z.strictObject({ kind: z.enum(['onboard']), ids: z.array(z.string()).min(1) });

  it('converts any schema result into ValidationIssues', () => {
    expect(validateWithSchema(Message, { kind: 'offboard', ids: [], x: 1 })).toEqual({
      ok: false,
      issues: [
        { path: 'kind', rule: 'schema.enum', message: 'must be one of "onboard"' },
        { path: 'ids', rule: 'schema.too-small', message: 'must have at least 1 item' },
        {
          path: 'x',
          rule: 'schema.unknown-field',
          message: 'is not a field of this object (check the spelling: unknown fields are rejected)',
        },
      ],
    });
    expect(validateWithSchema(Message, { kind: 'onboard', ids: ['a'] })).toEqual({
      ok: true,
      value: { kind: 'onboard', ids: ['a'] },
    });
  });

  it('tells a missing field from a wrong type when given the input', () => {
    const input = { ids: [7] };
    const parsed = Message.safeParse(input);
    expect(parsed.success).toBe(false);
    const issues = validationIssuesFromZod(parsed.error!, input);
    expect(issues.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'kind', rule: 'schema.required' },
      { path: 'ids[0]', rule: 'schema.type' },
    ]);
  });

  it('falls back to the zod message when the issue is not one it rewrites', () => {
    const parsed = z.strictObject({ n: z.number().multipleOf(5) }).safeParse({ n: 7 });
    expect(validationIssuesFromZod(parsed.error!)).toEqual([
      { path: 'n', rule: 'schema.invalid', message: parsed.error!.issues[0]!.message },
    ]);
  });

  it('formats paths with dots for names and brackets for indexes and odd keys', () => {
    expect(formatPath(['circuits', 'privatePeering', 'legs', 0, 'vlanId'])).toBe(
      'circuits.privatePeering.legs[0].vlanId',
    );
    expect(formatPath([])).toBe('');
    expect(formatPath([3, 'a-b', 'c'])).toBe('[3]["a-b"].c');
  });
});

describe('assertValid', () => {
  it('returns the value of a valid result', () => {
    const input = validConnectThroughSpec();
    expect(assertValid(validateCustomerSpec(input, CSP_CONTEXT))).toEqual(input);
  });

  it('throws a ValidationError carrying every issue', () => {
    const result = validateCustomerSpec(
      spec((s) => {
        s.circuits.bandwidthMbps = 300;
        s.circuits.privatePeering.peerAsn = 65515;
      }),
      CSP_CONTEXT,
    );
    expect(() => assertValid(result)).toThrow(ValidationError);
    try {
      assertValid(result);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const validationError = error as ValidationError;
      expect(validationError.code).toBe('ValidationFailed');
      expect(validationError.issues.map((i) => i.rule)).toEqual(['bandwidth.ladder', 'asn.reserved']);
      expect(validationError.message).toContain('circuits.bandwidthMbps: 300 Mbps is not an ExpressRoute bandwidth');
    }
  });
});

describe('circuit pair rules', () => {
  it.each([300, 1500, 20000, 0, -50])('bandwidth.ladder: refuses %d Mbps', (mbps) => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.bandwidthMbps = mbps;
      }),
      [{ path: 'circuits.bandwidthMbps', rule: 'bandwidth.ladder' }],
    );
    expect(issue!.message).toContain('50, 100, 200, 500, 1000, 2000, 5000, 10000');
  });

  it.each([50, 100, 200, 500, 1000, 2000, 5000, 10000])('accepts %d Mbps', (mbps) => {
    expectExactly(
      spec((s) => {
        s.circuits.bandwidthMbps = mbps;
      }),
      [],
    );
  });

  it.each([
    ['Amsterdam', 'Amsterdam'],
    ['Amsterdam', ' amsterdam '],
    ['London2', 'LONDON2'],
  ])('peering-location.distinct: refuses %j and %j', (a, b) => {
    expectExactly(
      spec((s) => {
        s.circuits.peeringLocations = [a, b];
      }),
      [{ path: 'circuits.peeringLocations[1]', rule: 'peering-location.distinct' }],
    );
  });

  it('sku.local-unlimited-data: a Local circuit must be UnlimitedData', () => {
    expectExactly(
      spec((s) => {
        s.circuits.sku = { tier: 'Local', family: 'MeteredData' };
      }),
      [{ path: 'circuits.sku.family', rule: 'sku.local-unlimited-data' }],
    );
    expectExactly(
      spec((s) => {
        s.circuits.sku = { tier: 'Local', family: 'UnlimitedData' };
      }),
      [],
    );
  });

  it("subscription.allow-list: connect-through circuits must sit in one of the CSP's subscriptions", () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.subscriptionId = CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID;
      }),
      [{ path: 'circuits.subscriptionId', rule: 'subscription.allow-list' }],
    );
    expect(issue!.message).toContain('connect-through');
  });

  it("subscription.allow-list: connect-to circuits must sit in one of the customer's subscriptions", () => {
    const input = validConnectToSpec();
    input.circuits.subscriptionId = CSP_SUBSCRIPTION_ID;
    const [issue] = expectExactly(input, [{ path: 'circuits.subscriptionId', rule: 'subscription.allow-list' }]);
    expect(issue!.message).toContain('connect-to');
  });

  it("subscription.not-csp: a customer's allow-list cannot claim one of the CSP's own subscriptions", () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.customer.subscriptions = [...s.customer.subscriptions, CSP_SUBSCRIPTION_ID];
      }),
      [{ path: 'customer.subscriptions[2]', rule: 'subscription.not-csp' }],
    );
    expect(issue!.message).toContain("CSP's own subscriptions");
  });
});

describe('peering prefix rules', () => {
  const leg0Primary = 'circuits.privatePeering.legs[0].primaryPeerAddressPrefix';

  it.each(['abc', '300.1.1.0/30', '010.1.1.0/30', '10.1.1.0/030', '10.1.1.0', '10.1.1.0/33', ' 10.1.1.0/30', ''])(
    'cidr.invalid: refuses %j',
    (text) => {
      expectExactly(
        spec((s) => {
          s.circuits.privatePeering.legs[0].primaryPeerAddressPrefix = text;
        }),
        [{ path: leg0Primary, rule: 'cidr.invalid' }],
      );
    },
  );

  it('cuts long input short in messages', () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[0].primaryPeerAddressPrefix = 'x'.repeat(5000);
      }),
      [{ path: leg0Primary, rule: 'cidr.invalid' }],
    );
    expect(issue!.message).toBe(`"${'x'.repeat(48)}…" (5000 characters) is not a CIDR block such as 192.168.100.0/30`);
  });

  it('cidr.not-network-aligned: refuses host bits and suggests the block', () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[0].primaryPeerAddressPrefix = '10.255.0.1/30';
      }),
      [{ path: leg0Primary, rule: 'cidr.not-network-aligned' }],
    );
    expect(issue!.message).toBe('10.255.0.1/30 has host bits set; did you mean 10.255.0.0/30?');
  });

  it.each(['10.255.0.0/29', '10.255.0.0/31', '10.255.0.0/32', '2001:db8::/126'])(
    'prefix.slash30: refuses %s',
    (text) => {
      expectExactly(
        spec((s) => {
          s.circuits.privatePeering.legs[0].primaryPeerAddressPrefix = text;
        }),
        [{ path: leg0Primary, rule: 'prefix.slash30' }],
      );
    },
  );

  it('prefix.overlap: the two prefixes of a leg must be distinct', () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[0].secondaryPeerAddressPrefix = '192.168.100.0/30';
      }),
      [{ path: 'circuits.privatePeering.legs[0].secondaryPeerAddressPrefix', rule: 'prefix.overlap' }],
    );
    expect(issue!.message).toContain(`is the same block as 192.168.100.0/30 (${leg0Primary})`);
  });

  it("prefix.overlap: a leg's prefixes must not overlap the other leg's", () => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[1].primaryPeerAddressPrefix = '192.168.100.4/30';
      }),
      [{ path: 'circuits.privatePeering.legs[1].primaryPeerAddressPrefix', rule: 'prefix.overlap' }],
    );
  });

  it('prefix.overlap: a larger block that contains another prefix overlaps it', () => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[1].secondaryPeerAddressPrefix = '192.168.100.0/28';
      }),
      [
        { path: 'circuits.privatePeering.legs[1].secondaryPeerAddressPrefix', rule: 'prefix.slash30' },
        { path: 'circuits.privatePeering.legs[1].secondaryPeerAddressPrefix', rule: 'prefix.overlap' },
      ],
    );
  });

  it('prefix.overlap: private and Microsoft peering prefixes must not overlap', () => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[1].secondaryPeerAddressPrefix = '203.0.113.4/30';
      }),
      [{ path: 'circuits.microsoftPeering.legs[0].secondaryPeerAddressPrefix', rule: 'prefix.overlap' }],
    );
  });

  it("prefix.vnet-overlap: private peering prefixes must not overlap a linked VNet's address space", () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[0].primaryPeerAddressPrefix = '10.21.255.252/30';
      }),
      [{ path: leg0Primary, rule: 'prefix.vnet-overlap' }],
    );
    expect(issue!.message).toContain('10.21.0.0/16 of VNet vnet-contoso-app-weu');
  });

  it('prefix.slash30 and ms-peering.public-prefix apply to Microsoft peering prefixes too', () => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.legs[1].primaryPeerAddressPrefix = '203.0.113.8/29';
        s.circuits.microsoftPeering!.legs[1].secondaryPeerAddressPrefix = '10.255.0.0/30';
      }),
      [
        { path: 'circuits.microsoftPeering.legs[1].primaryPeerAddressPrefix', rule: 'prefix.slash30' },
        { path: 'circuits.microsoftPeering.legs[1].secondaryPeerAddressPrefix', rule: 'ms-peering.public-prefix' },
      ],
    );
  });
});

describe('VLAN and ASN rules', () => {
  it.each([0, -1, 4095, 65535])('vlan.range: refuses VLAN %d', (vlanId) => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[1].vlanId = vlanId;
        s.circuits.microsoftPeering!.legs[0].vlanId = vlanId;
      }),
      [
        { path: 'circuits.privatePeering.legs[1].vlanId', rule: 'vlan.range' },
        { path: 'circuits.microsoftPeering.legs[0].vlanId', rule: 'vlan.range' },
      ],
    );
  });

  it('accepts VLANs 1 and 4094', () => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.legs[0].vlanId = 1;
        s.circuits.microsoftPeering!.legs[0].vlanId = 4094;
      }),
      [],
    );
  });

  it('vlan.unique-per-circuit: private and Microsoft peering of one circuit need different VLANs', () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.legs[1].vlanId = 100;
      }),
      [{ path: 'circuits.microsoftPeering.legs[1].vlanId', rule: 'vlan.unique-per-circuit' }],
    );
    expect(issue!.message).toContain('leg B');
  });

  it.each([0, 4_294_967_296, -65010])('asn.range: refuses peer ASN %d', (asn) => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.peerAsn = asn;
      }),
      [{ path: 'circuits.privatePeering.peerAsn', rule: 'asn.range' }],
    );
  });

  it.each([65515, 65517, 65520, 12076])('asn.reserved: refuses peer ASN %d', (asn) => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.peerAsn = asn;
      }),
      [{ path: 'circuits.microsoftPeering.peerAsn', rule: 'asn.reserved' }],
    );
  });

  it.each([1, 65514, 65521, 4_294_967_295, 8075])('accepts peer ASN %d', (asn) => {
    expectExactly(
      spec((s) => {
        s.circuits.privatePeering.peerAsn = asn;
      }),
      [],
    );
  });

  it.each([
    [64512, 'asn.customer-public'],
    [65534, 'asn.customer-public'],
    [4_200_000_000, 'asn.customer-public'],
    [64496, 'asn.customer-public'],
    [64511, 'asn.customer-public'],
    [23456, 'asn.customer-public'],
    [65516, 'asn.reserved'],
    [12076, 'asn.reserved'],
    [0, 'asn.range'],
  ])('customerAsn %d is refused with %s', (asn, rule) => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.customerAsn = asn;
      }),
      [{ path: 'circuits.microsoftPeering.customerAsn', rule }],
    );
  });

  it('accepts a public customerAsn', () => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.customerAsn = 8075;
      }),
      [],
    );
  });
});

describe('Microsoft peering rules', () => {
  it.each([
    '10.1.0.0/24',
    '100.64.0.0/24',
    '172.16.0.0/12',
    '169.254.0.0/16',
    '224.0.0.0/24',
    '128.0.0.0/1',
    '2001:db8::/48',
  ])('ms-peering.public-prefix: refuses advertised prefix %s', (prefix) => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.advertisedPublicPrefixes = ['203.0.113.128/27', prefix];
      }),
      [{ path: 'circuits.microsoftPeering.advertisedPublicPrefixes[1]', rule: 'ms-peering.public-prefix' }],
    );
  });

  it('checks advertised prefixes are CIDR blocks', () => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.advertisedPublicPrefixes = ['203.0.113.129/27', 'contoso.com'];
      }),
      [
        { path: 'circuits.microsoftPeering.advertisedPublicPrefixes[0]', rule: 'cidr.not-network-aligned' },
        { path: 'circuits.microsoftPeering.advertisedPublicPrefixes[1]', rule: 'cidr.invalid' },
      ],
    );
  });

  it('accepts public and documentation prefixes, up to 200 of them', () => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.advertisedPublicPrefixes = [
          '8.8.8.0/24',
          '198.51.100.0/24',
          ...Array.from({ length: 198 }, (_, i) => `20.${i}.0.0/16`),
        ];
      }),
      [],
    );
  });

  it.each(['65010:100', '12076', '12076:', '12076:5010 ', '12076:123456', '12076:70000', 'no-export'])(
    'ms-peering.community: refuses %j',
    (community) => {
      expectExactly(
        spec((s) => {
          s.circuits.microsoftPeering!.routeFilterCommunities = ['12076:5010', community];
        }),
        [{ path: 'circuits.microsoftPeering.routeFilterCommunities[1]', rule: 'ms-peering.community' }],
      );
    },
  );

  it('accepts Microsoft service and regional communities', () => {
    expectExactly(
      spec((s) => {
        s.circuits.microsoftPeering!.routeFilterCommunities = ['12076:5010', '12076:5060', '12076:51002'];
      }),
      [],
    );
  });
});

describe('VNet link rules', () => {
  it('limit.vnet-links-per-circuit: a Standard circuit links at most 10 VNets', () => {
    const input = spec((s) => {
      s.vnetLinks.push(...Array.from({ length: 9 }, (_, i) => extraLink(i)));
    });
    const [issue] = expectExactly(input, [{ path: 'vnetLinks', rule: 'limit.vnet-links-per-circuit' }]);
    expect(issue!.message).toBe(
      '11 VNets would be linked, but a Standard circuit at 1000 Mbps takes at most 10 VNet links',
    );
    input.vnetLinks.pop();
    expectExactly(input, []);
  });

  it('limit.vnet-links-per-circuit: Premium allows more, by bandwidth', () => {
    const input = spec((s) => {
      s.circuits.sku.tier = 'Premium';
      s.circuits.bandwidthMbps = 50;
      s.vnetLinks.push(...Array.from({ length: 18 }, (_, i) => extraLink(i)));
    });
    expectExactly(input, []); // 20 links at 50 Mbps
    input.vnetLinks.push(extraLink(30));
    expectExactly(input, [{ path: 'vnetLinks', rule: 'limit.vnet-links-per-circuit' }]);
  });

  it('vnet.duplicate: a VNet is linked once (ids compare case-insensitively)', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks.push({
          ...extraLink(1),
          vnetId: HUB_VNET_ID.replace('vnet-contoso-hub-weu', 'VNET-Contoso-Hub-WEU'),
        });
      }),
      [{ path: 'vnetLinks[2].vnetId', rule: 'vnet.duplicate' }],
    );
  });

  it("subscription.allow-list: a VNet must be in one of the customer's subscriptions", () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks.push(extraLink(1, FOREIGN_SUBSCRIPTION_ID));
      }),
      [{ path: 'vnetLinks[2].vnetId', rule: 'subscription.allow-list' }],
    );
  });

  it('subscription.allow-list: connect-through VNets may not sit in the CSP subscription', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks.push(extraLink(1, CSP_SUBSCRIPTION_ID));
      }),
      [{ path: 'vnetLinks[2].vnetId', rule: 'subscription.allow-list' }],
    );
  });

  it('cidr.invalid: address space entries must be CIDR blocks', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[0]!.addressSpace = ['10.10.0.0/16', '10.30.0.0', '10.31.0.1/16'];
      }),
      [
        { path: 'vnetLinks[0].addressSpace[1]', rule: 'cidr.invalid' },
        { path: 'vnetLinks[0].addressSpace[2]', rule: 'cidr.not-network-aligned' },
      ],
    );
  });

  it('address-space.overlap: VNets on the same circuits must not overlap', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[1]!.addressSpace.push('10.10.128.0/17');
      }),
      [{ path: 'vnetLinks[1].addressSpace[2]', rule: 'address-space.overlap' }],
    );
  });

  it('gateway.same-subscription: an existing gateway sits in its VNet subscription', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[1]!.gateway.id = APP_GATEWAY_ID.replace(
          CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
          CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
        );
      }),
      [{ path: 'vnetLinks[1].gateway.id', rule: 'gateway.same-subscription' }],
    );
  });

  it('an existing gateway in a foreign subscription breaks both the allow-list and the same-subscription rule', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[1]!.gateway.id = APP_GATEWAY_ID.replace(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, FOREIGN_SUBSCRIPTION_ID);
      }),
      [
        { path: 'vnetLinks[1].gateway.id', rule: 'subscription.allow-list' },
        { path: 'vnetLinks[1].gateway.id', rule: 'gateway.same-subscription' },
      ],
    );
  });

  it.each([
    ['ErGwScale without units', 'ErGwScale', undefined],
    ['ErGwScale with 0 units', 'ErGwScale', 0],
    ['ErGwScale with 41 units', 'ErGwScale', 41],
    ['ErGw1AZ with units', 'ErGw1AZ', 2],
    ['Standard with units', 'Standard', 1],
  ] as const)('gateway.scale-units: refuses %s', (_name, sku, scaleUnits) => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[0]!.gateway = { sku, scaleUnits };
      }),
      [{ path: 'vnetLinks[0].gateway.scaleUnits', rule: 'gateway.scale-units' }],
    );
  });

  it.each([
    ['ErGw1AZ', undefined],
    ['ErGw2AZ', undefined],
    ['Standard', undefined],
    ['HighPerformance', undefined],
    ['ErGwScale', 9],
  ] as const)('gateway.fast-path: refuses FastPath on %s %s', (sku, scaleUnits) => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[0]!.gateway = { sku, scaleUnits };
        s.vnetLinks[0]!.fastPath = true;
      }),
      [{ path: 'vnetLinks[0].fastPath', rule: 'gateway.fast-path' }],
    );
  });

  it.each([
    ['ErGw3AZ', undefined],
    ['UltraPerformance', undefined],
    ['ErGwScale', 10],
    ['ErGwScale', 40],
  ] as const)('accepts FastPath on %s %s', (sku, scaleUnits) => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[0]!.gateway = { sku, scaleUnits };
        s.vnetLinks[0]!.fastPath = true;
      }),
      [],
    );
  });

  it.each([-1, 32001])('routing-weight.range: refuses %d', (weight) => {
    expectExactly(
      spec((s) => {
        s.vnetLinks[1]!.routingWeight = weight;
      }),
      [{ path: 'vnetLinks[1].routingWeight', rule: 'routing-weight.range' }],
    );
  });

  it('limit.gateway-connections: the pair must fit the gateway next to its existing circuits', () => {
    const usage = (count: number): ExistingUsage => ({
      existingCircuitsPerVnetLocation: { [HUB_VNET_ID]: { London: count - 1, Dublin: 1 } },
    });
    expectExactly(validConnectThroughSpec(), [], usage(2)); // ErGw1AZ: 2 + 2 = 4
    const [issue] = expectExactly(
      validConnectThroughSpec(),
      [{ path: 'vnetLinks[0].gateway.sku', rule: 'limit.gateway-connections' }],
      usage(3),
    );
    expect(issue!.message).toBe(
      'a ErGw1AZ gateway connects at most 4 circuits; this VNet already has 3 and the pair adds 2',
    );
  });

  it('limit.gateway-connections: ErGwScale capacity follows its scale units', () => {
    const input = spec((s) => {
      s.vnetLinks[0]!.gateway = { sku: 'ErGwScale', scaleUnits: 2 };
    });
    const usage: ExistingUsage = { existingCircuitsPerVnetLocation: { [HUB_VNET_ID]: { London: 4, Dublin: 3 } } };
    expectExactly(input, [{ path: 'vnetLinks[0].gateway.sku', rule: 'limit.gateway-connections' }], usage); // 7 + 2 > 8
    input.vnetLinks[0]!.gateway.scaleUnits = 10;
    expectExactly(input, [], usage); // 16
  });

  it('limit.circuits-per-location-per-vnet: at most 4 circuits from one peering location per VNet', () => {
    const usage = (count: number): ExistingUsage => ({
      // keys compare case-insensitively and trimmed, like the spec's own values
      existingCircuitsPerVnetLocation: { [APP_VNET_ID.toLowerCase()]: { 'AMSTERDAM ': count, Amsterdam2: 1 } },
    });
    expectExactly(validConnectThroughSpec(), [], usage(3));
    const [issue] = expectExactly(
      validConnectThroughSpec(),
      [{ path: 'vnetLinks[1].vnetId', rule: 'limit.circuits-per-location-per-vnet' }],
      usage(4),
    );
    expect(issue!.message).toContain('5 circuits from peering location Amsterdam (4 existing + 1 new)');
  });
});

describe('route table rules', () => {
  it('vnet.not-linked: a route table targets a VNet among vnetLinks', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.vnetId = vnetId(CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, 'vnet-elsewhere');
      }),
      [{ path: 'routeTables[0].vnetId', rule: 'vnet.not-linked' }],
    );
  });

  it('subscription.allow-list: a route table in a foreign subscription', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[1]!.vnetId = vnetId(FOREIGN_SUBSCRIPTION_ID, 'vnet-foreign');
      }),
      [
        { path: 'routeTables[1].vnetId', rule: 'subscription.allow-list' },
        { path: 'routeTables[1].vnetId', rule: 'vnet.not-linked' },
      ],
    );
  });

  it('gateway-subnet.no-default-route: no 0.0.0.0/0 route on a GatewaySubnet table', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.subnets.push('GatewaySubnet');
        s.routeTables[0]!.routes.push({
          name: 'default-to-nva',
          addressPrefix: '0.0.0.0/0',
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: '10.10.1.4',
        });
      }),
      [{ path: 'routeTables[0].routes[2].addressPrefix', rule: 'gateway-subnet.no-default-route' }],
    );
  });

  it('gateway-subnet.no-default-route: no forced tunnelling on a GatewaySubnet table (name case-insensitive)', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[1]!.subnets.push('gatewaysubnet');
      }),
      [{ path: 'routeTables[1].forcedTunnelNextHop', rule: 'gateway-subnet.no-default-route' }],
    );
  });

  it('gateway-subnet.bgp-propagation: a GatewaySubnet table keeps BGP propagation', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.subnets = ['GatewaySubnet'];
        s.routeTables[0]!.disableBgpRoutePropagation = true;
      }),
      [{ path: 'routeTables[0].disableBgpRoutePropagation', rule: 'gateway-subnet.bgp-propagation' }],
    );
  });

  it('allows a GatewaySubnet table without a default route, and a workload table with one', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.subnets = ['GatewaySubnet'];
        s.routeTables[1]!.routes.push({
          name: 'default',
          addressPrefix: '0.0.0.0/0',
          nextHopType: 'VirtualAppliance',
          nextHopIpAddress: '10.20.0.4',
        });
        s.routeTables[1]!.disableBgpRoutePropagation = true;
      }),
      [],
    );
  });

  it('cidr.invalid: a route address prefix is a CIDR block (service tags are out of scope)', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.routes[0]!.addressPrefix = 'AzureCloud';
        s.routeTables[0]!.routes[1]!.addressPrefix = '40.83.235.53/24';
      }),
      [
        { path: 'routeTables[0].routes[0].addressPrefix', rule: 'cidr.invalid' },
        { path: 'routeTables[0].routes[1].addressPrefix', rule: 'cidr.not-network-aligned' },
      ],
    );
  });

  it('route.no-er-gateway-next-hop: VirtualNetworkGateway is refused', () => {
    const [issue] = expectExactly(
      spec((s) => {
        s.routeTables[0]!.routes[0]!.nextHopType = 'VirtualNetworkGateway';
      }),
      [{ path: 'routeTables[0].routes[0].nextHopType', rule: 'route.no-er-gateway-next-hop' }],
    );
    expect(issue!.message).toContain('BGP');
  });

  it('route.next-hop-ip: required for VirtualAppliance', () => {
    expectExactly(
      spec((s) => {
        delete s.routeTables[1]!.routes[0]!.nextHopIpAddress;
      }),
      [{ path: 'routeTables[1].routes[0].nextHopIpAddress', rule: 'route.next-hop-ip' }],
    );
  });

  it.each(['Internet', 'VnetLocal', 'None'] as const)('route.next-hop-ip: refused with next hop %s', (nextHopType) => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.routes[0] = { ...s.routeTables[0]!.routes[0]!, nextHopType, nextHopIpAddress: '10.10.1.4' };
      }),
      [{ path: 'routeTables[0].routes[0].nextHopIpAddress', rule: 'route.next-hop-ip' }],
    );
  });

  it.each(['10.20.0.256', 'nva-01', '10.20.0.4/32', '010.20.0.4', ''])('ip.invalid: refuses next hop %j', (ip) => {
    expectExactly(
      spec((s) => {
        s.routeTables[1]!.routes[0]!.nextHopIpAddress = ip;
        s.routeTables[1]!.forcedTunnelNextHop = ip;
      }),
      [
        { path: 'routeTables[1].routes[0].nextHopIpAddress', rule: 'ip.invalid' },
        { path: 'routeTables[1].forcedTunnelNextHop', rule: 'ip.invalid' },
      ],
    );
  });

  it('route.name-unique: route names are unique per table (case-insensitive)', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[0]!.routes[1]!.name = 'KMS-Activation';
      }),
      [{ path: 'routeTables[0].routes[1].name', rule: 'route.name-unique' }],
    );
  });

  it('subnet.single-route-table: a subnet is associated with one route table', () => {
    expectExactly(
      spec((s) => {
        s.routeTables.push({
          role: 'management',
          vnetId: HUB_VNET_ID,
          subnets: ['SNET-management'],
          routes: [],
          disableBgpRoutePropagation: false,
        });
      }),
      [{ path: 'routeTables[2].subnets[0]', rule: 'subnet.single-route-table' }],
    );
  });
});

describe('NSG rules', () => {
  it.each(['GatewaySubnet', 'gatewaysubnet', 'GATEWAYSUBNET'])('gateway-subnet.no-nsg: refuses %s', (subnet) => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.subnets.push(subnet);
      }),
      [{ path: 'networkSecurityGroups[0].subnets[2]', rule: 'gateway-subnet.no-nsg' }],
    );
  });

  it('vnet.not-linked and subscription.allow-list apply to NSGs', () => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.vnetId = vnetId(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, 'vnet-unlinked');
        s.networkSecurityGroups[1]!.vnetId = vnetId(FOREIGN_SUBSCRIPTION_ID, 'vnet-foreign');
      }),
      [
        { path: 'networkSecurityGroups[0].vnetId', rule: 'vnet.not-linked' },
        { path: 'networkSecurityGroups[1].vnetId', rule: 'subscription.allow-list' },
        { path: 'networkSecurityGroups[1].vnetId', rule: 'vnet.not-linked' },
      ],
    );
  });

  it('cidr.invalid: on-premises prefixes are CIDR blocks', () => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.baseline.onPremisesPrefixes = ['172.16.0.0/16', 'on-premises'];
      }),
      [{ path: 'networkSecurityGroups[0].baseline.onPremisesPrefixes[1]', rule: 'cidr.invalid' }],
    );
  });

  it.each([99, 4097, 0, 65000])('nsg.priority-range: refuses priority %d', (priority) => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[1]!.rules[1]!.priority = priority;
      }),
      [{ path: 'networkSecurityGroups[1].rules[1].priority', rule: 'nsg.priority-range' }],
    );
  });

  it('nsg.priority-unique: custom rules share no priority within a direction', () => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[1]!.rules[1]!.direction = 'Inbound';
        s.networkSecurityGroups[1]!.rules[1]!.priority = 300;
      }),
      [{ path: 'networkSecurityGroups[1].rules[1].priority', rule: 'nsg.priority-unique' }],
    );
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[1]!.rules[1]!.priority = 300; // Outbound, while rule 0 is Inbound
      }),
      [],
    );
  });

  it('nsg.priority-unique: custom rules avoid the baseline priorities when the baseline rule exists', () => {
    const [inbound] = expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.rules[0]!.priority = 4000;
      }),
      [{ path: 'networkSecurityGroups[0].rules[0].priority', rule: 'nsg.priority-unique' }],
    );
    expect(inbound!.message).toBe('priority 4000 (Inbound) is taken by the baseline rule AllowOnPremisesInbound');
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[1]!.rules[1]!.priority = 4096;
      }),
      [{ path: 'networkSecurityGroups[1].rules[1].priority', rule: 'nsg.priority-unique' }],
    );
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.baseline = { onPremisesPrefixes: [], denyInternetOutbound: false };
        s.networkSecurityGroups[0]!.rules[0]!.priority = 4000;
        s.networkSecurityGroups[1]!.rules[0]!.priority = 4096; // Inbound: the 4096 baseline rule is Outbound
      }),
      [],
    );
  });

  it('nsg.rule-name-unique: rule names are unique and avoid the baseline names', () => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[1]!.rules[1]!.name = 'ALLOW-https-from-onprem';
        s.networkSecurityGroups[0]!.rules[0]!.name = 'DenyInternetOutbound';
      }),
      [
        { path: 'networkSecurityGroups[0].rules[0].name', rule: 'nsg.rule-name-unique' },
        { path: 'networkSecurityGroups[1].rules[1].name', rule: 'nsg.rule-name-unique' },
      ],
    );
  });

  it.each(['AllowOnPremisesInbound-2', 'allowonpremisesinbound-17', 'DENYINTERNETOUTBOUND'])(
    'nsg.rule-name-unique: %s is reserved for the baseline rules',
    (name) => {
      expectExactly(
        spec((s) => {
          s.networkSecurityGroups[1]!.rules[0]!.name = name;
        }),
        [{ path: 'networkSecurityGroups[1].rules[0].name', rule: 'nsg.rule-name-unique' }],
      );
    },
  );

  it('nsg.baseline-priorities: one inbound baseline rule per on-premises prefix must fit in 4000-4096', () => {
    const prefixes = (count: number) => Array.from({ length: count }, (_, i) => `172.16.${i}.0/24`);
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.baseline.onPremisesPrefixes = prefixes(97);
      }),
      [],
    );
    const [issue] = expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.baseline.onPremisesPrefixes = prefixes(97);
        s.networkSecurityGroups[0]!.rules[0]!.priority = 4050; // Inbound, takes one of the 97 slots
      }),
      [{ path: 'networkSecurityGroups[0].baseline.onPremisesPrefixes', rule: 'nsg.baseline-priorities' }],
    );
    expect(issue!.message).toContain('97 on-premises prefixes need 97 inbound baseline rules');
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[0]!.baseline.onPremisesPrefixes = prefixes(98);
      }),
      [{ path: 'networkSecurityGroups[0].baseline.onPremisesPrefixes', rule: 'nsg.baseline-priorities' }],
    );
  });

  it('subnet.single-nsg: a subnet is associated with one NSG', () => {
    expectExactly(
      spec((s) => {
        s.networkSecurityGroups[1]!.vnetId = HUB_VNET_ID;
        s.networkSecurityGroups[1]!.subnets = ['snet-hub-extra', 'snet-shared-services'];
      }),
      [{ path: 'networkSecurityGroups[1].subnets[1]', rule: 'subnet.single-nsg' }],
    );
  });
});

describe('collecting issues', () => {
  it('reports every broken rule, not just the first', () => {
    expectExactly(
      spec((s) => {
        s.circuits.bandwidthMbps = 300;
        s.circuits.peeringLocations = ['Amsterdam', 'Amsterdam'];
        s.circuits.privatePeering.peerAsn = 65515;
        s.circuits.microsoftPeering!.legs[0].vlanId = 100;
        s.vnetLinks[0]!.fastPath = true;
        s.routeTables[0]!.routes[0]!.nextHopType = 'VirtualNetworkGateway';
        s.networkSecurityGroups[0]!.subnets.push('GatewaySubnet');
      }),
      [
        { path: 'circuits.bandwidthMbps', rule: 'bandwidth.ladder' },
        { path: 'circuits.peeringLocations[1]', rule: 'peering-location.distinct' },
        { path: 'circuits.privatePeering.peerAsn', rule: 'asn.reserved' },
        { path: 'circuits.microsoftPeering.legs[0].vlanId', rule: 'vlan.unique-per-circuit' },
        { path: 'vnetLinks[0].fastPath', rule: 'gateway.fast-path' },
        { path: 'routeTables[0].routes[0].nextHopType', rule: 'route.no-er-gateway-next-hop' },
        { path: 'networkSecurityGroups[0].subnets[2]', rule: 'gateway-subnet.no-nsg' },
      ],
    );
  });
});

describe('rules the topology and planner rely on are validation rules (one source of rules)', () => {
  it('vnet.name-unique: two linked VNets may not share a name, even in different resource groups or case', () => {
    expectExactly(
      spec((s) => {
        s.vnetLinks.push({ ...extraLink(1), vnetId: vnetId(CONTOSO_WORKLOAD_SUBSCRIPTION_ID, 'VNET-CONTOSO-HUB-WEU') });
      }),
      [{ path: 'vnetLinks[2].vnetId', rule: 'vnet.name-unique' }],
    );
  });

  it('route-table.role-unique and nsg.role-unique: a role names one route table and one NSG', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[1]!.role = 'shared';
        s.networkSecurityGroups[1]!.role = 'shared';
      }),
      [
        { path: 'routeTables[1].role', rule: 'route-table.role-unique' },
        { path: 'networkSecurityGroups[1].role', rule: 'nsg.role-unique' },
      ],
    );
  });

  it('route.name-unique: a route may not take the name of the forced-tunnel route its table gets', () => {
    expectExactly(
      spec((s) => {
        s.routeTables[1]!.routes[0]!.name = 'Forced-Tunnel-Default';
      }),
      [{ path: 'routeTables[1].routes[0].name', rule: 'route.name-unique' }],
    );
  });
});
