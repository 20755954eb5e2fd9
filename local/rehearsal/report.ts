/**
 * The rehearsal's summary: each request's ending, what the app built in "Azure" (state fields only: never an
 * authorization key or a shared key), ARM traffic from the simulator's counters, Durable history sizes, the events
 * that reached the events topic, and simulated time. A last pass replaces any secret value that reached the report
 * (it should never happen) and counts it: a leak fails the run.
 */
import type { CircuitChangeLine } from './circuitChanges';
import type { DecommissionSummary } from './decommissionReport';
import { EVENTS_TOPIC } from '../../shared/messages';
import type { RequestError } from './outcome';
import { REQUEST_STATUSES } from './expectations';
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
  /** The error code the ending was expected to carry, when one was stated. */
  readonly expectedCode?: string;
  /** Where the expectation was stated: `--expect`, a manifest's path, or `file name`. */
  readonly expectedFrom: string;
  /** The ending met the expectation and the request broke no invariant. */
  readonly asExpected: boolean;
  /** Invariants the request broke (e.g. a checkpoint left `Waiting` after it ended); each one fails the request. */
  readonly violations?: readonly string[];
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
  /** Bandwidth and SKU changes: each circuit's old and new size, from the workflow's output. */
  readonly circuitChanges?: readonly CircuitChangeLine[];
  /** Decommissions: the customer's resources before and after, and each circuit's billing stop time. */
  readonly decommission?: DecommissionSummary;
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

/** Each request counted once: by its ending, and as expected or not. */
export interface RequestTotals {
  readonly requests: number;
  readonly byStatus: Readonly<Record<RequestStatus, number>>;
  readonly asExpected: number;
  readonly notAsExpected: number;
}

/**
 * ARM requests the simulator received after seeding, counted twice over, each way adding up to `requests`: by kind
 * (`reads + writes + deletes + polls`) and by how each was met (`answered + throttled + faults`). `answered` includes
 * ARM's refusals (4xx such as a write conflict); `throttled` are the 429s of ARM's request limits; `faults` the
 * injected ones (a 429, 500 or 503, or a dropped connection), which never reach the limits.
 */
export interface ArmTraffic {
  readonly requests: number;
  readonly reads: number;
  readonly writes: number;
  readonly deletes: number;
  readonly polls: number;
  readonly answered: number;
  readonly throttled: number;
  readonly faults: number;
}

export interface RehearsalReport {
  readonly ok: boolean;
  readonly totals: RequestTotals;
  readonly requests: readonly RequestReport[];
  readonly resources: readonly ResourceReport[];
  /** Resources created, by type. */
  readonly resourceCounts: Readonly<Record<string, number>>;
  readonly arm: ArmTraffic;
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
    readonly seed: number;
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

  const arm = armTraffic(stack.arm.control.counters().total);
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
  const totals = requestTotals(input.requests);
  const contradictions = countContradictions(totals, arm);
  const report: RehearsalReport = {
    ok: input.requests.every((request) => request.asExpected) && contradictions.length === 0,
    totals,
    requests: input.requests,
    resources,
    resourceCounts,
    arm,
    history,
    events,
    simulatedMinutes: Math.round((end - input.firstDeliveryMs) / 60_000),
    simulatedStart: new Date(input.firstDeliveryMs).toISOString(),
    simulatedEnd: new Date(end).toISOString(),
    realSeconds: Math.round(input.realMs / 100) / 10,
    settings: input.settings,
    notes: [...input.notes, ...contradictions.map((contradiction) => `counts disagree: ${contradiction}`)],
    redactedSecrets: 0,
  };
  return redactSecrets(report, input.secrets);
}

export function requestTotals(requests: readonly Pick<RequestReport, 'status' | 'asExpected'>[]): RequestTotals {
  const byStatus = Object.fromEntries(REQUEST_STATUSES.map((status) => [status, 0])) as Record<RequestStatus, number>;
  for (const request of requests) byStatus[request.status] += 1;
  const asExpected = requests.filter((request) => request.asExpected).length;
  return { requests: requests.length, byStatus, asExpected, notAsExpected: requests.length - asExpected };
}

/** The simulator's counters as the summary reports them: `answered` is what neither the limits nor a fault took. */
export function armTraffic(counters: {
  readonly reads: number;
  readonly writes: number;
  readonly deletes: number;
  readonly polls: number;
  readonly throttled: number;
  readonly faults: number;
}): ArmTraffic {
  const { reads, writes, deletes, polls, throttled, faults } = counters;
  const requests = reads + writes + deletes + polls;
  return { requests, reads, writes, deletes, polls, answered: requests - throttled - faults, throttled, faults };
}

/** Every way the totals fail to add up (none, unless a request was counted twice or in no category). */
export function countContradictions(totals: RequestTotals, arm: ArmTraffic): string[] {
  const problems: string[] = [];
  const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
  const byStatus = sum(Object.values(totals.byStatus));
  if (byStatus !== totals.requests) {
    problems.push(`requests by ending add up to ${byStatus}, not the ${totals.requests} delivered`);
  }
  if (totals.asExpected + totals.notAsExpected !== totals.requests) {
    problems.push(
      `${totals.asExpected} as expected + ${totals.notAsExpected} not as expected is not ${totals.requests} requests`,
    );
  }
  if (sum([arm.reads, arm.writes, arm.deletes, arm.polls]) !== arm.requests) {
    problems.push(`ARM reads, writes, deletes and polls do not add up to ${arm.requests} requests`);
  }
  const met = [arm.answered, arm.throttled, arm.faults];
  if (met.some((count) => count < 0) || sum(met) !== arm.requests) {
    problems.push(
      `ARM requests answered (${arm.answered}), throttled (${arm.throttled}) and faulted (${arm.faults}) ` +
        `do not add up to the ${arm.requests} received: some request was counted twice`,
    );
  }
  return problems;
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
