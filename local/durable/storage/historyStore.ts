/**
 * Durable state in Table storage (Azurite locally, the same code against Azure), laid out after the Azure Storage
 * provider:
 *   {hub}Instances  one row per instance: status, input, output, custom status, times, generation, episode count
 *   {hub}History    partition = instance id, row = `{generation:6}-{index:8}`, one row per event (split when large)
 *   {hub}Messages   partition = instance id, row = message id: what the extension's control queue would hold
 *                   (started, raised events, activity results, fired timers, terminate) until an episode applies it
 */
import { randomBytes } from 'node:crypto';
import { TableClient, odata } from '@azure/data-tables';
import type { TableEntityResult, TransactionAction } from '@azure/data-tables';
import type { HistoryEvent } from '../wire/historyEvents';
import { fromRows, rowKeysOf, toRows } from './chunkedRows';
import type { ColumnValue, Row } from './chunkedRows';
import type { InstanceRecord, MessageBody, ParentLink, QueuedMessage, RuntimeStatus } from './records';
import { tableNamesFor } from './tableNames';
import type { TaskHubTables } from './tableNames';

export interface HistoryStoreOptions {
  readonly connectionString: string;
  readonly taskHub: string;
  /** Needed for http endpoints (Azurite). Default: true when the connection string points at http. */
  readonly allowInsecureConnection?: boolean;
  /**
   * Keep instance rows and current-generation histories in memory once read or written (write-through), saving two
   * reads per episode. Only valid while this store is the only writer of the task hub. Default true.
   */
  readonly cache?: boolean;
}

/** A message as read back, with the number of rows it occupies. */
export type StoredMessage = QueuedMessage & { readonly rowCount: number };

export class InstanceConflictError extends Error {
  override readonly name = 'InstanceConflictError';
}

const INSTANCE_ROW = 'instance';
const PAYLOAD_CHARS = 30_000;
/** Entity group transactions take at most 100 operations and 4 MiB; 50 rows of ≤15k chars stay under both. */
const BATCH_SIZE = 50;

type Entity = TableEntityResult<Record<string, unknown>>;

function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const { statusCode } = error;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function pointsAtHttp(connectionString: string): boolean {
  return /(DefaultEndpointsProtocol=http;|TableEndpoint=http:|UseDevelopmentStorage=true)/i.test(connectionString);
}

function historyRowKey(generation: number, index: number): string {
  return `${String(generation).padStart(6, '0')}-${String(index).padStart(8, '0')}`;
}

function historyRows(
  instanceId: string,
  generation: number,
  startIndex: number,
  events: readonly HistoryEvent[],
): Row[] {
  return events.flatMap((event, offset) =>
    toRows(instanceId, {
      rowKey: historyRowKey(generation, startIndex + offset),
      text: JSON.stringify(event),
      columns: { EventType: event.EventType },
    }),
  );
}

function generationRange(instanceId: string, generation: number): string {
  const prefix = String(generation).padStart(6, '0');
  return odata`PartitionKey eq ${instanceId} and RowKey ge ${`${prefix}-`} and RowKey lt ${`${prefix}.`}`;
}

/** Large JSON payloads of the instance row are spread over `Name`, `Name_1`, `Name_2`… columns. */
function payloadColumns(column: string, text: string | null): Record<string, ColumnValue> {
  if (text === null) return { [`${column}Parts`]: 0 };
  const columns: Record<string, ColumnValue> = {};
  const parts = Math.max(1, Math.ceil(text.length / PAYLOAD_CHARS));
  for (let part = 0; part < parts; part++) {
    columns[part === 0 ? column : `${column}_${part}`] = text.slice(part * PAYLOAD_CHARS, (part + 1) * PAYLOAD_CHARS);
  }
  columns[`${column}Parts`] = parts;
  return columns;
}

function readPayload(entity: Entity, column: string): string | null {
  const parts = Number(entity[`${column}Parts`] ?? 0);
  if (parts === 0) return null;
  let text = '';
  for (let part = 0; part < parts; part++) {
    const value = entity[part === 0 ? column : `${column}_${part}`];
    text += typeof value === 'string' ? value : '';
  }
  return text;
}

function toInstanceEntity(record: InstanceRecord): Row {
  return {
    partitionKey: record.instanceId,
    rowKey: INSTANCE_ROW,
    Name: record.name,
    RuntimeStatus: record.runtimeStatus,
    CreatedTime: record.createdTime,
    LastUpdatedTime: record.lastUpdatedTime,
    ExecutionId: record.executionId,
    Generation: record.generation,
    Episodes: record.episodes,
    HistoryEventCount: record.historyEventCount,
    Parent: record.parent === null ? '' : JSON.stringify(record.parent),
    ...payloadColumns('Input', record.input),
    ...payloadColumns('Output', record.output),
    ...payloadColumns('CustomStatus', record.customStatus),
  };
}

function fromInstanceEntity(entity: Entity): InstanceRecord {
  const text = (key: string): string => (typeof entity[key] === 'string' ? entity[key] : '');
  const parent = text('Parent');
  return {
    instanceId: entity.partitionKey ?? '',
    name: text('Name'),
    runtimeStatus: text('RuntimeStatus') as RuntimeStatus,
    createdTime: text('CreatedTime'),
    lastUpdatedTime: text('LastUpdatedTime'),
    executionId: text('ExecutionId'),
    generation: Number(entity.Generation ?? 1),
    episodes: Number(entity.Episodes ?? 0),
    historyEventCount: Number(entity.HistoryEventCount ?? 0),
    parent: parent === '' ? null : (JSON.parse(parent) as ParentLink),
    input: readPayload(entity, 'Input'),
    output: readPayload(entity, 'Output'),
    customStatus: readPayload(entity, 'CustomStatus'),
    etag: entity.etag,
  };
}

let messageCounter = 0;

/** Sortable, unique across restarts: wall-clock millis, a process counter, a little randomness. */
function newMessageId(): string {
  messageCounter = (messageCounter + 1) % 1_000_000;
  return `${String(Date.now()).padStart(15, '0')}-${String(messageCounter).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
}

interface CachedHistory {
  readonly generation: number;
  readonly events: HistoryEvent[];
}

export class DurableHistoryStore {
  readonly tables: TaskHubTables;
  private readonly instances: TableClient;
  private readonly history: TableClient;
  private readonly messages: TableClient;
  private readonly caching: boolean;
  private readonly cachedRecords = new Map<string, InstanceRecord>();
  private readonly cachedHistories = new Map<string, CachedHistory>();

  constructor(options: HistoryStoreOptions) {
    this.tables = tableNamesFor(options.taskHub);
    this.caching = options.cache ?? true;
    const clientOptions = {
      allowInsecureConnection: options.allowInsecureConnection ?? pointsAtHttp(options.connectionString),
    };
    const client = (table: string): TableClient =>
      TableClient.fromConnectionString(options.connectionString, table, clientOptions);
    this.instances = client(this.tables.instances);
    this.history = client(this.tables.history);
    this.messages = client(this.tables.messages);
  }

  async ensureTables(): Promise<void> {
    await Promise.all([this.instances.createTable(), this.history.createTable(), this.messages.createTable()]);
  }

  // --- instances ------------------------------------------------------------------------------------------------------

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    const cached = this.cachedRecords.get(instanceId);
    if (cached !== undefined) return cached;
    try {
      const record = fromInstanceEntity(await this.instances.getEntity(instanceId, INSTANCE_ROW));
      this.remember(record);
      return record;
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Inserts a new instance row; an existing row raises InstanceConflictError. */
  async createInstance(record: InstanceRecord): Promise<void> {
    try {
      const { etag } = await this.instances.createEntity(toInstanceEntity(record));
      this.remember({ ...record, etag });
    } catch (error) {
      if (statusCodeOf(error) === 409)
        throw new InstanceConflictError(`Instance '${record.instanceId}' already exists.`);
      throw error;
    }
  }

  /** Replaces the row, guarded by the record's ETag when it has one (412 → InstanceConflictError). */
  async replaceInstance(record: InstanceRecord): Promise<void> {
    try {
      const { etag } = await this.instances.updateEntity(toInstanceEntity(record), 'Replace', {
        etag: record.etag ?? '*',
      });
      this.remember({ ...record, etag });
    } catch (error) {
      this.cachedRecords.delete(record.instanceId);
      if (statusCodeOf(error) === 412) {
        throw new InstanceConflictError(`Instance '${record.instanceId}' was changed by someone else.`);
      }
      throw error;
    }
  }

  async listInstances(): Promise<InstanceRecord[]> {
    const records: InstanceRecord[] = [];
    for await (const entity of this.instances.listEntities()) {
      if (entity.rowKey === INSTANCE_ROW) records.push(fromInstanceEntity(entity));
    }
    return records;
  }

  /** Deletes the instance row, its whole history and its pending messages. */
  async purgeInstance(instanceId: string): Promise<boolean> {
    const existed = (await this.getInstance(instanceId)) !== undefined;
    this.cachedRecords.delete(instanceId);
    this.cachedHistories.delete(instanceId);
    await this.deleteWhere(this.history, odata`PartitionKey eq ${instanceId}`, instanceId);
    await this.deleteWhere(this.messages, odata`PartitionKey eq ${instanceId}`, instanceId);
    if (existed) {
      try {
        await this.instances.deleteEntity(instanceId, INSTANCE_ROW);
      } catch (error) {
        if (statusCodeOf(error) !== 404) throw error;
      }
    }
    return existed;
  }

  // --- history --------------------------------------------------------------------------------------------------------

  async readHistory(instanceId: string, generation: number): Promise<HistoryEvent[]> {
    const cached = this.cachedHistories.get(instanceId);
    if (cached?.generation === generation) return [...cached.events];
    const rows: Entity[] = [];
    const query = { queryOptions: { filter: generationRange(instanceId, generation) } };
    for await (const row of this.history.listEntities(query)) rows.push(row);
    const events = fromRows(rows).map((record) => JSON.parse(record.text) as HistoryEvent);
    if (this.caching) this.cachedHistories.set(instanceId, { generation, events: [...events] });
    return events;
  }

  /** Writes events at positions `startIndex…` of a generation; rewriting the same positions is harmless. */
  async appendHistory(
    instanceId: string,
    generation: number,
    startIndex: number,
    events: readonly HistoryEvent[],
  ): Promise<void> {
    const cached = this.cachedHistories.get(instanceId);
    this.cachedHistories.delete(instanceId);
    const rows = historyRows(instanceId, generation, startIndex, events);
    await this.submit(
      this.history,
      instanceId,
      rows.map((row): TransactionAction => ['upsert', row, 'Replace']),
    );
    if (cached?.generation === generation && cached.events.length === startIndex) {
      this.cachedHistories.set(instanceId, { generation, events: [...cached.events, ...events] });
    }
  }

  async deleteGeneration(instanceId: string, generation: number): Promise<void> {
    const cached = this.cachedHistories.get(instanceId);
    if (cached?.generation !== generation) {
      await this.deleteWhere(this.history, generationRange(instanceId, generation), instanceId);
      return;
    }
    // The rows of a known history can be deleted without listing them first.
    this.cachedHistories.delete(instanceId);
    const keys = historyRows(instanceId, generation, 0, cached.events).map((row) => row.rowKey);
    await this.submit(
      this.history,
      instanceId,
      keys.map((rowKey): TransactionAction => ['delete', { partitionKey: instanceId, rowKey }]),
    );
  }

  // --- messages -------------------------------------------------------------------------------------------------------

  /**
   * Queues a message for an instance. With an explicit `messageId` the send is idempotent: a message already queued
   * under that id is left as it is.
   */
  async sendMessage(
    instanceId: string,
    body: MessageBody,
    sentAt: string,
    messageId: string = newMessageId(),
  ): Promise<string> {
    const rows = toRows(instanceId, {
      rowKey: messageId,
      text: JSON.stringify(body),
      columns: { Kind: body.kind, SentAt: sentAt },
    });
    try {
      await this.submit(
        this.messages,
        instanceId,
        rows.map((row): TransactionAction => ['create', row]),
      );
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
    }
    return messageId;
  }

  async readMessages(instanceId: string): Promise<StoredMessage[]> {
    const rows: Entity[] = [];
    const query = { queryOptions: { filter: odata`PartitionKey eq ${instanceId}` } };
    for await (const row of this.messages.listEntities(query)) rows.push(row);
    return fromRows(rows).map((record) => ({
      messageId: record.rowKey,
      instanceId,
      sentAt: String(record.columns.SentAt ?? ''),
      body: JSON.parse(record.text) as MessageBody,
      rowCount: Number(record.columns.Chunks ?? 1),
    }));
  }

  async deleteMessages(instanceId: string, messages: readonly StoredMessage[]): Promise<void> {
    const keys = messages.flatMap((message) => rowKeysOf(message.messageId, message.rowCount));
    await this.submit(
      this.messages,
      instanceId,
      keys.map((rowKey): TransactionAction => ['delete', { partitionKey: instanceId, rowKey }]),
    );
  }

  /** Instance ids that have queued messages. */
  async instancesWithMessages(): Promise<string[]> {
    const ids = new Set<string>();
    for await (const row of this.messages.listEntities({ queryOptions: { select: ['PartitionKey'] } })) {
      if (row.partitionKey !== undefined) ids.add(row.partitionKey);
    }
    return [...ids];
  }

  // --- helpers --------------------------------------------------------------------------------------------------------

  private remember(record: InstanceRecord): void {
    if (this.caching) this.cachedRecords.set(record.instanceId, record);
  }

  private async submit(
    client: TableClient,
    partitionKey: string,
    actions: readonly TransactionAction[],
  ): Promise<void> {
    for (let start = 0; start < actions.length; start += BATCH_SIZE) {
      const batch = actions.slice(start, start + BATCH_SIZE);
      if (batch.length === 1 && batch[0] !== undefined) await this.submitOne(client, partitionKey, batch[0]);
      else await client.submitTransaction([...batch]);
    }
  }

  /** A single operation needs no transaction (and reports its own status code plainly). */
  private async submitOne(client: TableClient, partitionKey: string, action: TransactionAction): Promise<void> {
    const [kind, entity] = action;
    if (kind === 'create') await client.createEntity(entity);
    else if (kind === 'delete') {
      try {
        await client.deleteEntity(partitionKey, entity.rowKey);
      } catch (error) {
        if (statusCodeOf(error) !== 404) throw error;
      }
    } else await client.upsertEntity(entity, 'Replace');
  }

  private async deleteWhere(client: TableClient, filter: string, partitionKey: string): Promise<void> {
    const keys: string[] = [];
    for await (const row of client.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) {
      if (row.rowKey !== undefined) keys.push(row.rowKey);
    }
    await this.submit(
      client,
      partitionKey,
      keys.map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]),
    );
  }
}
