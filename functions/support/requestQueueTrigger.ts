/**
 * The one registration behind every request queue (onboarding, bandwidth, decommission): a Service Bus queue trigger
 * with the Durable client as an extra input and the rejected-requests queue as an extra output. Settlement (see
 * functions/README.md): accepted and duplicate messages complete; refused ones are parked on the rejected-requests
 * queue and complete; anything retryable is thrown, so the host abandons the message and Service Bus redelivers it.
 */
import { app, output } from '@azure/functions';
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { appComposition } from '../../shared/composition';
import type { AppConfig } from '../../shared/config';
import type { RequestEventType } from '../../shared/messages';
import { handleRequestMessage, parkedSummary, type ReceivedMessage } from '../../shared/services/requestMessages';
import { intakeDependencies } from './intakeDependencies';
import { invocationLogger, logIntakeOutcome } from '../../shared/logging';

/** The app setting (prefix) holding the Service Bus connection: `ServiceBusConnection__fullyQualifiedNamespace`. */
export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';
/** The app setting naming the queue refused messages are parked on. */
export const REJECTED_QUEUE_SETTING = 'ERCSP_REJECTED_QUEUE';

export type RequestQueue = Exclude<keyof AppConfig['serviceBus']['queues'], 'rejected'>;

/** The app settings holding the queue names (read by `shared/config.ts` too), resolved by the host as `%SETTING%`. */
export const QUEUE_SETTINGS: Readonly<Record<RequestQueue, string>> = {
  onboarding: 'ERCSP_ONBOARDING_QUEUE',
  bandwidth: 'ERCSP_BANDWIDTH_QUEUE',
  decommission: 'ERCSP_DECOMMISSION_QUEUE',
};

/** The function of each request queue, by queue. */
export const REQUEST_QUEUE_FUNCTIONS: Readonly<Record<RequestQueue, string>> = {
  onboarding: 'onboardingRequests',
  bandwidth: 'bandwidthRequests',
  decommission: 'decommissionRequests',
};

export interface RequestQueueTrigger {
  readonly queue: RequestQueue;
  /** The request type the queue carries. */
  readonly acceptedType: RequestEventType;
}

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

export function registerRequestQueueTrigger(trigger: RequestQueueTrigger): void {
  const rejectedQueue = output.serviceBusQueue({
    queueName: `%${REJECTED_QUEUE_SETTING}%`,
    connection: SERVICE_BUS_CONNECTION,
  });
  app.serviceBusQueue(REQUEST_QUEUE_FUNCTIONS[trigger.queue], {
    connection: SERVICE_BUS_CONNECTION,
    queueName: `%${QUEUE_SETTINGS[trigger.queue]}%`,
    extraInputs: [df.input.durableClient()],
    extraOutputs: [rejectedQueue],
    handler: async (body: unknown, context: InvocationContext): Promise<void> => {
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
    },
  });
}
