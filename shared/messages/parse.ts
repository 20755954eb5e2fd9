/**
 * Parsing a request as it arrives (Service Bus message body or HTTP body, already JSON-decoded): the CloudEvents
 * envelope, then the typed `data` (an onboarding's customer spec through the full domain validation), then the rules
 * that tie them together. Every issue found is reported at once, each naming the field path (`subject`,
 * `data.circuits.bandwidthMbps`) and the rule it breaks (`schema.*` for shape, `<area>.<rule>` otherwise).
 */
import type { ValidationIssue } from '../errors';
import { BANDWIDTH_LADDER_MBPS, isLadderBandwidth } from '../domain/rules';
import type { CspContext } from '../domain/spec';
import { quoteValue } from '../domain/issueWording';
import { validateCustomerSpec, validateWithSchema } from '../domain/validation';
import { z } from 'zod';
import { AnyCloudEventSchema, cloudEventSchema } from './envelope';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  REQUEST_EVENT_TYPES,
  isRequestEventType,
} from './eventTypes';
import { prefixIssues } from './issues';
import { BandwidthChangeRequestedEventSchema, DecommissionRequestedEventSchema, type RequestEvent } from './requests';

/** Stable ids of the rules checked here besides the shape (`schema.*`) and the customer-spec rules. */
export const MESSAGE_RULES = {
  /** The input is a JSON object. */
  object: 'cloudevent.object',
  /** `type` is one of the request types this app accepts. */
  knownType: 'cloudevent.known-type',
  /** `subject` equals the customer id inside `data`. */
  subjectMatchesCustomer: 'cloudevent.subject-matches-customer',
  /** A bandwidth is on the provider ladder (the same rule id the customer-spec validation uses). */
  bandwidthLadder: 'bandwidth.ladder',
  /** A decommission's `confirmCustomerId` repeats its `customerId`. */
  confirmCustomerId: 'decommission.confirm-customer-id',
} as const;

export type ParseRequestEventResult =
  | { readonly ok: true; readonly event: RequestEvent }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/** The onboarding envelope with `data` left to the domain validation, so that every customer-spec rule applies. */
const OnboardingEnvelopeSchema = cloudEventSchema(ONBOARDING_REQUESTED, z.unknown(), { title: '', description: '' });
/** Every attribute but `type` and `data`: what can still be checked when the type is unknown. */
const UntypedEnvelopeSchema = AnyCloudEventSchema.omit({ type: true, data: true }).loose();

/**
 * Validates an untrusted request against the contract and the CSP's configuration. Never throws. On success the
 * event is typed by its `type`, with defaults applied to its data.
 */
export function parseRequestEvent(input: unknown, context: CspContext): ParseRequestEventResult {
  if (!isRecord(input)) {
    return fail([
      { path: '', rule: MESSAGE_RULES.object, message: 'must be a JSON object (a CloudEvent in structured mode)' },
    ]);
  }
  const type = input.type;
  if (!isRequestEventType(type)) {
    const envelope = validateWithSchema(UntypedEnvelopeSchema, input);
    return fail([
      ...(envelope.ok ? [] : envelope.issues),
      {
        path: 'type',
        rule: MESSAGE_RULES.knownType,
        message: `must be one of ${REQUEST_EVENT_TYPES.join(', ')}${typeof type === 'string' ? `, not ${quoteValue(type)}` : ''}`,
      },
    ]);
  }

  switch (type) {
    case ONBOARDING_REQUESTED: {
      const envelope = validateWithSchema(OnboardingEnvelopeSchema, input);
      const spec = input.data === undefined ? undefined : validateCustomerSpec(input.data, context);
      const issues = [
        ...(envelope.ok ? [] : envelope.issues),
        ...(spec === undefined ? [{ path: 'data', rule: 'schema.required', message: 'is required' }] : []),
        ...(spec !== undefined && !spec.ok ? prefixIssues(spec.issues, 'data') : []),
        ...subjectIssues(input.subject, stringAt(input.data, 'customer', 'id')),
      ];
      if (!envelope.ok || spec === undefined || !spec.ok || issues.length > 0) return fail(issues);
      return { ok: true, event: { ...envelope.value, type, data: spec.value } };
    }
    case BANDWIDTH_CHANGE_REQUESTED: {
      const parsed = validateWithSchema(BandwidthChangeRequestedEventSchema, input);
      const issues = [
        ...(parsed.ok ? [] : parsed.issues),
        ...subjectIssues(input.subject, stringAt(input.data, 'customerId')),
        ...ladderIssues(input.data),
      ];
      if (!parsed.ok || issues.length > 0) return fail(issues);
      return { ok: true, event: parsed.value };
    }
    case DECOMMISSION_REQUESTED: {
      const parsed = validateWithSchema(DecommissionRequestedEventSchema, input);
      const issues = [
        ...(parsed.ok ? [] : parsed.issues),
        ...subjectIssues(input.subject, stringAt(input.data, 'customerId')),
        ...confirmationIssues(input.data),
      ];
      if (!parsed.ok || issues.length > 0) return fail(issues);
      return { ok: true, event: parsed.value };
    }
  }
}

// The rules below read the raw input, so that they are reported alongside any shape errors.

function subjectIssues(subject: unknown, customerId: string | undefined): ValidationIssue[] {
  if (typeof subject !== 'string' || customerId === undefined || subject === customerId) return [];
  return [
    {
      path: 'subject',
      rule: MESSAGE_RULES.subjectMatchesCustomer,
      message: `must equal the customer id in data (${quoteValue(customerId)}), not ${quoteValue(subject)}`,
    },
  ];
}

function ladderIssues(data: unknown): ValidationIssue[] {
  const mbps = isRecord(data) ? data.bandwidthMbps : undefined;
  if (typeof mbps !== 'number' || !Number.isInteger(mbps) || isLadderBandwidth(mbps)) return [];
  return [
    {
      path: 'data.bandwidthMbps',
      rule: MESSAGE_RULES.bandwidthLadder,
      message: `${mbps} Mbps is not an ExpressRoute bandwidth; use one of ${BANDWIDTH_LADDER_MBPS.join(', ')} Mbps`,
    },
  ];
}

function confirmationIssues(data: unknown): ValidationIssue[] {
  const customerId = stringAt(data, 'customerId');
  const confirmation = stringAt(data, 'confirmCustomerId');
  if (customerId === undefined || confirmation === undefined || customerId === confirmation) return [];
  return [
    {
      path: 'data.confirmCustomerId',
      rule: MESSAGE_RULES.confirmCustomerId,
      message: `must repeat data.customerId exactly (${quoteValue(customerId)}): a decommission is confirmed by typing the customer id twice`,
    },
  ];
}

function stringAt(value: unknown, ...path: readonly string[]): string | undefined {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return typeof current === 'string' ? current : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(issues: readonly ValidationIssue[]): ParseRequestEventResult {
  return { ok: false, issues };
}
