/**
 * The rehearsal's summary: each request's ending, what the app built in "Azure" (state fields only: never an
 * authorization key or a shared key), ARM traffic from the simulator's counters, Durable history sizes, the events
 * that reached the events topic, and simulated time. A last pass replaces any secret value that reached the report
 * (it should never happen) and counts it: a leak fails the run.
 */
import { EVENTS_TOPIC } from '../../shared/messages';
import type { RequestError } from './outcome';
import type { RequestKind, RequestStatus } from './requestFiles';
import type { RehearsalStack } from './stack';

export interface RequestReport {
  readonly file: string;
  readonly id: string | null;
  readonly type: string | null;
  readonly kind: RequestKind;
  readonly customerId: string | null;
  readonly queue: string;
  /** The workflow the request started, or (for a duplicate) the one its first delivery started. */
  readonly instanceId: string | null;
  readonly status: RequestStatus;
  readonly expected: RequestStatus;
  readonly asExpected: boolean;
  /** Why an ending other than `expected` still counts as expected. */
  readonly note?: string;
  readonly error?: RequestError;
  /** How the status was told. */
  readonly evidence: string;
  /** The message the trigger parked for this request: where, and its reason. */
  readonly parked?: { readonly queue: string; readonly reason: string };
  /** Times the trigger received the message. */
  readonly deliveries: number;
  /** Onboardings: plan steps checkpointed as Succeeded, of the plan's total. */
  readonly steps?: { readonly done: number; readonly total: number };
  readonly simulatedMinutes: number;
}

/** State fields reported for each resource; nothing else of its properties is. */
export const RESOURCE_STATE_FIELDS = [
  'provisioningState',
  'serviceProviderProvisioningState',
  'circuitProvisioningState',
  'connectionStatus',
  'state',
  'peeringState',
  'authorizationUseStatus',
] as const;
type StateField = (typeof RESOURCE_STATE_FIELDS)[number];

export type ResourceReport = {
  readonly id: string;
  readonly type: string;
  readonly name: string;
} & Partial<Record<StateField, string>>;

export interface HistoryReport {
  readonly name: string;
  readonly runtimeStatus: string;
  /** History events of the current generation (what the next replay reads). */
  readonly events: number;
  readonly episodes: number;
  readonly generations: number;
}

export interface RehearsalReport {
  readonly ok: boolean;
  readonly requests: readonly RequestReport[];
  readonly resources: readonly ResourceReport[];
  /** Resources created, by type. */
  readonly resourceCounts: Readonly<Record<string, number>>;
  readonly arm: {
    readonly reads: number;
    readonly writes: number;
    readonly deletes: number;
    readonly polls: number;
    readonly throttled: number;
    readonly faults: number;
  };
  /** By instance id. */
  readonly history: Readonly<Record<string, HistoryReport>>;
  /** Outbound events the events topic accepted, by CloudEvents type. */
  readonly events: Readonly<Record<string, number>>;
  readonly simulatedMinutes: number;
  readonly simulatedStart: string;
  readonly simulatedEnd: string;
  readonly realSeconds: number;
  readonly settings: {
    readonly providerDelayMs: number | 'never';
    readonly providerDeadlineMs: number | null;
    readonly faultRate: number;
  };
  /** What the rehearsal arranged that a reader should know (e.g. catalogue additions). */
  readonly notes: readonly string[];
  /** Secret values found in the report and replaced (0 unless the app leaked one into a message). */
  readonly redactedSecrets: number;
}

export interface ReportInput {
  readonly requests: readonly RequestReport[];
  /** Resources that existed before the first request (seeded): not counted as created. */
  readonly seededIds: ReadonlySet<string>;
  readonly firstDeliveryMs: number;
  readonly realMs: number;
  /** Values that must not appear: the MD5 keys, and the simulator's authorization and shared keys. */
  readonly secrets: readonly string[];
  readonly settings: RehearsalReport['settings'];
  readonly notes: readonly string[];
}

export const REDACTED = '[redacted]';

export async function buildReport(stack: RehearsalStack, input: ReportInput): Promise<RehearsalReport> {
  const all = stack.arm.control.resources();
  const created = all.filter(
    (resource) =>
      !input.seededIds.has(resource.id.toLowerCase()) && resource.type !== 'Microsoft.Resources/resourceGroups',
  );
  const resources = created.map((resource): ResourceReport => {
    const state: Partial<Record<StateField, string>> = {};
    for (const field of RESOURCE_STATE_FIELDS) {
      const value = resource.properties[field];
      if (typeof value === 'string') state[field] = value;
    }
    return { id: resource.id, type: resource.type, name: resource.name, ...state };
  });
  const resourceCounts: Record<string, number> = {};
  for (const resource of resources) resourceCounts[resource.type] = (resourceCounts[resource.type] ?? 0) + 1;

  const { reads, writes, deletes, polls, throttled, faults } = stack.arm.control.counters().total;
  const history: Record<string, HistoryReport> = {};
  for (const status of await stack.durable.listInstances()) {
    history[status.instanceId] = {
      name: status.name,
      runtimeStatus: status.runtimeStatus,
      events: status.historyEvents,
      episodes: status.episodes,
      generations: status.generations,
    };
  }
  const events: Record<string, number> = {};
  for (const message of stack.peer.messages(EVENTS_TOPIC)) {
    const type = eventTypeOf(message.body, message.applicationProperties);
    events[type] = (events[type] ?? 0) + 1;
  }
  const end = stack.clock.now();
  const report: RehearsalReport = {
    ok: input.requests.every((request) => request.asExpected),
    requests: input.requests,
    resources,
    resourceCounts,
    arm: { reads, writes, deletes, polls, throttled, faults },
    history,
    events,
    simulatedMinutes: Math.round((end - input.firstDeliveryMs) / 60_000),
    simulatedStart: new Date(input.firstDeliveryMs).toISOString(),
    simulatedEnd: new Date(end).toISOString(),
    realSeconds: Math.round(input.realMs / 100) / 10,
    settings: input.settings,
    notes: input.notes,
    redactedSecrets: 0,
  };
  return redactSecrets(report, input.secrets);
}

/** Authorization keys and shared keys the simulator holds (what must never appear in output). */
export function simulatorSecrets(
  resources: readonly { readonly properties: Readonly<Record<string, unknown>> }[],
): string[] {
  const keys: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (/^(authorizationKey|sharedKey)$/i.test(key) && typeof value === 'string' && value.length >= 8)
          keys.push(value);
        else visit(value);
      }
    }
  };
  resources.forEach((resource) => {
    visit(resource.properties);
  });
  return keys;
}

/** Replaces every occurrence of a secret value in the report's strings; a leak makes the report not ok. */
export function redactSecrets(report: RehearsalReport, secrets: readonly string[]): RehearsalReport {
  const values = [...new Set(secrets.filter((secret) => secret.length > 0))];
  let found = 0;
  const scrub = (node: unknown): unknown => {
    if (typeof node === 'string') {
      let text = node;
      for (const secret of values) {
        if (!text.includes(secret)) continue;
        found += text.split(secret).length - 1;
        text = text.split(secret).join(REDACTED);
      }
      return text;
    }
    if (Array.isArray(node)) return node.map(scrub);
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [scrub(key) as string, scrub(value)]));
    }
    return node;
  };
  const scrubbed = scrub(report) as RehearsalReport;
  return found === 0 ? report : { ...scrubbed, ok: false, redactedSecrets: found };
}

function eventTypeOf(body: unknown, properties: Readonly<Record<string, unknown>>): string {
  if (typeof body === 'object' && body !== null && 'type' in body && typeof body.type === 'string') return body.type;
  const type = properties['cloudEvents:type'];
  return typeof type === 'string' ? type : '(unknown)';
}
