/**
 * `ServiceBusOutboundEvents` publishing through the real SDK to the local peer: the CloudEvents structured-mode
 * message a subscriber gets, and duplicate detection dropping a re-publish of the same event.
 */
import type { ServiceBusClient } from '@azure/service-bus';
import {
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  CloudEventsAmqpProperties,
  ServiceBusOutboundEvents,
} from '../../../shared/adapters/servicebus';
import { ValidationError } from '../../../shared/errors';
import type { OutboundEvent } from '../../../shared/ports/outbound';
import type { ServiceBusPeer } from '../../../local/servicebus';
import {
  TEST_EVENTS_SUBSCRIPTIONS,
  TEST_EVENTS_TOPIC,
  startTestServiceBusPeer,
  testServiceBusClient,
} from '../../support/serviceBusPeer';

const SOURCE = '/expressroute-csp/test';

const serviceKeyReady: OutboundEvent = {
  id: 'cust-001.onboard.42.servicekey.primary',
  type: 'com.csp.expressroute.provider.servicekey.ready',
  subject: 'cust-001',
  time: '2026-03-02T09:15:00Z',
  data: { customerId: 'cust-001', leg: 'primary', serviceKey: '00000000-0000-0000-0000-000000000001' },
};

const expectedBody = {
  specversion: '1.0',
  id: serviceKeyReady.id,
  source: SOURCE,
  type: serviceKeyReady.type,
  subject: 'cust-001',
  time: '2026-03-02T09:15:00Z',
  datacontenttype: 'application/json',
  data: serviceKeyReady.data,
};

let peer: ServiceBusPeer;
let events: ServiceBusOutboundEvents;
let client: ServiceBusClient | undefined;

beforeEach(async () => {
  peer = await startTestServiceBusPeer();
  events = new ServiceBusOutboundEvents({
    connectionString: peer.connectionString,
    topicName: TEST_EVENTS_TOPIC,
    source: SOURCE,
  });
});

afterEach(async () => {
  await events.close();
  await client?.close();
  client = undefined;
  await peer.stop();
});

describe('ServiceBusOutboundEvents', () => {
  it('publishes a CloudEvents 1.0 structured-mode message keyed by the event id', async () => {
    await events.publish(serviceKeyReady);

    expect(peer.messages(TEST_EVENTS_TOPIC)).toEqual([
      expect.objectContaining({
        messageId: serviceKeyReady.id,
        contentType: CLOUDEVENTS_JSON_CONTENT_TYPE,
        subject: 'cust-001',
        body: expectedBody,
        applicationProperties: {
          'cloudEvents:specversion': '1.0',
          'cloudEvents:id': serviceKeyReady.id,
          'cloudEvents:source': SOURCE,
          'cloudEvents:type': serviceKeyReady.type,
        },
      }),
    ]);

    // what a subscriber reading with the SDK gets
    client = testServiceBusClient(peer);
    const receiver = client.createReceiver(TEST_EVENTS_TOPIC, TEST_EVENTS_SUBSCRIPTIONS.provider);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    await receiver.completeMessage(message!);
    await receiver.close();
    expect(message).toMatchObject({
      messageId: serviceKeyReady.id,
      contentType: 'application/cloudevents+json',
      subject: 'cust-001',
      body: expectedBody,
    });
    expect(message?.applicationProperties?.[CloudEventsAmqpProperties.type]).toBe(serviceKeyReady.type);
  });

  it('re-publishing the same event id is dropped by the topic’s duplicate detection; other ids go through', async () => {
    await events.publish(serviceKeyReady);
    await events.publish({ ...serviceKeyReady, time: '2026-03-02T09:20:00Z' });
    await events.publish({ ...serviceKeyReady, id: 'cust-001.onboard.42.servicekey.secondary' });

    expect(peer.messages(TEST_EVENTS_TOPIC).map((m) => m.messageId)).toEqual([
      serviceKeyReady.id,
      'cust-001.onboard.42.servicekey.secondary',
    ]);
    for (const subscription of Object.values(TEST_EVENTS_SUBSCRIPTIONS)) {
      const delivered = peer.messages(`${TEST_EVENTS_TOPIC}/Subscriptions/${subscription}`);
      expect(delivered.map((m) => (m.body as { time: string }).time)).toEqual([
        '2026-03-02T09:15:00Z',
        '2026-03-02T09:15:00Z',
      ]);
    }
  });

  it('refuses an event id Service Bus cannot take as a message id, and a bad source, before sending', async () => {
    await expect(events.publish({ ...serviceKeyReady, id: 'x'.repeat(129) })).rejects.toBeInstanceOf(ValidationError);
    expect(peer.messages(TEST_EVENTS_TOPIC)).toEqual([]);
    expect(
      () =>
        new ServiceBusOutboundEvents({
          connectionString: peer.connectionString,
          topicName: TEST_EVENTS_TOPIC,
          source: 'not a uri',
        }),
    ).toThrow(ValidationError);
  });

  it('close() releases the connection once, after which publish is refused', async () => {
    await events.publish(serviceKeyReady);
    await Promise.all([events.close(), events.close()]);
    await expect(events.publish(serviceKeyReady)).rejects.toThrow(/closed/);
  });

  it('fails a publish to a topic the namespace does not have with the SDK’s error', async () => {
    const misconfigured = new ServiceBusOutboundEvents({
      connectionString: peer.connectionString,
      topicName: 'er-evnets',
      source: SOURCE,
      clientOptions: { retryOptions: { maxRetries: 0, timeoutInMs: 5_000 } },
    });
    try {
      await expect(misconfigured.publish(serviceKeyReady)).rejects.toMatchObject({ code: 'MessagingEntityNotFound' });
    } finally {
      await misconfigured.close();
    }
  });
});
