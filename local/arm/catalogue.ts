/**
 * The `expressRouteServiceProviders` catalogue: which providers exist, where they peer and which bandwidths they
 * sell. Circuits are validated against it exactly as ARM validates them against the real list.
 */
import type { JsonObject } from './json';

export interface ServiceProviderSpec {
  readonly name: string;
  readonly peeringLocations: readonly string[];
  /** Mbps values; defaults to every provider bandwidth (50 Mbps … 10 Gbps). */
  readonly bandwidthsOffered?: readonly number[];
}

export const PROVIDER_BANDWIDTHS_MBPS: readonly number[] = [50, 100, 200, 500, 1000, 2000, 5000, 10000];

export const DEFAULT_SERVICE_PROVIDERS: readonly ServiceProviderSpec[] = [
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
  },
  {
    name: 'Colt',
    peeringLocations: ['Amsterdam', 'Amsterdam2', 'Frankfurt', 'London', 'London2', 'Paris', 'Zurich'],
    bandwidthsOffered: [50, 100, 200, 500, 1000, 10000],
  },
  {
    name: 'Zayo',
    peeringLocations: ['Chicago', 'Dallas', 'London', 'New York', 'Toronto', 'Washington DC'],
    bandwidthsOffered: [1000, 2000, 5000, 10000],
  },
];

function offerName(mbps: number): string {
  return mbps >= 1000 && mbps % 1000 === 0 ? `${mbps / 1000}Gbps` : `${mbps}Mbps`;
}

export class ServiceProviderCatalogue {
  constructor(private readonly providers: readonly ServiceProviderSpec[] = DEFAULT_SERVICE_PROVIDERS) {}

  find(name: string): ServiceProviderSpec | undefined {
    return this.providers.find((provider) => provider.name.toLowerCase() === name.toLowerCase());
  }

  offersLocation(provider: ServiceProviderSpec, peeringLocation: string): boolean {
    return provider.peeringLocations.some((location) => location.toLowerCase() === peeringLocation.toLowerCase());
  }

  bandwidths(provider: ServiceProviderSpec): readonly number[] {
    return provider.bandwidthsOffered ?? PROVIDER_BANDWIDTHS_MBPS;
  }

  /** The list body, shaped like ExpressRouteProviderList (including ARM's empty-segment `id`). */
  toListBody(): JsonObject {
    return {
      value: this.providers.map((provider) => ({
        name: provider.name,
        id: '/subscriptions//resourceGroups//providers/Microsoft.Network/expressRouteServiceProviders/',
        type: 'Microsoft.Network/expressRouteServiceProviders',
        properties: {
          provisioningState: 'Succeeded',
          peeringLocations: [...provider.peeringLocations],
          bandwidthsOffered: this.bandwidths(provider).map((mbps) => ({
            offerName: offerName(mbps),
            valueInMbps: mbps,
          })),
        },
      })),
    };
  }
}
