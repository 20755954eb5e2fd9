/**
 * Connections. Connect-to (same customer, no authorization): an owned top-level resource like any other.
 *
 * Connect-through: the circuit is the CSP's (CSP tenant), the connection the customer's (customer tenant). The
 * authorization is read with a client for the AUTHORIZATION's scope, the connection written with a client for the
 * CONNECTION's scope; each client went through the tenant guard. The key is redeemed only when needed:
 * - authorization Available (connection absent, or present but not linked through it): PUT with the key;
 * - authorization InUse by this connection: the key is not fetched or sent again; owned-field drift is written as
 *   the GET body with only those fields changed (so whatever redemption ARM echoes back stays as it is);
 * - InUse by another connection: `AuthorizationInUse`, not retryable (a key is single-use).
 * The key lives in one local variable; it is never logged, returned, or left in an error message.
 */
import type { ExpressRouteCircuitAuthorization } from '@azure/arm-network';
import type { ConnectionIntent } from '../../../domain/intents';
import { sameArmId } from '../../../domain/naming';
import { ArmOperationError } from '../../../errors';
import type { ConnectionState, EnsureOptions, Ensured } from '../../../ports/network';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { assertManaged } from '../ownership';
import { getAuthorization } from './authorizationOperations';
import { circuitRefOf, parentCircuitId } from './circuitChildren';
import { connectionKind } from './topLevelKinds';
import { ensureTopLevel, getTopLevel } from './topLevelResource';

export type Redemption = 'redeem' | 'linked' | { readonly refuse: string; readonly retryable: boolean };

/** Pure: what to do with the authorization, given whether the connection exists and what the authorization says. */
export function redemptionFor(
  connectionId: string,
  connectionExists: boolean,
  authorization: Pick<ExpressRouteCircuitAuthorization, 'authorizationUseStatus' | 'connectionResourceUri'>,
): Redemption {
  if (authorization.authorizationUseStatus !== 'InUse') return 'redeem';
  const usedBy = authorization.connectionResourceUri;
  const byThis = usedBy !== undefined && usedBy !== '' && sameArmId(usedBy, connectionId);
  if (connectionExists && (byThis || usedBy === undefined || usedBy === '')) return 'linked';
  if (byThis) {
    return {
      refuse: 'it is still marked as redeemed by this connection, which no longer exists (release pending)',
      retryable: true,
    };
  }
  return {
    refuse: `it has already been redeemed by ${usedBy ?? 'another connection'}; a key is single-use`,
    retryable: false,
  };
}

export async function ensureConnection(
  context: ArmContext,
  intent: ConnectionIntent,
  options: EnsureOptions = {},
): Promise<Ensured<ConnectionIntent, ConnectionState>> {
  const authorizationRef = intent.authorization;
  if (authorizationRef === undefined) return ensureTopLevel(context, connectionKind, intent, options);

  const connectionClient = await context.clientFor(intent.scope);
  const existing = await getTopLevel(connectionKind, connectionClient, intent);
  if (existing !== undefined) assertManaged(intent.id, existing.tags, context.managedTag);

  const authorizationClient = await context.clientFor(authorizationRef.scope);
  const name = authorizationRef.id.slice(authorizationRef.id.lastIndexOf('/') + 1);
  const authorization = await getAuthorization(
    authorizationClient,
    circuitRefOf(parentCircuitId(authorizationRef.id)),
    name,
    authorizationRef.id,
  );
  if (authorization === undefined) {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.authorizationNotFound,
      `${intent.id}: the authorization ${authorizationRef.id} it should redeem does not exist`,
      { retryable: false, statusCode: 404, target: intent.id },
    );
  }
  const redemption = redemptionFor(intent.id, existing !== undefined, authorization);
  if (typeof redemption === 'object') {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.authorizationInUse,
      `${intent.id}: cannot redeem ${authorizationRef.id}: ${redemption.refuse}`,
      { retryable: redemption.retryable, target: intent.id },
    );
  }
  const current = { value: existing };
  if (redemption === 'linked') return ensureTopLevel(context, connectionKind, intent, options, { current });

  const key = authorization.authorizationKey;
  if (key === undefined || key === '') {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.authorizationKeyUnavailable,
      `${intent.id}: ARM returned no key for the Available authorization ${authorizationRef.id} (provisioningState ${authorization.provisioningState ?? '?'})`,
      // Right after creation ARM shows no key until the authorization's operation has succeeded.
      { retryable: authorization.provisioningState !== 'Succeeded', target: intent.id },
    );
  }
  return ensureTopLevel(context, connectionKind, intent, options, {
    current,
    forceWrite: true,
    decorate: (body) => ({ ...body, authorizationKey: key }),
    secrets: [key],
  });
}
