/**
 * The fleet-wide provider watcher: one pass over every provider wait in flight.
 *
 * Each page of the wait registry (up to 1,000 waits) is grouped by tenant, and each tenant's circuits are asked of
 * Resource Graph in batches (`InventoryPort.circuitsByIds`), so a pass costs about one query per page and tenant,
 * however many customers wait. A wait whose circuit reports the awaited `serviceProviderProvisioningState` is woken
 * (`ProviderProvisioned` / `ProviderDeprovisioned` raised on its `awaitProvider` instance) and forgotten. Resource
 * Graph is eventually consistent: that is safe, because the event only makes the wait read the circuit from ARM at
 * once, and the wait decides on that read (a premature event costs one GET, never a wrong decision).
 *
 * A wait whose circuit shows the provider at work (`Provisioning` while it awaits `Provisioned`, `Deprovisioning`
 * while it awaits `NotProvisioned`) is put under close watch, and taken out again if the provider goes back. The
 * close pass (`closeWatchOnly`, every minute by default) reads only those waits: the provider's last step comes
 * after it was seen at work, so it is noticed within a minute at the cost of a query per page of circuits being
 * worked on, while the whole pass (every 5 minutes) still finds a provider that skips `Provisioning`.
 *
 * Waits that will never be woken are forgotten too: the instance does not exist, or has ended (checked only for a
 * wait whose circuit Resource Graph does not return, or that is older than `staleAfterMs`: a few reads of the
 * workflow engine, never of ARM).
 */
import type { ArmId } from '../domain/intents';
import type { InventoryPort, InventoryScope } from '../ports/inventory';
import { type ProviderWaitRegistry, providerAtWorkFor, wakeEventFor } from '../ports/providerWaits';
import { InstanceNotFoundError, isTerminalRuntimeStatus, type WorkflowClient } from '../ports/workflows';

export interface ProviderWatcherOptions {
  /** Circuit ids per Resource Graph query (default 500; a page of the registry holds up to 1,000 waits). */
  readonly idsPerQuery?: number;
  /** Waits per registry page (default and maximum 1,000). */
  readonly pageSize?: number;
  /**
   * An unmatched wait older than this has its instance's status checked (default 15 days: past the provider deadline
   * of 14 days, every wait has escalated and returned).
   */
  readonly staleAfterMs?: number;
  readonly now?: () => number;
  /** Read only the waits under close watch (the close pass); default: every wait (the whole pass). */
  readonly closeWatchOnly?: boolean;
}

export interface ProviderWatchSummary {
  readonly pages: number;
  readonly waits: number;
  /** `circuitsByIds` calls made (each one or more Resource Graph queries: see `resourceGraphQueries`). */
  readonly inventoryCalls: number;
  /** Resource Graph queries, as the inventory counted them during this pass. */
  readonly resourceGraphQueries: number;
  /** Events raised (waits woken). */
  readonly woken: number;
  /** Waits forgotten: woken ones, and those whose instance is gone or has ended. */
  readonly unregistered: number;
  /** Instance status reads (workflow engine, not ARM). */
  readonly statusChecks: number;
  /** Waits put under close watch (the provider was seen at work on their circuit). */
  readonly closeWatchStarted: number;
  /** Waits taken out of close watch (the provider went back). */
  readonly closeWatchEnded: number;
}

const DEFAULT_IDS_PER_QUERY = 500;
const DEFAULT_STALE_AFTER_MS = 15 * 24 * 60 * 60 * 1000;

export async function watchProviderWaits(
  deps: { readonly waits: ProviderWaitRegistry; readonly inventory: InventoryPort; readonly workflows: WorkflowClient },
  options: ProviderWatcherOptions = {},
): Promise<ProviderWatchSummary> {
  const idsPerQuery = Math.max(1, options.idsPerQuery ?? DEFAULT_IDS_PER_QUERY);
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const now = options.now ?? Date.now;
  const queriesBefore = deps.inventory.statistics().queries;
  let pages = 0;
  let waits = 0;
  let inventoryCalls = 0;
  let woken = 0;
  let unregistered = 0;
  let statusChecks = 0;
  let closeWatchStarted = 0;
  let closeWatchEnded = 0;

  let continuationToken: string | undefined;
  do {
    const page = await deps.waits.list({
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
      ...(continuationToken === undefined ? {} : { continuationToken }),
      ...(options.closeWatchOnly === true ? { closeWatchOnly: true } : {}),
    });
    continuationToken = page.continuationToken;
    pages += 1;
    waits += page.items.length;

    const states = new Map<string, string | undefined>();
    for (const [tenantId, tenantWaits] of groupBy(page.items, (wait) => wait.tenantId.toLowerCase())) {
      for (const batch of chunks(tenantWaits, idsPerQuery)) {
        const scope: InventoryScope = {
          tenantId: batch[0]?.tenantId ?? tenantId,
          subscriptionIds: [...new Set(batch.map((wait) => wait.subscriptionId.toLowerCase()))],
        };
        const ids: ArmId[] = [...new Set(batch.map((wait) => wait.circuitId))];
        inventoryCalls += 1;
        for (const circuit of await deps.inventory.circuitsByIds([scope], ids)) {
          const state = circuit.properties.serviceProviderProvisioningState;
          states.set(circuit.id.toLowerCase(), typeof state === 'string' ? state : undefined);
        }
      }
    }

    for (const wait of page.items) {
      const key = wait.circuitId.toLowerCase();
      if (states.get(key) === wait.awaiting) {
        try {
          await deps.workflows.raiseEvent(wait.instanceId, wakeEventFor(wait.awaiting), {
            circuitId: wait.circuitId,
            serviceProviderProvisioningState: wait.awaiting,
            source: 'provider-watcher',
          });
          woken += 1;
        } catch (error) {
          if (!(error instanceof InstanceNotFoundError)) throw error;
        }
        await deps.waits.unregister(wait.instanceId);
        unregistered += 1;
        continue;
      }
      const state = states.get(key);
      if (state !== undefined) {
        const atWork = state === providerAtWorkFor(wait.awaiting);
        if (atWork !== (wait.closeWatch === true)) {
          await deps.waits.setCloseWatch(wait, atWork);
          if (atWork) closeWatchStarted += 1;
          else closeWatchEnded += 1;
        }
      }
      const stale = now() - Date.parse(wait.registeredAt) > staleAfterMs;
      if (states.has(key) && !stale) continue;
      statusChecks += 1;
      const status = await deps.workflows.status(wait.instanceId);
      if (status === undefined || isTerminalRuntimeStatus(status.runtimeStatus)) {
        await deps.waits.unregister(wait.instanceId);
        unregistered += 1;
      }
    }
  } while (continuationToken !== undefined);

  return {
    pages,
    waits,
    inventoryCalls,
    resourceGraphQueries: deps.inventory.statistics().queries - queriesBefore,
    woken,
    unregistered,
    statusChecks,
    closeWatchStarted,
    closeWatchEnded,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
