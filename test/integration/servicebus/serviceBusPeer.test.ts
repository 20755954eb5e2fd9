/**
 * The local Service Bus peer as the real `@azure/service-bus` client sees it: every test talks AMQP through the SDK,
 * and checks Azure's behaviour (delivery counts, MaxDeliveryCount, dead-letter reasons, duplicate detection, locks).
 */
import { isServiceBusError, type ServiceBusClient, type ServiceBusReceivedMessage } from '@azure/service-bus';
import {
  MAX_DELIVERY_COUNT_EXCEEDED,
  type ServiceBusPeer,
  type ServiceBusPeerOptions,
} from '../../../local/servicebus';
import {
  TEST_EVENTS_SUBSCRIPTIONS,
  TEST_EVENTS_TOPIC,
  TEST_QUEUES,
  startTestServiceBusPeer,
  testServiceBusClient,
} from '../../support/serviceBusPeer';

const QUEUE = TEST_QUEUES.onboarding;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let peer: ServiceBusPeer | undefined;
let client: ServiceBusClient | undefined;

async function start(
  overrides: ServiceBusPeerOptions = {},
): Promise<{ peer: ServiceBusPeer; client: ServiceBusClient }> {
  peer = await startTestServiceBusPeer(overrides);
  client = testServiceBusClient(peer);
  return { peer, client };
}

afterEach(async () => {
  await client?.close();
  await peer?.stop();
  client = undefined;
  peer = undefined;
});

async function receiveExactly(
  sbClient: ServiceBusClient,
  entity: string,
  count: number,
  options: { subQueueType?: 'deadLetter'; subscription?: string } = {},
): Promise<ServiceBusReceivedMessage[]> {
  const receiver =
    options.subscription === undefined
      ? sbClient.createReceiver(entity, { subQueueType: options.subQueueType })
      : sbClient.createReceiver(entity, options.subscription, { subQueueType: options.subQueueType });
  try {
    const messages = await receiver.receiveMessages(count, { maxWaitTimeInMs: 2_000 });
    for (const message of messages) await receiver.completeMessage(message);
    return messages;
  } finally {
    await receiver.close();
  }
}

async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('local Service Bus peer, through @azure/service-bus', () => {
  it('takes single messages, arrays and batches, and hands them out in order under peek-lock', async () => {
    const { peer, client } = await start();
    const sender = client.createSender(QUEUE);
    await sender.sendMessages({
      body: { step: 1 },
      messageId: 'req-1',
      contentType: 'application/json',
      subject: 'cust-001',
      applicationProperties: { kind: 'onboard' },
    });
    await sender.sendMessages([{ body: { step: 2 } }, { body: { step: 3 } }]);
    const batch = await sender.createMessageBatch();
    expect(batch.maxSizeInBytes).toBe(256 * 1024);
    expect(batch.tryAddMessage({ body: { step: 4 } })).toBe(true);
    expect(batch.tryAddMessage({ body: 'step 5' })).toBe(true);
    await sender.sendMessages(batch);
    await sender.close();

    expect(peer.messages(QUEUE).map((m) => m.body)).toEqual([
      { step: 1 },
      { step: 2 },
      { step: 3 },
      { step: 4 },
      'step 5',
    ]);

    const receiver = client.createReceiver(QUEUE);
    const received = await receiver.receiveMessages(5, { maxWaitTimeInMs: 2_000 });
    expect(received.map((m): unknown => m.body)).toEqual([
      { step: 1 },
      { step: 2 },
      { step: 3 },
      { step: 4 },
      'step 5',
    ]);
    expect(received.map((m) => m.sequenceNumber?.toNumber())).toEqual([1, 2, 3, 4, 5]);
    const [first, second] = received;
    expect(first).toMatchObject({
      messageId: 'req-1',
      contentType: 'application/json',
      subject: 'cust-001',
      applicationProperties: { kind: 'onboard' },
      deliveryCount: 0,
    });
    // Service Bus assigns an id when the sender gives none
    expect(second?.messageId).toEqual(expect.stringMatching(/^[0-9a-f]{32}$/));
    for (const message of received) {
      expect(message.lockToken).toMatch(GUID);
      expect(message.lockedUntilUtc!.getTime()).toBeGreaterThan(Date.now() + 50_000);
      expect(message.enqueuedTimeUtc).toBeInstanceOf(Date);
    }
    expect(peer.messages(QUEUE).every((m) => m.state === 'locked')).toBe(true);

    for (const message of received) await receiver.completeMessage(message);
    await receiver.close();
    expect(peer.messages(QUEUE)).toEqual([]);
  });

  it('counts abandons and dead-letters after MaxDeliveryCount (10, as Azure) with reason MaxDeliveryCountExceeded', async () => {
    const { peer, client } = await start();
    await client.createSender(QUEUE).sendMessages({ body: { poison: true }, messageId: 'poison-1' });
    const receiver = client.createReceiver(QUEUE);
    for (let attempt = 0; attempt < 10; attempt++) {
      const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
      expect(message?.deliveryCount).toBe(attempt);
      await receiver.abandonMessage(message!, { lastError: `attempt ${attempt}` });
    }
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 200 })).toEqual([]);
    await receiver.close();

    expect(peer.messages(QUEUE)).toEqual([]);
    const [deadLettered] = await receiveExactly(client, QUEUE, 1, { subQueueType: 'deadLetter' });
    expect(deadLettered).toMatchObject({
      messageId: 'poison-1',
      body: { poison: true },
      deliveryCount: 10,
      deadLetterReason: MAX_DELIVERY_COUNT_EXCEEDED,
      deadLetterErrorDescription: 'Message could not be consumed after 10 delivery attempts.',
      // properties to modify on abandon are merged into the application properties
      applicationProperties: expect.objectContaining({ lastError: 'attempt 9' }),
    });
  });

  it('dead-letters on request with the reason, description and properties the receiver gives', async () => {
    const { peer, client } = await start();
    await client.createSender(QUEUE).sendMessages({ body: 'not a CloudEvent', messageId: 'bad-1' });
    const receiver = client.createReceiver(QUEUE);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    await receiver.deadLetterMessage(message!, {
      deadLetterReason: 'ValidationFailed',
      deadLetterErrorDescription: 'specversion: must be "1.0"',
      requestId: 'bad-1',
    });
    await receiver.close();

    expect(peer.messages(QUEUE)).toEqual([]);
    expect(peer.deadLetters(QUEUE)).toEqual([
      expect.objectContaining({
        messageId: 'bad-1',
        deadLetterReason: 'ValidationFailed',
        deadLetterErrorDescription: 'specversion: must be "1.0"',
        deliveryCount: 0,
      }),
    ]);
    const [fromDeadLetterQueue] = await receiveExactly(client, QUEUE, 1, { subQueueType: 'deadLetter' });
    expect(fromDeadLetterQueue).toMatchObject({
      body: 'not a CloudEvent',
      deadLetterReason: 'ValidationFailed',
      deadLetterErrorDescription: 'specversion: must be "1.0"',
      applicationProperties: expect.objectContaining({ requestId: 'bad-1' }),
    });
    expect(peer.deadLetters(QUEUE)).toEqual([]);
  });

  it('fans a topic message out to every subscription, each with its own locks and dead-letter queue', async () => {
    const { peer, client } = await start();
    await client.createSender(TEST_EVENTS_TOPIC).sendMessages({ body: { hello: 'subscribers' }, messageId: 'evt-1' });
    expect(peer.messages(TEST_EVENTS_TOPIC).map((m) => m.messageId)).toEqual(['evt-1']);

    const provider = client.createReceiver(TEST_EVENTS_TOPIC, TEST_EVENTS_SUBSCRIPTIONS.provider);
    const [forProvider] = await provider.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    await provider.deadLetterMessage(forProvider!, {
      deadLetterReason: 'Unwanted',
      deadLetterErrorDescription: 'test',
    });
    await provider.close();

    const [forAudit] = await receiveExactly(client, TEST_EVENTS_TOPIC, 1, {
      subscription: TEST_EVENTS_SUBSCRIPTIONS.audit,
    });
    expect(forAudit).toMatchObject({ messageId: 'evt-1', body: { hello: 'subscribers' }, deliveryCount: 0 });
    expect(peer.deadLetters(`${TEST_EVENTS_TOPIC}/Subscriptions/${TEST_EVENTS_SUBSCRIPTIONS.provider}`)).toEqual([
      expect.objectContaining({ messageId: 'evt-1', deadLetterReason: 'Unwanted' }),
    ]);
    expect(peer.deadLetters(`${TEST_EVENTS_TOPIC}/Subscriptions/${TEST_EVENTS_SUBSCRIPTIONS.audit}`)).toEqual([]);
  });

  it('drops a message whose id it accepted within the duplicate detection window, and only then', async () => {
    const { peer, client } = await start({
      queues: [
        { name: 'deduped', requiresDuplicateDetection: true, duplicateDetectionWindowMs: 300 },
        { name: 'plain', requiresDuplicateDetection: false },
      ],
      topics: [],
    });
    const deduped = client.createSender('deduped');
    await deduped.sendMessages({ body: 1, messageId: 'same' });
    await deduped.sendMessages({ body: 2, messageId: 'same' });
    await deduped.sendMessages([
      { body: 3, messageId: 'same' },
      { body: 4, messageId: 'other' },
    ]);
    expect(peer.messages('deduped').map((m) => m.body)).toEqual([1, 4]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    await deduped.sendMessages({ body: 5, messageId: 'same' });
    expect(peer.messages('deduped').map((m) => m.body)).toEqual([1, 4, 5]);

    const plain = client.createSender('plain');
    await plain.sendMessages({ body: 1, messageId: 'same' });
    await plain.sendMessages({ body: 2, messageId: 'same' });
    expect(peer.messages('plain').map((m) => m.body)).toEqual([1, 2]);
  });

  it('re-delivers a message whose lock expired; settling with the lost lock fails with MessageLockLost', async () => {
    const { peer, client } = await start({ lockDurationMs: 300 });
    await client.createSender(QUEUE).sendMessages({ body: 'slow', messageId: 'slow-1' });
    const receiver = client.createReceiver(QUEUE, { maxAutoLockRenewalDurationInMs: 0 });
    const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(first?.deliveryCount).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(peer.messages(QUEUE)).toEqual([expect.objectContaining({ state: 'available', deliveryCount: 1 })]);

    const [second] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(second).toMatchObject({ messageId: 'slow-1', deliveryCount: 1 });
    expect(second?.lockToken).not.toBe(first?.lockToken);
    const stale = await receiver.completeMessage(first!).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isServiceBusError(stale) && stale.code).toBe('MessageLockLost');
    await receiver.completeMessage(second!);
    await receiver.close();
    expect(peer.messages(QUEUE)).toEqual([]);
  });

  it('renews a lock through $management', async () => {
    const { client } = await start({ lockDurationMs: 2_000 });
    await client.createSender(QUEUE).sendMessages({ body: 'long job' });
    const receiver = client.createReceiver(QUEUE, { maxAutoLockRenewalDurationInMs: 0 });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    const before = message!.lockedUntilUtc!.getTime();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const renewed = await receiver.renewMessageLock(message!);
    expect(renewed.getTime()).toBeGreaterThan(before);
    await receiver.completeMessage(message!);
    await receiver.close();
  });

  it('settles through $management (update-disposition) once the receiving link is gone', async () => {
    const { peer, client } = await start();
    await client.createSender(QUEUE).sendMessages([{ body: 'a' }, { body: 'b' }]);
    const first = client.createReceiver(QUEUE);
    const [a, b] = await first.receiveMessages(2, { maxWaitTimeInMs: 2_000 });
    await first.close();
    // the locks outlive the link, as on Azure; another receiver settles by lock token
    expect(peer.messages(QUEUE).map((m) => m.state)).toEqual(['locked', 'locked']);
    const second = client.createReceiver(QUEUE);
    await second.completeMessage(a!);
    await second.deadLetterMessage(b!, { deadLetterReason: 'LateReject', deadLetterErrorDescription: 'after close' });
    await second.close();
    expect(peer.messages(QUEUE)).toEqual([]);
    expect(peer.deadLetters(QUEUE)).toEqual([
      expect.objectContaining({ body: 'b', deadLetterReason: 'LateReject', deadLetterErrorDescription: 'after close' }),
    ]);
  });

  it('holds a scheduled message until its enqueue time', async () => {
    const { peer, client } = await start();
    await client
      .createSender(QUEUE)
      .sendMessages({ body: 'later', scheduledEnqueueTimeUtc: new Date(Date.now() + 300) });
    expect(peer.messages(QUEUE).map((m) => m.state)).toEqual(['scheduled']);
    const receiver = client.createReceiver(QUEUE);
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 100 })).toEqual([]);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(message?.body).toBe('later');
    await receiver.completeMessage(message!);
    await receiver.close();
  });

  it('answers a drain when the queue is empty and keeps the link usable', async () => {
    const { peer, client } = await start();
    const receiver = client.createReceiver(QUEUE);
    const startedAt = Date.now();
    expect(await receiver.receiveMessages(5, { maxWaitTimeInMs: 200 })).toEqual([]);
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    peer.send(QUEUE, { body: { injected: true }, messageId: 'in-process-1', subject: 'cust-9' });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(message).toMatchObject({ body: { injected: true }, messageId: 'in-process-1', subject: 'cust-9' });
    await receiver.completeMessage(message!);
    await receiver.close();
  });

  it('streams to subscribe() handlers and removes messages on receipt in receiveAndDelete mode', async () => {
    const { peer, client } = await start();
    await client.createSender(TEST_QUEUES.bandwidth).sendMessages([{ body: 1 }, { body: 2 }]);
    const streaming = client.createReceiver(TEST_QUEUES.bandwidth);
    const bodies: unknown[] = [];
    const subscription = streaming.subscribe({
      processMessage: (message) => {
        bodies.push(message.body);
        return Promise.resolve();
      },
      processError: ({ error }) => Promise.reject(error),
    });
    // completed automatically once processMessage returns (autoCompleteMessages)
    await eventually(() => bodies.length === 2 && peer.messages(TEST_QUEUES.bandwidth).length === 0);
    await subscription.close();
    await streaming.close();
    expect(bodies).toEqual([1, 2]);

    await client.createSender(TEST_QUEUES.decommission).sendMessages({ body: 'once' });
    const deleting = client.createReceiver(TEST_QUEUES.decommission, { receiveMode: 'receiveAndDelete' });
    const [taken] = await deleting.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(taken?.body).toBe('once');
    expect(peer.messages(TEST_QUEUES.decommission)).toEqual([]);
    await deleting.close();
  });

  it('refuses a message larger than the 256 KiB it announces', async () => {
    const { peer, client } = await start();
    const sender = client.createSender(QUEUE);
    const error = await sender.sendMessages({ body: 'x'.repeat(300 * 1024) }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(isServiceBusError(error) && error.code).toBe('MessageSizeExceeded');
    await sender.close();
    expect(peer.messages(QUEUE)).toEqual([]);
  });

  it('stops cleanly while a client is still connected, and that client can still close', async () => {
    const started = await start();
    const receiver = started.client.createReceiver(QUEUE);
    await started.client.createSender(QUEUE).sendMessages({ body: 'in flight' });
    expect(await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 })).toHaveLength(1);
    peer = undefined;
    client = undefined;
    await started.peer.stop();
    await started.client.close();
  });

  it('refuses entities it does not have, as Service Bus does', async () => {
    const { peer, client } = await start();
    const sender = client.createSender('er-nonexistent');
    const error = await sender.sendMessages({ body: 'x' }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(isServiceBusError(error) && error.code).toBe('MessagingEntityNotFound');
    await sender.close();
    expect(() => peer.send('er-nonexistent', { body: 'x' })).toThrow(/no queue or topic/);
    expect(() => peer.messages('er-nonexistent')).toThrow(/no queue or subscription/);
  });
});
