/**
 * `ProviderWaitRegistry` on Azure Table storage.
 *
 * Table `{prefix}Waits`, RowKey the wait's instance id (key-encoded), in one of two partitions: `wait`, and `close`
 * for the waits under close watch. A partition of its own keeps the close watch's read to the few rows it needs
 * (a query on a property would scan every wait); the whole watch reads both, in one ordered scan of 1,000 rows a
 * page. Waits are few (one per circuit being provisioned or deprovisioned) and each is written two to four times
 * in its life (register, into and out of close watch, unregister), far below a partition's 2,000 operations a
 * second.
 *
 * Moving a row between partitions writes the new row before it deletes the old one, so a crash in between leaves
 * the wait in both partitions, never in none: the watcher then sees it twice, which costs one more event (the wait
 * decides on its own ARM read) and is repaired by the next pass.
 */
import { odata } from './odata';
import { AppError, ErrorCodes } from '../../errors';
import type { Page } from '../../ports/customers';
import {
  AWAITED_PROVIDER_STATES,
  type AwaitedProviderState,
  type ProviderWait,
  type ProviderWaitPageRequest,
  type ProviderWaitRegistry,
} from '../../ports/providerWaits';
import { type StoredEntity, type TableHandle, encodeKey, isNotFound, requiredStr } from './tableSupport';

const WAIT_PARTITION = 'wait';
const CLOSE_WATCH_PARTITION = 'close';
const MAX_PAGE_SIZE = 1000;

function partitionOf(closeWatch: boolean): string {
  return closeWatch ? CLOSE_WATCH_PARTITION : WAIT_PARTITION;
}

export class TableProviderWaitRegistry implements ProviderWaitRegistry {
  constructor(private readonly table: TableHandle) {}

  async register(wait: ProviderWait): Promise<void> {
    await this.write(wait, false);
  }

  async setCloseWatch(wait: ProviderWait, closeWatch: boolean): Promise<void> {
    await this.write(wait, closeWatch);
    await this.deleteRow(partitionOf(!closeWatch), wait.instanceId);
  }

  async unregister(instanceId: string): Promise<void> {
    await this.deleteRow(CLOSE_WATCH_PARTITION, instanceId);
    await this.deleteRow(WAIT_PARTITION, instanceId);
  }

  async list(page: ProviderWaitPageRequest = {}): Promise<Page<ProviderWait>> {
    await this.table.ready();
    const pageSize = Math.min(Math.max(1, page.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE);
    const filter =
      page.closeWatchOnly === true
        ? odata`PartitionKey eq ${CLOSE_WATCH_PARTITION}`
        : odata`PartitionKey eq ${CLOSE_WATCH_PARTITION} or PartitionKey eq ${WAIT_PARTITION}`;
    const pages = this.table.client.listEntities({ queryOptions: { filter } }).byPage({
      maxPageSize: pageSize,
      ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
    });
    const first = await pages.next();
    if (first.done === true) return { items: [] };
    const items = first.value.map(toWait);
    return first.value.continuationToken ? { items, continuationToken: first.value.continuationToken } : { items };
  }

  private async write(wait: ProviderWait, closeWatch: boolean): Promise<void> {
    for (const field of ['instanceId', 'requestId', 'customerId', 'circuitId', 'tenantId', 'subscriptionId'] as const) {
      if (wait[field].trim() === '') {
        throw new AppError(ErrorCodes.invalidArgument, `provider wait: ${field} must not be empty`);
      }
    }
    if (!AWAITED_PROVIDER_STATES.includes(wait.awaiting)) {
      throw new AppError(
        ErrorCodes.invalidArgument,
        `provider wait: awaiting must be one of ${AWAITED_PROVIDER_STATES.join(', ')}`,
      );
    }
    await this.table.ready();
    await this.table.client.upsertEntity(
      {
        partitionKey: partitionOf(closeWatch),
        rowKey: encodeKey(wait.instanceId),
        instanceId: wait.instanceId,
        requestId: wait.requestId,
        customerId: wait.customerId,
        circuitId: wait.circuitId,
        tenantId: wait.tenantId,
        subscriptionId: wait.subscriptionId.toLowerCase(),
        awaiting: wait.awaiting,
        registeredAt: wait.registeredAt,
      },
      'Replace',
    );
  }

  private async deleteRow(partition: string, instanceId: string): Promise<void> {
    await this.table.ready();
    try {
      await this.table.client.deleteEntity(partition, encodeKey(instanceId));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
}

function toWait(entity: StoredEntity): ProviderWait {
  const awaiting = requiredStr(entity, 'awaiting');
  if (!(AWAITED_PROVIDER_STATES as readonly string[]).includes(awaiting)) {
    throw new AppError(
      ErrorCodes.invalidArgument,
      `provider wait row ${entity.rowKey}: awaiting "${awaiting}" is unknown`,
    );
  }
  return {
    instanceId: requiredStr(entity, 'instanceId'),
    requestId: requiredStr(entity, 'requestId'),
    customerId: requiredStr(entity, 'customerId'),
    circuitId: requiredStr(entity, 'circuitId'),
    tenantId: requiredStr(entity, 'tenantId'),
    subscriptionId: requiredStr(entity, 'subscriptionId'),
    awaiting: awaiting as AwaitedProviderState,
    registeredAt: requiredStr(entity, 'registeredAt'),
    ...(entity.partitionKey === CLOSE_WATCH_PARTITION ? { closeWatch: true } : {}),
  };
}
