/**
 * What placement needs to know about a subscription: how many ExpressRoute circuits it holds, in all and per Azure
 * region, counted as Azure counts them against its quotas (every circuit in the subscription, whoever created it and
 * whatever its state). Implemented over ARM by `shared/adapters/arm/armCircuitCounter.ts`.
 */

export interface CircuitCounts {
  /** Every circuit in the subscription. */
  readonly total: number;
  /** Circuits per region, keyed by the region's ARM name (`westeurope`, lower case, no spaces). */
  readonly byRegion: Readonly<Record<string, number>>;
}

export interface CircuitCountPort {
  countCircuits(subscriptionId: string): Promise<CircuitCounts>;
}

/** `West Europe` → `westeurope`: the key `CircuitCounts.byRegion` uses. */
export function regionKey(region: string): string {
  return region.replace(/\s+/g, '').toLowerCase();
}
