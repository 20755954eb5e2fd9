/**
 * Publishes the automation's outbound events to a Service Bus topic as CloudEvents 1.0 in structured content mode
 * (JSON event format), following the CloudEvents AMQP protocol binding:
 *
 * - the whole event is the body, `content-type` is `application/cloudevents+json` (binding §3.2);
 * - the binding lets structured messages also carry the attributes as application properties named with the
 *   `cloudEvents:` prefix (§3.2.3 referring to §3.1.3.1: `id` → `cloudEvents:id`). We add the four required
 *   attributes (`specversion`, `id`, `source`, `type`) so that subscription rules can filter on the type without
 *   reading the body;
 * - `messageId` is the event id: the event id is deterministic (derived from the request and the step), so
 *   a retried publish carries the same message id and a topic with duplicate detection drops it;
 * - the AMQP `subject` is the event subject (the customer id).
 *
 * One `ServiceBusClient` and one sender per instance, reused for every publish and released by `close()`.
 */
import type {
  ServiceBusClient,
  ServiceBusClientOptions,
  ServiceBusMessage,
  ServiceBusSender,
} from '@azure/service-bus';
import type { TokenCredential } from '@azure/core-auth';
import { ValidationError, type ValidationIssue } from '../../errors';
import type { OutboundEvent, OutboundEvents } from '../../ports/outbound';
import { serviceBusSdk } from '../sdkModules';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** Content type of a structured-mode CloudEvent in the JSON event format. */
export const CLOUDEVENTS_JSON_CONTENT_TYPE = 'application/cloudevents+json';
/** Content type of the event's `data`. */
export const EVENT_DATA_CONTENT_TYPE = 'application/json';

/** Application property names of the CloudEvents AMQP binding (`cloudEvents:` + attribute name). */
export const CloudEventsAmqpProperties = {
  specversion: 'cloudEvents:specversion',
  id: 'cloudEvents:id',
  source: 'cloudEvents:source',
  type: 'cloudEvents:type',
} as const;

/** Service Bus limits a message id to 128 characters. */
const MAX_MESSAGE_ID_LENGTH = 128;

/** The event as it travels in the message body. */
export interface CloudEventJson {
  readonly specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: typeof EVENT_DATA_CONTENT_TYPE;
  readonly data: Readonly<Record<string, unknown>>;
  /** The distributed-tracing extension: the traceparent of the request that caused the event. */
  readonly traceparent?: string;
}

interface CommonOptions {
  /** The topic that receives the events (configuration: `ERCSP_EVENTS_TOPIC`, e.g. `er-events`). */
  readonly topicName: string;
  /** The CloudEvents `source` of every event (a URI-reference, e.g. `/expressroute-csp/prod`). */
  readonly source: string;
  readonly clientOptions?: ServiceBusClientOptions;
}

export type ServiceBusOutboundEventsOptions = CommonOptions &
  (
    | {
        /** A connection string (the local peer, or a SAS key where managed identity is not available). */
        readonly connectionString: string;
      }
    | {
        /** e.g. `contoso.servicebus.windows.net`, used with the managed identity in production. */
        readonly fullyQualifiedNamespace: string;
        readonly credential: TokenCredential;
      }
  );

export class ServiceBusOutboundEvents implements OutboundEvents {
  private readonly client: ServiceBusClient;
  private readonly sender: ServiceBusSender;
  private readonly source: string;
  private closing: Promise<void> | undefined;

  constructor(options: ServiceBusOutboundEventsOptions) {
    const issues: ValidationIssue[] = [];
    if (options.topicName.trim() === '')
      issues.push({ path: 'topicName', rule: 'required', message: 'must name a topic' });
    if (!isUriReference(options.source)) {
      issues.push({
        path: 'source',
        rule: 'uri-reference',
        message: 'must be a URI-reference such as /expressroute-csp/prod',
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    this.source = options.source;
    const { ServiceBusClient } = serviceBusSdk();
    this.client =
      'connectionString' in options
        ? new ServiceBusClient(options.connectionString, options.clientOptions)
        : new ServiceBusClient(options.fullyQualifiedNamespace, options.credential, options.clientOptions);
    this.sender = this.client.createSender(options.topicName);
  }

  /** Resolves once Service Bus has accepted the message (or dropped it as a duplicate of an earlier publish). */
  async publish(event: OutboundEvent): Promise<void> {
    if (this.closing !== undefined) throw new Error('ServiceBusOutboundEvents is closed');
    await this.sender.sendMessages(toCloudEventMessage(event, this.source));
  }

  /** Closes the sender and the connection; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.sender.close().finally(() => this.client.close());
    return this.closing;
  }
}

/** The Service Bus message for one event (exported for tests and for anyone who needs the exact wire shape). */
export function toCloudEventMessage(event: OutboundEvent, source: string): ServiceBusMessage {
  const issues: ValidationIssue[] = [];
  if (event.id === '' || event.id.length > MAX_MESSAGE_ID_LENGTH) {
    issues.push({
      path: 'id',
      rule: 'length',
      message: `must be 1-${MAX_MESSAGE_ID_LENGTH} characters (it is the message id)`,
    });
  }
  if (event.type === '') issues.push({ path: 'type', rule: 'required', message: 'must not be empty' });
  if (issues.length > 0) throw new ValidationError(issues);
  const body: CloudEventJson = {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: event.id,
    source,
    type: event.type,
    subject: event.subject,
    time: event.time,
    datacontenttype: EVENT_DATA_CONTENT_TYPE,
    data: event.data,
    ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
  };
  return {
    messageId: event.id,
    contentType: CLOUDEVENTS_JSON_CONTENT_TYPE,
    subject: event.subject,
    body,
    applicationProperties: {
      [CloudEventsAmqpProperties.specversion]: CLOUDEVENTS_SPEC_VERSION,
      [CloudEventsAmqpProperties.id]: event.id,
      [CloudEventsAmqpProperties.source]: source,
      [CloudEventsAmqpProperties.type]: event.type,
      // The AMQP binding carries extension attributes with the same prefix; Diagnostic-Id is Service Bus's own.
      ...(event.traceparent === undefined
        ? {}
        : { 'cloudEvents:traceparent': event.traceparent, 'Diagnostic-Id': event.traceparent }),
    },
  };
}

/** Not empty, no whitespace or characters RFC 3986 never allows (the check `shared/messages` applies inbound). */
function isUriReference(value: string): boolean {
  return value.length > 0 && value.length <= 2048 && /^[^\s<>"{}|\\^`]+$/.test(value);
}
