/**
 * ExpressRoute virtual network gateway. A gateway the automation creates is its own (tagged); a gateway the request
 * names (`existing: true`) is the customer's and is only read and checked.
 */
import type { VirtualNetworkGateway } from '@azure/arm-network';
import type { GatewayIntent, Scope } from '../../../domain/intents';
import type { GatewaySku } from '../../../domain/spec';
import { Drift, sameCaseInsensitive, sameOptionalId } from '../compare';
import { DEFAULT_MANAGED_TAG, isManaged, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';

export const GATEWAY_IP_CONFIGURATION_NAME = 'default';
const GATEWAY_SUBNET_SEGMENT = '/subnets/';

export function gatewaySubnetId(vnetId: string): string {
  return `${vnetId}/subnets/GatewaySubnet`;
}

/** The VNet of a gateway: its first IP configuration's subnet, without `/subnets/{name}`. */
export function gatewayVnetId(gateway: VirtualNetworkGateway): string {
  const subnetId = gateway.ipConfigurations?.[0]?.subnet?.id ?? '';
  const index = subnetId.toLowerCase().lastIndexOf(GATEWAY_SUBNET_SEGMENT);
  return index < 0 ? '' : subnetId.slice(0, index);
}

function scaleConfiguration(intent: GatewayIntent): Pick<VirtualNetworkGateway, 'autoScaleConfiguration'> {
  return intent.scaleUnits === undefined
    ? {}
    : { autoScaleConfiguration: { bounds: { min: intent.scaleUnits, max: intent.scaleUnits } } };
}

/** Fixed-size scale units, when the gateway has them (min = max). */
function scaleUnitsOf(gateway: VirtualNetworkGateway): number | undefined {
  const bounds = gateway.autoScaleConfiguration?.bounds;
  return bounds?.min !== undefined && bounds.min === bounds.max ? bounds.min : undefined;
}

export function gatewayBody(intent: GatewayIntent): VirtualNetworkGateway {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    gatewayType: 'ExpressRoute',
    sku: { name: intent.sku, tier: intent.sku },
    ipConfigurations: [
      {
        name: GATEWAY_IP_CONFIGURATION_NAME,
        privateIPAllocationMethod: 'Dynamic',
        subnet: { id: gatewaySubnetId(intent.vnetId) },
      },
    ],
    ...scaleConfiguration(intent),
  };
}

export function mergeGateway(
  current: VirtualNetworkGateway,
  intent: GatewayIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): VirtualNetworkGateway {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    sku: { ...current.sku, name: intent.sku, tier: intent.sku },
    ...scaleConfiguration(intent),
  };
}

/** Fields an in-place update cannot change (type, VNet, region): a difference is refused, not written. */
export function gatewayImmutableDrift(intent: GatewayIntent, current: VirtualNetworkGateway): string[] {
  return new Drift()
    .check('gatewayType', sameCaseInsensitive(current.gatewayType, 'ExpressRoute'))
    .check('vnetId', sameOptionalId(gatewayVnetId(current), intent.vnetId))
    .check('location', sameCaseInsensitive(current.location, intent.location)).fields;
}

export function gatewayDrift(
  intent: GatewayIntent,
  current: VirtualNetworkGateway,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  const drift = new Drift()
    .check('sku.name', current.sku?.name === intent.sku)
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag));
  if (intent.scaleUnits !== undefined)
    drift.check('autoScaleConfiguration', scaleUnitsOf(current) === intent.scaleUnits);
  return drift.fields;
}

/** A gateway without the automation's tag reads back as `existing: true` (the customer's own). */
export function gatewayToIntent(
  gateway: VirtualNetworkGateway,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): GatewayIntent {
  const scaleUnits = scaleUnitsOf(gateway);
  return {
    kind: 'gateway',
    id: gateway.id ?? '',
    scope,
    name: gateway.name ?? '',
    location: gateway.location ?? '',
    tags: ownedTags(gateway.tags, managedTag),
    vnetId: gatewayVnetId(gateway),
    sku: (gateway.sku?.name ?? '') as GatewaySku,
    ...(scaleUnits === undefined ? {} : { scaleUnits }),
    existing: !isManaged(gateway.tags, managedTag),
  };
}
