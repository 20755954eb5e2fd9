/**
 * What a decommission did, for the rehearsal's summary: the customer's resources (those the automation tagged as
 * its) by type before and after the request, and when each circuit's bill stopped (its deletion, read from the
 * workflow's output).
 */
import type { SimResource } from '../arm';

export interface DecommissionSummary {
  /** Short resource type → how many the automation had made for the customer, before and after the request. */
  readonly before: Readonly<Record<string, number>>;
  readonly after: Readonly<Record<string, number>>;
  readonly billingStops: readonly { readonly circuit: string; readonly stoppedAt: string }[];
}

/** The customer's resources (tagged `csp-customer=<id>` by the automation), by short type. */
export function customerResourcesByType(resources: readonly SimResource[], customerId: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of resources) {
    if (resource.tags?.['managed-by'] !== 'expressroute-csp' || resource.tags['csp-customer'] !== customerId) continue;
    const type = resource.type.split('/').pop() ?? resource.type;
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** Each deleted circuit and when its bill stopped, from a decommission's output; empty for any other output. */
export function billingStopsOf(output: unknown): DecommissionSummary['billingStops'] {
  if (typeof output !== 'object' || output === null) return [];
  const { billingStops } = output as Record<string, unknown>;
  if (!Array.isArray(billingStops)) return [];
  return billingStops.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { circuitId, stoppedAt } = entry as Record<string, unknown>;
    if (typeof circuitId !== 'string' || typeof stoppedAt !== 'string') return [];
    return [{ circuit: circuitId.split('/').pop() ?? circuitId, stoppedAt }];
  });
}

function countsText(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? 'none' : entries.map(([type, count]) => `${String(count)} ${type}`).join(', ');
}

/** The summary's lines for one decommission. */
export function decommissionLines(summary: DecommissionSummary): string[] {
  return [
    `before: ${countsText(summary.before)}`,
    `after:  ${countsText(summary.after)}`,
    ...summary.billingStops.map((stop) => `billing stopped for ${stop.circuit} at ${stop.stoppedAt}`),
  ];
}
