export {
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  CLOUDEVENTS_SPEC_VERSION,
  CloudEventsAmqpProperties,
  EVENT_DATA_CONTENT_TYPE,
  ServiceBusOutboundEvents,
  toCloudEventMessage,
  type CloudEventJson,
  type ServiceBusOutboundEventsOptions,
} from './outboundEvents';
export {
  DEAD_LETTER_TEXT_MAX_LENGTH,
  DeadLetterReasons,
  deadLetterOrRethrow,
  dispositionFor,
  receiverSettlement,
  sdkBindingSettlement,
  type DeadLetterInstruction,
  type DeadLetterSettlement,
  type FailureDisposition,
  type SdkBindingMessageActions,
} from './deadLetter';
