/**
 * The connectivity providers' offer (`expressRouteServiceProviders`), used to refuse a bandwidth no provider sells
 * before a circuit PUT: ARM's answer to that is undocumented (and was an InternalError or a Failed circuit in public
 * reports), so the adapter says it itself, with a stable code. Cached per client for an hour.
 */
import type { ExpressRouteServiceProvider, NetworkManagementClient } from '@azure/arm-network';
import type { CircuitIntent } from '../../../domain/intents';
import type { ProviderOffer } from '../../../ports/providerOffers';
import { ArmOperationError } from '../../../errors';
import { listAll } from '../armCalls';

const CACHE_TTL_MS = 60 * 60 * 1000;

export const BANDWIDTH_NOT_OFFERED = 'ExpressRouteCircuitBandwidthNotOffered';

export class ProviderCatalogue {
  private readonly cache = new WeakMap<
    NetworkManagementClient,
    { at: number; providers: ExpressRouteServiceProvider[] }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  async providers(client: NetworkManagementClient): Promise<ExpressRouteServiceProvider[]> {
    const cached = this.cache.get(client);
    if (cached !== undefined && this.now() - cached.at < CACHE_TTL_MS) return cached.providers;
    const providers = await listAll('expressRouteServiceProviders', client.expressRouteServiceProviders.list());
    this.cache.set(client, { at: this.now(), providers });
    return providers;
  }

  /** The providers as the `ProviderOffers` port gives them: name, peering locations, bandwidths in Mbps. */
  async offers(client: NetworkManagementClient): Promise<ProviderOffer[]> {
    return (await this.providers(client)).flatMap((provider) =>
      provider.name === undefined || provider.name === ''
        ? []
        : [
            {
              name: provider.name,
              peeringLocations: provider.peeringLocations ?? [],
              bandwidthsMbps: (provider.bandwidthsOffered ?? []).flatMap((offer) =>
                offer.valueInMbps === undefined ? [] : [offer.valueInMbps],
              ),
            },
          ],
    );
  }

  /**
   * Throws when the named provider is known and does not sell the bandwidth. An unknown provider or location is left
   * to ARM, whose codes for those are documented (`ExpressRouteCircuitServiceProviderDoesNotExist`, ...).
   */
  async assertBandwidthOffered(client: NetworkManagementClient, intent: CircuitIntent): Promise<void> {
    const provider = (await this.providers(client)).find(
      (candidate) => candidate.name?.toLowerCase() === intent.serviceProviderName.toLowerCase(),
    );
    const offered = provider?.bandwidthsOffered?.map((offer) => offer.valueInMbps);
    if (offered === undefined || offered.length === 0 || offered.includes(intent.bandwidthMbps)) return;
    throw new ArmOperationError(
      BANDWIDTH_NOT_OFFERED,
      `${intent.id}: ${intent.serviceProviderName} does not offer ${intent.bandwidthMbps} Mbps (offered: ${offered.join(', ')} Mbps)`,
      { retryable: false, target: intent.id },
    );
  }
}
