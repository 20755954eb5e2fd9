import { randomUUID } from 'node:crypto';
import { InvocationContext } from '@azure/functions';
import type { LogHandler, TriggerMetadata } from '@azure/functions';
import type { RegisteredFunction } from './functionRegistry';

export interface InvocationOptions {
  readonly invocationId?: string;
  /**
   * Values of extra input bindings, keyed by binding type (e.g. `durableClient`) or by binding name. A binding whose
   * value is missing reads as `undefined`, as it would if the host had nothing to bind.
   */
  readonly extraInputs?: Readonly<Record<string, unknown>>;
  readonly triggerMetadata?: TriggerMetadata;
  /** Where `context.log/info/warn/error` go. Default: dropped (the simulators print progress through their own hooks). */
  readonly logHandler?: LogHandler;
}

const silentLogHandler: LogHandler = () => undefined;

/**
 * An InvocationContext as the host builds it for `registration`: its effective options (trigger, return, extra
 * bindings) and the values of its extra inputs, so that e.g. `df.getClient(context)` finds its durableClient binding.
 */
export function createInvocationContext(
  registration: RegisteredFunction,
  options: InvocationOptions = {},
): InvocationContext {
  const context = new InvocationContext({
    functionName: registration.name,
    invocationId: options.invocationId ?? randomUUID(),
    logHandler: options.logHandler ?? silentLogHandler,
    triggerMetadata: options.triggerMetadata,
    options: {
      trigger: registration.trigger,
      return: registration.return,
      extraInputs: [...registration.extraInputs],
      extraOutputs: [...registration.extraOutputs],
    },
  });
  const values = options.extraInputs ?? {};
  for (const input of registration.extraInputs) {
    const value = values[input.name] ?? values[input.type];
    if (value !== undefined) context.extraInputs.set(input, value);
  }
  return context;
}

export interface InvocationResult {
  readonly result: unknown;
  readonly context: InvocationContext;
}

/** Calls a captured handler as the host would: trigger value first, the invocation context second. */
export async function invokeFunction(
  registration: RegisteredFunction,
  triggerInput: unknown,
  options: InvocationOptions = {},
): Promise<InvocationResult> {
  const context = createInvocationContext(registration, options);
  const result: unknown = await registration.handler(triggerInput, context);
  return { result, context };
}
