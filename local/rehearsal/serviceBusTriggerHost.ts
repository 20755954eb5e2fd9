/**
 * A small local stand-in for the Functions host's Service Bus trigger binding (default binding, `autoComplete`),
 * for the app's captured Service Bus triggers: a peek-lock receiver through the real `@azure/service-bus` client
 * receives one message and the captured handler is invoked as the host would invoke it:
 *
 * - the trigger value is the body as the Node worker hands it over: parsed JSON when the content is JSON, else the
 *   text;
 * - `triggerMetadata` carries what the host's binding data carries (`messageId`, `deliveryCount` counted as .NET
 *   does, from 1, `enqueuedTimeUtc`, `sequenceNumber`, `contentType`, `subject`, `correlationId`,
 *   `applicationProperties`, `lockToken`);
 * - extra inputs (the durable client binding) come from `createContext`;
 * - after the handler returns, its Service Bus output bindings (extra outputs and a Service Bus return binding) are
 *   sent, then the message is completed; if the handler (or an output) throws, nothing is sent and the message is
 *   abandoned, so Service Bus redelivers it until MaxDeliveryCount dead-letters it.
 *
 * Binding expressions (`%ERCSP_ONBOARDING_QUEUE%`) and `connection` names resolve against the app settings (`env`),
 * as in the host. Not covered: sessions, `cardinality: 'many'`, the SDK-type binding (`sdkBinding`), which needs
 * the host's gRPC channel.
 */
import type { InvocationContext, LogHandler, TriggerMetadata } from '@azure/functions';
import {
  ServiceBusClient,
  type ServiceBusClientOptions,
  type ServiceBusReceivedMessage,
  type ServiceBusReceiver,
  type ServiceBusSender,
} from '@azure/service-bus';
import { resolveAppSettings } from '../functionsHost/appSettings';
import type { FunctionRegistry, RegisteredFunction } from '../functionsHost/functionRegistry';
import type { InvocationOptions } from '../functionsHost/invocationContextFactory';

/** The connection setting the host uses when a binding names none. */
export const DEFAULT_SERVICE_BUS_CONNECTION_SETTING = 'AzureWebJobsServiceBus';

export interface ServiceBusTriggerHostOptions {
  readonly registry: FunctionRegistry;
  /** App settings: binding expressions and connection names resolve here. Default: `process.env` at each use. */
  readonly env?: NodeJS.ProcessEnv;
  /** Builds the invocation context (e.g. `DurableHostSimulator.createInvocationContext`, for the durable client). */
  readonly createContext: (registration: RegisteredFunction, options: InvocationOptions) => InvocationContext;
  /** Where the handlers' `context.log` goes. Default: dropped. */
  readonly logHandler?: LogHandler;
  /** How long `deliverNext` waits for a message. Default 5 s. */
  readonly receiveTimeoutMs?: number;
  readonly clientOptions?: ServiceBusClientOptions;
}

/** A Service Bus trigger as the host binds it: the function, and the entity it listens to. */
export interface BoundTrigger {
  readonly functionName: string;
  /** A queue name, or `topic/Subscriptions/subscription`. */
  readonly entity: string;
  readonly connectionSetting: string;
}

export interface SentOutput {
  readonly functionName: string;
  /** The queue or topic the output binding names (resolved). */
  readonly entity: string;
  readonly body: unknown;
}

export interface DeliveryResult {
  readonly functionName: string;
  readonly messageId: string;
  /** As the host reports it: 1 on the first delivery. */
  readonly deliveryCount: number;
  /** `none`: the trigger turned autoComplete off and cannot settle without the host; the lock will expire. */
  readonly settlement: 'completed' | 'abandoned' | 'none';
  readonly result: unknown;
  readonly error?: Error;
  readonly outputs: readonly SentOutput[];
}

export class TriggerBindingError extends Error {
  override readonly name = 'TriggerBindingError';
}

interface ServiceBusBinding {
  readonly type: string;
  readonly name: string;
  readonly connection?: unknown;
  readonly queueName?: unknown;
  readonly topicName?: unknown;
  readonly subscriptionName?: unknown;
  readonly cardinality?: unknown;
  readonly isSessionsEnabled?: unknown;
  readonly autoCompleteMessages?: unknown;
  readonly sdkBinding?: unknown;
}

const OUTPUT_TYPE = 'serviceBus';
const TRIGGER_TYPE = 'serviceBusTrigger';

export class ServiceBusTriggerHost {
  private readonly clients = new Map<string, ServiceBusClient>();
  private readonly receivers = new Map<string, ServiceBusReceiver>();
  private readonly senders = new Map<string, ServiceBusSender>();
  private closed = false;

  constructor(private readonly options: ServiceBusTriggerHostOptions) {}

  /** Every Service Bus trigger of the app that can be bound, with its resolved entity. */
  triggers(): BoundTrigger[] {
    return this.bindAll().bound;
  }

  /** Why a trigger cannot be bound (the host disables such a function and runs the others), one line each. */
  bindingProblems(): string[] {
    return this.bindAll().problems;
  }

  /** The trigger listening to `entity` (case-insensitive, as Service Bus entity names are), if any. */
  triggerFor(entity: string): BoundTrigger | undefined {
    return this.triggers().find((trigger) => trigger.entity.toLowerCase() === entity.toLowerCase());
  }

  /**
   * Receives the next message of `entity` in peek-lock mode and runs its trigger on it. Resolves undefined when no
   * message arrived within the receive timeout. Throws `TriggerBindingError` when no trigger listens to `entity`.
   */
  async deliverNext(entity: string): Promise<DeliveryResult | undefined> {
    if (this.closed) throw new TriggerBindingError('the trigger host is closed');
    const bound = this.triggerFor(entity);
    if (bound === undefined) {
      const problems = this.bindingProblems();
      throw new TriggerBindingError(
        `no Service Bus trigger listens to ${entity}${problems.length === 0 ? '' : ` (${problems.join('; ')})`}`,
      );
    }
    const registration = this.options.registry.get(bound.functionName);
    const receiver = this.receiverFor(bound);
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: this.options.receiveTimeoutMs ?? 5_000 });
    if (message === undefined) return undefined;

    const messageId = String(message.messageId ?? '');
    const deliveryCount = (message.deliveryCount ?? 0) + 1;
    const context = this.options.createContext(registration, {
      triggerMetadata: triggerMetadataOf(message, deliveryCount),
      ...(this.options.logHandler === undefined ? {} : { logHandler: this.options.logHandler }),
    });
    const base = { functionName: bound.functionName, messageId, deliveryCount };
    let result: unknown;
    let outputs: SentOutput[];
    try {
      result = await registration.handler(triggerValueOf(message), context);
      outputs = await this.sendOutputs(registration, context, result);
    } catch (thrown) {
      const error = thrown instanceof Error ? thrown : new Error(String(thrown));
      await receiver.abandonMessage(message);
      return { ...base, settlement: 'abandoned', result: undefined, error, outputs: [] };
    }
    if (triggerOf(registration).autoCompleteMessages === false) {
      return { ...base, settlement: 'none', result, outputs };
    }
    await receiver.completeMessage(message);
    return { ...base, settlement: 'completed', result, outputs };
  }

  async close(): Promise<void> {
    this.closed = true;
    const links = [...this.receivers.values(), ...this.senders.values()];
    this.receivers.clear();
    this.senders.clear();
    await Promise.allSettled(links.map((link) => link.close()));
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(clients.map((client) => client.close()));
  }

  private bindAll(): { bound: BoundTrigger[]; problems: string[] } {
    const bound: BoundTrigger[] = [];
    const problems: string[] = [];
    for (const registration of this.options.registry.list()) {
      if (registration.trigger.type !== TRIGGER_TYPE) continue;
      try {
        bound.push(this.bind(registration));
      } catch (error) {
        if (!(error instanceof TriggerBindingError)) throw error;
        problems.push(`${registration.name}: ${error.message}`);
      }
    }
    return { bound, problems };
  }

  private bind(registration: RegisteredFunction): BoundTrigger {
    const trigger = triggerOf(registration);
    if (trigger.isSessionsEnabled === true) throw unsupported('sessions');
    if (trigger.cardinality === 'many') throw unsupported("cardinality 'many'");
    if (trigger.sdkBinding === true) throw unsupported('the SDK-type binding (it needs the host)');
    const connectionSetting = settingName(trigger.connection);
    const queue = this.resolve(trigger.queueName);
    if (queue !== undefined) return { functionName: registration.name, entity: queue, connectionSetting };
    const topic = this.resolve(trigger.topicName);
    const subscription = this.resolve(trigger.subscriptionName);
    if (topic === undefined || subscription === undefined) {
      throw new TriggerBindingError('a Service Bus trigger needs a queueName or a topicName and subscriptionName');
    }
    return { functionName: registration.name, entity: `${topic}/Subscriptions/${subscription}`, connectionSetting };
  }

  /** `%Setting%` binding expressions, resolved from the app settings as the host does. */
  private resolve(value: unknown): string | undefined {
    if (typeof value !== 'string' || value === '') return undefined;
    return resolveAppSettings(
      value,
      (name) => this.env()[name],
      (name) => new TriggerBindingError(`the binding expression %${name}% names no app setting`),
    );
  }

  private env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  private clientFor(connectionSetting: string): ServiceBusClient {
    let client = this.clients.get(connectionSetting);
    if (client === undefined) {
      const connectionString = this.env()[connectionSetting];
      if (connectionString === undefined || connectionString === '') {
        throw new TriggerBindingError(`the connection setting ${connectionSetting} is not set`);
      }
      client = new ServiceBusClient(connectionString, this.options.clientOptions);
      this.clients.set(connectionSetting, client);
    }
    return client;
  }

  private receiverFor(bound: BoundTrigger): ServiceBusReceiver {
    const key = `${bound.connectionSetting}|${bound.entity.toLowerCase()}`;
    let receiver = this.receivers.get(key);
    if (receiver === undefined) {
      const client = this.clientFor(bound.connectionSetting);
      const [topic, subscription] = bound.entity.split('/Subscriptions/');
      const options = { receiveMode: 'peekLock' as const, skipParsingBodyAsJson: true };
      receiver =
        subscription === undefined
          ? client.createReceiver(bound.entity, options)
          : client.createReceiver(topic ?? bound.entity, subscription, options);
      this.receivers.set(key, receiver);
    }
    return receiver;
  }

  private senderFor(connectionSetting: string, entity: string): ServiceBusSender {
    const key = `${connectionSetting}|${entity.toLowerCase()}`;
    let sender = this.senders.get(key);
    if (sender === undefined) {
      sender = this.clientFor(connectionSetting).createSender(entity);
      this.senders.set(key, sender);
    }
    return sender;
  }

  /** Sends what the handler put in its Service Bus output bindings (an array is one message per item). */
  private async sendOutputs(
    registration: RegisteredFunction,
    context: InvocationContext,
    result: unknown,
  ): Promise<SentOutput[]> {
    const values: { binding: ServiceBusBinding; value: unknown }[] = [];
    for (const output of registration.extraOutputs) {
      const binding = output as unknown as ServiceBusBinding;
      if (binding.type === OUTPUT_TYPE) values.push({ binding, value: context.extraOutputs.get(output) });
    }
    const returnBinding = registration.return as unknown as ServiceBusBinding | undefined;
    if (returnBinding?.type === OUTPUT_TYPE) values.push({ binding: returnBinding, value: result });

    const sent: SentOutput[] = [];
    for (const { binding, value } of values) {
      if (value === undefined || value === null) continue;
      const entity = this.resolve(binding.queueName) ?? this.resolve(binding.topicName);
      if (entity === undefined)
        throw new TriggerBindingError(`${registration.name}: an output binding names no entity`);
      const items: unknown[] = Array.isArray(value) ? value : [value];
      const sender = this.senderFor(settingName(binding.connection), entity);
      for (const item of items) {
        const text = typeof item === 'string' ? item : JSON.stringify(item);
        await sender.sendMessages({
          body: Buffer.from(text, 'utf8'),
          contentType: typeof item === 'string' ? 'text/plain' : 'application/json',
        });
        sent.push({ functionName: registration.name, entity, body: item });
      }
    }
    return sent;
  }
}

function unsupported(what: string): TriggerBindingError {
  return new TriggerBindingError(`the local trigger host does not support ${what}`);
}

function triggerOf(registration: RegisteredFunction): ServiceBusBinding {
  const trigger: ServiceBusBinding = registration.trigger;
  return trigger;
}

function settingName(connection: unknown): string {
  return typeof connection === 'string' && connection !== '' ? connection : DEFAULT_SERVICE_BUS_CONNECTION_SETTING;
}

/** The body as the Node worker receives it: JSON is parsed, anything else stays text. */
export function triggerValueOf(message: Pick<ServiceBusReceivedMessage, 'body'>): unknown {
  const { body } = message as { body: unknown };
  let text: string;
  if (Buffer.isBuffer(body)) text = body.toString('utf8');
  else if (body instanceof Uint8Array) text = Buffer.from(body).toString('utf8');
  else if (typeof body === 'string') text = body;
  else return body;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch {
    return text;
  }
}

function triggerMetadataOf(message: ServiceBusReceivedMessage, deliveryCount: number): TriggerMetadata {
  const metadata: TriggerMetadata = {
    messageId: String(message.messageId ?? ''),
    deliveryCount,
    enqueuedTimeUtc: (message.enqueuedTimeUtc ?? new Date()).toISOString(),
    applicationProperties: { ...(message.applicationProperties ?? {}) },
    userProperties: { ...(message.applicationProperties ?? {}) },
  };
  if (message.sequenceNumber !== undefined) metadata.sequenceNumber = message.sequenceNumber.toNumber();
  if (message.contentType !== undefined) metadata.contentType = message.contentType;
  if (message.subject !== undefined) metadata.subject = message.subject;
  if (message.correlationId !== undefined) metadata.correlationId = String(message.correlationId);
  if (message.lockToken !== undefined) metadata.lockToken = message.lockToken;
  if (message.expiresAtUtc !== undefined) metadata.expiresAtUtc = message.expiresAtUtc.toISOString();
  return metadata;
}
