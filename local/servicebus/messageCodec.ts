/**
 * AMQP message helpers for the local Service Bus peer: batch decoding, body encoding and decoding the way
 * `@azure/service-bus` does it, and the read-only view of stored messages that tests and `ercsp rehearse` get.
 */
import { message as amqp, string_to_uuid, uuid_to_string } from 'rhea';
import {
  DEAD_LETTER_DESCRIPTION_PROPERTY,
  DEAD_LETTER_REASON_PROPERTY,
  messageIdText,
  type AmqpMessage,
  type StoredMessage,
} from './broker';

/** The message format of a Service Bus batch: one transfer whose data sections are each an encoded message. */
export const BATCH_MESSAGE_FORMAT = 0x80013700;

const DATA_SECTION = 0x75;
const SEQUENCE_SECTION = 0x76;
const VALUE_SECTION = 0x77;

/** A body section as rhea decodes it (rhea's typings leave bodies as `any`). */
interface BodySection {
  readonly typecode: number;
  readonly content: unknown;
  readonly multiple?: boolean;
}

function isBodySection(value: unknown): value is BodySection {
  return typeof value === 'object' && value !== null && 'typecode' in value && typeof value.typecode === 'number';
}

export function decodeMessage(buffer: Buffer): AmqpMessage {
  return amqp.decode(buffer) as AmqpMessage;
}

export function encodeMessage(message: AmqpMessage): Buffer {
  return amqp.encode(message);
}

/** The messages inside a batch transfer: each data section of the envelope is one encoded message. */
export function decodeBatch(payload: Buffer): AmqpMessage[] {
  const envelope = decodeMessage(payload);
  const body = envelope.body;
  if (!isBodySection(body) || body.typecode !== DATA_SECTION) {
    throw new TypeError('a batch message must carry its messages as data sections');
  }
  const parts: unknown[] = body.multiple === true && Array.isArray(body.content) ? body.content : [body.content];
  return parts.map((part) => {
    if (!Buffer.isBuffer(part)) throw new TypeError('a batch data section must hold an encoded message');
    return decodeMessage(part);
  });
}

/** Encodes a body as the SDK does for `ServiceBusMessage.body`: bytes as they are, anything else as JSON. */
export function encodeBody(body: unknown): unknown {
  if (Buffer.isBuffer(body)) return amqp.data_section(body);
  if (body instanceof Uint8Array) return amqp.data_section(Buffer.from(body));
  return amqp.data_section(Buffer.from(JSON.stringify(body ?? null), 'utf8'));
}

/** Decodes a body as the SDK does for `ServiceBusReceivedMessage.body`: JSON when the bytes parse, else bytes. */
export function decodeBody(body: unknown): unknown {
  if (!isBodySection(body)) return body;
  if (body.typecode === VALUE_SECTION || body.typecode === SEQUENCE_SECTION) return body.content;
  const bytes = Array.isArray(body.content)
    ? Buffer.concat(body.content.filter((part): part is Buffer => Buffer.isBuffer(part)))
    : body.content;
  if (!Buffer.isBuffer(bytes)) return bytes;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return bytes;
  }
}

/**
 * Azure's lock tokens are .NET GUIDs: the delivery tag carries `Guid.ToByteArray()` (first three fields little
 * endian) and the SDK swaps them back (`reorderLockToken`) to show the GUID. The swap is its own inverse.
 */
export function lockTokenToDeliveryTag(token: string): Buffer {
  return reorderGuidBytes(string_to_uuid(token));
}

export function lockTokenFromUuid(bytes: Buffer): string {
  return uuid_to_string(bytes);
}

function reorderGuidBytes(bytes: Buffer): Buffer {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Buffer.from(order.map((index) => bytes[index] ?? 0));
}

/** A message as the peer holds it, for assertions and for the rehearse command. */
export interface PeerMessage {
  readonly messageId: string;
  /** Decoded like the SDK does: parsed JSON when the body is JSON, else the bytes or the AMQP value. */
  readonly body: unknown;
  readonly contentType: string | undefined;
  readonly subject: string | undefined;
  readonly correlationId: string | undefined;
  readonly applicationProperties: Readonly<Record<string, unknown>>;
  readonly sequenceNumber: number;
  readonly enqueuedTime: Date;
  /** Failed deliveries so far (what the next receiver sees as `deliveryCount`). */
  readonly deliveryCount: number;
  readonly state: 'available' | 'locked' | 'scheduled';
  readonly deadLetterReason: string | undefined;
  readonly deadLetterErrorDescription: string | undefined;
}

export function toPeerMessage(entry: StoredMessage, now: number): PeerMessage {
  const { message } = entry;
  const properties = message.application_properties ?? {};
  return {
    messageId: entry.messageId,
    body: decodeBody(message.body),
    contentType: message.content_type,
    subject: message.subject,
    correlationId: message.correlation_id === undefined ? undefined : messageIdText(message.correlation_id),
    applicationProperties: { ...properties },
    sequenceNumber: entry.sequenceNumber,
    enqueuedTime: entry.enqueuedTime,
    deliveryCount: entry.deliveryCount,
    state: entry.lock !== undefined ? 'locked' : entry.visibleAt > now ? 'scheduled' : 'available',
    deadLetterReason: textOrUndefined(properties[DEAD_LETTER_REASON_PROPERTY]),
    deadLetterErrorDescription: textOrUndefined(properties[DEAD_LETTER_DESCRIPTION_PROPERTY]),
  };
}

function textOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** What the in-process `send` accepts: the parts of a `ServiceBusMessage` our tests and rehearsals use. */
export interface PeerInboundMessage {
  readonly body: unknown;
  readonly messageId?: string;
  readonly contentType?: string;
  readonly subject?: string;
  readonly correlationId?: string;
  readonly applicationProperties?: Readonly<Record<string, string | number | boolean | Date | null>>;
  /** Hold the message until this time (Service Bus scheduled messages). */
  readonly scheduledEnqueueTime?: Date;
}

export function toAmqpMessage(message: PeerInboundMessage): AmqpMessage {
  const amqpMessage: AmqpMessage = { body: encodeBody(message.body), durable: true };
  if (message.messageId !== undefined) amqpMessage.message_id = message.messageId;
  if (message.contentType !== undefined) amqpMessage.content_type = message.contentType;
  if (message.subject !== undefined) amqpMessage.subject = message.subject;
  if (message.correlationId !== undefined) amqpMessage.correlation_id = message.correlationId;
  if (message.applicationProperties !== undefined)
    amqpMessage.application_properties = { ...message.applicationProperties };
  if (message.scheduledEnqueueTime !== undefined) {
    amqpMessage.message_annotations = { 'x-opt-scheduled-enqueue-time': message.scheduledEnqueueTime };
  }
  return amqpMessage;
}
