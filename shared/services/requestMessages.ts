/**
 * What a request-queue trigger does with one Service Bus message, whatever the queue. The Functions Node worker cannot
 * dead-letter with a reason yet (see functions/README.md), so a message that can never succeed is *parked*: the
 * trigger writes the record built here to the rejected-requests queue and returns, and the host completes the
 * message. Anything a retry could fix is thrown, so that the host abandons the message and Service Bus redelivers it
 * (bounded by the queue's MaxDeliveryCount, after which the broker dead-letters it).
 */
import { DeadLetterReasons, dispositionFor } from './messageDisposition';
import type { ValidationIssue } from '../errors';
import type { RequestEventType } from '../messages';
import { describeIssues } from '../errors';
import { parseJsonText, truncateText, type JsonTextResult } from './jsonText';
import { redactFields, scrubSecrets } from '../redaction';
import { submitRequest, type IntakeDependencies, type IntakeOutcome } from './requestIntake';

/** The message as the default Service Bus binding hands it over, with the trigger metadata that identifies it. */
export interface ReceivedMessage {
  /** The body: parsed JSON when it was JSON, else the text (or bytes) as received. */
  readonly body: unknown;
  readonly messageId?: string;
  readonly deliveryCount?: number;
  readonly enqueuedTimeUtc?: string;
  /** The queue the message came from. */
  readonly queue: string;
}

/** What the rejected-requests queue holds for each parked message: why, which message, and the body as received. */
export interface ParkedRequest {
  /** The refusal code (`ValidationFailed`, `ScopeViolation`, `UnknownCustomer`, `UnsupportedRequestType`, `MalformedJson`…). */
  readonly reason: string;
  /** Every broken rule as `path: message [rule]`, `;`-separated. */
  readonly description: string;
  readonly issues: readonly ValidationIssue[];
  readonly messageId: string | null;
  readonly deliveryCount: number | null;
  readonly enqueuedTimeUtc: string | null;
  readonly queue: string;
  readonly requestId?: string;
  readonly customerId?: string;
  /**
   * The original body, as received, with the value of every secret-named field redacted; when its JSON is larger
   * than `MAX_PARKED_BODY_CHARS`, the start of that JSON as text, ending with a `…[truncated: N characters in all]`
   * marker.
   */
  readonly body: unknown;
}

/**
 * A parked record must fit in one Service Bus Standard message (256 KB, headers and properties included): the body
 * is bounded to this many characters of JSON (at most 3 bytes each in UTF-8 would still be too much, so the whole
 * record is checked again in bytes), the issues to `MAX_PARKED_ISSUES`, each text to `MAX_PARKED_TEXT`.
 */
export const MAX_PARKED_BODY_CHARS = 64 * 1024;
export const MAX_PARKED_RECORD_BYTES = 200 * 1024;
export const MAX_PARKED_ISSUES = 50;
const MAX_PARKED_TEXT = 1024;
const MAX_PARKED_DESCRIPTION = 8 * 1024;

export type MessageDisposition =
  | { readonly action: 'complete'; readonly outcome: IntakeOutcome }
  | { readonly action: 'park'; readonly record: ParkedRequest };

export interface RequestMessageOptions {
  /** The request type this queue carries; any other type is refused. */
  readonly acceptedType: RequestEventType;
}

/** The binding parses JSON bodies itself; a body still in text or bytes is parsed here (or reported as not JSON). */
function decodeBody(body: unknown): JsonTextResult {
  const text =
    typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined;
  if (text === undefined) return { ok: true, value: body };
  return parseJsonText(text, 'the message body');
}

/** The body as it may be parked: secrets redacted, bytes as base64, bounded in size. */
function bodyAsParked(body: unknown, maxChars = MAX_PARKED_BODY_CHARS): unknown {
  const asReceived = body instanceof Uint8Array ? Buffer.from(body).toString('base64') : body;
  // A body that is text (not JSON) may still hold a secret: scrub it as text.
  const redacted = typeof asReceived === 'string' ? scrubSecrets(asReceived) : redactFields(asReceived);
  const json = JSON.stringify(redacted) as string | undefined;
  if (json === undefined || json.length <= maxChars) return redacted;
  return truncateText(typeof redacted === 'string' ? redacted : json, maxChars);
}

function boundedIssue(issue: ValidationIssue): ValidationIssue {
  return {
    path: truncateText(scrubSecrets(issue.path), MAX_PARKED_TEXT),
    rule: truncateText(issue.rule, MAX_PARKED_TEXT),
    message: truncateText(scrubSecrets(issue.message), MAX_PARKED_TEXT),
  };
}

function boundedIssues(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const kept = issues.slice(0, MAX_PARKED_ISSUES).map(boundedIssue);
  const more = issues.length - kept.length;
  if (more > 0) kept.push({ path: '', rule: 'truncated', message: `${more} more issues not parked` });
  return kept;
}

function park(
  message: ReceivedMessage,
  reason: string,
  issues: readonly ValidationIssue[],
  ids: { requestId?: string; customerId?: string } = {},
  description = describeIssues(issues),
): MessageDisposition {
  const bounded = boundedIssues(issues);
  const record: ParkedRequest = {
    reason,
    description: truncateText(scrubSecrets(description), MAX_PARKED_DESCRIPTION),
    issues: bounded,
    messageId: message.messageId ?? null,
    deliveryCount: message.deliveryCount ?? null,
    enqueuedTimeUtc: message.enqueuedTimeUtc ?? null,
    queue: message.queue,
    ...(ids.requestId === undefined ? {} : { requestId: ids.requestId }),
    ...(ids.customerId === undefined ? {} : { customerId: ids.customerId }),
    body: bodyAsParked(message.body),
  };
  // Multi-byte text can make a record within the character bounds too large in bytes: cut the body further.
  if (Buffer.byteLength(JSON.stringify(record), 'utf8') > MAX_PARKED_RECORD_BYTES) {
    return { action: 'park', record: { ...record, body: bodyAsParked(message.body, MAX_PARKED_BODY_CHARS / 4) } };
  }
  return { action: 'park', record };
}

/**
 * Decides what becomes of one message: `complete` (accepted or a duplicate), or `park` with the record to write.
 * Throws only what a redelivery could fix.
 */
export async function handleRequestMessage(
  message: ReceivedMessage,
  deps: IntakeDependencies,
  options: RequestMessageOptions,
): Promise<MessageDisposition> {
  const decoded = decodeBody(message.body);
  if (!decoded.ok) return park(message, DeadLetterReasons.malformedJson, [decoded.issue]);
  try {
    const outcome = await submitRequest(decoded.value, 'servicebus', deps, { acceptedTypes: [options.acceptedType] });
    if (outcome.kind !== 'rejected') return { action: 'complete', outcome };
    return park(message, outcome.code, outcome.issues, outcome);
  } catch (error) {
    const disposition = dispositionFor(error);
    if (disposition.action === 'retry') throw disposition.error;
    // A bug that no retry fixes (a non-retryable AppError): park it rather than crash the trigger ten times.
    return park(message, disposition.reason, [], {}, disposition.description);
  }
}

/** One log line about a parked message: which message, why, and where (rules and paths, never values or the body). */
export function parkedSummary(record: ParkedRequest): string {
  const where = record.issues.map((issue) => `${issue.path === '' ? '(root)' : issue.path} [${issue.rule}]`);
  return [
    `Parked message ${record.messageId ?? '(no id)'} from ${record.queue}`,
    `delivery ${record.deliveryCount ?? '?'}`,
    `request ${record.requestId ?? '(none)'}`,
    `${record.reason}: ${where.length === 0 ? '(no field)' : where.slice(0, 10).join(', ')}${where.length > 10 ? ` and ${where.length - 10} more` : ''}`,
  ].join('; ');
}
