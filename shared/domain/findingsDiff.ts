/**
 * The findings of one customer: desired state (the registry's spec → the planner's intents) against observed state
 * (Resource Graph's projection), matched by ARM id. Pure: no I/O.
 *
 * Generic over intent kinds: a kind is found by its id among the observed rows (top-level kinds) or in its parent's
 * inline collection (`CHILD_KINDS`); a missing resource gives the kind's `missing` code (ResourceMissing unless it has
 * its own), and owned tags are compared for every top-level kind. Kinds with richer checks (circuits, peerings,
 * authorizations, connections, route tables, NSGs, subnet associations) add them in `KIND_CHECKS`. A new kind fits by
 * naming its inventory type in `INVENTORY_TYPE_OF_KIND` (and, if it wants more than presence and tags, a check).
 */
import { sameArmId } from './armIds';
import { defineFinding, findingKey, type Finding, type FindingCode } from './findings';
import type {
  ArmId,
  CircuitIntent,
  NsgIntent,
  ResourceIntent,
  ResourceKind,
  RouteTableIntent,
  SecurityRuleIntent,
  RouteIntent,
  SubnetAssociationIntent,
} from './intents';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from './intents';
import { ENCRYPTION_ROUTE_TABLE_ROLE } from './encryptionTopology';
import { OWNED_TAG_KEYS, armIdKey, routeTableName } from './naming';
import type { CircuitSku } from './spec';

/** One resource as the inventory projects it (shared/ports/inventory.ts). */
export interface ObservedResource {
  readonly id: ArmId;
  readonly type: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly customerId?: string;
  readonly sku?: Readonly<Record<string, unknown>>;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** The Resource Graph type of each top-level kind (lower case). A kind absent here is not inspected. */
export const INVENTORY_TYPE_OF_KIND: Partial<Record<ResourceKind, string>> = {
  circuit: 'microsoft.network/expressroutecircuits',
  routeFilter: 'microsoft.network/routefilters',
  gateway: 'microsoft.network/virtualnetworkgateways',
  connection: 'microsoft.network/connections',
  routeTable: 'microsoft.network/routetables',
  nsg: 'microsoft.network/networksecuritygroups',
  vpnGateway: 'microsoft.network/virtualnetworkgateways',
  localNetworkGateway: 'microsoft.network/localnetworkgateways',
  vpnConnection: 'microsoft.network/connections',
};

/** Child kinds: found in their parent's inline collection (projected under the same name). */
const CHILD_KINDS: Partial<
  Record<ResourceKind, { readonly parent: (intent: ResourceIntent) => ArmId; readonly collection: string }>
> = {
  peering: { parent: (intent) => (intent.kind === 'peering' ? intent.circuitId : ''), collection: 'peerings' },
  authorization: {
    parent: (intent) => (intent.kind === 'authorization' ? intent.circuitId : ''),
    collection: 'authorizations',
  },
  subnetAssociation: {
    parent: (intent) => (intent.kind === 'subnetAssociation' ? intent.vnetId : ''),
    collection: 'subnets',
  },
};

const MISSING_CODE: Partial<Record<ResourceKind, FindingCode>> = {
  circuit: 'CircuitMissing',
  peering: 'PeeringMissing',
  connection: 'ConnectionMissing',
  vpnConnection: 'EncryptionTunnelMissing',
};

export interface FindingThresholds {
  /** An authorization Available (unused) for longer than this is reported. */
  readonly authorizationUnusedDays: number;
  /** A circuit NotProvisioned (billed without service) for longer than this is reported with its cost. */
  readonly notProvisionedDays: number;
}

export const DEFAULT_FINDING_THRESHOLDS: FindingThresholds = { authorizationUnusedDays: 30, notProvisionedDays: 7 };

export interface CustomerFindingsInput {
  readonly customerId: string;
  readonly desired: readonly ResourceIntent[];
  /** Rows of the customer's subscriptions and rows tagged for the customer. */
  readonly observed: readonly ObservedResource[];
  /** When a condition (by `findingKey`) was first seen by an earlier sweep, epoch ms. */
  readonly firstSeen: (key: string) => number | undefined;
  readonly now: number;
  readonly thresholds: FindingThresholds;
  /** Monthly list price of a circuit (circuitPricing.ts), for the cost of a circuit billed without service. */
  readonly monthlyPriceUsd?: (sku: CircuitSku, bandwidthMbps: number) => number | undefined;
}

/** A condition that becomes a finding only once it has lasted long enough: kept to remember when it started. */
export interface WatchedCondition {
  readonly key: string;
  readonly since: number;
}

export interface CustomerFindings {
  readonly findings: readonly Finding[];
  readonly watching: readonly WatchedCondition[];
}

const DAY_MS = 86_400_000;

type Row = Readonly<Record<string, unknown>>;

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
}

function rowsOf(value: unknown): Row[] {
  return Array.isArray(value) ? value.filter(isRow) : [];
}

function propertiesOf(row: Row | undefined): Row {
  return isRow(row?.properties) ? row.properties : {};
}

function refId(value: unknown): string {
  return isRow(value) ? text(value.id) : '';
}

class Collector {
  readonly findings: Finding[] = [];
  readonly watching: WatchedCondition[] = [];

  constructor(private readonly input: CustomerFindingsInput) {}

  add(code: FindingCode, resourceId: ArmId, message: string, owner?: ResourceIntent, detail?: Finding['detail']): void {
    this.findings.push(
      defineFinding(code, {
        customerId: this.input.customerId,
        resourceId,
        message,
        ...(owner === undefined ? {} : { kind: owner.kind, intentId: owner.id }),
        ...(detail === undefined ? {} : { detail }),
      }),
    );
  }

  /** How long a condition has lasted (ms); remembers it as watched from now when new. */
  age(code: FindingCode, resourceId: ArmId): number {
    const key = findingKey({ code, resourceId });
    const since = this.input.firstSeen(key) ?? this.input.now;
    this.watching.push({ key, since });
    return this.input.now - since;
  }
}

export function customerFindings(input: CustomerFindingsInput): CustomerFindings {
  const observedById = new Map<string, ObservedResource>();
  for (const row of input.observed) observedById.set(armIdKey(row.id), row);
  const collector = new Collector(input);

  for (const intent of input.desired) {
    const inventoryType = INVENTORY_TYPE_OF_KIND[intent.kind];
    const child = CHILD_KINDS[intent.kind];
    if (child !== undefined) {
      const parent = observedById.get(armIdKey(child.parent(intent)));
      if (parent === undefined) {
        // The parent's own finding says it; a subnet association's VNet is the customer's.
        if (intent.kind === 'subnetAssociation') {
          collector.add('ResourceMissing', intent.vnetId, `virtual network ${intent.vnetId} not found`, intent);
        }
        continue;
      }
      const found = rowsOf(parent.properties[child.collection]).find(
        (entry) => text(entry.name).toLowerCase() === intent.name.toLowerCase(),
      );
      if (found === undefined) {
        collector.add(
          MISSING_CODE[intent.kind] ?? 'ResourceMissing',
          intent.id,
          `${intent.kind} ${intent.name} missing`,
          intent,
        );
        continue;
      }
      checkChild(collector, input, intent, found);
      continue;
    }
    if (inventoryType === undefined) continue;
    const row = observedById.get(armIdKey(intent.id));
    if (row === undefined) {
      collector.add(
        MISSING_CODE[intent.kind] ?? 'ResourceMissing',
        intent.id,
        `${intent.kind} ${intent.name} missing`,
        intent,
      );
      continue;
    }
    if (!(intent.kind === 'gateway' && intent.existing)) checkTags(collector, intent, row);
    checkTopLevel(collector, input, intent, row);
  }

  checkPairLocations(collector, input.desired, observedById);
  checkGatewaySubnets(collector, input.desired, observedById);
  checkUnmanagedCircuits(collector, input);
  return { findings: collector.findings, watching: collector.watching };
}

function checkTags(collector: Collector, intent: ResourceIntent, row: ObservedResource): void {
  if (!('tags' in intent)) return;
  const wanted = intent.tags;
  const changed = OWNED_TAG_KEYS.filter((key) => (row.tags[key] ?? undefined) !== wanted[key]);
  if (changed.length === 0) return;
  collector.add('TagsChanged', intent.id, `tags ${changed.join(', ')} not as the automation set them`, intent, {
    keys: changed.join(','),
  });
}

function checkTopLevel(
  collector: Collector,
  input: CustomerFindingsInput,
  intent: ResourceIntent,
  row: ObservedResource,
): void {
  const properties = row.properties;
  switch (intent.kind) {
    case 'circuit':
      checkCircuit(collector, input, intent, row);
      return;
    case 'connection': {
      const status = text(properties.connectionStatus);
      if (status !== 'Connected') {
        collector.add(
          'ConnectionNotConnected',
          intent.id,
          `connection ${intent.name} is ${status || 'unknown'}`,
          intent,
          {
            connectionStatus: status,
          },
        );
      }
      return;
    }
    case 'vpnConnection': {
      const status = text(properties.connectionStatus);
      if (status !== 'Connected') {
        collector.add(
          'EncryptionTunnelNotConnected',
          intent.id,
          `IPsec tunnel ${intent.name} is ${status || 'unknown'}`,
          intent,
          {
            connectionStatus: status,
          },
        );
      }
      return;
    }
    case 'routeTable': {
      // The firewall-appliances encryption's table: a route gone means traffic bypasses the appliance.
      const encrypting = intent.name === routeTableName(input.customerId, ENCRYPTION_ROUTE_TABLE_ROLE);
      checkNamedChildren(collector, intent, intent.routes, rowsOfProperties(properties.routes), 'routes', sameRoute, {
        added: 'RouteAdded',
        removed: encrypting ? 'EncryptionApplianceRouteMissing' : 'RouteRemoved',
        changed: 'RouteChanged',
      });
      return;
    }
    case 'nsg':
      checkNamedChildren(
        collector,
        intent,
        intent.rules,
        rowsOfProperties(properties.securityRules),
        'securityRules',
        sameRule,
        {
          added: 'NsgRuleAdded',
          removed: 'NsgRuleRemoved',
          changed: 'NsgRuleChanged',
        },
      );
      return;
    default:
      return;
  }
}

function checkCircuit(
  collector: Collector,
  input: CustomerFindingsInput,
  intent: CircuitIntent,
  row: ObservedResource,
): void {
  const properties = row.properties;
  const provider = isRow(properties.serviceProviderProperties) ? properties.serviceProviderProperties : {};
  const providerState = text(properties.serviceProviderProvisioningState);
  const provisioningState = text(properties.provisioningState);
  if (providerState !== 'Provisioned' || provisioningState !== 'Succeeded') {
    collector.add(
      'CircuitNotProvisioned',
      intent.id,
      `circuit ${intent.name}: provider state ${providerState || 'unknown'}, provisioning ${provisioningState || 'unknown'}`,
      intent,
      { serviceProviderProvisioningState: providerState, provisioningState },
    );
  }
  if (providerState === 'NotProvisioned') {
    const ageMs = collector.age('CircuitBilledNotProvisioned', intent.id);
    if (ageMs > input.thresholds.notProvisionedDays * DAY_MS) {
      const days = Math.floor(ageMs / DAY_MS);
      const monthly = input.monthlyPriceUsd?.(intent.sku, intent.bandwidthMbps);
      const cost = monthly === undefined ? undefined : Math.round((monthly * ageMs) / (30 * DAY_MS));
      collector.add(
        'CircuitBilledNotProvisioned',
        intent.id,
        `circuit ${intent.name} NotProvisioned for ${days} days${cost === undefined ? '' : `, about ${cost} USD so far`}`,
        intent,
        {
          days,
          ...(monthly === undefined ? {} : { monthlyPriceUsd: monthly }),
          ...(cost === undefined ? {} : { costSoFarUsd: cost }),
        },
      );
    }
  }
  const bandwidth = Number(provider.bandwidthInMbps);
  if (bandwidth !== intent.bandwidthMbps) {
    collector.add(
      'CircuitBandwidthChanged',
      intent.id,
      `circuit ${intent.name} is ${bandwidth} Mbps, ordered ${intent.bandwidthMbps}`,
      intent,
      {
        expected: intent.bandwidthMbps,
        actual: bandwidth,
      },
    );
  }
  const tier = text(row.sku?.tier);
  const family = text(row.sku?.family);
  if (tier !== intent.sku.tier || family !== intent.sku.family) {
    collector.add(
      'CircuitSkuChanged',
      intent.id,
      `circuit ${intent.name} is ${tier} ${family}, ordered ${intent.sku.tier} ${intent.sku.family}`,
      intent,
      {
        expected: `${intent.sku.tier}/${intent.sku.family}`,
        actual: `${tier}/${family}`,
      },
    );
  }
}

function checkChild(collector: Collector, input: CustomerFindingsInput, intent: ResourceIntent, entry: Row): void {
  const properties = propertiesOf(entry);
  switch (intent.kind) {
    case 'peering': {
      const state = text(properties.state);
      if (state.toLowerCase() !== 'enabled') {
        collector.add('PeeringDisabled', intent.id, `peering ${intent.name} is ${state || 'unknown'}`, intent, {
          state,
        });
      }
      return;
    }
    case 'authorization': {
      if (text(properties.authorizationUseStatus) !== 'Available') return;
      const ageMs = collector.age('AuthorizationUnused', intent.id);
      if (ageMs > input.thresholds.authorizationUnusedDays * DAY_MS) {
        const days = Math.floor(ageMs / DAY_MS);
        collector.add(
          'AuthorizationUnused',
          intent.id,
          `authorization ${intent.name} unused for ${days} days`,
          intent,
          { days },
        );
      }
      return;
    }
    case 'subnetAssociation':
      checkSubnetAssociation(collector, intent, properties);
      return;
    default:
      return;
  }
}

function checkSubnetAssociation(collector: Collector, intent: SubnetAssociationIntent, properties: Row): void {
  const missing: string[] = [];
  if (intent.routeTableId !== undefined && !sameArmIdOrEmpty(refId(properties.routeTable), intent.routeTableId)) {
    missing.push('routeTable');
  }
  if (intent.nsgId !== undefined && !sameArmIdOrEmpty(refId(properties.networkSecurityGroup), intent.nsgId)) {
    missing.push('networkSecurityGroup');
  }
  if (missing.length > 0) {
    collector.add(
      'SubnetAssociationMissing',
      intent.id,
      `subnet ${intent.name} lacks its ${missing.join(' and ')}`,
      intent,
      {
        missing: missing.join(','),
      },
    );
  }
}

function sameArmIdOrEmpty(actual: string, desired: string): boolean {
  return actual !== '' && sameArmId(actual, desired);
}

function rowsOfProperties(value: unknown): Row[] {
  return rowsOf(value);
}

interface NamedCodes {
  readonly added: FindingCode;
  readonly removed: FindingCode;
  readonly changed: FindingCode;
}

function checkNamedChildren<T extends { readonly name: string }>(
  collector: Collector,
  owner: RouteTableIntent | NsgIntent,
  desired: readonly T[],
  observed: readonly Row[],
  collection: string,
  same: (wanted: T, found: Row) => boolean,
  codes: NamedCodes,
): void {
  const observedByName = new Map(observed.map((entry) => [text(entry.name).toLowerCase(), entry]));
  const desiredNames = new Set(desired.map((entry) => entry.name.toLowerCase()));
  for (const wanted of desired) {
    const found = observedByName.get(wanted.name.toLowerCase());
    const id = `${owner.id}/${collection}/${wanted.name}`;
    if (found === undefined) collector.add(codes.removed, id, `${wanted.name} removed from ${owner.name}`, owner);
    else if (!same(wanted, propertiesOf(found)))
      collector.add(codes.changed, id, `${wanted.name} changed on ${owner.name}`, owner);
  }
  for (const entry of observed) {
    const name = text(entry.name);
    if (!desiredNames.has(name.toLowerCase())) {
      collector.add(codes.added, `${owner.id}/${collection}/${name}`, `${name} added to ${owner.name}`, owner);
    }
  }
}

function sameRoute(wanted: RouteIntent, found: Row): boolean {
  return (
    text(found.addressPrefix) === wanted.addressPrefix &&
    text(found.nextHopType).toLowerCase() === wanted.nextHopType.toLowerCase() &&
    text(found.nextHopIpAddress) === (wanted.nextHopIpAddress ?? '')
  );
}

function sameRule(wanted: SecurityRuleIntent, found: Row): boolean {
  return (
    Number(found.priority) === wanted.priority &&
    text(found.direction).toLowerCase() === wanted.direction.toLowerCase() &&
    text(found.access).toLowerCase() === wanted.access.toLowerCase() &&
    text(found.protocol).toLowerCase() === wanted.protocol.toLowerCase() &&
    text(found.sourceAddressPrefix) === wanted.sourceAddressPrefix &&
    text(found.sourcePortRange) === wanted.sourcePortRange &&
    text(found.destinationAddressPrefix) === wanted.destinationAddressPrefix &&
    text(found.destinationPortRange) === wanted.destinationPortRange
  );
}

function checkPairLocations(
  collector: Collector,
  desired: readonly ResourceIntent[],
  observedById: ReadonlyMap<string, ObservedResource>,
): void {
  const byPair = new Map<string, CircuitIntent[]>();
  for (const intent of desired) {
    if (intent.kind !== 'circuit') continue;
    const key = intent.pair ?? '';
    byPair.set(key, [...(byPair.get(key) ?? []), intent]);
  }
  for (const circuits of byPair.values()) {
    const seen = new Map<string, CircuitIntent>();
    for (const circuit of circuits) {
      const row = observedById.get(armIdKey(circuit.id));
      if (row === undefined) continue;
      const provider = isRow(row.properties.serviceProviderProperties) ? row.properties.serviceProviderProperties : {};
      const location = text(provider.peeringLocation).toLowerCase();
      const other = seen.get(location);
      if (location !== '' && other !== undefined) {
        collector.add(
          'CircuitsShareLocation',
          circuit.id,
          `circuits ${other.name} and ${circuit.name} are both at ${text(provider.peeringLocation)}`,
          circuit,
          {
            peeringLocation: text(provider.peeringLocation),
          },
        );
      }
      seen.set(location, circuit);
    }
  }
}

function checkGatewaySubnets(
  collector: Collector,
  desired: readonly ResourceIntent[],
  observedById: ReadonlyMap<string, ObservedResource>,
): void {
  const vnetIds = new Map<string, ArmId>();
  for (const intent of desired) {
    if (intent.kind === 'gateway' || intent.kind === 'subnetAssociation')
      vnetIds.set(armIdKey(intent.vnetId), intent.vnetId);
  }
  for (const vnetId of vnetIds.values()) {
    const vnet = observedById.get(armIdKey(vnetId));
    const gatewaySubnet = rowsOf(vnet?.properties.subnets).find(
      (subnet) => text(subnet.name).toLowerCase() === 'gatewaysubnet',
    );
    if (gatewaySubnet === undefined) continue;
    const properties = propertiesOf(gatewaySubnet);
    const subnetId = text(gatewaySubnet.id) || `${vnetId}/subnets/GatewaySubnet`;
    const nsgId = refId(properties.networkSecurityGroup);
    if (nsgId !== '')
      collector.add('GatewaySubnetHasNsg', subnetId, `GatewaySubnet of ${vnetId} has NSG ${nsgId}`, undefined, {
        nsgId,
      });
    const routeTableId = refId(properties.routeTable);
    if (routeTableId === '') continue;
    const table = observedById.get(armIdKey(routeTableId));
    const defaultRoute = rowsOf(table?.properties.routes).find(
      (route) => text(propertiesOf(route).addressPrefix) === '0.0.0.0/0',
    );
    if (defaultRoute !== undefined) {
      collector.add(
        'GatewaySubnetDefaultRoute',
        subnetId,
        `GatewaySubnet of ${vnetId} routes 0.0.0.0/0 through ${routeTableId}`,
        undefined,
        {
          routeTableId,
        },
      );
    }
  }
}

function checkUnmanagedCircuits(collector: Collector, input: CustomerFindingsInput): void {
  for (const row of input.observed) {
    if (row.type !== INVENTORY_TYPE_OF_KIND.circuit) continue;
    if (row.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE) continue;
    collector.add('UnmanagedCircuit', row.id, `circuit ${row.name} is not managed by the automation`, undefined, {
      subscriptionId: row.subscriptionId,
    });
  }
}

/** Fleet findings: circuits in the CSP's own subscriptions that the automation does not manage (report only). */
export function unmanagedCircuitFindings(rows: readonly ObservedResource[]): Finding[] {
  return rows
    .filter((row) => row.type === INVENTORY_TYPE_OF_KIND.circuit && row.tags[MANAGED_BY_TAG] !== MANAGED_BY_VALUE)
    .map((row) =>
      defineFinding('UnmanagedCircuit', {
        resourceId: row.id,
        message: `circuit ${row.name} is not managed by the automation`,
        detail: { subscriptionId: row.subscriptionId },
      }),
    );
}
