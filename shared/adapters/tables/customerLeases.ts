/**
 * `CustomerLeases` on Azure Table storage.
 *
 * Table `{prefix}Leases`, partition `{customerId}` (key-encoded), two kinds of rows:
 * - RowKey `lease`: { heldBy, since } (both empty when free), and `version`, counting its changes;
 * - RowKey `history|{version, 12 digits}`: one audit row per Acquired / Released / ForceReleased, in order.
 *
 * Every change is one entity-group transaction (same partition) holding the lease row's write and its history row,
 * so the audit trail can never miss a change. The first acquisition inserts the lease row (two racing owners: one
 * insert wins, the other gets 409, re-reads, and sees the winner). Later changes update it with If-Match on the
 * ETag just read (412: re-read and decide again). Releasing marks the row free rather than deleting it, because a
 * delete inside a Table transaction cannot carry an ETag, and the release must be both conditional and audited.
 * The history row's key is the lease row's new version, so two writers that read the same version also collide on
 * the history insert (409): a second, independent guard against a lost update.
 */
import type { TransactionAction } from '@azure/data-tables';
import { odata } from './odata';
import { AppError } from '../../errors';
import type {
  CustomerLeases,
  ForcedRelease,
  LeaseAcquisition,
  LeaseEvent,
  LeaseHistoryEntry,
  LeaseRelease,
  LeaseState,
} from '../../ports/leases';
import {
  type AdapterOptions,
  type Clock,
  type StoredEntity,
  type TableHandle,
  KEY_SEPARATOR,
  KEY_SEPARATOR_END,
  definedOnly,
  encodeKey,
  isoNow,
  num,
  queryAll,
  readEntity,
  requiredStr,
  retryAfterConflict,
  str,
  systemClock,
  withOptimisticRetry,
} from './tableSupport';

const LEASE_ROW = 'lease';
const HISTORY_PREFIX = 'history';
const LEASE_EVENTS: readonly LeaseEvent[] = ['Acquired', 'Released', 'ForceReleased'];

interface HistoryRow {
  customerId: string;
  event: LeaseEvent;
  owner: string;
  at: string;
  reason?: string;
  by?: string;
  heldSince?: string;
}

export class TableCustomerLeases implements CustomerLeases {
  private readonly clock: Clock;

  constructor(
    private readonly table: TableHandle,
    options: AdapterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async tryAcquire(customerId: string, owner: string): Promise<LeaseAcquisition> {
    requireText('owner', owner);
    await this.table.ready();
    return withOptimisticRetry(`lease ${customerId}`, async () => {
      const entity = await this.readLease(customerId);
      const held = entity ? holder(entity) : undefined;
      if (held?.heldBy === owner) return { acquired: true, since: held.since };
      if (held) return { acquired: false, heldBy: held.heldBy, since: held.since };
      const now = isoNow(this.clock);
      const version = versionOf(entity) + 1;
      const lease = {
        partitionKey: encodeKey(customerId),
        rowKey: LEASE_ROW,
        customerId,
        heldBy: owner,
        since: now,
        version,
      };
      const write: TransactionAction = entity ? ['update', lease, 'Replace', { etag: entity.etag }] : ['create', lease];
      await this.commit(customerId, version, write, { customerId, event: 'Acquired', owner, at: now });
      return { acquired: true, since: now };
    });
  }

  async release(customerId: string, owner: string): Promise<LeaseRelease> {
    requireText('owner', owner);
    await this.table.ready();
    return withOptimisticRetry(`lease ${customerId}`, async () => {
      const entity = await this.readLease(customerId);
      const held = entity ? holder(entity) : undefined;
      if (!entity || !held) return { outcome: 'absent' };
      if (held.heldBy !== owner) return { outcome: 'heldByAnother', heldBy: held.heldBy, since: held.since };
      const now = isoNow(this.clock);
      const version = versionOf(entity) + 1;
      await this.commit(customerId, version, this.freeLease(customerId, version, entity.etag), {
        customerId,
        event: 'Released',
        owner,
        at: now,
        heldSince: held.since,
      });
      return { outcome: 'released' };
    });
  }

  async forceRelease(customerId: string, reason: string, by?: string): Promise<ForcedRelease> {
    requireText('reason', reason);
    await this.table.ready();
    return withOptimisticRetry(`lease ${customerId}`, async () => {
      const entity = await this.readLease(customerId);
      const held = entity ? holder(entity) : undefined;
      if (!entity || !held) return { outcome: 'absent' };
      const now = isoNow(this.clock);
      const version = versionOf(entity) + 1;
      await this.commit(customerId, version, this.freeLease(customerId, version, entity.etag), {
        customerId,
        event: 'ForceReleased',
        owner: held.heldBy,
        at: now,
        reason,
        by,
        heldSince: held.since,
      });
      return { outcome: 'released', heldBy: held.heldBy, since: held.since };
    });
  }

  async current(customerId: string): Promise<LeaseState | undefined> {
    await this.table.ready();
    const entity = await this.readLease(customerId);
    const held = entity ? holder(entity) : undefined;
    return held ? { customerId, ...held } : undefined;
  }

  async history(customerId: string): Promise<readonly LeaseHistoryEntry[]> {
    await this.table.ready();
    const partitionKey = encodeKey(customerId);
    const rows = await queryAll(
      this.table.client,
      odata`PartitionKey eq ${partitionKey} and RowKey ge ${HISTORY_PREFIX + KEY_SEPARATOR} and RowKey lt ${
        HISTORY_PREFIX + KEY_SEPARATOR_END
      }`,
    );
    return rows.map(toHistoryEntry); // RowKeys are zero-padded versions: the service returns them in order
  }

  private readLease(customerId: string): Promise<StoredEntity | undefined> {
    return readEntity(this.table.client, encodeKey(customerId), LEASE_ROW);
  }

  private freeLease(customerId: string, version: number, etag: string): TransactionAction {
    const free = { partitionKey: encodeKey(customerId), rowKey: LEASE_ROW, customerId, heldBy: '', since: '', version };
    return ['update', free, 'Replace', { etag }];
  }

  /** The lease row's write and its history row, atomically; 409/412 → the caller's loop re-reads. */
  private async commit(
    customerId: string,
    version: number,
    write: TransactionAction,
    history: HistoryRow,
  ): Promise<void> {
    const partitionKey = encodeKey(customerId);
    const rowKey = HISTORY_PREFIX + KEY_SEPARATOR + String(version).padStart(12, '0');
    try {
      await this.table.client.submitTransaction([
        write,
        ['create', { partitionKey, rowKey, ...definedOnly({ ...history }) }],
      ]);
    } catch (error) {
      retryAfterConflict(error);
    }
  }
}

function versionOf(entity: StoredEntity | undefined): number {
  return entity ? (num(entity, 'version') ?? 0) : 0;
}

function holder(entity: StoredEntity): { heldBy: string; since: string } | undefined {
  const heldBy = str(entity, 'heldBy') ?? '';
  return heldBy === '' ? undefined : { heldBy, since: str(entity, 'since') ?? '' };
}

function requireText(name: string, value: string): void {
  if (value.trim() === '') throw new AppError('InvalidArgument', `${name} must not be empty`);
}

function toHistoryEntry(entity: StoredEntity): LeaseHistoryEntry {
  const event = requiredStr(entity, 'event');
  if (!(LEASE_EVENTS as readonly string[]).includes(event)) {
    throw new AppError('CorruptTableRow', `lease history row ${entity.rowKey ?? '?'} has event "${event}"`);
  }
  const reason = str(entity, 'reason');
  const by = str(entity, 'by');
  const heldSince = str(entity, 'heldSince');
  return {
    customerId: requiredStr(entity, 'customerId'),
    event: event as LeaseEvent,
    owner: requiredStr(entity, 'owner'),
    at: requiredStr(entity, 'at'),
    ...(reason === undefined ? {} : { reason }),
    ...(by === undefined ? {} : { by }),
    ...(heldSince === undefined ? {} : { heldSince }),
  };
}
