export {
  DEFAULT_LOCK_DURATION_MS,
  DEFAULT_MAX_DELIVERY_COUNT,
  DEFAULT_DUPLICATE_DETECTION_WINDOW_MS,
  MAX_DELIVERY_COUNT_EXCEEDED,
  type QueueDefinition,
  type SubscriptionDefinition,
  type TopicDefinition,
} from './broker';
export type { PeerInboundMessage, PeerMessage } from './messageCodec';
export {
  DEFAULT_MAX_MESSAGE_SIZE_BYTES,
  startServiceBusPeer,
  type ServiceBusPeer,
  type ServiceBusPeerOptions,
} from './serviceBusPeer';
