/**
 * What a bandwidth or SKU change did to each circuit, read from its workflow's output (`changeBandwidth`: the old and
 * new size of each circuit as Azure reported them), for the rehearsal's summary.
 */
export interface CircuitChangeLine {
  /** The circuit's name (last segment of its ARM id). */
  readonly circuit: string;
  readonly fromMbps: number;
  readonly toMbps: number;
  readonly fromSku: string;
  readonly toSku: string;
  /** False when Azure already had the size (nothing was written). */
  readonly written: boolean;
}

interface Sizing {
  readonly bandwidthMbps: number;
  readonly sku: { readonly tier: string; readonly family: string };
}

function isSizing(value: unknown): value is Sizing {
  if (typeof value !== 'object' || value === null) return false;
  const { bandwidthMbps, sku } = value as Record<string, unknown>;
  if (typeof bandwidthMbps !== 'number' || typeof sku !== 'object' || sku === null) return false;
  const { tier, family } = sku as Record<string, unknown>;
  return typeof tier === 'string' && typeof family === 'string';
}

/** The lines of a workflow output that reports circuit changes; empty for any other output. */
export function circuitChangesOf(output: unknown): CircuitChangeLine[] {
  if (typeof output !== 'object' || output === null) return [];
  const { circuits } = output as Record<string, unknown>;
  if (!Array.isArray(circuits)) return [];
  return circuits.flatMap((entry: unknown): CircuitChangeLine[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { circuitId, from, to, written } = entry as Record<string, unknown>;
    if (typeof circuitId !== 'string' || !isSizing(from) || !isSizing(to)) return [];
    return [
      {
        circuit: circuitId.split('/').pop() ?? circuitId,
        fromMbps: from.bandwidthMbps,
        toMbps: to.bandwidthMbps,
        fromSku: `${from.sku.tier}/${from.sku.family}`,
        toSku: `${to.sku.tier}/${to.sku.family}`,
        written: written === true,
      },
    ];
  });
}

/** `er-contoso-b: 1000 → 2000 Mbps, Standard/MeteredData`, or `… already 2000 Mbps …` when nothing was written. */
export function circuitChangeText(line: CircuitChangeLine): string {
  if (!line.written) return `${line.circuit}: already ${line.toMbps} Mbps, ${line.toSku} (nothing written)`;
  const sku = line.fromSku === line.toSku ? line.toSku : `${line.fromSku} → ${line.toSku}`;
  return `${line.circuit}: ${line.fromMbps} → ${line.toMbps} Mbps, ${sku}`;
}
