/**
 * Validation of a customer spec: first its shape (the zod schema in spec.ts), then every ExpressRoute rule that
 * relates several fields. All broken rules are reported together, each naming the field path and a stable rule id.
 * Pure: no I/O, no Azure SDKs.
 */
import type { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors';
import {
  formatCidr,
  isIpv4,
  isPublicIPv4Block,
  overlaps,
  parseCidr,
  parseIpAddress,
  sameCidr,
  type Cidr,
} from './cidr';
import {
  BANDWIDTH_LADDER_MBPS,
  BASELINE_SECURITY_RULES,
  ERGWSCALE_UNITS,
  MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET,
  NSG_PRIORITY,
  PEERING_PREFIX_LENGTH,
  ROUTING_WEIGHT,
  VLAN_MAX,
  VLAN_MIN,
  activeBaselineSecurityRules,
  classifyAsn,
  gatewayMaxCircuitConnections,
  gatewaySupportsFastPath,
  isBaselineSecurityRuleName,
  isGatewaySubnet,
  isLadderBandwidth,
  isMicrosoftCommunity,
  normalizePeeringLocation,
  sameId,
  subscriptionOfArmId,
  vnetLinksPerCircuit,
} from './rules';
import {
  CustomerSpecSchema,
  type CspContext,
  type CustomerSpec,
  type MicrosoftPeering,
  type NsgSpec,
  type PrivatePeering,
  type RouteTableSpec,
  type VnetLink,
} from './spec';

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** What already exists around a request, for the limits that only bite together with it. */
export interface ExistingUsage {
  /** Circuits already linked to each VNet (keyed by VNet ARM id), counted per peering location. */
  readonly existingCircuitsPerVnetLocation?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** Validates an untrusted customer spec: its shape, then every ExpressRoute rule. Never throws. */
export function validateCustomerSpec(
  input: unknown,
  context: CspContext,
  usage: ExistingUsage = {},
): Validated<CustomerSpec> {
  const shape = validateWithSchema(CustomerSpecSchema, input);
  if (!shape.ok) return shape;
  const issues = expressRouteIssues(shape.value, context, usage);
  return issues.length === 0 ? shape : { ok: false, issues };
}

/** Returns the value, or throws a ValidationError listing every issue. */
export function assertValid<T>(result: Validated<T>): T {
  if (!result.ok) throw new ValidationError(result.issues);
  return result.value;
}

// ---- Shape (zod) -------------------------------------------------------------------------------------------------

/** Parses `input` with any zod schema and reports problems as ValidationIssues with readable messages. */
export function validateWithSchema<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  const parsed = schema.safeParse(input, { error: readableZodMessage });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: validationIssuesFromZod(parsed.error, input) };
}

/**
 * Turns zod issues into ValidationIssues: a dotted/bracketed path, a `schema.*` rule id and a message. Pass the parsed
 * `input` too, so that a missing field is told apart from a wrong type (`schema.required` vs `schema.type`).
 */
export function validationIssuesFromZod(error: z.core.$ZodError, input?: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: formatPath([...issue.path, key]),
          rule: 'schema.unknown-field',
          message: 'is not a field of this object (check the spelling: unknown fields are rejected)',
        });
      }
      continue;
    }
    const missing = issue.path.length > 0 && isMissing(issue, input);
    issues.push({
      path: formatPath(issue.path),
      rule: missing ? 'schema.required' : schemaRule(issue.code),
      message: missing ? 'is required' : issue.message,
    });
  }
  return issues;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['circuits', 'privatePeering', 'legs', 0, 'vlanId']` → `circuits.privatePeering.legs[0].vlanId`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function schemaRule(code: z.core.$ZodIssue['code']): string {
  switch (code) {
    case 'invalid_type':
      return 'schema.type';
    case 'invalid_value':
      return 'schema.enum';
    case 'invalid_format':
      return 'schema.format';
    case 'too_small':
      return 'schema.too-small';
    case 'too_big':
      return 'schema.too-big';
    case 'invalid_union':
      return 'schema.union';
    default:
      return 'schema.invalid';
  }
}

function isMissing(issue: z.core.$ZodIssue, input: unknown): boolean {
  if (input === undefined) return 'input' in issue && issue.input === undefined;
  let value: unknown = input;
  for (const segment of issue.path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return true;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value === undefined;
}

/** Messages for zod's generic issues; a message written in the schema itself always wins over these. */
const readableZodMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${describeExpectedType(issue.expected)}, not ${describeValue(issue.input)}`;
    case 'too_small':
      return boundMessage('at least', issue.origin, issue.minimum, issue.exact);
    case 'too_big':
      return boundMessage('at most', issue.origin, issue.maximum, issue.exact);
    case 'invalid_value':
      return issue.input === undefined
        ? 'is required'
        : `must be one of ${issue.values.map(describeLiteral).join(', ')}`;
    default:
      return undefined;
  }
};

function describeExpectedType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    case 'array':
    case 'tuple':
      return 'a list';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${quote(value)}`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return `a value of type ${typeof value}`;
  }
}

/** Untrusted text for a message: quoted, escaped and cut short. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function describeLiteral(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function boundMessage(bound: 'at least' | 'at most', origin: string, limit: number | bigint, exact?: boolean): string {
  const quantity = exact === true ? 'exactly' : bound;
  const plural = limit === 1 || limit === 1n ? '' : 's';
  switch (origin) {
    case 'array':
    case 'set':
      return `must have ${quantity} ${limit} item${plural}`;
    case 'string':
      return `must be ${quantity} ${limit} character${plural} long`;
    default:
      return `must be ${quantity} ${limit}`;
  }
}

// ---- ExpressRoute rules ------------------------------------------------------------------------------------------

type Report = (path: string, rule: string, message: string) => void;

/** Every ExpressRoute rule over a spec whose shape is already valid. Empty when the spec is acceptable. */
export function expressRouteIssues(
  spec: CustomerSpec,
  context: CspContext,
  usage: ExistingUsage = {},
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const report: Report = (path, rule, message) => {
    issues.push({ path, rule, message });
  };
  checkCircuitPair(spec, context, report);
  checkPeeringPrefixes(spec, report);
  checkPeeringVlansAndAsns(spec, report);
  if (spec.circuits.microsoftPeering) checkMicrosoftPeeringConfig(spec.circuits.microsoftPeering, report);
  checkVnetLinks(spec, usage, report);
  checkRouteTables(spec, report);
  checkNetworkSecurityGroups(spec, report);
  return issues;
}

const LEG_NAMES = ['leg A', 'leg B'] as const;
const PEERING_PREFIX_FIELDS = ['primaryPeerAddressPrefix', 'secondaryPeerAddressPrefix'] as const;

function checkCircuitPair(spec: CustomerSpec, context: CspContext, report: Report): void {
  const { circuits, customer } = spec;

  if (!isLadderBandwidth(circuits.bandwidthMbps)) {
    report(
      'circuits.bandwidthMbps',
      'bandwidth.ladder',
      `${circuits.bandwidthMbps} Mbps is not an ExpressRoute bandwidth; use one of ${BANDWIDTH_LADDER_MBPS.join(', ')} Mbps`,
    );
  }

  const [locationA, locationB] = circuits.peeringLocations;
  if (normalizePeeringLocation(locationA) === normalizePeeringLocation(locationB)) {
    report(
      'circuits.peeringLocations[1]',
      'peering-location.distinct',
      `must differ from leg A's peering location "${locationA}": the two circuits of a pair sit at different peering ` +
        'locations so that one facility outage leaves one circuit up',
    );
  }

  if (circuits.sku.tier === 'Local' && circuits.sku.family !== 'UnlimitedData') {
    report(
      'circuits.sku.family',
      'sku.local-unlimited-data',
      'must be UnlimitedData for a Local circuit (Local includes egress, so it only comes as unlimited data)',
    );
  }

  customer.subscriptions.forEach((subscriptionId, index) => {
    if (context.cspSubscriptionIds.some((id) => sameId(id, subscriptionId))) {
      report(
        `customer.subscriptions[${index}]`,
        'subscription.not-csp',
        `${subscriptionId} is one of the CSP's own subscriptions: a customer's allow-list names only subscriptions ` +
          "in the customer's tenant",
      );
    }
  });

  if (customer.model === 'connect-through') {
    if (!context.cspSubscriptionIds.some((id) => sameId(id, circuits.subscriptionId))) {
      report(
        'circuits.subscriptionId',
        'subscription.allow-list',
        `${circuits.subscriptionId} is not one of the CSP's subscriptions: in the connect-through model the CSP ` +
          'owns the circuits',
      );
    }
  } else if (!isCustomerSubscription(spec, circuits.subscriptionId)) {
    report(
      'circuits.subscriptionId',
      'subscription.allow-list',
      `${circuits.subscriptionId} is not in customer.subscriptions: in the connect-to model the circuits live in one ` +
        "of the customer's own subscriptions",
    );
  }
}

function isCustomerSubscription(spec: CustomerSpec, subscriptionId: string | undefined): boolean {
  return subscriptionId !== undefined && spec.customer.subscriptions.some((id) => sameId(id, subscriptionId));
}

function checkArmIdSubscription(spec: CustomerSpec, armId: string, path: string, report: Report): void {
  const subscriptionId = subscriptionOfArmId(armId);
  if (!isCustomerSubscription(spec, subscriptionId)) {
    report(
      path,
      'subscription.allow-list',
      `is in subscription ${subscriptionId ?? '(none)'}, which is not in customer.subscriptions`,
    );
  }
}

/** Parses a CIDR field, reporting `cidr.invalid` or `cidr.not-network-aligned`; undefined when it is unusable. */
function parseCidrField(text: string, path: string, example: string, report: Report): Cidr | undefined {
  const parsed = parseCidr(text);
  if (parsed.ok) return parsed.cidr;
  if (parsed.problem === 'host-bits-set') {
    report(path, 'cidr.not-network-aligned', `${text} has host bits set; did you mean ${parsed.networkCidr}?`);
  } else {
    report(path, 'cidr.invalid', `${quote(text)} is not a CIDR block such as ${example}`);
  }
  return undefined;
}

interface PeeringPrefix {
  readonly path: string;
  readonly text: string;
  readonly cidr: Cidr;
  readonly peering: 'privatePeering' | 'microsoftPeering';
}

function checkPeeringPrefixes(spec: CustomerSpec, report: Report): void {
  const peerings: ['privatePeering' | 'microsoftPeering', PrivatePeering | MicrosoftPeering | undefined][] = [
    ['privatePeering', spec.circuits.privatePeering],
    ['microsoftPeering', spec.circuits.microsoftPeering],
  ];
  const prefixes: PeeringPrefix[] = [];
  for (const [peeringKey, peering] of peerings) {
    if (!peering) continue;
    const example = peeringKey === 'privatePeering' ? '192.168.100.0/30' : '203.0.113.0/30';
    peering.legs.forEach((leg, legIndex) => {
      for (const field of PEERING_PREFIX_FIELDS) {
        const path = `circuits.${peeringKey}.legs[${legIndex}].${field}`;
        const text = leg[field];
        const cidr = parseCidrField(text, path, example, report);
        if (!cidr) continue;
        if (!isIpv4(cidr) || cidr.prefixLength !== PEERING_PREFIX_LENGTH) {
          report(path, 'prefix.slash30', `${text} must be an IPv4 /30: each link of a peering takes exactly one /30`);
        }
        if (peeringKey === 'microsoftPeering' && !isPublicIPv4Block(cidr)) {
          report(
            path,
            'ms-peering.public-prefix',
            `${text} is not public: Microsoft peering needs public IPv4 addresses you own`,
          );
        }
        prefixes.push({ path, text, cidr, peering: peeringKey });
      }
    });
  }

  prefixes.forEach((prefix, index) => {
    const earlier = prefixes.slice(0, index).find((other) => overlaps(prefix.cidr, other.cidr));
    if (earlier) {
      const relation = sameCidr(prefix.cidr, earlier.cidr) ? 'is the same block as' : 'overlaps';
      report(
        prefix.path,
        'prefix.overlap',
        `${prefix.text} ${relation} ${earlier.text} (${earlier.path}): every peering /30 of the pair must be distinct`,
      );
    }
  });

  const vnetRanges = spec.vnetLinks.flatMap((link) =>
    link.addressSpace.flatMap((text) => {
      const parsed = parseCidr(text);
      return parsed.ok ? [{ text, cidr: parsed.cidr, vnetId: link.vnetId }] : [];
    }),
  );
  for (const prefix of prefixes.filter((p) => p.peering === 'privatePeering')) {
    for (const range of vnetRanges.filter((r) => overlaps(prefix.cidr, r.cidr))) {
      report(
        prefix.path,
        'prefix.vnet-overlap',
        `${prefix.text} overlaps ${range.text} of VNet ${resourceName(range.vnetId)}: peering addresses must not ` +
          'overlap any linked VNet',
      );
    }
  }
}

function checkPeeringVlansAndAsns(spec: CustomerSpec, report: Report): void {
  const { privatePeering, microsoftPeering } = spec.circuits;
  const peerings: ['privatePeering' | 'microsoftPeering', PrivatePeering | MicrosoftPeering | undefined][] = [
    ['privatePeering', privatePeering],
    ['microsoftPeering', microsoftPeering],
  ];
  for (const [peeringKey, peering] of peerings) {
    if (!peering) continue;
    checkPeerAsn(peering.peerAsn, `circuits.${peeringKey}.peerAsn`, report);
    peering.legs.forEach((leg, legIndex) => {
      if (leg.vlanId < VLAN_MIN || leg.vlanId > VLAN_MAX) {
        report(
          `circuits.${peeringKey}.legs[${legIndex}].vlanId`,
          'vlan.range',
          `VLAN ${leg.vlanId} is out of range: use ${VLAN_MIN}-${VLAN_MAX}`,
        );
      }
    });
  }
  microsoftPeering?.legs.forEach((leg, legIndex) => {
    if (leg.vlanId === privatePeering.legs[legIndex]?.vlanId) {
      report(
        `circuits.microsoftPeering.legs[${legIndex}].vlanId`,
        'vlan.unique-per-circuit',
        `VLAN ${leg.vlanId} is already used by the private peering on the same circuit (${LEG_NAMES[legIndex] ?? ''}); ` +
          'each peering of a circuit needs its own VLAN',
      );
    }
  });
}

function checkPeerAsn(asn: number, path: string, report: Report): void {
  const kind = classifyAsn(asn);
  if (kind === 'out-of-range') report(path, 'asn.range', `ASN ${asn} is out of range: use 1-4294967295`);
  if (kind === 'microsoft') {
    report(path, 'asn.reserved', `ASN ${asn} is reserved by Microsoft (12076 and 65515-65520 cannot be used)`);
  }
}

function checkMicrosoftPeeringConfig(peering: MicrosoftPeering, report: Report): void {
  if (peering.customerAsn !== undefined) {
    const path = 'circuits.microsoftPeering.customerAsn';
    const kind = classifyAsn(peering.customerAsn);
    if (kind === 'out-of-range' || kind === 'microsoft') checkPeerAsn(peering.customerAsn, path, report);
    else if (kind !== 'public') {
      report(
        path,
        'asn.customer-public',
        `ASN ${peering.customerAsn} is a ${kind} ASN: customerAsn, when set, must be the public ASN the prefixes ` +
          'are registered to',
      );
    }
  }

  peering.advertisedPublicPrefixes.forEach((text, index) => {
    const path = `circuits.microsoftPeering.advertisedPublicPrefixes[${index}]`;
    const cidr = parseCidrField(text, path, '203.0.113.128/27', report);
    if (cidr && !isPublicIPv4Block(cidr)) {
      report(
        path,
        'ms-peering.public-prefix',
        `${text} is not a public IPv4 block: Microsoft peering only accepts public prefixes you own`,
      );
    }
  });

  peering.routeFilterCommunities.forEach((community, index) => {
    if (!isMicrosoftCommunity(community)) {
      report(
        `circuits.microsoftPeering.routeFilterCommunities[${index}]`,
        'ms-peering.community',
        `${quote(community)} is not a Microsoft BGP community such as 12076:5010 (the route filter only ` +
          "honours Microsoft's own communities)",
      );
    }
  });
}

function resourceName(armId: string): string {
  return armId.slice(armId.lastIndexOf('/') + 1);
}

function checkVnetLinks(spec: CustomerSpec, usage: ExistingUsage, report: Report): void {
  const { circuits, vnetLinks } = spec;

  if (isLadderBandwidth(circuits.bandwidthMbps)) {
    const limit = vnetLinksPerCircuit(circuits.sku.tier, circuits.bandwidthMbps);
    if (vnetLinks.length > limit) {
      report(
        'vnetLinks',
        'limit.vnet-links-per-circuit',
        `${vnetLinks.length} VNets would be linked, but a ${circuits.sku.tier} circuit at ${circuits.bandwidthMbps} ` +
          `Mbps takes at most ${limit} VNet links`,
      );
    }
  }

  const addressSpaces: { path: string; text: string; cidr: Cidr; vnetId: string }[] = [];
  vnetLinks.forEach((link, index) => {
    const path = `vnetLinks[${index}]`;
    if (vnetLinks.slice(0, index).some((other) => sameId(other.vnetId, link.vnetId))) {
      report(`${path}.vnetId`, 'vnet.duplicate', `VNet ${resourceName(link.vnetId)} is listed more than once`);
      return;
    }
    checkArmIdSubscription(spec, link.vnetId, `${path}.vnetId`, report);
    link.addressSpace.forEach((text, spaceIndex) => {
      const spacePath = `${path}.addressSpace[${spaceIndex}]`;
      const cidr = parseCidrField(text, spacePath, '10.10.0.0/16', report);
      if (cidr) addressSpaces.push({ path: spacePath, text, cidr, vnetId: link.vnetId });
    });
    checkGateway(spec, link, path, report);
    checkCircuitsPerGatewayAndLocation(spec, link, path, usage, report);
    if (link.routingWeight < ROUTING_WEIGHT.min || link.routingWeight > ROUTING_WEIGHT.max) {
      report(
        `${path}.routingWeight`,
        'routing-weight.range',
        `${link.routingWeight} is out of range: use ${ROUTING_WEIGHT.min}-${ROUTING_WEIGHT.max}`,
      );
    }
  });

  addressSpaces.forEach((space, index) => {
    const earlier = addressSpaces.slice(0, index).find((other) => overlaps(space.cidr, other.cidr));
    if (earlier) {
      report(
        space.path,
        'address-space.overlap',
        `${space.text} overlaps ${earlier.text} of VNet ${resourceName(earlier.vnetId)}: VNets on the same circuits ` +
          'share one routing domain, so their address spaces must be distinct',
      );
    }
  });
}

function checkGateway(spec: CustomerSpec, link: VnetLink, path: string, report: Report): void {
  const { gateway } = link;
  if (gateway.id !== undefined) {
    checkArmIdSubscription(spec, gateway.id, `${path}.gateway.id`, report);
    const gatewaySubscription = subscriptionOfArmId(gateway.id) ?? '';
    if (!sameId(gatewaySubscription, subscriptionOfArmId(link.vnetId) ?? '')) {
      report(
        `${path}.gateway.id`,
        'gateway.same-subscription',
        `gateway ${resourceName(gateway.id)} must be in the same subscription as VNet ${resourceName(link.vnetId)}`,
      );
    }
  }

  if (gateway.sku === 'ErGwScale') {
    if (gateway.scaleUnits === undefined) {
      report(
        `${path}.gateway.scaleUnits`,
        'gateway.scale-units',
        `is required for an ErGwScale gateway: ${ERGWSCALE_UNITS.min}-${ERGWSCALE_UNITS.max} scale units`,
      );
    } else if (gateway.scaleUnits < ERGWSCALE_UNITS.min || gateway.scaleUnits > ERGWSCALE_UNITS.max) {
      report(
        `${path}.gateway.scaleUnits`,
        'gateway.scale-units',
        `${gateway.scaleUnits} is out of range: ErGwScale takes ${ERGWSCALE_UNITS.min}-${ERGWSCALE_UNITS.max} units`,
      );
    }
  } else if (gateway.scaleUnits !== undefined) {
    report(
      `${path}.gateway.scaleUnits`,
      'gateway.scale-units',
      `applies only to ErGwScale gateways; leave it out for ${gateway.sku}`,
    );
  }

  if (link.fastPath && !gatewaySupportsFastPath(gateway.sku, gateway.scaleUnits)) {
    report(
      `${path}.fastPath`,
      'gateway.fast-path',
      `FastPath needs an UltraPerformance or ErGw3AZ gateway, or ErGwScale with at least 10 scale units; this ` +
        `VNet's gateway is ${gatewayDescription(gateway)}`,
    );
  }
}

function gatewayDescription(gateway: VnetLink['gateway']): string {
  return gateway.scaleUnits === undefined ? gateway.sku : `${gateway.sku} with ${gateway.scaleUnits} scale units`;
}

/** Circuits already linked to one VNet, per normalized peering location. */
function existingCircuitsByLocation(usage: ExistingUsage, vnetId: string): Map<string, number> {
  const byLocation = new Map<string, number>();
  for (const [id, perLocation] of Object.entries(usage.existingCircuitsPerVnetLocation ?? {})) {
    if (!sameId(id, vnetId)) continue;
    for (const [location, count] of Object.entries(perLocation)) {
      const key = normalizePeeringLocation(location);
      byLocation.set(key, (byLocation.get(key) ?? 0) + count);
    }
  }
  return byLocation;
}

function checkCircuitsPerGatewayAndLocation(
  spec: CustomerSpec,
  link: VnetLink,
  path: string,
  usage: ExistingUsage,
  report: Report,
): void {
  const existing = existingCircuitsByLocation(usage, link.vnetId);
  const { gateway } = link;
  const scaleUnitsValid =
    gateway.sku !== 'ErGwScale' ||
    (gateway.scaleUnits !== undefined &&
      gateway.scaleUnits >= ERGWSCALE_UNITS.min &&
      gateway.scaleUnits <= ERGWSCALE_UNITS.max);
  if (scaleUnitsValid) {
    const capacity = gatewayMaxCircuitConnections(gateway.sku, gateway.scaleUnits);
    const existingTotal = [...existing.values()].reduce((sum, count) => sum + count, 0);
    if (existingTotal + 2 > capacity) {
      report(
        `${path}.gateway.sku`,
        'limit.gateway-connections',
        `a ${gatewayDescription(gateway)} gateway connects at most ${capacity} circuits; this VNet already has ` +
          `${existingTotal} and the pair adds 2`,
      );
    }
  }

  const newCircuitsByLocation = new Map<string, { name: string; count: number }>();
  for (const location of spec.circuits.peeringLocations) {
    const key = normalizePeeringLocation(location);
    const entry = newCircuitsByLocation.get(key) ?? { name: location.trim(), count: 0 };
    newCircuitsByLocation.set(key, { ...entry, count: entry.count + 1 });
  }
  for (const [key, { name, count }] of newCircuitsByLocation) {
    const existingHere = existing.get(key) ?? 0;
    if (existingHere + count > MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET) {
      report(
        `${path}.vnetId`,
        'limit.circuits-per-location-per-vnet',
        `VNet ${resourceName(link.vnetId)} would have ${existingHere + count} circuits from peering location ${name} ` +
          `(${existingHere} existing + ${count} new); at most ${MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET} circuits ` +
          'from one peering location can be linked to a VNet',
      );
    }
  }
}

/** Route tables and NSGs must target VNets of the request, in the customer's subscriptions. */
function checkTargetVnet(spec: CustomerSpec, vnetId: string, path: string, report: Report): void {
  checkArmIdSubscription(spec, vnetId, path, report);
  if (!spec.vnetLinks.some((link) => sameId(link.vnetId, vnetId))) {
    report(path, 'vnet.not-linked', `VNet ${resourceName(vnetId)} is not among vnetLinks`);
  }
}

/** Reports a subnet that appears in two route tables (or two NSGs): a subnet holds one of each. */
function checkSingleAssociation(
  seen: Set<string>,
  vnetId: string,
  subnet: string,
  path: string,
  rule: string,
  what: string,
  report: Report,
): void {
  const key = `${vnetId.toLowerCase()}|${subnet.toLowerCase()}`;
  if (seen.has(key)) {
    report(path, rule, `subnet ${subnet} is already given ${what}; a subnet can be associated with only one`);
  }
  seen.add(key);
}

function checkRouteTables(spec: CustomerSpec, report: Report): void {
  const associated = new Set<string>();
  spec.routeTables.forEach((table, index) => {
    const path = `routeTables[${index}]`;
    checkTargetVnet(spec, table.vnetId, `${path}.vnetId`, report);
    table.subnets.forEach((subnet, subnetIndex) => {
      const subnetPath = `${path}.subnets[${subnetIndex}]`;
      checkSingleAssociation(
        associated,
        table.vnetId,
        subnet,
        subnetPath,
        'subnet.single-route-table',
        'a route table',
        report,
      );
    });
    checkRouteTable(table, path, report);
  });
}

function checkRouteTable(table: RouteTableSpec, path: string, report: Report): void {
  const onGatewaySubnet = table.subnets.some(isGatewaySubnet);
  if (onGatewaySubnet && table.disableBgpRoutePropagation) {
    report(
      `${path}.disableBgpRoutePropagation`,
      'gateway-subnet.bgp-propagation',
      'must stay false on a route table associated with GatewaySubnet: without BGP propagation the gateway stops working',
    );
  }
  if (table.forcedTunnelNextHop !== undefined) {
    if (onGatewaySubnet) {
      report(
        `${path}.forcedTunnelNextHop`,
        'gateway-subnet.no-default-route',
        'adds a 0.0.0.0/0 route, which is not allowed on a route table associated with GatewaySubnet',
      );
    }
    checkIpAddress(table.forcedTunnelNextHop, `${path}.forcedTunnelNextHop`, report);
  }

  table.routes.forEach((route, routeIndex) => {
    const routePath = `${path}.routes[${routeIndex}]`;
    if (table.routes.slice(0, routeIndex).some((other) => other.name.toLowerCase() === route.name.toLowerCase())) {
      report(`${routePath}.name`, 'route.name-unique', `route name ${route.name} is already used in this route table`);
    }
    const cidr = parseCidrField(route.addressPrefix, `${routePath}.addressPrefix`, '10.0.0.0/8', report);
    if (cidr && cidr.prefixLength === 0 && onGatewaySubnet) {
      report(
        `${routePath}.addressPrefix`,
        'gateway-subnet.no-default-route',
        `${formatCidr(cidr)} is a default route, which is not allowed on a route table associated with GatewaySubnet`,
      );
    }
    if (route.nextHopType === 'VirtualNetworkGateway') {
      report(
        `${routePath}.nextHopType`,
        'route.no-er-gateway-next-hop',
        'VirtualNetworkGateway never reaches an ExpressRoute gateway; routes over ExpressRoute come from BGP ' +
          '(use VirtualAppliance for an NVA)',
      );
    }
    if (route.nextHopType === 'VirtualAppliance') {
      if (route.nextHopIpAddress === undefined) {
        report(
          `${routePath}.nextHopIpAddress`,
          'route.next-hop-ip',
          'is required when nextHopType is VirtualAppliance',
        );
      } else {
        checkIpAddress(route.nextHopIpAddress, `${routePath}.nextHopIpAddress`, report);
      }
    } else if (route.nextHopIpAddress !== undefined) {
      report(
        `${routePath}.nextHopIpAddress`,
        'route.next-hop-ip',
        `must be left out unless nextHopType is VirtualAppliance (it is ${route.nextHopType})`,
      );
    }
  });
}

function checkIpAddress(text: string, path: string, report: Report): void {
  if (parseIpAddress(text) === undefined) {
    report(path, 'ip.invalid', `${quote(text)} is not an IP address such as 10.10.1.4`);
  }
}

function checkNetworkSecurityGroups(spec: CustomerSpec, report: Report): void {
  const associated = new Set<string>();
  spec.networkSecurityGroups.forEach((nsg, index) => {
    const path = `networkSecurityGroups[${index}]`;
    checkTargetVnet(spec, nsg.vnetId, `${path}.vnetId`, report);
    nsg.subnets.forEach((subnet, subnetIndex) => {
      const subnetPath = `${path}.subnets[${subnetIndex}]`;
      if (isGatewaySubnet(subnet)) {
        report(
          subnetPath,
          'gateway-subnet.no-nsg',
          'an NSG must never be associated with GatewaySubnet: it is unsupported and the gateway stops working',
        );
      }
      checkSingleAssociation(associated, nsg.vnetId, subnet, subnetPath, 'subnet.single-nsg', 'an NSG', report);
    });
    nsg.baseline.onPremisesPrefixes.forEach((text, prefixIndex) => {
      parseCidrField(text, `${path}.baseline.onPremisesPrefixes[${prefixIndex}]`, '172.16.0.0/16', report);
    });
    checkSecurityRules(nsg, path, report);
  });
}

/**
 * The planner gives each on-premises prefix its own inbound baseline rule, from priority 4000 up to 4096, skipping
 * the priorities custom inbound rules hold; they must all fit.
 */
function checkBaselineInboundPriorities(nsg: NsgSpec, path: string, report: Report): void {
  const first = BASELINE_SECURITY_RULES.allowOnPremisesInbound.priority;
  const takenByCustomRules = new Set(
    nsg.rules
      .filter((rule) => rule.direction === 'Inbound' && rule.priority > first && rule.priority <= NSG_PRIORITY.max)
      .map((rule) => rule.priority),
  );
  const free = NSG_PRIORITY.max - first + 1 - takenByCustomRules.size;
  const needed = nsg.baseline.onPremisesPrefixes.length;
  if (needed > free) {
    report(
      `${path}.baseline.onPremisesPrefixes`,
      'nsg.baseline-priorities',
      `${needed} on-premises prefixes need ${needed} inbound baseline rules at priorities ${first}-${NSG_PRIORITY.max}, ` +
        `but only ${free} are free; summarise the prefixes or move custom inbound rules below ${first}`,
    );
  }
}

function checkSecurityRules(nsg: NsgSpec, path: string, report: Report): void {
  checkBaselineInboundPriorities(nsg, path, report);
  const baseline = activeBaselineSecurityRules(nsg.baseline);
  nsg.rules.forEach((rule, index) => {
    const rulePath = `${path}.rules[${index}]`;
    const earlierRules = nsg.rules.slice(0, index);

    if (isBaselineSecurityRuleName(rule.name)) {
      report(`${rulePath}.name`, 'nsg.rule-name-unique', `${rule.name} is reserved for the baseline rules`);
    } else if (earlierRules.some((other) => other.name.toLowerCase() === rule.name.toLowerCase())) {
      report(`${rulePath}.name`, 'nsg.rule-name-unique', `rule name ${rule.name} is already used in this NSG`);
    }

    if (rule.priority < NSG_PRIORITY.min || rule.priority > NSG_PRIORITY.max) {
      report(
        `${rulePath}.priority`,
        'nsg.priority-range',
        `priority ${rule.priority} is out of range: use ${NSG_PRIORITY.min}-${NSG_PRIORITY.max}`,
      );
      return;
    }
    const samePriority = (other: { priority: number; direction: string }) =>
      other.priority === rule.priority && other.direction === rule.direction;
    const baselineClash = baseline.find(samePriority);
    const earlierClash = earlierRules.find(samePriority);
    if (baselineClash) {
      report(
        `${rulePath}.priority`,
        'nsg.priority-unique',
        `priority ${rule.priority} (${rule.direction}) is taken by the baseline rule ${baselineClash.name}`,
      );
    } else if (earlierClash) {
      report(
        `${rulePath}.priority`,
        'nsg.priority-unique',
        `priority ${rule.priority} (${rule.direction}) is already used by rule ${earlierClash.name}`,
      );
    }
  });
}
