/**
 * The ARM simulator's `expressRouteServiceProviders` catalogue is a sample of Azure's. A rehearsal judges what the
 * app does with its requests, not the sample's coverage, so the catalogue it runs on also offers the providers,
 * peering locations and bandwidths its onboarding requests name; every such addition is reported, never silent.
 */
import { circuitPairsOf } from '../../shared/domain/pairs';
import { DEFAULT_SERVICE_PROVIDERS, type ServiceProviderSpec } from '../arm';
import { PROVIDER_BANDWIDTHS_MBPS } from '../arm/catalogue';
import type { CustomerSpec } from '../../shared/domain/spec';

export interface CatalogueCoverage {
  readonly providers: readonly ServiceProviderSpec[];
  /** One line per addition, e.g. `Colt at Dublin, Dublin2`. */
  readonly additions: readonly string[];
}

export function catalogueCovering(
  specs: readonly CustomerSpec[],
  base: readonly ServiceProviderSpec[] = DEFAULT_SERVICE_PROVIDERS,
): CatalogueCoverage {
  const providers: { name: string; peeringLocations: string[]; bandwidthsOffered?: number[] }[] = base.map(
    (provider) => ({
      name: provider.name,
      peeringLocations: [...provider.peeringLocations],
      ...(provider.bandwidthsOffered === undefined ? {} : { bandwidthsOffered: [...provider.bandwidthsOffered] }),
    }),
  );
  const additions: string[] = [];
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const circuits of specs.flatMap((spec) => circuitPairsOf(spec))) {
    let provider = providers.find((candidate) => same(candidate.name, circuits.provider));
    if (provider === undefined) {
      provider = { name: circuits.provider, peeringLocations: [] };
      providers.push(provider);
      additions.push(`provider ${circuits.provider}`);
    }
    const missing = circuits.peeringLocations.filter(
      (location) => !provider.peeringLocations.some((offered) => same(offered, location)),
    );
    if (missing.length > 0) {
      provider.peeringLocations.push(...missing);
      additions.push(`${provider.name} at ${missing.join(', ')}`);
    }
    const offered = provider.bandwidthsOffered ?? PROVIDER_BANDWIDTHS_MBPS;
    if (!offered.includes(circuits.bandwidthMbps)) {
      provider.bandwidthsOffered = [...offered, circuits.bandwidthMbps].sort((a, b) => a - b);
      additions.push(`${provider.name} at ${circuits.bandwidthMbps} Mbps`);
    }
  }
  return { providers, additions };
}
