/**
 * In-memory stand-ins for the unit tests of the read-only services (what-if, customer topology): a NetworkPort that
 * answers `read` and `listManaged` from the resources it holds and THROWS on every write method,
 * recording the attempt, so a test can prove that nothing was written; and a customer registry reduced to the two
 * questions those services ask.
 */
import { asObservable } from '../../shared/domain/diff';
import type { ResourceIntent, ResourceKind, Scope } from '../../shared/domain/intents';
import type { CustomerSpec } from '../../shared/domain/spec';
import { deriveTopology } from '../../shared/domain/topology';
import type { CspFacts } from '../../shared/services/customerTopology';
import { armIdKey } from '../../shared/domain/naming';
import type { CustomerRecord, CustomerRegistry } from '../../shared/ports/customers';
import type { NetworkPort, Observed, ObservedState, ResourceRef } from '../../shared/ports/network';
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
  readonly lists: { readonly scope: Omit<Scope, 'resourceGroup'>; readonly kinds: readonly ResourceKind[] }[];
  /** Adds (or replaces) a resource as Azure would hold it. */
  hold(observed: Observed): void;
  /** Left out of `listManaged` (the adapter lists gateways and connections only in resource groups it knows). */
  hideFromLists(id: string): void;
}

function refused(method: string, writes: string[]): () => Promise<never> {
  return () => {
    writes.push(method);
    return Promise.reject(new Error(`${method} called on a read-only path`));
  };
}

export function fakeNetwork(initial: readonly Observed[] = []): FakeNetwork {
  const held = new Map<string, Observed>();
  const hidden = new Set<string>();
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
    hideFromLists: (id: string) => {
      hidden.add(armIdKey(id));
    },
    read: (ref: ResourceRef) => {
      reads.push(ref);
      return Promise.resolve(held.get(armIdKey(ref.id)));
    },
    // The read-only services go through `read`; nothing here needs the typed circuit read.
    getCircuit: () => Promise.reject(new Error('getCircuit is not faked')),
    listManaged: (scope: Omit<Scope, 'resourceGroup'>, kinds: readonly ResourceKind[]) => {
      lists.push({ scope, kinds });
      return Promise.resolve(
        [...held.values()].filter(
          ({ intent, state }) =>
            state.managed &&
            kinds.includes(intent.kind) &&
            !hidden.has(armIdKey(intent.id)) &&
            intent.scope.subscriptionId.toLowerCase() === scope.subscriptionId.toLowerCase(),
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
