/**
 * The local stand-in for the Functions host's Service Bus trigger binding, on fixture triggers: what the handler
 * receives, what it sends through its output bindings, how messages are settled, and the durable client it gets.
 */
import { app, output, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { VirtualClock } from '../../../local/clock';
import { DurableHostSimulator } from '../../../local/durable';
import { captureRegistrations, createInvocationContext, type FunctionRegistry } from '../../../local/functionsHost';
import {
  ServiceBusTriggerHost,
  TriggerBindingError,
  triggerValueOf,
} from '../../../local/rehearsal/serviceBusTriggerHost';
import type { ServiceBusPeer } from '../../../local/servicebus';
import { startTestServiceBusPeer } from '../../support/serviceBusPeer';

const INBOX = 'er-onboarding';
const PARKED = 'er-rejected';

interface Invocation {
  readonly body: unknown;
  readonly metadata: Record<string, unknown>;
}

const invocations: Invocation[] = [];
let failuresToCome = 0;

const parked = output.serviceBusQueue({ queueName: '%PARKED_QUEUE%', connection: 'FixtureBus' });

let registry: FunctionRegistry;
let peer: ServiceBusPeer;
let host: ServiceBusTriggerHost;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  registry = await captureRegistrations(() => {
    app.serviceBusQueue('fixtureInbox', {
      connection: 'FixtureBus',
      queueName: '%INBOX_QUEUE%',
      extraOutputs: [parked],
      handler: (body: unknown, context: InvocationContext) => {
        invocations.push({ body, metadata: { ...context.triggerMetadata } });
        if (failuresToCome > 0) {
          failuresToCome -= 1;
          context.extraOutputs.set(parked, { never: 'sent' });
          throw new Error('transient trouble');
        }
        if (typeof body === 'string') context.extraOutputs.set(parked, [{ reason: 'NotJson', text: body }, 'second']);
      },
    });
    app.serviceBusQueue('unboundSetting', {
      connection: 'FixtureBus',
      queueName: '%NO_SUCH_SETTING%',
      handler: () => undefined,
    });
  });
});

beforeEach(async () => {
  invocations.length = 0;
  failuresToCome = 0;
  peer = await startTestServiceBusPeer({ queues: [INBOX, PARKED] });
  env = { FixtureBus: peer.connectionString, INBOX_QUEUE: INBOX, PARKED_QUEUE: PARKED, NO_SUCH_SETTING: 'elsewhere' };
  host = new ServiceBusTriggerHost({
    registry,
    env,
    createContext: (registration, options) => createInvocationContext(registration, options),
    receiveTimeoutMs: 1_000,
    clientOptions: { retryOptions: { maxRetries: 1, retryDelayInMs: 100, timeoutInMs: 5_000 } },
  });
});

afterEach(async () => {
  await host.close();
  await peer.stop();
});

describe('ServiceBusTriggerHost', () => {
  it('binds each trigger to its entity through the app settings, as the host does', () => {
    expect(host.triggerFor('ER-ONBOARDING')?.functionName).toBe('fixtureInbox');
    expect(host.triggers().map((trigger) => trigger.entity)).toEqual([INBOX, 'elsewhere']);
    expect(host.bindingProblems()).toEqual([]);
    delete env.NO_SUCH_SETTING;
    expect(host.triggers().map((trigger) => trigger.functionName)).toEqual(['fixtureInbox']);
    expect(host.bindingProblems()).toEqual([
      'unboundSetting: the binding expression %NO_SUCH_SETTING% names no app setting',
    ]);
  });

  it('hands a JSON body over parsed, with the message metadata, and completes the message', async () => {
    const sent = peer.send(INBOX, {
      body: Buffer.from('{"id":"r-1","n":1}'),
      contentType: 'application/cloudevents+json',
    });
    const result = await host.deliverNext(INBOX);
    expect(result).toMatchObject({
      functionName: 'fixtureInbox',
      messageId: sent.messageId,
      settlement: 'completed',
      deliveryCount: 1,
    });
    expect(invocations).toEqual([
      {
        body: { id: 'r-1', n: 1 },
        metadata: expect.objectContaining({
          messageId: sent.messageId,
          deliveryCount: 1,
          contentType: 'application/cloudevents+json',
          enqueuedTimeUtc: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        }),
      },
    ]);
    expect(peer.messages(INBOX)).toEqual([]);
    expect(peer.messages(PARKED)).toEqual([]);
  });

  it('hands text that is not JSON over as text, and sends what the handler put in its output binding', async () => {
    peer.send(INBOX, { body: Buffer.from('{ not json'), contentType: 'text/plain' });
    const result = await host.deliverNext(INBOX);
    expect(invocations.map((invocation) => invocation.body)).toEqual(['{ not json']);
    expect(result?.outputs.map((sent) => sent.entity)).toEqual([PARKED, PARKED]);
    expect(peer.messages(PARKED).map((message) => triggerValueOf(message))).toEqual([
      { reason: 'NotJson', text: '{ not json' },
      'second',
    ]);
  });

  it('abandons the message when the handler throws (sending none of its outputs), so it comes back', async () => {
    failuresToCome = 2;
    peer.send(INBOX, { body: Buffer.from('{"id":"r-2"}') });
    const first = await host.deliverNext(INBOX);
    const second = await host.deliverNext(INBOX);
    const third = await host.deliverNext(INBOX);
    expect(
      [first, second, third].map((result) => [result?.settlement, result?.deliveryCount, result?.error?.message]),
    ).toEqual([
      ['abandoned', 1, 'transient trouble'],
      ['abandoned', 2, 'transient trouble'],
      ['completed', 3, undefined],
    ]);
    expect(peer.messages(PARKED)).toEqual([]);
    expect(peer.messages(INBOX)).toEqual([]);
  });

  it('resolves undefined when nothing arrives, and refuses an entity no trigger listens to', async () => {
    await expect(host.deliverNext(INBOX)).resolves.toBeUndefined();
    await expect(host.deliverNext('er-bandwidth')).rejects.toThrow(TriggerBindingError);
    delete env.NO_SUCH_SETTING;
    await expect(host.deliverNext('elsewhere')).rejects.toThrow(
      'no Service Bus trigger listens to elsewhere (unboundSetting: the binding expression %NO_SUCH_SETTING% names no app setting)',
    );
  });
});

describe('ServiceBusTriggerHost with the durable client of the Durable host simulator', () => {
  it('lets the trigger start an orchestration through its own df.getClient', async () => {
    const durableRegistry = await captureRegistrations(() => {
      df.app.orchestration('greet', function* (context) {
        yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 60_000));
        return `hello ${String(context.df.getInput())}`;
      });
      df.app.client.serviceBusQueue('startGreeting', {
        connection: 'FixtureBus',
        queueName: '%INBOX_QUEUE%',
        handler: async (body: unknown, client: df.DurableClient) => {
          const { name } = body as { name: string };
          await client.startNew('greet', { instanceId: `greet-${name}`, input: name });
        },
      });
    });
    const connectionString = process.env.ERCSP_TEST_TABLES_CONNECTION ?? '';
    const durable = new DurableHostSimulator({
      registry: durableRegistry,
      clock: new VirtualClock(),
      tables: { connectionString, taskHub: `R${Date.now().toString(36)}` },
      autoAdvance: true,
    });
    await durable.start();
    await durable.listenHttp();
    const durableHost = new ServiceBusTriggerHost({
      registry: durableRegistry,
      env,
      createContext: (registration, options) => durable.createInvocationContext(registration, options),
    });
    try {
      peer.send(INBOX, { body: Buffer.from('{"name":"contoso"}') });
      expect((await durableHost.deliverNext(INBOX))?.settlement).toBe('completed');
      const status = await durable.waitForCompletion('greet-contoso');
      expect(status).toMatchObject({ runtimeStatus: 'Completed', output: 'hello contoso' });
    } finally {
      await durableHost.close();
      await durable.stop();
    }
  });
});
