/**
 * One customer as Azure holds it: every resource the automation built for it, read back with its ARM id and state,
 * whatever the spec said. Read-only: it calls `listManaged` and `read` (GETs), never a write.
 *
 * This reads ARM directly, listing the customer's subscriptions (the CSP's shared circuit subscription included), so
 * its cost grows with the fleet. It is kept for what acts on its answer (the decommission teardown plan, the migration
 * plan, what-if): Resource Graph is eventually consistent, and a delete plan must not miss a resource the index has
 * not caught up with. The customer view reads Resource Graph instead, at a cost independent of the fleet
 * (customerView.ts; docs/PERFORMANCE.md).
 *
 * Where it looks: the customer's circuit subscription (the CSP's own for connect-through, read with the CSP's tenant)
 * and its allow-listed subscriptions (read with the customer's tenant). What it keeps: top-level resources tagged
 * `csp-customer=<id>`, the peerings and authorizations of those circuits, the subnet associations of those route
 * tables and NSGs, and the (customer-owned, untagged) gateways its connections use, marked `managed: false`.
 *
 * `listManaged` finds gateways and connections only in resource groups that hold other managed resources; so for
 * each registered VNet whose gateway or connections it did not find, the names the automation would have given them
 * (naming.ts) are read directly.
 */
import { CUSTOMER_TAG, PAIR_TAG } from '../domain/intents';
import type { ArmId, CircuitIntent, ResourceIntent, ResourceKind, Scope, Tags } from '../domain/intents';
import { armId, armIdKey, connectionName, gatewayName, pairId, parseArmId, resourceNameOf } from '../domain/naming';
import { DEFAULT_PAIR_NAME, isDefaultPair } from '../domain/pairs';
import { LEGS } from '../domain/topology';
import type { CircuitSku } from '../domain/spec';
import type { CustomerRecord, CustomerRegistry } from '../ports/customers';
import type { NetworkPort, Observed, ObservedState } from '../ports/network';

/** The only network calls a read-only service may make. */
export type ReadOnlyNetwork = Pick<NetworkPort, 'read' | 'listManaged'>;

/** What the services need to know about the CSP itself (configuration). */
export interface CspFacts {
  readonly tenantId: string;
  /** The CSP's own subscriptions (connect-through circuits live there). */
  readonly subscriptionIds: readonly string[];
}

export interface CustomerTopologyPorts {
  readonly network: ReadOnlyNetwork;
  readonly customers: Pick<CustomerRegistry, 'get'>;
  readonly csp: CspFacts;
}

/** Every kind, in the order a reader expects them (and the order of `resources` in a view). */
export const KIND_ORDER: readonly ResourceKind[] = [
  'circuit',
  'peering',
  'authorization',
  'routeFilter',
  'gateway',
  'connection',
  'routeTable',
  'nsg',
  'subnetAssociation',
  // Encryption over private peering (docs/encryption.md)
  'vpnGateway',
  'localNetworkGateway',
  'vpnConnection',
];

const NETWORK = 'Microsoft.Network';

/** Resource states as ARM reports them; only the fields that apply to the kind are present. No keys of any sort. */
export interface ResourceStateView {
  readonly provisioningState: string;
  readonly serviceProviderProvisioningState?: string;
  readonly circuitProvisioningState?: string;
  readonly connectionStatus?: string;
  /** A peering's `state` (Enabled / Disabled). */
  readonly peeringState?: string;
  readonly authorizationUseStatus?: string;
}

/** One resource as the customer endpoint shows it: identity, state, and the links that place it in the topology. */
export interface TopologyResourceView {
  readonly kind: ResourceKind;
  readonly id: ArmId;
  readonly name: string;
  /** False only for a gateway the customer brought (the automation never writes to it). */
  readonly managed: boolean;
  readonly state: ResourceStateView;
  readonly leg?: 'a' | 'b';
  /**
   * Circuits, peerings, authorizations and connections of a customer with several pairs: the pair they belong to
   * (a circuit's from its `er-pair` tag, its children's from their circuit; "primary" for the default pair). Absent
   * for a single-pair customer, whose view is unchanged.
   */
  readonly pair?: string;
  readonly location?: string;
  readonly serviceProviderName?: string;
  readonly peeringLocation?: string;
  readonly bandwidthMbps?: number;
  readonly sku?: CircuitSku | string;
  readonly peeringType?: string;
  /** Peerings, authorizations and connections: the circuit they belong to. */
  readonly circuitId?: ArmId;
  readonly gatewayId?: ArmId;
  /** Gateways and subnet associations: their VNet. */
  readonly vnetId?: ArmId;
  /** An authorization in use: the connection that redeemed it. */
  readonly connectionId?: ArmId;
  readonly routeTableId?: ArmId;
  readonly nsgId?: ArmId;
}

/** The registry entry without its storage version. */
export type CustomerSummary = Omit<CustomerRecord, 'etag'>;

export interface CustomerView {
  readonly customer: CustomerSummary;
  readonly resources: readonly TopologyResourceView[];
  /** A Mermaid `graph LR` of circuits → connections → gateways → VNets. */
  readonly mermaid: string;
}

/**
 * The subscriptions to search, each with the tenant whose credential may read it: the circuit subscription, those
 * placement put other pairs in, and the allow-list.
 */
export function customerScopes(record: CustomerRecord, csp: CspFacts): Omit<Scope, 'resourceGroup'>[] {
  const cspSubscriptions = new Set(csp.subscriptionIds.map((id) => id.toLowerCase()));
  const scopes = new Map<string, Omit<Scope, 'resourceGroup'>>();
  const placed = Object.values(record.placements ?? {});
  for (const subscriptionId of [record.circuitSubscriptionId, ...placed, ...record.subscriptions]) {
    const key = subscriptionId.toLowerCase();
    if (scopes.has(key)) continue;
    const tenantId = cspSubscriptions.has(key) ? csp.tenantId : record.tenantId;
    scopes.set(key, { tenantId, subscriptionId });
  }
  return [...scopes.values()];
}

/**
 * Everything the automation built for this customer, read back (only GETs). Ordered by kind (KIND_ORDER), then id.
 * `kinds` narrows the search (children need their parents: peerings and authorizations read the circuits anyway).
 */
export async function readCustomerResources(
  record: CustomerRecord,
  ports: Pick<CustomerTopologyPorts, 'network' | 'csp'>,
  kinds: readonly ResourceKind[] = KIND_ORDER,
): Promise<Observed[]> {
  const found = new Map<string, Observed>();
  const keep = (observed: Observed) => {
    if (!found.has(armIdKey(observed.intent.id))) found.set(armIdKey(observed.intent.id), observed);
  };
  const listed: Observed[] = [];
  for (const scope of customerScopes(record, ports.csp)) {
    listed.push(...(await ports.network.listManaged(scope, kinds)));
  }
  ownedBy(record.id, listed).forEach(keep);

  if (kinds.includes('gateway') || kinds.includes('connection')) {
    for (const observed of await readMissingVnetResources(record, [...found.values()], ports.network, kinds)) {
      keep(observed);
    }
    for (const observed of await readCustomerGateways(record, [...found.values()], ports.network)) keep(observed);
  }
  return sortResources([...found.values()]);
}

// ---------------------------------------------------------------------------------------------------------------

function tagOf(tags: Tags, name: string): string | undefined {
  const key = Object.keys(tags).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags[key];
}

/**
 * The named pair of a circuit: the intent's `pair`, or the pair name its `er-pair` tag was built from (naming.ts:
 * `pairId`). Undefined for the default pair. A tag whose name cannot be read back (shortened with a hash) is shown
 * as it is: it still tells the pairs apart.
 */
export function pairNameOfCircuit(intent: CircuitIntent): string | undefined {
  if (intent.pair !== undefined) return isDefaultPair(intent.pair) ? undefined : intent.pair;
  return pairNameOfTags(intent.tags);
}

/** The named pair a circuit's tags (`er-pair`, `csp-customer`) say it belongs to; undefined for the default pair. */
export function pairNameOfTags(tags: Tags): string | undefined {
  const tag = tagOf(tags, PAIR_TAG);
  const customerId = tagOf(tags, CUSTOMER_TAG);
  if (tag === undefined || customerId === undefined || tag === pairId(customerId)) return undefined;
  const prefix = `er-${customerId}-`;
  const candidate = tag.startsWith(prefix) ? tag.slice(prefix.length) : '';
  return candidate !== '' && pairId(customerId, candidate) === tag ? candidate : tag;
}

const PAIRED_KINDS: ReadonlySet<ResourceKind> = new Set(['circuit', 'peering', 'authorization', 'connection']);

/**
 * When any circuit belongs to a named pair: every circuit names its pair ("primary" for the default one), and each
 * peering, authorization and connection takes the pair of its circuit. With one pair only, the views are unchanged.
 */
export function withPairs(views: readonly TopologyResourceView[]): TopologyResourceView[] {
  if (!views.some((view) => PAIRED_KINDS.has(view.kind) && view.pair !== undefined)) return [...views];
  const pairOfCircuit = new Map(
    views.filter((view) => view.kind === 'circuit').map((view) => [armIdKey(view.id), view.pair ?? DEFAULT_PAIR_NAME]),
  );
  return views.map((view) => {
    if (!PAIRED_KINDS.has(view.kind) || view.pair !== undefined) return view;
    const pair =
      view.kind === 'circuit'
        ? DEFAULT_PAIR_NAME
        : view.circuitId === undefined
          ? undefined
          : pairOfCircuit.get(armIdKey(view.circuitId));
    return pair === undefined ? view : { ...view, pair };
  });
}

function pairField(pair: string | undefined): { pair?: string } {
  return pair === undefined || isDefaultPair(pair) ? {} : { pair };
}

function customerTagOf(intent: ResourceIntent): string | undefined {
  return 'tags' in intent ? tagOf(intent.tags, CUSTOMER_TAG) : undefined;
}

/** Tagged top-level resources of this customer, their circuits' children, and their tables' subnet associations. */
export function ownedBy(customerId: string, observed: readonly Observed[]): Observed[] {
  const tagged = observed.filter((o) => customerTagOf(o.intent) === customerId);
  const ids = new Set(tagged.map((o) => armIdKey(o.intent.id)));
  const owns = (id: ArmId | undefined) => id !== undefined && ids.has(armIdKey(id));
  const related = observed.filter(({ intent }) => {
    switch (intent.kind) {
      case 'peering':
      case 'authorization':
        return owns(intent.circuitId);
      case 'subnetAssociation':
        return owns(intent.routeTableId) || owns(intent.nsgId);
      default:
        return false;
    }
  });
  return [...tagged, ...related];
}

/** Gateways and connections of registered VNets that `listManaged` did not reach: read by the names they would have. */
async function readMissingVnetResources(
  record: CustomerRecord,
  found: readonly Observed[],
  network: ReadOnlyNetwork,
  kinds: readonly ResourceKind[],
): Promise<Observed[]> {
  const results: Observed[] = [];
  const foundIds = new Set(found.map((o) => armIdKey(o.intent.id)));
  const read = async (kind: ResourceKind, id: ArmId, scope: Scope) => {
    if (foundIds.has(armIdKey(id))) return;
    const observed = await network.read({ kind, id, scope });
    if (observed !== undefined && customerTagOf(observed.intent) === record.id) results.push(observed);
  };
  for (const vnetId of record.vnetIds) {
    const vnetName = resourceNameOf(vnetId);
    const { subscriptionId, resourceGroup } = parseArmId(vnetId);
    const scope: Scope = { tenantId: record.tenantId, subscriptionId, resourceGroup };
    const hasGateway = found.some((o) => o.intent.kind === 'gateway' && armIdKey(o.intent.vnetId) === armIdKey(vnetId));
    if (kinds.includes('gateway') && !hasGateway) {
      await read('gateway', armId(scope, `${NETWORK}/virtualNetworkGateways`, gatewayName(vnetName)), scope);
    }
    if (kinds.includes('connection')) {
      for (const leg of LEGS) {
        await read(
          'connection',
          armId(scope, `${NETWORK}/connections`, connectionName(record.id, vnetName, leg)),
          scope,
        );
      }
    }
  }
  return results;
}

/** The gateways the customer's connections use that are not the automation's (an existing gateway): one GET each. */
async function readCustomerGateways(
  record: CustomerRecord,
  found: readonly Observed[],
  network: ReadOnlyNetwork,
): Promise<Observed[]> {
  const known = new Set(found.map((o) => armIdKey(o.intent.id)));
  const wanted = new Map<string, ArmId>();
  for (const { intent } of found) {
    if (intent.kind === 'connection' && !known.has(armIdKey(intent.gatewayId))) {
      wanted.set(armIdKey(intent.gatewayId), intent.gatewayId);
    }
  }
  const results: Observed[] = [];
  for (const id of wanted.values()) {
    const { subscriptionId, resourceGroup } = parseArmId(id);
    const observed = await network.read({
      kind: 'gateway',
      id,
      scope: { tenantId: record.tenantId, subscriptionId, resourceGroup },
    });
    if (observed !== undefined) results.push(observed);
  }
  return results;
}

function sortResources(resources: readonly Observed[]): Observed[] {
  const rank = (kind: ResourceKind) => KIND_ORDER.indexOf(kind);
  return [...resources].sort(
    (x, y) => rank(x.intent.kind) - rank(y.intent.kind) || armIdKey(x.intent.id).localeCompare(armIdKey(y.intent.id)),
  );
}

/** ARM's state field → the view's field. A peering's `state` is shown as `peeringState`. */
const STATE_FIELDS: readonly (readonly [source: string, view: keyof ResourceStateView])[] = [
  ['serviceProviderProvisioningState', 'serviceProviderProvisioningState'],
  ['circuitProvisioningState', 'circuitProvisioningState'],
  ['connectionStatus', 'connectionStatus'],
  ['state', 'peeringState'],
  ['authorizationUseStatus', 'authorizationUseStatus'],
];

function stringField(state: ObservedState, field: string): string | undefined {
  const fields: Readonly<Record<string, unknown>> = { ...state };
  const value = fields[field];
  return typeof value === 'string' ? value : undefined;
}

/** The state fields a reader needs, by name: no service key, no authorization key, nothing secret. */
function stateView(state: ObservedState): ResourceStateView {
  const view: Partial<Record<keyof ResourceStateView, string>> = {};
  for (const [source, target] of STATE_FIELDS) {
    const value = stringField(state, source);
    if (value !== undefined) view[target] = value;
  }
  return { provisioningState: state.provisioningState, ...view };
}

/** A resource as the API shows it. Fields are listed one by one, so that nothing secret can slip through. */
export function toView(observed: Observed): TopologyResourceView {
  const { intent, state } = observed;
  const base = { kind: intent.kind, id: intent.id, name: intent.name, managed: state.managed, state: stateView(state) };
  switch (intent.kind) {
    case 'circuit':
      return {
        ...base,
        leg: intent.leg,
        ...pairField(pairNameOfCircuit(intent)),
        location: intent.location,
        serviceProviderName: intent.serviceProviderName,
        peeringLocation: intent.peeringLocation,
        bandwidthMbps: intent.bandwidthMbps,
        sku: { tier: intent.sku.tier, family: intent.sku.family },
      };
    case 'peering':
      return { ...base, ...pairField(intent.pair), circuitId: intent.circuitId, peeringType: intent.peeringType };
    case 'authorization': {
      const connectionId = stringField(state, 'connectionResourceUri');
      return {
        ...base,
        ...pairField(intent.pair),
        circuitId: intent.circuitId,
        ...(connectionId === undefined ? {} : { connectionId }),
      };
    }
    case 'gateway':
      return { ...base, location: intent.location, vnetId: intent.vnetId, sku: intent.sku };
    case 'connection':
      return {
        ...base,
        leg: intent.leg,
        ...pairField(intent.pair),
        location: intent.location,
        circuitId: intent.circuitId,
        gatewayId: intent.gatewayId,
      };
    case 'routeFilter':
    case 'routeTable':
    case 'nsg':
      return { ...base, location: intent.location };
    case 'subnetAssociation':
      return {
        ...base,
        vnetId: intent.vnetId,
        ...(intent.routeTableId === undefined ? {} : { routeTableId: intent.routeTableId }),
        ...(intent.nsgId === undefined ? {} : { nsgId: intent.nsgId }),
      };
    // Encryption over private peering (never the shared key, nor its reference).
    case 'vpnGateway':
      return { ...base, location: intent.location, vnetId: intent.vnetId, sku: intent.sku };
    case 'localNetworkGateway':
      return { ...base, location: intent.location };
    case 'vpnConnection':
      return { ...base, location: intent.location, gatewayId: intent.vpnGatewayId };
  }
}
