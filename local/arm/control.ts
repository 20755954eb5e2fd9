/**
 * The control interface: what tests and the standalone runner use to arrange the world ARM alone cannot (resource
 * groups and VNets that "already exist", the provider's side of a circuit, faults) and to observe it (counters,
 * every stored resource). In process through `ArmSimulatorControl`; over HTTP through controlHttp.ts.
 */
import { arrangeRefusal, type ArrangedRefusal } from './arrangedRefusals';
import { setPrivatePeeringRoutes } from './circuitActions';
import type { Counters, RequestCounters } from './counters';
import { ControlError } from './controlError';
import type { FaultInjector, FaultOptions } from './faults';
import { idKey, networkResourceId, normalizeLocation } from './ids';
import type { JsonObject } from './json';
import { writeJournal, type JournalEntry } from './journal';
import type { SimOperation } from './operations';
import { createOutOfBandChanges, type OutOfBandChanges } from './outOfBand';
import type { ServiceProviderProvisioningState } from './provider';
import type { SimResource } from './render';
import { resourceGroupToSimResource, toSimResource } from './render';
import { resourceGraphOf } from './resourceGraph/handler';
import { upsertResourceGroup } from './resourceGroups';
import type { Simulation } from './simulation';
import type { StoredResource } from './store';
import type { SubscriptionThrottle } from './throttling';

export interface VirtualNetworkSeed {
  readonly location: string;
  readonly addressSpace: readonly string[];
  readonly subnets: readonly { readonly name: string; readonly addressPrefix: string }[];
  readonly tags?: Readonly<Record<string, string>>;
}

export type SimOperationView = Omit<SimOperation, 'status' | 'error' | 'failureStatus'> & {
  readonly status: SimOperation['status'];
  readonly error?: { readonly code: string; readonly message: string };
};

export interface ArmSimulatorControl {
  /** A resource group that already exists (as if created outside the automation). */
  seedResourceGroup(subscriptionId: string, resourceGroup: string, location: string): SimResource;
  /** A customer VNet with its subnets, already Succeeded. The resource group must exist. */
  seedVirtualNetwork(
    subscriptionId: string,
    resourceGroup: string,
    name: string,
    spec: VirtualNetworkSeed,
  ): SimResource;
  /** The provider finished provisioning the circuit (now). */
  provision(circuitId: string): SimResource;
  /** The CSP asked the provider to deprovision (refused while peerings exist); NotProvisioned after the delay. */
  deprovision(circuitId: string): SimResource;
  /** Forces the provider state, cancelling automatic steps. */
  setProviderState(circuitId: string, state: ServiceProviderProvisioningState): SimResource;
  counters(): Counters;
  resetCounters(): void;
  /** Replaces the fault configuration (undefined: no faults). */
  setFaults(faults: FaultOptions | undefined): void;
  /** Every stored resource, resource groups included, rendered as GET shows it. */
  resources(): SimResource[];
  get(id: string): SimResource | undefined;
  /** Binds a subscription to a tenant: bearer JWTs with another `tid` get 401 InvalidAuthenticationTokenTenant. */
  setSubscriptionTenant(subscriptionId: string, tenantId: string): void;
  /** Turns the token-bucket refusals on or off (headers are reported either way). */
  setThrottling(enabled: boolean): void;
  /** Every long-running operation started so far. */
  operations(): SimOperationView[];
  /** When each write of `resourceId` (and of the resources under it) started and ended; every write when left out. */
  journal(resourceId?: string): JournalEntry[];
  /** The next PUT of `resourceId` is refused with this error before it touches anything (once). */
  refuseNextWrite(resourceId: string, refusal: ArrangedRefusal): void;
  /** How many routes the customer advertises on the circuit's private peering (its routes-table summary). */
  setPrivatePeeringRoutes(circuitId: string, routes: number): void;
  /** Changes made outside the automation (portal, scripts), and bulk seeding: compliance sweeps find them. */
  readonly outOfBand: OutOfBandChanges;
  /**
   * Resource Graph: the queries answered so far, and the Azure Lighthouse managing tenant (its tokens see every
   * subscription; undefined: each tenant sees its own and unbound ones).
   */
  readonly resourceGraph: {
    queries(): number;
    setManagingTenant(tenantId: string | undefined): void;
  };
}

function seedRecord(
  sim: Simulation,
  fields: Pick<StoredResource, 'id' | 'kind' | 'type' | 'name' | 'subscriptionId' | 'resourceGroup' | 'parentKey'> & {
    location?: string;
    tags?: Record<string, string>;
    properties: JsonObject;
  },
): StoredResource {
  const record: StoredResource = {
    key: idKey(fields.id),
    id: fields.id,
    kind: fields.kind,
    type: fields.type,
    name: fields.name,
    subscriptionId: fields.subscriptionId,
    resourceGroup: fields.resourceGroup,
    parentKey: fields.parentKey,
    location: fields.location,
    tags: fields.tags,
    sku: undefined,
    etag: sim.newEtag(),
    properties: { provisioningState: 'Succeeded', ...fields.properties },
    internal: {},
    createdAt: sim.now(),
  };
  sim.store.put(record);
  return record;
}

export function createControl(
  sim: Simulation,
  counters: RequestCounters,
  faults: FaultInjector,
  throttle: SubscriptionThrottle,
): ArmSimulatorControl {
  const settled = <T>(action: () => T): T => {
    sim.settle();
    return action();
  };
  return {
    seedResourceGroup: (subscriptionId, resourceGroup, location) =>
      settled(() =>
        resourceGroupToSimResource(upsertResourceGroup(sim, subscriptionId, resourceGroup, location, undefined).group),
      ),
    seedVirtualNetwork: (subscriptionId, resourceGroup, name, spec) =>
      settled(() => {
        const group = sim.store.resourceGroup(subscriptionId, resourceGroup);
        if (!group)
          throw new ControlError(
            404,
            `resource group ${resourceGroup} does not exist in ${subscriptionId}; seed it first`,
          );
        const id = networkResourceId(subscriptionId, group.name, [{ type: 'virtualNetworks', name }]);
        if (sim.store.get(id)) throw new ControlError(409, `virtual network ${id} already exists`);
        const vnet = seedRecord(sim, {
          id,
          kind: 'virtualNetwork',
          type: 'Microsoft.Network/virtualNetworks',
          name,
          subscriptionId,
          resourceGroup: group.name,
          parentKey: undefined,
          location: normalizeLocation(spec.location),
          ...(spec.tags ? { tags: { ...spec.tags } } : {}),
          properties: {
            addressSpace: { addressPrefixes: [...spec.addressSpace] },
            resourceGuid: sim.newGuid(),
            virtualNetworkPeerings: [],
            enableDdosProtection: false,
          },
        });
        for (const subnet of spec.subnets) {
          seedRecord(sim, {
            id: `${id}/subnets/${subnet.name}`,
            kind: 'subnet',
            type: 'Microsoft.Network/virtualNetworks/subnets',
            name: subnet.name,
            subscriptionId,
            resourceGroup: group.name,
            parentKey: vnet.key,
            properties: {
              addressPrefix: subnet.addressPrefix,
              privateEndpointNetworkPolicies: 'Disabled',
              privateLinkServiceNetworkPolicies: 'Enabled',
              delegations: [],
            },
          });
        }
        return toSimResource(sim, vnet);
      }),
    provision: (circuitId) => toSimResource(sim, sim.provider.provision(circuitId)),
    deprovision: (circuitId) => toSimResource(sim, sim.provider.deprovision(circuitId)),
    setProviderState: (circuitId, state) => toSimResource(sim, sim.provider.forceState(circuitId, state)),
    counters: () => counters.snapshot(),
    resetCounters: () => {
      counters.reset();
    },
    setFaults: (options) => {
      faults.configure(options);
    },
    resources: () =>
      settled(() => [
        ...sim.store.resourceGroups().map(resourceGroupToSimResource),
        ...sim.store.all().map((resource) => toSimResource(sim, resource)),
      ]),
    get: (id) =>
      settled(() => {
        const resource = sim.store.get(id);
        if (resource) return toSimResource(sim, resource);
        const group = sim.store.resourceGroups().find((candidate) => candidate.key === idKey(id));
        return group ? resourceGroupToSimResource(group) : undefined;
      }),
    setSubscriptionTenant: (subscriptionId, tenantId) => {
      sim.subscriptionTenants.set(subscriptionId.toLowerCase(), tenantId);
    },
    setThrottling: (enabled) => {
      throttle.setEnabled(enabled);
    },
    outOfBand: createOutOfBandChanges(sim),
    resourceGraph: {
      queries: () => resourceGraphOf(sim).queries,
      setManagingTenant: (tenantId) => {
        resourceGraphOf(sim).managingTenantId = tenantId;
      },
    },
    journal: (resourceId) => settled(() => writeJournal(sim.operations.all(), resourceId)),
    refuseNextWrite: (resourceId, refusal) => {
      arrangeRefusal(sim, resourceId, refusal);
    },
    setPrivatePeeringRoutes: (circuitId, routes) => {
      setPrivatePeeringRoutes(sim, circuitId, routes);
    },
    operations: () =>
      settled(() =>
        sim.operations.all().map((operation) => ({
          ...operation,
          ...(operation.error ? { error: { code: operation.error.code, message: operation.error.message } } : {}),
        })),
      ),
  };
}
