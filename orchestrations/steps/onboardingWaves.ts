/**
 * How the onboarding orchestrator executes a plan. Durable orchestrators cannot run two sub-generators at once,
 * so the plan's dependency graph is mapped onto lanes (sub-orchestrations) and waves:
 *
 *   wave 0  route filter, route tables, NSGs, local network gateway (seconds; before any billed circuit exists)
 *   wave 1  leg a ∥ leg b ∥ gateways (ExpressRoute, and the VPN gateway of encryption over private peering)
 *           a leg: circuit → notify provider → await provider → its peerings and authorizations, one at a time
 *   wave 2  connections (in parallel; the IPsec connection too, once private peering is up)
 *   wave 3  subnet associations (one at a time: subnet writes lock their VNet)
 *
 * The gateway builds (30-45 min) overlap the provider's days of work instead of following them.
 * `onboardingWaves` checks that this mapping honours every dependency of the plan and refuses a plan it cannot
 * honour, so the planner stays the single source of ordering.
 */
import type { CircuitIntent, Leg, ResourceIntent } from '../../shared/domain/intents';
import { armIdKey } from '../../shared/domain/armIds';
import type { Plan, PlanStep } from '../../shared/domain/plan';
import { pairLegLabel } from '../../shared/domain/stepKeys';

export interface PlannedEnsure {
  readonly stepKey: string;
  readonly intent: ResourceIntent;
}

/** One circuit of one pair: its leg, and its pair's name (absent for the default pair). */
export interface CircuitLane {
  readonly leg: Leg;
  readonly pair?: string;
  readonly circuit: { readonly stepKey: string; readonly intent: CircuitIntent };
  /** The plan's keys of the provider hand-off and wait steps. */
  readonly notifyStepKey: string;
  readonly awaitStepKey: string;
  readonly afterProvider: readonly PlannedEnsure[];
}

export interface OnboardingWaves {
  readonly preparation: readonly PlannedEnsure[];
  readonly lanes: readonly CircuitLane[];
  readonly gateways: readonly PlannedEnsure[];
  readonly connections: readonly PlannedEnsure[];
  readonly subnetAssociations: readonly PlannedEnsure[];
}

/** Where a step runs: its wave, and for lane steps the lane and the position within it. */
interface Placement {
  readonly wave: number;
  readonly lane?: string;
  readonly position: number;
}

export function onboardingWaves(plan: Plan): OnboardingWaves {
  const preparation: PlannedEnsure[] = [];
  const gateways: PlannedEnsure[] = [];
  const connections: PlannedEnsure[] = [];
  const subnetAssociations: PlannedEnsure[] = [];
  // Lanes are keyed by pair and leg ("a" for the default pair's leg a, "dr:a" for pair dr's).
  const laneSteps = new Map<
    string,
    {
      leg: Leg;
      pair?: string;
      circuit?: CircuitLane['circuit'];
      notify?: string;
      await?: string;
      afterProvider: PlannedEnsure[];
    }
  >();
  const placements = new Map<string, Placement>();
  const circuitLane = new Map<string, string>();

  const lane = (leg: Leg, pair: string | undefined) => {
    const label = pairLegLabel(leg, pair);
    let found = laneSteps.get(label);
    if (found === undefined) {
      found = { leg, ...(pair === undefined ? {} : { pair }), afterProvider: [] };
      laneSteps.set(label, found);
    }
    return found;
  };
  for (const step of plan.steps) {
    if (step.action === 'ensure' && step.intent.kind === 'circuit')
      circuitLane.set(armIdKey(step.intent.id), pairLegLabel(step.intent.leg, step.intent.pair));
  }

  for (const step of plan.steps) {
    placements.set(step.key, place(step));
  }

  function place(step: PlanStep): Placement {
    switch (step.action) {
      case 'notifyProvider':
        lane(step.leg, step.pair).notify = step.key;
        return { wave: 1, lane: pairLegLabel(step.leg, step.pair), position: 1 };
      case 'awaitProvider':
        lane(step.leg, step.pair).await = step.key;
        return { wave: 1, lane: pairLegLabel(step.leg, step.pair), position: 2 };
      case 'ensure':
        return placeEnsure(step.key, step.intent);
      default:
        throw new Error(`onboarding cannot run a '${step.action}' step (${step.key})`);
    }
  }

  function placeEnsure(stepKey: string, intent: ResourceIntent): Placement {
    const planned = { stepKey, intent };
    switch (intent.kind) {
      case 'routeFilter':
      case 'routeTable':
      case 'nsg':
      case 'localNetworkGateway': // encryption: seconds, nothing to wait for
        preparation.push(planned);
        return { wave: 0, position: 0 };
      case 'circuit':
        lane(intent.leg, intent.pair).circuit = { stepKey, intent };
        return { wave: 1, lane: pairLegLabel(intent.leg, intent.pair), position: 0 };
      case 'peering':
      case 'authorization': {
        const label = circuitLane.get(armIdKey(intent.circuitId));
        const steps = label === undefined ? undefined : laneSteps.get(label)?.afterProvider;
        if (label === undefined || steps === undefined) {
          throw new Error(`${stepKey}: its circuit ${intent.circuitId} is not in the plan`);
        }
        steps.push(planned);
        return { wave: 1, lane: label, position: 2 + steps.length };
      }
      case 'gateway':
      case 'vpnGateway': // a long-running build like the ExpressRoute gateway's, overlapping the provider wait
        gateways.push(planned);
        return { wave: 1, position: 0 };
      case 'connection':
      case 'vpnConnection': // the IPsec tunnel: after the legs, so after private peering is up
        connections.push(planned);
        return { wave: 2, position: 0 };
      case 'subnetAssociation':
        subnetAssociations.push(planned);
        return { wave: 3, lane: 'subnets', position: subnetAssociations.length };
    }
  }

  for (const step of plan.steps) {
    const at = placements.get(step.key);
    for (const dependency of step.dependsOn) {
      const before = placements.get(dependency);
      if (at === undefined || before === undefined) throw new Error(`${step.key}: unknown dependency ${dependency}`);
      const honoured =
        before.wave < at.wave ||
        (before.lane !== undefined && before.lane === at.lane && before.position < at.position);
      if (!honoured)
        throw new Error(`${step.key} depends on ${dependency}, which the onboarding waves would not finish first`);
    }
  }

  const lanes: CircuitLane[] = [];
  for (const [label, steps] of [...laneSteps.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (steps.circuit === undefined) throw new Error(`leg ${label} has peerings or authorizations but no circuit`);
    if (steps.notify === undefined || steps.await === undefined)
      throw new Error(`leg ${label} has a circuit but no provider hand-off in the plan`);
    lanes.push({
      leg: steps.leg,
      ...(steps.pair === undefined ? {} : { pair: steps.pair }),
      circuit: steps.circuit,
      notifyStepKey: steps.notify,
      awaitStepKey: steps.await,
      afterProvider: steps.afterProvider,
    });
  }
  return { preparation, lanes, gateways, connections, subnetAssociations };
}
