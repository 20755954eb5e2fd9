/**
 * The connectivity providers' offer shipped with the project, for the offline checks of `ercsp validate` and
 * `ercsp plan` (warnings only: Azure's list changes, and the live list decides in the workflow).
 *
 * Source: the ARM simulator's sample catalogue (`local/arm/catalogue.ts` at commit 9de7c58, 2026-12-04), so that the
 * offline checks and the rehearsal agree. Its provider and peering-location names are spelled as on Azure's
 * "ExpressRoute connectivity partners and peering locations" page
 * (https://learn.microsoft.com/azure/expressroute/expressroute-locations, "Locations by provider"); that page lists no
 * bandwidths, so these are the values ARM returns in `expressRouteServiceProviders[].bandwidthsOffered` (50 Mbps to
 * 10 Gbps; fewer where the sample says so). It is a sample of four providers, not Azure's whole list: a provider it
 * lacks is reported as unknown to this catalogue, which is a warning, never a refusal.
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
    "the ARM simulator's sample (local/arm/catalogue.ts), names as on learn.microsoft.com/azure/expressroute/expressroute-locations",
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
        'London',
        'London2',
        'Los Angeles',
        'New York',
        'Paris',
        'Paris2',
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
        'Chicago',
        'Dallas',
        'Dublin',
        'Frankfurt',
        'London',
        'Los Angeles',
        'Melbourne',
        'New York',
        'Paris',
        'Singapore',
        'Sydney',
        'Washington DC',
      ],
      bandwidthsMbps: EVERY_PROVIDER_BANDWIDTH_MBPS,
    },
    {
      name: 'Colt',
      peeringLocations: ['Amsterdam', 'Amsterdam2', 'Frankfurt', 'London', 'London2', 'Paris', 'Zurich'],
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
