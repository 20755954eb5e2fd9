/**
 * The customer specification: what a CSP asks for when it onboards a customer onto ExpressRoute.
 *
 * This file holds the *shape* (types and per-field formats). The ExpressRoute rules that relate several
 * fields (overlaps, uniqueness, allow-lists, limits) live in `validation.ts`, which every entry point runs.
 * Pure: no I/O, no Azure SDKs.
 */
import { z } from 'zod';
import { AZURE_NAME_RULES, armIdPattern, armIdProblems, azureNameProblems, type AzureNamedType } from './azureNames';
import { SECRET_REFERENCE_MESSAGE } from './issueWording';
import { DEFAULT_PAIR_NAME, MAX_CIRCUIT_PAIRS } from './pairs';

/** Lower-case letters, digits and hyphens; it becomes part of every Azure resource name (see naming.ts). */
export const CustomerIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/, 'must be 3-24 characters of a-z, 0-9 and "-", starting with a letter');

export const GuidSchema = z.guid('must be a GUID (8-4-4-4-12 hexadecimal digits)');

/** An Azure region name as ARM writes it (e.g. "westeurope"). */
export const AzureRegionSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]{2,40}$/, 'must be an Azure region name such as "westeurope"');

/**
 * A name that becomes (part of) an Azure resource's name, checked against Azure's rule for that resource type
 * (azureNames.ts): each broken rule is its own issue (`name.length`, `name.characters`, `name.first-character`,
 * `name.last-character`, `name.dot-dot`).
 */
export function azureNameSchema(type: AzureNamedType) {
  const rule = AZURE_NAME_RULES[type];
  return z
    .string()
    .superRefine((name, context) => {
      for (const problem of azureNameProblems(name, type)) {
        context.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } });
      }
    })
    .meta({ pattern: rule.pattern, minLength: rule.minLength, maxLength: rule.maxLength });
}

export const ResourceGroupNameSchema = azureNameSchema('resourceGroup');

/**
 * A full ARM resource id of a given type, e.g. `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{n}`.
 * Literal segments and the type are matched case-insensitively (ids are compared in canonical form, armIds.ts);
 * surrounding whitespace is refused; the resource group and the resource's name must be names Azure takes (`arm-id.*` and
 * `name.*` rules).
 */
export function armIdSchema(providerAndType: string, nameType: AzureNamedType) {
  return z
    .string()
    .superRefine((text, context) => {
      for (const problem of armIdProblems(text, providerAndType, nameType)) {
        context.addIssue({ code: 'custom', message: problem.message, params: { rule: problem.rule } });
      }
    })
    .meta({ pattern: armIdPattern(providerAndType, nameType) });
}

export const VirtualNetworkIdSchema = armIdSchema('Microsoft.Network/virtualNetworks', 'virtualNetwork');
export const VirtualNetworkGatewayIdSchema = armIdSchema(
  'Microsoft.Network/virtualNetworkGateways',
  'virtualNetworkGateway',
);

/**
 * A reference to a secret held in Key Vault. Secret *values* (BGP MD5 keys, authorization keys) are never part of a
 * request, an orchestration input, a checkpoint or a log: the activity that needs one resolves the reference itself.
 */
export const SecretReferenceSchema = z.strictObject(
  {
    vault: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, 'must be a Key Vault name (3-24 characters)'),
    secret: z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, 'must be a Key Vault secret name (1-127 of a-z, A-Z, 0-9, "-")'),
    version: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be a 32-digit Key Vault secret version')
      .optional(),
  },
  // A secret given in place of its reference (a plain string) is never repeated back.
  { error: (issue) => (issue.code === 'invalid_type' ? SECRET_REFERENCE_MESSAGE : undefined) },
);
export type SecretReference = z.infer<typeof SecretReferenceSchema>;

export const OwnershipModelSchema = z.enum(['connect-through', 'connect-to']);
export type OwnershipModel = z.infer<typeof OwnershipModelSchema>;

export const CustomerSchema = z.strictObject({
  id: CustomerIdSchema,
  /** The customer's Entra tenant: every token used on its subscriptions is issued by this tenant. */
  tenantId: GuidSchema,
  displayName: z.string().min(1).max(120).optional(),
  /** The allow-list: the only subscriptions a request for this customer may touch (besides the CSP's own circuits). */
  subscriptions: z.array(GuidSchema).min(1, 'must list at least one subscription'),
  model: OwnershipModelSchema,
  /**
   * The customer's security posture keeps public (Microsoft peering) and private traffic on different circuits: no
   * pair may carry both peerings.
   */
  separateMicrosoftPeering: z.boolean().optional(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const SkuTierSchema = z.enum(['Standard', 'Premium', 'Local']);
export const SkuFamilySchema = z.enum(['MeteredData', 'UnlimitedData']);
export const CircuitSkuSchema = z.strictObject({ tier: SkuTierSchema, family: SkuFamilySchema });
export type CircuitSku = z.infer<typeof CircuitSkuSchema>;
export type SkuTier = z.infer<typeof SkuTierSchema>;
export type SkuFamily = z.infer<typeof SkuFamilySchema>;

/** The addresses of one peering on one circuit of the pair (leg A or leg B). */
export const PeeringLegSchema = z.strictObject({
  primaryPeerAddressPrefix: z.string(),
  secondaryPeerAddressPrefix: z.string(),
  vlanId: z.number().int(),
});
export type PeeringLeg = z.infer<typeof PeeringLegSchema>;

export const PrivatePeeringSchema = z.strictObject({
  peerAsn: z.number().int(),
  /** Leg A (first peering location) then leg B. */
  legs: z.tuple([PeeringLegSchema, PeeringLegSchema]),
  /** Optional BGP MD5 key, by reference only. */
  md5Key: SecretReferenceSchema.optional(),
});
export type PrivatePeering = z.infer<typeof PrivatePeeringSchema>;

export const RoutingRegistrySchema = z.enum([
  'ARIN',
  'APNIC',
  'AFRINIC',
  'LACNIC',
  'RIPENCC',
  'RADB',
  'ALTDB',
  'LEVEL3',
]);

export const MicrosoftPeeringSchema = z.strictObject({
  peerAsn: z.number().int(),
  legs: z.tuple([PeeringLegSchema, PeeringLegSchema]),
  advertisedPublicPrefixes: z.array(z.string()).min(1).max(200),
  /** Only when the prefixes are registered to an ASN other than peerAsn; must then be public. */
  customerAsn: z.number().int().optional(),
  routingRegistryName: RoutingRegistrySchema,
  /** BGP communities of the Microsoft services the route filter allows, e.g. "12076:5010". */
  routeFilterCommunities: z.array(z.string()).min(1),
  md5Key: SecretReferenceSchema.optional(),
});
export type MicrosoftPeering = z.infer<typeof MicrosoftPeeringSchema>;

export const CircuitPairSchema = z.strictObject({
  /** Where both circuits live: the CSP's subscription (connect-through) or one of the customer's (connect-to). */
  subscriptionId: GuidSchema,
  resourceGroup: ResourceGroupNameSchema,
  /** Azure region of the circuit resources (not the peering location). */
  location: AzureRegionSchema,
  provider: z.string().min(1).max(80),
  /** Leg A and leg B; they must differ so that one facility outage leaves one circuit up. */
  peeringLocations: z.tuple([z.string().min(1).max(80), z.string().min(1).max(80)]),
  bandwidthMbps: z.number().int(),
  sku: CircuitSkuSchema,
  privatePeering: PrivatePeeringSchema,
  microsoftPeering: MicrosoftPeeringSchema.optional(),
});
export type CircuitPair = z.infer<typeof CircuitPairSchema>;

/**
 * A pair's name: part of its circuits' names, tags and plan keys (naming.ts), so lower-case letters, digits and "-".
 * The pair named "primary" is the customer's default pair: its resources keep the names of the `circuits` shorthand.
 */
export const PairNameSchema = z
  .string()
  .regex(
    /^[a-z](?:[a-z0-9-]{0,14}[a-z0-9])?$/,
    'must be 1-16 characters of a-z, 0-9 and "-", starting with a letter and not ending with "-"',
  );

/**
 * One named pair of circuits among several. The fields are those of `circuits`, except that a pair may carry private
 * peering, Microsoft peering or both (at least one), and in the connect-through model may leave its subscription to
 * the automation's placement.
 */
export const NamedCircuitPairSchema = CircuitPairSchema.extend({
  name: PairNameSchema,
  subscriptionId: GuidSchema.optional().meta({
    description:
      "Where both circuits live. Connect-through: one of the CSP's subscriptions, or left out for the automation to place the pair; connect-to: one of the customer's subscriptions.",
  }),
  privatePeering: PrivatePeeringSchema.optional(),
});
export type NamedCircuitPair = z.infer<typeof NamedCircuitPairSchema>;

export const GatewaySkuSchema = z.enum([
  'ErGw1AZ',
  'ErGw2AZ',
  'ErGw3AZ',
  'ErGwScale',
  'Standard',
  'HighPerformance',
  'UltraPerformance',
]);
export type GatewaySku = z.infer<typeof GatewaySkuSchema>;

export const VnetLinkSchema = z.strictObject({
  vnetId: VirtualNetworkIdSchema,
  /**
   * The VNet's Azure region: its gateway, connections, route tables and NSGs are created there. Defaults to the
   * circuits' region (the usual single-region customer).
   */
  location: AzureRegionSchema.optional(),
  /** The VNet's address spaces, so that peering prefixes can be checked against them before anything is built. */
  addressSpace: z.array(z.string()).min(1),
  /** The ExpressRoute gateway of this VNet: an existing one by id, or one the automation creates (named by naming.ts). */
  gateway: z.strictObject({
    id: VirtualNetworkGatewayIdSchema.optional(),
    sku: GatewaySkuSchema.default('ErGw1AZ'),
    /** ErGwScale only: scale units, 1-40. */
    scaleUnits: z.number().int().optional(),
  }),
  /** Higher is preferred; equal weights give ECMP over both circuits. Applies to both connections of this VNet. */
  routingWeight: z.number().int().default(0),
  /** FastPath (expressRouteGatewayBypass). */
  fastPath: z.boolean().default(false),
  /** The circuit pairs (by name) this VNet's gateway connects to; every pair when left out. */
  pairs: z.array(PairNameSchema).min(1).optional(),
});
export type VnetLink = z.infer<typeof VnetLinkSchema>;

export const RouteNextHopTypeSchema = z.enum([
  'VirtualNetworkGateway',
  'VnetLocal',
  'Internet',
  'VirtualAppliance',
  'None',
]);

export const RouteSpecSchema = z.strictObject({
  name: azureNameSchema('route'),
  addressPrefix: z.string(),
  nextHopType: RouteNextHopTypeSchema,
  nextHopIpAddress: z.string().optional(),
});
export type RouteSpec = z.infer<typeof RouteSpecSchema>;

/** A route table for some subnets of one linked VNet. */
export const RouteTableSpecSchema = z.strictObject({
  /** Short role name, part of the resource name (e.g. "workload"). */
  role: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1-20 characters of a-z, 0-9 and "-", starting with a letter'),
  vnetId: VirtualNetworkIdSchema,
  subnets: z.array(azureNameSchema('subnet')).min(1),
  routes: z.array(RouteSpecSchema).default([]),
  /** Forced tunnelling through an appliance: adds 0.0.0.0/0 → VirtualAppliance at this address. */
  forcedTunnelNextHop: z.string().optional(),
  disableBgpRoutePropagation: z.boolean().default(false),
});
export type RouteTableSpec = z.infer<typeof RouteTableSpecSchema>;

export const SecurityRuleSpecSchema = z.strictObject({
  name: azureNameSchema('securityRule'),
  priority: z.number().int(),
  direction: z.enum(['Inbound', 'Outbound']),
  access: z.enum(['Allow', 'Deny']),
  protocol: z.enum(['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*']),
  sourceAddressPrefix: z.string().default('*'),
  sourcePortRange: z.string().default('*'),
  destinationAddressPrefix: z.string().default('*'),
  destinationPortRange: z.string().default('*'),
  description: z.string().max(140).optional(),
});
export type SecurityRuleSpec = z.infer<typeof SecurityRuleSpecSchema>;

/** An NSG for some subnets of one linked VNet: the baseline rules plus any extra rules. */
export const NsgSpecSchema = z.strictObject({
  role: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be 1-20 characters of a-z, 0-9 and "-", starting with a letter'),
  vnetId: VirtualNetworkIdSchema,
  subnets: z.array(azureNameSchema('subnet')).min(1),
  /** The ExpressRoute baseline: allow the on-premises ranges in, deny Internet out (so a withdrawn default route fails closed). */
  baseline: z
    .strictObject({
      onPremisesPrefixes: z.array(z.string()).default([]),
      denyInternetOutbound: z.boolean().default(true),
    })
    .default({ onPremisesPrefixes: [], denyInternetOutbound: true }),
  rules: z.array(SecurityRuleSpecSchema).default([]),
});
export type NsgSpec = z.infer<typeof NsgSpecSchema>;

/**
 * An IPsec/IKE policy as Azure's connection resource takes it (`ipsecPolicies[0]`). Every field is required: Azure
 * refuses a partial policy. The names are ARM's; the allowed values are checked by validateEncryption.ts against
 * Azure's documented sets, so a refusal names the rule and the page it comes from.
 */
export const IpsecPolicySchema = z.strictObject({
  ikeEncryption: z.string(),
  ikeIntegrity: z.string(),
  dhGroup: z.string(),
  ipsecEncryption: z.string(),
  ipsecIntegrity: z.string(),
  pfsGroup: z.string(),
  /** Quick Mode SA lifetime in seconds (Azure: at least 300). */
  saLifeTimeSeconds: z.number().int(),
  /** Quick Mode SA lifetime in kilobytes (Azure: at least 1024). */
  saDataSizeKilobytes: z.number().int(),
});
export type IpsecPolicy = z.infer<typeof IpsecPolicySchema>;

/**
 * Encryption over private peering with IPsec: a VPN gateway in the hub VNet (private IP enabled) beside its
 * ExpressRoute gateway in the same GatewaySubnet, a local network gateway for the on-premises VPN device's private
 * address (reached over private peering), and an IPsec connection that uses the gateway's private IP. See
 * docs/encryption.md for how the encrypted prefixes are made to take the tunnel.
 */
export const IpsecOverPrivatePeeringSchema = z.strictObject({
  mode: z.literal('ipsec-over-private-peering'),
  /** The hub VNet: one of vnetLinks, where the VPN gateway is built beside the ExpressRoute gateway. */
  vnetId: VirtualNetworkIdSchema,
  /** The VNet's GatewaySubnet address prefix, shared by both gateways (coexistence needs /27 or larger). */
  gatewaySubnetPrefix: z.string(),
  vpnGateway: z.strictObject({
    /** An AZ VPN gateway SKU (VpnGw1AZ-VpnGw5AZ): the ones Azure offers for VPN over private peering. */
    sku: z.string(),
    /** Route-based is the only type that coexists with ExpressRoute. */
    vpnType: z.string().default('RouteBased'),
    /** The gateway's BGP ASN; Azure requires the default 65515 when the VPN gateway coexists with ExpressRoute. */
    asn: z.number().int().default(65515),
    /** The Standard public IP address the VPN gateway still needs (its tunnels here use the private IP). */
    publicIpAddressId: armIdSchema('Microsoft.Network/publicIPAddresses', 'virtualNetworkGateway'),
  }),
  onPremises: z.strictObject({
    /** The on-premises VPN device's private address, reached over ExpressRoute private peering. */
    deviceAddress: z.string(),
    /**
     * What on-premises advertises over ExpressRoute private peering (BGP). The device address must be inside it;
     * the encrypted prefixes must be more specific than, or disjoint from, every one of them.
     */
    privatePeeringPrefixes: z.array(z.string()).min(1, 'must list at least one prefix'),
    /** The on-premises prefixes whose traffic must be encrypted: they are routed through the tunnel. */
    encryptedPrefixes: z.array(z.string()).min(1, 'must list at least one prefix'),
    /** BGP over the tunnel (the device advertises the encrypted prefixes); left out, they are static routes. */
    bgp: z.strictObject({ asn: z.number().int(), peeringAddress: z.string() }).optional(),
  }),
  ipsecPolicy: IpsecPolicySchema,
  /** Dead peer detection timeout, 9-3600 seconds (Azure's default 45). */
  dpdTimeoutSeconds: z.number().int().default(45),
  /** The IPsec pre-shared key, by Key Vault reference only: resolved inside the activity that writes the connection. */
  sharedKey: SecretReferenceSchema,
});
export type IpsecOverPrivatePeering = z.infer<typeof IpsecOverPrivatePeeringSchema>;

/**
 * Encryption by firewall appliances at both ends: user-defined routes send the on-premises prefixes from the named
 * subnets to the Azure-side appliance, which encrypts towards its on-premises peer.
 */
export const FirewallAppliancesSchema = z.strictObject({
  mode: z.literal('firewall-appliances'),
  /** The VNet (one of vnetLinks) whose subnets send on-premises traffic through the appliance. */
  vnetId: VirtualNetworkIdSchema,
  /** The subnets that get the route table (not GatewaySubnet, and not a subnet another route table already has). */
  subnets: z.array(azureNameSchema('subnet')).min(1),
  /** The on-premises prefixes routed through the appliances. */
  onPremisesPrefixes: z.array(z.string()).min(1, 'must list at least one prefix'),
  appliances: z.strictObject({
    /** The Azure-side appliance: its private address must be inside the VNet's address space. */
    azure: z.strictObject({ name: z.string().min(1).max(80), address: z.string() }),
    /** The on-premises appliance it encrypts to (documentation and checks only; Azure never sees it). */
    onPremises: z.strictObject({ name: z.string().min(1).max(80), address: z.string() }),
  }),
});
export type FirewallAppliances = z.infer<typeof FirewallAppliancesSchema>;

export const EncryptionSpecSchema = z.discriminatedUnion('mode', [
  IpsecOverPrivatePeeringSchema,
  FirewallAppliancesSchema,
]);
export type EncryptionSpec = z.infer<typeof EncryptionSpecSchema>;

const CustomerSpecFieldsSchema = z
  .strictObject({
    customer: CustomerSchema,
    /** One pair of circuits: shorthand for `circuitPairs` with a single pair named "primary". */
    circuits: CircuitPairSchema.optional(),
    circuitPairs: z
      .array(NamedCircuitPairSchema)
      .min(1, 'must list at least one circuit pair')
      .max(MAX_CIRCUIT_PAIRS, `must list at most ${MAX_CIRCUIT_PAIRS} circuit pairs`)
      .optional(),
    vnetLinks: z.array(VnetLinkSchema).default([]),
    routeTables: z.array(RouteTableSpecSchema).default([]),
    networkSecurityGroups: z.array(NsgSpecSchema).default([]),
    /** Encryption over ExpressRoute (docs/encryption.md): IPsec over private peering, or firewall appliances. */
    encryption: EncryptionSpecSchema.optional(),
  })
  .meta({
    // What a producer writes: one of the two shapes (the parser also accepts a parsed spec, which carries both).
    oneOf: [{ required: ['circuits'] }, { required: ['circuitPairs'] }],
  });
type CustomerSpecFields = z.output<typeof CustomerSpecFieldsSchema>;

/**
 * Everything the automation builds for one customer. The `data` of an onboarding request.
 *
 * A request gives either `circuits` (one pair) or `circuitPairs` (one or more named pairs). Code that handles
 * several pairs reads them through `circuitPairsOf` (pairs.ts). Until the whole application does, a spec written
 * with `circuitPairs` also carries `circuits`: a copy of its first pair without the name, which therefore has to
 * name its subscription and carry private peering. Such a parsed spec validates again as it is (`circuits` equal
 * to the first pair is accepted alongside `circuitPairs`).
 */
export const CustomerSpecSchema = CustomerSpecFieldsSchema.transform((fields, context) => {
  const { circuitPairs } = fields;
  const first = circuitPairs?.[0];
  const report = (path: PropertyKey[], rule: string, message: string) => {
    context.issues.push({ code: 'custom', input: fields, path, message, params: { rule } });
  };
  if (first === undefined) {
    if (fields.circuits === undefined) {
      report(['circuits'], 'schema.required', 'is required: give `circuits` (one pair) or `circuitPairs`');
      return z.NEVER;
    }
    return orderedSpec(fields, fields.circuits);
  }
  const { name, subscriptionId, privatePeering, ...rest } = first;
  // Reported at the pair (a missing field's own path would only say "is required").
  if (subscriptionId === undefined) {
    const connectTo = fields.customer.model === 'connect-to';
    report(
      ['circuitPairs', 0],
      connectTo ? 'subscription.required' : 'circuit-pairs.first-subscription',
      connectTo
        ? "needs subscriptionId in the connect-to model: the circuits live in one of the customer's subscriptions"
        : "needs subscriptionId: the first pair is read as the customer's main pair, which names its subscription; " +
            "the other pairs may leave theirs to placement in one of the CSP's subscriptions",
    );
  }
  if (privatePeering === undefined) {
    report(
      ['circuitPairs', 0],
      'circuit-pairs.first-private',
      `needs privatePeering: the first pair ("${name}") is read as the customer's main pair, so put a pair with ` +
        'private peering first',
    );
  }
  if (subscriptionId === undefined || privatePeering === undefined) return z.NEVER;
  const firstPair: CircuitPair = { subscriptionId, ...rest, privatePeering };
  if (fields.circuits !== undefined && !sameJson(fields.circuits, firstPair)) {
    report(['circuits'], 'circuit-pairs.one-shape', 'give either `circuits` (one pair) or `circuitPairs`, not both');
    return z.NEVER;
  }
  return orderedSpec(fields, firstPair);
});

/** The parsed spec with `circuits` always present, keys in the order requests write them. */
function orderedSpec(fields: CustomerSpecFields, circuits: CircuitPair) {
  return {
    customer: fields.customer,
    circuits,
    ...(fields.circuitPairs === undefined ? {} : { circuitPairs: fields.circuitPairs }),
    vnetLinks: fields.vnetLinks,
    routeTables: fields.routeTables,
    networkSecurityGroups: fields.networkSecurityGroups,
    ...(fields.encryption === undefined ? {} : { encryption: fields.encryption }),
  };
}

/** Structural equality of two JSON values, whatever the order of their keys. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const entriesOf = (value: object) => Object.entries(value).filter(([, item]) => item !== undefined);
    const left = entriesOf(a);
    const right = new Map(entriesOf(b));
    return left.length === right.size && left.every(([key, item]) => right.has(key) && sameJson(item, right.get(key)));
  }
  return a === b;
}

export type CustomerSpec = z.output<typeof CustomerSpecSchema>;
/** What a caller writes (defaults not yet applied). */
export type CustomerSpecInput = z.input<typeof CustomerSpecSchema>;

/** The name of the pair the `circuits` shorthand stands for. */
export { DEFAULT_PAIR_NAME };

/** Facts about the CSP itself that validation needs (from configuration, passed in: the domain reads nothing). */
export interface CspContext {
  /** The CSP's own subscriptions that may hold connect-through circuits. */
  readonly cspSubscriptionIds: readonly string[];
}
