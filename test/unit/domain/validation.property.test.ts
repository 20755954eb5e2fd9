/**
 * Property tests: thousands of malformed payloads, mostly mutations of the valid fixtures, must all be rejected
 * (ok: false) with well-formed issues, and validation must never throw. Runs per property are set so that the file
 * checks more than 10,000 payloads in a few seconds.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import type { ValidationIssue } from '../../../shared/errors';
import { formatPath, validateCustomerSpec, type Validated } from '../../../shared/domain/validation';
import { BANDWIDTH_LADDER_MBPS, BASELINE_SECURITY_RULES } from '../../../shared/domain/rules';
import { CSP_CONTEXT, validConnectThroughSpec, validConnectToSpec } from '../../support/specs';

type Segment = string | number;
type Path = readonly Segment[];

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A fresh valid spec (with Microsoft peering, so that every field is present) as plain JSON to mutate. */
function freshSpec(connectTo: boolean): Record<string, unknown> {
  const spec = connectTo
    ? validConnectToSpec({ microsoftPeering: true })
    : validConnectThroughSpec({ microsoftPeering: true });
  return spec;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(value: unknown): [Segment, unknown][] {
  if (Array.isArray(value)) return value.map((item: unknown, index) => [index, item]);
  return isRecord(value) ? Object.entries(value) : [];
}

/** Every node below the root, as a path. */
function nodePaths(value: unknown, path: Path = []): Path[] {
  return children(value).flatMap(([key, child]) => {
    const childPath = [...path, key];
    return [childPath, ...nodePaths(child, childPath)];
  });
}

function getAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, segment) =>
      isRecord(node) || Array.isArray(node) ? (node as Record<Segment, unknown>)[segment] : undefined,
    root,
  );
}

function parentAndKey(root: unknown, path: Path): { parent: Record<Segment, unknown>; key: Segment } {
  const parent = getAt(root, path.slice(0, -1));
  if (!isRecord(parent) && !Array.isArray(parent)) throw new Error(`no container at ${formatPath(path)}`);
  return { parent: parent as Record<Segment, unknown>, key: path[path.length - 1]! };
}

function setAt(root: unknown, path: Path, value: unknown): void {
  const { parent, key } = parentAndKey(root, path);
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function deleteAt(root: unknown, path: Path): void {
  const { parent, key } = parentAndKey(root, path);
  Reflect.deleteProperty(parent, key);
}

/** `vnetLinks.*.addressSpace.*` for `['vnetLinks', 1, 'addressSpace', 0]`. */
function pattern(path: Path): string {
  return path.map((segment) => (typeof segment === 'number' ? '*' : segment)).join('.');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

const ALL_PATHS = nodePaths(freshSpec(false));
const pathsMatching = (patterns: readonly string[]) => ALL_PATHS.filter((path) => patterns.includes(pattern(path)));

const PRIVATE_PREFIX_PATTERNS = [
  'circuits.privatePeering.legs.*.primaryPeerAddressPrefix',
  'circuits.privatePeering.legs.*.secondaryPeerAddressPrefix',
];
const PEERING_PREFIX_PATTERNS = [
  ...PRIVATE_PREFIX_PATTERNS,
  'circuits.microsoftPeering.legs.*.primaryPeerAddressPrefix',
  'circuits.microsoftPeering.legs.*.secondaryPeerAddressPrefix',
];
const CIDR_PATTERNS = [
  ...PEERING_PREFIX_PATTERNS,
  'circuits.microsoftPeering.advertisedPublicPrefixes.*',
  'vnetLinks.*.addressSpace.*',
  'routeTables.*.routes.*.addressPrefix',
  'networkSecurityGroups.*.baseline.onPremisesPrefixes.*',
];
const GUID_PATTERNS = ['customer.tenantId', 'customer.subscriptions.*', 'circuits.subscriptionId'];
const ARM_ID_PATTERNS = [
  'vnetLinks.*.vnetId',
  'vnetLinks.*.gateway.id',
  'routeTables.*.vnetId',
  'networkSecurityGroups.*.vnetId',
];
const IP_PATTERNS = ['routeTables.*.routes.*.nextHopIpAddress', 'routeTables.*.forcedTunnelNextHop'];
const COMMUNITY_PATTERNS = ['circuits.microsoftPeering.routeFilterCommunities.*'];

/** Fields a caller may leave out: deleting them keeps the fixture valid (checked below). */
const OPTIONAL_PATTERNS = [
  'customer.displayName',
  'circuits.privatePeering.md5Key',
  'circuits.microsoftPeering',
  'vnetLinks',
  'routeTables',
  'networkSecurityGroups',
  'vnetLinks.*.gateway.id',
  'vnetLinks.*.routingWeight',
  'routeTables.*.routes',
  'routeTables.*.forcedTunnelNextHop',
  'routeTables.*.disableBgpRoutePropagation',
  'networkSecurityGroups.*.baseline',
  'networkSecurityGroups.*.baseline.onPremisesPrefixes',
  'networkSecurityGroups.*.baseline.denyInternetOutbound',
  'networkSecurityGroups.*.rules',
  'networkSecurityGroups.*.rules.*.sourceAddressPrefix',
  'networkSecurityGroups.*.rules.*.sourcePortRange',
  'networkSecurityGroups.*.rules.*.destinationAddressPrefix',
  'networkSecurityGroups.*.rules.*.destinationPortRange',
  'networkSecurityGroups.*.rules.*.description',
];
/** Optional in the schema, but the fixture needs them: the app VNet's FastPath needs its ErGw3AZ. */
const DEFAULTED_BUT_NEEDED = ['vnetLinks.*.gateway.sku', 'vnetLinks.*.fastPath'];

const REQUIRED_PATHS = ALL_PATHS.filter(
  (path) =>
    typeof path[path.length - 1] === 'string' &&
    !OPTIONAL_PATTERNS.includes(pattern(path)) &&
    !DEFAULTED_BUT_NEEDED.includes(pattern(path)),
);
const OBJECT_PATHS: Path[] = [[], ...ALL_PATHS.filter((path) => isRecord(getAt(freshSpec(false), path)))];

function validate(input: unknown): Validated<unknown> {
  return validateCustomerSpec(input, CSP_CONTEXT);
}

/** Rejected, with at least one issue, each naming a path (empty only for a root type error) and a rule id. */
function expectWellFormedRejection(result: Validated<unknown>): ValidationIssue[] {
  if (result.ok) throw new Error('a malformed payload was accepted');
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) {
    if (!RULE_ID.test(issue.rule)) throw new Error(`bad rule id ${JSON.stringify(issue.rule)}`);
    if (issue.message.trim() === '') throw new Error(`empty message for ${issue.rule}`);
    if (issue.path === '' && issue.rule !== 'schema.type') throw new Error(`empty path for ${issue.rule}`);
  }
  return result.issues;
}

function expectIssueAt(issues: ValidationIssue[], path: Path, rules?: readonly string[]): void {
  const text = formatPath(path);
  const found = issues.some((issue) => issue.path === text && (rules === undefined || rules.includes(issue.rule)));
  if (!found) throw new Error(`no ${rules?.join('/') ?? 'issue'} at ${text}: ${JSON.stringify(issues)}`);
}

// ---- Generators ------------------------------------------------------------------------------------------------

const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', 'null', '0', '1.2.3.4/', '/30', '::/', 'GatewaySubnet', '10.0.0.0/8 ', ' 10.0.0.0/8'),
);
const octet = fc.integer({ min: 0, max: 255 });
const looseOctet = fc.integer({ min: 0, max: 999 });

const malformedCidr = fc.oneof(
  anyText.filter((text) => !ipaddr.isValidCIDR(text)),
  fc
    .tuple(looseOctet, looseOctet, looseOctet, looseOctet, fc.integer({ min: 0, max: 64 }))
    .map(([a, b, c, d, length]) => `${a}.${b}.${c}.${d}/${length}`)
    .filter((text) => !ipaddr.IPv4.isValidCIDR(text)),
  // well-formed, but with host bits set
  fc
    .tuple(octet, octet, octet, octet, fc.integer({ min: 0, max: 31 }))
    .map(([a, b, c, d, length]) => `${a}.${b}.${c}.${d}/${length}`)
    .filter((text) => ipaddr.IPv4.networkAddressFromCIDR(text).toString() !== text.split('/')[0]),
);
const malformedGuid = fc.oneof(
  anyText.filter((text) => !GUID.test(text)),
  fc
    .tuple(fc.uuid(), fc.integer({ min: 0, max: 35 }))
    .map(([uuid, at]) => `${uuid.slice(0, at)}x${uuid.slice(at + 1)}`),
  fc.uuid().map((uuid) => `{${uuid}}`),
);
const foreignVnetId = fc
  .uuid()
  .map(
    (subscription) =>
      `/subscriptions/${subscription}/resourceGroups/rg-x/providers/Microsoft.Network/virtualNetworks/vnet-x`,
  );
const foreignGatewayId = fc
  .uuid()
  .map(
    (subscription) =>
      `/subscriptions/${subscription}/resourceGroups/rg-x/providers/Microsoft.Network/virtualNetworkGateways/gw-x`,
  );
const malformedIp = fc.oneof(
  anyText.filter((text) => !ipaddr.isValid(text)),
  fc
    .tuple(looseOctet, looseOctet, looseOctet, looseOctet)
    .map((parts) => parts.join('.'))
    .filter((text) => !ipaddr.isValid(text)),
);
const malformedCommunity = fc.oneof(
  anyText.filter((text) => !/^12076:\d{1,5}$/.test(text)),
  fc.integer({ min: 65536, max: 99999 }).map((value) => `12076:${value}`),
  fc
    .tuple(
      fc.integer({ min: 1, max: 65535 }).filter((asn) => asn !== 12076),
      fc.integer({ min: 0, max: 65535 }),
    )
    .map(([asn, value]) => `${asn}:${value}`),
);

function stringTargets(patterns: readonly string[], values: fc.Arbitrary<string>) {
  return fc.tuple(fc.constantFrom(...pathsMatching(patterns)), values);
}

/** A value of any JSON-ish kind other than the original's. */
function wrongKindFor(original: unknown): fc.Arbitrary<unknown> {
  return fc
    .oneof(
      fc.string({ maxLength: 10 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
    )
    .filter((value) => kindOf(value) !== kindOf(original));
}

const nonInteger = fc.oneof(
  fc.double().filter((n) => !Number.isInteger(n)),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, 1e-9),
);
const outsideVlan = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 4095 }));
const badPeerAsn = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 4_294_967_296, max: Number.MAX_SAFE_INTEGER }),
  fc.constantFrom(12076, 65515, 65516, 65517, 65518, 65519, 65520),
);
const nonPublicAsn = fc.oneof(
  fc.integer({ min: 64512, max: 65534 }),
  fc.integer({ min: 4_200_000_000, max: 4_294_967_294 }),
  fc.integer({ min: 64496, max: 64511 }),
  fc.constantFrom(0, 12076, 23456, 65535, 4_294_967_295),
  fc.integer({ min: 4_294_967_296, max: Number.MAX_SAFE_INTEGER }),
);

/** Numeric fields, each with values outside what the rules allow. Paths not in the fixture are added. */
const NUMERIC_TARGETS: { path: Path; values: fc.Arbitrary<number> }[] = [
  ...pathsMatching(['circuits.bandwidthMbps']).map((path) => ({
    path,
    values: fc.integer().filter((n) => !(BANDWIDTH_LADDER_MBPS as readonly number[]).includes(n)),
  })),
  ...pathsMatching(['circuits.privatePeering.legs.*.vlanId', 'circuits.microsoftPeering.legs.*.vlanId']).map(
    (path) => ({
      path,
      values: outsideVlan,
    }),
  ),
  ...pathsMatching(['circuits.privatePeering.peerAsn', 'circuits.microsoftPeering.peerAsn']).map((path) => ({
    path,
    values: badPeerAsn,
  })),
  ...pathsMatching(['vnetLinks.*.routingWeight']).map((path) => ({
    path,
    values: fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 32001 })),
  })),
  ...pathsMatching(['networkSecurityGroups.*.rules.*.priority']).map((path) => ({
    path,
    values: fc.oneof(fc.integer({ max: 99 }), fc.integer({ min: 4097 })),
  })),
  { path: ['circuits', 'microsoftPeering', 'customerAsn'], values: nonPublicAsn },
  // neither fixture gateway is ErGwScale, so any scale unit count is refused
  { path: ['vnetLinks', 0, 'gateway', 'scaleUnits'], values: fc.integer() },
  { path: ['vnetLinks', 1, 'gateway', 'scaleUnits'], values: fc.integer() },
];

const model = fc.boolean();

// ---- Properties ------------------------------------------------------------------------------------------------

describe('validateCustomerSpec on malformed payloads (property-based)', () => {
  it('accepts both unmutated fixtures (so every rejection below is caused by the mutation)', () => {
    expect(validate(freshSpec(false)).ok).toBe(true);
    expect(validate(freshSpec(true)).ok).toBe(true);
    for (const patterns of [CIDR_PATTERNS, GUID_PATTERNS, ARM_ID_PATTERNS, IP_PATTERNS, COMMUNITY_PATTERNS]) {
      expect(pathsMatching(patterns).length).toBeGreaterThanOrEqual(patterns.length);
    }
  });

  it('the optional-field list is right: leaving any of them out keeps the spec valid', () => {
    for (const path of ALL_PATHS.filter((p) => OPTIONAL_PATTERNS.includes(pattern(p)))) {
      const spec = freshSpec(false);
      deleteAt(spec, path);
      // Without vnetLinks the route tables and NSGs point at unlinked VNets: drop them too.
      if (pattern(path) === 'vnetLinks') {
        deleteAt(spec, ['routeTables']);
        deleteAt(spec, ['networkSecurityGroups']);
      }
      const result = validate(spec);
      expect([formatPath(path), result.ok ? [] : result.issues]).toEqual([formatPath(path), []]);
    }
  });

  it('rejects a value of the wrong type anywhere (2,000 payloads)', () => {
    const target = fc
      .constantFrom(...ALL_PATHS)
      .chain((path) => fc.tuple(fc.constant(path), wrongKindFor(getAt(freshSpec(false), path))));
    fc.assert(
      fc.property(model, target, (connectTo, [path, value]) => {
        const spec = freshSpec(connectTo);
        setAt(spec, path, value);
        expectIssueAt(expectWellFormedRejection(validate(spec)), path);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects out-of-range and non-integer numbers (1,500 payloads)', () => {
    const target = fc
      .nat({ max: NUMERIC_TARGETS.length - 1 })
      .chain((index) =>
        fc.tuple(fc.constant(NUMERIC_TARGETS[index]!.path), fc.oneof(NUMERIC_TARGETS[index]!.values, nonInteger)),
      );
    fc.assert(
      fc.property(model, target, (connectTo, [path, value]) => {
        const spec = freshSpec(connectTo);
        setAt(spec, path, value);
        expectIssueAt(expectWellFormedRejection(validate(spec)), path);
      }),
      { numRuns: 1500 },
    );
  });

  it('rejects random strings in CIDR, GUID, ARM id, IP and community fields (2,500 payloads)', () => {
    const target = fc.oneof(
      { weight: 4, arbitrary: stringTargets(CIDR_PATTERNS, malformedCidr) },
      { weight: 2, arbitrary: stringTargets(GUID_PATTERNS, malformedGuid) },
      { weight: 2, arbitrary: stringTargets(ARM_ID_PATTERNS, fc.oneof(anyText, foreignVnetId)) },
      { weight: 1, arbitrary: stringTargets(['vnetLinks.*.gateway.id'], foreignGatewayId) },
      { weight: 1, arbitrary: stringTargets(IP_PATTERNS, malformedIp) },
      { weight: 1, arbitrary: stringTargets(COMMUNITY_PATTERNS, malformedCommunity) },
    );
    fc.assert(
      fc.property(model, target, (connectTo, [path, value]) => {
        const spec = freshSpec(connectTo);
        setAt(spec, path, value);
        expectIssueAt(expectWellFormedRejection(validate(spec)), path);
      }),
      { numRuns: 2500 },
    );
  });

  it('rejects a payload missing any required field (1,000 payloads)', () => {
    fc.assert(
      fc.property(model, fc.constantFrom(...REQUIRED_PATHS), (connectTo, path) => {
        const spec = freshSpec(connectTo);
        deleteAt(spec, path);
        // a VirtualAppliance route without its next hop is refused by the route rule rather than the schema
        expectIssueAt(expectWellFormedRejection(validate(spec)), path, ['schema.required', 'route.next-hop-ip']);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects an unknown field on any object (1,000 payloads)', () => {
    const target = fc.constantFrom(...OBJECT_PATHS).chain((path) => {
      const existing = Object.keys(getAt(freshSpec(false), path) as Record<string, unknown>);
      const key = fc.string({ minLength: 0, maxLength: 12 }).filter((k) => !existing.includes(k) && k !== '__proto__');
      return fc.tuple(fc.constant(path), key, fc.jsonValue({ maxDepth: 2 }));
    });
    fc.assert(
      fc.property(model, target, (connectTo, [path, key, value]) => {
        const spec = freshSpec(connectTo);
        setAt(spec, [...path, key], value);
        // Inside a secret reference the unknown key is not repeated: the issue names the reference itself.
        const at = path.includes('md5Key') ? path : [...path, key];
        expectIssueAt(expectWellFormedRejection(validate(spec)), at, ['schema.unknown-field']);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects overlapping peering prefixes and VNet ranges (1,000 payloads)', () => {
    const peeringPaths = pathsMatching(PEERING_PREFIX_PATTERNS);
    const privatePaths = pathsMatching(PRIVATE_PREFIX_PATTERNS);
    const addressSpacePaths = pathsMatching(['vnetLinks.*.addressSpace.*']);
    type Overlap = { apply: (spec: unknown) => void; rules: string[] };

    const copiedPrefix: fc.Arbitrary<Overlap> = fc
      .tuple(fc.constantFrom(...peeringPaths), fc.constantFrom(...peeringPaths))
      .filter(([from, to]) => formatPath(from) !== formatPath(to))
      .map(([from, to]) => ({
        apply: (spec) => {
          setAt(spec, to, getAt(spec, from));
        },
        rules: ['prefix.overlap'],
      }));
    const vnetCoversPeering: fc.Arbitrary<Overlap> = fc
      .tuple(fc.constantFrom(...privatePaths), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...addressSpacePaths))
      .map(([peeringPath, length, spacePath]) => ({
        apply: (spec) => {
          const [network] = String(getAt(spec, peeringPath)).split('/');
          const block = ipaddr.IPv4.networkAddressFromCIDR(`${network}/${length}`).toString();
          setAt(spec, spacePath, `${block}/${length}`);
        },
        rules: ['prefix.vnet-overlap'],
      }));
    const peeringInsideVnet: fc.Arbitrary<Overlap> = fc
      .tuple(fc.constantFrom(...privatePaths), fc.constantFrom(10, 20, 21), octet, fc.integer({ min: 0, max: 63 }))
      .map(([peeringPath, second, third, quad]) => ({
        apply: (spec) => {
          setAt(spec, peeringPath, `10.${second}.${third}.${quad * 4}/30`);
        },
        rules: ['prefix.vnet-overlap'],
      }));
    const vnetsOverlap: fc.Arbitrary<Overlap> = fc
      .tuple(octet, fc.integer({ min: 8, max: 28 }))
      .map(([third, length]) => ({
        apply: (spec) => {
          const block = ipaddr.IPv4.networkAddressFromCIDR(`10.20.${third}.0/${length}`).toString();
          (getAt(spec, ['vnetLinks', 0, 'addressSpace']) as string[]).push(`${block}/${length}`);
        },
        rules: ['address-space.overlap'],
      }));

    fc.assert(
      fc.property(
        model,
        fc.oneof(copiedPrefix, vnetCoversPeering, peeringInsideVnet, vnetsOverlap),
        (connectTo, overlap) => {
          const spec = freshSpec(connectTo);
          overlap.apply(spec);
          const issues = expectWellFormedRejection(validate(spec));
          expect(issues.some((issue) => overlap.rules.includes(issue.rule))).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('rejects collisions with ExpressRoute rules: locations, VLANs, ASNs, GatewaySubnet, priorities (1,000 payloads)', () => {
    type Collision = { apply: (spec: Record<string, unknown>) => void; rule: string };
    const recase = (text: string) =>
      fc
        .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
        .map((upper) =>
          text.replace(/[a-z]/gi, (letter: string, at: number) =>
            upper[at] ? letter.toUpperCase() : letter.toLowerCase(),
          ),
        );
    const padding = fc.constantFrom('', ' ', '  ', '\t');
    const gatewaySubnet = recase('GatewaySubnet');
    const at = (spec: unknown, path: Path) => getAt(spec, path) as Record<string, unknown> & unknown[];

    const collisions: fc.Arbitrary<Collision>[] = [
      fc.tuple(recase('Amsterdam'), padding, padding).map(([name, before, after]) => ({
        apply: (spec) => {
          at(spec, ['circuits', 'peeringLocations'])[1] = `${before}${name}${after}`;
        },
        rule: 'peering-location.distinct',
      })),
      recase('vnet-contoso-hub-weu').map((name) => ({
        apply: (spec) => {
          const links = at(spec, ['vnetLinks']);
          const hub = links[0] as { vnetId: string };
          links.push({ ...hub, vnetId: hub.vnetId.replace('vnet-contoso-hub-weu', name) });
        },
        rule: 'vnet.duplicate',
      })),
      fc
        .tuple(
          fc.constantFrom('privatePeering', 'microsoftPeering'),
          fc.constantFrom(12076, 65515, 65516, 65517, 65518, 65519, 65520),
        )
        .map(([peering, asn]) => ({
          apply: (spec) => {
            at(spec, ['circuits', peering]).peerAsn = asn;
          },
          rule: 'asn.reserved',
        })),
      fc.tuple(fc.constantFrom(0, 1), gatewaySubnet).map(([nsg, name]) => ({
        apply: (spec) => {
          at(spec, ['networkSecurityGroups', nsg, 'subnets']).push(name);
        },
        rule: 'gateway-subnet.no-nsg',
      })),
      fc.tuple(fc.constantFrom(0, 1), gatewaySubnet).map(([table, name]) => ({
        apply: (spec) => {
          at(spec, ['routeTables', table, 'subnets']).push(name);
          at(spec, ['routeTables', table]).forcedTunnelNextHop = '10.10.1.4';
        },
        rule: 'gateway-subnet.no-default-route',
      })),
      fc.constantFrom(0, 1).map((leg) => ({
        apply: (spec) => {
          const privateVlan = at(spec, ['circuits', 'privatePeering', 'legs', leg]).vlanId;
          at(spec, ['circuits', 'microsoftPeering', 'legs', leg]).vlanId = privateVlan;
        },
        rule: 'vlan.unique-per-circuit',
      })),
      fc
        .tuple(fc.constantFrom(0, 1), fc.constantFrom(...Object.values(BASELINE_SECURITY_RULES)))
        .map(([nsg, baseline]) => ({
          apply: (spec) => {
            const rule = at(spec, ['networkSecurityGroups', nsg, 'rules', 0]);
            rule.priority = baseline.priority;
            rule.direction = baseline.direction;
          },
          rule: 'nsg.priority-unique',
        })),
      fc.constant({
        apply: (spec) => {
          at(spec, ['vnetLinks', 0]).fastPath = true;
        },
        rule: 'gateway.fast-path',
      }),
      fc.uuid().map((subscription) => ({
        apply: (spec) => {
          at(spec, ['circuits']).subscriptionId = subscription;
        },
        rule: 'subscription.allow-list',
      })),
      fc.tuple(fc.constantFrom(0, 1), fc.nat({ max: 1 })).map(([table, route]) => ({
        apply: (spec) => {
          const routes = at(spec, ['routeTables', table, 'routes']);
          const chosen = routes[Math.min(route, routes.length - 1)] as Record<string, unknown>;
          chosen.nextHopType = 'VirtualNetworkGateway';
          delete chosen.nextHopIpAddress;
        },
        rule: 'route.no-er-gateway-next-hop',
      })),
      recase('kms-activation').map((name) => ({
        apply: (spec) => {
          at(spec, ['routeTables', 0, 'routes', 1]).name = name;
        },
        rule: 'route.name-unique',
      })),
    ];

    fc.assert(
      fc.property(model, fc.oneof(...collisions), (connectTo, collision) => {
        const spec = freshSpec(connectTo);
        collision.apply(spec);
        const issues = expectWellFormedRejection(validate(spec));
        if (!issues.some((issue) => issue.rule === collision.rule)) {
          throw new Error(`expected ${collision.rule}, got ${JSON.stringify(issues)}`);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects arbitrary values at the root and never throws (1,000 payloads)', () => {
    const arbitraryRoot = fc.oneof(
      fc.anything({
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withNullPrototype: true,
        withSet: true,
        withSparseArray: true,
        withTypedArray: true,
      }),
      fc.jsonValue(),
      fc.record({ customer: fc.anything(), circuits: fc.anything(), vnetLinks: fc.anything() }, { requiredKeys: [] }),
    );
    fc.assert(
      fc.property(arbitraryRoot, (input) => {
        expectWellFormedRejection(validate(input));
      }),
      { numRuns: 1000 },
    );
  });
});
