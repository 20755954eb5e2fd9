/**
 * Stable codes for refusals the adapter decides itself, before (or instead of) asking ARM. Where the project's ARM
 * simulator (and so the project's error catalogue) already names the same condition, the adapter uses that name, so
 * one condition has one code whichever side refuses. ARM's own codes pass through unchanged
 * (`AnotherOperationInProgress`, `InUseRouteTableCannotBeDeleted`, ...). None of these is retryable unless noted.
 */
import { ErrorCodes } from '../../errors';

export const ArmAdapterErrorCodes = {
  /** A peering write before the provider reported `serviceProviderProvisioningState: Provisioned`. */
  circuitNotProvisioned: 'ExpressRouteCircuitNotProvisionedByServiceProvider',
  /** Bandwidth only grows in place; a smaller circuit is a new circuit (migration). */
  bandwidthDecrease: 'ExpressRouteCircuitBandwidthDecreaseNotAllowed',
  /** The provider does not sell that bandwidth (checked against `expressRouteServiceProviders`). */
  bandwidthNotOffered: 'ExpressRouteCircuitBandwidthNotOffered',
  /** UnlimitedData cannot become MeteredData in place. */
  skuFamilyDowngrade: 'ExpressRouteCircuitSkuFamilyDowngradeNotAllowed',
  serviceProviderChange: 'ExpressRouteCircuitServiceProviderChangeNotAllowed',
  peeringLocationChange: 'ExpressRouteCircuitPeeringLocationChangeNotAllowed',
  /** Region, gateway type, VNet, connection endpoints: fixed once created. */
  immutableProperty: 'ImmutablePropertyChange',
  /** The provider still has the circuit (state not NotProvisioned): ARM refuses to delete it, billing goes on. */
  circuitProvisionedCannotDelete: 'CircuitProvisionedCannotDelete',
  /** The circuit's write finished but the circuit is Failed / Disabled (user-needs row 3: alert). */
  circuitFailed: 'CircuitProvisioningFailed',
  /** Retryable. After a successful PUT the resource does not show what was written. */
  readAfterWriteMismatch: 'ReadAfterWriteMismatch',
  /** Retryable. After a successful PUT the resource is not visible to GET (user-needs row 13). */
  readAfterWriteNotVisible: 'ReadAfterWriteNotVisible',
  /** The authorization was redeemed by another connection: a key is single-use. (Retryable only while a release of
   * this very connection's redemption is pending.) */
  authorizationInUse: 'AuthorizationInUse',
  authorizationNotFound: 'AuthorizationNotFound',
  /** ARM returned no key for an Available authorization. */
  authorizationKeyUnavailable: 'AuthorizationKeyUnavailable',
  /** A child's parent (circuit, VNet, subnet) does not exist. */
  parentNotFound: 'ParentResourceNotFound',
  /** An existing gateway named by the request is missing, not ExpressRoute, or not usable. */
  gatewayNotFound: 'GatewayNotFound',
  gatewayNotExpressRoute: 'GatewayNotExpressRoute',
  gatewayNotUsable: 'GatewayNotUsable',
  /** NSGs are not supported on GatewaySubnet (built-in policy 35f9c03a denies it). */
  nsgOnGatewaySubnet: 'NetworkSecurityGroupNotAllowedOnGatewaySubnet',
  /** A 0.0.0.0/0 route on GatewaySubnet blocks gateway creation. */
  defaultRouteOnGatewaySubnet: 'DefaultRouteNotAllowedOnGatewaySubnet',
  /** A route table on GatewaySubnet must keep BGP route propagation enabled. */
  bgpPropagationDisabledOnGatewaySubnet: 'BgpRoutePropagationRequiredOnGatewaySubnet',
  /** An MD5 key reference needs a SecretResolver, and none was configured. */
  secretResolverMissing: 'SecretResolverNotConfigured',
  /** Retryable. The long-running operation ended as Canceled. */
  operationCanceled: 'OperationCanceled',
  /** The long-running operation failed without an error code. */
  operationFailed: 'LongRunningOperationFailed',
  /** An ensure found the resource mid-operation, waited, and that operation ended Failed. */
  resourceProvisioningFailed: 'ResourceProvisioningFailed',
  /** Retryable. An ensure found the resource mid-operation and it was still not settled after the last read. */
  resourceNotSettled: ErrorCodes.resourceNotSettled,
  /** Retryable. A transport failure without an HTTP status and without a Node error code. */
  requestSendError: 'RequestSendError',
} as const;
