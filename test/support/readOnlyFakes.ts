/**
 * In-memory stand-ins for the unit tests of the read-only services (what-if, customer topology): a NetworkPort that
 * answers `read` and `listInResourceGroup` from the resources it holds (recording each list, so a test can prove
 * that nothing was listed) and THROWS on every write method, recording the attempt, so a test can prove that nothing
 * was written; a Resource Graph inventory that indexes what that network holds (less what a test says is not indexed
 * yet, plus stale rows), a checkpoint log holding what a test records, each counting its calls; and a customer
 * registry reduced to the questions those services ask.
 */
import { asObservable } from '../../shared/domain/diff';
import type { ResourceIntent, ResourceKind, Scope } from '../../shared/domain/intents';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import type { CspFacts } from '../../shared/services/customerTopology';
import { armIdKey } from '../../shared/domain/naming';
import type { CustomerRecord, CustomerRegistry } from '../../shared/ports/customers';
import type { NetworkPort, Observed, ObservedState, ResourceRef } from '../../shared/ports/network';
import { CUSTOMER_TAG, MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../../shared/domain/intents';
import { planTopology } from '../../shared/domain/planner';
import type { CheckpointLog, CheckpointRecord } from '../../shared/ports/checkpoints';
import {
  InventoryTypes,
  type InventoryPort,
  type InventoryResource,
  type InventoryScope,
} from '../../shared/ports/inventory';
import {
  APP_VNET_ID,
  CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID,
  CONTOSO_TENANT_ID,
  CONTOSO_WORKLOAD_SUBSCRIPTION_ID,
  CSP_SUBSCRIPTION_ID,
  HUB_VNET_ID,
} from './specs';

export interface FakeNetwork extends NetworkPort {
  /** Write methods called, in order (each call also threw). */
  readonly writes: string[];
  readonly reads: ResourceRef[];
  readonly lists: { readonly scope: Scope; readonly kinds: readonly ResourceKind[] }[];
  /** Adds (or replaces) a resource as Azure would hold it. */
  hold(observed: Observed): void;
  /** Everything held, as Azure holds it. */
  held(): readonly Observed[];
}

function refused(method: string, writes: string[]): () => Promise<never> {
  return () => {
    writes.push(method);
    return Promise.reject(new Error(`${method} called on a read-only path`));
  };
}

export function fakeNetwork(initial: readonly Observed[] = []): FakeNetwork {
  const held = new Map<string, Observed>();
  const writes: string[] = [];
  const reads: ResourceRef[] = [];
  const lists: FakeNetwork['lists'] = [];
  for (const observed of initial) held.set(armIdKey(observed.intent.id), observed);
  const refuse = (method: string) => refused(method, writes);
  return {
    ensureCircuit: refuse('ensureCircuit'),
    ensurePeering: refuse('ensurePeering'),
    ensureRouteFilter: refuse('ensureRouteFilter'),
    ensureAuthorization: refuse('ensureAuthorization'),
    ensureGateway: refuse('ensureGateway'),
    ensureConnection: refuse('ensureConnection'),
    ensureRouteTable: refuse('ensureRouteTable'),
    ensureNsg: refuse('ensureNsg'),
    ensureSubnetAssociation: refuse('ensureSubnetAssociation'),
    ensureVpnGateway: refuse('ensureVpnGateway'),
    ensureLocalNetworkGateway: refuse('ensureLocalNetworkGateway'),
    ensureVpnConnection: refuse('ensureVpnConnection'),
    delete: refuse('delete'),
    writes,
    reads,
    lists,
    hold: (observed: Observed) => {
      held.set(armIdKey(observed.intent.id), observed);
    },
    held: () => [...held.values()],
    read: (ref: ResourceRef) => {
      reads.push(ref);
      return Promise.resolve(held.get(armIdKey(ref.id)));
    },
    // The read-only services go through `read`; nothing here needs the typed circuit read.
    getCircuit: () => Promise.reject(new Error('getCircuit is not faked')),
    // Managed or not, as the adapter lists a resource group (the teardown's neighbours).
    listInResourceGroup: (scope: Scope, kinds: readonly ResourceKind[]) => {
      lists.push({ scope, kinds });
      const group = `${scope.subscriptionId}/${scope.resourceGroup}`.toLowerCase();
      return Promise.resolve(
        [...held.values()].filter(
          ({ intent }) =>
            kinds.includes(intent.kind) &&
            `${intent.scope.subscriptionId}/${intent.scope.resourceGroup}`.toLowerCase() === group,
        ),
      );
    },
  };
}

/** How Azure would report a desired resource once built: the observable fields, Succeeded, with kind-specific states. */
export function asBuilt(intent: ResourceIntent, state: Partial<Record<string, string>> = {}): Observed {
  const base: ObservedState = {
    provisioningState: 'Succeeded',
    managed: !(intent.kind === 'gateway' && intent.existing),
  };
  const byKind: Record<string, string> =
    intent.kind === 'circuit'
      ? { serviceProviderProvisioningState: 'Provisioned', circuitProvisioningState: 'Enabled', serviceKey: 'sk-0000' }
      : intent.kind === 'peering'
        ? { state: 'Enabled' }
        : intent.kind === 'connection'
          ? { connectionStatus: 'Connected' }
          : intent.kind === 'authorization'
            ? { authorizationUseStatus: 'InUse' }
            : {};
  return { intent: asObservable(intent), state: { ...base, ...byKind, ...state } };
}

export type FakeCustomers = Pick<CustomerRegistry, 'get' | 'tenantOfSubscription' | 'ownerOfSubscription'>;

export function fakeCustomers(records: readonly CustomerRecord[] = []): FakeCustomers {
  const owner = (subscriptionId: string) =>
    records.find((record) => record.subscriptions.some((s) => s.toLowerCase() === subscriptionId.toLowerCase()));
  return {
    get: (customerId) => Promise.resolve(records.find((record) => record.id === customerId)),
    tenantOfSubscription: (subscriptionId) => Promise.resolve(owner(subscriptionId)?.tenantId),
    ownerOfSubscription: (subscriptionId) => {
      const record = owner(subscriptionId);
      return Promise.resolve(record === undefined ? undefined : { customerId: record.id, tenantId: record.tenantId });
    },
  };
}

/** A registry record as onboarding leaves it. */
export function customerRecord(
  fields: Partial<CustomerRecord> & Pick<CustomerRecord, 'id' | 'tenantId'>,
): CustomerRecord {
  return {
    subscriptions: [],
    model: 'connect-through',
    circuitSubscriptionId: '',
    vnetIds: [],
    status: 'Active',
    createdAt: '2026-11-02T08:00:00.000Z',
    updatedAt: '2026-11-05T08:00:00.000Z',
    lastRequestId: 'onboard-1',
    etag: 'W/"1"',
    ...fields,
  };
}

/** The CSP as the read-only services see it (its tenant, the subscription holding connect-through circuits). */
export const TEST_CSP: CspFacts = {
  tenantId: '0b4f1a2c-3d4e-4f50-8a6b-7c8d9e0f1a2b',
  subscriptionIds: [CSP_SUBSCRIPTION_ID],
};

/** Contoso in the registry after its connect-through onboarding (validConnectThroughSpec). */
export const CONTOSO_RECORD = customerRecord({
  id: 'contoso',
  tenantId: CONTOSO_TENANT_ID,
  displayName: 'Contoso Ltd',
  subscriptions: [CONTOSO_CONNECTIVITY_SUBSCRIPTION_ID, CONTOSO_WORKLOAD_SUBSCRIPTION_ID],
  circuitSubscriptionId: CSP_SUBSCRIPTION_ID,
  vnetIds: [HUB_VNET_ID, APP_VNET_ID],
});

/** The desired resources of a spec, for the CSP of TEST_CSP. */
export function desiredOf(spec: CustomerSpec): readonly ResourceIntent[] {
  return deriveTopology(spec, { cspTenantId: TEST_CSP.tenantId }).resources;
}

export interface FakeInventory extends Pick<InventoryPort, 'resourcesOfCustomer'> {
  /** Each `resourcesOfCustomer` call (a real adapter makes one Resource Graph query per scope). */
  readonly queries: { readonly scopes: readonly InventoryScope[]; readonly customerId: string }[];
  /** Held by the network but not indexed yet: Resource Graph lags behind ARM. */
  notIndexedYet(id: string): void;
  /** A row the index still shows for a resource ARM no longer holds. */
  staleRow(row: InventoryResource): void;
}

const INVENTORY_TYPE: Partial<Record<ResourceKind, string>> = {
  circuit: InventoryTypes.circuit,
  routeFilter: InventoryTypes.routeFilter,
  gateway: InventoryTypes.gateway,
  vpnGateway: InventoryTypes.gateway,
  connection: InventoryTypes.connection,
  vpnConnection: InventoryTypes.connection,
  routeTable: InventoryTypes.routeTable,
  nsg: InventoryTypes.nsg,
  localNetworkGateway: InventoryTypes.localNetworkGateway,
};

function tagsOf(intent: ResourceIntent): Readonly<Record<string, string>> {
  return 'tags' in intent ? intent.tags : {};
}

/** A held top-level resource as Resource Graph shows it: inline children and subnets, gateway and connection types. */
function inventoryRow(observed: Observed, all: readonly Observed[]): InventoryResource | undefined {
  const { intent } = observed;
  const type = INVENTORY_TYPE[intent.kind];
  if (type === undefined) return undefined;
  const same = (a: string | undefined) => a !== undefined && armIdKey(a) === armIdKey(intent.id);
  const refs = (keep: (other: ResourceIntent) => boolean) =>
    all.filter((other) => keep(other.intent)).map((other) => ({ id: other.intent.id, name: other.intent.name }));
  const properties: Record<string, unknown> = { provisioningState: observed.state.provisioningState };
  if (intent.kind === 'circuit') {
    properties.peerings = refs((other) => other.kind === 'peering' && same(other.circuitId));
    properties.authorizations = refs((other) => other.kind === 'authorization' && same(other.circuitId));
  }
  if (intent.kind === 'routeTable' || intent.kind === 'nsg') {
    properties.subnets = refs(
      (other) => other.kind === 'subnetAssociation' && (same(other.routeTableId) || same(other.nsgId)),
    );
  }
  if (intent.kind === 'gateway' || intent.kind === 'vpnGateway') {
    properties.gatewayType = intent.kind === 'gateway' ? 'ExpressRoute' : 'Vpn';
  }
  if (intent.kind === 'connection' || intent.kind === 'vpnConnection') {
    properties.connectionType = intent.kind === 'connection' ? 'ExpressRoute' : 'IPsec';
  }
  return {
    id: intent.id,
    type,
    name: intent.name,
    subscriptionId: intent.scope.subscriptionId,
    resourceGroup: intent.scope.resourceGroup.toLowerCase(),
    location: 'location' in intent ? intent.location : '',
    tags: tagsOf(intent),
    properties,
  };
}

/** Resource Graph over what `network` holds: the customer's tagged, managed top-level resources in the scopes. */
export function fakeInventory(network: FakeNetwork): FakeInventory {
  const queries: FakeInventory['queries'] = [];
  const unindexed = new Set<string>();
  const stale: InventoryResource[] = [];
  return {
    queries,
    notIndexedYet: (id) => {
      unindexed.add(armIdKey(id));
    },
    staleRow: (row) => {
      stale.push(row);
    },
    resourcesOfCustomer: (scopes, customerId) => {
      queries.push({ scopes, customerId });
      const subscriptions = new Set(scopes.flatMap((scope) => scope.subscriptionIds.map((id) => id.toLowerCase())));
      const all = network.held();
      const tagged = (tags: Readonly<Record<string, string>>, subscriptionId: string) =>
        tags[CUSTOMER_TAG] === customerId &&
        tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE &&
        subscriptions.has(subscriptionId.toLowerCase());
      const rows = all
        .filter(
          ({ intent }) => tagged(tagsOf(intent), intent.scope.subscriptionId) && !unindexed.has(armIdKey(intent.id)),
        )
        .flatMap((observed) => inventoryRow(observed, all) ?? []);
      return Promise.resolve([...rows, ...stale.filter((row) => tagged(row.tags, row.subscriptionId))]);
    },
  };
}

export interface FakeCheckpoints extends Pick<CheckpointLog, 'list'> {
  /** The customer of each `list` call. */
  readonly lists: string[];
  add(records: readonly CheckpointRecord[]): void;
}

export function fakeCheckpoints(initial: readonly CheckpointRecord[] = []): FakeCheckpoints {
  const byCustomer = new Map<string, CheckpointRecord[]>();
  const lists: string[] = [];
  const add = (records: readonly CheckpointRecord[]) => {
    for (const record of records) {
      byCustomer.set(record.customerId, [...(byCustomer.get(record.customerId) ?? []), record]);
    }
  };
  add(initial);
  return {
    lists,
    add,
    list: (customerId) => {
      lists.push(customerId);
      return Promise.resolve(byCustomer.get(customerId) ?? []);
    },
  };
}

/** The checkpoints an onboarding of `spec` leaves: each ensure step of its plan, Succeeded, with the id it built. */
export function onboardingCheckpoints(spec: CustomerSpec, requestId = 'onboard-1'): CheckpointRecord[] {
  const at = '2026-11-02T08:00:00.000Z';
  return planTopology(deriveTopology(spec, { cspTenantId: TEST_CSP.tenantId })).steps.flatMap((step) =>
    step.action === 'ensure'
      ? [
          {
            customerId: spec.customer.id,
            requestId,
            stepKey: step.key,
            status: 'Succeeded' as const,
            attempt: 1,
            startedAt: at,
            updatedAt: at,
            endedAt: at,
            armIds: [step.intent.id],
            outcome: 'created' as const,
          },
        ]
      : [],
  );
}
