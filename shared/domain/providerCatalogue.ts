/**
 * The connectivity providers' offer shipped with the project, for the offline checks of `ercsp validate` and
 * `ercsp plan` (warnings only: Azure's list changes, and the live list decides in the workflow).
 *
 * Sources, merged (a location in either is in the list):
 * - the ARM simulator's sample catalogue (`local/arm/catalogue.ts` at commit 9de7c58, taken 2026-12-04), so that the
 *   offline checks and the rehearsal agree;
 * - the "Locations by provider" table of Azure's "ExpressRoute partners and peering locations" page, as stored from
 *   MicrosoftDocs/azure-docs `articles/expressroute/expressroute-locations.md` (commit 0007e7690c7a, ms.date
 *   2019-07-30: an old version, so newer locations such as Dublin2 are missing) for the same four providers.
 * That page lists no bandwidths: these are the values ARM returns in `expressRouteServiceProviders[].bandwidthsOffered`
 * per the simulator's sample (50 Mbps to 10 Gbps; fewer where it says so). Four providers, not Azure's whole list: a
 * provider or location it lacks is reported as unknown to this catalogue, a warning, never a refusal.
 */
import type { OfferedByProvider } from './providerOffers';

export interface ProviderCatalogueFile {
  /** When the catalogue was taken (ISO date). */
  readonly asOf: string;
  readonly source: string;
  readonly providers: readonly OfferedByProvider[];
}

const EVERY_PROVIDER_BANDWIDTH_MBPS = [50, 100, 200, 500, 1000, 2000, 5000, 10000] as const;

export const SHIPPED_PROVIDER_CATALOGUE: ProviderCatalogueFile = {
  asOf: '2026-12-04',
  source:
    "the ARM simulator's sample (local/arm/catalogue.ts) merged with learn.microsoft.com/azure/expressroute/expressroute-locations (2019-07-30 version)",
  providers: [
    {
      name: 'Equinix',
      peeringLocations: [
        'Amsterdam',
        'Amsterdam2',
        'Atlanta',
        'Chicago',
        'Dallas',
        'Dublin',
        'Frankfurt',
        'Frankfurt2',
        'Hong Kong',
        'Hong Kong SAR',
        'London',
        'London2',
        'Los Angeles',
        'Melbourne',
        'Miami',
        'New York',
        'Osaka',
        'Paris',
        'Paris2',
        'Sao Paulo',
        'Seattle',
        'Silicon Valley',
        'Singapore',
        'Singapore2',
        'Sydney',
        'Tokyo',
        'Toronto',
        'Washington DC',
        'Zurich',
      ],
      bandwidthsMbps: EVERY_PROVIDER_BANDWIDTH_MBPS,
    },
    {
      name: 'Megaport',
      peeringLocations: [
        'Amsterdam',
        'Atlanta',
        'Auckland',
        'Chicago',
        'Dallas',
        'Denver',
        'Dublin',
        'Frankfurt',
        'Hong Kong SAR',
        'Las Vegas',
        'London',
        'Los Angeles',
        'Melbourne',
        'Miami',
        'New York',
        'Paris',
        'Perth',
        'Quebec City',
        'San Antonio',
        'Seattle',
        'Silicon Valley',
        'Singapore',
        'Singapore2',
        'Sydney',
        'Toronto',
        'Washington DC',
      ],
      bandwidthsMbps: EVERY_PROVIDER_BANDWIDTH_MBPS,
    },
    {
      name: 'Colt',
      peeringLocations: [
        'Amsterdam',
        'Amsterdam2',
        'Dublin',
        'Frankfurt',
        'London',
        'London2',
        'Newport',
        'Osaka',
        'Paris',
        'Singapore2',
        'Tokyo',
        'Zurich',
      ],
      bandwidthsMbps: [50, 100, 200, 500, 1000, 10000],
    },
    {
      name: 'Zayo',
      peeringLocations: ['Chicago', 'Dallas', 'London', 'New York', 'Toronto', 'Washington DC'],
      bandwidthsMbps: [1000, 2000, 5000, 10000],
    },
  ],
};

/** How messages name the shipped catalogue. */
export function shippedCatalogueName(catalogue: ProviderCatalogueFile = SHIPPED_PROVIDER_CATALOGUE): string {
  return `the catalogue shipped with ercsp (as of ${catalogue.asOf})`;
}
