/**
 * A local AMQP 1.0 peer that the real `@azure/service-bus` client talks to as if it were a Service Bus namespace
 * (no Docker, no emulator container). Built on `rhea`, the AMQP library under the SDK. It answers what the SDK
 * asks of the service:
 *
 * - claims-based security: `$cbs` put-token, answered 202 with `correlation_id` = the request's `message_id`;
 * - senders: attach with `max_message_size`, single messages and batches (message format 0x80013700, one encoded
 *   message per data section), a message id assigned when missing, duplicate detection by message id;
 * - receivers: peek-lock with a 16-byte GUID lock token as delivery tag and the `x-opt-sequence-number`,
 *   `x-opt-enqueued-time`, `x-opt-locked-until` annotations, receive-and-delete, drain, and the dispositions the
 *   SDK sends: complete (accepted), abandon (modified), dead-letter (rejected with `com.microsoft:dead-letter` and
 *   `DeadLetterReason` / `DeadLetterErrorDescription` in the error info);
 * - `$management`: `com.microsoft:renew-lock` and `com.microsoft:update-disposition` (what the SDK uses to renew
 *   locks and to settle after its receiver link is gone); other operations answer 501.
 *
 * Entities, locks and dead-lettering live in `broker.ts`. Used by the integration tests and `ercsp rehearse`; the
 * application only ever sees a connection string.
 */
import type { AddressInfo, Server, Socket } from 'node:net';
import { create_container, message as amqp, types as amqpTypes } from 'rhea';
import type { AmqpError, Connection, Delivery, EventContext, Receiver, Sender } from 'rhea';
import {
  Namespace,
  normalizeAddress,
  type AmqpMessage,
  type MessageStore,
  type NamespaceDefaults,
  type QueueDefinition,
  type SendTarget,
  type StoredMessage,
  type TopicDefinition,
} from './broker';
import {
  BATCH_MESSAGE_FORMAT,
  decodeBatch,
  encodeMessage,
  lockTokenFromUuid,
  lockTokenToDeliveryTag,
  toAmqpMessage,
  toPeerMessage,
  type PeerInboundMessage,
  type PeerMessage,
} from './messageCodec';

/** Standard tier's limit; the SDK sizes batches from the value the peer announces on attach. */
export const DEFAULT_MAX_MESSAGE_SIZE_BYTES = 256 * 1024;

export interface ServiceBusPeerOptions extends NamespaceDefaults {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly queues?: readonly (string | QueueDefinition)[];
  readonly topics?: readonly TopicDefinition[];
  readonly maxMessageSizeBytes?: number;
}

export interface ServiceBusPeer {
  readonly port: number;
  /** For `new ServiceBusClient(connectionString)`: plain TCP to this peer (`UseDevelopmentEmulator=true`). */
  readonly connectionString: string;
  /**
   * What an entity holds now: a queue or `topic/Subscriptions/sub` (available, locked and scheduled messages,
   * not yet completed or dead-lettered); for a topic name, every message the topic accepted.
   */
  messages(entity: string): PeerMessage[];
  /** The dead-letter queue of a queue or `topic/Subscriptions/sub` (the `/$DeadLetterQueue` suffix is optional). */
  deadLetters(entity: string): PeerMessage[];
  /** Injects a message into a queue or topic as a sender would (duplicate detection applies). */
  send(entity: string, message: PeerInboundMessage): { readonly messageId: string; readonly duplicate: boolean };
  stop(): Promise<void>;
}

const CBS_ADDRESS = '$cbs';
const MANAGEMENT_SUFFIX = '/$management';
const DEAD_LETTER_CONDITION = 'com.microsoft:dead-letter';

const Conditions = {
  notFound: 'amqp:not-found',
  messageSizeExceeded: 'amqp:link:message-size-exceeded',
  decodeError: 'amqp:decode-error',
  lockLost: 'com.microsoft:message-lock-lost',
  notImplemented: 'amqp:not-implemented',
} as const;

/** rhea defines the outcome constructors at run time; its typings leave them out. */
interface OutcomeFactories {
  accepted(): DescribedOutcome;
  rejected(fields: { error?: AmqpError }): DescribedOutcome;
  released(): DescribedOutcome;
  modified(fields: { delivery_failed?: boolean; undeliverable_here?: boolean }): DescribedOutcome;
}
interface DescribedOutcome {
  described(): unknown;
}
const outcomes = amqp as unknown as OutcomeFactories;

/** Fields rhea keeps out of its typings: the local attach frame (what the peer answers) and remote settlement. */
interface LinkInternals {
  local: { attach: { snd_settle_mode?: number; rcv_settle_mode?: number } };
}
interface DeliveryInternals {
  remote_settled: boolean;
}

interface Consumer {
  readonly sender: Sender;
  readonly store: MessageStore;
  /** Receive-and-delete (the link's sender settle mode is `settled`): messages leave on send. */
  readonly presettled: boolean;
}

interface OutstandingDelivery {
  readonly store: MessageStore;
  readonly lockToken: string;
}

export async function startServiceBusPeer(options: ServiceBusPeerOptions = {}): Promise<ServiceBusPeer> {
  const namespace = new Namespace(options.queues ?? [], options.topics ?? [], options);
  const maxMessageSize = options.maxMessageSizeBytes ?? DEFAULT_MAX_MESSAGE_SIZE_BYTES;
  const consumers = new Map<Sender, Consumer>();
  const outstanding = new WeakMap<Delivery, OutstandingDelivery>();
  const connections = new Set<Connection>();
  const sockets = new Set<Socket>();

  const pump = (store: MessageStore): void => {
    const candidates = [...consumers.values()].filter((consumer) => consumer.store === store);
    for (;;) {
      const consumer = candidates.find((candidate) => candidate.sender.sendable());
      if (consumer === undefined) return;
      const now = Date.now();
      const entry = store.peekAvailable(now);
      if (entry === undefined) return;
      deliver(consumer, entry, now);
      // round robin: the consumer just served goes to the back
      candidates.splice(candidates.indexOf(consumer), 1);
      candidates.push(consumer);
    }
  };

  const deliver = (consumer: Consumer, entry: StoredMessage, now: number): void => {
    if (consumer.presettled) {
      consumer.store.take(entry);
      consumer.sender.send(encodeMessage(outgoing(entry, undefined)), undefined, 0);
      return;
    }
    const lock = consumer.store.lock(entry, now);
    const delivery = consumer.sender.send(
      encodeMessage(outgoing(entry, lock.lockedUntil)),
      lockTokenToDeliveryTag(lock.token),
      0,
    );
    outstanding.set(delivery, { store: consumer.store, lockToken: lock.token });
  };

  for (const store of namespace.stores()) {
    store.onAvailable(() => {
      pump(store);
    });
  }

  const container = create_container({ id: 'local-servicebus-peer' });

  container.on('connection_open', (context: EventContext) => {
    connections.add(context.connection);
  });

  // The client attached a sender: the peer receives on a queue, a topic, `$cbs` or `…/$management`.
  container.on('receiver_open', (context: EventContext) => {
    const receiver = context.receiver;
    if (receiver === undefined) return;
    const address = addressOf(receiver.target);
    echoTermini(receiver);
    if (address === undefined) {
      receiver.close({ condition: Conditions.notFound, description: 'a sender link must name its target' });
    } else if (!isControlAddress(address) && namespace.sendTarget(address) === undefined) {
      receiver.close(entityNotFound(address));
    }
  });

  // The client attached a receiver: the peer sends from a queue, a subscription, a dead-letter queue, or replies.
  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender;
    if (sender === undefined) return;
    const address = addressOf(sender.source);
    echoTermini(sender);
    if (address === undefined) {
      sender.close({ condition: Conditions.notFound, description: 'a receiver link must name its source' });
      return;
    }
    if (isControlAddress(address)) return;
    const store = namespace.receiveSource(address);
    if (store === undefined) {
      sender.close(entityNotFound(address));
      return;
    }
    consumers.set(sender, { sender, store, presettled: sender.snd_settle_mode === 1 });
  });

  const pumpFor = (context: EventContext): void => {
    const consumer = context.sender === undefined ? undefined : consumers.get(context.sender);
    if (consumer !== undefined) pump(consumer.store);
  };
  container.on('sendable', pumpFor);
  container.on('sender_draining', (context: EventContext) => {
    pumpFor(context);
    context.sender?.set_drained(true);
  });

  const forgetSender = (sender: Sender | undefined): void => {
    if (sender !== undefined) consumers.delete(sender);
  };
  container.on('sender_close', (context: EventContext) => {
    forgetSender(context.sender);
  });
  const forgetConnection = (context: EventContext): void => {
    connections.delete(context.connection);
    for (const sender of consumers.keys()) if (sender.connection === context.connection) consumers.delete(sender);
  };
  container.on('connection_close', forgetConnection);
  container.on('disconnected', forgetConnection);
  // What a client causes (a link closed with an AMQP error, a dropped socket, a protocol error) ends that link or
  // connection only. Anything else reaching here is a fault in this peer: say so rather than drop a connection
  // silently.
  container.on('error', (error: unknown) => {
    if (field(error, 'condition') === undefined) console.error('local Service Bus peer:', error);
  });
  container.on('connection_error', () => undefined);
  container.on('protocol_error', () => undefined);

  container.on('message', (context: EventContext) => {
    const { receiver, delivery } = context;
    if (receiver === undefined || delivery === undefined) return;
    const address = addressOf(receiver.target) ?? '';
    const payload: unknown = context.message;
    if (address.toLowerCase() === CBS_ADDRESS) {
      answerCbs(context.connection, payload);
      delivery.accept();
    } else if (address.toLowerCase().endsWith(MANAGEMENT_SUFFIX)) {
      answerManagement(context.connection, address, payload);
      delivery.accept();
    } else {
      const error = acceptTransfer(address, delivery, payload);
      if (error === undefined) delivery.accept();
      else delivery.reject(error);
    }
  });

  /** Stores the message (or every message of a batch); an error to reject the transfer with, if any. */
  const acceptTransfer = (address: string, delivery: Delivery, payload: unknown): AmqpError | undefined => {
    const target = namespace.sendTarget(address);
    if (target === undefined) return entityNotFound(address);
    let messages: AmqpMessage[];
    let size: number;
    try {
      if (delivery.format === BATCH_MESSAGE_FORMAT) {
        if (!Buffer.isBuffer(payload)) return { condition: Conditions.decodeError, description: 'unreadable batch' };
        messages = decodeBatch(payload);
        size = payload.length;
      } else {
        const single = payload as AmqpMessage;
        messages = [single];
        size = encodeMessage(single).length;
      }
    } catch (error) {
      return { condition: Conditions.decodeError, description: error instanceof Error ? error.message : 'unreadable' };
    }
    if (size > maxMessageSize) {
      return {
        condition: Conditions.messageSizeExceeded,
        description: `The received message (size ${size} bytes) exceeds the limit (${maxMessageSize} bytes).`,
      };
    }
    const now = Date.now();
    for (const message of messages) namespace.accept(target, message, now);
    return undefined;
  };

  // Dispositions on messages the peer delivered (the SDK sends them unsettled: the peer settles them).
  const onDisposition = (kind: 'accepted' | 'rejected' | 'modified' | 'released') => (context: EventContext) => {
    const delivery = context.delivery;
    if (delivery === undefined) return;
    const record = outstanding.get(delivery);
    if (record === undefined) return; // a reply on `$cbs`/`$management`
    outstanding.delete(delivery);
    const state: unknown = delivery.remote_state;
    const { store, lockToken } = record;
    let settled: boolean;
    let answer: DescribedOutcome;
    switch (kind) {
      case 'accepted':
        settled = store.complete(lockToken);
        answer = outcomes.accepted();
        break;
      case 'released':
        settled = store.release(lockToken);
        answer = outcomes.released();
        break;
      case 'modified':
        if (field(state, 'undeliverable_here') === true) {
          // defer: deferred messages are only reachable by sequence number, which this peer does not offer
          settled = store.release(lockToken);
          settleDelivery(delivery, notImplemented('defer'));
          return;
        }
        settled = store.abandon(lockToken, mapField(state, 'message_annotations'));
        answer = outcomes.modified({ undeliverable_here: false });
        break;
      case 'rejected': {
        const error = field(state, 'error');
        const info = mapField(error, 'info') ?? {};
        const { DeadLetterReason: reason, DeadLetterErrorDescription: description, ...properties } = info;
        const condition = field(error, 'condition');
        settled = store.deadLetter(
          lockToken,
          typeof reason === 'string' ? reason : condition === DEAD_LETTER_CONDITION ? undefined : textOf(condition),
          typeof description === 'string' ? description : textOf(field(error, 'description')),
          properties,
        );
        answer = outcomes.rejected({});
        break;
      }
    }
    settleDelivery(delivery, settled ? answer.described() : lockLost());
  };
  container.on('accepted', onDisposition('accepted'));
  container.on('rejected', onDisposition('rejected'));
  container.on('modified', onDisposition('modified'));
  container.on('released', onDisposition('released'));

  const answerCbs = (connection: Connection, request: unknown): void => {
    reply(connection, request, {
      'status-code': 202,
      'status-description': 'Accepted',
    });
  };

  const answerManagement = (connection: Connection, address: string, request: unknown): void => {
    const entityPath = address.slice(0, -MANAGEMENT_SUFFIX.length);
    const store = namespace.receiveSource(entityPath);
    const properties = mapField(request, 'application_properties') ?? {};
    const body = mapField(request, 'body') ?? {};
    const operation = properties.operation;
    if (store === undefined) {
      reply(connection, request, managementStatus(404, entityNotFound(entityPath)));
      return;
    }
    const tokens = lockTokens(body['lock-tokens']);
    const now = Date.now();
    if (operation === 'com.microsoft:renew-lock') {
      const expirations = tokens.map((token) => store.renewLock(token, now));
      if (expirations.some((expiry) => expiry === undefined)) {
        reply(connection, request, managementStatus(410, lockLostError()));
        return;
      }
      const dates = expirations.map((expiry) => new Date(expiry ?? now));
      reply(connection, request, managementStatus(200), { expirations: dates });
    } else if (operation === 'com.microsoft:update-disposition') {
      const status = body['disposition-status'];
      const modify = mapField(body, 'properties-to-modify');
      const done = tokens.map((token) => {
        switch (status) {
          case 'completed':
            return store.complete(token);
          case 'abandoned':
            return store.abandon(token, modify);
          case 'suspended':
            return store.deadLetter(
              token,
              textOf(body['deadletter-reason']),
              textOf(body['deadletter-description']),
              modify,
            );
          default:
            return false;
        }
      });
      if (status !== 'completed' && status !== 'abandoned' && status !== 'suspended') {
        reply(connection, request, managementStatus(501, notImplementedError(`disposition ${textOf(status) ?? '?'}`)));
      } else if (done.every(Boolean)) {
        reply(connection, request, managementStatus(200));
      } else {
        reply(connection, request, managementStatus(410, lockLostError()));
      }
    } else {
      reply(connection, request, managementStatus(501, notImplementedError(`operation ${textOf(operation) ?? '?'}`)));
    }
  };

  const server: Server = container.listen({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    // Every link the peer answers: receivers accept explicitly (to reject what it cannot store) and announce the
    // message size limit; senders report `modified` as such (abandon), not as `released`.
    receiver_options: { autoaccept: false, max_message_size: maxMessageSize },
    sender_options: { treat_modified_as_released: false } as Record<string, unknown>,
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) {
      resolve();
      return;
    }
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;

  const lookup = (entity: string): MessageStore => {
    const store = namespace.receiveSource(entity);
    if (store === undefined) throw new Error(`no queue or subscription '${entity}' on this peer`);
    return store;
  };

  return {
    port,
    connectionString: `Endpoint=sb://127.0.0.1:${port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true`,
    messages(entity) {
      const now = Date.now();
      const target = namespace.sendTarget(entity);
      if (target?.kind === 'topic') return target.accepted.map((entry) => toPeerMessage(entry, now));
      return lookup(entity)
        .snapshot()
        .map((entry) => toPeerMessage(entry, now));
    },
    deadLetters(entity) {
      const now = Date.now();
      const path = normalizeAddress(entity).endsWith('/$deadletterqueue') ? entity : `${entity}/$DeadLetterQueue`;
      return lookup(path)
        .snapshot()
        .map((entry) => toPeerMessage(entry, now));
    },
    send(entity, message) {
      const target: SendTarget | undefined = namespace.sendTarget(entity);
      if (target === undefined) throw new Error(`no queue or topic '${entity}' on this peer`);
      return namespace.accept(target, toAmqpMessage(message), Date.now());
    },
    async stop() {
      for (const connection of connections) connection.close();
      namespace.dispose();
      consumers.clear();
      // Clients answer the close frame and hang up; whoever has not after a moment is cut off. (Cutting sockets at
      // once makes the SDK hit a write error while it closes, and its `ServiceBusClient.close()` never resolves.)
      await new Promise<void>((resolve) => {
        const deadline = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 1_000);
        deadline.unref();
        server.close(() => {
          clearTimeout(deadline);
          resolve();
        });
      });
    },
  };
}

/** The message as a receiver gets it: broker state in the header and the annotations the SDK reads. */
function outgoing(entry: StoredMessage, lockedUntil: number | undefined): AmqpMessage {
  const annotations: Record<string, unknown> = {
    ...entry.message.message_annotations,
    'x-opt-sequence-number': amqpTypes.wrap_long(entry.sequenceNumber),
    'x-opt-enqueued-time': entry.enqueuedTime,
  };
  if (lockedUntil !== undefined) annotations['x-opt-locked-until'] = new Date(lockedUntil);
  return { ...entry.message, delivery_count: entry.deliveryCount, message_annotations: annotations };
}

/** Sends a management or CBS response on the link the requester named in `reply_to`. */
function reply(
  connection: Connection,
  request: unknown,
  applicationProperties: Record<string, unknown>,
  body?: Record<string, unknown>,
): void {
  const replyTo = textOf(field(request, 'reply_to'));
  const sender = connection.find_sender((link: Sender) => link.name === replyTo || addressOf(link.target) === replyTo);
  if (sender === undefined) return;
  const response: AmqpMessage = {
    correlation_id: field(request, 'message_id') as AmqpMessage['correlation_id'],
    application_properties: applicationProperties,
  };
  if (body !== undefined) response.body = body;
  sender.send(encodeMessage(response), undefined, 0);
}

function managementStatus(statusCode: number, error?: AmqpError): Record<string, unknown> {
  const properties: Record<string, unknown> = { statusCode };
  if (error !== undefined) {
    properties.errorCondition = error.condition;
    properties.statusDescription = error.description;
  }
  return properties;
}

function settleDelivery(delivery: Delivery, state: unknown): void {
  delivery.update(true, state);
  // The SDK settles in mode `second` without sending a final disposition; forget the delivery so rhea's
  // outgoing window does not fill up with deliveries it waits to hear about.
  (delivery as unknown as DeliveryInternals).remote_settled = true;
}

function lockLostError(): AmqpError {
  return {
    condition: Conditions.lockLost,
    description:
      'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.',
  };
}

function lockLost(): unknown {
  return outcomes.rejected({ error: lockLostError() }).described();
}

function notImplementedError(what: string): AmqpError {
  return {
    condition: Conditions.notImplemented,
    description: `${what} is not supported by the local Service Bus peer`,
  };
}

function notImplemented(what: string): unknown {
  return outcomes.rejected({ error: notImplementedError(what) }).described();
}

function entityNotFound(address: string): AmqpError {
  return { condition: Conditions.notFound, description: `The messaging entity '${address}' could not be found.` };
}

function isControlAddress(address: string): boolean {
  const lower = address.toLowerCase();
  return lower === CBS_ADDRESS || lower.endsWith(MANAGEMENT_SUFFIX);
}

/** Answers an attach with the client's own source and target and settle modes (as Service Bus does). */
function echoTermini(link: Sender | Receiver): void {
  const source = addressOf(link.source);
  const target = addressOf(link.target);
  if (source !== undefined) link.set_source({ address: source });
  if (target !== undefined) link.set_target({ address: target });
  const attach = (link as unknown as LinkInternals).local.attach;
  attach.snd_settle_mode = link.snd_settle_mode;
  attach.rcv_settle_mode = link.rcv_settle_mode;
}

function addressOf(terminus: unknown): string | undefined {
  const address = field(terminus, 'address');
  return typeof address === 'string' ? address : undefined;
}

function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return (value as Record<string, unknown>)[name];
}

function mapField(value: unknown, name: string): Record<string, unknown> | undefined {
  const inner = field(value, name);
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner) || Buffer.isBuffer(inner)) return undefined;
  return inner as Record<string, unknown>;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function lockTokens(value: unknown): string[] {
  const items: unknown[] = Array.isArray(value) ? value : [];
  return items.filter((item): item is Buffer => Buffer.isBuffer(item) && item.length === 16).map(lockTokenFromUuid);
}
