import type { InvocationContext } from '@azure/functions';
import type { ResourceIntent, ResourceKind } from '../../shared/domain/intents';
import { AppError, ErrorCodes, errorDetails } from '../../shared/errors';
import type { EnsureOptions, Ensured, NetworkPort } from '../../shared/ports/network';
import type { EnsureResourceInput, EnsureResourceOutput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { summarize } from './summary';
import { invocationLogger } from '../../shared/logging';

type EnsureMethod = (network: NetworkPort, intent: ResourceIntent, options: EnsureOptions) => Promise<Ensured>;

/** The port method for each kind; the intent's kind was checked by the type of the activity that calls it. */
const ENSURE: Record<ResourceKind, EnsureMethod> = {
  circuit: (n, i, o) => n.ensureCircuit(i as Extract<ResourceIntent, { kind: 'circuit' }>, o),
  peering: (n, i, o) => n.ensurePeering(i as Extract<ResourceIntent, { kind: 'peering' }>, o),
  routeFilter: (n, i, o) => n.ensureRouteFilter(i as Extract<ResourceIntent, { kind: 'routeFilter' }>, o),
  authorization: (n, i, o) => n.ensureAuthorization(i as Extract<ResourceIntent, { kind: 'authorization' }>, o),
  gateway: (n, i, o) => n.ensureGateway(i as Extract<ResourceIntent, { kind: 'gateway' }>, o),
  connection: (n, i, o) => n.ensureConnection(i as Extract<ResourceIntent, { kind: 'connection' }>, o),
  routeTable: (n, i, o) => n.ensureRouteTable(i as Extract<ResourceIntent, { kind: 'routeTable' }>, o),
  nsg: (n, i, o) => n.ensureNsg(i as Extract<ResourceIntent, { kind: 'nsg' }>, o),
  subnetAssociation: (n, i, o) =>
    n.ensureSubnetAssociation(i as Extract<ResourceIntent, { kind: 'subnetAssociation' }>, o),
  vpnGateway: (n, i, o) => n.ensureVpnGateway(i as Extract<ResourceIntent, { kind: 'vpnGateway' }>, o),
  localNetworkGateway: (n, i, o) =>
    n.ensureLocalNetworkGateway(i as Extract<ResourceIntent, { kind: 'localNetworkGateway' }>, o),
  vpnConnection: (n, i, o) => n.ensureVpnConnection(i as Extract<ResourceIntent, { kind: 'vpnConnection' }>, o),
};

/**
 * Ensures one resource of `kind` and checkpoints the step. Idempotent (the port GETs, compares, and writes only what
 * differs), so a redelivered or resumed activity writes nothing twice. What the adapter gave up on (Azure's
 * refusals, and throttling or conflicts past the adapter's retry budget) comes back as a typed result.
 */
export function createEnsureActivity(deps: ActivityDependencies, kind: ResourceKind) {
  return async (input: EnsureResourceInput, context: InvocationContext): Promise<EnsureResourceOutput> => {
    if (input.intent.kind !== kind) {
      throw new AppError(
        ErrorCodes.wrongActivity,
        `the ${kind} activity was given a ${input.intent.kind} intent (${input.stepKey})`,
      );
    }
    const entry = { customerId: input.customerId, requestId: input.requestId, stepKey: input.stepKey };
    await deps.checkpoints.record({ ...entry, status: 'Started', armIds: [input.intent.id] });
    try {
      const ensured = await ENSURE[kind](deps.network, input.intent, { waitForCompletion: input.waitForCompletion });
      const done = ensured.state.provisioningState === 'Succeeded';
      await deps.checkpoints.record({
        ...entry,
        status: done ? 'Succeeded' : 'Waiting',
        armIds: [ensured.intent.id],
        outcome: ensured.outcome,
        detail: { provisioningState: ensured.state.provisioningState },
      });
      invocationLogger(context).info(`${input.stepKey}: ${ensured.outcome} (${ensured.state.provisioningState})`, {
        armId: ensured.intent.id,
        outcome: ensured.outcome,
        provisioningState: ensured.state.provisioningState,
      });
      return { ok: true, resource: summarize(ensured, ensured.outcome) };
    } catch (error) {
      // A crash (anything but the adapter's typed answer) is thrown for Durable's crash retry, and the step's
      // checkpoint stays Started: it says Failed only once the step gives up (here, or in the orchestrator when
      // the crash retries run out).
      if (!(error instanceof AppError)) throw error;
      const details = errorDetails(error);
      if (details.code === ErrorCodes.resourceNotSettled) {
        // Not a failure: the orchestrator waits for the resource on durable timers and ensures it again.
        await deps.checkpoints.record({
          ...entry,
          status: 'Waiting',
          armIds: [input.intent.id],
          detail: 'the resource is mid-operation; waiting for it to settle',
        });
        return { ok: false, error: details };
      }
      await deps.checkpoints.record({
        ...entry,
        status: 'Failed',
        armIds: [input.intent.id],
        errorCode: details.code,
        errorMessage: details.message,
      });
      invocationLogger(context).warn(`${input.stepKey}: ${details.code}`, {
        armId: input.intent.id,
        code: details.code,
      });
      return { ok: false, error: details };
    }
  };
}
