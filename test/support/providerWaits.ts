/**
 * An in-memory `ProviderWaitRegistry` (same paging contract as the Tables adapter: waits under close watch first,
 * each group in instance id order, 1,000 a page at most) and an in-memory `InventoryPort` that answers `circuitsByIds` from a map of circuits, for the watcher's
 * unit tests and the provider-watch benchmark's fakes.
 */
import type { ArmId } from '../../shared/domain/intents';
import type { Page } from '../../shared/ports/customers';
import type { InventoryPort, InventoryResource, InventoryScope } from '../../shared/ports/inventory';
import type { ProviderWait, ProviderWaitPageRequest, ProviderWaitRegistry } from '../../shared/ports/providerWaits';

export class InMemoryProviderWaitRegistry implements ProviderWaitRegistry {
  readonly rows = new Map<string, ProviderWait>();
  listCalls = 0;

  register(wait: ProviderWait): Promise<void> {
    const { closeWatch: _closeWatch, ...row } = wait;
    this.rows.set(wait.instanceId, row);
    return Promise.resolve();
  }

  setCloseWatch(wait: ProviderWait, closeWatch: boolean): Promise<void> {
    const { closeWatch: _closeWatch, ...row } = wait;
    this.rows.set(wait.instanceId, closeWatch ? { ...row, closeWatch: true } : row);
    return Promise.resolve();
  }

  unregister(instanceId: string): Promise<void> {
    this.rows.delete(instanceId);
    return Promise.resolve();
  }

  list(page: ProviderWaitPageRequest = {}): Promise<Page<ProviderWait>> {
    this.listCalls += 1;
    const size = Math.min(Math.max(1, page.pageSize ?? 1000), 1000);
    // The Tables adapter's order: partition `close` before `wait`, then instance id.
    const keyOf = (wait: ProviderWait) => `${wait.closeWatch === true ? '0' : '1'}|${wait.instanceId}`;
    const sorted = [...this.rows.values()]
      .filter((wait) => page.closeWatchOnly !== true || wait.closeWatch === true)
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
    const after = page.continuationToken;
    const rest = after === undefined ? sorted : sorted.filter((wait) => keyOf(wait) > after);
    const items = rest.slice(0, size);
    const last = items.at(-1);
    return Promise.resolve(
      rest.length > size && last !== undefined ? { items, continuationToken: keyOf(last) } : { items },
    );
  }
}

/** Circuits by id with their provider state; each `circuitsByIds` call counts as one query. */
export class InMemoryCircuitInventory implements InventoryPort {
  readonly providerStates = new Map<string, string>();
  readonly calls: { scopes: readonly InventoryScope[]; ids: readonly ArmId[] }[] = [];

  resources(): AsyncIterable<never> {
    throw new Error('InMemoryCircuitInventory answers circuitsByIds only');
  }

  circuitsByIds(scopes: readonly InventoryScope[], ids: readonly ArmId[]): Promise<readonly InventoryResource[]> {
    this.calls.push({ scopes, ids });
    const subscriptions = new Set(scopes.flatMap((scope) => scope.subscriptionIds.map((id) => id.toLowerCase())));
    const found: InventoryResource[] = [];
    for (const id of ids) {
      const state = this.providerStates.get(id.toLowerCase());
      const subscriptionId = /\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? '';
      if (state === undefined || !subscriptions.has(subscriptionId)) continue;
      found.push({
        id: id.toLowerCase(),
        type: 'microsoft.network/expressroutecircuits',
        name: id.split('/').at(-1) ?? '',
        subscriptionId,
        resourceGroup: '',
        location: 'westeurope',
        tags: {},
        properties: { serviceProviderProvisioningState: state },
      });
    }
    return Promise.resolve(found);
  }

  resourcesOfCustomer(): Promise<readonly InventoryResource[]> {
    return Promise.reject(new Error('InMemoryCircuitInventory answers circuitsByIds only'));
  }

  statistics(): { queries: number; rows: number } {
    return { queries: this.calls.length, rows: 0 };
  }
}
