/**
 * JSON Schemas of the message contract, generated from the zod schemas (the zod schemas are the source of truth).
 *
 * Draft-07, because the AsyncAPI Schema Object is a superset of JSON Schema draft-07: the same objects are embedded
 * in `docs/asyncapi.yaml`. Input mode: a field with a default is optional, as a producer sees it. Rules that relate
 * fields to each other (subject = customer id, overlaps, allow-lists) cannot be expressed here; `parseRequestEvent`
 * applies them.
 */
import { z } from 'zod';
import { OUTBOUND_EVENT_NAMES, OutboundEventTypes, outboundEventSchema, type OutboundEventType } from './outbound';
import { REQUEST_EVENT_SCHEMAS } from './requests';
import { REQUEST_EVENT_TYPES, type RequestEventType } from './eventTypes';

export type JsonSchema = Record<string, unknown>;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-07', io: 'input' });
}

/** The JSON Schema of the whole CloudEvent (envelope and `data`) of each request type. */
export function requestEventJsonSchemas(): Record<RequestEventType, JsonSchema> {
  return Object.fromEntries(
    REQUEST_EVENT_TYPES.map((type) => [type, toJsonSchema(REQUEST_EVENT_SCHEMAS[type])]),
  ) as Record<RequestEventType, JsonSchema>;
}

/** The JSON Schema of the whole CloudEvent of each outbound event type. */
export function outboundEventJsonSchemas(): Record<OutboundEventType, JsonSchema> {
  return Object.fromEntries(
    OUTBOUND_EVENT_NAMES.map((name) => [OutboundEventTypes[name], toJsonSchema(outboundEventSchema(name))]),
  ) as Record<OutboundEventType, JsonSchema>;
}
