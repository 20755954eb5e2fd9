/**
 * The AsyncAPI 3.0 description of the app's messaging contract, built from the same zod schemas the app parses
 * with. `docs/asyncapi.yaml` is this document serialized (`ercsp asyncapi --write`); a unit test fails when the two
 * drift apart. Pure: builds an object, reads and writes nothing.
 */
import { CLOUDEVENTS_CONTENT_TYPE } from './envelope';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  EVENTS_TOPIC,
  ONBOARDING_REQUESTED,
  REQUEST_EVENT_TYPES,
  REQUEST_QUEUES,
  type RequestEventType,
} from './eventTypes';
import { outboundEventJsonSchemas, requestEventJsonSchemas, type JsonSchema } from './jsonSchema';
import { OUTBOUND_EVENT_NAMES, OUTBOUND_EVENTS, OutboundEventTypes } from './outbound';
import { REQUEST_EVENT_SCHEMAS } from './requests';

/** Where the document lives, relative to the repository root. */
export const ASYNCAPI_DOCUMENT_PATH = 'docs/asyncapi.yaml';
/** Version of the contract (bump on a breaking change to a schema). */
export const MESSAGING_CONTRACT_VERSION = '1.0.0';
export const JSON_SCHEMA_DRAFT_07_FORMAT = 'application/schema+json;version=draft-07';

export type AsyncApiDocument = Record<string, unknown>;

interface RequestChannel {
  readonly channelId: string;
  readonly operationId: string;
  readonly messageId: string;
  readonly description: string;
}

const REQUEST_CHANNELS: Readonly<Record<RequestEventType, RequestChannel>> = {
  [ONBOARDING_REQUESTED]: {
    channelId: 'onboardingRequests',
    operationId: 'receiveOnboardingRequest',
    messageId: 'onboardingRequested',
    description: 'Service Bus queue of onboarding requests: one customer each, started once per request id.',
  },
  [BANDWIDTH_CHANGE_REQUESTED]: {
    channelId: 'bandwidthRequests',
    operationId: 'receiveBandwidthChangeRequest',
    messageId: 'bandwidthChangeRequested',
    description: 'Service Bus queue of bandwidth (and SKU) change requests.',
  },
  [DECOMMISSION_REQUESTED]: {
    channelId: 'decommissionRequests',
    operationId: 'receiveDecommissionRequest',
    messageId: 'decommissionRequested',
    description: 'Service Bus queue of decommission requests.',
  },
};

const EVENTS_CHANNEL_ID = 'events';
const SERVER_REF = { $ref: '#/servers/serviceBus' };

/** The `components/schemas` entries: one JSON Schema (draft-07) per CloudEvent type, keyed by the type. */
export function asyncApiSchemas(): Record<string, JsonSchema> {
  return { ...requestEventJsonSchemas(), ...outboundEventJsonSchemas() };
}

export function buildAsyncApiDocument(): AsyncApiDocument {
  const schemas = asyncApiSchemas();
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  for (const type of REQUEST_EVENT_TYPES) {
    const { channelId, operationId, messageId, description } = REQUEST_CHANNELS[type];
    const meta = REQUEST_EVENT_SCHEMAS[type].meta();
    messages[messageId] = message(type, meta?.title ?? type, meta?.description ?? '');
    channels[channelId] = {
      address: REQUEST_QUEUES[type],
      title: REQUEST_QUEUES[type],
      description,
      servers: [SERVER_REF],
      messages: { [messageId]: { $ref: `#/components/messages/${messageId}` } },
    };
    operations[operationId] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Receive ${type}; a redelivery (same \`id\`) is done once.`,
      messages: [{ $ref: `#/channels/${channelId}/messages/${messageId}` }],
    };
  }

  const eventMessages: Record<string, unknown> = {};
  for (const name of OUTBOUND_EVENT_NAMES) {
    const { title, description } = OUTBOUND_EVENTS[name];
    messages[name] = message(OutboundEventTypes[name], title, description);
    eventMessages[name] = { $ref: `#/components/messages/${name}` };
  }
  channels[EVENTS_CHANNEL_ID] = {
    address: EVENTS_TOPIC,
    title: EVENTS_TOPIC,
    description:
      'Service Bus topic of everything the app reports: subscribers filter on the CloudEvents type (application property `type`).',
    servers: [SERVER_REF],
    messages: eventMessages,
  };
  operations.publishEvent = {
    action: 'send',
    channel: { $ref: `#/channels/${EVENTS_CHANNEL_ID}` },
    summary: 'Publish what happened to a customer: provider hand-off and reminders, outcomes, drift.',
    messages: Object.keys(eventMessages).map((name) => ({ $ref: `#/channels/${EVENTS_CHANNEL_ID}/messages/${name}` })),
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'expressroute-csp messaging',
      version: MESSAGING_CONTRACT_VERSION,
      description: [
        'Requests to and events from the ExpressRoute automation of a Cloud Solution Provider.',
        '',
        'Every message is a CloudEvents 1.0 event in structured mode (JSON): the Service Bus message body (or the HTTP',
        'body, for requests sent over HTTP) is the whole event. `id` is the request id and idempotency key: a',
        'redelivered request is done once. `subject` is the customer id and must equal the customer id in `data`.',
        'The schemas give the shape; rules that relate fields (overlapping prefixes, subscription allow-lists, limits)',
        'are checked on receipt, and `npx ercsp validate <file>` checks a request file the same way.',
        '',
        `Generated from shared/messages by \`npm run ercsp -- asyncapi --write\`; do not edit by hand.`,
      ].join('\n'),
    },
    defaultContentType: CLOUDEVENTS_CONTENT_TYPE,
    servers: {
      serviceBus: {
        host: '{namespace}.servicebus.windows.net',
        protocol: 'amqp',
        protocolVersion: '1.0',
        description: 'The Azure Service Bus namespace of the deployment (managed identity, no shared keys).',
        variables: { namespace: { description: 'Service Bus namespace name.' } },
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

function message(type: string, title: string, description: string): Record<string, unknown> {
  return {
    name: type,
    title,
    summary: description,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    payload: { schemaFormat: JSON_SCHEMA_DRAFT_07_FORMAT, schema: { $ref: `#/components/schemas/${type}` } },
  };
}
