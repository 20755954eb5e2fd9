/**
 * `ProviderWaitRegistry` on Azure Table storage.
 *
 * Table `{prefix}Waits`, one partition (`wait`), RowKey the wait's instance id (key-encoded). One partition
 * keeps the watcher's read a single ordered scan, 1,000 rows a page; waits are few (one per circuit being
 * provisioned or deprovisioned) and each is written twice in its life (register, unregister), far below a
 * partition's 2,000 operations a second.
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
const MAX_PAGE_SIZE = 1000;

export class TableProviderWaitRegistry implements ProviderWaitRegistry {
  constructor(private readonly table: TableHandle) {}

  async register(wait: ProviderWait): Promise<void> {
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
        partitionKey: WAIT_PARTITION,
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

  async unregister(instanceId: string): Promise<void> {
    await this.table.ready();
    try {
      await this.table.client.deleteEntity(WAIT_PARTITION, encodeKey(instanceId));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  async list(page: ProviderWaitPageRequest = {}): Promise<Page<ProviderWait>> {
    await this.table.ready();
    const pageSize = Math.min(Math.max(1, page.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE);
    const pages = this.table.client
      .listEntities({ queryOptions: { filter: odata`PartitionKey eq ${WAIT_PARTITION}` } })
      .byPage({
        maxPageSize: pageSize,
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      });
    const first = await pages.next();
    if (first.done === true) return { items: [] };
    const items = first.value.map(toWait);
    return first.value.continuationToken ? { items, continuationToken: first.value.continuationToken } : { items };
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
  };
}
