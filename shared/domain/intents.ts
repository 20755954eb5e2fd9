/**
 * Resource intents: the desired state of each Azure resource the automation owns, as the planner derives it from a
 * customer spec. The ARM port ensures intents; the diff compares them with what Azure holds. Intents carry no
 * secret values: a key appears only as a `SecretReference` (MD5) or as the name of the authorization whose key the
 * connecting activity reads itself.
 */
import type { CircuitSku, GatewaySku, IpsecPolicy, OwnershipModel, SecretReference } from './spec';

export type ArmId = string;
export type Tags = Readonly<Record<string, string>>;

/** Tags written on everything the automation creates. It changes or deletes nothing that lacks `managed-by`. */
export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'expressroute-csp';
export const CUSTOMER_TAG = 'csp-customer';
export const PAIR_TAG = 'er-pair';
export const LEG_TAG = 'er-leg';

/** The leg within a pair: each pair has two circuits at distinct peering locations. */
export type Leg = 'a' | 'b';

/**
 * The pair a circuit (or a resource on or to it) belongs to: absent for the customer's default pair ("primary", the
 * `circuits` shorthand), whose resources and plans are exactly the single-pair ones; the pair's name otherwise.
 */
interface OfPair {
  readonly pair?: string;
}

/** Where a resource lives, and which tenant's credential may touch it. */
export interface Scope {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

interface IntentBase {
  /** Full ARM id of the resource (child resources included). */
  readonly id: ArmId;
  readonly scope: Scope;
  readonly name: string;
}

export interface CircuitIntent extends IntentBase, OfPair {
  readonly kind: 'circuit';
  readonly leg: Leg;
  readonly location: string;
  readonly tags: Tags;
  readonly sku: CircuitSku;
  readonly serviceProviderName: string;
  readonly peeringLocation: string;
  readonly bandwidthMbps: number;
}

export interface PeeringIntent extends IntentBase, OfPair {
  readonly kind: 'peering';
  readonly circuitId: ArmId;
  readonly peeringType: 'AzurePrivatePeering' | 'MicrosoftPeering';
  readonly peerAsn: number;
  readonly primaryPeerAddressPrefix: string;
  readonly secondaryPeerAddressPrefix: string;
  readonly vlanId: number;
  readonly md5Key?: SecretReference;
  readonly microsoft?: {
    readonly advertisedPublicPrefixes: readonly string[];
    readonly customerAsn?: number;
    readonly routingRegistryName: string;
    readonly routeFilterId: ArmId;
  };
}

export interface RouteFilterIntent extends IntentBase, OfPair {
  readonly kind: 'routeFilter';
  readonly location: string;
  readonly tags: Tags;
  /** A filter holds exactly one rule, and it is Allow. */
  readonly rule: { readonly name: string; readonly communities: readonly string[] };
}

export interface AuthorizationIntent extends IntentBase, OfPair {
  readonly kind: 'authorization';
  readonly circuitId: ArmId;
}

export interface GatewayIntent extends IntentBase {
  readonly kind: 'gateway';
  readonly location: string;
  readonly tags: Tags;
  readonly vnetId: ArmId;
  readonly sku: GatewaySku;
  readonly scaleUnits?: number;
  /** True when the request named an existing gateway: the automation only checks it, never changes it. */
  readonly existing: boolean;
}

export interface ConnectionIntent extends IntentBase, OfPair {
  readonly kind: 'connection';
  readonly leg: Leg;
  readonly location: string;
  readonly tags: Tags;
  readonly gatewayId: ArmId;
  readonly circuitId: ArmId;
  readonly routingWeight: number;
  readonly fastPath: boolean;
  /**
   * connect-through: the authorization (on the CSP's circuit, in the CSP's tenant) whose key this connection redeems.
   * The activity that creates the connection reads the key itself; the key never leaves that activity.
   */
  readonly authorization?: { readonly id: ArmId; readonly scope: Scope };
}

export interface RouteIntent {
  readonly name: string;
  readonly addressPrefix: string;
  readonly nextHopType: string;
  readonly nextHopIpAddress?: string;
}

export interface RouteTableIntent extends IntentBase {
  readonly kind: 'routeTable';
  readonly location: string;
  readonly tags: Tags;
  readonly disableBgpRoutePropagation: boolean;
  readonly routes: readonly RouteIntent[];
}

export interface SecurityRuleIntent {
  readonly name: string;
  readonly priority: number;
  readonly direction: 'Inbound' | 'Outbound';
  readonly access: 'Allow' | 'Deny';
  readonly protocol: string;
  readonly sourceAddressPrefix: string;
  readonly sourcePortRange: string;
  readonly destinationAddressPrefix: string;
  readonly destinationPortRange: string;
  readonly description?: string;
}

export interface NsgIntent extends IntentBase {
  readonly kind: 'nsg';
  readonly location: string;
  readonly tags: Tags;
  readonly rules: readonly SecurityRuleIntent[];
}

/** Associate a route table and/or an NSG with an existing subnet (the subnet itself is the customer's). */
export interface SubnetAssociationIntent extends IntentBase {
  readonly kind: 'subnetAssociation';
  readonly vnetId: ArmId;
  readonly routeTableId?: ArmId;
  readonly nsgId?: ArmId;
}

/**
 * The VPN gateway that carries IPsec over private peering: route-based, private IP enabled, BGP ASN 65515, in the
 * same GatewaySubnet as the VNet's ExpressRoute gateway (docs/encryption.md).
 */
export interface VpnGatewayIntent extends IntentBase {
  readonly kind: 'vpnGateway';
  readonly location: string;
  readonly tags: Tags;
  readonly vnetId: ArmId;
  readonly sku: string;
  readonly publicIpAddressId: ArmId;
  readonly asn: number;
  /** BGP over the tunnel (the on-premises device advertises the encrypted prefixes). */
  readonly enableBgp: boolean;
}

/** The on-premises VPN device as Azure sees it: its private address over private peering and what lies behind it. */
export interface LocalNetworkGatewayIntent extends IntentBase {
  readonly kind: 'localNetworkGateway';
  readonly location: string;
  readonly tags: Tags;
  readonly gatewayIpAddress: string;
  /** Static routing: the encrypted prefixes. BGP: the device's BGP peering address as a /32. */
  readonly addressPrefixes: readonly string[];
  readonly bgp?: { readonly asn: number; readonly peeringAddress: string };
}

/**
 * The IPsec connection between the VPN gateway's private IP and the on-premises device. The shared key appears only
 * as a reference: the activity that writes the connection resolves it itself.
 */
export interface VpnConnectionIntent extends IntentBase {
  readonly kind: 'vpnConnection';
  readonly location: string;
  readonly tags: Tags;
  readonly vpnGatewayId: ArmId;
  readonly localNetworkGatewayId: ArmId;
  /** The ExpressRoute gateway of the same VNet: the tunnel runs over its private peering path. */
  readonly expressRouteGatewayId: ArmId;
  readonly enableBgp: boolean;
  readonly ipsecPolicy: IpsecPolicy;
  readonly dpdTimeoutSeconds: number;
  readonly sharedKey: SecretReference;
}

export type ResourceIntent =
  | CircuitIntent
  | PeeringIntent
  | RouteFilterIntent
  | AuthorizationIntent
  | GatewayIntent
  | ConnectionIntent
  | RouteTableIntent
  | NsgIntent
  | SubnetAssociationIntent
  | VpnGatewayIntent
  | LocalNetworkGatewayIntent
  | VpnConnectionIntent;

export type ResourceKind = ResourceIntent['kind'];

/** The whole desired topology of one customer, ready to plan, ensure or diff. */
export interface Topology {
  readonly customerId: string;
  readonly tenantId: string;
  readonly model: OwnershipModel;
  readonly resources: readonly ResourceIntent[];
}
