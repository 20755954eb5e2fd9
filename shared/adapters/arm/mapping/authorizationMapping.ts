/** Circuit authorization: the intent owns only its existence. The key is never read into an intent or a state. */
import type { ExpressRouteCircuitAuthorization } from '@azure/arm-network';
import type { AuthorizationIntent, Scope } from '../../../domain/intents';
import type { AuthorizationState } from '../../../ports/network';

/** An authorization is created with an empty body; ARM issues the key. */
export function authorizationBody(intent: AuthorizationIntent): ExpressRouteCircuitAuthorization {
  return { name: intent.name };
}

export function authorizationToIntent(
  authorization: ExpressRouteCircuitAuthorization,
  circuitId: string,
  scope: Scope,
): AuthorizationIntent {
  return {
    kind: 'authorization',
    id: authorization.id ?? `${circuitId}/authorizations/${authorization.name ?? ''}`,
    scope,
    name: authorization.name ?? '',
    circuitId,
  };
}

export function authorizationState(
  authorization: ExpressRouteCircuitAuthorization,
  managed: boolean,
): AuthorizationState {
  return {
    provisioningState: authorization.provisioningState ?? 'Unknown',
    managed,
    authorizationUseStatus: authorization.authorizationUseStatus ?? 'Unknown',
    ...(authorization.connectionResourceUri === undefined || authorization.connectionResourceUri === ''
      ? {}
      : { connectionResourceUri: authorization.connectionResourceUri }),
  };
}
