/** Route filters, route tables and NSGs: owned top-level resources; a route table on a GatewaySubnet stays valid. */
import type { NsgIntent, RouteFilterIntent, RouteTableIntent } from '../../../domain/intents';
import type { EnsureOptions, Ensured } from '../../../ports/network';
import type { ArmContext } from '../armContext';
import { assertRouteTableFitsGatewaySubnet, gatewaySubnetsOf } from './gatewaySubnetRules';
import { nsgKind, routeFilterKind, routeTableKind } from './topLevelKinds';
import { ensureTopLevel } from './topLevelResource';

export function ensureRouteFilter(
  context: ArmContext,
  intent: RouteFilterIntent,
  options?: EnsureOptions,
): Promise<Ensured<RouteFilterIntent>> {
  return ensureTopLevel(context, routeFilterKind, intent, options);
}

export function ensureRouteTable(
  context: ArmContext,
  intent: RouteTableIntent,
  options?: EnsureOptions,
): Promise<Ensured<RouteTableIntent>> {
  return ensureTopLevel(context, routeTableKind, intent, options, {
    beforeWrite: (current, body) => {
      for (const subnetId of gatewaySubnetsOf(current?.subnets))
        assertRouteTableFitsGatewaySubnet(body, subnetId, intent.id);
      return Promise.resolve();
    },
  });
}

export function ensureNsg(
  context: ArmContext,
  intent: NsgIntent,
  options?: EnsureOptions,
): Promise<Ensured<NsgIntent>> {
  return ensureTopLevel(context, nsgKind, intent, options);
}
