/**
 * Every refusal the simulator answers, in one place. Codes marked [azure] are ones Azure Resource Manager or the
 * Network resource provider is known to return (reference §2.11, public reports); codes marked [simulator] are ones
 * this simulator defines where Azure's code is not documented. Clients should key on the HTTP status plus the
 * CloudError shape for the [simulator] ones.
 */
import { ArmError } from './armError';

const ARM_NOT_FOUND_HELP = 'For more details please go to https://aka.ms/ARMResourceNotFoundFix';

export type ErrorOrigin = 'azure' | 'simulator';

/** The catalogue, for documentation and tests: code → origin and status. */
export const ERROR_CODES: Readonly<Record<string, { readonly origin: ErrorOrigin; readonly status: number }>> = {
  AuthenticationFailed: { origin: 'azure', status: 401 },
  InvalidAuthenticationTokenTenant: { origin: 'azure', status: 401 },
  MissingApiVersionParameter: { origin: 'azure', status: 400 },
  InvalidRequestContent: { origin: 'azure', status: 400 },
  InvalidRequestFormat: { origin: 'azure', status: 400 },
  InvalidResourceType: { origin: 'azure', status: 400 },
  LocationRequired: { origin: 'azure', status: 400 },
  InvalidResourceLocation: { origin: 'azure', status: 400 },
  InvalidResourceGroupLocation: { origin: 'azure', status: 409 },
  MethodNotAllowed: { origin: 'azure', status: 405 },
  NotFound: { origin: 'azure', status: 404 },
  OperationNotFound: { origin: 'simulator', status: 404 },
  ResourceGroupNotFound: { origin: 'azure', status: 404 },
  ResourceNotFound: { origin: 'azure', status: 404 },
  ParentResourceNotFound: { origin: 'azure', status: 404 },
  InvalidResourceReference: { origin: 'azure', status: 400 },
  SubscriptionRequestsThrottled: { origin: 'azure', status: 429 },
  RetryableErrorDueToAnotherOperation: { origin: 'azure', status: 429 },
  AnotherOperationInProgress: { origin: 'azure', status: 409 },
  InternalServerError: { origin: 'azure', status: 500 },
  ServiceUnavailable: { origin: 'azure', status: 503 },
  LinkedAuthorizationFailed: { origin: 'azure', status: 403 },
  ExpressRouteCircuitCreateMissingPortProvisioningProperties: { origin: 'azure', status: 400 },
  ExpressRouteCircuitServiceProviderNameNotSpecified: { origin: 'azure', status: 400 },
  ExpressRouteCircuitServiceProviderPeeringLocationNotSpecified: { origin: 'azure', status: 400 },
  ExpressRouteCircuitServiceProviderDoesNotExist: { origin: 'azure', status: 400 },
  ExpressRouteCircuitLocationDoesNotExistForServiceProvider: { origin: 'azure', status: 400 },
  ConflictError: { origin: 'azure', status: 400 },
  InUseRouteTableCannotBeDeleted: { origin: 'azure', status: 400 },
  InUseNetworkSecurityGroupCannotBeDeleted: { origin: 'azure', status: 400 },
  InUseSubnetCannotBeDeleted: { origin: 'azure', status: 400 },
  SecurityRuleConflict: { origin: 'azure', status: 400 },
  ExpressRouteCircuitCountLimitReached: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitBandwidthNotOffered: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitBandwidthDecreaseNotAllowed: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitServiceProviderChangeNotAllowed: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitPeeringLocationChangeNotAllowed: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitSkuFamilyDowngradeNotAllowed: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitSkuNotSpecified: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitHasPeerings: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitHasAuthorizations: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitHasConnections: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitNotProvisionedByServiceProvider: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitPeeringNameInvalid: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitPeeringVlanIdInUse: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitPeeringAddressPrefixInvalid: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitPeeringAsnReserved: { origin: 'simulator', status: 400 },
  MicrosoftPeeringConfigNotSpecified: { origin: 'simulator', status: 400 },
  RouteFilterLocationMismatch: { origin: 'simulator', status: 400 },
  RouteFilterRuleAccessMustBeAllow: { origin: 'simulator', status: 400 },
  RouteFilterRuleLimitReached: { origin: 'simulator', status: 400 },
  InUseRouteFilterCannotBeDeleted: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitAuthorizationKeyInvalid: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitAuthorizationAlreadyInUse: { origin: 'simulator', status: 400 },
  ExpressRouteCircuitPrivatePeeringNotConfigured: { origin: 'simulator', status: 400 },
  VirtualNetworkGatewayNotSucceeded: { origin: 'simulator', status: 400 },
  VirtualNetworkGatewayIpConfigurationInvalid: { origin: 'simulator', status: 400 },
  VirtualNetworkAlreadyHasExpressRouteGateway: { origin: 'simulator', status: 400 },
  InUseVirtualNetworkGatewayCannotBeDeleted: { origin: 'simulator', status: 400 },
  NetworkSecurityGroupNotAllowedOnGatewaySubnet: { origin: 'simulator', status: 400 },
  DefaultRouteNotAllowedOnGatewaySubnet: { origin: 'simulator', status: 400 },
  SecurityRulePriorityOutOfRange: { origin: 'simulator', status: 400 },
  SubnetAddressPrefixOutsideVirtualNetwork: { origin: 'simulator', status: 400 },
  UnsupportedBySimulator: { origin: 'simulator', status: 400 },
  // Encryption over ExpressRoute (kinds/vpnGateway.ts, localNetworkGateway.ts, ipsecConnection.ts)
  GatewaySubnetTooSmallForCoexistence: { origin: 'simulator', status: 400 },
  VpnGatewaySkuNotSupportedForCoexistence: { origin: 'simulator', status: 400 },
  VpnGatewayMustBeRouteBasedForCoexistence: { origin: 'simulator', status: 400 },
  VpnGatewayAsnNotSupportedForCoexistence: { origin: 'simulator', status: 400 },
  PrivateIpAddressNotSupportedOnGatewaySku: { origin: 'simulator', status: 400 },
  PrivateIpAddressNotEnabledOnGateway: { origin: 'simulator', status: 400 },
  ConnectionTypeNotSupportedByGateway: { origin: 'simulator', status: 400 },
  IpsecPolicyInvalid: { origin: 'simulator', status: 400 },
  InUseLocalNetworkGatewayCannotBeDeleted: { origin: 'simulator', status: 400 },
};

function error(code: keyof typeof ERROR_CODES, message: string, headers?: Record<string, string>): ArmError {
  const status = ERROR_CODES[code]?.status ?? 400;
  return new ArmError(status, code, message, headers);
}

export const errors = {
  authenticationHeaderMissing: () =>
    new ArmError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
      'WWW-Authenticate':
        'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
    }),
  authenticationHeaderMalformed: () =>
    new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is provided in an invalid format.",
    ),
  wrongTenant: (tokenTenant: string, subscriptionTenant: string) =>
    error(
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer 'https://sts.windows.net/${tokenTenant}/'. It must match the tenant 'https://sts.windows.net/${subscriptionTenant}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${subscriptionTenant}' to get the token.`,
    ),
  missingApiVersion: () =>
    error(
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),
  invalidJson: (detail: string) =>
    error('InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`),
  invalidRequestFormat: (field: string, rule: string) =>
    error('InvalidRequestFormat', `Cannot parse the request: '${field}' ${rule}.`),
  invalidResourceType: (type: string, apiVersion: string) =>
    error(
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace 'Microsoft.Network' for api version '${apiVersion}'.`,
    ),
  methodNotAllowed: (method: string) =>
    new ArmError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`),
  locationRequired: () => error('LocationRequired', 'The location property is required for this definition.'),
  locationChanged: (name: string, existing: string, requested: string, resourceGroup: string) =>
    error(
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${existing}' in resource group '${resourceGroup}'. A resource with the same name cannot be created in location '${requested}'. Please select a new resource name.`,
    ),
  resourceGroupNotFound: (resourceGroup: string) =>
    error('ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`),
  resourceNotFound: (typeAndName: string, resourceGroup: string) =>
    error(
      'ResourceNotFound',
      `The Resource '${typeAndName}' under resource group '${resourceGroup}' was not found. ${ARM_NOT_FOUND_HELP}`,
    ),
  /** A missing child resource (peering, authorization…): the Network provider answers, not ARM (recorded). */
  childNotFound: (id: string) => error('NotFound', `Resource ${id} not found.`),
  parentNotFound: (parentName: string) =>
    error(
      'ParentResourceNotFound',
      `Can not perform requested operation on nested resource. Parent resource '${parentName}' not found.`,
    ),
  invalidReference: (referencedId: string, referencingId: string) =>
    error(
      'InvalidResourceReference',
      `Resource ${referencedId} referenced by resource ${referencingId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    ),
  throttled: (retryAfterSeconds: number, bucket: string) =>
    error(
      'SubscriptionRequestsThrottled',
      `Number of '${bucket}' requests for subscription exceeded the limit. Please try again after '${retryAfterSeconds}' seconds.`,
      { 'Retry-After': String(retryAfterSeconds) },
    ),
  anotherOperationInProgress: (
    status: 409 | 429,
    operationName: string,
    blockingStatusUrl: string,
    retryAfterSeconds: number,
  ) =>
    status === 429
      ? error(
          'RetryableErrorDueToAnotherOperation',
          `Operation ${operationName} is not allowed right now because another operation on this or a dependent resource is in progress. Retry after the interval in the Retry-After header. To retrieve status of the operation use uri: ${blockingStatusUrl}`,
          { 'Retry-After': String(retryAfterSeconds) },
        )
      : error(
          'AnotherOperationInProgress',
          `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${blockingStatusUrl}`,
          { 'Retry-After': String(retryAfterSeconds) },
        ),
  internalServerError: () =>
    error('InternalServerError', 'Encountered internal server error. Diagnostic information: simulated fault.'),
  serviceUnavailable: (retryAfterSeconds: number | undefined) =>
    error(
      'ServiceUnavailable',
      'The service is temporarily unavailable (simulated fault). Please retry.',
      retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) },
    ),
  linkedAuthorizationFailed: (circuitId: string, connectionId: string) =>
    error(
      'LinkedAuthorizationFailed',
      `The client has permission to perform action 'Microsoft.Network/connections/write' on scope '${connectionId}', however the current tenant or subscription is not authorized to perform action 'Microsoft.Network/expressRouteCircuits/join/action' on linked scope(s) '${circuitId}' without an authorization key.`,
    ),
  /**
   * A circuit create beyond the subscription's ExpressRoute circuit quota. No public record of Azure's answer for
   * circuits was found (searched: GitHub issues and docs for the circuit quota's error, the subscription limits page,
   * azure-rest-api-specs). The shape follows the Network resource provider's count limits, whose answers are on record
   * verbatim for public IPs (400 `PublicIPCountLimitReached` / `IPv4BasicSkuPublicIpCountLimitReached`, "Cannot create
   * more than N public IP addresses for this subscription in this region."): status and message wording fairly sure,
   * the code itself a guess in that pattern, hence marked [simulator]. Clients should key on 400 plus the wording.
   */
  circuitCountLimitReached: (limit: number, scope: 'region' | 'subscription') =>
    error(
      'ExpressRouteCircuitCountLimitReached',
      scope === 'region'
        ? `Cannot create more than ${limit} ExpressRoute circuits for this subscription in this region.`
        : `Cannot create more than ${limit} ExpressRoute circuits for this subscription.`,
    ),
  unsupported: (what: string) => error('UnsupportedBySimulator', `${what} is not supported by the ARM simulator.`),
  code: error,
};
