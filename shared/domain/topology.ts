/**
 * The desired topology of one customer: every resource the automation owns for it, as resource intents derived from
 * a (validated) customer spec. Pure: no I/O, no Azure SDKs.
 *
 * Order of `resources` (deterministic): per pair in spec order, circuits (a, b), private peerings (a, b), route
 * filter, Microsoft peerings (a, b); then per VNet link in spec order: gateway, authorizations (per circuit of the
 * pairs it links, in pair order, a then b; connect-through, or a VNet in another subscription than the circuits),
 * connections (same order); then route tables, NSGs and subnet associations in spec order. For one pair this is
 * the single-pair topology exactly (pairs.ts: the default pair keeps its names).
 */
import { ValidationError } from '../errors';
import { collisionIssues } from './collisions';
import { encryptionRouteTables, ipsecIntents } from './encryptionTopology';
import type {
  ArmId,
  AuthorizationIntent,
  CircuitIntent,
  ConnectionIntent,
  GatewayIntent,
  Leg,
  NsgIntent,
  PeeringIntent,
  ResourceIntent,
  RouteFilterIntent,
  RouteIntent,
  RouteTableIntent,
  Scope,
  SecurityRuleIntent,
  SubnetAssociationIntent,
  Topology,
} from './intents';
import {
  FORCED_TUNNEL_ROUTE_NAME,
  ROUTE_FILTER_RULE_NAME,
  armId,
  armIdKey,
  authorizationName,
  circuitName,
  connectionName,
  gatewayName,
  managedTags,
  nsgName,
  parseArmId,
  resourceNameOf,
  routeFilterName,
  routeTableName,
} from './naming';
import { circuitPairsOf, isDefaultPair, pairsOfLink, type CircuitPairOfSpec } from './pairs';
import { BASELINE_SECURITY_RULES } from './rules';
import type { CustomerSpec, NsgSpec, PeeringLeg, RouteTableSpec, VnetLink } from './spec';

export const LEGS: readonly Leg[] = ['a', 'b'];
const LEG_INDEX: Readonly<Record<Leg, 0 | 1>> = { a: 0, b: 1 };

const NETWORK = 'Microsoft.Network';
const CIRCUITS = `${NETWORK}/expressRouteCircuits`;

export interface TenantContext {
  /** The CSP's own Entra tenant: connect-through circuits live there. */
  readonly cspTenantId: string;
}

/** Every resource intent the automation owns for this customer. Throws `ValidationError` when two would collide. */
export function deriveTopology(spec: CustomerSpec, tenants: TenantContext): Topology {
  assertNoCollisions(spec);
  const { customer } = spec;
  const pairs = circuitPairsOf(spec);
  const circuitResources = pairs.map((pair) => pairIntents(spec, pair, tenants));
  const circuitsOfPair = new Map(
    circuitResources.map((resources, index) => [
      pairs[index]?.name ?? '',
      resources.filter((intent): intent is CircuitIntent => intent.kind === 'circuit'),
    ]),
  );

  const customerScopeOf = (id: ArmId): Scope => {
    const { subscriptionId, resourceGroup } = parseArmId(id);
    return { tenantId: customer.tenantId, subscriptionId, resourceGroup };
  };

  const vnetResources = spec.vnetLinks.flatMap((link) => {
    const circuits = pairsOfLink(link, pairs).flatMap((pair) => circuitsOfPair.get(pair.name) ?? []);
    return vnetLinkIntents(spec, link, circuits, customerScopeOf);
  });
  // The firewall-appliances encryption adds one route table, built and associated like the spec's own.
  const routeTableSpecs = [...spec.routeTables, ...encryptionRouteTables(spec)];
  const routeTables = routeTableSpecs.map((table) => routeTableIntent(spec, table, customerScopeOf(table.vnetId)));
  const nsgs = spec.networkSecurityGroups.map((nsg) => nsgIntent(spec, nsg, customerScopeOf(nsg.vnetId)));
  const associations = subnetAssociations(spec, routeTableSpecs, routeTables, nsgs, customerScopeOf);

  return {
    customerId: customer.id,
    tenantId: customer.tenantId,
    model: customer.model,
    resources: [
      ...circuitResources.flat(),
      ...vnetResources,
      ...ipsecIntents(spec, customer.tenantId),
      ...routeTables,
      ...nsgs,
      ...associations,
    ],
  };
}

/** One pair's circuits, private peerings, route filter and Microsoft peerings. */
function pairIntents(spec: CustomerSpec, pair: CircuitPairOfSpec, tenants: TenantContext): ResourceIntent[] {
  const { customer } = spec;
  if (pair.subscriptionId === undefined) {
    throw new ValidationError([
      {
        path: `${pair.path}.subscriptionId`,
        rule: 'subscription.placement-pending',
        message:
          'is chosen by placement when the onboarding is planned: the topology is derived from the spec with each ' +
          "pair's subscription filled in",
      },
    ]);
  }
  const circuitScope: Scope = {
    tenantId: customer.model === 'connect-through' ? tenants.cspTenantId : customer.tenantId,
    subscriptionId: pair.subscriptionId,
    resourceGroup: pair.resourceGroup,
  };
  // The default pair's intents carry no `pair`: they are the single-pair intents exactly.
  const pairName = isDefaultPair(pair.name) ? undefined : pair.name;
  const ofPair = pairName === undefined ? {} : { pair: pairName };

  const circuits = LEGS.map((leg): CircuitIntent => {
    const name = circuitName(customer.id, leg, pairName);
    return {
      kind: 'circuit',
      id: armId(circuitScope, CIRCUITS, name),
      scope: circuitScope,
      name,
      leg,
      ...ofPair,
      location: pair.location,
      tags: managedTags(customer.id, { leg, ...ofPair }),
      sku: pair.sku,
      serviceProviderName: pair.provider,
      peeringLocation: pair.peeringLocations[LEG_INDEX[leg]],
      bandwidthMbps: pair.bandwidthMbps,
    };
  });

  const privatePeering = pair.privatePeering;
  const privatePeerings =
    privatePeering === undefined
      ? []
      : circuits.map((circuit) =>
          peeringIntent(circuit, 'AzurePrivatePeering', {
            peerAsn: privatePeering.peerAsn,
            leg: privatePeering.legs[LEG_INDEX[circuit.leg]],
            md5Key: privatePeering.md5Key,
          }),
        );

  const microsoftResources: (RouteFilterIntent | PeeringIntent)[] = [];
  const msPeering = pair.microsoftPeering;
  if (msPeering !== undefined) {
    const name = routeFilterName(customer.id, pairName);
    const routeFilter: RouteFilterIntent = {
      kind: 'routeFilter',
      id: armId(circuitScope, `${NETWORK}/routeFilters`, name),
      scope: circuitScope,
      name,
      ...ofPair,
      location: pair.location,
      tags: managedTags(customer.id, ofPair),
      rule: { name: ROUTE_FILTER_RULE_NAME, communities: [...msPeering.routeFilterCommunities] },
    };
    microsoftResources.push(routeFilter);
    for (const circuit of circuits) {
      const peering = peeringIntent(circuit, 'MicrosoftPeering', {
        peerAsn: msPeering.peerAsn,
        leg: msPeering.legs[LEG_INDEX[circuit.leg]],
        md5Key: msPeering.md5Key,
      });
      microsoftResources.push({
        ...peering,
        microsoft: {
          advertisedPublicPrefixes: [...msPeering.advertisedPublicPrefixes],
          ...(msPeering.customerAsn === undefined ? {} : { customerAsn: msPeering.customerAsn }),
          routingRegistryName: msPeering.routingRegistryName,
          routeFilterId: routeFilter.id,
        },
      });
    }
  }
  return [...circuits, ...privatePeerings, ...microsoftResources];
}

/**
 * The region of resources that must sit in their VNet's region (gateway, connection, route table, NSG): the VNet
 * link's `location`, or the circuits' region when the link does not say.
 */
function vnetSideLocation(spec: CustomerSpec, vnetId: ArmId): string {
  const link = spec.vnetLinks.find((candidate) => armIdKey(candidate.vnetId) === armIdKey(vnetId));
  // The circuits' region: that of the first pair (the `circuits` shorthand's).
  return link?.location ?? spec.circuits.location;
}

function peeringIntent(
  circuit: CircuitIntent,
  peeringType: PeeringIntent['peeringType'],
  config: { peerAsn: number; leg: PeeringLeg; md5Key: PeeringIntent['md5Key'] },
): PeeringIntent {
  return {
    kind: 'peering',
    id: `${circuit.id}/peerings/${peeringType}`,
    scope: circuit.scope,
    name: peeringType,
    ...(circuit.pair === undefined ? {} : { pair: circuit.pair }),
    circuitId: circuit.id,
    peeringType,
    peerAsn: config.peerAsn,
    primaryPeerAddressPrefix: config.leg.primaryPeerAddressPrefix,
    secondaryPeerAddressPrefix: config.leg.secondaryPeerAddressPrefix,
    vlanId: config.leg.vlanId,
    ...(config.md5Key === undefined ? {} : { md5Key: config.md5Key }),
  };
}

/** The gateway of one linked VNet, then (per leg) its authorization (when it crosses subscriptions) and connection. */
function vnetLinkIntents(
  spec: CustomerSpec,
  link: VnetLink,
  circuits: readonly CircuitIntent[],
  customerScopeOf: (id: ArmId) => Scope,
): ResourceIntent[] {
  const customerId = spec.customer.id;
  const vnetName = resourceNameOf(link.vnetId);
  const location = vnetSideLocation(spec, link.vnetId);
  const existingGatewayId = link.gateway.id;
  const gatewayScope = customerScopeOf(existingGatewayId ?? link.vnetId);
  const newGatewayName = gatewayName(vnetName);
  const gateway: GatewayIntent = {
    kind: 'gateway',
    id: existingGatewayId ?? armId(gatewayScope, `${NETWORK}/virtualNetworkGateways`, newGatewayName),
    scope: gatewayScope,
    name: existingGatewayId === undefined ? newGatewayName : resourceNameOf(existingGatewayId),
    location,
    // An existing gateway is the customer's: the automation never writes to it, tags included.
    tags: existingGatewayId === undefined ? managedTags(customerId) : {},
    vnetId: link.vnetId,
    sku: link.gateway.sku,
    ...(link.gateway.scaleUnits === undefined ? {} : { scaleUnits: link.gateway.scaleUnits }),
    existing: existingGatewayId !== undefined,
  };

  const authorizations: AuthorizationIntent[] = [];
  const connections: ConnectionIntent[] = [];
  for (const circuit of circuits) {
    const ofPair = circuit.pair === undefined ? {} : { pair: circuit.pair };
    let authorization: AuthorizationIntent | undefined;
    // An authorization links a VNet whose connection lives outside the circuit's subscription: always for
    // connect-through (another tenant), and for connect-to when the VNet sits in another of the customer's
    // subscriptions (join/action across subscriptions is not something a least-privilege role should hold).
    const crossSubscription = gatewayScope.subscriptionId.toLowerCase() !== circuit.scope.subscriptionId.toLowerCase();
    if (spec.customer.model === 'connect-through' || crossSubscription) {
      const name = authorizationName(customerId, vnetName, circuit.leg, circuit.pair);
      authorization = {
        kind: 'authorization',
        id: `${circuit.id}/authorizations/${name}`,
        scope: circuit.scope,
        name,
        ...ofPair,
        circuitId: circuit.id,
      };
      authorizations.push(authorization);
    }
    const name = connectionName(customerId, vnetName, circuit.leg, circuit.pair);
    connections.push({
      kind: 'connection',
      // The connection lives with the gateway (its subscription and resource group), not with the circuit.
      id: armId(gatewayScope, `${NETWORK}/connections`, name),
      scope: gatewayScope,
      name,
      leg: circuit.leg,
      ...ofPair,
      location,
      tags: managedTags(customerId, { leg: circuit.leg, ...ofPair }),
      gatewayId: gateway.id,
      circuitId: circuit.id,
      routingWeight: link.routingWeight,
      fastPath: link.fastPath,
      ...(authorization === undefined ? {} : { authorization: { id: authorization.id, scope: authorization.scope } }),
    });
  }
  return [gateway, ...authorizations, ...connections];
}

function routeTableIntent(spec: CustomerSpec, table: RouteTableSpec, scope: Scope): RouteTableIntent {
  const name = routeTableName(spec.customer.id, table.role);
  const routes: RouteIntent[] = table.routes.map((route) => ({
    name: route.name,
    addressPrefix: route.addressPrefix,
    nextHopType: route.nextHopType,
    ...(route.nextHopIpAddress === undefined ? {} : { nextHopIpAddress: route.nextHopIpAddress }),
  }));
  if (table.forcedTunnelNextHop !== undefined) {
    routes.push({
      name: FORCED_TUNNEL_ROUTE_NAME,
      addressPrefix: '0.0.0.0/0',
      nextHopType: 'VirtualAppliance',
      nextHopIpAddress: table.forcedTunnelNextHop,
    });
  }
  return {
    kind: 'routeTable',
    id: armId(scope, `${NETWORK}/routeTables`, name),
    scope,
    name,
    location: vnetSideLocation(spec, table.vnetId),
    tags: managedTags(spec.customer.id),
    disableBgpRoutePropagation: table.disableBgpRoutePropagation,
    routes,
  };
}

/**
 * The ExpressRoute baseline rules of one NSG (rules.ts names and priorities). The intent holds one source prefix per
 * rule, so the first on-premises prefix goes into `AllowOnPremisesInbound` at 4000 and each further one into its own
 * `AllowOnPremisesInbound-2`, `-3`… at the next inbound priorities above 4000 that `takenInboundPriorities` leaves free.
 */
export function baselineSecurityRules(
  baseline: NsgSpec['baseline'],
  takenInboundPriorities: readonly number[] = [],
): SecurityRuleIntent[] {
  const { allowOnPremisesInbound, denyInternetOutbound } = BASELINE_SECURITY_RULES;
  const anyPort = { sourcePortRange: '*', destinationPortRange: '*' } as const;
  const taken = new Set(takenInboundPriorities);
  let priority = allowOnPremisesInbound.priority;
  const rules: SecurityRuleIntent[] = baseline.onPremisesPrefixes.map((prefix, index) => {
    if (index > 0) {
      do priority += 1;
      while (taken.has(priority));
    }
    return {
      name: index === 0 ? allowOnPremisesInbound.name : `${allowOnPremisesInbound.name}-${index + 1}`,
      priority,
      direction: allowOnPremisesInbound.direction,
      access: 'Allow',
      protocol: '*',
      sourceAddressPrefix: prefix,
      destinationAddressPrefix: '*',
      ...anyPort,
    };
  });
  if (baseline.denyInternetOutbound) {
    rules.push({
      name: denyInternetOutbound.name,
      priority: denyInternetOutbound.priority,
      direction: denyInternetOutbound.direction,
      access: 'Deny',
      protocol: '*',
      sourceAddressPrefix: '*',
      destinationAddressPrefix: 'Internet',
      ...anyPort,
    });
  }
  return rules;
}

function nsgIntent(spec: CustomerSpec, nsg: NsgSpec, scope: Scope): NsgIntent {
  const name = nsgName(spec.customer.id, nsg.role);
  // The spec's rules already have the intent's shape (defaults applied by the schema).
  const customRules: SecurityRuleIntent[] = nsg.rules.map((rule) => ({ ...rule }));
  return {
    kind: 'nsg',
    id: armId(scope, `${NETWORK}/networkSecurityGroups`, name),
    scope,
    name,
    location: vnetSideLocation(spec, nsg.vnetId),
    tags: managedTags(spec.customer.id),
    rules: [
      ...baselineSecurityRules(
        nsg.baseline,
        nsg.rules.filter((rule) => rule.direction === 'Inbound').map((rule) => rule.priority),
      ),
      ...customRules,
    ],
  };
}

/** One association per subnet, carrying its route table and/or NSG; ordered by first mention (route tables first). */
function subnetAssociations(
  spec: CustomerSpec,
  routeTableSpecs: readonly RouteTableSpec[],
  routeTables: readonly RouteTableIntent[],
  nsgs: readonly NsgIntent[],
  customerScopeOf: (id: ArmId) => Scope,
): SubnetAssociationIntent[] {
  const bySubnet = new Map<string, { vnetId: ArmId; subnet: string; routeTableId?: ArmId; nsgId?: ArmId }>();
  const entryFor = (vnetId: ArmId, subnet: string) => {
    const key = armIdKey(`${vnetId}/subnets/${subnet}`);
    let entry = bySubnet.get(key);
    if (entry === undefined) {
      entry = { vnetId, subnet };
      bySubnet.set(key, entry);
    }
    return entry;
  };
  routeTableSpecs.forEach((table, index) => {
    for (const subnet of table.subnets) entryFor(table.vnetId, subnet).routeTableId = routeTables[index]?.id;
  });
  spec.networkSecurityGroups.forEach((nsg, index) => {
    for (const subnet of nsg.subnets) entryFor(nsg.vnetId, subnet).nsgId = nsgs[index]?.id;
  });
  return [...bySubnet.values()].map(({ vnetId, subnet, routeTableId, nsgId }) => ({
    kind: 'subnetAssociation',
    id: `${vnetId}/subnets/${subnet}`,
    scope: customerScopeOf(vnetId),
    name: subnet,
    vnetId,
    ...(routeTableId === undefined ? {} : { routeTableId }),
    ...(nsgId === undefined ? {} : { nsgId }),
  }));
}

/** Throws a ValidationError for a spec whose resources would collide (the same rules validation reports). */
function assertNoCollisions(spec: CustomerSpec): void {
  const issues = collisionIssues(spec);
  if (issues.length > 0) throw new ValidationError(issues);
}
