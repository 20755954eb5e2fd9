/**
 * The CloudEvents 1.0 envelope (structured content mode, JSON format) every request and event travels in.
 * https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md
 *
 * The envelope is strict: an attribute this app does not know is rejected rather than ignored, so that a misspelt
 * `subjet` or `datacontentype` is reported instead of silently dropped. The W3C trace-context extension
 * (`traceparent`, `tracestate`) is the one extension accepted. Binary data (`data_base64`) is not accepted: every
 * payload here is JSON.
 */
import { z } from 'zod';
import { CustomerIdSchema } from '../domain/spec';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
/** Content type of a structured-mode CloudEvent (the Service Bus message / HTTP body as a whole). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';
/** Content type of the `data` member. */
export const DATA_CONTENT_TYPE = 'application/json';

/** The request id, also the idempotency key: a redelivered message carries the same id and is done once. */
export const EventIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 characters of A-Z, a-z, 0-9, ".", "_", ":" and "-"')
  .meta({ description: 'Unique per request from one source; the idempotency key (a redelivery carries the same id).' });

/**
 * A URI-reference (RFC 3986 §4.1): absolute (`https://crm.csp.example/requests`, `urn:csp:crm`) or relative
 * (`/crm/expressroute`). Checked as far as a pattern can: not empty, no whitespace or characters RFC 3986 never allows,
 * and a scheme, when there is one, that starts with a letter.
 */
export const UriReferenceSchema = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .regex(
    /^(?:[A-Za-z][A-Za-z0-9+.-]*:|(?![^/?#]*:))[^\s<>"{}|\\^`]+$/,
    'must be a URI-reference such as https://crm.csp.example/requests or /crm/expressroute',
  )
  .meta({ format: 'uri-reference' });

/** RFC 3339 date-time with a time zone (`Z` or `±hh:mm`). */
export const Rfc3339TimeSchema = z.iso.datetime({
  offset: true,
  error: 'must be an RFC 3339 date-time with a time zone, e.g. 2026-03-02T09:15:00Z',
});

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The context attributes, without `type` and `data` (which each event type pins down). */
export const envelopeAttributes = {
  specversion: z.literal(CLOUDEVENTS_SPEC_VERSION, { error: 'must be "1.0" (CloudEvents 1.0)' }),
  id: EventIdSchema,
  source: UriReferenceSchema.meta({ description: 'Who sent the request, as a URI-reference.' }),
  subject: CustomerIdSchema.meta({ description: 'The customer id; must equal the customer id inside `data`.' }),
  time: Rfc3339TimeSchema.meta({ description: 'When the request was made (RFC 3339).' }),
  datacontenttype: z.literal(DATA_CONTENT_TYPE, { error: `must be "${DATA_CONTENT_TYPE}" when present` }).optional(),
  dataschema: UriReferenceSchema.optional(),
  traceparent: z.string().regex(TRACEPARENT, 'must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)').optional(),
  tracestate: z.string().max(512).optional(),
} as const;

/** The envelope of one event type: `type` fixed, `data` typed. Attributes in the order the CloudEvents spec lists them. */
export function cloudEventSchema<const TType extends string, TData extends z.ZodType>(
  type: TType,
  data: TData,
  meta: { title: string; description: string },
) {
  const { specversion, id, source, ...optional } = envelopeAttributes;
  return z
    .strictObject({
      specversion,
      id,
      source,
      type: z.literal(type, { error: `must be "${type}"` }),
      ...optional,
      data,
    })
    .meta(meta);
}

/** The envelope with any `type` and untyped `data`: what is checked before the type is known. */
export const AnyCloudEventSchema = z.strictObject({
  ...envelopeAttributes,
  type: z.string().min(1),
  data: z.unknown(),
});

export type CloudEventAttributes = z.infer<typeof AnyCloudEventSchema>;
