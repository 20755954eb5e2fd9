/**
 * ExpressRoute facts and limits the validation, the change rules and the planner share. Pure: no I/O.
 * Sources: Microsoft Learn (expressroute-limits, gateway performance, routing requirements, FAQ) as summarised in
 * the project's ExpressRoute reference, sections 2.2, 2.8 and 2.9. The circuit and gateway limits are those of the
 * pages "Azure subscription and service limits, quotas, and constraints" (ExpressRoute limits: VNet links per
 * circuit, circuits per peering location per VNet) and "About ExpressRoute virtual network gateways" (gateway
 * performance: maximum circuit connections per gateway SKU).
 */
import type { GatewaySku, SkuTier } from './spec';

/** Provider-model circuit bandwidths, in Mbps (50 Mbps to 10 Gbps). */
export const BANDWIDTH_LADDER_MBPS = [50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;
export type LadderBandwidthMbps = (typeof BANDWIDTH_LADDER_MBPS)[number];

export function isLadderBandwidth(mbps: number): mbps is LadderBandwidthMbps {
  return (BANDWIDTH_LADDER_MBPS as readonly number[]).includes(mbps);
}

// ---- ASNs ------------------------------------------------------------------------------------------------------

export const ASN_MIN = 1;
export const ASN_MAX = 4_294_967_295;
/** Microsoft's ASN on every peering. */
export const MICROSOFT_ASN = 12076;
/** Reserved by Microsoft (65515 is the ExpressRoute gateway's own ASN). */
export const MICROSOFT_RESERVED_ASNS = { first: 65515, last: 65520 } as const;

/**
 * What kind of number an ASN is:
 * - `out-of-range`: not in 1..4294967295;
 * - `microsoft`: 12076 or 65515-65520, never usable by a customer;
 * - `private`: 64512-65534 or 4200000000-4294967294 (RFC 6996);
 * - `documentation`: 64496-64511 or 65536-65551 (RFC 5398);
 * - `reserved`: 23456 (AS_TRANS), 65535 and 4294967295 (RFC 7300);
 * - `public`: anything else.
 */
export type AsnKind = 'out-of-range' | 'microsoft' | 'private' | 'documentation' | 'reserved' | 'public';

export function classifyAsn(asn: number): AsnKind {
  if (!Number.isInteger(asn) || asn < ASN_MIN || asn > ASN_MAX) return 'out-of-range';
  if (asn === MICROSOFT_ASN || (asn >= MICROSOFT_RESERVED_ASNS.first && asn <= MICROSOFT_RESERVED_ASNS.last)) {
    return 'microsoft';
  }
  if ((asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000 && asn <= 4_294_967_294)) return 'private';
  if ((asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551)) return 'documentation';
  if (asn === 23456 || asn === 65535 || asn === ASN_MAX) return 'reserved';
  return 'public';
}

// ---- Peerings --------------------------------------------------------------------------------------------------

export const VLAN_MIN = 1;
export const VLAN_MAX = 4094;
/** Each peering uses one /30 per link (primary and secondary). */
export const PEERING_PREFIX_LENGTH = 30;
export const MAX_ADVERTISED_PUBLIC_PREFIXES = 200;
/** Route-filter communities Microsoft honours are its own: `12076:<value>`, e.g. `12076:5010` (Exchange Online). */
export const MICROSOFT_COMMUNITY_PATTERN = /^12076:(\d{1,5})$/;

export function isMicrosoftCommunity(community: string): boolean {
  const value = MICROSOFT_COMMUNITY_PATTERN.exec(community)?.[1];
  return value !== undefined && Number(value) <= 65535;
}

// ---- Circuit limits --------------------------------------------------------------------------------------------

/** Private-peering IPv4 routes a Local or Standard circuit accepts from on-premises; Premium takes 10,000. */
export const STANDARD_PRIVATE_PEERING_ROUTE_LIMIT = 4000;
export const PREMIUM_PRIVATE_PEERING_ROUTE_LIMIT = 10000;

/** VNet links (connections, Global Reach included) per circuit on Local and Standard, at every bandwidth. */
export const STANDARD_VNET_LINKS_PER_CIRCUIT = 10;

const PREMIUM_VNET_LINKS_PER_CIRCUIT: Readonly<Record<LadderBandwidthMbps, number>> = {
  50: 20,
  100: 25,
  200: 25,
  500: 40,
  1000: 50,
  2000: 60,
  5000: 75,
  10000: 100,
};

/** How many VNets one circuit can link, by tier and bandwidth (Local uses Standard's column). */
export function vnetLinksPerCircuit(tier: SkuTier, bandwidthMbps: LadderBandwidthMbps): number {
  return tier === 'Premium' ? PREMIUM_VNET_LINKS_PER_CIRCUIT[bandwidthMbps] : STANDARD_VNET_LINKS_PER_CIRCUIT;
}

/** Circuits from one peering location that can be linked to one VNet, whatever the gateway SKU. */
export const MAX_CIRCUITS_PER_PEERING_LOCATION_PER_VNET = 4;

// ---- ExpressRoute gateways -------------------------------------------------------------------------------------

export const ERGWSCALE_UNITS = { min: 1, max: 40 } as const;
/** ErGwScale needs at least this many scale units for FastPath and for 16 circuit connections. */
export const ERGWSCALE_FASTPATH_MIN_UNITS = 10;

const FIXED_SKU_CIRCUIT_CONNECTIONS: Readonly<Record<Exclude<GatewaySku, 'ErGwScale'>, number>> = {
  Standard: 4,
  ErGw1AZ: 4,
  HighPerformance: 8,
  ErGw2AZ: 8,
  UltraPerformance: 16,
  ErGw3AZ: 16,
};

/** Circuits one ExpressRoute gateway can connect to: 4, 8 or 16; ErGwScale 4 at 1 unit, 8 at 2-9, 16 at 10+. */
export function gatewayMaxCircuitConnections(sku: GatewaySku, scaleUnits: number = ERGWSCALE_UNITS.min): number {
  if (sku !== 'ErGwScale') return FIXED_SKU_CIRCUIT_CONNECTIONS[sku];
  if (scaleUnits >= ERGWSCALE_FASTPATH_MIN_UNITS) return 16;
  return scaleUnits >= 2 ? 8 : 4;
}

/** FastPath (expressRouteGatewayBypass) needs UltraPerformance, ErGw3AZ, or ErGwScale with 10 units or more. */
export function gatewaySupportsFastPath(sku: GatewaySku, scaleUnits: number = ERGWSCALE_UNITS.min): boolean {
  if (sku === 'ErGwScale') return scaleUnits >= ERGWSCALE_FASTPATH_MIN_UNITS;
  return sku === 'UltraPerformance' || sku === 'ErGw3AZ';
}

/** Connection routing weight (higher is preferred). */
export const ROUTING_WEIGHT = { min: 0, max: 32000 } as const;

/** The subnet an ExpressRoute gateway lives in: no NSG, no 0.0.0.0/0 route, BGP propagation kept on. */
export const GATEWAY_SUBNET_NAME = 'GatewaySubnet';

/** Azure resource names are case-insensitive. */
export function isGatewaySubnet(subnetName: string): boolean {
  return subnetName.toLowerCase() === GATEWAY_SUBNET_NAME.toLowerCase();
}

// ---- NSGs ------------------------------------------------------------------------------------------------------

export const NSG_PRIORITY = { min: 100, max: 4096 } as const;

export type SecurityRuleDirection = 'Inbound' | 'Outbound';

export interface BaselineSecurityRule {
  readonly name: string;
  readonly priority: number;
  readonly direction: SecurityRuleDirection;
}

/**
 * The ExpressRoute baseline rules the planner adds to every NSG it builds, at these exact names and priorities.
 * Custom rules may not reuse them (validation checks it).
 */
export const BASELINE_SECURITY_RULES = {
  /** Allows the on-premises prefixes in; present when the NSG lists any. */
  allowOnPremisesInbound: { name: 'AllowOnPremisesInbound', priority: 4000, direction: 'Inbound' },
  /** Denies Internet out, so a withdrawn on-premises default route fails closed; present unless switched off. */
  denyInternetOutbound: { name: 'DenyInternetOutbound', priority: 4096, direction: 'Outbound' },
} as const satisfies Record<string, BaselineSecurityRule>;

/**
 * Names reserved for baseline rules, whatever the NSG's settings: each baseline name, and the `AllowOnPremisesInbound-2`,
 * `-3`… the planner gives the rules for further on-premises prefixes. Compared case-insensitively.
 */
export function isBaselineSecurityRuleName(name: string): boolean {
  const lower = name.toLowerCase();
  return Object.values(BASELINE_SECURITY_RULES).some((rule) => {
    const base = rule.name.toLowerCase();
    return lower === base || (lower.startsWith(`${base}-`) && /^\d+$/.test(lower.slice(base.length + 1)));
  });
}

/** The baseline rules one NSG gets, given its `baseline` settings. */
export function activeBaselineSecurityRules(baseline: {
  readonly onPremisesPrefixes: readonly string[];
  readonly denyInternetOutbound: boolean;
}): BaselineSecurityRule[] {
  const rules: BaselineSecurityRule[] = [];
  if (baseline.onPremisesPrefixes.length > 0) rules.push(BASELINE_SECURITY_RULES.allowOnPremisesInbound);
  if (baseline.denyInternetOutbound) rules.push(BASELINE_SECURITY_RULES.denyInternetOutbound);
  return rules;
}

// ---- Identifiers -----------------------------------------------------------------------------------------------

/** GUIDs and ARM ids compare case-insensitively. */
export function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Peering locations compare trimmed and case-insensitively ("Amsterdam" is " amsterdam "). */
export function normalizePeeringLocation(location: string): string {
  return location.trim().toLowerCase();
}

/** The subscription of an ARM id (`/subscriptions/{s}/…`), or undefined when the text is not an id. */
export { subscriptionOfArmId } from './armIds';
