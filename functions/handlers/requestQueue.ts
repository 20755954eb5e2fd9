/**
 * The handler of every request queue trigger (support/requestQueueTrigger.ts), required at its first message
 * (support/lazyHandler.ts): the intake's services and schemas are not part of a cold start. Settlement is described
 * in the registration file and functions/README.md.
 */
import type { InvocationContext, ServiceBusQueueOutput } from '@azure/functions';
import { appComposition } from '../../shared/composition';
import { handleRequestMessage, parkedSummary, type ReceivedMessage } from '../../shared/services/requestMessages';
import { intakeDependencies } from '../support/intakeDependencies';
import type { RequestQueueTrigger } from '../support/requestQueueTrigger';
import { invocationLogger, logIntakeOutcome } from '../../shared/logging';

function metadataString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

function metadataNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** The message and its identity, from the trigger value and metadata. */
function receivedMessage(body: unknown, context: InvocationContext, queue: string): ReceivedMessage {
  const metadata = context.triggerMetadata ?? {};
  const messageId = metadataString(metadata.messageId);
  const deliveryCount = metadataNumber(metadata.deliveryCount);
  const enqueuedTimeUtc = metadataString(metadata.enqueuedTimeUtc);
  return {
    body,
    queue,
    ...(messageId === undefined ? {} : { messageId }),
    ...(deliveryCount === undefined ? {} : { deliveryCount }),
    ...(enqueuedTimeUtc === undefined ? {} : { enqueuedTimeUtc }),
  };
}

/** Hands one message to the intake; a refused one is parked on `rejectedQueue` (the trigger's extra output). */
export async function handleRequestQueueMessage(
  trigger: RequestQueueTrigger,
  rejectedQueue: ServiceBusQueueOutput,
  body: unknown,
  context: InvocationContext,
): Promise<void> {
  const composition = appComposition();
  const message = receivedMessage(body, context, composition.config.serviceBus.queues[trigger.queue]);
  const disposition = await handleRequestMessage(message, intakeDependencies(context, composition), {
    acceptedType: trigger.acceptedType,
  });
  if (disposition.action === 'park') {
    context.extraOutputs.set(rejectedQueue, disposition.record);
    invocationLogger(context, {
      ...(disposition.record.requestId === undefined ? {} : { requestId: disposition.record.requestId }),
    }).warn(parkedSummary(disposition.record), {
      queue: disposition.record.queue,
      reason: disposition.record.reason,
    });
    return;
  }
  logIntakeOutcome(
    invocationLogger(context, { messageId: message.messageId }),
    `queue ${trigger.queue}`,
    disposition.outcome,
  );
}
