/**
 * `OutboundEvents` recorded in Azure Table storage: each event once, by id, so that a retried publish (an activity
 * retried after a crash) is dropped just as Service Bus duplicate detection would drop it. Used until, or
 * alongside, the Service Bus adapter, and by tests and rehearsals to see what was sent.
 *
 * Table `{prefix}Outbound`: PartitionKey `{id}` (key-encoded), RowKey `event`. Partitioning by the id makes the
 * dedupe a plain insert on the id alone (Service Bus deduplicates on messageId only, not per subject);
 * `list(customerId)` is then a scan filtered on `subject`, acceptable for an audit trail read by operators.
 */
import { odata } from './odata';
import type { OutboundEvent, OutboundEvents } from '../../ports/outbound';
import {
  type AdapterOptions,
  type Clock,
  type StoredEntity,
  type TableHandle,
  MAX_STRING_PROPERTY,
  boundText,
  encodeKey,
  isConflict,
  isoNow,
  queryAll,
  requiredStr,
  systemClock,
} from './tableSupport';

const EVENT_ROW = 'event';

export interface RecordedOutboundEvent extends OutboundEvent {
  /** When this recorder first stored it. */
  readonly recordedAt: string;
}

export class TableOutboundEventRecorder implements OutboundEvents {
  private readonly clock: Clock;

  constructor(
    private readonly table: TableHandle,
    options: AdapterOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Stores the event unless one with the same id is already stored (then does nothing). */
  async publish(event: OutboundEvent): Promise<void> {
    await this.table.ready();
    // An event too large for a row keeps a marked preview of its data (events carry the service key on purpose,
    // so they are not run through the redaction heuristics; secrets never reach them in the first place).
    const full = JSON.stringify(event.data) as string | undefined;
    const data =
      full === undefined || full.length <= MAX_STRING_PROPERTY
        ? full
        : JSON.stringify({
            truncated: true,
            characters: full.length,
            preview: boundText(full, MAX_STRING_PROPERTY / 2),
          });
    try {
      await this.table.client.createEntity({
        partitionKey: encodeKey(event.id),
        rowKey: EVENT_ROW,
        id: event.id,
        type: event.type,
        subject: event.subject,
        time: event.time,
        data,
        ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
        recordedAt: isoNow(this.clock),
      });
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }

  /** Every recorded event (one customer's, when given), ordered by `time`, then id. */
  async list(customerId?: string): Promise<readonly RecordedOutboundEvent[]> {
    await this.table.ready();
    const filter = customerId === undefined ? odata`RowKey eq ${EVENT_ROW}` : odata`subject eq ${customerId}`;
    const rows = await queryAll(this.table.client, filter);
    return rows.map(toEvent).sort((a, b) => (a.time === b.time ? (a.id < b.id ? -1 : 1) : a.time < b.time ? -1 : 1));
  }
}

function toEvent(entity: StoredEntity): RecordedOutboundEvent {
  const data: unknown = JSON.parse(requiredStr(entity, 'data'));
  return {
    id: requiredStr(entity, 'id'),
    type: requiredStr(entity, 'type'),
    subject: requiredStr(entity, 'subject'),
    time: requiredStr(entity, 'time'),
    data: typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {},
    ...(typeof entity.traceparent === 'string' ? { traceparent: entity.traceparent } : {}),
    recordedAt: requiredStr(entity, 'recordedAt'),
  };
}
