/**
 * What `ercsp plan` computes for a request file: the plan that would run, or what is needed to know it.
 * Onboarding: derive the topology and plan it. Decommission: the teardown plan of the customer's current spec.
 * Bandwidth change: assessed against the current spec; an in-place change becomes one update per leg.
 */
import { ValidationError, type ValidationIssue } from '../../shared/errors';
import type { CircuitIntent, Topology } from '../../shared/domain/intents';
import type { Plan, PlanStep } from '../../shared/domain/plan';
import { circuitPairsOf } from '../../shared/domain/pairs';
import { planTeardown, planTopology } from '../../shared/domain/planner';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import { validateCustomerSpec } from '../../shared/domain/validation';
import {
  BANDWIDTH_CHANGE_REQUESTED,
  DECOMMISSION_REQUESTED,
  ONBOARDING_REQUESTED,
  assessBandwidthChange,
  parseRequestEvent,
  requestCustomerId,
  type BandwidthChangeAssessment,
  type BandwidthChangeRequestedEvent,
  type CircuitSizing,
  type DecommissionRequestedEvent,
  type RequestEventType,
} from '../../shared/messages';
import { onboardingLanes, type OnboardingLanes } from '../../orchestrations/steps/onboardingLanes';
import type { LocalCspContext } from './defaults';
import { readJsonFile } from './files';
import { offlineProviderWarnings } from './commands/validate';

export type PlanResult =
  /** A plan that would run (possibly empty: nothing to do). */
  | {
      readonly status: 'planned';
      readonly requestType: RequestEventType;
      readonly title: string;
      readonly plan: Plan;
      readonly notes: readonly string[];
      readonly assessment?: BandwidthChangeAssessment;
      /** Onboarding: the waves the workflow runs the plan in (the same function the orchestrator uses). */
      readonly waves?: OnboardingLanes;
      /** Findings against the shipped provider catalogue: shown, never a refusal. */
      readonly warnings?: readonly ValidationIssue[];
    }
  /** No plan can be computed from what was given: which plan applies, and what it needs. */
  | {
      readonly status: 'described';
      readonly requestType: RequestEventType;
      readonly customerId: string;
      readonly title: string;
      readonly explanation: readonly string[];
      readonly assessment?: BandwidthChangeAssessment;
    }
  | { readonly status: 'invalid'; readonly file: string; readonly issues: readonly ValidationIssue[] }
  | { readonly status: 'unreadable'; readonly file: string; readonly problem: string }
  | { readonly status: 'usage'; readonly message: string };

export interface PlanOptions {
  /** The customer's current spec: an onboarding request file or a bare customer spec. */
  readonly spec?: string;
}

export function planRequestFile(file: string, options: PlanOptions, cwd: string, csp: LocalCspContext): PlanResult {
  const read = readJsonFile(file, cwd);
  if (!read.ok) return { status: 'unreadable', file, problem: read.problem };
  const parsed = parseRequestEvent(read.value, csp);
  if (!parsed.ok) return { status: 'invalid', file, issues: parsed.issues };
  const { event } = parsed;

  if (event.type === ONBOARDING_REQUESTED) {
    if (options.spec !== undefined) {
      return { status: 'usage', message: '--spec applies to bandwidth change and decommission requests only' };
    }
    const topology = topologyOf(event.data, csp, file);
    if (!('resources' in topology)) return topology;
    const pairNames = circuitPairsOf(event.data).map((pair) => pair.name);
    const ofPairs = pairNames.length > 1 ? ` · ${pairNames.length} pairs: ${pairNames.join(', ')}` : '';
    const plan = planTopology(topology);
    return {
      status: 'planned',
      requestType: event.type,
      title: `Onboarding plan for ${event.data.customer.id} (${event.data.customer.model})${ofPairs} · request ${event.id}`,
      plan,
      notes: [],
      waves: onboardingLanes(plan),
      warnings: offlineProviderWarnings(event.data),
    };
  }

  if (options.spec === undefined) return describeWithoutSpec(event);
  const current = loadSpec(options.spec, cwd, csp);
  if (!('customer' in current)) return current;
  const customerId = requestCustomerId(event);
  if (current.customer.id !== customerId) {
    return {
      status: 'usage',
      message: `--spec ${options.spec} is the spec of "${current.customer.id}", but the request is for "${customerId}"`,
    };
  }
  const topology = topologyOf(current, csp, options.spec);
  if (!('resources' in topology)) return topology;
  return event.type === DECOMMISSION_REQUESTED
    ? planDecommission(event, topology)
    : planBandwidthChange(event, current, topology, file);
}

function planDecommission(event: DecommissionRequestedEvent, topology: Topology): PlanResult {
  const kept = topology.resources.filter((intent) => intent.kind === 'gateway' && intent.existing);
  return {
    status: 'planned',
    requestType: event.type,
    title: `Teardown plan for ${event.data.customerId} · request ${event.id} · approved by ${event.data.approvedBy}`,
    plan: planTeardown(topology),
    notes: [
      'Circuits are billed until they are deleted; the provider must deprovision them first (await-deprovision).',
      ...(kept.length > 0
        ? [`Kept (not created by the automation): ${kept.map((intent) => intent.name).join(', ')}.`]
        : []),
    ],
  };
}

function planBandwidthChange(
  event: BandwidthChangeRequestedEvent,
  current: CustomerSpec,
  topology: Topology,
  file: string,
): PlanResult {
  const assessment = assessBandwidthChange(current, event.data);
  if (assessment.issues.length > 0) return { status: 'invalid', file, issues: assessment.issues };
  const change = `${sizing(assessment.from)} → ${sizing(assessment.to)}`;
  const customerId = event.data.customerId;
  switch (assessment.mode) {
    case 'unchanged':
      return {
        status: 'planned',
        requestType: event.type,
        title: `Bandwidth change for ${customerId}: already at ${sizing(assessment.to)}, nothing to do · request ${event.id}`,
        plan: { customerId, steps: [], stages: [] },
        notes: assessment.notes,
        assessment,
      };
    case 'in-place':
      return {
        status: 'planned',
        requestType: event.type,
        title: `Bandwidth change for ${customerId}: ${change}, in place, one leg at a time · request ${event.id}`,
        plan: inPlaceResizePlan(topology, assessment.to),
        notes: [
          'Each circuit: GET, change only the bandwidth/SKU, PUT the full object, read it back; then tell the provider.',
          ...assessment.notes,
        ],
        assessment,
      };
    case 'refused': // always with issues, handled above
      return { status: 'invalid', file, issues: assessment.issues };
    case 'migration': {
      const teardown = planTeardown(topology);
      const approval = event.data.approval;
      return {
        status: 'described',
        requestType: event.type,
        customerId,
        title: `Bandwidth change for ${customerId}: ${change}, as a migration to a new pair · request ${event.id}`,
        explanation: [
          `Not possible in place: ${assessment.migrationReasons.join('; ')}.`,
          ...(approval === undefined
            ? []
            : [`Approved by ${approval.approvedBy} under ${approval.ticket} at ${approval.approvedAt}.`]),
          'Runs as a migration: a new pair at the new size is built (its own onboarding plan, with a new order at the provider), each VNet link moves to it, then the old pair is decommissioned.',
          `Decommissioning the old pair alone is ${teardown.steps.length} steps in ${teardown.stages.length} stages (see: ercsp plan <decommission request> --spec <current spec>).`,
          ...assessment.notes,
        ],
        assessment,
      };
    }
  }
}

function describeWithoutSpec(event: BandwidthChangeRequestedEvent | DecommissionRequestedEvent): PlanResult {
  const customerId = event.data.customerId;
  if (event.type === BANDWIDTH_CHANGE_REQUESTED) {
    return {
      status: 'described',
      requestType: event.type,
      customerId,
      title: `Bandwidth change for ${customerId} to ${event.data.bandwidthMbps} Mbps · request ${event.id}`,
      explanation: [
        'Which plan applies depends on the circuits as they are now:',
        '  an increase (or an in-place SKU change) updates each circuit in place, one leg at a time;',
        '  a decrease, or UnlimitedData → MeteredData, is a migration to a new pair and needs data.approval.',
        "To plan it, pass the customer's current spec: ercsp plan <request> --spec <onboarding request or spec>",
      ],
    };
  }
  return {
    status: 'described',
    requestType: event.type,
    customerId,
    title: `Decommission of ${customerId} · request ${event.id}`,
    explanation: [
      'The teardown plan removes what the automation built for the customer, so it needs the customer spec:',
      'connections → authorizations → Microsoft and private peerings → provider deprovisioning → circuits, leg by leg,',
      'then the route filter, subnet associations, route tables, NSGs and the gateways the automation created.',
      "To plan it, pass the customer's current spec: ercsp plan <request> --spec <onboarding request or spec>",
    ],
  };
}

/** The spec given with `--spec`: an onboarding request (validated as on arrival) or a bare customer spec. */
function loadSpec(file: string, cwd: string, csp: LocalCspContext): CustomerSpec | PlanResult {
  const read = readJsonFile(file, cwd);
  if (!read.ok) return { status: 'unreadable', file, problem: read.problem };
  const value = read.value;
  if (typeof value === 'object' && value !== null && 'specversion' in value) {
    const parsed = parseRequestEvent(value, csp);
    if (!parsed.ok) return { status: 'invalid', file, issues: parsed.issues };
    if (parsed.event.type !== ONBOARDING_REQUESTED) {
      return { status: 'usage', message: `--spec ${file} is a ${parsed.event.type}, not an onboarding request` };
    }
    return parsed.event.data;
  }
  const validated = validateCustomerSpec(value, csp);
  return validated.ok ? validated.value : { status: 'invalid', file, issues: validated.issues };
}

function topologyOf(spec: CustomerSpec, csp: LocalCspContext, file: string): Topology | PlanResult {
  try {
    return deriveTopology(spec, { cspTenantId: csp.cspTenantId });
  } catch (error) {
    if (error instanceof ValidationError) return { status: 'invalid', file, issues: error.issues };
    throw error;
  }
}

/** Each circuit updated in place (leg b after leg a), each followed by telling the provider to match its throttles. */
export function inPlaceResizePlan(topology: Topology, to: CircuitSizing): Plan {
  const circuits = topology.resources.filter((intent): intent is CircuitIntent => intent.kind === 'circuit');
  const steps: PlanStep[] = [];
  let previous: string | undefined;
  for (const circuit of circuits) {
    const key = `circuit:${circuit.leg}`;
    steps.push(
      {
        key,
        action: 'ensure',
        intent: { ...circuit, bandwidthMbps: to.bandwidthMbps, sku: to.sku },
        dependsOn: previous === undefined ? [] : [previous],
      },
      {
        key: `notify-provider:${circuit.leg}`,
        action: 'notifyProvider',
        leg: circuit.leg,
        circuitId: circuit.id,
        dependsOn: [key],
      },
    );
    previous = key;
  }
  return { customerId: topology.customerId, steps, stages: stagesOf(steps) };
}

/** Stages by longest path over `dependsOn`; `steps` must already be in a dependency order. */
export function stagesOf(steps: readonly PlanStep[]): string[][] {
  const stageOf = new Map<string, number>();
  const stages: string[][] = [];
  for (const step of steps) {
    const stage = step.dependsOn.reduce((latest, key) => Math.max(latest, (stageOf.get(key) ?? -1) + 1), 0);
    stageOf.set(step.key, stage);
    while (stages.length <= stage) stages.push([]);
    stages[stage]?.push(step.key);
  }
  return stages;
}

function sizing(value: CircuitSizing): string {
  return `${value.bandwidthMbps} Mbps ${value.sku.tier}/${value.sku.family}`;
}
