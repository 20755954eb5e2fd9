/**
 * `ProviderOffers` from the catalogue shipped with the project (shared/domain/providerCatalogue.ts): the offline
 * checks of `ercsp validate` and `ercsp plan`, where no Azure is reachable. The same list for every scope.
 */
import { SHIPPED_PROVIDER_CATALOGUE, type ProviderCatalogueFile } from '../../domain/providerCatalogue';
import type { ProviderOffer, ProviderOffers } from '../../ports/providerOffers';

export class ShippedProviderOffers implements ProviderOffers {
  constructor(readonly catalogue: ProviderCatalogueFile = SHIPPED_PROVIDER_CATALOGUE) {}

  list(): Promise<readonly ProviderOffer[]> {
    return Promise.resolve(this.catalogue.providers);
  }
}
