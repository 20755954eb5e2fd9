/**
 * Changes made to Azure outside the automation (someone in the portal, a script): what compliance sweeps must find.
 * They go straight to the store, bypassing ARM's API (no request is counted), and move etags as ARM would, so that
 * Resource Graph re-indexes what changed. Also a bulk seed for benchmarks: whole fleets stored without an HTTP
 * request each.
 */
import { ControlError } from './controlError';
import { idKey } from './ids';
import type { JsonObject } from './json';
import { isJsonObject } from './json';
import type { Simulation } from './simulation';
import type { KindName, StoredResource } from './store';

export interface SecurityRuleSeed {
  readonly name: string;
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  readonly protocol: string;
  readonly sourceAddressPrefix: string;
  readonly sourcePortRange: string;
  readonly destinationAddressPrefix: string;
  readonly destinationPortRange: string;
}

/** A resource to store as is (bench seeding): the caller gives ARM's shape; children by `parentId`. */
export interface ResourceSeed {
  readonly id: string;
  readonly kind: KindName;
  readonly type: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly parentId?: string;
  readonly location?: string;
  readonly tags?: Record<string, string>;
  readonly sku?: JsonObject;
  readonly properties: JsonObject;
  /** Circuits: the creation finished (a real service key is shown). Default true. */
  readonly creationSucceeded?: boolean;
}

export interface OutOfBandChanges {
  /** Removes a route from its route table. */
  deleteRoute(routeId: string): void;
  /** Adds (or replaces) a security rule on an NSG. */
  addSecurityRule(nsgId: string, rule: SecurityRuleSeed): void;
  /** Changes a circuit's bandwidth (serviceProviderProperties.bandwidthInMbps). */
  setCircuitBandwidth(circuitId: string, bandwidthMbps: number): void;
  /** Detaches a subnet's route table, NSG or both. */
  removeSubnetAssociation(subnetId: string, association: 'routeTable' | 'networkSecurityGroup' | 'both'): void;
  /** Associates an NSG with a subnet (e.g. one on GatewaySubnet). */
  setSubnetNsg(subnetId: string, nsgId: string): void;
  /** Replaces a resource's tags. */
  setTags(resourceId: string, tags: Record<string, string>): void;
  /** Sets a property of a resource or child resource (e.g. a peering's `state`). */
  setProperty(resourceId: string, property: string, value: JsonObject[string]): void;
  /** Deletes a resource and everything under it, as a portal delete would (no ARM request). */
  deleteResource(resourceId: string): void;
  /** Stores resources as given, parents before children; returns how many. */
  seedResources(resources: readonly ResourceSeed[]): number;
}

export function createOutOfBandChanges(sim: Simulation): OutOfBandChanges {
  const find = (id: string, what: string): StoredResource => {
    sim.settle();
    const resource = sim.store.get(id);
    if (resource === undefined) throw new ControlError(404, `${what} ${id} does not exist`);
    return resource;
  };
  return {
    deleteRoute: (routeId) => {
      const route = find(routeId, 'route');
      if (route.kind !== 'route') throw new ControlError(400, `${routeId} is a ${route.kind}, not a route`);
      sim.store.remove(route.id);
      const table = route.parentKey === undefined ? undefined : sim.store.get(route.parentKey);
      if (table) sim.touch(table);
    },
    addSecurityRule: (nsgId, rule) => {
      const nsg = find(nsgId, 'network security group');
      if (nsg.kind !== 'networkSecurityGroup') throw new ControlError(400, `${nsgId} is not a network security group`);
      const { name, ...properties } = rule;
      const record: StoredResource = {
        key: idKey(`${nsg.id}/securityRules/${name}`),
        id: `${nsg.id}/securityRules/${name}`,
        kind: 'securityRule',
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        name,
        subscriptionId: nsg.subscriptionId,
        resourceGroup: nsg.resourceGroup,
        parentKey: nsg.key,
        location: undefined,
        tags: undefined,
        sku: undefined,
        etag: sim.newEtag(),
        properties: { provisioningState: 'Succeeded', ...properties },
        internal: {},
        createdAt: sim.now(),
      };
      sim.store.put(record);
      sim.touch(record);
    },
    setCircuitBandwidth: (circuitId, bandwidthMbps) => {
      const circuit = find(circuitId, 'circuit');
      const provider = circuit.properties.serviceProviderProperties;
      circuit.properties = {
        ...circuit.properties,
        serviceProviderProperties: { ...(isJsonObject(provider) ? provider : {}), bandwidthInMbps: bandwidthMbps },
      };
      sim.touch(circuit);
    },
    removeSubnetAssociation: (subnetId, association) => {
      const subnet = find(subnetId, 'subnet');
      const properties = { ...subnet.properties };
      if (association !== 'networkSecurityGroup') delete properties.routeTable;
      if (association !== 'routeTable') delete properties.networkSecurityGroup;
      subnet.properties = properties;
      sim.touch(subnet);
    },
    setSubnetNsg: (subnetId, nsgId) => {
      const subnet = find(subnetId, 'subnet');
      subnet.properties = { ...subnet.properties, networkSecurityGroup: { id: nsgId } };
      sim.touch(subnet);
    },
    setTags: (resourceId, tags) => {
      const resource = find(resourceId, 'resource');
      resource.tags = { ...tags };
      sim.touch(resource);
    },
    setProperty: (resourceId, property, value) => {
      const resource = find(resourceId, 'resource');
      resource.properties = { ...resource.properties, [property]: value };
      sim.touch(resource);
    },
    deleteResource: (resourceId) => {
      const resource = find(resourceId, 'resource');
      for (const descendant of sim.store.descendants(resource.id)) sim.store.remove(descendant.id);
      sim.store.remove(resource.id);
      const parent = resource.parentKey === undefined ? undefined : sim.store.get(resource.parentKey);
      if (parent) sim.touch(parent);
    },
    seedResources: (resources) => {
      for (const seed of resources) {
        sim.store.put({
          key: idKey(seed.id),
          id: seed.id,
          kind: seed.kind,
          type: seed.type,
          name: seed.name,
          subscriptionId: seed.subscriptionId,
          resourceGroup: seed.resourceGroup,
          parentKey: seed.parentId === undefined ? undefined : idKey(seed.parentId),
          location: seed.location,
          tags: seed.tags,
          sku: seed.sku,
          etag: sim.newEtag(),
          properties: { provisioningState: 'Succeeded', ...seed.properties },
          internal: seed.kind === 'expressRouteCircuit' ? { creationSucceeded: seed.creationSucceeded ?? true } : {},
          createdAt: sim.now(),
        });
      }
      return resources.length;
    },
  };
}
