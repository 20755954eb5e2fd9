/**
 * What-if: what a request would change in Azure, and which plan would run, without changing anything. Read-only by
 * construction: it receives a network port narrowed to `read` (GETs), the checkpoint log's `list` and Resource
 * Graph's `resourcesOfCustomer`, and calls nothing else. Reads per call do not grow with the fleet (no subscription
 * is listed: readCustomerResources, customerTopology.ts).
 *
 * - Onboarding: the desired topology (deriveTopology) against what Azure holds for each desired resource, one GET
 *   each (children of a circuit that does not exist are not read: they cannot exist either), compared as Azure can
 *   report it (asObservable); the plan is planTopology's. A subscription that belongs to no customer yet cannot be
 *   read (the tenant guard has no tenant to vouch for it); since the automation registers a customer before it
 *   writes anything, nothing of it can be there, and its resources are shown as creates, with a note saying so.
 * - Bandwidth change: the customer's circuits as Azure holds them (readCustomerResources) against the requested bandwidth and SKU; an
 *   in-place change updates one leg after the other. A change that needs a new pair is not planned here (its names,
 *   service keys and link moves do not follow from what is registered): it is answered as unprocessable.
 * - Decommission: planTeardown of the current topology, as read back from Azure by readCustomerResources
 *   (customer-owned gateways stay).
 *
 * Expected refusals (another customer's subscription or tenant, as the intake checks them in requestScope.ts; nothing
 * registered to plan from) are typed results; only bugs and failures of Azure or the registry are thrown.
 */
import { decideCircuitChange, type CircuitPairSettings } from '../domain/changeRules';
import { asObservable, compareIntents, diffTopology, summarizeChanges } from '../domain/diff';
import type { ChangeAction, FieldChange, ResourceChange } from '../domain/diff';
import type { ArmId, CircuitIntent, ResourceIntent, ResourceKind, Topology } from '../domain/intents';
import { armIdKey } from '../domain/naming';
import type { Plan } from '../domain/plan';
import { planTeardown, planTopology } from '../domain/planner';
import { deriveTopology } from '../domain/topology';
import { ValidationError, type ValidationIssue } from '../errors';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  BANDWIDTH_CHANGE_RULES,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  prefixIssues,
  requestCustomerId,
} from '../messages';
import type {
  BandwidthChangeRequestedEvent,
  DecommissionRequestedEvent,
  OnboardingRequestedEvent,
  RequestEvent,
  RequestEventType,
} from '../messages';
import type { CustomerRecord, CustomerRegistry } from '../ports/customers';
import { readCustomerResources, type CustomerResourcePorts } from './customerTopology';
import { RejectionCodes } from './requestIntake';
import { onboardingScopeIssues, unregisteredCustomerIssues } from './requestScope';

/** The network port (GETs only), the CSP, the checkpoints and Resource Graph: what readCustomerResources reads. */
export interface WhatIfPorts extends CustomerResourcePorts {
  readonly customers: Pick<CustomerRegistry, 'get' | 'tenantOfSubscription' | 'ownerOfSubscription'>;
}

export interface WhatIfChange {
  readonly action: ChangeAction;
  readonly kind: ResourceKind;
  readonly id: ArmId;
  /** For an update: each field that differs, as Azure holds it and as the request wants it. */
  readonly fields: readonly FieldChange[];
}

/** `build`: planTopology; `resize-in-place`: one circuit after the other; `teardown`: planTeardown. */
export type WhatIfPlanKind = 'build' | 'resize-in-place' | 'teardown';

export interface WhatIfPlan {
  readonly kind: WhatIfPlanKind;
  /** Step keys by stage: the steps of one stage may run in parallel. */
  readonly stages: readonly (readonly string[])[];
  readonly steps: number;
}

export interface WhatIfResult {
  readonly customerId: string;
  readonly requestType: RequestEventType;
  readonly summary: Readonly<Record<ChangeAction, number>>;
  readonly changes: readonly WhatIfChange[];
  readonly plan: WhatIfPlan;
  /** What the answer assumed, or could not check. */
  readonly notes: readonly string[];
}

/** `invalid`: the request breaks a rule; `forbidden`: it reaches for another customer's; `unprocessable`: valid, but there is not enough to plan from. */
export type WhatIfRejectionReason = 'invalid' | 'forbidden' | 'unprocessable';

export interface WhatIfRejection {
  readonly reason: WhatIfRejectionReason;
  /** A stable error code, the intake's where they mean the same (`ScopeViolation`, `UnknownCustomer`…). */
  readonly code: string;
  readonly detail: string;
  /** Request fields at fault, with paths into the request event (`data.customer.subscriptions[1]`). */
  readonly issues: readonly ValidationIssue[];
}

export type WhatIfOutcome =
  { readonly ok: true; readonly result: WhatIfResult } | { readonly ok: false; readonly rejection: WhatIfRejection };

/** What the request would do. Never writes; see the module comment for what each request type reads. */
export async function whatIf(event: RequestEvent, ports: WhatIfPorts): Promise<WhatIfOutcome> {
  switch (event.type) {
    case ONBOARDING_REQUESTED:
      return whatIfOnboarding(event, ports);
    case BANDWIDTH_CHANGE_REQUESTED:
      return whatIfBandwidthChange(event, ports);
    case DECOMMISSION_REQUESTED:
      return whatIfDecommission(event, ports);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Onboarding

async function whatIfOnboarding(event: OnboardingRequestedEvent, ports: WhatIfPorts): Promise<WhatIfOutcome> {
  const spec = event.data;
  const scopeIssues = await onboardingScopeIssues(spec, ports.customers);
  if (scopeIssues.length > 0) {
    const detail = "The request reaches for another customer's subscription or tenant.";
    return {
      ok: false,
      rejection: { reason: 'forbidden', code: RejectionCodes.scopeViolation, detail, issues: scopeIssues },
    };
  }

  let topology: Topology;
  try {
    topology = deriveTopology(spec, { cspTenantId: ports.csp.tenantId });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = prefixIssues(error.issues, 'data');
    return { ok: false, rejection: { reason: 'invalid', code: error.code, detail: error.message, issues } };
  }

  const readable = readableSubscriptions(spec.customer.tenantId, ports);
  const actual: ResourceIntent[] = [];
  const unread = new Set<string>();
  const absentCircuits = new Set<string>();
  for (const intent of topology.resources) {
    if (!(await readable(intent.scope.subscriptionId))) {
      unread.add(intent.scope.subscriptionId.toLowerCase());
      continue;
    }
    const childOfAbsentCircuit =
      (intent.kind === 'peering' || intent.kind === 'authorization') && absentCircuits.has(armIdKey(intent.circuitId));
    if (childOfAbsentCircuit) continue;
    const observed = await ports.network.read({ kind: intent.kind, id: intent.id, scope: intent.scope });
    if (observed !== undefined) actual.push(observed.intent);
    else if (intent.kind === 'circuit') absentCircuits.add(armIdKey(intent.id));
  }

  const changes = diffTopology(actual, topology.resources.map(asObservable));
  const notes = [...unread]
    .sort()
    .map(
      (subscriptionId) =>
        `Subscription ${subscriptionId} is not registered to customer "${spec.customer.id}" yet, so it was not read ` +
        '(no tenant vouches for it). The automation registers a customer before it writes anything, so nothing of ' +
        'its own can be there: its resources in that subscription are shown as creates.',
    );
  for (const intent of topology.resources) {
    if (intent.kind === 'gateway' && intent.existing && unread.has(intent.scope.subscriptionId.toLowerCase())) {
      notes.push(`Gateway ${intent.id} is the customer's own: it is only checked, never written.`);
    }
  }
  return { ok: true, result: result(event, changes, planView('build', planTopology(topology)), notes) };
}

/** The CSP's own subscriptions, and those the registry assigns to this tenant (memoized per subscription). */
function readableSubscriptions(tenantId: string, ports: WhatIfPorts): (subscriptionId: string) => Promise<boolean> {
  const csp = new Set(ports.csp.subscriptionIds.map((id) => id.toLowerCase()));
  const answers = new Map<string, boolean>();
  return async (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    if (csp.has(key)) return true;
    const known = answers.get(key);
    if (known !== undefined) return known;
    const owner = await ports.customers.tenantOfSubscription(key);
    const readable = owner?.toLowerCase() === tenantId.toLowerCase();
    answers.set(key, readable);
    return readable;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bandwidth change

async function whatIfBandwidthChange(event: BandwidthChangeRequestedEvent, ports: WhatIfPorts): Promise<WhatIfOutcome> {
  const { data } = event;
  const record = await registered(data.customerId, ports, 'there is no circuit pair to resize');
  if (!record.ok) return record.outcome;

  const circuits = (await readCustomerResources(record.value, ports, ['circuit']))
    .map((observed) => observed.intent)
    .filter((intent): intent is CircuitIntent => intent.kind === 'circuit');
  const legA = circuits.find((circuit) => circuit.leg === 'a');
  const legB = circuits.find((circuit) => circuit.leg === 'b');
  if (legA === undefined || legB === undefined) {
    return unprocessable(
      'PairIncomplete',
      `Azure holds ${circuits.length} of the 2 circuits tagged for customer "${data.customerId}"; a bandwidth ` +
        'change needs both legs of the pair.',
    );
  }

  const current: CircuitPairSettings = {
    provider: legA.serviceProviderName,
    peeringLocations: [legA.peeringLocation, legB.peeringLocation],
    bandwidthMbps: legA.bandwidthMbps,
    sku: legA.sku,
  };
  const desired: CircuitPairSettings = { ...current, bandwidthMbps: data.bandwidthMbps, sku: data.sku ?? current.sku };
  const decision = decideCircuitChange(current, desired, {
    vnetLinksPerCircuit: record.value.vnetIds.length,
    crossGeopoliticalLinks: false,
    privatePeeringRoutes: 0,
  });

  if (decision.kind === 'refused') {
    const issues = decision.reasons.map((reason) => ({
      path: reason.rule.startsWith('bandwidth.') || data.sku === undefined ? 'data.bandwidthMbps' : 'data.sku',
      rule: reason.rule,
      message: reason.message,
    }));
    return unprocessable('ChangeRefused', `The change cannot be made: ${joinMessages(issues)}.`, issues);
  }
  if (decision.kind === 'new-pair') {
    const issues: ValidationIssue[] =
      data.approval === undefined
        ? [
            {
              path: 'data.approval',
              rule: BANDWIDTH_CHANGE_RULES.approvalRequired,
              message: 'is required for a new pair',
            },
          ]
        : [];
    return unprocessable(
      'MigrationNotPlanned',
      `The change needs a new pair (${joinMessages(decision.reasons)}). A migration builds circuits with new names ` +
        'and service keys and moves every link: that plan does not follow from what is registered, so no what-if is ' +
        'given for it.',
      issues,
    );
  }

  const changes = [legA, legB].map((circuit): ResourceChange => {
    const wanted: CircuitIntent = { ...circuit, bandwidthMbps: desired.bandwidthMbps, sku: desired.sku };
    const fields = compareIntents(circuit, wanted);
    return { action: fields.length === 0 ? 'unchanged' : 'update', id: circuit.id, kind: 'circuit', fields };
  });
  // One leg at a time, so that the other keeps carrying traffic.
  const stages = changes.flatMap((change, index) =>
    change.action === 'update' ? [[`circuit:${index === 0 ? 'a' : 'b'}`]] : [],
  );
  const notes =
    current.sku.tier === 'Premium' && desired.sku.tier !== 'Premium'
      ? [
          'Leaving Premium succeeds only without links to VNets in other geopolitical regions and with fewer than ' +
            '4,000 private-peering routes; neither was read.',
        ]
      : [];
  return {
    ok: true,
    result: result(event, changes, { kind: 'resize-in-place', stages, steps: stages.length }, notes),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Decommission

async function whatIfDecommission(event: DecommissionRequestedEvent, ports: WhatIfPorts): Promise<WhatIfOutcome> {
  const record = await registered(event.data.customerId, ports, 'nothing tells where its resources are');
  if (!record.ok) return record.outcome;
  const held = await readCustomerResources(record.value, ports);
  const owned = held.filter((observed) => observed.state.managed).map((observed) => observed.intent);
  const topology: Topology = {
    customerId: record.value.id,
    tenantId: record.value.tenantId,
    model: record.value.model,
    resources: owned,
  };
  const notes: string[] = [];
  if (owned.length === 0)
    notes.push(`Nothing tagged for customer "${record.value.id}" was found: there is nothing to tear down.`);
  for (const observed of held) {
    if (!observed.state.managed) notes.push(`${observed.intent.id} is the customer's own: it stays.`);
  }
  const changes = diffTopology(owned, []);
  return { ok: true, result: result(event, changes, planView('teardown', planTeardown(topology)), notes) };
}

// ---------------------------------------------------------------------------------------------------------------

async function registered(
  customerId: string,
  ports: WhatIfPorts,
  consequence: string,
): Promise<{ ok: true; value: CustomerRecord } | { ok: false; outcome: WhatIfOutcome }> {
  const record = await ports.customers.get(customerId);
  if (record !== undefined) return { ok: true, value: record };
  return {
    ok: false,
    outcome: unprocessable(
      RejectionCodes.unknownCustomer,
      `Customer "${customerId}" is not registered, so ${consequence}: the registry holds a customer's tenant, ` +
        'subscriptions and circuit subscription from its onboarding.',
      unregisteredCustomerIssues(customerId),
    ),
  };
}

function unprocessable(code: string, detail: string, issues: readonly ValidationIssue[] = []): WhatIfOutcome {
  return { ok: false, rejection: { reason: 'unprocessable', code, detail, issues } };
}

function joinMessages(reasons: readonly { readonly message: string }[]): string {
  return reasons.map((reason) => reason.message).join('; ');
}

function planView(kind: WhatIfPlanKind, plan: Plan): WhatIfPlan {
  return { kind, stages: plan.stages, steps: plan.steps.length };
}

function result(
  event: RequestEvent,
  changes: readonly ResourceChange[],
  plan: WhatIfPlan,
  notes: readonly string[],
): WhatIfResult {
  return {
    customerId: requestCustomerId(event),
    requestType: event.type,
    summary: summarizeChanges(changes),
    changes: changes.map(({ action, kind, id, fields }) => ({ action, kind, id, fields })),
    plan,
    notes,
  };
}
