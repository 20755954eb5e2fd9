/**
 * Route table. A table the automation creates is wholly its own: the intent's routes are the table's routes (others
 * are removed on the next write). Subnets[] is read-only here: associations are made on the subnet.
 */
import type { Route, RouteTable } from '@azure/arm-network';
import type { RouteIntent, RouteTableIntent, Scope } from '../../../domain/intents';
import { Drift, sameCaseInsensitive, sameNamedSet } from '../compare';
import { DEFAULT_MANAGED_TAG, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';

function routeBody(route: RouteIntent): Route {
  return {
    name: route.name,
    addressPrefix: route.addressPrefix,
    nextHopType: route.nextHopType,
    ...(route.nextHopIpAddress === undefined ? {} : { nextHopIpAddress: route.nextHopIpAddress }),
  };
}

function routeToIntent(route: Route): RouteIntent {
  return {
    name: route.name ?? '',
    addressPrefix: route.addressPrefix ?? '',
    nextHopType: route.nextHopType ?? '',
    ...(route.nextHopIpAddress === undefined || route.nextHopIpAddress === ''
      ? {}
      : { nextHopIpAddress: route.nextHopIpAddress }),
  };
}

function sameRoute(desired: RouteIntent, current: RouteIntent): boolean {
  return (
    desired.addressPrefix === current.addressPrefix &&
    sameCaseInsensitive(desired.nextHopType, current.nextHopType) &&
    (desired.nextHopIpAddress ?? '') === (current.nextHopIpAddress ?? '')
  );
}

export function routeTableBody(intent: RouteTableIntent): RouteTable {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    disableBgpRoutePropagation: intent.disableBgpRoutePropagation,
    routes: intent.routes.map(routeBody),
  };
}

export function mergeRouteTable(
  current: RouteTable,
  intent: RouteTableIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): RouteTable {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    disableBgpRoutePropagation: intent.disableBgpRoutePropagation,
    routes: intent.routes.map(routeBody),
  };
}

export function routeTableDrift(
  intent: RouteTableIntent,
  current: RouteTable,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  return new Drift()
    .check('location', sameCaseInsensitive(current.location, intent.location))
    .check(
      'disableBgpRoutePropagation',
      (current.disableBgpRoutePropagation ?? false) === intent.disableBgpRoutePropagation,
    )
    .check('routes', sameNamedSet(intent.routes, (current.routes ?? []).map(routeToIntent), sameRoute))
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function routeTableToIntent(
  table: RouteTable,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): RouteTableIntent {
  return {
    kind: 'routeTable',
    id: table.id ?? '',
    scope,
    name: table.name ?? '',
    location: table.location ?? '',
    tags: ownedTags(table.tags, managedTag),
    disableBgpRoutePropagation: table.disableBgpRoutePropagation ?? false,
    routes: (table.routes ?? []).map(routeToIntent),
  };
}

/** Routes that would break a GatewaySubnet: a default route (gateway creation is blocked). */
export function hasDefaultRoute(routes: readonly { readonly addressPrefix?: string }[]): boolean {
  return routes.some((route) => route.addressPrefix === '0.0.0.0/0' || route.addressPrefix === '::/0');
}
