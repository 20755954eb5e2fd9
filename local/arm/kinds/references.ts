/** Who points at whom: the read-only back-references ARM reports and the in-use checks it makes. */
import type { JsonObject } from '../json';
import { arrayAt, isJsonObject, objectAt, referenceIdAt, stringAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { sameId, sameName } from '../validation';

export const GATEWAY_SUBNET = 'GatewaySubnet';

export function isGatewaySubnet(subnet: { readonly name: string }): boolean {
  return sameName(subnet.name, GATEWAY_SUBNET);
}

/** Subnets whose `property` (`networkSecurityGroup` or `routeTable`) references `id`. */
export function subnetsReferencing(
  sim: Simulation,
  property: 'networkSecurityGroup' | 'routeTable',
  id: string,
): StoredResource[] {
  return sim.store.ofKind('subnet').filter((subnet) => sameId(referenceIdAt(subnet.properties, property), id));
}

export function idList(resources: readonly StoredResource[]): JsonObject[] {
  return resources.map((resource) => ({ id: resource.id }));
}

/** Each gateway IP configuration `{ gateway, ipConfigurationId, subnetId }`. */
export function gatewayIpConfigurations(
  sim: Simulation,
): { gateway: StoredResource; ipConfigurationId: string; subnetId: string }[] {
  return sim.store.ofKind('virtualNetworkGateway').flatMap((gateway) =>
    (arrayAt(gateway.properties, 'ipConfigurations') ?? []).filter(isJsonObject).flatMap((configuration) => {
      const name = stringAt(configuration, 'name') ?? 'default';
      const subnetId = referenceIdAt(objectAt(configuration, 'properties'), 'subnet');
      return subnetId === undefined
        ? []
        : [{ gateway, ipConfigurationId: `${gateway.id}/ipConfigurations/${name}`, subnetId }];
    }),
  );
}

export function connectionsToCircuit(sim: Simulation, circuitId: string): StoredResource[] {
  return sim.store
    .ofKind('connection')
    .filter((connection) => sameId(referenceIdAt(connection.properties, 'peer'), circuitId));
}

function authorizationKeyOf(authorization: StoredResource): string | undefined {
  return stringAt(authorization.properties, 'authorizationKey');
}

export function connectionRedeeming(sim: Simulation, authorization: StoredResource): StoredResource | undefined {
  return sim.store.ofKind('connection').find((connection) => {
    const redeemed = connection.internal.redeemedAuthorization;
    return sameId(redeemed?.id, authorization.id) && redeemed?.key === authorizationKeyOf(authorization);
  });
}

/** False once the authorization a connection redeemed was deleted (revoked). */
export function redeemedAuthorizationExists(sim: Simulation, connection: StoredResource): boolean {
  const redeemed = connection.internal.redeemedAuthorization;
  if (redeemed === undefined) return true;
  const authorization = sim.store.get(redeemed.id);
  return authorization !== undefined && authorizationKeyOf(authorization) === redeemed.key;
}

export function provisioningStateOf(resource: StoredResource): string {
  return stringAt(resource.properties, 'provisioningState') ?? 'Succeeded';
}
