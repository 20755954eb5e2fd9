/**
 * One customer as Azure holds it: every resource the automation built for it, read back with its ARM id and state,
 * whatever the spec said. Read-only: ARM GETs (`read`), the customer's checkpoints and one Resource Graph query per
 * credential; never a write, and never a list of a subscription. What acts on its answer uses it: the decommission
 * teardown plan, the migration plan, what-if. (The customer view reads Resource Graph alone: customerView.ts.)
 *
 * Reads per call depend on the customer's own resources, not on how many customers share a subscription (the CSP's
 * circuit subscription holds every connect-through customer's circuits): docs/PERFORMANCE.md.
 *
 * 1. Candidates, the union of what the automation recorded and what Azure indexes by the customer's tag:
 *    - the desired resources of the registry's spec (its pairs where placement put them), and for each registered
 *      VNet the gateway and connections the automation would have named (naming.ts);
 *    - every ARM id the customer's checkpoints hold (each ensure step records the id it built);
 *    - Resource Graph: everything tagged `csp-customer=<id>` and `managed-by` in the customer's subscriptions
 *      (`resourcesOfCustomer`), a circuit's peerings and authorizations and a table's subnets with it.
 * 2. Each candidate confirmed with an ARM GET: what Azure holds, with its state, is the answer, whatever the sources
 *    said. A circuit's GET names its peerings and authorizations, which are read too. Resource Graph is eventually
 *    consistent: a resource it has not indexed yet is still found through the checkpoints that recorded it (and a
 *    deleted one it still shows is not found by its GET); a resource tagged by other means than the automation's
 *    steps is found through Resource Graph.
 * 3. What it keeps (as before): top-level resources tagged `csp-customer=<id>`, the peerings and authorizations of
 *    those circuits, the subnet associations of those route tables and NSGs, and the (customer-owned, untagged)
 *    gateways its connections use, marked `managed: false`.
 *
 * Where it reads: the customer's circuit subscription (the CSP's own for connect-through, read with the CSP's
 * tenant), the subscriptions placement put other pairs in, and its allow-listed subscriptions (read with the
 * customer's tenant); a recorded id anywhere else is not read.
 */
import { tryParseArmId } from '../domain/armIds';
import { CUSTOMER_TAG, PAIR_TAG } from '../domain/intents';
import type { ArmId, CircuitIntent, ResourceIntent, ResourceKind, Scope, Tags } from '../domain/intents';
import { armId, armIdKey, connectionName, gatewayName, pairId, parseArmId, resourceNameOf } from '../domain/naming';
import { DEFAULT_PAIR_NAME, isDefaultPair } from '../domain/pairs';
import { deriveTopology, LEGS } from '../domain/topology';
import type { CircuitSku } from '../domain/spec';
import { AppError, ValidationError } from '../errors';
import type { ActivityDependencies } from '../ports/activityDependencies';
import type { CheckpointLog } from '../ports/checkpoints';
import { withPlacements, type CustomerRecord, type CustomerRegistry } from '../ports/customers';
import { InventoryTypes, type InventoryPort, type InventoryResource, type InventoryScope } from '../ports/inventory';
import type { NetworkPort, Observed, ObservedState, ResourceRef } from '../ports/network';

/** The only network call a read-only service may make: a GET. */
export type ReadOnlyNetwork = Pick<NetworkPort, 'read'>;

/** What the services need to know about the CSP itself (configuration). */
export interface CspFacts {
  readonly tenantId: string;
  /** The CSP's own subscriptions (connect-through circuits live there). */
  readonly subscriptionIds: readonly string[];
}

export interface CustomerTopologyPorts extends CustomerResourcePorts {
  readonly customers: Pick<CustomerRegistry, 'get'>;
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
 * The customer's subscriptions for Resource Graph, grouped by the tenant whose credential queries them: one scope per
 * tenant (the CSP's and the customer's), or one under the CSP's tenant for all of them with Lighthouse (`delegated`).
 */
export function inventoryScopes(
  record: CustomerRecord,
  csp: CspFacts,
  mode: 'per-tenant' | 'delegated' = 'per-tenant',
): InventoryScope[] {
  const byTenant = new Map<string, { tenantId: string; subscriptionIds: string[] }>();
  for (const { tenantId, subscriptionId } of customerScopes(record, csp)) {
    if (subscriptionId === '') continue;
    const owner = mode === 'delegated' ? csp.tenantId : tenantId;
    const entry = byTenant.get(owner.toLowerCase()) ?? { tenantId: owner, subscriptionIds: [] };
    entry.subscriptionIds.push(subscriptionId.toLowerCase());
    byTenant.set(owner.toLowerCase(), entry);
  }
  return [...byTenant.values()];
}

/** What `readCustomerResources` reads: ARM GETs, the customer's checkpoints, and Resource Graph by its tag. */
export interface CustomerResourcePorts {
  readonly network: ReadOnlyNetwork;
  readonly csp: CspFacts;
  /** The ARM ids every step of the customer's requests recorded (`list(customerId)`: the customer's rows only). */
  readonly checkpoints: Pick<CheckpointLog, 'list'>;
  /** Resource Graph: what carries the customer's tag (`resourcesOfCustomer`: one query per credential). */
  readonly inventory: Pick<InventoryPort, 'resourcesOfCustomer'>;
  /** 'delegated' (Azure Lighthouse): one Resource Graph query under the CSP's tenant; default 'per-tenant'. */
  readonly resourceGraphScope?: 'per-tenant' | 'delegated';
}

/**
 * The reads of `readCustomerResources` from the app's dependencies: the network port, the checkpoint log, and the
 * Resource Graph inventory the compliance sweeps use (with their Resource Graph scope). Throws
 * `InvalidConfiguration` when the dependencies carry no inventory.
 */
export function customerResourcePorts(
  deps: Pick<ActivityDependencies, 'network' | 'csp' | 'checkpoints' | 'compliance'>,
): CustomerResourcePorts {
  const compliance = deps.compliance;
  if (compliance === undefined) {
    throw new AppError(
      'InvalidConfiguration',
      "reading a customer's resources needs the Resource Graph inventory (dependencies.compliance.inventory)",
    );
  }
  return {
    network: deps.network,
    csp: deps.csp,
    checkpoints: deps.checkpoints,
    inventory: compliance.inventory,
    resourceGraphScope: compliance.settings.resourceGraphScope,
  };
}

/**
 * Everything the automation built for this customer, read back (only GETs). Ordered by kind (KIND_ORDER), then id.
 * `kinds` narrows the answer (a peering or authorization still needs its circuit read, a subnet association its
 * route table or NSG: they are read, and left out of the answer unless asked for).
 */
export async function readCustomerResources(
  record: CustomerRecord,
  ports: CustomerResourcePorts,
  kinds: readonly ResourceKind[] = KIND_ORDER,
): Promise<Observed[]> {
  const wanted = new Set(readKinds(kinds));
  const candidates = new Candidates(record, ports.csp, wanted);
  for (const intent of recordedIntents(record, ports.csp)) candidates.add(intent.id, intent.kind, 'sure');
  for (const id of wouldBeVnetResources(record, wanted)) candidates.add(id.id, id.kind, 'sure');
  for (const row of await ports.checkpoints.list(record.id)) {
    for (const id of row.armIds) candidates.add(id, kindOfArmId(id, row.stepKey), kindCertainty(row.stepKey));
  }
  const tagged = await ports.inventory.resourcesOfCustomer(
    inventoryScopes(record, ports.csp, ports.resourceGraphScope),
    record.id,
  );
  for (const row of tagged) {
    for (const { id, kind } of candidatesOfRow(row)) candidates.add(id, kind, 'sure');
  }

  // Confirmed with ARM: circuits first, whose GET names their peerings and authorizations (read by those names
  // too, so that a child neither recorded nor indexed yet is still found); then everything else.
  const reader = memoizedReader(ports.network);
  const confirmed: Observed[] = [];
  for (const ref of candidates.take(['circuit'])) {
    const circuit = await reader(ref);
    if (circuit === undefined) continue;
    confirmed.push(circuit);
    for (const [type, kind, names] of circuitChildNames(circuit.state)) {
      for (const name of names) candidates.add(`${circuit.intent.id}/${type}/${name}`, kind, 'sure');
    }
  }
  for (const ref of candidates.take(KIND_ORDER.filter((kind) => kind !== 'circuit'))) {
    const observed = await reader(ref);
    if (observed !== undefined) confirmed.push(observed);
  }
  const owned = ownedBy(record.id, confirmed);
  if (wanted.has('gateway')) {
    for (const observed of await readCustomerGateways(record, owned, reader)) owned.push(observed);
  }
  const asked = new Set(kinds);
  return sortResources(owned.filter((observed) => asked.has(observed.intent.kind)));
}

/** The kinds to read for an answer of `kinds`: peerings and authorizations need their circuits, associations their tables. */
function readKinds(kinds: readonly ResourceKind[]): ResourceKind[] {
  const read = new Set(kinds);
  if (read.has('peering') || read.has('authorization')) read.add('circuit');
  if (read.has('subnetAssociation')) {
    read.add('routeTable');
    read.add('nsg');
  }
  if (read.has('gateway')) read.add('connection');
  return KIND_ORDER.filter((kind) => read.has(kind));
}

type Certainty = 'sure' | 'guess';

/**
 * The candidates to confirm, by id, each with the kind to read it as. A gateway or connection id alone does not say
 * whether it is the ExpressRoute kind or the encryption's VPN kind: a source that knows (the recorded spec, Resource
 * Graph's `gatewayType`, the step that built it) overrules one that guessed from the id.
 */
class Candidates {
  private readonly byId = new Map<string, { ref: ResourceRef; certainty: Certainty }>();
  private readonly tenantOf: (subscriptionId: string) => string | undefined;

  constructor(
    record: CustomerRecord,
    csp: CspFacts,
    private readonly wanted: ReadonlySet<ResourceKind>,
  ) {
    const tenants = new Map(customerScopes(record, csp).map((scope) => [scope.subscriptionId.toLowerCase(), scope]));
    this.tenantOf = (subscriptionId) => tenants.get(subscriptionId.toLowerCase())?.tenantId;
  }

  /** Ignored: ids of other kinds than asked, and ids outside the customer's subscriptions (no tenant vouches there). */
  add(id: string, kind: ResourceKind | undefined, certainty: Certainty): void {
    if (kind === undefined || !this.wanted.has(kind)) return;
    const parsed = tryParseArmId(id);
    if (parsed === undefined) return;
    const tenantId = this.tenantOf(parsed.subscriptionId);
    if (tenantId === undefined) return;
    const key = armIdKey(id);
    const known = this.byId.get(key);
    if (known !== undefined && (known.certainty === 'sure' || certainty === 'guess')) return;
    const scope: Scope = { tenantId, subscriptionId: parsed.subscriptionId, resourceGroup: parsed.resourceGroup };
    this.byId.set(key, { ref: { kind, id, scope }, certainty });
  }

  /** The candidates of these kinds not taken yet, in KIND_ORDER then id order. */
  take(kinds: readonly ResourceKind[]): ResourceRef[] {
    const taken = [...this.byId.entries()].filter(([, { ref }]) => kinds.includes(ref.kind));
    for (const [key] of taken) this.byId.delete(key);
    const rank = (kind: ResourceKind) => KIND_ORDER.indexOf(kind);
    return taken
      .map(([, { ref }]) => ref)
      .sort((x, y) => rank(x.kind) - rank(y.kind) || armIdKey(x.id).localeCompare(armIdKey(y.id)));
  }
}

/**
 * The desired resources of the customer's recorded spec (its pairs where placement put them): what the automation
 * was last asked to hold. A spec that no longer derives (rules tightened since) adds nothing; the other sources
 * still do.
 */
function recordedIntents(record: CustomerRecord, csp: CspFacts): readonly ResourceIntent[] {
  if (record.spec === undefined) return [];
  try {
    return deriveTopology(withPlacements(record.spec, record), { cspTenantId: csp.tenantId }).resources;
  } catch (error) {
    if (error instanceof ValidationError) return [];
    throw error;
  }
}

/**
 * For each registered VNet, the gateway and the connections the automation would have named (naming.ts), whatever
 * the other sources say: a VNet registered before specs were recorded is still covered.
 */
function wouldBeVnetResources(
  record: CustomerRecord,
  wanted: ReadonlySet<ResourceKind>,
): { id: ArmId; kind: ResourceKind }[] {
  const ids: { id: ArmId; kind: ResourceKind }[] = [];
  for (const vnetId of record.vnetIds) {
    const parsed = tryParseArmId(vnetId);
    if (parsed === undefined) continue;
    const vnetName = resourceNameOf(vnetId);
    if (wanted.has('gateway')) {
      ids.push({ id: armId(parsed, `${NETWORK}/virtualNetworkGateways`, gatewayName(vnetName)), kind: 'gateway' });
    }
    if (wanted.has('connection')) {
      for (const leg of LEGS) {
        const name = connectionName(record.id, vnetName, leg);
        ids.push({ id: armId(parsed, `${NETWORK}/connections`, name), kind: 'connection' });
      }
    }
  }
  return ids;
}

/** Step keys of the steps that build gateways and connections (planner.ts `keyOf`), with the kind they build. */
const BUILD_STEP_KINDS: readonly (readonly [prefix: string, kind: ResourceKind])[] = [
  ['vpn-gateway:', 'vpnGateway'],
  ['vpn-connection:', 'vpnConnection'],
  ['gateway:', 'gateway'],
  ['connection:', 'connection'],
];

function kindOfStep(stepKey: string): ResourceKind | undefined {
  return BUILD_STEP_KINDS.find(([prefix]) => stepKey.startsWith(prefix))?.[1];
}

/** A step that built a gateway or connection says which kind it was; any other step (a delete) leaves it a guess. */
function kindCertainty(stepKey: string): Certainty {
  return kindOfStep(stepKey) === undefined ? 'guess' : 'sure';
}

/**
 * The kind an ARM id recorded by a step is read as; undefined for what is not one of the kinds (a VNet, a route).
 * Gateways and connections: the kind the step that built them names, or else (a guess) the VPN kind when the name
 * is the one the encryption gives (`vpngw-…`, `…-ipsec-…`).
 */
export function kindOfArmId(id: string, stepKey = ''): ResourceKind | undefined {
  const parsed = tryParseArmId(id);
  if (parsed === undefined || parsed.provider.toLowerCase() !== NETWORK.toLowerCase()) return undefined;
  const path = parsed.types.map((type) => type.toLowerCase()).join('/');
  const name = parsed.names[0] ?? '';
  const fromStep = kindOfStep(stepKey);
  switch (path) {
    case 'expressroutecircuits':
      return 'circuit';
    case 'expressroutecircuits/peerings':
      return 'peering';
    case 'expressroutecircuits/authorizations':
      return 'authorization';
    case 'routefilters':
      return 'routeFilter';
    case 'routetables':
      return 'routeTable';
    case 'networksecuritygroups':
      return 'nsg';
    case 'virtualnetworks/subnets':
      return 'subnetAssociation';
    case 'localnetworkgateways':
      return 'localNetworkGateway';
    case 'virtualnetworkgateways':
      if (fromStep === 'gateway' || fromStep === 'vpnGateway') return fromStep;
      return name.startsWith('vpngw-') ? 'vpnGateway' : 'gateway';
    case 'connections':
      if (fromStep === 'connection' || fromStep === 'vpnConnection') return fromStep;
      return name.includes('-ipsec-') ? 'vpnConnection' : 'connection';
    default:
      return undefined;
  }
}

const VPN_GATEWAY_TYPE = 'vpn';
const IPSEC_CONNECTION_TYPE = 'ipsec';

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idsAt(properties: Json, key: string): string[] {
  const found = properties[key];
  if (!Array.isArray(found)) return [];
  return found.flatMap((item) => (isObject(item) && typeof item.id === 'string' ? [item.id] : []));
}

function textOf(properties: Json, key: string): string {
  const found = properties[key];
  return typeof found === 'string' ? found.toLowerCase() : '';
}

/**
 * The ids one Resource Graph row names, each with its kind: the resource, a circuit's inline peerings and
 * authorizations, the subnets a route table or NSG serves. Gateways and connections by their type.
 */
function candidatesOfRow(row: InventoryResource): { id: ArmId; kind: ResourceKind }[] {
  const properties = row.properties;
  const children = (kind: ResourceKind, key: string) => idsAt(properties, key).map((id) => ({ id, kind }));
  switch (row.type.toLowerCase()) {
    case InventoryTypes.circuit:
      return [
        { id: row.id, kind: 'circuit' },
        ...children('peering', 'peerings'),
        ...children('authorization', 'authorizations'),
      ];
    case InventoryTypes.routeFilter:
      return [{ id: row.id, kind: 'routeFilter' }];
    case InventoryTypes.routeTable:
      return [{ id: row.id, kind: 'routeTable' }, ...children('subnetAssociation', 'subnets')];
    case InventoryTypes.nsg:
      return [{ id: row.id, kind: 'nsg' }, ...children('subnetAssociation', 'subnets')];
    case InventoryTypes.localNetworkGateway:
      return [{ id: row.id, kind: 'localNetworkGateway' }];
    case InventoryTypes.gateway:
      return [{ id: row.id, kind: textOf(properties, 'gatewayType') === VPN_GATEWAY_TYPE ? 'vpnGateway' : 'gateway' }];
    case InventoryTypes.connection:
      return [
        {
          id: row.id,
          kind: textOf(properties, 'connectionType') === IPSEC_CONNECTION_TYPE ? 'vpnConnection' : 'connection',
        },
      ];
    default:
      return [];
  }
}

/** A circuit's children as its GET names them. */
function circuitChildNames(state: ObservedState): [type: string, kind: ResourceKind, names: readonly string[]][] {
  const fields: Readonly<Record<string, unknown>> = { ...state };
  const names = (key: string) => {
    const value = fields[key];
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
  };
  return [
    ['peerings', 'peering', names('peeringNames')],
    ['authorizations', 'authorization', names('authorizationNames')],
  ];
}

/** One GET per id, whoever asks for it again (a customer gateway also named by the spec, say). */
function memoizedReader(network: ReadOnlyNetwork): (ref: ResourceRef) => Promise<Observed | undefined> {
  const reads = new Map<string, Promise<Observed | undefined>>();
  return (ref) => {
    const key = armIdKey(ref.id);
    let read = reads.get(key);
    if (read === undefined) {
      read = network.read(ref);
      reads.set(key, read);
    }
    return read;
  };
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

/** The gateways the customer's connections use that are not the automation's (an existing gateway): one GET each. */
async function readCustomerGateways(
  record: CustomerRecord,
  found: readonly Observed[],
  read: (ref: ResourceRef) => Promise<Observed | undefined>,
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
    const observed = await read({
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
