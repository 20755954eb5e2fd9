/**
 * One batch of a compliance sweep, and the sweep's fleet-level step, over the ports (no Durable, no SDKs):
 *
 * 1. the batch's customers from the registry (Active ones with a recorded spec), their desired intents from the
 *    spec and its recorded placements (topology.ts, the planner's intents);
 * 2. observed state from Resource Graph: one paged query over all the batch's subscriptions (per customer tenant,
 *    or one Lighthouse scope), projected to what the diff needs;
 * 3. the findings diff per customer (findingsDiff.ts);
 * 4. per-resource ARM reads only for customers with findings, to confirm each finding's resource before anything is
 *    repaired (Resource Graph lags): a finding the read contradicts is dropped as stale;
 * 5. findings stored (first-seen times kept), and what to repair (safe classes the policy says `repair`, on
 *    resources with no other drift) and what to report as destructive drift, for the orchestration.
 */
import { asObservable, compareIntents } from '../domain/diff';
import { isDestructive, isSafeClass, type Finding, type FindingClass, type RepairPolicy } from '../domain/findings';
import {
  customerFindings,
  unmanagedCircuitFindings,
  type FindingThresholds,
  type ObservedResource,
} from '../domain/findingsDiff';
import type { ArmId, ResourceIntent } from '../domain/intents';
import { armIdKey } from '../domain/naming';
import { deriveTopology } from '../domain/topology';
import { monthlyPriceUsd } from '../domain/circuitPricing';
import type { ComplianceStore, SweepBatchSummary } from '../ports/compliance';
import { withPlacements, type CustomerRecord, type CustomerRegistry } from '../ports/customers';
import type { InventoryPort, InventoryScope } from '../ports/inventory';
import { InventoryTypes } from '../ports/inventory';
import type { NetworkPort } from '../ports/network';

export interface ComplianceSettings {
  readonly repairPolicy: RepairPolicy;
  readonly resourceGraphScope: 'per-tenant' | 'delegated';
  readonly thresholds: FindingThresholds;
}

export interface ComplianceSweepPorts {
  readonly customers: Pick<CustomerRegistry, 'get' | 'list'>;
  readonly inventory: InventoryPort;
  readonly network: Pick<NetworkPort, 'read'>;
  readonly store: ComplianceStore;
  readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] };
  readonly settings: ComplianceSettings;
  readonly now: () => number;
}

/** A finding as history carries it (small; no secrets). */
export interface FindingSummary {
  readonly code: Finding['code'];
  readonly severity: Finding['severity'];
  readonly class: FindingClass;
  readonly resourceId: ArmId;
  readonly message: string;
}

/** One safe repair: the owning resource's intent, ensured by its ensure activity under the customer's lease. */
export interface RepairItem {
  readonly stepKey: string;
  readonly intent: ResourceIntent;
  readonly codes: readonly Finding['code'][];
}

export interface CustomerSweepOutcome {
  readonly customerId: string;
  readonly findings: number;
  readonly repairs: readonly RepairItem[];
  /** Destructive drift: reported with `drift.detected`, never repaired. */
  readonly destructive: readonly FindingSummary[];
}

export interface BatchEvaluation {
  readonly customers: readonly CustomerSweepOutcome[];
  readonly summary: SweepBatchSummary;
}

/** Active customers, one page at a time, in id order. */
export async function listSweepCustomers(
  customers: Pick<CustomerRegistry, 'list'>,
  pageSize: number,
  continuationToken?: string,
): Promise<{ readonly customerIds: readonly string[]; readonly continuationToken?: string }> {
  const page = await customers.list({
    pageSize,
    status: 'Active',
    ...(continuationToken === undefined ? {} : { continuationToken }),
  });
  return {
    customerIds: page.items.map((record) => record.id),
    ...(page.continuationToken === undefined ? {} : { continuationToken: page.continuationToken }),
  };
}

interface CustomerState {
  readonly record: CustomerRecord;
  readonly desired: readonly ResourceIntent[];
}

export async function evaluateSweepBatch(
  ports: ComplianceSweepPorts,
  sweepId: string,
  customerIds: readonly string[],
): Promise<BatchEvaluation> {
  const states: CustomerState[] = [];
  for (const customerId of customerIds) {
    const record = await ports.customers.get(customerId);
    if (record?.spec === undefined || record.status !== 'Active') continue;
    const topology = deriveTopology(withPlacements(record.spec, record), { cspTenantId: ports.csp.tenantId });
    states.push({ record, desired: topology.resources });
  }

  const queriesBefore = ports.inventory.statistics().queries;
  const rows: ObservedResource[] = [];
  const scopes = inventoryScopes(ports, states);
  if (scopes.length > 0) {
    const filter = {
      customerIds: states.map((state) => state.record.id),
      customerSubscriptionIds: states.flatMap((state) => state.record.subscriptions),
    };
    for await (const page of ports.inventory.resources(scopes, filter)) {
      rows.push(...page.resources);
    }
  }
  const resourceGraphQueries = ports.inventory.statistics().queries - queriesBefore;

  const rowsByCustomer = groupRows(states, rows);
  const outcomes: CustomerSweepOutcome[] = [];
  const byCode: Record<string, number> = {};
  let armReads = 0;
  let findingsTotal = 0;
  let withFindings = 0;
  for (const state of states) {
    const customerId = state.record.id;
    const firstSeen = await ports.store.firstSeen(customerId);
    const evaluated = customerFindings({
      customerId,
      desired: state.desired,
      observed: rowsByCustomer.get(customerId) ?? [],
      firstSeen: (key) => firstSeen.get(key),
      now: ports.now(),
      thresholds: ports.settings.thresholds,
      monthlyPriceUsd,
    });
    let findings = evaluated.findings;
    if (findings.length > 0) {
      const confirmed = await confirmFindings(ports, state.desired, findings);
      armReads += confirmed.reads;
      findings = confirmed.findings;
    }
    const repairs = repairsFor(ports.settings.repairPolicy, state.desired, findings);
    const repairedIds = new Set(repairs.map((item) => armIdKey(item.intent.id)));
    await ports.store.replaceFindings(
      customerId,
      sweepId,
      findings.map((finding) => ({
        ...finding,
        action: finding.intentId !== undefined && repairedIds.has(armIdKey(finding.intentId)) ? 'repaired' : 'reported',
      })),
      evaluated.watching,
      new Date(ports.now()).toISOString(),
    );
    for (const finding of findings) byCode[finding.code] = (byCode[finding.code] ?? 0) + 1;
    findingsTotal += findings.length;
    if (findings.length > 0) withFindings += 1;
    outcomes.push({
      customerId,
      findings: findings.length,
      repairs,
      destructive: findings.filter((finding) => isDestructive(finding.code)).map(summaryOf),
    });
  }
  return {
    customers: outcomes,
    summary: {
      customers: states.length,
      customersWithFindings: withFindings,
      findings: findingsTotal,
      byCode,
      repaired: 0,
      repairsFailed: 0,
      driftEvents: outcomes.filter((outcome) => outcome.destructive.length > 0).length,
      resourceGraphQueries,
      armReads,
    },
  };
}

/** Fleet findings: unmanaged circuits in the CSP's own subscriptions. */
export async function evaluateFleet(
  ports: Pick<ComplianceSweepPorts, 'inventory' | 'store' | 'csp' | 'now'>,
  sweepId: string,
): Promise<{ readonly findings: number; readonly resourceGraphQueries: number }> {
  const before = ports.inventory.statistics().queries;
  const rows: ObservedResource[] = [];
  const scope: InventoryScope = { tenantId: ports.csp.tenantId, subscriptionIds: ports.csp.subscriptionIds };
  for await (const page of ports.inventory.resources([scope], {
    types: [InventoryTypes.circuit],
    includeUntagged: [InventoryTypes.circuit],
  })) {
    rows.push(...page.resources);
  }
  const findings = unmanagedCircuitFindings(rows);
  await ports.store.replaceFindings(
    undefined,
    sweepId,
    findings.map((finding) => ({ ...finding, action: 'reported' as const })),
    [],
    new Date(ports.now()).toISOString(),
  );
  return { findings: findings.length, resourceGraphQueries: ports.inventory.statistics().queries - before };
}

function summaryOf(finding: Finding): FindingSummary {
  return {
    code: finding.code,
    severity: finding.severity,
    class: finding.class,
    resourceId: finding.resourceId,
    message: finding.message,
  };
}

function inventoryScopes(ports: ComplianceSweepPorts, states: readonly CustomerState[]): InventoryScope[] {
  const cspSubscriptions = new Set<string>();
  const byTenant = new Map<string, Set<string>>();
  const add = (tenantId: string, subscriptionId: string): void => {
    const key = tenantId.toLowerCase();
    byTenant.set(key, (byTenant.get(key) ?? new Set()).add(subscriptionId.toLowerCase()));
  };
  for (const { record, desired } of states) {
    for (const subscriptionId of record.subscriptions) add(record.tenantId, subscriptionId);
    for (const intent of desired) {
      if (intent.scope.tenantId.toLowerCase() === ports.csp.tenantId.toLowerCase()) {
        cspSubscriptions.add(intent.scope.subscriptionId.toLowerCase());
      }
    }
  }
  for (const subscriptionId of cspSubscriptions) add(ports.csp.tenantId, subscriptionId);
  if (ports.settings.resourceGraphScope === 'delegated') {
    const all = [...byTenant.values()].flatMap((subscriptions) => [...subscriptions]);
    return all.length === 0 ? [] : [{ tenantId: ports.csp.tenantId, subscriptionIds: [...new Set(all)] }];
  }
  return [...byTenant].map(([tenantId, subscriptions]) => ({ tenantId, subscriptionIds: [...subscriptions] }));
}

function groupRows(
  states: readonly CustomerState[],
  rows: readonly ObservedResource[],
): Map<string, ObservedResource[]> {
  const bySubscription = new Map<string, string>();
  const byLowerId = new Map<string, string>();
  for (const { record } of states) {
    byLowerId.set(record.id.toLowerCase(), record.id);
    for (const subscriptionId of record.subscriptions) bySubscription.set(subscriptionId.toLowerCase(), record.id);
  }
  const grouped = new Map<string, ObservedResource[]>();
  for (const row of rows) {
    const owner =
      (row.customerId === undefined ? undefined : byLowerId.get(row.customerId.toLowerCase())) ??
      bySubscription.get(row.subscriptionId.toLowerCase());
    if (owner === undefined) continue;
    const list = grouped.get(owner);
    if (list) list.push(row);
    else grouped.set(owner, [row]);
  }
  return grouped;
}

/**
 * Reads each owning resource a finding names (once per resource) and drops the findings the read contradicts: a
 * resource reported missing that exists, a resource reported changed that matches its intent. Findings about state
 * (provisioning, connection status, age) and about resources the automation does not own are kept as found.
 */
async function confirmFindings(
  ports: Pick<ComplianceSweepPorts, 'network'>,
  desired: readonly ResourceIntent[],
  findings: readonly Finding[],
): Promise<{ readonly findings: Finding[]; readonly reads: number }> {
  const intentsById = new Map(desired.map((intent) => [armIdKey(intent.id), intent]));
  const verdicts = new Map<string, 'absent' | 'matches' | 'differs'>();
  let reads = 0;
  for (const finding of findings) {
    if (finding.intentId === undefined || !CONFIRMABLE.has(finding.code)) continue;
    const key = armIdKey(finding.intentId);
    const intent = intentsById.get(key);
    if (intent === undefined || verdicts.has(key)) continue;
    reads += 1;
    const observed = await ports.network.read({ kind: intent.kind, id: intent.id, scope: intent.scope });
    verdicts.set(
      key,
      observed === undefined
        ? 'absent'
        : compareIntents(observed.intent, asObservable(intent)).length === 0
          ? 'matches'
          : 'differs',
    );
  }
  const kept = findings.filter((finding) => {
    if (finding.intentId === undefined || !CONFIRMABLE.has(finding.code)) return true;
    const verdict = verdicts.get(armIdKey(finding.intentId));
    if (verdict === undefined) return true;
    if (MISSING_CODES.has(finding.code)) return verdict === 'absent';
    return verdict !== 'matches';
  });
  return { findings: kept, reads };
}

const MISSING_CODES: ReadonlySet<Finding['code']> = new Set([
  'ResourceMissing',
  'PeeringMissing',
  'ConnectionMissing',
  'CircuitMissing',
]);
const CONFIRMABLE: ReadonlySet<Finding['code']> = new Set([
  ...MISSING_CODES,
  'RouteAdded',
  'RouteRemoved',
  'RouteChanged',
  'NsgRuleAdded',
  'NsgRuleRemoved',
  'NsgRuleChanged',
  'SubnetAssociationMissing',
  'TagsChanged',
  'CircuitBandwidthChanged',
  'CircuitSkuChanged',
]);

/**
 * What the policy lets the sweep repair: the owning intents of safe findings whose class is set to `repair`, on
 * resources with no finding of any other class (a route table whose tags and routes drifted is repaired; a circuit
 * whose tags and bandwidth drifted is not: its ensure would write the bandwidth too).
 */
export function repairsFor(
  policy: RepairPolicy,
  desired: readonly ResourceIntent[],
  findings: readonly Finding[],
): RepairItem[] {
  const intentsById = new Map(desired.map((intent) => [armIdKey(intent.id), intent]));
  const blocked = new Set<string>();
  const wanted = new Map<string, Finding['code'][]>();
  for (const finding of findings) {
    if (finding.intentId === undefined) continue;
    const key = armIdKey(finding.intentId);
    if (!isSafeClass(finding.class) || policy[finding.class] !== 'repair' || isDestructive(finding.code)) {
      blocked.add(key);
      continue;
    }
    wanted.set(key, [...(wanted.get(key) ?? []), finding.code]);
  }
  const repairs: RepairItem[] = [];
  for (const [key, codes] of wanted) {
    const intent = intentsById.get(key);
    if (intent === undefined || blocked.has(key)) continue;
    repairs.push({ stepKey: `repair:${intent.kind}:${intent.name}`, intent, codes: [...new Set(codes)] });
  }
  return repairs;
}
