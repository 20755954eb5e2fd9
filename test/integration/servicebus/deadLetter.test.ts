/**
 * The trigger-side failure policy: what is dead-lettered at once (with a reason naming the broken rule) and what is
 * rethrown for redelivery, settled through the real SDK against the local peer.
 */
import type { ServiceBusClient, ServiceBusReceivedMessage } from '@azure/service-bus';
import {
  receiverSettlement,
  sdkBindingSettlement,
  type SdkBindingMessageActions,
} from '../../../shared/adapters/servicebus';
import {
  DEAD_LETTER_TEXT_MAX_LENGTH,
  DeadLetterReasons,
  deadLetterOrRethrow,
  dispositionFor,
} from '../../../shared/services/messageDisposition';
import { AppError, ValidationError } from '../../../shared/errors';
import type { ServiceBusPeer } from '../../../local/servicebus';
import { TEST_QUEUES, startTestServiceBusPeer, testServiceBusClient } from '../../support/serviceBusPeer';

const QUEUE = TEST_QUEUES.onboarding;

let peer: ServiceBusPeer;
let client: ServiceBusClient;

beforeEach(async () => {
  peer = await startTestServiceBusPeer();
  client = testServiceBusClient(peer);
});

afterEach(async () => {
  await client.close();
  await peer.stop();
});

function parseRequest(message: ServiceBusReceivedMessage): unknown {
  if (typeof message.body !== 'string') return message.body;
  return JSON.parse(message.body) as unknown;
}

describe('dispositionFor', () => {
  it('dead-letters what retrying cannot fix, naming each broken rule by field', () => {
    const invalid = new ValidationError([
      { path: 'specversion', rule: 'literal', message: 'must be "1.0" (CloudEvents 1.0)' },
      { path: 'data.circuits[0].bandwidthMbps', rule: 'enum', message: 'must be one of 50, 100, 200' },
    ]);
    expect(dispositionFor(invalid)).toEqual({
      action: 'deadLetter',
      reason: DeadLetterReasons.validationFailed,
      description:
        'specversion: must be "1.0" (CloudEvents 1.0) [literal]; data.circuits[0].bandwidthMbps: must be one of 50, 100, 200 [enum]',
    });
    expect(dispositionFor(new AppError<string>('UnknownRequestType', 'no handler for com.example.x'))).toEqual({
      action: 'deadLetter',
      reason: 'UnknownRequestType',
      description: 'no handler for com.example.x',
    });
  });

  it('retries what may pass later: retryable app errors and unknown failures', () => {
    const throttled = new AppError<string>('Throttled', 'try later', { retryable: true });
    expect(dispositionFor(throttled)).toEqual({ action: 'retry', error: throttled });
    expect(dispositionFor('socket hang up')).toMatchObject({ action: 'retry', error: { message: 'socket hang up' } });
  });

  it('keeps reason and description within Service Bus limits', () => {
    const disposition = dispositionFor(new AppError<string>('TooMuch', 'x'.repeat(10_000)));
    expect(disposition.action === 'deadLetter' && disposition.description.length).toBe(DEAD_LETTER_TEXT_MAX_LENGTH);
  });
});

describe('deadLetterOrRethrow with a peek-lock receiver', () => {
  it('moves an unparsable request to the dead-letter queue at its first delivery, with the reason', async () => {
    peer.send(QUEUE, { body: '{"specversion": "1.0", "id": ', messageId: 'broken-1' });
    const receiver = client.createReceiver(QUEUE);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    try {
      parseRequest(message!);
      throw new Error('expected the body not to parse');
    } catch (failure) {
      await deadLetterOrRethrow(failure, receiverSettlement(receiver, message!));
    }
    await receiver.close();

    expect(peer.messages(QUEUE)).toEqual([]);
    expect(peer.deadLetters(QUEUE)).toEqual([
      expect.objectContaining({
        messageId: 'broken-1',
        deliveryCount: 0,
        deadLetterReason: DeadLetterReasons.malformedJson,
        deadLetterErrorDescription: expect.stringMatching(/JSON/),
      }),
    ]);
  });

  it('rethrows a transient failure and leaves the message to be redelivered', async () => {
    peer.send(QUEUE, { body: { ok: true }, messageId: 'transient-1' });
    const receiver = client.createReceiver(QUEUE);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    const transient = new AppError<string>('StorageUnavailable', 'table storage timed out', { retryable: true });
    await expect(deadLetterOrRethrow(transient, receiverSettlement(receiver, message!))).rejects.toBe(transient);
    await receiver.abandonMessage(message!); // what the Functions host does when the handler throws
    const [again] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    expect(again).toMatchObject({ messageId: 'transient-1', deliveryCount: 1 });
    await receiver.completeMessage(again!);
    await receiver.close();
    expect(peer.deadLetters(QUEUE)).toEqual([]);
  });
});

describe('sdkBindingSettlement', () => {
  it('passes reason and description in the positions ServiceBusMessageActions.deadletter expects', async () => {
    peer.send(QUEUE, { body: { type: 'com.example.unknown' }, messageId: 'unknown-type-1' });
    const receiver = client.createReceiver(QUEUE);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 2_000 });
    // stands in for the host's gRPC settlement, with the extension's parameter order
    const actions: SdkBindingMessageActions<ServiceBusReceivedMessage> = {
      deadletter: (received, _propertiesToModify, deadletterReason, deadletterErrorDescription) =>
        receiver.deadLetterMessage(received, {
          deadLetterReason: deadletterReason ?? '',
          deadLetterErrorDescription: deadletterErrorDescription ?? '',
        }),
    };
    await deadLetterOrRethrow(
      new AppError<string>('UnknownRequestType', 'no handler for com.example.unknown'),
      sdkBindingSettlement(actions, message!),
    );
    await receiver.close();
    expect(peer.deadLetters(QUEUE)).toEqual([
      expect.objectContaining({
        messageId: 'unknown-type-1',
        deadLetterReason: 'UnknownRequestType',
        deadLetterErrorDescription: 'no handler for com.example.unknown',
      }),
    ]);
  });
});
