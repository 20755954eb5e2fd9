/**
 * The one registration behind every request queue (onboarding, bandwidth, decommission): a Service Bus queue trigger
 * with the Durable client as an extra input and the rejected-requests queue as an extra output. Settlement (see
 * functions/README.md): accepted and duplicate messages complete; refused ones are parked on the rejected-requests
 * queue and complete; anything retryable is thrown, so the host abandons the message and Service Bus redelivers it.
 */
import { app, output } from '@azure/functions';
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { AppConfig } from '../../shared/config';
import type { RequestEventType } from '../../shared/messages/eventTypes';
import type * as RequestQueueHandler from '../handlers/requestQueue';

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

function handlers(): typeof RequestQueueHandler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at the first call (lazyHandler.ts)
  return require('../handlers/requestQueue') as typeof RequestQueueHandler;
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
    // The intake loads with the first message (lazyHandler.ts); Node caches it for the next ones.
    handler: (body: unknown, context: InvocationContext) =>
      handlers().handleRequestQueueMessage(trigger, rejectedQueue, body, context),
  });
}
