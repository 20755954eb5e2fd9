/**
 * The teardown plan of one customer (or of part of one, such as the old pair of a migration): from what exists in
 * Azure, the ordered steps that remove what the automation made, the resources it keeps and why, the circuits' list
 * price while they exist, and a digest that an approval names. Pure: no I/O (the activity that reads Azure builds
 * the inventory; the orchestrations execute the steps).
 *
 * Order (expressroute reference §2.5), one phase after another, by the kind table `TEARDOWN_ORDER`:
 *   connections → authorizations → subnet associations → route tables and NSGs (no subnet uses them any more) →
 *   peerings (Microsoft first: its deletion detaches the route filter; then private) → the provider deprovisions
 *   each circuit (request, then wait for NotProvisioned) → circuits (the bill stops) → route filter → gateways
 *   (only when asked for, made by the automation, and used by no other connection).
 *
 * Nothing that is not ours: a resource is deleted only when it carries the automation's `managed-by` tag and
 * belongs to this customer (its `csp-customer` tag, or its parent circuit's). Anything else seen in the customer's
 * resource groups is listed as kept, with the reason.
 */
import type { ArmId, Leg, ResourceIntent, ResourceKind, Scope } from './intents';
import { CUSTOMER_TAG } from './intents';
import { armIdKey } from './naming';
import { fnv1a64Hex } from './safeKey';
import type { CircuitSku } from './spec';
import { StepKeys } from './stepKeys';
import { monthlyPriceUsd } from './circuitPricing';

/** Phases in the order they run; `provider` is the connectivity provider's deprovisioning of the circuits. */
export const TEARDOWN_PHASES = [
  'connections',
  'authorizations',
  'subnetAssociations',
  'routeTablesAndNsgs',
  'peerings',
  'provider',
  'circuits',
  'routeFilters',
  'gateways',
] as const;
export type TeardownPhase = (typeof TEARDOWN_PHASES)[number];

/**
 * The phase that deletes each resource kind. A kind without a row is never deleted (it is kept, and the plan says
 * that no teardown step exists for it yet): add a row when the automation learns to make a new kind.
 */
export const TEARDOWN_ORDER: Partial<Record<ResourceKind, Exclude<TeardownPhase, 'provider'>>> = {
  connection: 'connections',
  authorization: 'authorizations',
  subnetAssociation: 'subnetAssociations',
  routeTable: 'routeTablesAndNsgs',
  nsg: 'routeTablesAndNsgs',
  peering: 'peerings',
  circuit: 'circuits',
  routeFilter: 'routeFilters',
  gateway: 'gateways',
  // Encryption over private peering: the IPsec connection goes with the connections (first); the local network
  // gateway and the VPN gateway (only one the automation made, and only when gateways are to go) at the end.
  vpnConnection: 'connections',
  localNetworkGateway: 'gateways',
  vpnGateway: 'gateways',
};

/** A resource as a teardown step names it: enough to delete it, nothing secret. */
export interface TeardownResource {
  readonly kind: ResourceKind;
  readonly id: ArmId;
  readonly name: string;
  readonly scope: Scope;
}

/** A circuit to deprovision and delete: what the provider needs (its service key identifies it) and what it costs. */
export interface TeardownCircuit extends TeardownResource {
  readonly kind: 'circuit';
  readonly leg: Leg;
  readonly pair?: string;
  /** Not a secret: it identifies the circuit to the provider. */
  readonly serviceKey: string;
  readonly serviceProviderName: string;
  readonly peeringLocation: string;
  readonly bandwidthMbps: number;
  readonly sku: CircuitSku;
  /** The provider state when the plan was made. */
  readonly serviceProviderProvisioningState: string;
  /** List price per month while it exists (approximate; see circuitPricing.ts); absent when unknown. */
  readonly monthlyPriceUsd?: number;
}

export type TeardownStep =
  | {
      readonly key: string;
      readonly phase: Exclude<TeardownPhase, 'provider'>;
      readonly action: 'delete';
      readonly resource: TeardownResource;
    }
  | {
      readonly key: string;
      readonly phase: 'provider';
      readonly action: 'requestDeprovision';
      readonly circuit: TeardownCircuit;
      /** The key of the wait that follows. */
      readonly awaitKey: string;
    };

export interface KeptResource {
  readonly kind: ResourceKind;
  readonly id: ArmId;
  readonly reason: string;
}

export interface TeardownPlan {
  readonly customerId: string;
  /** In execution order: every step of a phase comes before any step of a later phase. */
  readonly steps: readonly TeardownStep[];
  readonly circuits: readonly TeardownCircuit[];
  readonly kept: readonly KeptResource[];
  /** Sum of the circuits' monthly list prices; absent when one of them is unknown. */
  readonly monthlyCostUsd?: number;
  /** Names this plan: an approval names the digest of the plan it approves. */
  readonly digest: string;
}

/** A resource as read back from Azure (the shape of the network port's `Observed`, without importing the port). */
export interface InventoryItem {
  readonly intent: ResourceIntent;
  readonly state: {
    readonly provisioningState: string;
    readonly managed: boolean;
    readonly serviceKey?: string;
    readonly serviceProviderProvisioningState?: string;
  };
}

export interface TeardownInventory {
  readonly customerId: string;
  /** What belongs to the customer: its tagged resources, their circuits' children, the subnets its tables serve. */
  readonly owned: readonly InventoryItem[];
  /** Everything else seen in the customer's resource groups (hand-made, or another customer's). */
  readonly others: readonly InventoryItem[];
  /** Delete the gateways the automation made (default false: a gateway may serve VPN too). */
  readonly deleteGateways: boolean;
}

export const KEPT_REASONS = {
  notManaged: 'no managed-by tag: not made by the automation, never changed or deleted',
  customersGateway: "the customer's own gateway (named as existing at onboarding): never deleted",
  gatewaysNotRequested: 'gateways are deleted only when the request sets deleteGateways (a gateway may serve VPN too)',
  noTeardownStep: 'no teardown step exists for this kind yet: left for a person',
} as const;

function tagOf(intent: ResourceIntent, name: string): string | undefined {
  if (!('tags' in intent)) return undefined;
  const key = Object.keys(intent.tags).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : intent.tags[key];
}

/** A readable, unique step key: the action and the resource's path below its resource group. */
export function teardownStepKey(resource: Pick<TeardownResource, 'id'>): string {
  const match = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/(.+)$/i.exec(resource.id);
  return match === null ? `delete:${resource.id}` : `delete:${match[1] ?? ''}/${match[2] ?? ''}`;
}

function asResource(intent: ResourceIntent): TeardownResource {
  return { kind: intent.kind, id: intent.id, name: intent.name, scope: intent.scope };
}

function asCircuit(item: InventoryItem & { intent: { kind: 'circuit' } }): TeardownCircuit {
  const { intent, state } = item;
  const price = monthlyPriceUsd(intent.sku, intent.bandwidthMbps);
  return {
    ...asResource(intent),
    kind: 'circuit',
    leg: intent.leg,
    ...(intent.pair === undefined ? {} : { pair: intent.pair }),
    serviceKey: state.serviceKey ?? '',
    serviceProviderName: intent.serviceProviderName,
    peeringLocation: intent.peeringLocation,
    bandwidthMbps: intent.bandwidthMbps,
    sku: intent.sku,
    serviceProviderProvisioningState: state.serviceProviderProvisioningState ?? 'Unknown',
    ...(price === undefined ? {} : { monthlyPriceUsd: price }),
  };
}

const PEERING_ORDER: Record<string, number> = { MicrosoftPeering: 0, AzurePrivatePeering: 1 };

function sortKey(intent: ResourceIntent): string {
  const peeringRank = intent.kind === 'peering' ? String(PEERING_ORDER[intent.peeringType] ?? 2) : '0';
  return `${peeringRank}|${armIdKey(intent.id)}`;
}

/** The teardown plan of what the inventory holds. Deterministic: the same inventory gives the same plan and digest. */
export function planTeardownOf(inventory: TeardownInventory): TeardownPlan {
  const kept: KeptResource[] = [];
  const deletions: { phase: Exclude<TeardownPhase, 'provider'>; intent: ResourceIntent }[] = [];
  const circuits: TeardownCircuit[] = [];
  const ownedIds = new Set(inventory.owned.map((item) => armIdKey(item.intent.id)));

  // Connections that stay (not ours) keep the gateways they use.
  const connectionsStaying = inventory.others.filter((item) => item.intent.kind === 'connection');
  const gatewaysInUse = new Map<string, string>();
  for (const { intent } of connectionsStaying) {
    if (intent.kind === 'connection') gatewaysInUse.set(armIdKey(intent.gatewayId), intent.id);
  }

  for (const item of inventory.owned) {
    const { intent, state } = item;
    const phase = TEARDOWN_ORDER[intent.kind];
    if (!state.managed) {
      kept.push({
        kind: intent.kind,
        id: intent.id,
        reason: intent.kind === 'gateway' ? KEPT_REASONS.customersGateway : KEPT_REASONS.notManaged,
      });
      continue;
    }
    if (phase === undefined) {
      kept.push({ kind: intent.kind, id: intent.id, reason: KEPT_REASONS.noTeardownStep });
      continue;
    }
    if (intent.kind === 'gateway') {
      const user = gatewaysInUse.get(armIdKey(intent.id));
      if (intent.existing) {
        kept.push({ kind: intent.kind, id: intent.id, reason: KEPT_REASONS.customersGateway });
        continue;
      }
      if (!inventory.deleteGateways) {
        kept.push({ kind: intent.kind, id: intent.id, reason: KEPT_REASONS.gatewaysNotRequested });
        continue;
      }
      if (user !== undefined) {
        kept.push({ kind: intent.kind, id: intent.id, reason: `still used by connection ${user}, which is not ours` });
        continue;
      }
    }
    if (intent.kind === 'vpnGateway' && !inventory.deleteGateways) {
      kept.push({ kind: intent.kind, id: intent.id, reason: KEPT_REASONS.gatewaysNotRequested });
      continue;
    }
    if (intent.kind === 'circuit') circuits.push(asCircuit({ ...item, intent }));
    deletions.push({ phase, intent });
  }

  for (const { intent, state } of inventory.others) {
    if (ownedIds.has(armIdKey(intent.id))) continue;
    const owner = tagOf(intent, CUSTOMER_TAG);
    kept.push({
      kind: intent.kind,
      id: intent.id,
      reason: !state.managed
        ? KEPT_REASONS.notManaged
        : `made by the automation for ${owner === undefined ? 'no recorded customer' : `customer ${owner}`}, not for ${inventory.customerId}`,
    });
  }

  circuits.sort((x, y) => armIdKey(x.id).localeCompare(armIdKey(y.id)));
  deletions.sort((x, y) => sortKey(x.intent).localeCompare(sortKey(y.intent)));
  kept.sort((x, y) => armIdKey(x.id).localeCompare(armIdKey(y.id)));

  const steps: TeardownStep[] = [];
  for (const phase of TEARDOWN_PHASES) {
    if (phase === 'provider') {
      for (const circuit of circuits) {
        steps.push({
          key: StepKeys.requestDeprovision(circuit.leg, circuit.pair),
          phase,
          action: 'requestDeprovision',
          circuit,
          awaitKey: StepKeys.awaitDeprovision(circuit.leg, circuit.pair),
        });
      }
      continue;
    }
    for (const deletion of deletions.filter((d) => d.phase === phase)) {
      const resource = asResource(deletion.intent);
      steps.push({ key: teardownStepKey(resource), phase, action: 'delete', resource });
    }
  }

  const prices = circuits.map((c) => c.monthlyPriceUsd);
  const monthlyCostUsd = prices.every((p) => p !== undefined) ? prices.reduce((sum, p) => sum + p, 0) : undefined;
  return {
    customerId: inventory.customerId,
    steps,
    circuits,
    kept,
    ...(monthlyCostUsd === undefined ? {} : { monthlyCostUsd }),
    digest: teardownDigest(inventory.customerId, steps, kept),
  };
}

/**
 * What an approval approves: the steps (action and resource) and what is kept, not the resources' states. Azure
 * changing what exists changes the digest; a provider state moving along does not.
 */
function teardownDigest(customerId: string, steps: readonly TeardownStep[], kept: readonly KeptResource[]): string {
  const text = JSON.stringify({
    customerId,
    steps: steps.map((step) =>
      step.action === 'delete' ? ['delete', armIdKey(step.resource.id)] : ['deprovision', armIdKey(step.circuit.id)],
    ),
    kept: kept.map((k) => armIdKey(k.id)),
  });
  return `td-${fnv1a64Hex(text)}`;
}

/** The resources a plan deletes (the number of ARM deletes a clean run makes). */
export function deletedResources(plan: TeardownPlan): TeardownResource[] {
  return plan.steps.flatMap((step) => (step.action === 'delete' ? [step.resource] : []));
}
