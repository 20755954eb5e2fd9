/**
 * Turns a topology into a plan: which steps, after which others (expressroute reference §2.1, §2.5, §7).
 * Pure: no I/O, no Azure SDKs.
 *
 * Building (planTopology):
 * - notify-provider after its circuit; await-provider after notify-provider;
 * - every write on one circuit is serialized (§7.2): its authorizations in topology order, then private peering,
 *   then Microsoft peering. Authorizations need only the circuit (a key on it, nothing the provider configures), so
 *   they are made while the provider works; the private peering waits for await-provider of that leg as well;
 * - the Microsoft peering also after the route filter;
 * - a connection after its gateway, its circuit's private peering and its authorization;
 * - gateways, the route filter, route tables and NSGs depend on nothing: they run alongside circuit creation and the
 *   provider wait;
 * - a subnet association after its route table and NSG, and after every connection of its VNet: a route table
 *   that sends traffic to the gateway (forced tunnelling, on-premises prefixes) would black-hole the subnet until
 *   the VNet is linked. The associations of one VNet are serialized (a subnet write locks its VNet).
 *
 * Tearing down (planTeardown), §2.5, one chain per circuit: its connections → its authorizations → Microsoft peering
 * → private peering → request-deprovision → await-deprovision → circuit; then the route filter and the subnet
 * associations, then route tables and NSGs once no subnet refers to them. Gateways the automation created go once
 * their connections are gone; existing gateways stay. The legs' chains are independent, so an executor may run one
 * leg at a time to keep the other carrying traffic; the plan itself does not order them.
 */
import { AppError } from '../errors';
import type {
  ArmId,
  AuthorizationIntent,
  CircuitIntent,
  ConnectionIntent,
  GatewayIntent,
  PeeringIntent,
  ResourceIntent,
  SubnetAssociationIntent,
  Topology,
} from './intents';
import { armIdKey, resourceNameOf, roleFromName } from './naming';
import { StepKeys, pairLegLabel } from './stepKeys';
import type { Plan, PlanStep } from './plan';

export function planTopology(topology: Topology): Plan {
  const index = indexTopology(topology);
  const steps: PlanStep[] = [];
  const writeChainTail = new Map<string, string>(); // circuit id key → key of the last write on that circuit so far

  const chainOnCircuit = (circuitId: ArmId, key: string, first: readonly (string | undefined)[]): string[] => {
    const previous = writeChainTail.get(armIdKey(circuitId));
    writeChainTail.set(armIdKey(circuitId), key);
    return present(previous === undefined ? first : [previous]);
  };

  for (const circuit of index.circuits) {
    const keys = providerKeys(circuit);
    const ofPair = pairOf(circuit);
    steps.push(
      { key: index.keyOf(circuit), action: 'ensure', intent: circuit, dependsOn: [] },
      {
        key: keys.notify,
        action: 'notifyProvider',
        leg: circuit.leg,
        ...ofPair,
        circuitId: circuit.id,
        dependsOn: [index.keyOf(circuit)],
      },
      {
        key: keys.await,
        action: 'awaitProvider',
        leg: circuit.leg,
        ...ofPair,
        circuitId: circuit.id,
        dependsOn: [keys.notify],
      },
    );
  }

  // Writes on each circuit in their serial order: authorizations (during the provider wait), private peering,
  // Microsoft peering (both once the provider has provisioned the circuit).
  for (const intent of index.authorizations) {
    const key = index.keyOf(intent);
    steps.push({
      key,
      action: 'ensure',
      intent,
      dependsOn: chainOnCircuit(intent.circuitId, key, [index.keyOfId(intent.circuitId)]),
    });
  }
  const peerings = [
    ...index.peerings.filter((peering) => peering.peeringType === 'AzurePrivatePeering'),
    ...index.peerings.filter((peering) => peering.peeringType !== 'AzurePrivatePeering'),
  ];
  for (const intent of peerings) {
    const key = index.keyOf(intent);
    const chained = chainOnCircuit(intent.circuitId, key, []);
    const extra: (string | undefined)[] = [index.awaitProviderKeyOf(intent.circuitId)];
    if (intent.microsoft !== undefined) {
      extra.push(index.keyOfId(intent.microsoft.routeFilterId), index.privatePeeringKeyOf(intent.circuitId));
    }
    steps.push({ key, action: 'ensure', intent, dependsOn: present([...extra, ...chained]) });
  }
  const associationChainTail = new Map<string, string>(); // VNet id key → key of its last subnet association so far

  for (const intent of topology.resources) {
    switch (intent.kind) {
      case 'circuit':
      case 'peering':
      case 'authorization':
        break; // placed above
      case 'connection':
        steps.push({
          key: index.keyOf(intent),
          action: 'ensure',
          intent,
          dependsOn: present([
            index.keyOfId(intent.gatewayId),
            index.privatePeeringKeyOf(intent.circuitId) ?? index.awaitProviderKeyOf(intent.circuitId),
            intent.authorization === undefined ? undefined : index.keyOfId(intent.authorization.id),
          ]),
        });
        break;
      case 'subnetAssociation': {
        const key = index.keyOf(intent);
        const previous = associationChainTail.get(armIdKey(intent.vnetId));
        associationChainTail.set(armIdKey(intent.vnetId), key);
        steps.push({
          key,
          action: 'ensure',
          intent,
          dependsOn: present([
            optionalKeyOfId(index, intent.routeTableId),
            optionalKeyOfId(index, intent.nsgId),
            ...index.linkKeysOfVnet(intent.vnetId),
            previous,
          ]),
        });
        break;
      }
      case 'routeFilter':
      case 'gateway':
      case 'routeTable':
      case 'nsg':
      case 'vpnGateway': // built alongside the ExpressRoute gateway, overlapping the provider wait
      case 'localNetworkGateway':
        steps.push({ key: index.keyOf(intent), action: 'ensure', intent, dependsOn: [] });
        break;
      case 'vpnConnection':
        // The tunnel runs over private peering: only once the private peerings it rides are up.
        steps.push({
          key: index.keyOf(intent),
          action: 'ensure',
          intent,
          dependsOn: present([
            index.keyOfId(intent.vpnGatewayId),
            index.keyOfId(intent.localNetworkGatewayId),
            ...index.privatePeeringKeysUnder(intent.expressRouteGatewayId),
          ]),
        });
        break;
    }
  }
  return assemblePlan(topology.customerId, steps);
}

export function planTeardown(topology: Topology): Plan {
  const index = indexTopology(topology);
  const steps: PlanStep[] = [];
  const connectionKeysOnCircuit = (circuitId: ArmId): string[] =>
    index.connections.filter((c) => armIdKey(c.circuitId) === armIdKey(circuitId)).map((c) => index.keyOf(c));

  for (const connection of index.connections) {
    steps.push({ key: index.keyOf(connection), action: 'delete', intent: connection, dependsOn: [] });
  }
  // Encryption: the IPsec connection first, then the local network gateway and the VPN gateway it used.
  const vpnConnections = topology.resources.filter((intent) => intent.kind === 'vpnConnection');
  for (const connection of vpnConnections) {
    steps.push({ key: index.keyOf(connection), action: 'delete', intent: connection, dependsOn: [] });
  }
  for (const intent of topology.resources) {
    if (intent.kind !== 'vpnGateway' && intent.kind !== 'localNetworkGateway') continue;
    const using = vpnConnections
      .filter(
        (connection) =>
          armIdKey(intent.kind === 'vpnGateway' ? connection.vpnGatewayId : connection.localNetworkGatewayId) ===
          armIdKey(intent.id),
      )
      .map((connection) => index.keyOf(connection));
    steps.push({ key: index.keyOf(intent), action: 'delete', intent, dependsOn: using });
  }
  for (const gateway of index.gateways) {
    if (gateway.existing) continue; // the customer's own gateway: never deleted
    const dependsOn = index.connections
      .filter((connection) => armIdKey(connection.gatewayId) === armIdKey(gateway.id))
      .map((connection) => index.keyOf(connection));
    steps.push({ key: index.keyOf(gateway), action: 'delete', intent: gateway, dependsOn });
  }

  // One serial chain of writes per circuit, after all its connections: authorizations (reverse order), Microsoft
  // peering, private peering.
  const lastWriteOnCircuit = new Map<string, string>();
  const circuitWrites = [
    ...[...index.authorizations].reverse(),
    ...index.peerings.filter((peering) => peering.peeringType !== 'AzurePrivatePeering'),
    ...index.peerings.filter((peering) => peering.peeringType === 'AzurePrivatePeering'),
  ];
  for (const intent of circuitWrites) {
    const key = index.keyOf(intent);
    const previous = lastWriteOnCircuit.get(armIdKey(intent.circuitId));
    lastWriteOnCircuit.set(armIdKey(intent.circuitId), key);
    // Nothing on a circuit goes while a connection still uses it (§2.5: connections first).
    steps.push({
      key,
      action: 'delete',
      intent,
      dependsOn: present([...connectionKeysOnCircuit(intent.circuitId), previous]),
    });
  }

  const circuitDeleteKeys: string[] = [];
  for (const circuit of index.circuits) {
    const keys = providerKeys(circuit);
    const { leg, id: circuitId } = circuit;
    const ofPair = pairOf(circuit);
    const beforeDeprovision = present([
      ...connectionKeysOnCircuit(circuitId),
      lastWriteOnCircuit.get(armIdKey(circuitId)),
    ]);
    steps.push(
      {
        key: keys.requestDeprovision,
        action: 'requestDeprovision',
        leg,
        ...ofPair,
        circuitId,
        dependsOn: beforeDeprovision,
      },
      {
        key: keys.awaitDeprovision,
        action: 'awaitDeprovision',
        leg,
        ...ofPair,
        circuitId,
        dependsOn: [keys.requestDeprovision],
      },
      { key: index.keyOf(circuit), action: 'delete', intent: circuit, dependsOn: [keys.awaitDeprovision] },
    );
    circuitDeleteKeys.push(index.keyOf(circuit));
  }

  for (const routeFilter of topology.resources.filter((r) => r.kind === 'routeFilter')) {
    const attachedPeerings = index.peerings
      .filter(
        (peering) =>
          peering.microsoft !== undefined && armIdKey(peering.microsoft.routeFilterId) === armIdKey(routeFilter.id),
      )
      .map((peering) => index.keyOf(peering));
    steps.push({
      key: index.keyOf(routeFilter),
      action: 'delete',
      intent: routeFilter,
      dependsOn: [...attachedPeerings, ...circuitDeleteKeys],
    });
  }
  for (const association of index.associations) {
    steps.push({
      key: index.keyOf(association),
      action: 'delete',
      intent: association,
      dependsOn: [...circuitDeleteKeys],
    });
  }
  for (const intent of topology.resources) {
    if (intent.kind !== 'routeTable' && intent.kind !== 'nsg') continue;
    const referencing = index.associations
      .filter((association) => {
        const referenced = intent.kind === 'routeTable' ? association.routeTableId : association.nsgId;
        return referenced !== undefined && armIdKey(referenced) === armIdKey(intent.id);
      })
      .map((association) => index.keyOf(association));
    steps.push({
      key: index.keyOf(intent),
      action: 'delete',
      intent,
      dependsOn: [...referencing, ...circuitDeleteKeys],
    });
  }
  return assemblePlan(topology.customerId, steps);
}

// ---------------------------------------------------------------------------------------------------------------
// Keys

function providerKeys(circuit: CircuitIntent) {
  return {
    notify: StepKeys.notifyProvider(circuit.leg, circuit.pair),
    await: StepKeys.awaitProvider(circuit.leg, circuit.pair),
    requestDeprovision: StepKeys.requestDeprovision(circuit.leg, circuit.pair),
    awaitDeprovision: StepKeys.awaitDeprovision(circuit.leg, circuit.pair),
  };
}

/** `{ pair }` for a circuit of a named pair, `{}` for the default pair's (whose steps are the single-pair ones). */
function pairOf(circuit: CircuitIntent): { pair?: string } {
  return circuit.pair === undefined ? {} : { pair: circuit.pair };
}

interface TopologyIndex {
  readonly circuits: readonly CircuitIntent[];
  readonly peerings: readonly PeeringIntent[];
  readonly authorizations: readonly AuthorizationIntent[];
  readonly gateways: readonly GatewayIntent[];
  readonly connections: readonly ConnectionIntent[];
  readonly associations: readonly SubnetAssociationIntent[];
  keyOf(intent: ResourceIntent): string;
  /** The key of the resource with this id, when the topology holds it. */
  keyOfId(id: ArmId): string | undefined;
  privatePeeringKeyOf(circuitId: ArmId): string | undefined;
  /** The private peerings of the circuits an ExpressRoute gateway connects to (all of them when it connects none). */
  privatePeeringKeysUnder(gatewayId: ArmId): string[];
  awaitProviderKeyOf(circuitId: ArmId): string | undefined;
  /** The keys of the connections (ExpressRoute and IPsec) of the gateways in this VNet. */
  linkKeysOfVnet(vnetId: ArmId): string[];
}

function indexTopology(topology: Topology): TopologyIndex {
  const byId = new Map<string, ResourceIntent>();
  for (const intent of topology.resources) byId.set(armIdKey(intent.id), intent);
  const ofKind = <K extends ResourceIntent['kind']>(kind: K) =>
    topology.resources.filter((intent): intent is Extract<ResourceIntent, { kind: K }> => intent.kind === kind);
  const circuits = ofKind('circuit');
  const peerings = ofKind('peering');
  const gateways = ofKind('gateway');
  const connections = ofKind('connection');
  const lookup = <K extends ResourceIntent['kind']>(id: ArmId, kind: K) => {
    const intent = byId.get(armIdKey(id));
    return intent?.kind === kind ? (intent as Extract<ResourceIntent, { kind: K }>) : undefined;
  };

  /** "a" or "b" ("{pair}:a" for another pair than the default) for a circuit of this topology, else its name. */
  const legLabel = (circuitId: ArmId): string => {
    const circuit = lookup(circuitId, 'circuit');
    return circuit === undefined ? resourceNameOf(circuitId) : pairLegLabel(circuit.leg, circuit.pair);
  };
  /** The VNet name behind a gateway of this topology. */
  const vnetNameOfGateway = (gatewayId: ArmId): string | undefined => {
    const gateway = lookup(gatewayId, 'gateway');
    return gateway === undefined ? undefined : resourceNameOf(gateway.vnetId);
  };
  const connectionUsing = (authorizationId: ArmId): ConnectionIntent | undefined =>
    connections.find(
      (connection) =>
        connection.authorization !== undefined && armIdKey(connection.authorization.id) === armIdKey(authorizationId),
    );

  const keyOf = (intent: ResourceIntent): string => {
    switch (intent.kind) {
      case 'circuit':
        return `circuit:${pairLegLabel(intent.leg, intent.pair)}`;
      case 'peering':
        return `peering:${legLabel(intent.circuitId)}:${intent.peeringType}`;
      case 'routeFilter':
        return intent.pair === undefined ? 'route-filter' : `route-filter:${intent.pair}`;
      case 'authorization': {
        const connection = connectionUsing(intent.id);
        const vnetName = connection === undefined ? undefined : vnetNameOfGateway(connection.gatewayId);
        return vnetName === undefined
          ? `authorization:${intent.name}`
          : `authorization:${vnetName}:${legLabel(intent.circuitId)}`;
      }
      case 'gateway':
        return `gateway:${resourceNameOf(intent.vnetId)}`;
      case 'connection': {
        const vnetName = vnetNameOfGateway(intent.gatewayId);
        return vnetName === undefined
          ? `connection:${intent.name}`
          : `connection:${vnetName}:${pairLegLabel(intent.leg, intent.pair)}`;
      }
      case 'routeTable':
        return `route-table:${roleFromName(topology.customerId, 'routeTable', intent.name) ?? intent.name}`;
      case 'nsg':
        return `nsg:${roleFromName(topology.customerId, 'nsg', intent.name) ?? intent.name}`;
      case 'subnetAssociation':
        return `subnet:${resourceNameOf(intent.vnetId)}/${intent.name}`;
      case 'vpnGateway':
        return `vpn-gateway:${resourceNameOf(intent.vnetId)}`;
      case 'localNetworkGateway':
        return `local-network-gateway:${intent.name}`;
      case 'vpnConnection': {
        const vpnGateway = byId.get(armIdKey(intent.vpnGatewayId));
        return vpnGateway?.kind === 'vpnGateway'
          ? `vpn-connection:${resourceNameOf(vpnGateway.vnetId)}`
          : `vpn-connection:${intent.name}`;
      }
    }
  };

  const keyOfId = (id: ArmId): string | undefined => {
    const intent = byId.get(armIdKey(id));
    return intent === undefined ? undefined : keyOf(intent);
  };
  const privatePeeringKeyOf = (circuitId: ArmId): string | undefined => {
    const peering = peerings.find(
      (p) => p.peeringType === 'AzurePrivatePeering' && armIdKey(p.circuitId) === armIdKey(circuitId),
    );
    return peering === undefined ? undefined : keyOf(peering);
  };
  const privatePeeringKeysUnder = (gatewayId: ArmId): string[] => {
    const linked = connections.filter((connection) => armIdKey(connection.gatewayId) === armIdKey(gatewayId));
    const circuitIds = linked.length > 0 ? linked.map((connection) => connection.circuitId) : circuits.map((c) => c.id);
    return present(circuitIds.map(privatePeeringKeyOf));
  };
  const awaitProviderKeyOf = (circuitId: ArmId): string | undefined => {
    const circuit = lookup(circuitId, 'circuit');
    return circuit === undefined ? undefined : providerKeys(circuit).await;
  };
  const linkKeysOfVnet = (vnetId: ArmId): string[] => {
    const inVnet = (gatewayId: ArmId): boolean => {
      const gateway = byId.get(armIdKey(gatewayId));
      return (
        (gateway?.kind === 'gateway' || gateway?.kind === 'vpnGateway') && armIdKey(gateway.vnetId) === armIdKey(vnetId)
      );
    };
    return [
      ...connections.filter((connection) => inVnet(connection.gatewayId)).map(keyOf),
      ...ofKind('vpnConnection')
        .filter((connection) => inVnet(connection.vpnGatewayId))
        .map(keyOf),
    ];
  };
  return {
    circuits,
    peerings,
    authorizations: ofKind('authorization'),
    gateways,
    connections,
    associations: ofKind('subnetAssociation'),
    keyOf,
    keyOfId,
    privatePeeringKeyOf,
    privatePeeringKeysUnder,
    awaitProviderKeyOf,
    linkKeysOfVnet,
  };
}

function optionalKeyOfId(index: TopologyIndex, id: ArmId | undefined): string | undefined {
  return id === undefined ? undefined : index.keyOfId(id);
}

function present(keys: readonly (string | undefined)[]): string[] {
  return keys.filter((key): key is string => key !== undefined);
}

// ---------------------------------------------------------------------------------------------------------------
// Stages

/**
 * Checks the steps (unique keys, known dependencies, no cycle), layers them by longest path (a step's stage is one
 * more than its latest dependency's) and orders them by stage, keeping the given order within a stage.
 */
function assemblePlan(customerId: string, draftSteps: readonly PlanStep[]): Plan {
  const byKey = new Map<string, PlanStep>();
  for (const step of draftSteps) {
    if (byKey.has(step.key)) throw new AppError('DuplicatePlanStep', `two plan steps share the key "${step.key}"`);
    byKey.set(step.key, { ...step, dependsOn: [...new Set(step.dependsOn)] });
  }

  const stageOf = new Map<string, number>();
  const visiting = new Set<string>();
  const computeStage = (key: string): number => {
    const known = stageOf.get(key);
    if (known !== undefined) return known;
    const step = byKey.get(key);
    if (step === undefined) throw new AppError('UnknownPlanDependency', `a plan step depends on unknown "${key}"`);
    if (visiting.has(key))
      throw new AppError('PlanCycle', `plan steps depend on each other in a cycle through "${key}"`);
    visiting.add(key);
    const stage = step.dependsOn.reduce((latest, dependency) => Math.max(latest, computeStage(dependency) + 1), 0);
    visiting.delete(key);
    stageOf.set(key, stage);
    return stage;
  };

  const stages: string[][] = [];
  for (const key of byKey.keys()) {
    const stage = computeStage(key);
    while (stages.length <= stage) stages.push([]);
    stages[stage]?.push(key);
  }
  const steps = stages
    .flat()
    .map((key) => byKey.get(key))
    .filter((step): step is PlanStep => step !== undefined);
  return { customerId, steps, stages };
}
