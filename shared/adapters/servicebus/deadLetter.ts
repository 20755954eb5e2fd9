/**
 * For Service Bus triggers: what to do with a message whose handling failed. A message that can never succeed
 * (unparsable, invalid, refused by a rule) goes to the dead-letter queue at once with a reason and a description
 * saying which field broke which rule; anything that might succeed later is rethrown so that Service Bus redelivers
 * it, bounded by the entity's MaxDeliveryCount (after which Service Bus dead-letters it as
 * `MaxDeliveryCountExceeded`). See README.md for which settlement the Functions Node worker can offer.
 */
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import type { DeadLetterSettlement } from '../../ports/messageSettlement';

/**
 * The message actions of an SDK-type Service Bus binding (`@azure/functions-extensions-servicebus`,
 * `sdkBinding: true`, `autoCompleteMessages: false`), as far as dead-lettering goes. Structural, so that nothing
 * here depends on that preview package: its `ServiceBusMessageActions` fits.
 */
export interface SdkBindingMessageActions<TMessage> {
  deadletter(
    message: TMessage,
    propertiesToModify?: undefined,
    deadletterReason?: string,
    deadletterErrorDescription?: string,
  ): Promise<void>;
}

/** Dead-letters through an SDK-type binding's message actions (the host settles the message over gRPC). */
export function sdkBindingSettlement<TMessage>(
  actions: SdkBindingMessageActions<TMessage>,
  message: TMessage,
): DeadLetterSettlement {
  return {
    deadLetter: ({ reason, description }) => actions.deadletter(message, undefined, reason, description),
  };
}

/** Dead-letters through an `@azure/service-bus` receiver in peek-lock mode (local harnesses, workers, tests). */
export function receiverSettlement(
  receiver: Pick<ServiceBusReceiver, 'deadLetterMessage'>,
  message: ServiceBusReceivedMessage,
): DeadLetterSettlement {
  return {
    deadLetter: ({ reason, description }) =>
      receiver.deadLetterMessage(message, { deadLetterReason: reason, deadLetterErrorDescription: description }),
  };
}
