/**
 * Gateways. A gateway the automation builds is ensured like any owned top-level resource (`waitForCompletion:
 * false` lets an orchestration poll the 30-45 minute build with durable timers). A gateway the request named
 * (`existing: true`) is the customer's: it is only read and checked — ExpressRoute type, in the intent's VNet,
 * Succeeded or Updating — and never written, tags included.
 */
import type { VirtualNetworkGateway } from '@azure/arm-network';
import type { GatewayIntent } from '../../../domain/intents';
import { ArmOperationError } from '../../../errors';
import type { EnsureOptions, Ensured } from '../../../ports/network';
import type { ArmContext } from '../armContext';
import { ArmAdapterErrorCodes } from '../armErrorCodes';
import { sameCaseInsensitive, sameOptionalId } from '../compare';
import { gatewayToIntent, gatewayVnetId } from '../mapping/gatewayMapping';
import { gatewayKind } from './topLevelKinds';
import { ensureTopLevel, getTopLevel, stateOf } from './topLevelResource';

const USABLE_STATES = new Set(['succeeded', 'updating']);

/** Why an existing gateway cannot carry this intent's connections, or undefined when it can. */
export function existingGatewayProblem(
  intent: GatewayIntent,
  gateway: VirtualNetworkGateway,
): { code: string; detail: string } | undefined {
  if (!sameCaseInsensitive(gateway.gatewayType, 'ExpressRoute')) {
    return {
      code: ArmAdapterErrorCodes.gatewayNotExpressRoute,
      detail: `it is a ${gateway.gatewayType ?? 'typeless'} gateway, not ExpressRoute`,
    };
  }
  if (!sameOptionalId(gatewayVnetId(gateway), intent.vnetId)) {
    return {
      code: ArmAdapterErrorCodes.gatewayNotUsable,
      detail: `it belongs to ${gatewayVnetId(gateway) || 'no VNet'}, not to ${intent.vnetId}`,
    };
  }
  const state = gateway.provisioningState ?? 'Unknown';
  if (!USABLE_STATES.has(state.toLowerCase())) {
    return { code: ArmAdapterErrorCodes.gatewayNotUsable, detail: `its provisioningState is ${state}` };
  }
  return undefined;
}

export async function ensureGateway(
  context: ArmContext,
  intent: GatewayIntent,
  options: EnsureOptions = {},
): Promise<Ensured<GatewayIntent>> {
  if (!intent.existing) return ensureTopLevel(context, gatewayKind, intent, options);

  const client = await context.clientFor(intent.scope);
  const gateway = await getTopLevel(gatewayKind, client, intent);
  if (gateway === undefined) {
    throw new ArmOperationError(
      ArmAdapterErrorCodes.gatewayNotFound,
      `${intent.id}: the request names this existing gateway, and it does not exist`,
      { retryable: false, statusCode: 404, target: intent.id },
    );
  }
  const problem = existingGatewayProblem(intent, gateway);
  if (problem !== undefined) {
    throw new ArmOperationError(problem.code, `${intent.id}: the existing gateway cannot be used: ${problem.detail}`, {
      retryable: false,
      target: intent.id,
    });
  }
  return {
    outcome: 'unchanged',
    intent: gatewayToIntent(gateway, intent.scope, context.managedTag),
    state: stateOf(gateway, context.managedTag),
  };
}
