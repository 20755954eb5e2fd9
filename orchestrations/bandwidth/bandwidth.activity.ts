/**
 * The bandwidth workflow's activities: plan the change against the registry's spec *and* Azure (before any write),
 * read a changed circuit back, and record the new size in the customer's spec once both circuits have it.
 */
import { decideCircuitChange, geopoliticalAreaOf, type CircuitUsage } from '../../shared/domain/changeRules';
import type { CircuitIntent, ConnectionIntent, Topology } from '../../shared/domain/intents';
import { DEFAULT_PAIR_NAME } from '../../shared/domain/pairs';
import { providerOfferIssues } from '../../shared/domain/providerOffers';
import type { CustomerSpec } from '../../shared/domain/spec';
import { pairLegLabel } from '../../shared/domain/stepKeys';
import { deriveTopology } from '../../shared/domain/topology';
import { describeIssues, ErrorCodes, ValidationError, type ValidationIssue } from '../../shared/errors';
import { pairOfRequest, pathOfRefusal, type CircuitSizing } from '../../shared/messages/bandwidthChange';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { withPlacements } from '../../shared/ports/customers';
import type { ConnectionState, PeeringState } from '../../shared/ports/network';
import type {
  CircuitResize,
  DependentResource,
  PlanBandwidthChangeInput,
  PlanBandwidthChangeOutput,
  RecordChangedSpecInput,
  VerifyCircuitChangeInput,
  VerifyCircuitChangeOutput,
} from './contracts';

export const BANDWIDTH_PLAN_RULES = {
  /** Both circuits of the pair exist in Azure. */
  circuitExists: 'bandwidth.circuit-exists',
  /** The provider sells the new bandwidth at both peering locations (Azure's `expressRouteServiceProviders`). */
  offered: 'bandwidth.provider-offers',
} as const;

/** Leg b first: while it changes, leg a carries the traffic untouched; then the other way round. */
const CHANGE_ORDER = ['b', 'a'] as const;

/** The step key of one circuit's change: `bandwidth:b`, or `bandwidth:<pair>:b` for a named pair. */
export function bandwidthStepKey(leg: 'a' | 'b', pair: string | undefined): string {
  return `bandwidth:${pairLegLabel(leg, pair)}`;
}

/**
 * Re-assesses the request under the customer's lease, against the spec the registry holds and the circuits as Azure
 * has them (the spec may lag behind, or another request may have run first), and checks, before any write, that the
 * provider sells the new bandwidth at both peering locations and, when leaving Premium, that today's usage read from
 * Azure fits Standard. Writes nothing to Azure.
 */
export function createPlanBandwidthChangeActivity(deps: ActivityDependencies) {
  return async (input: PlanBandwidthChangeInput): Promise<PlanBandwidthChangeOutput> => {
    const step = { customerId: input.customerId, requestId: input.requestId, stepKey: input.stepKey };
    await deps.checkpoints.record({ ...step, status: 'Started' });
    const reject = async (issues: readonly ValidationIssue[]): Promise<PlanBandwidthChangeOutput> => {
      await deps.checkpoints.record({
        ...step,
        status: 'Failed',
        errorCode: ErrorCodes.validationFailed,
        errorMessage: describeIssues(issues),
      });
      return { ok: false, issues };
    };

    const record = await deps.customers.get(input.customerId);
    if (record?.spec === undefined) {
      return reject([
        { path: 'data.customerId', rule: 'bandwidth.spec-recorded', message: 'the registry holds no spec to change' },
      ]);
    }
    const spec = withPlacements(record.spec, record);
    const chosen = pairOfRequest(spec, input.change);
    if (!chosen.ok) return reject([chosen.issue]);
    const pair = chosen.pair;
    const to: CircuitSizing = { bandwidthMbps: input.change.bandwidthMbps, sku: input.change.sku ?? pair.sku };

    let topology: Topology;
    try {
      topology = deriveTopology(spec, { cspTenantId: deps.csp.tenantId });
    } catch (error) {
      if (error instanceof ValidationError) return reject(error.issues);
      throw error;
    }
    const ofPair = (intent: { pair?: string }) => (intent.pair ?? DEFAULT_PAIR_NAME) === pair.name;
    const circuits = topology.resources.filter(
      (intent): intent is CircuitIntent => intent.kind === 'circuit' && ofPair(intent),
    );

    const issues: ValidationIssue[] = [];
    const resizes: CircuitResize[] = [];
    for (const leg of CHANGE_ORDER) {
      const planned = circuits.find((circuit) => circuit.leg === leg);
      const observed = planned === undefined ? undefined : await deps.network.getCircuit(planned.id, planned.scope);
      if (planned === undefined || observed === undefined) {
        issues.push({
          path: 'data.customerId',
          rule: BANDWIDTH_PLAN_RULES.circuitExists,
          message: `leg ${leg} of pair ${pair.name} (${planned?.id ?? 'not in the spec'}) does not exist in Azure; nothing was changed`,
        });
        continue;
      }
      const from: CircuitSizing = { bandwidthMbps: observed.intent.bandwidthMbps, sku: observed.intent.sku };
      const dependents = dependentsOf(topology, planned.id);
      const usage = leavesPremium(from, to) ? await usageOf(deps, observed.intent, dependents) : NO_USAGE;
      const decision = decideCircuitChange(
        { provider: pair.provider, peeringLocations: pair.peeringLocations, ...from },
        { provider: pair.provider, peeringLocations: pair.peeringLocations, ...to },
        usage,
      );
      if (decision.kind === 'refused' || decision.kind === 'new-pair') {
        for (const reason of decision.reasons) {
          issues.push({
            path: decision.kind === 'refused' ? pathOfRefusal(reason.rule, input.change) : 'data.bandwidthMbps',
            rule: reason.rule,
            message: `leg ${leg} (${from.bandwidthMbps} Mbps ${from.sku.tier}/${from.sku.family} in Azure): ${reason.message}`,
          });
        }
        continue;
      }
      resizes.push({
        leg,
        ...(planned.pair === undefined ? {} : { pair: planned.pair }),
        stepKey: bandwidthStepKey(leg, planned.pair),
        circuit: { ...observed.intent, ...(planned.pair === undefined ? {} : { pair: planned.pair }), ...sizeOf(to) },
        from,
        to,
        serviceKey: observed.state.serviceKey,
        dependents,
      });
    }
    if (issues.length > 0) return reject(issues);

    // Azure's own list of what the providers sell, before the first write (only when a circuit grows).
    if (resizes.some((resize) => resize.from.bandwidthMbps !== to.bandwidthMbps)) {
      const [first] = circuits;
      if (first !== undefined) {
        const offers = await deps.providerOffers.list(first.scope);
        const { path: _path, ...named } = pair;
        const resized = { circuits: spec.circuits, circuitPairs: [{ ...named, ...sizeOf(to) }] };
        const unsold = providerOfferIssues(resized, offers, "Azure's expressRouteServiceProviders");
        if (unsold.length > 0) {
          return reject(
            unsold.map((issue) => ({
              ...issue,
              path: issue.path.endsWith('.bandwidthMbps') ? 'data.bandwidthMbps' : 'data.pair',
              rule: issue.path.endsWith('.bandwidthMbps') ? BANDWIDTH_PLAN_RULES.offered : issue.rule,
            })),
          );
        }
      }
    }

    await deps.checkpoints.record({
      ...step,
      status: 'Succeeded',
      armIds: resizes.map((resize) => resize.circuit.id),
      detail: {
        pair: pair.name,
        to: `${to.bandwidthMbps} Mbps ${to.sku.tier}/${to.sku.family}`,
        circuits: resizes.map((resize) => `${resize.leg}: ${resize.from.bandwidthMbps} Mbps`).join(', '),
      },
    });
    return { ok: true, pair: pair.name, to, circuits: resizes };
  };
}

/** Reads the circuit and what depends on it back: the new size, Enabled, and its peerings and links still up. */
export function createVerifyCircuitChangeActivity(deps: ActivityDependencies) {
  return async (input: VerifyCircuitChangeInput): Promise<VerifyCircuitChangeOutput> => {
    const step = { customerId: input.customerId, requestId: input.requestId, stepKey: input.stepKey };
    await deps.checkpoints.record({ ...step, status: 'Started', armIds: [input.circuitId] });
    const circuit = await deps.network.getCircuit(input.circuitId, input.scope);
    const problems: string[] = [];
    if (circuit === undefined) {
      problems.push(`${input.circuitId}: missing`);
    } else {
      const { intent, state } = circuit;
      if (state.provisioningState !== 'Succeeded') problems.push(`provisioningState ${state.provisioningState}`);
      if (intent.bandwidthMbps !== input.expected.bandwidthMbps) {
        problems.push(`bandwidth ${intent.bandwidthMbps} Mbps, not ${input.expected.bandwidthMbps}`);
      }
      if (intent.sku.tier !== input.expected.sku.tier || intent.sku.family !== input.expected.sku.family) {
        problems.push(
          `SKU ${intent.sku.tier}/${intent.sku.family}, not ${input.expected.sku.tier}/${input.expected.sku.family}`,
        );
      }
      if (state.circuitProvisioningState !== 'Enabled') {
        problems.push(`circuitProvisioningState ${state.circuitProvisioningState}`);
      }
    }
    for (const dependent of input.dependents) {
      const observed = await deps.network.read(dependent);
      if (observed === undefined) {
        problems.push(`${dependent.id}: missing`);
        continue;
      }
      if (observed.state.provisioningState !== 'Succeeded') {
        problems.push(`${dependent.id}: provisioningState ${observed.state.provisioningState}`);
      }
      if (dependent.kind === 'peering' && (observed.state as PeeringState).state !== 'Enabled') {
        problems.push(`${dependent.id}: peering ${(observed.state as PeeringState).state}`);
      }
      if (dependent.kind === 'connection' && (observed.state as ConnectionState).connectionStatus !== 'Connected') {
        problems.push(`${dependent.id}: connection ${(observed.state as ConnectionState).connectionStatus}`);
      }
    }
    const ok = problems.length === 0;
    await deps.checkpoints.record({
      ...step,
      status: ok ? 'Succeeded' : 'Waiting',
      armIds: [input.circuitId],
      detail: ok ? { verified: 1 + input.dependents.length } : { problems: problems.slice(0, 10) },
    });
    return {
      ok,
      problems,
      ...(circuit === undefined
        ? {}
        : {
            observed: {
              bandwidthMbps: circuit.intent.bandwidthMbps,
              sku: circuit.intent.sku,
              circuitProvisioningState: circuit.state.circuitProvisioningState,
            },
          }),
    };
  };
}

/** The customer's spec takes the new size of the pair, once both its circuits have it. Idempotent. */
export function createRecordChangedSpecActivity(deps: ActivityDependencies) {
  return async (input: RecordChangedSpecInput): Promise<void> => {
    const record = await deps.customers.get(input.customerId);
    if (record?.spec === undefined) return;
    const spec = resizedSpec(record.spec, input.pair, input.to);
    await deps.specs.recordSpec(input.customerId, spec, input.requestId);
  };
}

/** The spec with one pair's bandwidth and SKU replaced (the `circuits` shorthand is the pair `primary`). */
export function resizedSpec(spec: CustomerSpec, pair: string, to: CircuitSizing): CustomerSpec {
  if (spec.circuitPairs === undefined) {
    return pair === DEFAULT_PAIR_NAME ? { ...spec, circuits: { ...spec.circuits, ...sizeOf(to) } } : spec;
  }
  return {
    ...spec,
    circuitPairs: spec.circuitPairs.map((named) => (named.name === pair ? { ...named, ...sizeOf(to) } : named)),
  };
}

function sizeOf(sizing: CircuitSizing): CircuitSizing {
  return { bandwidthMbps: sizing.bandwidthMbps, sku: { tier: sizing.sku.tier, family: sizing.sku.family } };
}

/** The circuit's peerings and the VNet links (connections) through it: what must still be up after the change. */
export function dependentsOf(topology: Topology, circuitId: string): DependentResource[] {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return topology.resources.flatMap((intent): DependentResource[] => {
    if (intent.kind !== 'peering' && intent.kind !== 'connection') return [];
    const onCircuit = intent.circuitId;
    return same(onCircuit, circuitId) ? [{ kind: intent.kind, id: intent.id, scope: intent.scope }] : [];
  });
}

function leavesPremium(from: CircuitSizing, to: CircuitSizing): boolean {
  return from.sku.tier === 'Premium' && to.sku.tier !== 'Premium';
}

const NO_USAGE: CircuitUsage = { vnetLinksPerCircuit: 0, crossGeopoliticalLinks: false, privatePeeringRoutes: 0 };

/**
 * What the circuit carries today, read from Azure: the VNet links (connections through it) that exist, and whether
 * any of them is in another geopolitical area than the circuit. Premium → Standard succeeds only when the usage fits
 * Standard (https://learn.microsoft.com/azure/expressroute/expressroute-faqs, "ExpressRoute Premium": "...if the
 * usage is within the limits of the standard circuit"; limits: https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits).
 * The private-peering route count comes from the routes-table summary of the circuit's edge devices; a network port
 * that cannot read it leaves it at 0 (docs/bandwidth.md says so).
 */
async function usageOf(
  deps: ActivityDependencies,
  circuit: CircuitIntent,
  dependents: readonly DependentResource[],
): Promise<CircuitUsage> {
  const area = geopoliticalAreaOf(circuit.location);
  let links = 0;
  let crossGeopoliticalLinks = false;
  for (const dependent of dependents) {
    if (dependent.kind !== 'connection') continue;
    const connection = await deps.network.read(dependent);
    if (connection === undefined) continue;
    links += 1;
    const linkArea = geopoliticalAreaOf((connection.intent as ConnectionIntent).location);
    if (area !== undefined && linkArea !== undefined && linkArea !== area) crossGeopoliticalLinks = true;
  }
  const routes = (await deps.network.privatePeeringRoutes?.(circuit.id, circuit.scope)) ?? 0;
  return { vnetLinksPerCircuit: links, crossGeopoliticalLinks, privatePeeringRoutes: routes };
}
