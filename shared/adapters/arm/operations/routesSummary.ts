/**
 * How many routes the customer advertises on a circuit's private peering, as Azure's routes-table summary reports
 * them per Microsoft edge device (`ExpressRouteCircuits_ListRoutesTableSummary`, a long-running POST;
 * https://learn.microsoft.com/rest/api/expressroute/express-route-circuits/list-routes-table-summary). `statePfxRcd`
 * is the number of prefixes received from a BGP neighbor, or the session's state when it is not established (then
 * no routes are counted from it). The busier device decides. Read-only.
 */
import type { ArmId, Scope } from '../../../domain/intents';
import { resourceNameOf } from '../../../domain/naming';
import { getOrUndefined } from '../armCalls';
import type { ArmContext } from '../armContext';

const PRIVATE_PEERING = 'AzurePrivatePeering';
const DEVICES = ['primary', 'secondary'] as const;

/** Undefined when the circuit or its private peering does not exist. */
export async function readPrivatePeeringRoutes(
  context: ArmContext,
  circuitId: ArmId,
  scope: Scope,
): Promise<number | undefined> {
  const client = await context.clientFor(scope);
  const name = resourceNameOf(circuitId);
  let busiest: number | undefined;
  for (const device of DEVICES) {
    const summary = await getOrUndefined(`${circuitId}/peerings/${PRIVATE_PEERING}`, () =>
      client.expressRouteCircuits.beginListRoutesTableSummaryAndWait(
        scope.resourceGroup,
        name,
        PRIVATE_PEERING,
        device,
        {
          updateIntervalInMs: context.pollIntervalMs,
        },
      ),
    );
    if (summary === undefined) return undefined;
    const received = (summary.value ?? []).reduce((sum, row) => sum + prefixesReceived(row.statePfxRcd), 0);
    busiest = Math.max(busiest ?? 0, received);
  }
  return busiest;
}

function prefixesReceived(statePfxRcd: string | undefined): number {
  const count = Number(statePfxRcd);
  return statePfxRcd !== undefined && /^\d+$/.test(statePfxRcd.trim()) && Number.isFinite(count) ? count : 0;
}
