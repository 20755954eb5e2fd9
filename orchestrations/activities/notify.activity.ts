import type { InvocationContext } from '@azure/functions';
import { isRealServiceKey } from '../../shared/domain/serviceKey';
import { pairLegLabel } from '../../shared/domain/stepKeys';
import { AppError, ErrorCodes } from '../../shared/errors';
import { OutboundEventTypes } from '../../shared/ports/outbound';
import type { AwaitedProviderState } from '../../shared/ports/providerWaits';
import { InstanceIds } from '../../shared/ports/requestWorkflows';
import { parseArmId } from '../../shared/domain/armIds';
import type { NotifyProviderInput, PublishEventInput } from '../contracts';
import type { ActivityDependencies } from '../../shared/ports/activityDependencies';
import { invocationLogger } from '../../shared/logging';

const PROVIDER_EVENT_TYPES = {
  'service-key-ready': OutboundEventTypes.serviceKeyReady,
  reminder: OutboundEventTypes.provisioningReminder,
  escalation: OutboundEventTypes.provisioningEscalated,
  'deprovision-requested': OutboundEventTypes.deprovisionRequested,
  'deprovision-reminder': OutboundEventTypes.deprovisioningReminder,
  'deprovision-escalation': OutboundEventTypes.deprovisioningEscalated,
} as const;

/** The hand-offs that are steps of their own: their checkpoint says Succeeded once the event is sent. */
const CHECKPOINTED_KINDS: ReadonlySet<NotifyProviderInput['kind']> = new Set([
  'service-key-ready',
  'deprovision-requested',
]);

/**
 * Tells the connectivity provider (through the outbound topic) what it needs: the circuit's service key (not a
 * secret: it identifies the circuit to the provider), reminders while waiting, and the escalation at the deadline.
 * The event id is deterministic, so a retried or replayed notification is dropped as a duplicate.
 */
export function createNotifyProviderActivity(deps: ActivityDependencies) {
  return async (input: NotifyProviderInput, context: InvocationContext): Promise<void> => {
    if (!isRealServiceKey(input.serviceKey)) {
      // The orchestrator reads the circuit until Azure shows a real key; this is the last line of defence.
      throw new AppError(
        ErrorCodes.serviceKeyUnavailable,
        `${input.circuitId}: refusing to send the provider a placeholder or empty service key`,
      );
    }
    const id = `${input.requestId}:${input.kind}:${pairLegLabel(input.leg, input.pair)}:${input.sequence}`;
    await deps.outbound.publish({
      id,
      type: PROVIDER_EVENT_TYPES[input.kind],
      subject: input.customerId,
      time: new Date().toISOString(),
      data: {
        requestId: input.requestId,
        leg: input.leg,
        ...(input.pair === undefined ? {} : { pair: input.pair }),
        circuitId: input.circuitId,
        serviceKey: input.serviceKey,
        ...(input.detail === undefined ? {} : { detail: input.detail }),
      },
    });
    if (CHECKPOINTED_KINDS.has(input.kind)) {
      await deps.checkpoints.record({
        customerId: input.customerId,
        requestId: input.requestId,
        stepKey: input.stepKey,
        status: 'Succeeded',
        armIds: [input.circuitId],
        detail: { event: id },
      });
    }
    await registerProviderWait(deps, input, context);
    invocationLogger(context).info(`${input.kind} sent for leg ${pairLegLabel(input.leg, input.pair)}`, {
      eventId: id,
    });
  };
}

/** The hand-offs that begin a provider wait: what the wait awaits, and its `awaitProvider` instance. */
const WAIT_OF_KIND: Partial<
  Record<NotifyProviderInput['kind'], { awaiting: AwaitedProviderState; instanceId: typeof InstanceIds.providerWait }>
> = {
  'service-key-ready': { awaiting: 'Provisioned', instanceId: InstanceIds.providerWait },
  'deprovision-requested': { awaiting: 'NotProvisioned', instanceId: InstanceIds.deprovisionWait },
};

/**
 * Puts the wait that this hand-off begins in the registry the fleet-wide provider watcher reads
 * (docs/provider-watcher.md), so that the provider's answer wakes it within one watch interval. Done here rather than
 * by the orchestrators so that their schedule, and the histories of instances in flight, do not change. The circuit's
 * subscription is read with the CSP's tenant when it is one of the CSP's, otherwise with the tenant of the customer
 * who owns it; when neither is known the wait is not registered and its own slow poll still finds the answer.
 */
async function registerProviderWait(
  deps: ActivityDependencies,
  input: NotifyProviderInput,
  context: InvocationContext,
): Promise<void> {
  const wait = WAIT_OF_KIND[input.kind];
  if (wait === undefined || deps.providerWaits === undefined) return;
  const subscriptionId = parseArmId(input.circuitId).subscriptionId.toLowerCase();
  const tenantId = deps.csp.subscriptionIds.some((id) => id.toLowerCase() === subscriptionId)
    ? deps.csp.tenantId
    : await deps.customers.tenantOfSubscription(subscriptionId);
  if (tenantId === undefined) {
    invocationLogger(context).warn('provider wait not registered: the tenant of the circuit subscription is unknown', {
      circuitId: input.circuitId,
    });
    return;
  }
  await deps.providerWaits.register({
    instanceId: wait.instanceId(InstanceIds.forRequest(input.requestId), input.leg, input.pair),
    requestId: input.requestId,
    customerId: input.customerId,
    circuitId: input.circuitId,
    tenantId,
    subscriptionId,
    awaiting: wait.awaiting,
    registeredAt: new Date().toISOString(),
  });
}

export function createPublishEventActivity(deps: ActivityDependencies) {
  return async (input: PublishEventInput): Promise<void> => {
    await deps.outbound.publish({
      id: input.id,
      type: input.type,
      subject: input.customerId,
      time: input.time,
      data: input.data,
    });
  };
}
