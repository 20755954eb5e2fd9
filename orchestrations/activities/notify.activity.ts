import type { InvocationContext } from '@azure/functions';
import { isRealServiceKey } from '../../shared/domain/serviceKey';
import { pairLegLabel } from '../../shared/domain/stepKeys';
import { AppError, ErrorCodes } from '../../shared/errors';
import { OutboundEventTypes } from '../../shared/ports/outbound';
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
    invocationLogger(context).info(`${input.kind} sent for leg ${pairLegLabel(input.leg, input.pair)}`, {
      eventId: id,
    });
  };
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
