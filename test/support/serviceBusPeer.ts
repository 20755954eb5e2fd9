/**
 * The local Service Bus peer with the app's entities, for integration tests (each suite starts its own on a free
 * port, so suites stay independent), and a client tuned to fail fast instead of retrying for a minute.
 */
import { ServiceBusClient } from '@azure/service-bus';
import {
  DEFAULT_DUPLICATE_DETECTION_WINDOW_MS,
  startServiceBusPeer,
  type ServiceBusPeer,
  type ServiceBusPeerOptions,
} from '../../local/servicebus';

export const TEST_QUEUES = {
  onboarding: 'er-onboarding',
  bandwidth: 'er-bandwidth',
  decommission: 'er-decommission',
} as const;
export const TEST_EVENTS_TOPIC = 'er-events';
export const TEST_EVENTS_SUBSCRIPTIONS = { provider: 'provider', audit: 'audit' } as const;

/**
 * Queues `er-onboarding`, `er-bandwidth`, `er-decommission`; topic `er-events` with subscriptions `provider` and
 * `audit`; duplicate detection on every entity (10-minute window, Azure's default); Azure's MaxDeliveryCount (10)
 * and lock duration (1 minute) unless overridden.
 */
export function startTestServiceBusPeer(overrides: ServiceBusPeerOptions = {}): Promise<ServiceBusPeer> {
  return startServiceBusPeer({
    queues: Object.values(TEST_QUEUES),
    topics: [{ name: TEST_EVENTS_TOPIC, subscriptions: Object.values(TEST_EVENTS_SUBSCRIPTIONS) }],
    duplicateDetectionWindowMs: DEFAULT_DUPLICATE_DETECTION_WINDOW_MS,
    ...overrides,
  });
}

/** A real SDK client for the peer that gives up after one quick retry (a failing test fails in seconds). */
export function testServiceBusClient(peer: ServiceBusPeer): ServiceBusClient {
  return new ServiceBusClient(peer.connectionString, {
    retryOptions: { maxRetries: 1, retryDelayInMs: 100, timeoutInMs: 5_000 },
  });
}
