/**
 * How an onboarding (version 2) executes a plan: each circuit is a lane that carries the circuit all the way to its
 * VNets, so that a VNet's connection to a circuit starts as soon as that circuit is peered and that VNet's gateway
 * is built, whatever the other circuit is doing:
 *
 *   wave 0  route filter, route tables, NSGs, local network gateway (seconds; before any billed circuit exists)
 *   wave 1  lane per circuit ∥ every gateway build (ExpressRoute, and the VPN gateway of encryption)
 *           a lane: circuit → service key to the provider → its authorizations (while the provider works) →
 *           wait for the provider → private peering → Microsoft peering → its connections, side by side, each
 *           once its VNet's gateway has been built (read on durable timers)
 *   wave 2  links that need more than one circuit (the IPsec tunnel of encryption over private peering)
 *   wave 3… subnet associations: round r holds the r-th association of every VNet (a subnet write locks its VNet,
 *           so one VNet's are made one at a time, and different VNets' side by side)
 *
 * Waves are joined with `Task.all`, never raced with `Task.any`: durable-js schedules again a task that is given to
 * a second `Task.any` (Azure/azure-functions-durable-js#574), which would start a sub-orchestration twice.
 * `onboardingLanes` checks that this mapping honours every dependency of the plan and refuses a plan it cannot
 * honour, so the planner stays the single source of ordering. Pure: no Durable calls.
 */
import type { Leg } from '../../shared/domain/intents';
import { armIdKey } from '../../shared/domain/armIds';
import type { Plan, PlanStep } from '../../shared/domain/plan';
import { pairLegLabel } from '../../shared/domain/stepKeys';
import type { CircuitLane, PlannedEnsure } from './onboardingWaves';

/** A connection made by its circuit's lane, once the gateway it needs has been built. */
export interface LaneConnection extends PlannedEnsure {
  /** The gateway build the connection waits for (absent when the plan builds no gateway for it). */
  readonly gateway?: PlannedEnsure;
}

/** One circuit's steps, in the order its lane runs them (`afterProvider`: its peerings only). */
export interface CircuitLaneSteps extends CircuitLane {
  /** Authorizations: made while the provider works. */
  readonly beforeProvider: readonly PlannedEnsure[];
  /** The VNets' connections to this circuit, side by side after the peerings. */
  readonly connections: readonly LaneConnection[];
}

export interface OnboardingLanes {
  readonly preparation: readonly PlannedEnsure[];
  readonly lanes: readonly CircuitLaneSteps[];
  readonly gateways: readonly PlannedEnsure[];
  readonly linksAfterLanes: readonly PlannedEnsure[];
  readonly subnetRounds: readonly (readonly PlannedEnsure[])[];
}

interface DraftLane {
  leg: Leg;
  pair?: string;
  circuit?: CircuitLaneSteps['circuit'];
  notify?: string;
  await?: string;
  beforeProvider: PlannedEnsure[];
  afterProvider: PlannedEnsure[];
  connections: LaneConnection[];
}

/** Where a step runs: its wave; for lane steps the lane and the position in it; for lane connections their gateway. */
interface Placement {
  readonly wave: number;
  readonly lane?: string;
  readonly position: number;
  readonly waitsForGateway?: string;
}

/** Lane steps come first in their lane; a lane's connections come after all of them. */
const CONNECTION_POSITION = 1_000_000;

export function onboardingLanes(plan: Plan): OnboardingLanes {
  const preparation: PlannedEnsure[] = [];
  const gateways: PlannedEnsure[] = [];
  const linksAfterLanes: PlannedEnsure[] = [];
  const subnetRounds: PlannedEnsure[][] = [];
  const associationsPerVnet = new Map<string, number>();
  const lanes = new Map<string, DraftLane>();
  const laneOfCircuit = new Map<string, string>();
  const gatewayStepOfId = new Map<string, PlannedEnsure>();

  const lane = (leg: Leg, pair: string | undefined): { label: string; draft: DraftLane } => {
    const label = pairLegLabel(leg, pair);
    let draft = lanes.get(label);
    if (draft === undefined) {
      draft = { leg, ...(pair === undefined ? {} : { pair }), beforeProvider: [], afterProvider: [], connections: [] };
      lanes.set(label, draft);
    }
    return { label, draft };
  };
  const laneOf = (circuitId: string): { label: string; draft: DraftLane } | undefined => {
    const label = laneOfCircuit.get(armIdKey(circuitId));
    const draft = label === undefined ? undefined : lanes.get(label);
    return label === undefined || draft === undefined ? undefined : { label, draft };
  };
  const requireLane = (stepKey: string, circuitId: string): { label: string; draft: DraftLane } => {
    const found = laneOf(circuitId);
    if (found === undefined) throw new Error(`${stepKey}: its circuit ${circuitId} is not in the plan`);
    return found;
  };
  for (const step of plan.steps) {
    if (step.action !== 'ensure') continue;
    if (step.intent.kind === 'circuit') {
      laneOfCircuit.set(armIdKey(step.intent.id), lane(step.intent.leg, step.intent.pair).label);
    }
    if (step.intent.kind === 'gateway' || step.intent.kind === 'vpnGateway') {
      gatewayStepOfId.set(armIdKey(step.intent.id), { stepKey: step.key, intent: step.intent });
    }
  }

  const placements = new Map<string, Placement>();
  for (const step of plan.steps) placements.set(step.key, place(step));

  function place(step: PlanStep): Placement {
    switch (step.action) {
      case 'notifyProvider': {
        const { label, draft } = lane(step.leg, step.pair);
        draft.notify = step.key;
        return { wave: 1, lane: label, position: 1 };
      }
      case 'awaitProvider': {
        const { label, draft } = lane(step.leg, step.pair);
        draft.await = step.key;
        return { wave: 1, lane: label, position: CONNECTION_POSITION / 2 };
      }
      case 'ensure':
        return placeEnsure({ stepKey: step.key, intent: step.intent });
      default:
        throw new Error(`onboarding cannot run a '${step.action}' step (${step.key})`);
    }
  }

  function placeEnsure(planned: PlannedEnsure): Placement {
    const { intent, stepKey } = planned;
    switch (intent.kind) {
      case 'routeFilter':
      case 'routeTable':
      case 'nsg':
      case 'localNetworkGateway':
        preparation.push(planned);
        return { wave: 0, position: 0 };
      case 'circuit': {
        const { label, draft } = lane(intent.leg, intent.pair);
        draft.circuit = { stepKey, intent };
        return { wave: 1, lane: label, position: 0 };
      }
      case 'authorization': {
        const { label, draft } = requireLane(stepKey, intent.circuitId);
        draft.beforeProvider.push(planned);
        return { wave: 1, lane: label, position: 1 + draft.beforeProvider.length };
      }
      case 'peering': {
        const { label, draft } = requireLane(stepKey, intent.circuitId);
        draft.afterProvider.push(planned);
        return { wave: 1, lane: label, position: CONNECTION_POSITION / 2 + draft.afterProvider.length };
      }
      case 'gateway':
      case 'vpnGateway':
        gateways.push(planned);
        return { wave: 1, position: 0 };
      case 'connection': {
        const found = laneOf(intent.circuitId);
        if (found === undefined) {
          linksAfterLanes.push(planned);
          return { wave: 2, position: 0 };
        }
        const gateway = gatewayStepOfId.get(armIdKey(intent.gatewayId));
        found.draft.connections.push({ stepKey, intent, ...(gateway === undefined ? {} : { gateway }) });
        return { wave: 1, lane: found.label, position: CONNECTION_POSITION, waitsForGateway: gateway?.stepKey };
      }
      case 'vpnConnection':
        linksAfterLanes.push(planned);
        return { wave: 2, position: 0 };
      case 'subnetAssociation': {
        const vnet = armIdKey(intent.vnetId);
        const round = associationsPerVnet.get(vnet) ?? 0;
        associationsPerVnet.set(vnet, round + 1);
        (subnetRounds[round] ??= []).push(planned);
        return { wave: 3 + round, position: 0 };
      }
    }
  }

  for (const step of plan.steps) {
    const at = placements.get(step.key);
    for (const dependency of step.dependsOn) {
      const before = placements.get(dependency);
      if (at === undefined || before === undefined) throw new Error(`${step.key}: unknown dependency ${dependency}`);
      const honoured =
        before.wave < at.wave ||
        (before.lane !== undefined && before.lane === at.lane && before.position < at.position) ||
        at.waitsForGateway === dependency;
      if (!honoured) {
        throw new Error(`${step.key} depends on ${dependency}, which the onboarding lanes would not finish first`);
      }
    }
  }

  const finished: CircuitLaneSteps[] = [];
  for (const [label, draft] of [...lanes.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (draft.circuit === undefined) throw new Error(`leg ${label} has peerings or authorizations but no circuit`);
    if (draft.notify === undefined || draft.await === undefined) {
      throw new Error(`leg ${label} has a circuit but no provider hand-off in the plan`);
    }
    finished.push({
      leg: draft.leg,
      ...(draft.pair === undefined ? {} : { pair: draft.pair }),
      circuit: draft.circuit,
      notifyStepKey: draft.notify,
      awaitStepKey: draft.await,
      beforeProvider: draft.beforeProvider,
      afterProvider: draft.afterProvider,
      connections: draft.connections,
    });
  }
  return { preparation, lanes: finished, gateways, linksAfterLanes, subnetRounds };
}
