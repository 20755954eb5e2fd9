/**
 * Circuit authorizations: the key (a GUID) is issued on creation and already in the PUT's 201 (as recorded); the
 * authorization is `InUse` (with `connectionResourceUri`) while a connection redeems it and `Available` again when
 * that connection is deleted. Deleting an InUse authorization is allowed: that revokes the link.
 */
import type { JsonObject } from '../json';
import { stringAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import type { PreparedWrite, ResourceKind, WriteContext } from './kind';
import { connectionRedeeming } from './references';

function prepare({ sim, existing, properties }: WriteContext): PreparedWrite {
  return {
    properties: {
      ...properties,
      authorizationKey: stringAt(existing?.properties, 'authorizationKey') ?? sim.newGuid(),
    },
  };
}

function present(sim: Simulation, authorization: StoredResource, properties: JsonObject): JsonObject {
  const connection = connectionRedeeming(sim, authorization);
  return connection
    ? { ...properties, authorizationUseStatus: 'InUse', connectionResourceUri: connection.id }
    : { ...properties, authorizationUseStatus: 'Available' };
}

export const authorizationKind: ResourceKind = {
  name: 'authorization',
  type: 'Microsoft.Network/expressRouteCircuits/authorizations',
  pathTypes: ['expressRouteCircuits', 'authorizations'],
  operationNoun: 'ExpressRouteCircuitAuthorization',
  topLevel: false,
  rendersType: true,
  duration: 'authorization',
  deleteDuration: 'authorizationDelete',
  children: [],
  readOnly: ['authorizationKey', 'authorizationUseStatus', 'connectionResourceUri'],
  prepare,
  present,
};
