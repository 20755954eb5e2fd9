/**
 * `CheckpointLog` on Azure Table storage.
 *
 * Table `{prefix}Checkpoints`: PartitionKey `{customerId}`, RowKey `{requestId}|{stepKey}`, each part key-encoded
 * (`encodeKey`: `/ \ # ? %` `|` `~` and control characters become `~XX`), so one request's rows are the RowKey range
 * `{requestId}|` … `{requestId}}`. `armIds` and `detail` are stored as JSON strings.
 *
 * Concurrency: `record` is a read-modify-write. It reads the row, merges the report into it (`mergeCheckpoint`, a
 * pure function), and writes with If-Match on the ETag it read, or inserts when there was no row. A 412 (someone
 * wrote in between) or 409 (someone inserted first) makes it read again and re-merge the same report on top of
 * the other writer's result, so no report is lost; merging is order-insensitive where it has to be (ARM ids are a
 * union, status only moves forward).
 */
import { odata } from './odata';
import { AppError } from '../../errors';
import {
  CHECKPOINT_STATUSES,
  scrubDetail,
  scrubSecrets,
  type CheckpointDetail,
  type CheckpointEntry,
  type CheckpointLog,
  type CheckpointOutcome,
  type CheckpointRecord,
  type CheckpointStatus,
  type CheckpointWrite,
} from '../../ports/checkpoints';
import {
  type AdapterOptions,
  type Clock,
  type StoredEntity,
  type TableHandle,
  KEY_SEPARATOR,
  KEY_SEPARATOR_END,
  MAX_STRING_PROPERTY,
  boundText,
  definedOnly,
  encodeKey,
  tableKey,
  isoNow,
  num,
  queryAll,
  readEntity,
  requiredStr,
  retryAfterConflict,
  str,
  stringArray,
  systemClock,
  withOptimisticRetry,
} from './tableSupport';

/** Longer error messages and details are cut (after scrubbing); a checkpoint is a summary, not a log. */
export const MAX_ERROR_MESSAGE_LENGTH = 4000;
export const MAX_DETAIL_LENGTH = 8000;

const TERMINAL: readonly CheckpointStatus[] = ['Succeeded', 'Failed', 'Skipped'];
const FINAL: readonly CheckpointStatus[] = ['Succeeded', 'Skipped'];

function phase(status: CheckpointStatus): number {
  return status === 'Started' ? 0 : status === 'Waiting' ? 1 : 2;
}

/**
 * Merges one report into the current row (undefined: no row yet). Pure. `applied` is false when the report was
 * stale; ARM ids are merged either way. Rules: see `CheckpointLog` in `shared/ports/checkpoints.ts`.
 */
export function mergeCheckpoint(
  current: CheckpointRecord | undefined,
  entry: CheckpointEntry,
  at: string,
): { readonly record: CheckpointRecord; readonly applied: boolean; readonly changed: boolean } {
  const terminal = TERMINAL.includes(entry.status);
  const reported = {
    ...(entry.outcome === undefined ? {} : { outcome: entry.outcome }),
    ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
    ...(entry.errorMessage === undefined ? {} : { errorMessage: entry.errorMessage }),
    ...(entry.detail === undefined ? {} : { detail: entry.detail }),
  };
  if (!current) {
    const record: CheckpointRecord = {
      customerId: entry.customerId,
      requestId: entry.requestId,
      stepKey: entry.stepKey,
      status: entry.status,
      attempt: entry.attempt ?? 1,
      startedAt: at,
      updatedAt: at,
      ...(terminal ? { endedAt: at } : {}),
      armIds: union([], entry.armIds ?? []),
      ...reported,
    };
    return { record, applied: true, changed: true };
  }

  const attempt =
    entry.attempt ??
    (entry.status === 'Started' && current.status === 'Failed' ? current.attempt + 1 : current.attempt);
  const newAttempt = attempt > current.attempt && !FINAL.includes(current.status);
  const sameAttemptForward =
    attempt === current.attempt &&
    (phase(entry.status) > phase(current.status) || (entry.status === 'Waiting' && current.status === 'Waiting'));
  const armIds = union(current.armIds, entry.armIds ?? []);
  const armIdsChanged = armIds.length !== current.armIds.length;
  const updatedAt = at > current.updatedAt ? at : current.updatedAt;

  if (newAttempt) {
    // A retry (or a report of a later attempt that overtook its own Started): the previous attempt's result goes.
    const {
      endedAt: _endedAt,
      outcome: _outcome,
      errorCode: _code,
      errorMessage: _message,
      detail: _detail,
      ...kept
    } = current;
    const record: CheckpointRecord = {
      ...kept,
      status: entry.status,
      attempt,
      updatedAt,
      ...(terminal ? { endedAt: at } : {}),
      armIds,
      ...reported,
    };
    return { record, applied: true, changed: true };
  }
  if (sameAttemptForward) {
    const record: CheckpointRecord = {
      ...current,
      status: entry.status,
      updatedAt,
      ...(terminal ? { endedAt: at } : {}),
      armIds,
      ...reported,
    };
    return { record, applied: true, changed: true };
  }
  if (!armIdsChanged) return { record: current, applied: false, changed: false };
  return { record: { ...current, armIds, updatedAt }, applied: false, changed: true };
}

interface CheckpointRow {
  customerId: string;
  requestId: string;
  stepKey: string;
  status: CheckpointStatus;
  attempt: number;
  startedAt: string;
  updatedAt: string;
  endedAt?: string;
  armIds: string;
  outcome?: CheckpointOutcome;
  errorCode?: string;
  errorMessage?: string;
  detail?: string;
}

export class TableCheckpointLog implements CheckpointLog {
  private readonly clock: Clock;

  constructor(
    private readonly table: TableHandle,
    options: AdapterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async record(entry: CheckpointEntry): Promise<CheckpointWrite> {
    await this.table.ready();
    const clean = sanitize(entry);
    const at = clean.at === undefined ? isoNow(this.clock) : normalizeTime(clean.at);
    const partitionKey = encodeKey(entry.customerId);
    const rowKey = checkpointRowKey(entry.requestId, entry.stepKey);
    return withOptimisticRetry(`checkpoint ${entry.customerId}/${entry.requestId}/${entry.stepKey}`, async () => {
      const entity = await readEntity(this.table.client, partitionKey, rowKey);
      const current = entity ? toRecord(entity) : undefined;
      const { record, applied, changed } = mergeCheckpoint(current, clean, at);
      if (!changed) return { applied, record };
      const row = { partitionKey, rowKey, ...definedOnly({ ...toRow(record) }) };
      try {
        if (entity) await this.table.client.updateEntity(row, 'Replace', { etag: entity.etag });
        else await this.table.client.createEntity(row);
      } catch (error) {
        return retryAfterConflict(error);
      }
      return { applied, record };
    });
  }

  async list(customerId: string, requestId?: string): Promise<readonly CheckpointRecord[]> {
    await this.table.ready();
    const partitionKey = encodeKey(customerId);
    const filter =
      requestId === undefined
        ? odata`PartitionKey eq ${partitionKey}`
        : odata`PartitionKey eq ${partitionKey} and RowKey ge ${encodeKey(requestId) + KEY_SEPARATOR} and RowKey lt ${
            encodeKey(requestId) + KEY_SEPARATOR_END
          }`;
    const rows = await queryAll(this.table.client, filter);
    return rows
      .map((entity) => ({ key: entity.rowKey ?? '', record: toRecord(entity) }))
      .sort((a, b) => compare(a.record.startedAt, b.record.startedAt) || compare(a.key, b.key))
      .map(({ record }) => record);
  }

  async get(customerId: string, requestId: string, stepKey: string): Promise<CheckpointRecord | undefined> {
    await this.table.ready();
    const entity = await readEntity(this.table.client, encodeKey(customerId), checkpointRowKey(requestId, stepKey));
    return entity ? toRecord(entity) : undefined;
  }
}

export function checkpointRowKey(requestId: string, stepKey: string): string {
  return tableKey(encodeKey(requestId), KEY_SEPARATOR, encodeKey(stepKey));
}

/** Scrubs secrets, then bounds sizes. */
function sanitize(entry: CheckpointEntry): CheckpointEntry {
  if (entry.attempt !== undefined && (!Number.isInteger(entry.attempt) || entry.attempt < 1)) {
    throw new AppError('InvalidCheckpoint', `attempt must be a positive integer, not ${entry.attempt}`);
  }
  const errorMessage =
    entry.errorMessage === undefined ? undefined : truncate(scrubSecrets(entry.errorMessage), MAX_ERROR_MESSAGE_LENGTH);
  let detail: CheckpointDetail | undefined = entry.detail === undefined ? undefined : scrubDetail(entry.detail);
  if (detail !== undefined) {
    const json = JSON.stringify(detail);
    if (json.length > MAX_DETAIL_LENGTH) detail = { truncated: true, preview: json.slice(0, MAX_DETAIL_LENGTH) };
  }
  const { errorMessage: _message, detail: _detail, ...rest } = entry;
  return {
    ...rest,
    ...(errorMessage === undefined ? {} : { errorMessage }),
    ...(detail === undefined ? {} : { detail }),
  };
}

function truncate(text: string, max: number): string {
  return boundText(text, max);
}

function normalizeTime(at: string): string {
  const time = Date.parse(at);
  if (!Number.isFinite(time)) throw new AppError('InvalidCheckpoint', `at must be an ISO 8601 time, not "${at}"`);
  return new Date(time).toISOString();
}

function union(existing: readonly string[], added: readonly string[]): string[] {
  const result = [...existing];
  for (const id of added) if (!result.includes(id)) result.push(id);
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isStatus(value: string): value is CheckpointStatus {
  return (CHECKPOINT_STATUSES as readonly string[]).includes(value);
}

function isOutcome(value: string | undefined): value is CheckpointOutcome {
  return value === 'created' || value === 'updated' || value === 'unchanged';
}

function toRow(record: CheckpointRecord): CheckpointRow {
  const armIds = JSON.stringify(record.armIds);
  if (armIds.length > MAX_STRING_PROPERTY) {
    throw new AppError('CheckpointTooLarge', `step ${record.stepKey} lists more ARM ids than one row can hold`);
  }
  return {
    customerId: record.customerId,
    requestId: record.requestId,
    stepKey: record.stepKey,
    status: record.status,
    attempt: record.attempt,
    startedAt: record.startedAt,
    updatedAt: record.updatedAt,
    endedAt: record.endedAt,
    armIds,
    outcome: record.outcome,
    errorCode: record.errorCode,
    errorMessage: record.errorMessage,
    detail: record.detail === undefined ? undefined : JSON.stringify(record.detail),
  };
}

function toRecord(entity: StoredEntity): CheckpointRecord {
  const status = requiredStr(entity, 'status');
  if (!isStatus(status))
    throw new AppError('CorruptTableRow', `checkpoint ${entity.rowKey ?? '?'} has status "${status}"`);
  const outcome = str(entity, 'outcome');
  const endedAt = str(entity, 'endedAt');
  const errorCode = str(entity, 'errorCode');
  const errorMessage = str(entity, 'errorMessage');
  const detail = str(entity, 'detail');
  return {
    customerId: requiredStr(entity, 'customerId'),
    requestId: requiredStr(entity, 'requestId'),
    stepKey: requiredStr(entity, 'stepKey'),
    status,
    attempt: num(entity, 'attempt') ?? 1,
    startedAt: requiredStr(entity, 'startedAt'),
    updatedAt: requiredStr(entity, 'updatedAt'),
    ...(endedAt === undefined ? {} : { endedAt }),
    armIds: stringArray(entity, 'armIds'),
    ...(isOutcome(outcome) ? { outcome } : {}),
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    ...(detail === undefined ? {} : { detail: JSON.parse(detail) as CheckpointDetail }),
  };
}
