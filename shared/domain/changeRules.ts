/**
 * What it takes to change a customer's circuit pair (reference §2.3 and §2.4): in place, a new pair (build, migrate
 * the links, decommission the old one), or not at all. Pure: no I/O.
 *
 * | Change                                   | Decision                                                         |
 * |------------------------------------------|------------------------------------------------------------------|
 * | bandwidth increase (to a ladder value)   | in place                                                         |
 * | bandwidth decrease                       | new pair                                                         |
 * | MeteredData → UnlimitedData              | in place                                                         |
 * | UnlimitedData → MeteredData              | new pair                                                         |
 * | provider or a peering location           | new pair                                                         |
 * | Standard → Premium, Local → Standard/Premium (UnlimitedData) | in place                                     |
 * | Premium → Standard                       | in place if the usage fits Standard, otherwise refused           |
 * | Standard/Premium → Local                 | new pair                                                         |
 *
 * When several fields change at once: refused beats everything, then any new-pair reason beats in-place changes.
 */
import {
  BANDWIDTH_LADDER_MBPS,
  STANDARD_PRIVATE_PEERING_ROUTE_LIMIT,
  STANDARD_VNET_LINKS_PER_CIRCUIT,
  isLadderBandwidth,
  normalizePeeringLocation,
  vnetLinksPerCircuit,
} from './rules';
import type { CircuitSku, SkuFamily, SkuTier } from './spec';

/** The fields of a circuit pair that a change can touch. */
export interface CircuitPairSettings {
  readonly provider: string;
  readonly peeringLocations: readonly [string, string];
  readonly bandwidthMbps: number;
  readonly sku: CircuitSku;
}

/** How the current pair is used, per circuit (both circuits of a pair carry the same links and routes). */
export interface CircuitUsage {
  readonly vnetLinksPerCircuit: number;
  /** Some linked VNet is in another geopolitical region than the peering location (needs Premium). */
  readonly crossGeopoliticalLinks: boolean;
  /** IPv4 routes the customer advertises on private peering. */
  readonly privatePeeringRoutes: number;
}

export type InPlaceChange =
  | { readonly kind: 'sku-tier'; readonly from: SkuTier; readonly to: SkuTier }
  | { readonly kind: 'sku-family'; readonly from: SkuFamily; readonly to: SkuFamily }
  | { readonly kind: 'bandwidth'; readonly fromMbps: number; readonly toMbps: number };

export interface ChangeReason {
  readonly rule: string;
  readonly message: string;
}

export type CircuitChangeDecision =
  | { readonly kind: 'no-change' }
  /** Apply the changes in this order (tier, then family, then bandwidth). */
  | { readonly kind: 'in-place'; readonly changes: readonly InPlaceChange[] }
  /** Build a new pair with the desired settings, move the links, then decommission the current pair. */
  | { readonly kind: 'new-pair'; readonly reasons: readonly ChangeReason[] }
  /** The desired settings cannot carry what the pair does today (or are not valid at all). */
  | { readonly kind: 'refused'; readonly reasons: readonly ChangeReason[] };

export function decideCircuitChange(
  current: CircuitPairSettings,
  desired: CircuitPairSettings,
  usage: CircuitUsage,
): CircuitChangeDecision {
  const inPlace: InPlaceChange[] = [];
  const newPair: ChangeReason[] = [];
  const refused: ChangeReason[] = [];

  refused.push(...desiredSettingsProblems(desired), ...usageProblems(current, desired, usage));

  if (!sameName(current.provider, desired.provider)) {
    newPair.push({
      rule: 'change.provider',
      message: `the provider changes from ${current.provider} to ${desired.provider}, which needs new circuits`,
    });
  }
  current.peeringLocations.forEach((location, leg) => {
    const wanted = desired.peeringLocations[leg] ?? location;
    if (normalizePeeringLocation(location) !== normalizePeeringLocation(wanted)) {
      newPair.push({
        rule: 'change.peering-location',
        message: `leg ${leg === 0 ? 'A' : 'B'} moves from ${location} to ${wanted}, which needs a new circuit`,
      });
    }
  });

  const from = current.sku;
  const to = desired.sku;
  if (from.tier !== to.tier) {
    if (to.tier === 'Local') {
      newPair.push({
        rule: 'change.to-local',
        message: `a ${from.tier} circuit cannot become Local in place; Local needs a new circuit`,
      });
    } else {
      inPlace.push({ kind: 'sku-tier', from: from.tier, to: to.tier });
    }
  }

  if (from.family !== to.family) {
    if (to.family === 'MeteredData') {
      newPair.push({
        rule: 'change.unlimited-to-metered',
        message: 'UnlimitedData cannot go back to MeteredData in place; it needs a new circuit',
      });
    } else {
      inPlace.push({ kind: 'sku-family', from: from.family, to: to.family });
    }
  }

  if (desired.bandwidthMbps > current.bandwidthMbps) {
    inPlace.push({ kind: 'bandwidth', fromMbps: current.bandwidthMbps, toMbps: desired.bandwidthMbps });
  } else if (desired.bandwidthMbps < current.bandwidthMbps) {
    newPair.push({
      rule: 'change.bandwidth-decrease',
      message: `bandwidth cannot shrink in place (${current.bandwidthMbps} → ${desired.bandwidthMbps} Mbps); it needs a new circuit`,
    });
  }

  if (refused.length > 0) return { kind: 'refused', reasons: refused };
  if (newPair.length > 0) return { kind: 'new-pair', reasons: newPair };
  if (inPlace.length > 0) return { kind: 'in-place', changes: inPlace };
  return { kind: 'no-change' };
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function desiredSettingsProblems(desired: CircuitPairSettings): ChangeReason[] {
  const problems: ChangeReason[] = [];
  if (!isLadderBandwidth(desired.bandwidthMbps)) {
    problems.push({
      rule: 'bandwidth.ladder',
      message: `${desired.bandwidthMbps} Mbps is not an ExpressRoute bandwidth; use one of ${BANDWIDTH_LADDER_MBPS.join(', ')} Mbps`,
    });
  }
  if (desired.sku.tier === 'Local' && desired.sku.family !== 'UnlimitedData') {
    problems.push({
      rule: 'sku.local-unlimited-data',
      message: 'a Local circuit is always UnlimitedData',
    });
  }
  return problems;
}

/** VNet links per circuit the desired settings allow; undefined for a Premium bandwidth off the ladder. */
function vnetLinkLimit(desired: CircuitPairSettings): number | undefined {
  if (isLadderBandwidth(desired.bandwidthMbps)) return vnetLinksPerCircuit(desired.sku.tier, desired.bandwidthMbps);
  return desired.sku.tier === 'Premium' ? undefined : STANDARD_VNET_LINKS_PER_CIRCUIT;
}

/** What today's usage needs that the desired settings would not give (Premium → Standard/Local, fewer links). */
function usageProblems(
  current: CircuitPairSettings,
  desired: CircuitPairSettings,
  usage: CircuitUsage,
): ChangeReason[] {
  const problems: ChangeReason[] = [];
  const leavesPremium = current.sku.tier === 'Premium' && desired.sku.tier !== 'Premium';

  const linkLimit = vnetLinkLimit(desired);
  if (linkLimit !== undefined && usage.vnetLinksPerCircuit > linkLimit) {
    problems.push({
      rule: 'limit.vnet-links-per-circuit',
      message:
        `each circuit has ${usage.vnetLinksPerCircuit} VNet links but ${desired.sku.tier} at ` +
        `${desired.bandwidthMbps} Mbps allows ${linkLimit}; unlink VNets first`,
    });
  }
  if (leavesPremium && usage.crossGeopoliticalLinks) {
    problems.push({
      rule: 'change.cross-geopolitical-links',
      message: `VNets in other geopolitical regions are linked, which only Premium allows; unlink them first`,
    });
  }
  if (leavesPremium && usage.privatePeeringRoutes >= STANDARD_PRIVATE_PEERING_ROUTE_LIMIT) {
    problems.push({
      rule: 'limit.private-peering-routes',
      message:
        `private peering carries ${usage.privatePeeringRoutes} routes; ${desired.sku.tier} needs fewer than ` +
        `${STANDARD_PRIVATE_PEERING_ROUTE_LIMIT} (above the limit the BGP session drops)`,
    });
  }
  return problems;
}

/**
 * The geopolitical area of an Azure region, as ExpressRoute Standard counts it: a Standard circuit reaches only VNets
 * in its own area; Premium reaches every region (https://learn.microsoft.com/azure/expressroute/expressroute-locations,
 * "Azure regions and geopolitical regions"; https://learn.microsoft.com/azure/expressroute/expressroute-faqs,
 * "ExpressRoute Premium"). Regions not listed here are undefined: a link to one is not counted as crossing areas.
 */
const GEOPOLITICAL_AREAS: Readonly<Record<string, readonly string[]>> = {
  'North America': [
    'eastus',
    'eastus2',
    'centralus',
    'northcentralus',
    'southcentralus',
    'westcentralus',
    'westus',
    'westus2',
    'westus3',
    'canadacentral',
    'canadaeast',
    'mexicocentral',
  ],
  'South America': ['brazilsouth', 'brazilsoutheast', 'chilecentral'],
  Europe: [
    'northeurope',
    'westeurope',
    'francecentral',
    'francesouth',
    'germanywestcentral',
    'germanynorth',
    'switzerlandnorth',
    'switzerlandwest',
    'norwayeast',
    'norwaywest',
    'swedencentral',
    'swedensouth',
    'polandcentral',
    'italynorth',
    'spaincentral',
    'austriaeast',
  ],
  UK: ['uksouth', 'ukwest'],
  Asia: ['eastasia', 'southeastasia', 'indonesiacentral', 'malaysiawest'],
  Japan: ['japaneast', 'japanwest'],
  Korea: ['koreacentral', 'koreasouth'],
  India: ['centralindia', 'southindia', 'westindia', 'jioindiawest', 'jioindiacentral'],
  Australia: ['australiaeast', 'australiasoutheast', 'australiacentral', 'australiacentral2'],
  'Middle East': ['uaenorth', 'uaecentral', 'qatarcentral', 'israelcentral'],
  Africa: ['southafricanorth', 'southafricawest'],
};

export function geopoliticalAreaOf(region: string): string | undefined {
  const wanted = region.replace(/\s/g, '').toLowerCase();
  return Object.keys(GEOPOLITICAL_AREAS).find((area) => GEOPOLITICAL_AREAS[area]?.includes(wanted));
}
