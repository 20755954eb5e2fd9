/**
 * Virtual network gateways: ExpressRoute, and VPN gateways beside them (vpnGateway.ts: coexistence in one
 * GatewaySubnet, private IP for IPsec over private peering). Each IP
 * configuration must sit in a GatewaySubnet; a VNet has at most one gateway of each type. Creation takes tens of
 * minutes; connections need the gateway Succeeded. A gateway with connections cannot be deleted.
 */
import { errors } from '../errors';
import type { Json, JsonObject } from '../json';
import { arrayAt, isJsonObject, numberAt, objectAt, omitKeys, referenceIdAt, stringAt } from '../json';
import type { Simulation } from '../simulation';
import type { StoredResource } from '../store';
import { requireObjectItems, requireReferenceId, requireString, sameId, sameName } from '../validation';
import type { PlannedFailure, PreparedWrite, ResourceKind, WriteContext } from './kind';
import { gatewayIpConfigurations, isGatewaySubnet, provisioningStateOf } from './references';
import { checkCoexistence, checkVpnGateway, isVpnGateway, presentVpnGateway } from './vpnGateway';

/** Defaults ARM reports for an ExpressRoute gateway (VirtualNetworkScalableGatewayGet). */
const GATEWAY_DEFAULTS: JsonObject = {
  natRules: [],
  enableBgpRouteTranslationForNat: false,
  vpnType: 'PolicyBased',
  vpnGatewayGeneration: 'None',
  enableBgp: false,
  enablePrivateIpAddress: false,
  activeActive: false,
  disableIPSecReplayProtection: false,
  vpnClientConfiguration: null,
  bgpSettings: null,
  customRoutes: null,
  allowVirtualWanTraffic: false,
  allowRemoteVnetTraffic: false,
};

function vnetIdOfSubnet(subnetId: string): string {
  return subnetId.replace(/\/subnets\/[^/]+\/?$/i, '');
}

function capacityOf(sku: JsonObject, properties: JsonObject): number {
  if (sameName(stringAt(sku, 'name'), 'ErGwScale')) {
    return numberAt(objectAt(objectAt(properties, 'autoScaleConfiguration'), 'bounds'), 'min') ?? 1;
  }
  return 2;
}

function prepare({ sim, properties, existing, id }: WriteContext): PreparedWrite {
  const gatewayType = requireString(properties, 'gatewayType');
  const sku = objectAt(properties, 'sku');
  if (!sku) throw errors.invalidRequestFormat('properties.sku', 'is required');
  const configurations = requireObjectItems(
    arrayAt(properties, 'ipConfigurations') ?? [],
    'properties.ipConfigurations',
  );
  if (configurations.length === 0) {
    throw errors.invalidRequestFormat('properties.ipConfigurations', 'must have at least one IP configuration');
  }
  const storedConfigurations: Json[] = configurations.map((configuration, index) => {
    const path = `properties.ipConfigurations[${index}]`;
    const name = requireString(configuration, 'name', path);
    const configProperties = omitKeys(objectAt(configuration, 'properties') ?? {}, ['provisioningState']);
    const subnetId = requireReferenceId(configProperties, 'subnet', `${path}.properties`);
    const subnet = sim.store.get(subnetId);
    if (subnet?.kind !== 'subnet') throw errors.invalidReference(subnetId, id);
    if (!isGatewaySubnet(subnet)) {
      throw errors.code(
        'VirtualNetworkGatewayIpConfigurationInvalid',
        `${path}.properties.subnet must be a subnet named GatewaySubnet (got '${subnet.name}').`,
      );
    }
    const vnetId = vnetIdOfSubnet(subnetId);
    const rival = gatewayIpConfigurations(sim).find(
      (other) =>
        other.gateway.key !== existing?.key &&
        sameId(vnetIdOfSubnet(other.subnetId), vnetId) &&
        sameName(stringAt(other.gateway.properties, 'gatewayType'), gatewayType),
    );
    if (rival) {
      throw errors.code(
        'VirtualNetworkAlreadyHasExpressRouteGateway',
        `Virtual network ${vnetId} already has a ${gatewayType} gateway (${rival.gateway.id}); a virtual network has at most one gateway of each type.`,
      );
    }
    checkCoexistence(sim, gatewayType, subnet, existing);
    if (isVpnGateway(properties)) checkVpnGateway(sim, properties, subnet, existing);
    return {
      name,
      properties: { privateIPAllocationMethod: 'Dynamic', ...configProperties, subnet: { id: subnetId } },
    };
  });
  return {
    properties: {
      ...GATEWAY_DEFAULTS,
      ...properties,
      sku: { ...sku, capacity: capacityOf(sku, properties) },
      ipConfigurations: storedConfigurations,
      resourceGuid: stringAt(existing?.properties, 'resourceGuid') ?? sim.newGuid(),
    },
  };
}

function present(sim: Simulation, gateway: StoredResource, stored: JsonObject): JsonObject {
  const properties = isVpnGateway(stored) ? presentVpnGateway(sim, gateway, stored) : stored;
  const state = provisioningStateOf(gateway);
  const configurations = (arrayAt(properties, 'ipConfigurations') ?? [])
    .filter(isJsonObject)
    .map((configuration): Json => {
      const name = stringAt(configuration, 'name') ?? 'default';
      return {
        name,
        id: `${gateway.id}/ipConfigurations/${name}`,
        etag: gateway.etag,
        properties: { provisioningState: state, ...(objectAt(configuration, 'properties') ?? {}) },
      };
    });
  return { ...properties, ipConfigurations: configurations };
}

function checkDelete(sim: Simulation, gateway: StoredResource): PlannedFailure | undefined {
  const connections = sim.store
    .ofKind('connection')
    .filter((connection) => sameId(referenceIdAt(connection.properties, 'virtualNetworkGateway1'), gateway.id));
  if (connections.length > 0) {
    throw errors.code(
      'InUseVirtualNetworkGatewayCannotBeDeleted',
      `Virtual network gateway ${gateway.name} has connections (${connections.map((c) => c.id).join(', ')}) and cannot be deleted; delete them first.`,
    );
  }
  return undefined;
}

export const virtualNetworkGatewayKind: ResourceKind = {
  name: 'virtualNetworkGateway',
  type: 'Microsoft.Network/virtualNetworkGateways',
  pathTypes: ['virtualNetworkGateways'],
  operationNoun: 'VirtualNetworkGateway',
  topLevel: true,
  rendersType: true,
  duration: 'gateway',
  deleteDuration: 'gatewayDelete',
  children: [],
  readOnly: ['resourceGuid', 'inboundDnsForwardingEndpoint'],
  prepare,
  present,
  checkDelete,
};
