/**
 * Signals a running request from outside: the provider finished (`ProviderProvisioned`, raised on the provider-wait
 * instance of each leg, or of one leg), the provider deprovisioned (`ProviderDeprovisioned`, on the deprovision wait
 * of each leg, or of one leg), or a person decided (`Approval` naming the digest of the plan approved, or
 * `Rejection`, raised on the request's own instance, recording who sent it). An instance that is not waiting (never started, or ended) is reported, not an error: the
 * caller learns what was signalled and what was not.
 */
import { ExternalEvents, InstanceIds, type ExternalEventName } from '../ports/requestWorkflows';
import type { Leg } from '../domain/intents';
import type { ValidationIssue } from '../errors';
import { PrincipalNameSchema } from '../messages/requests';
import type { RequestLedger } from '../ports/requests';
import {
  InstanceNotFoundError,
  isTerminalRuntimeStatus,
  type WorkflowClient,
  type WorkflowRuntimeStatus,
} from '../ports/workflows';

export const EXTERNAL_EVENT_NAMES: readonly ExternalEventName[] = Object.values(ExternalEvents);
export const LEGS: readonly Leg[] = ['a', 'b'];

export const EVENT_RULES = {
  knownName: 'event.known-name',
  body: 'event.body-object',
  leg: 'event.leg',
  /** An Approval names who approves and the digest of the plan approved; a Rejection who rejects. */
  decision: 'event.decision-fields',
} as const;

/** Who sent an event, as the platform authenticated them (App Service authentication), when it did. */
export interface SignalOptions {
  readonly sentBy?: string;
}

export interface RequestEventDependencies {
  readonly requests: Pick<RequestLedger, 'get'>;
  readonly workflows: WorkflowClient;
}

export interface SignalTarget {
  readonly instanceId: string;
  readonly leg?: Leg;
  readonly signalled: boolean;
  /** The instance's status when the event was raised (null: no such instance). */
  readonly runtimeStatus: WorkflowRuntimeStatus | null;
  /** Why nothing was signalled: the instance does not exist (yet), or it has ended. */
  readonly notWaiting?: 'not-found' | 'ended';
}

/**
 * What raising `ProviderProvisioned` does: it is a request to check Azure now, not a statement Azure is taken on
 * trust for. The waits read the circuit at once; only Azure's `Provisioned` ends them.
 */
export const PROVIDER_PROVISIONED_EFFECT =
  'the provider waits read Azure now; if Azure still reports NotProvisioned they keep waiting (see GET /api/requests/{id}, providerWaits)';

export type SignalOutcome =
  | { readonly kind: 'invalid'; readonly issues: readonly ValidationIssue[] }
  | { readonly kind: 'unknown-request' }
  | {
      readonly kind: 'signalled';
      readonly event: ExternalEventName;
      readonly targets: readonly SignalTarget[];
      /** For `ProviderProvisioned`: what the signalled waits will do with it. */
      readonly effect?: string;
    };

function isExternalEventName(name: string): name is ExternalEventName {
  return (EXTERNAL_EVENT_NAMES as readonly string[]).includes(name);
}

function isLeg(value: unknown): value is Leg {
  return (LEGS as readonly unknown[]).includes(value);
}

interface ParsedSignal {
  readonly event: ExternalEventName;
  readonly legs: readonly Leg[];
}

function parseSignal(
  name: string,
  data: unknown,
): { ok: true; value: ParsedSignal } | { ok: false; issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  if (!isExternalEventName(name)) {
    issues.push({
      path: '(route) name',
      rule: EVENT_RULES.knownName,
      message: `must be one of ${EXTERNAL_EVENT_NAMES.join(', ')}`,
    });
  }
  const body: unknown = data ?? {};
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (!isObject) {
    issues.push({ path: '', rule: EVENT_RULES.body, message: 'the event body must be a JSON object (or empty)' });
  }
  const leg = isObject ? (body as Record<string, unknown>).leg : undefined;
  if (leg !== undefined && !isLeg(leg)) {
    issues.push({ path: 'leg', rule: EVENT_RULES.leg, message: `must be one of ${LEGS.join(', ')} when present` });
  }
  if (isObject) issues.push(...decisionIssues(name, body as Record<string, unknown>));
  if (issues.length > 0 || !isExternalEventName(name)) return { ok: false, issues };
  return { ok: true, value: { event: name, legs: isLeg(leg) ? [leg] : LEGS } };
}

function decisionIssues(name: string, body: Record<string, unknown>): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const principal = (field: string) => {
    if (!PrincipalNameSchema.safeParse(body[field]).success) {
      issues.push({
        path: field,
        rule: EVENT_RULES.decision,
        message:
          'must be the user principal name (or e-mail address) of the person deciding, e.g. jane.doe@csp.example',
      });
    }
  };
  const optionalText = (field: string, max: number) => {
    const value = body[field];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '' || value.length > max)) {
      issues.push({
        path: field,
        rule: EVENT_RULES.decision,
        message: `must be text of 1-${String(max)} characters when present`,
      });
    }
  };
  if (name === ExternalEvents.approval) {
    principal('approvedBy');
    const digest = body.planDigest;
    if (typeof digest !== 'string' || !/^td-[0-9a-f]{16}$/.test(digest)) {
      issues.push({
        path: 'planDigest',
        rule: EVENT_RULES.decision,
        message:
          'must be the digest of the plan approved, as decommission.planned published it (td- and 16 hex digits)',
      });
    }
    optionalText('reference', 64);
    optionalText('reason', 1000);
  } else if (name === ExternalEvents.rejection) {
    principal('rejectedBy');
    optionalText('reason', 1000);
  } else if (name === ExternalEvents.abort) {
    // Tears a migration's new pair down: a recorded decision like an approval.
    principal('abortedBy');
    optionalText('reason', 1000);
  }
  return issues;
}

async function signal(
  workflows: WorkflowClient,
  instanceId: string,
  event: ExternalEventName,
  data: unknown,
  leg?: Leg,
): Promise<SignalTarget> {
  const base = { instanceId, ...(leg === undefined ? {} : { leg }) };
  const status = await workflows.status(instanceId);
  if (status === undefined) return { ...base, signalled: false, runtimeStatus: null, notWaiting: 'not-found' };
  if (isTerminalRuntimeStatus(status.runtimeStatus)) {
    return { ...base, signalled: false, runtimeStatus: status.runtimeStatus, notWaiting: 'ended' };
  }
  try {
    await workflows.raiseEvent(instanceId, event, data);
    return { ...base, signalled: true, runtimeStatus: status.runtimeStatus };
  } catch (error) {
    if (!(error instanceof InstanceNotFoundError)) throw error;
    return { ...base, signalled: false, runtimeStatus: null, notWaiting: 'not-found' };
  }
}

export async function signalRequest(
  requestId: string,
  name: string,
  data: unknown,
  deps: RequestEventDependencies,
  options: SignalOptions = {},
): Promise<SignalOutcome> {
  const parsed = parseSignal(name, data);
  if (!parsed.ok) return { kind: 'invalid', issues: parsed.issues };
  const { event, legs } = parsed.value;
  const requestInstance = InstanceIds.forRequest(requestId);
  const [record, requestStatus] = await Promise.all([
    deps.requests.get(requestId),
    deps.workflows.status(requestInstance),
  ]);
  if (record === undefined && requestStatus === undefined) return { kind: 'unknown-request' };

  const decision =
    event === ExternalEvents.approval || event === ExternalEvents.rejection || event === ExternalEvents.abort;
  // A decision records who sent it (the platform's word, not the body's), beside who the body says decided.
  const payload =
    decision && options.sentBy !== undefined ? { ...(data as object), sentBy: options.sentBy } : (data ?? {});
  const waitOf =
    event === ExternalEvents.providerProvisioned
      ? InstanceIds.providerWait
      : event === ExternalEvents.providerDeprovisioned
        ? InstanceIds.deprovisionWait
        : undefined;
  const targets =
    waitOf !== undefined
      ? await Promise.all(legs.map((leg) => signal(deps.workflows, waitOf(requestInstance, leg), event, payload, leg)))
      : [await signal(deps.workflows, requestInstance, event, payload)];
  return {
    kind: 'signalled',
    event,
    targets,
    ...(event === ExternalEvents.providerProvisioned ? { effect: PROVIDER_PROVISIONED_EFFECT } : {}),
  };
}
