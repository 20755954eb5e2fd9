/**
 * The in-memory namespace behind the local Service Bus peer: queues, topics with subscriptions, dead-letter
 * sub-queues, peek-lock with lock expiry, delivery counts, MaxDeliveryCount, duplicate detection and scheduled
 * messages, following Azure Service Bus's rules. It knows nothing about AMQP links: `serviceBusPeer.ts` moves
 * messages between this model and the wire.
 */
import { randomUUID } from 'node:crypto';
import type { MessageHeader, MessageProperties } from 'rhea';

/** Azure's defaults for a new queue or subscription. */
export const DEFAULT_MAX_DELIVERY_COUNT = 10;
export const DEFAULT_LOCK_DURATION_MS = 60_000;
/** Azure's default `duplicateDetectionHistoryTimeWindow` (PT10M). */
export const DEFAULT_DUPLICATE_DETECTION_WINDOW_MS = 10 * 60_000;

/** The reason Service Bus itself writes on a message it dead-letters (and the application properties it uses). */
export const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';
export const DEAD_LETTER_REASON_PROPERTY = 'DeadLetterReason';
export const DEAD_LETTER_DESCRIPTION_PROPERTY = 'DeadLetterErrorDescription';

/** The fields of an AMQP message this model keeps (the bare message plus annotations), as rhea encodes them. */
export interface AmqpMessage extends MessageProperties, MessageHeader {
  body?: unknown;
  message_annotations?: Record<string, unknown>;
  application_properties?: Record<string, unknown>;
}

export interface StoredMessage {
  readonly sequenceNumber: number;
  readonly enqueuedTime: Date;
  readonly messageId: string;
  /** As the sender sent it; `application_properties` gain `propertiesToModify` and the dead-letter fields. */
  message: AmqpMessage;
  /** Failed deliveries so far (abandons and expired locks): what the AMQP header's `delivery-count` carries. */
  deliveryCount: number;
  /** Epoch ms before which the message is invisible (scheduled messages). */
  readonly visibleAt: number;
  lock: MessageLock | undefined;
}

export interface MessageLock {
  readonly token: string;
  lockedUntil: number;
  timer: NodeJS.Timeout;
}

export interface EntityRules {
  readonly maxDeliveryCount: number;
  readonly lockDurationMs: number;
}

type Listener = () => void;

/**
 * A queue, a subscription, or the dead-letter sub-queue of either: the messages in sequence order, each either
 * available or locked by one receiver.
 */
export class MessageStore {
  private readonly entries: StoredMessage[] = [];
  private readonly locked = new Map<string, StoredMessage>();
  private readonly listeners = new Set<Listener>();
  private readonly scheduleTimers = new Set<NodeJS.Timeout>();
  private lastSequenceNumber = 0;

  constructor(
    /** The entity path as the SDK names it: `queue`, `topic/Subscriptions/sub`, `…/$DeadLetterQueue`. */
    readonly path: string,
    private readonly rules: EntityRules,
    /** Absent on a dead-letter queue itself: its messages are never dead-lettered again. */
    readonly deadLetterQueue: MessageStore | undefined,
  ) {}

  /** Called whenever a message may have become receivable (enqueued, abandoned, lock expired, schedule due). */
  onAvailable(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(message: AmqpMessage, messageId: string, now: number): StoredMessage {
    const entry: StoredMessage = {
      sequenceNumber: ++this.lastSequenceNumber,
      enqueuedTime: new Date(now),
      messageId,
      message,
      deliveryCount: 0,
      visibleAt: scheduledTime(message) ?? now,
      lock: undefined,
    };
    this.admit(entry, now);
    return entry;
  }

  /** The first message in sequence order that is neither locked nor scheduled for later. */
  peekAvailable(now: number): StoredMessage | undefined {
    return this.entries.find((entry) => entry.lock === undefined && entry.visibleAt <= now);
  }

  /** Locks `entry` for one receiver; returns the lock token (a GUID, as Azure's are). */
  lock(entry: StoredMessage, now: number): MessageLock {
    const token = randomUUID();
    const timer = setTimeout(() => {
      this.expire(token);
    }, this.rules.lockDurationMs);
    timer.unref();
    entry.lock = { token, lockedUntil: now + this.rules.lockDurationMs, timer };
    this.locked.set(token, entry);
    return entry.lock;
  }

  /** The message a lock token still holds, or undefined when the lock expired or the message was settled. */
  lockedMessage(token: string): StoredMessage | undefined {
    return this.locked.get(token);
  }

  /** Extends a lock by the lock duration from now; undefined when the lock is lost. */
  renewLock(token: string, now: number): number | undefined {
    const entry = this.locked.get(token);
    if (entry?.lock === undefined) return undefined;
    const lock = entry.lock;
    clearTimeout(lock.timer);
    lock.lockedUntil = now + this.rules.lockDurationMs;
    lock.timer = setTimeout(() => {
      this.expire(token);
    }, this.rules.lockDurationMs);
    lock.timer.unref();
    return lock.lockedUntil;
  }

  /** Removes the message for good. False when the lock is lost. */
  complete(token: string): boolean {
    const entry = this.unlock(token);
    if (entry === undefined) return false;
    this.remove(entry);
    return true;
  }

  /**
   * Makes the message available again with its delivery count up by one and `propertiesToModify` merged into its
   * application properties; dead-letters it with `MaxDeliveryCountExceeded` once the count reaches the maximum.
   */
  abandon(token: string, propertiesToModify?: Record<string, unknown>): boolean {
    const entry = this.unlock(token);
    if (entry === undefined) return false;
    mergeApplicationProperties(entry, propertiesToModify);
    this.countFailedDelivery(entry);
    return true;
  }

  /** Returns the message unchanged (AMQP `released`: it was never handed to the application). */
  release(token: string): boolean {
    const entry = this.unlock(token);
    if (entry === undefined) return false;
    this.notify();
    return true;
  }

  deadLetter(
    token: string,
    reason: string | undefined,
    description: string | undefined,
    properties?: Record<string, unknown>,
  ): boolean {
    const entry = this.unlock(token);
    if (entry === undefined) return false;
    mergeApplicationProperties(entry, properties);
    this.moveToDeadLetter(entry, reason, description);
    return true;
  }

  /** Receive-and-delete: the message leaves the entity as it is sent. */
  take(entry: StoredMessage): void {
    this.remove(entry);
  }

  /** Every message still in the entity (available, locked or scheduled), in sequence order. */
  snapshot(): readonly StoredMessage[] {
    return [...this.entries];
  }

  dispose(): void {
    for (const entry of this.entries) if (entry.lock !== undefined) clearTimeout(entry.lock.timer);
    for (const timer of this.scheduleTimers) clearTimeout(timer);
    this.scheduleTimers.clear();
    this.listeners.clear();
    this.deadLetterQueue?.dispose();
  }

  private admit(entry: StoredMessage, now: number): void {
    this.entries.push(entry);
    if (entry.visibleAt <= now) {
      this.notify();
      return;
    }
    const timer = setTimeout(() => {
      this.scheduleTimers.delete(timer);
      this.notify();
    }, entry.visibleAt - now);
    timer.unref();
    this.scheduleTimers.add(timer);
  }

  private expire(token: string): void {
    const entry = this.unlock(token);
    if (entry !== undefined) this.countFailedDelivery(entry);
  }

  private countFailedDelivery(entry: StoredMessage): void {
    entry.deliveryCount += 1;
    if (this.deadLetterQueue !== undefined && entry.deliveryCount >= this.rules.maxDeliveryCount) {
      this.moveToDeadLetter(
        entry,
        MAX_DELIVERY_COUNT_EXCEEDED,
        `Message could not be consumed after ${this.rules.maxDeliveryCount} delivery attempts.`,
      );
    } else {
      this.notify();
    }
  }

  private moveToDeadLetter(entry: StoredMessage, reason: string | undefined, description: string | undefined): void {
    this.remove(entry);
    const target = this.deadLetterQueue;
    if (target === undefined) return; // a dead-letter queue's own messages stay where they are
    const properties: Record<string, unknown> = { ...entry.message.application_properties };
    if (reason !== undefined) properties[DEAD_LETTER_REASON_PROPERTY] = reason;
    if (description !== undefined) properties[DEAD_LETTER_DESCRIPTION_PROPERTY] = description;
    target.admit(
      { ...entry, message: { ...entry.message, application_properties: properties }, lock: undefined, visibleAt: 0 },
      Date.now(),
    );
  }

  private unlock(token: string): StoredMessage | undefined {
    const entry = this.locked.get(token);
    if (entry?.lock === undefined) return undefined;
    clearTimeout(entry.lock.timer);
    entry.lock = undefined;
    this.locked.delete(token);
    return entry;
  }

  private remove(entry: StoredMessage): void {
    const index = this.entries.indexOf(entry);
    if (index >= 0) this.entries.splice(index, 1);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

function mergeApplicationProperties(entry: StoredMessage, properties: Record<string, unknown> | undefined): void {
  if (properties === undefined || Object.keys(properties).length === 0) return;
  entry.message = {
    ...entry.message,
    application_properties: { ...entry.message.application_properties, ...properties },
  };
}

function scheduledTime(message: AmqpMessage): number | undefined {
  const value = message.message_annotations?.['x-opt-scheduled-enqueue-time'];
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  return undefined;
}

/** Remembers message ids for a window and says whether one was seen (Azure's `requiresDuplicateDetection`). */
export class DuplicateDetector {
  /** messageId → epoch ms when it leaves the window; insertion order is time order. */
  private readonly seen = new Map<string, number>();

  constructor(readonly windowMs: number) {}

  /** True when `messageId` was accepted within the window (drop the message); otherwise records it. */
  isDuplicate(messageId: string, now: number): boolean {
    for (const [id, expiresAt] of this.seen) {
      if (expiresAt > now) break;
      this.seen.delete(id);
    }
    if (this.seen.has(messageId)) return true;
    this.seen.set(messageId, now + this.windowMs);
    return false;
  }
}

export interface QueueDefinition {
  readonly name: string;
  readonly requiresDuplicateDetection?: boolean;
  readonly duplicateDetectionWindowMs?: number;
  readonly maxDeliveryCount?: number;
  readonly lockDurationMs?: number;
}

export interface SubscriptionDefinition {
  readonly name: string;
  readonly maxDeliveryCount?: number;
  readonly lockDurationMs?: number;
}

export interface TopicDefinition {
  readonly name: string;
  readonly subscriptions: readonly (string | SubscriptionDefinition)[];
  readonly requiresDuplicateDetection?: boolean;
  readonly duplicateDetectionWindowMs?: number;
}

export interface NamespaceDefaults {
  /** When set, duplicate detection is on for every queue and topic that does not turn it off. */
  readonly duplicateDetectionWindowMs?: number;
  readonly maxDeliveryCount?: number;
  readonly lockDurationMs?: number;
}

interface QueueEntity {
  readonly kind: 'queue';
  readonly name: string;
  readonly store: MessageStore;
  readonly duplicates: DuplicateDetector | undefined;
}

interface TopicEntity {
  readonly kind: 'topic';
  readonly name: string;
  readonly subscriptions: ReadonlyMap<string, MessageStore>;
  readonly duplicates: DuplicateDetector | undefined;
  /** Every message the topic accepted (topics hold nothing themselves; this is for inspection). */
  readonly accepted: StoredMessage[];
  lastSequenceNumber: number;
}

export type SendTarget = QueueEntity | TopicEntity;

export interface AcceptResult {
  readonly messageId: string;
  /** Dropped by duplicate detection. */
  readonly duplicate: boolean;
}

const DEAD_LETTER_SEGMENT = '$deadletterqueue';

/** Entity paths are case-insensitive in Service Bus; `sb://host/` prefixes and a leading `/` are ignored. */
export function normalizeAddress(address: string): string {
  return address
    .replace(/^(?:amqps?|sb):\/\/[^/]*/i, '')
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();
}

/** All queues and topics of one namespace. */
export class Namespace {
  private readonly queues = new Map<string, QueueEntity>();
  private readonly topics = new Map<string, TopicEntity>();

  constructor(
    queues: readonly (string | QueueDefinition)[],
    topics: readonly TopicDefinition[],
    defaults: NamespaceDefaults,
  ) {
    const rulesFor = (own: { maxDeliveryCount?: number; lockDurationMs?: number }): EntityRules => ({
      maxDeliveryCount: own.maxDeliveryCount ?? defaults.maxDeliveryCount ?? DEFAULT_MAX_DELIVERY_COUNT,
      lockDurationMs: own.lockDurationMs ?? defaults.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
    });
    const detectorFor = (own: { requiresDuplicateDetection?: boolean; duplicateDetectionWindowMs?: number }) => {
      const enabled = own.requiresDuplicateDetection ?? defaults.duplicateDetectionWindowMs !== undefined;
      if (!enabled) return undefined;
      return new DuplicateDetector(
        own.duplicateDetectionWindowMs ?? defaults.duplicateDetectionWindowMs ?? DEFAULT_DUPLICATE_DETECTION_WINDOW_MS,
      );
    };
    for (const item of queues) {
      const definition: QueueDefinition = typeof item === 'string' ? { name: item } : item;
      this.assertNew(definition.name);
      this.queues.set(normalizeAddress(definition.name), {
        kind: 'queue',
        name: definition.name,
        store: storeWithDeadLetterQueue(definition.name, rulesFor(definition)),
        duplicates: detectorFor(definition),
      });
    }
    for (const topic of topics) {
      this.assertNew(topic.name);
      const subscriptions = new Map<string, MessageStore>();
      for (const item of topic.subscriptions) {
        const definition: SubscriptionDefinition = typeof item === 'string' ? { name: item } : item;
        const path = `${topic.name}/Subscriptions/${definition.name}`;
        subscriptions.set(definition.name.toLowerCase(), storeWithDeadLetterQueue(path, rulesFor(definition)));
      }
      this.topics.set(normalizeAddress(topic.name), {
        kind: 'topic',
        name: topic.name,
        subscriptions,
        duplicates: detectorFor(topic),
        accepted: [],
        lastSequenceNumber: 0,
      });
    }
  }

  /** The queue or topic a sender link (or the in-process `send`) addresses. */
  sendTarget(address: string): SendTarget | undefined {
    const key = normalizeAddress(address);
    return this.queues.get(key) ?? this.topics.get(key);
  }

  /**
   * The store a receiver link addresses: `queue`, `topic/Subscriptions/sub`, either followed by
   * `/$DeadLetterQueue`.
   */
  receiveSource(address: string): MessageStore | undefined {
    const segments = normalizeAddress(address).split('/');
    const deadLetter = segments[segments.length - 1] === DEAD_LETTER_SEGMENT;
    if (deadLetter) segments.pop();
    let store: MessageStore | undefined;
    if (segments.length === 1 && segments[0] !== undefined) {
      store = this.queues.get(segments[0])?.store;
    } else if (segments.length === 3 && segments[1] === 'subscriptions' && segments[0] !== undefined) {
      store = this.topics.get(segments[0])?.subscriptions.get(segments[2] ?? '');
    }
    return deadLetter ? store?.deadLetterQueue : store;
  }

  /** Every queue, subscription and dead-letter store (to hook listeners on). */
  stores(): MessageStore[] {
    const all: MessageStore[] = [];
    for (const queue of this.queues.values()) all.push(queue.store);
    for (const topic of this.topics.values()) all.push(...topic.subscriptions.values());
    return all.flatMap((store) => (store.deadLetterQueue === undefined ? [store] : [store, store.deadLetterQueue]));
  }

  /**
   * Accepts one message into a queue, or into every subscription of a topic, unless duplicate detection drops it.
   * Assigns a message id when the sender gave none (as Service Bus does).
   */
  accept(target: SendTarget, message: AmqpMessage, now: number): AcceptResult {
    let withId = message;
    if (message.message_id === undefined || message.message_id === '') {
      withId = { ...message, message_id: randomUUID().replace(/-/g, '') };
    }
    const messageId = messageIdText(withId.message_id);
    if (target.duplicates?.isDuplicate(messageId, now) === true) return { messageId, duplicate: true };
    if (target.kind === 'queue') {
      target.store.enqueue(withId, messageId, now);
    } else {
      target.accepted.push({
        sequenceNumber: ++target.lastSequenceNumber,
        enqueuedTime: new Date(now),
        messageId,
        message: withId,
        deliveryCount: 0,
        visibleAt: now,
        lock: undefined,
      });
      for (const subscription of target.subscriptions.values()) {
        subscription.enqueue({ ...withId, message_annotations: { ...withId.message_annotations } }, messageId, now);
      }
    }
    return { messageId, duplicate: false };
  }

  dispose(): void {
    for (const queue of this.queues.values()) queue.store.dispose();
    for (const topic of this.topics.values()) for (const store of topic.subscriptions.values()) store.dispose();
  }

  private assertNew(name: string): void {
    if (this.sendTarget(name) !== undefined) throw new Error(`entity '${name}' is defined twice`);
  }
}

function storeWithDeadLetterQueue(path: string, rules: EntityRules): MessageStore {
  const deadLetter = new MessageStore(`${path}/$DeadLetterQueue`, rules, undefined);
  return new MessageStore(path, rules, deadLetter);
}

/** Message ids are strings in practice; numbers, GUID buffers and binary ids are rendered as text. */
export function messageIdText(id: unknown): string {
  if (typeof id === 'string') return id;
  if (typeof id === 'number' || typeof id === 'bigint') return id.toString();
  if (Buffer.isBuffer(id)) return id.toString('hex');
  return String(id);
}
