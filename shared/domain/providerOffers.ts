/**
 * The provider-catalogue rules: each circuit pair's provider is one Azure lists in `expressRouteServiceProviders`,
 * both its peering locations are among that provider's, and its bandwidth is one the provider sells. Checked against
 * whichever list the caller has: live from Azure (the workflow before its first write, `ercsp plan --live`) or the
 * catalogue shipped with the project (offline `validate` and `plan`, where a finding is a warning: Azure's list
 * changes). Pure: no I/O, no Azure SDKs.
 */
import type { ValidationIssue } from '../errors';
import { mention, quoteValue } from './issueWording';
import { circuitPairsOf } from './pairs';
import { normalizePeeringLocation } from './rules';
import type { CustomerSpec } from './spec';

/** What one provider sells, as Azure lists it (the shape of the `ProviderOffers` port's entries). */
export interface OfferedByProvider {
  readonly name: string;
  readonly peeringLocations: readonly string[];
  readonly bandwidthsMbps: readonly number[];
}

export const PROVIDER_RULES = {
  known: 'provider.known',
  peeringLocation: 'provider.peering-location-offered',
  bandwidth: 'provider.bandwidth-offered',
} as const;

/** Azure matches provider names case-insensitively (`equinix` is `Equinix`). */
export function findProvider(
  offers: readonly OfferedByProvider[],
  providerName: string,
): OfferedByProvider | undefined {
  const wanted = providerName.trim().toLowerCase();
  return offers.find((offer) => offer.name.toLowerCase() === wanted);
}

const MAX_LISTED = 12;

function listed(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LISTED).join(', ');
  return values.length > MAX_LISTED ? `${shown}, … (${values.length} in all)` : shown;
}

/**
 * Every pair's provider, peering locations and bandwidth against the offers. `source` names the list in the
 * messages (e.g. "Azure's expressRouteServiceProviders" or "the shipped catalogue of 2026-12-04").
 */
export function providerOfferIssues(
  spec: Pick<CustomerSpec, 'circuits' | 'circuitPairs'>,
  offers: readonly OfferedByProvider[],
  source: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const pair of circuitPairsOf(spec)) {
    const provider = findProvider(offers, pair.provider);
    if (provider === undefined) {
      issues.push({
        path: `${pair.path}.provider`,
        rule: PROVIDER_RULES.known,
        message:
          `${quoteValue(pair.provider)} is not a connectivity provider in ${source}; ` +
          `known: ${listed(offers.map((offer) => offer.name))}`,
      });
      continue;
    }
    const offeredLocations = new Set(provider.peeringLocations.map(normalizePeeringLocation));
    pair.peeringLocations.forEach((location, index) => {
      if (offeredLocations.has(normalizePeeringLocation(location))) return;
      issues.push({
        path: `${pair.path}.peeringLocations[${index}]`,
        rule: PROVIDER_RULES.peeringLocation,
        message:
          `${mention(provider.name)} offers no circuits at ${quoteValue(location)} in ${source}; ` +
          `its peering locations: ${listed(provider.peeringLocations)}`,
      });
    });
    if (provider.bandwidthsMbps.length > 0 && !provider.bandwidthsMbps.includes(pair.bandwidthMbps)) {
      issues.push({
        path: `${pair.path}.bandwidthMbps`,
        rule: PROVIDER_RULES.bandwidth,
        message:
          `${mention(provider.name)} does not sell ${pair.bandwidthMbps} Mbps in ${source}; ` +
          `offered: ${provider.bandwidthsMbps.join(', ')} Mbps`,
      });
    }
  }
  return issues;
}
