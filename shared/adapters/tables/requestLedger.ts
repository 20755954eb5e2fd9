/**
 * `RequestLedger` on Azure Table storage.
 *
 * Table `{prefix}Requests`, two kinds of rows:
 * - request:        PartitionKey `request:{requestId}`, RowKey `request` (the dedupe row);
 * - customer index: PartitionKey `customer:{customerId}`, RowKey `{receivedAt}|{requestId}` → { requestId }.
 * Keys are key-encoded. Partitioning by the request id itself (not by customer, not by a hash bucket): the dedupe
 * check is a point insert on the id alone, it needs no customer (a rejected request may not name one), and
 * partitions spread as widely as ids do. Listing a customer's requests goes through the index partition, which is
 * written after the request row and rewritten on every redelivery, so a crash in between is repaired by the
 * redelivery that follows it; an index row never points at a missing request.
 *
 * Dedupe: `createEntity` is the insert-if-absent. Of concurrent inserts of one id exactly one succeeds; the others
 * get 409 and read the stored row (then count their delivery with an ETag-guarded update).
 */
import { odata } from './odata';
import { AppError, type ValidationIssue } from '../../errors';
import { scrubSecrets } from '../../redaction';
import {
  REQUEST_STATUSES,
  RequestLedgerErrors,
  type ReceivedOutcome,
  type ReceivedRequest,
  type RequestLedger,
  type RequestPatch,
  type RequestRecord,
  type RequestStatus,
} from '../../ports/requests';
import {
  type AdapterOptions,
  type Clock,
  type StoredEntity,
  type TableHandle,
  KEY_SEPARATOR,
  MAX_STRING_PROPERTY,
  boundEntity,
  boundText,
  definedOnly,
  encodeKey,
  tableKey,
  isConflict,
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

const REQUEST_ROW = 'request';
const REQUEST_PARTITION_PREFIX = 'request:';
const CUSTOMER_PARTITION_PREFIX = 'customer:';
const FINISHED: readonly RequestStatus[] = ['Completed', 'Failed'];

interface RequestRow {
  requestId: string;
  type: string;
  source?: string;
  customerId?: string;
  receivedAt: string;
  instanceId?: string;
  status: RequestStatus;
  issues?: string;
  digest?: string;
  traceparent?: string;
  updatedAt: string;
  deliveries: number;
  lastDeliveredAt: string;
  completedAt?: string;
  errorCode?: string;
  errorMessage?: string;
}

export class TableRequestLedger implements RequestLedger {
  private readonly clock: Clock;

  constructor(
    private readonly table: TableHandle,
    options: AdapterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async recordReceived(request: ReceivedRequest): Promise<ReceivedOutcome> {
    await this.table.ready();
    const receivedAt = normalizeTime('receivedAt', request.receivedAt);
    const row: RequestRow = {
      requestId: request.requestId,
      type: request.type,
      source: request.source,
      customerId: request.customerId,
      receivedAt,
      instanceId: request.instanceId,
      status: request.status,
      issues: issuesJson(request.issues),
      digest: request.digest,
      traceparent: request.traceparent,
      updatedAt: isoNow(this.clock),
      deliveries: 1,
      lastDeliveredAt: receivedAt,
    };
    const entity = this.entity(row);
    let record: RequestRecord;
    let firstSeen: boolean;
    try {
      const response = await this.table.client.createEntity(entity);
      record = toRecord({ ...entity, etag: response.etag ?? '' });
      firstSeen = true;
    } catch (error) {
      if (!isConflict(error)) throw error;
      const redelivery = await this.countRedelivery(request.requestId, receivedAt, request.digest);
      if (!redelivery.sameBody) return { firstSeen: false, sameBody: false, record: redelivery.record };
      record = redelivery.record;
      firstSeen = false;
    }
    await this.index(record);
    return { firstSeen, sameBody: true, record };
  }

  async update(requestId: string, patch: RequestPatch): Promise<RequestRecord> {
    await this.table.ready();
    return withOptimisticRetry(`request ${requestId}`, async () => {
      const current = await readEntity(this.table.client, requestPartition(requestId), REQUEST_ROW);
      if (!current) throw new AppError(RequestLedgerErrors.notFound, `request ${requestId} was never recorded`);
      const record = toRecord(current);
      const now = isoNow(this.clock);
      const status = patch.status ?? record.status;
      const completedAt =
        patch.completedAt ??
        record.completedAt ??
        (FINISHED.includes(status) && !FINISHED.includes(record.status) ? now : undefined);
      const error = patch.error ? { code: patch.error.code, message: scrubSecrets(patch.error.message) } : record.error;
      const row: RequestRow = {
        ...rowOf(record),
        status,
        instanceId: patch.instanceId ?? record.instanceId,
        issues: patch.issues === undefined ? issuesJson(record.issues) : issuesJson(patch.issues),
        completedAt,
        errorCode: error?.code,
        errorMessage: error?.message,
        updatedAt: now,
      };
      const entity = this.entity(row);
      try {
        const response = await this.table.client.updateEntity(entity, 'Replace', { etag: current.etag });
        return toRecord({ ...entity, etag: response.etag ?? '' });
      } catch (error_) {
        return retryAfterConflict(error_);
      }
    });
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    await this.table.ready();
    const entity = await readEntity(this.table.client, requestPartition(requestId), REQUEST_ROW);
    return entity ? toRecord(entity) : undefined;
  }

  async listByCustomer(customerId: string): Promise<readonly RequestRecord[]> {
    await this.table.ready();
    const index = await queryAll(this.table.client, odata`PartitionKey eq ${customerPartition(customerId)}`);
    const ids = [...new Set(index.map((entity) => requiredStr(entity, 'requestId')))];
    const records = await Promise.all(ids.map((id) => this.get(id)));
    return records
      .filter((record): record is RequestRecord => record?.customerId === customerId)
      .sort((a, b) =>
        a.receivedAt === b.receivedAt ? compare(a.requestId, b.requestId) : compare(a.receivedAt, b.receivedAt),
      );
  }

  /** Counts a redelivery of an equal body; a different body (by digest) leaves the row untouched. */
  private async countRedelivery(
    requestId: string,
    deliveredAt: string,
    digest: string | undefined,
  ): Promise<{ readonly sameBody: boolean; readonly record: RequestRecord }> {
    return withOptimisticRetry(`request ${requestId}`, async () => {
      const current = await readEntity(this.table.client, requestPartition(requestId), REQUEST_ROW);
      if (!current)
        throw new AppError(RequestLedgerErrors.notFound, `request ${requestId} vanished while deduplicating`);
      const record = toRecord(current);
      if (digest !== undefined && record.digest !== undefined && record.digest !== digest) {
        return { sameBody: false, record };
      }
      const row: RequestRow = {
        ...rowOf(record),
        deliveries: record.deliveries + 1,
        lastDeliveredAt: deliveredAt > record.lastDeliveredAt ? deliveredAt : record.lastDeliveredAt,
        updatedAt: isoNow(this.clock),
      };
      const entity = this.entity(row);
      try {
        const response = await this.table.client.updateEntity(entity, 'Replace', { etag: current.etag });
        return { sameBody: true, record: toRecord({ ...entity, etag: response.etag ?? '' }) };
      } catch (error) {
        return retryAfterConflict(error);
      }
    });
  }

  /** Idempotent: the index row's key derives from the stored record only. */
  private async index(record: RequestRecord): Promise<void> {
    if (record.customerId === undefined) return;
    await this.table.client.upsertEntity(
      {
        partitionKey: customerPartition(record.customerId),
        rowKey: ledgerIndexRowKey(record.receivedAt, record.requestId),
        requestId: record.requestId,
      },
      'Replace',
    );
  }

  private entity(row: RequestRow) {
    return boundEntity({
      partitionKey: requestPartition(row.requestId),
      rowKey: REQUEST_ROW,
      ...definedOnly({ ...row }),
    });
  }
}

export function requestPartition(requestId: string): string {
  return tableKey(REQUEST_PARTITION_PREFIX, encodeKey(requestId));
}

export function customerPartition(customerId: string): string {
  return tableKey(CUSTOMER_PARTITION_PREFIX, encodeKey(customerId));
}

/** The row of the per-customer index: requests in the order they were received. */
export function ledgerIndexRowKey(receivedAt: string, requestId: string): string {
  return tableKey(receivedAt, KEY_SEPARATOR, encodeKey(requestId));
}

function normalizeTime(name: string, value: string): string {
  const time = Date.parse(value);
  if (!Number.isFinite(time)) throw new AppError('InvalidArgument', `${name} must be an ISO 8601 time, not "${value}"`);
  return new Date(time).toISOString();
}

/** Each stored issue text is scrubbed (a safety net: messages must not hold secrets) and at most this long. */
const MAX_ISSUE_TEXT = 1024;

function storedIssue(issue: ValidationIssue): ValidationIssue {
  return {
    path: boundText(scrubSecrets(issue.path), MAX_ISSUE_TEXT),
    rule: boundText(issue.rule, MAX_ISSUE_TEXT),
    message: boundText(scrubSecrets(issue.message), MAX_ISSUE_TEXT),
  };
}

function issuesJson(given: readonly ValidationIssue[] | undefined): string | undefined {
  if (given === undefined) return undefined;
  const issues = given.map(storedIssue);
  const json = JSON.stringify(issues);
  if (json.length <= MAX_STRING_PROPERTY) return json;
  // Keep as many whole issues as fit, and say how many were dropped.
  const kept = [...issues];
  let text = json;
  while (kept.length > 1 && text.length > MAX_STRING_PROPERTY - 200) {
    kept.pop();
    text = JSON.stringify(kept);
  }
  const dropped: ValidationIssue = {
    path: '',
    rule: 'truncated',
    message: `${issues.length - kept.length} more issues not stored`,
  };
  return JSON.stringify([...kept, dropped]);
}

function parseIssues(text: string | undefined): ValidationIssue[] | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Cut by the entity bound (never in practice: issues are bounded first); say so rather than fail the read.
    return [{ path: '', rule: 'truncated', message: 'the stored issues were cut to fit the row' }];
  }
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { path, rule, message } = item as Record<string, unknown>;
    return typeof path === 'string' && typeof rule === 'string' && typeof message === 'string'
      ? [{ path, rule, message }]
      : [];
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toRecord(entity: StoredEntity): RequestRecord {
  const status = requiredStr(entity, 'status');
  if (!(REQUEST_STATUSES as readonly string[]).includes(status)) {
    throw new AppError('CorruptTableRow', `request ${entity.partitionKey ?? '?'} has status "${status}"`);
  }
  const optional = (name: string) => {
    const value = str(entity, name);
    return value === undefined ? {} : { [name]: value };
  };
  const issues = parseIssues(str(entity, 'issues'));
  const errorCode = str(entity, 'errorCode');
  const receivedAt = requiredStr(entity, 'receivedAt');
  return {
    requestId: requiredStr(entity, 'requestId'),
    type: requiredStr(entity, 'type'),
    ...optional('source'),
    ...optional('customerId'),
    receivedAt,
    ...optional('instanceId'),
    status: status as RequestStatus,
    ...(issues === undefined ? {} : { issues }),
    ...optional('digest'),
    ...optional('traceparent'),
    updatedAt: requiredStr(entity, 'updatedAt'),
    deliveries: num(entity, 'deliveries') ?? 1,
    lastDeliveredAt: str(entity, 'lastDeliveredAt') ?? receivedAt,
    ...optional('completedAt'),
    ...(errorCode === undefined ? {} : { error: { code: errorCode, message: str(entity, 'errorMessage') ?? '' } }),
    etag: entity.etag,
  };
}

function rowOf(record: RequestRecord): RequestRow {
  return {
    requestId: record.requestId,
    type: record.type,
    source: record.source,
    customerId: record.customerId,
    receivedAt: record.receivedAt,
    instanceId: record.instanceId,
    status: record.status,
    issues: issuesJson(record.issues),
    digest: record.digest,
    traceparent: record.traceparent,
    updatedAt: record.updatedAt,
    deliveries: record.deliveries,
    lastDeliveredAt: record.lastDeliveredAt,
    completedAt: record.completedAt,
    errorCode: record.error?.code,
    errorMessage: record.error?.message,
  };
}
