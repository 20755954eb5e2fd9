/**
 * What the connectivity providers sell, as Azure lists it (`expressRouteServiceProviders`): the peering locations
 * and bandwidths of each provider. Read live from Azure by the ARM adapter (in the workflow, before the first write,
 * and by `ercsp plan --live`), or from the catalogue file shipped with the project (offline `validate` and `plan`,
 * as a warning: Azure's list changes).
 */
import type { Scope } from '../domain/intents';

export interface ProviderOffer {
  /** The provider's name as Azure spells it (e.g. `Equinix`). */
  readonly name: string;
  readonly peeringLocations: readonly string[];
  readonly bandwidthsMbps: readonly number[];
}

export interface ProviderOffers {
  /** Every provider Azure lists for the subscription (the list is the same in every subscription of a cloud). */
  list(scope: Omit<Scope, 'resourceGroup'>): Promise<readonly ProviderOffer[]>;
}
