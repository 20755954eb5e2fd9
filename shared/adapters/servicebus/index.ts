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
export { receiverSettlement, sdkBindingSettlement, type SdkBindingMessageActions } from './deadLetter';
