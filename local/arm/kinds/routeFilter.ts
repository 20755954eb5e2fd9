/**
 * Route filters for Microsoft peering, with their rules inline. A filter holds one rule, and it is Allow. The
 * filter reports the peerings using it and cannot be deleted while one does.
 */
import { errors } from '../errors';
import type { JsonObject } from '../json';
import { referenceIdAt, stringsAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { requireString, sameId, sameName } from '../validation';
import type { PlannedFailure, PreparedWrite, ResourceKind, WriteContext } from './kind';
import { idList } from './references';

function peeringsUsing(sim: Simulation, filter: StoredResource): StoredResource[] {
  return sim.store
    .ofKind('peering')
    .filter((peering) => sameId(referenceIdAt(peering.properties, 'routeFilter'), filter.id));
}

export const routeFilterKind: ResourceKind = {
  name: 'routeFilter',
  type: 'Microsoft.Network/routeFilters',
  pathTypes: ['routeFilters'],
  operationNoun: 'RouteFilter',
  topLevel: true,
  rendersType: true,
  duration: 'routeFilter',
  deleteDuration: 'routeFilterDelete',
  children: [{ property: 'rules', kind: 'routeFilterRule' }],
  readOnly: ['peerings', 'ipv6Peerings'],
  prepare: ({ properties }: WriteContext): PreparedWrite => ({ properties }),
  present: (sim: Simulation, filter: StoredResource, properties: JsonObject): JsonObject => ({
    ...properties,
    peerings: idList(peeringsUsing(sim, filter)),
  }),
  checkDelete: (sim: Simulation, filter: StoredResource): PlannedFailure | undefined => {
    const users = peeringsUsing(sim, filter);
    if (users.length > 0) {
      throw errors.code(
        'InUseRouteFilterCannotBeDeleted',
        `Route filter ${filter.name} is in use by ${users.map((p) => p.id).join(', ')} and cannot be deleted; detach it from the peering first.`,
      );
    }
    return undefined;
  },
};

export const routeFilterRuleKind: ResourceKind = {
  name: 'routeFilterRule',
  type: 'Microsoft.Network/routeFilters/routeFilterRules',
  pathTypes: ['routeFilters', 'routeFilterRules'],
  operationNoun: 'RouteFilterRule',
  topLevel: false,
  rendersType: false,
  duration: 'routeFilterRule',
  deleteDuration: 'routeFilterRuleDelete',
  children: [],
  readOnly: [],
  prepare: ({ properties, siblings, parent }: WriteContext): PreparedWrite => {
    const access = requireString(properties, 'access');
    if (!sameName(access, 'Allow')) {
      throw errors.code('RouteFilterRuleAccessMustBeAllow', `properties.access must be 'Allow' (got '${access}').`);
    }
    requireString(properties, 'routeFilterRuleType');
    if (stringsAt(properties, 'communities').length === 0) {
      throw errors.invalidRequestFormat('properties.communities', 'must list at least one BGP community');
    }
    if (siblings.length > 0) {
      throw errors.code(
        'RouteFilterRuleLimitReached',
        `Route filter ${parent?.name ?? ''} already has rule ${siblings.map((s) => s.name).join(', ')}; a route filter holds one rule. Update its communities instead.`,
      );
    }
    return { properties };
  },
};
