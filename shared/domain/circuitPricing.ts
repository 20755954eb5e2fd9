/**
 * List prices of ExpressRoute circuits (provider model, not ExpressRoute Direct): the monthly port charge in USD by
 * SKU tier, data family and bandwidth. Used to say what a circuit costs while it exists (a decommission's plan, the
 * compliance sweeps' billed-but-idle findings), never to bill anyone.
 *
 * APPROXIMATE. The figures were meant to be read from Azure's pricing page (PRICE_LIST_SOURCE.url). That page renders
 * its numbers in the browser and the search tools available when this table was written returned only third-party
 * descriptions of the pricing model (a monthly flat rate per bandwidth; Unlimited costs more than Metered; Premium is
 * an add-on per circuit; Local exists from 1 Gbps and includes egress), not the page's figures. The numbers below are
 * therefore the US-dollar list prices for Zone 1 as remembered from that page, rounded, and must be treated as an
 * estimate: check the page (or the Azure Retail Prices API, `serviceName eq 'ExpressRoute'`) before quoting one to a
 * customer. Metered plans also charge outbound data per GB, which is not included here.
 *
 * Tiers:
 * - Standard: the port charge.
 * - Premium: Standard plus the Premium add-on for that bandwidth.
 * - Local: offered from 1 Gbps, UnlimitedData only (egress included), so a Local MeteredData price is undefined.
 */
import type { CircuitSku } from './spec';

export const PRICE_LIST_SOURCE = {
  url: 'https://azure.microsoft.com/en-us/pricing/details/expressroute/',
  retrieved: '2026-12-04',
  currency: 'USD',
  zone: 'Zone 1',
  accuracy: 'approximate',
  note: "Exact figures could not be read from the source page with the tools available (it renders prices client-side); the table holds approximate Zone 1 list prices. Verify against the page or the Azure Retail Prices API (https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'ExpressRoute') before quoting.",
} as const;

/** Monthly port charge, Standard tier, by bandwidth in Mbps. */
const STANDARD_METERED: Readonly<Record<number, number>> = {
  50: 55,
  100: 100,
  200: 175,
  500: 300,
  1000: 436,
  2000: 800,
  5000: 1600,
  10000: 3000,
};

const STANDARD_UNLIMITED: Readonly<Record<number, number>> = {
  50: 300,
  100: 575,
  200: 1150,
  500: 2750,
  1000: 5700,
  2000: 11400,
  5000: 28500,
  10000: 51300,
};

/** The Premium add-on per circuit and month, the same for both data families. */
const PREMIUM_ADD_ON: Readonly<Record<number, number>> = {
  50: 75,
  100: 150,
  200: 300,
  500: 750,
  1000: 1500,
  2000: 2500,
  5000: 5000,
  10000: 7500,
};

/** Local circuits: UnlimitedData only, from 1 Gbps. */
const LOCAL_UNLIMITED: Readonly<Record<number, number>> = {
  1000: 1200,
  2000: 2200,
  5000: 4500,
  10000: 6000,
};

function lookUp(table: Readonly<Record<number, number>>, bandwidthMbps: number): number | undefined {
  return Object.hasOwn(table, bandwidthMbps) ? table[bandwidthMbps] : undefined;
}

/**
 * The approximate monthly list price in USD of one circuit of this SKU and bandwidth, or undefined when the table has
 * no price for it (a bandwidth off Azure's ladder, or a combination Azure does not sell, such as Local MeteredData).
 */
export function monthlyPriceUsd(sku: CircuitSku, bandwidthMbps: number): number | undefined {
  if (sku.tier === 'Local') {
    return sku.family === 'UnlimitedData' ? lookUp(LOCAL_UNLIMITED, bandwidthMbps) : undefined;
  }
  const base = lookUp(sku.family === 'UnlimitedData' ? STANDARD_UNLIMITED : STANDARD_METERED, bandwidthMbps);
  if (base === undefined || sku.tier === 'Standard') return base;
  const addOn = lookUp(PREMIUM_ADD_ON, bandwidthMbps);
  return addOn === undefined ? undefined : base + addOn;
}
