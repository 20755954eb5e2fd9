/**
 * Encryption over ExpressRoute private peering (docs/encryption.md): the VPN gateway (route-based, private IP enabled,
 * ASN 65515, in the VNet's GatewaySubnet beside the ExpressRoute gateway), the local network gateway (the on-premises
 * device's private address) and the IPsec connection (custom IPsec/IKE policy, `useLocalAzureIpAddress`).
 *
 * The shared key is never part of a body built here, never read into an intent, and never compared: the operation
 * adds it to the one PUT that needs it (connectionSecrets scrubs it from errors).
 */
import type {
  IpsecPolicy as ArmIpsecPolicy,
  LocalNetworkGateway,
  VirtualNetworkGateway,
  VirtualNetworkGatewayConnection,
} from '@azure/arm-network';
import type { LocalNetworkGatewayIntent, Scope, VpnConnectionIntent, VpnGatewayIntent } from '../../../domain/intents';
import type { IpsecPolicy } from '../../../domain/spec';
import type { ConnectionState, ObservedState } from '../../../ports/network';
import { Drift, sameCaseInsensitive, sameOptionalId, sameStringSet } from '../compare';
import { DEFAULT_MANAGED_TAG, isManaged, mergeTags, ownedTags, ownedTagsDiffer } from '../ownership';
import type { ManagedTag } from '../ownership';
import { gatewaySubnetId, gatewayVnetId } from './gatewayMapping';

export const VPN_GATEWAY_IP_CONFIGURATION_NAME = 'vpn';
export const VPN_GATEWAY_TYPE = 'Vpn';
export const ROUTE_BASED = 'RouteBased';
export const IPSEC_CONNECTION_TYPE = 'IPsec';
export const IKE_V2 = 'IKEv2';

// ---------------------------------------------------------------------------------------------------------------
// VPN gateway

/** The SKU as ARM takes it (the SDK's names are open strings; validation checked the value). */
function skuOf(intent: VpnGatewayIntent): NonNullable<VirtualNetworkGateway['sku']> {
  return { name: intent.sku, tier: intent.sku };
}

export function vpnGatewayBody(intent: VpnGatewayIntent): VirtualNetworkGateway {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    gatewayType: VPN_GATEWAY_TYPE,
    vpnType: ROUTE_BASED,
    sku: skuOf(intent),
    active: false,
    enableBgp: intent.enableBgp,
    enablePrivateIpAddress: true,
    bgpSettings: { asn: intent.asn },
    ipConfigurations: [
      {
        name: VPN_GATEWAY_IP_CONFIGURATION_NAME,
        privateIPAllocationMethod: 'Dynamic',
        subnet: { id: gatewaySubnetId(intent.vnetId) },
        publicIPAddress: { id: intent.publicIpAddressId },
      },
    ],
  };
}

export function mergeVpnGateway(
  current: VirtualNetworkGateway,
  intent: VpnGatewayIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): VirtualNetworkGateway {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    sku: { ...current.sku, ...skuOf(intent) },
    enableBgp: intent.enableBgp,
    enablePrivateIpAddress: true,
    bgpSettings: { ...current.bgpSettings, asn: intent.asn },
  };
}

/** Type, VPN type, VNet and region cannot change in place. */
export function vpnGatewayImmutableDrift(intent: VpnGatewayIntent, current: VirtualNetworkGateway): string[] {
  return new Drift()
    .check('gatewayType', sameCaseInsensitive(current.gatewayType, VPN_GATEWAY_TYPE))
    .check('vpnType', sameCaseInsensitive(current.vpnType, ROUTE_BASED))
    .check('vnetId', sameOptionalId(gatewayVnetId(current), intent.vnetId))
    .check('location', sameCaseInsensitive(current.location, intent.location)).fields;
}

export function vpnGatewayDrift(
  intent: VpnGatewayIntent,
  current: VirtualNetworkGateway,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  return new Drift()
    .check('sku.name', current.sku?.name === intent.sku)
    .check('enablePrivateIpAddress', current.enablePrivateIpAddress === true)
    .check('enableBgp', (current.enableBgp ?? false) === intent.enableBgp)
    .check('bgpSettings.asn', (current.bgpSettings?.asn ?? intent.asn) === intent.asn)
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function vpnGatewayToIntent(
  gateway: VirtualNetworkGateway,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): VpnGatewayIntent {
  return {
    kind: 'vpnGateway',
    id: gateway.id ?? '',
    scope,
    name: gateway.name ?? '',
    location: gateway.location ?? '',
    tags: ownedTags(gateway.tags, managedTag),
    vnetId: gatewayVnetId(gateway),
    sku: gateway.sku?.name ?? '',
    publicIpAddressId: gateway.ipConfigurations?.[0]?.publicIPAddress?.id ?? '',
    asn: gateway.bgpSettings?.asn ?? 0,
    enableBgp: gateway.enableBgp ?? false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Local network gateway

function bgpSettingsOf(intent: LocalNetworkGatewayIntent): Pick<LocalNetworkGateway, 'bgpSettings'> {
  return intent.bgp === undefined
    ? {}
    : { bgpSettings: { asn: intent.bgp.asn, bgpPeeringAddress: intent.bgp.peeringAddress } };
}

export function localNetworkGatewayBody(intent: LocalNetworkGatewayIntent): LocalNetworkGateway {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    gatewayIpAddress: intent.gatewayIpAddress,
    localNetworkAddressSpace: { addressPrefixes: [...intent.addressPrefixes] },
    ...bgpSettingsOf(intent),
  };
}

export function mergeLocalNetworkGateway(
  current: LocalNetworkGateway,
  intent: LocalNetworkGatewayIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): LocalNetworkGateway {
  const { bgpSettings: _dropped, ...rest } = current;
  return {
    ...rest,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    gatewayIpAddress: intent.gatewayIpAddress,
    localNetworkAddressSpace: { ...current.localNetworkAddressSpace, addressPrefixes: [...intent.addressPrefixes] },
    ...bgpSettingsOf(intent),
  };
}

export function localNetworkGatewayImmutableDrift(
  intent: LocalNetworkGatewayIntent,
  current: LocalNetworkGateway,
): string[] {
  return new Drift().check('location', sameCaseInsensitive(current.location, intent.location)).fields;
}

export function localNetworkGatewayDrift(
  intent: LocalNetworkGatewayIntent,
  current: LocalNetworkGateway,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  const bgp = current.bgpSettings;
  return new Drift()
    .check('gatewayIpAddress', current.gatewayIpAddress === intent.gatewayIpAddress)
    .check(
      'localNetworkAddressSpace',
      sameStringSet(current.localNetworkAddressSpace?.addressPrefixes, intent.addressPrefixes),
    )
    .check(
      'bgpSettings',
      intent.bgp === undefined
        ? bgp?.asn === undefined
        : bgp?.asn === intent.bgp.asn && bgp.bgpPeeringAddress === intent.bgp.peeringAddress,
    )
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

export function localNetworkGatewayToIntent(
  gateway: LocalNetworkGateway,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): LocalNetworkGatewayIntent {
  const bgp = gateway.bgpSettings;
  return {
    kind: 'localNetworkGateway',
    id: gateway.id ?? '',
    scope,
    name: gateway.name ?? '',
    location: gateway.location ?? '',
    tags: ownedTags(gateway.tags, managedTag),
    gatewayIpAddress: gateway.gatewayIpAddress ?? '',
    addressPrefixes: [...(gateway.localNetworkAddressSpace?.addressPrefixes ?? [])],
    ...(bgp?.asn === undefined ? {} : { bgp: { asn: bgp.asn, peeringAddress: bgp.bgpPeeringAddress ?? '' } }),
  };
}

export function localNetworkGatewayState(
  gateway: LocalNetworkGateway,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): ObservedState {
  return { provisioningState: gateway.provisioningState ?? 'Unknown', managed: isManaged(gateway.tags, managedTag) };
}

// ---------------------------------------------------------------------------------------------------------------
// IPsec connection

function armIpsecPolicy(policy: IpsecPolicy): ArmIpsecPolicy {
  return { ...policy };
}

function samePolicy(current: readonly ArmIpsecPolicy[] | undefined, desired: IpsecPolicy): boolean {
  if (current?.length !== 1) return false;
  const [policy] = current;
  if (policy === undefined) return false;
  return (Object.keys(desired) as (keyof IpsecPolicy)[]).every((key) => {
    const want = desired[key];
    const have = policy[key];
    return typeof want === 'number' ? have === want : sameCaseInsensitive(String(have), want);
  });
}

function policyOf(connection: VirtualNetworkGatewayConnection): IpsecPolicy | undefined {
  const policy = connection.ipsecPolicies?.[0];
  if (policy === undefined) return undefined;
  return {
    ikeEncryption: policy.ikeEncryption,
    ikeIntegrity: policy.ikeIntegrity,
    dhGroup: policy.dhGroup,
    ipsecEncryption: policy.ipsecEncryption,
    ipsecIntegrity: policy.ipsecIntegrity,
    pfsGroup: policy.pfsGroup,
    saLifeTimeSeconds: policy.saLifeTimeSeconds,
    saDataSizeKilobytes: policy.saDataSizeKilobytes,
  };
}

function gatewayOneId(connection: VirtualNetworkGatewayConnection): string | undefined {
  const gateway = connection.virtualNetworkGateway1 as
    VirtualNetworkGatewayConnection['virtualNetworkGateway1'] | undefined;
  return gateway?.id;
}

/** The connection's body without its shared key (the operation adds the key to the one PUT that needs it). */
export function vpnConnectionBody(intent: VpnConnectionIntent): VirtualNetworkGatewayConnection {
  return {
    location: intent.location,
    tags: { ...intent.tags },
    connectionType: IPSEC_CONNECTION_TYPE,
    connectionProtocol: IKE_V2,
    virtualNetworkGateway1: { id: intent.vpnGatewayId },
    localNetworkGateway2: { id: intent.localNetworkGatewayId },
    useLocalAzureIpAddress: true,
    enableBgp: intent.enableBgp,
    usePolicyBasedTrafficSelectors: false,
    dpdTimeoutSeconds: intent.dpdTimeoutSeconds,
    ipsecPolicies: [armIpsecPolicy(intent.ipsecPolicy)],
  };
}

export function mergeVpnConnection(
  current: VirtualNetworkGatewayConnection,
  intent: VpnConnectionIntent,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): VirtualNetworkGatewayConnection {
  return {
    ...current,
    tags: mergeTags(current.tags, intent.tags, managedTag),
    useLocalAzureIpAddress: true,
    enableBgp: intent.enableBgp,
    dpdTimeoutSeconds: intent.dpdTimeoutSeconds,
    ipsecPolicies: [armIpsecPolicy(intent.ipsecPolicy)],
  };
}

export function vpnConnectionImmutableDrift(
  intent: VpnConnectionIntent,
  current: VirtualNetworkGatewayConnection,
): string[] {
  return new Drift()
    .check('connectionType', sameCaseInsensitive(current.connectionType, IPSEC_CONNECTION_TYPE))
    .check('virtualNetworkGateway1', sameOptionalId(gatewayOneId(current), intent.vpnGatewayId))
    .check('localNetworkGateway2', sameOptionalId(current.localNetworkGateway2?.id, intent.localNetworkGatewayId))
    .check('location', sameCaseInsensitive(current.location, intent.location)).fields;
}

export function vpnConnectionDrift(
  intent: VpnConnectionIntent,
  current: VirtualNetworkGatewayConnection,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): string[] {
  return new Drift()
    .check('useLocalAzureIpAddress', current.useLocalAzureIpAddress === true)
    .check('enableBgp', (current.enableBgp ?? false) === intent.enableBgp)
    .check('dpdTimeoutSeconds', current.dpdTimeoutSeconds === intent.dpdTimeoutSeconds)
    .check('ipsecPolicies', samePolicy(current.ipsecPolicies, intent.ipsecPolicy))
    .check('tags', !ownedTagsDiffer(current.tags, intent.tags, managedTag)).fields;
}

/**
 * Read back. ARM records neither the shared key's reference nor which ExpressRoute gateway the tunnel rides, so a
 * read-back intent carries empty placeholders for both (a diff must not compare them).
 */
export function vpnConnectionToIntent(
  connection: VirtualNetworkGatewayConnection,
  scope: Scope,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): VpnConnectionIntent {
  const policy = policyOf(connection);
  return {
    kind: 'vpnConnection',
    id: connection.id ?? '',
    scope,
    name: connection.name ?? '',
    location: connection.location ?? '',
    tags: ownedTags(connection.tags, managedTag),
    vpnGatewayId: gatewayOneId(connection) ?? '',
    localNetworkGatewayId: connection.localNetworkGateway2?.id ?? '',
    expressRouteGatewayId: '',
    enableBgp: connection.enableBgp ?? false,
    ipsecPolicy: policy ?? {
      ikeEncryption: '',
      ikeIntegrity: '',
      dhGroup: '',
      ipsecEncryption: '',
      ipsecIntegrity: '',
      pfsGroup: '',
      saLifeTimeSeconds: 0,
      saDataSizeKilobytes: 0,
    },
    dpdTimeoutSeconds: connection.dpdTimeoutSeconds ?? 0,
    sharedKey: { vault: '', secret: '' },
  };
}

export function vpnConnectionState(
  connection: VirtualNetworkGatewayConnection,
  managedTag: ManagedTag = DEFAULT_MANAGED_TAG,
): ConnectionState {
  return {
    provisioningState: connection.provisioningState ?? 'Unknown',
    managed: isManaged(connection.tags, managedTag),
    connectionStatus: connection.connectionStatus ?? 'Unknown',
  };
}
