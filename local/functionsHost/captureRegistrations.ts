/**
 * Captures an application's `app.*` registrations the way the Functions host receives them.
 *
 * `@azure/functions` forwards every registration to the host through `app.generic`, but its shortcuts (`app.http`,
 * `app.timer`, `app.get`…) call the module-internal `generic`, so patching `app.generic` alone would miss them. Each
 * method is therefore replaced by one that builds the same generic options (trigger from the same `trigger.*`
 * builders, the HTTP return binding, the forced method of `app.get`…) and records the result. durable-functions'
 * `df.app.orchestration/activity/entity` call `app.generic` and `df.app.client.*` call `app.http/timer/…` through the
 * exported object at call time, so they land here too.
 */
import { app, output, trigger } from '@azure/functions';
import type { FunctionInput, FunctionOutput, FunctionTrigger, GenericFunctionOptions } from '@azure/functions';
import { FunctionRegistry, kindOfTrigger } from './functionRegistry';

type TriggerBuilder = (options: Record<string, unknown>) => FunctionTrigger;
type Registrar = (name: string, options: unknown) => void;

/** `app` methods that build their trigger from the remaining options with the `trigger` builder of the same name. */
const TRIGGER_METHODS = [
  'http',
  'timer',
  'storageBlob',
  'storageQueue',
  'serviceBusQueue',
  'serviceBusTopic',
  'eventHub',
  'eventGrid',
  'cosmosDB',
  'warmup',
  'sql',
  'mySql',
  'webPubSub',
  'connectorTrigger',
  'mcpTool',
  'mcpResource',
  'mcpPrompt',
] as const;

const HTTP_SHORTCUTS = { get: 'GET', put: 'PUT', post: 'POST', patch: 'PATCH', deleteRequest: 'DELETE' } as const;

export interface CaptureOptions {
  /** Also call the original `app` method (in test mode it only logs a warning). Default false. */
  readonly passThrough?: boolean;
}

export interface RegistrationCapture {
  readonly registry: FunctionRegistry;
  /** Puts the original `app` methods back. Safe to call twice. */
  restore(): void;
}

export class CaptureAlreadyActiveError extends Error {
  override readonly name = 'CaptureAlreadyActiveError';
  constructor() {
    super('Registrations are already being captured; restore the active capture before starting another.');
  }
}

let activeCapture: RegistrationCapture | undefined;

const appMethods = app as unknown as Record<string, unknown>;
const triggerBuilders = trigger as unknown as Record<string, TriggerBuilder | undefined>;

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Mirrors `convertToGenericOptions` in `@azure/functions`: the trigger is built from every non-binding option. */
function toGenericOptions(options: Record<string, unknown>, buildTrigger: TriggerBuilder): GenericFunctionOptions {
  const {
    handler,
    return: returnBinding,
    trigger: explicitTrigger,
    extraInputs,
    extraOutputs,
    retry,
    ...triggerOptions
  } = options;
  return {
    trigger: (explicitTrigger as FunctionTrigger | undefined) ?? buildTrigger(triggerOptions),
    return: returnBinding as FunctionOutput | undefined,
    retry: retry as GenericFunctionOptions['retry'],
    extraInputs: extraInputs as FunctionInput[] | undefined,
    extraOutputs: extraOutputs as FunctionOutput[] | undefined,
    handler: handler as GenericFunctionOptions['handler'],
  };
}

/** Mirrors `app.http`: an HTTP function always has an HTTP return binding. */
function withHttpReturn(options: Record<string, unknown>): Record<string, unknown> {
  return { ...options, return: options.return ?? output.http({}) };
}

function toHttpOptions(optionsOrHandler: unknown, method: string): Record<string, unknown> {
  const options = typeof optionsOrHandler === 'function' ? { handler: optionsOrHandler } : asRecord(optionsOrHandler);
  return { ...options, methods: [method] };
}

/**
 * Starts capturing: from now until `restore()`, `app.*` registrations go into the returned registry instead of (or,
 * with `passThrough`, as well as) the real host.
 */
export function startCapturing(options: CaptureOptions = {}): RegistrationCapture {
  if (activeCapture !== undefined) throw new CaptureAlreadyActiveError();
  const registry = new FunctionRegistry();
  const originals = new Map<string, unknown>();

  const callOriginal = (method: string, name: string, methodOptions: unknown): void => {
    const original = originals.get(method);
    if (options.passThrough === true && typeof original === 'function') (original as Registrar)(name, methodOptions);
  };

  const record = (name: string, registeredVia: string, generic: GenericFunctionOptions): void => {
    registry.add({
      name,
      kind: kindOfTrigger(generic.trigger),
      registeredVia,
      trigger: generic.trigger,
      handler: generic.handler,
      extraInputs: generic.extraInputs ?? [],
      extraOutputs: generic.extraOutputs ?? [],
      return: generic.return,
      options: { ...generic },
    });
  };

  const replace = (method: string, replacement: Registrar): void => {
    if (!(method in appMethods)) return;
    originals.set(method, appMethods[method]);
    appMethods[method] = replacement;
  };

  replace('generic', (name, genericOptions) => {
    record(name, 'generic', genericOptions as GenericFunctionOptions);
    callOriginal('generic', name, genericOptions);
  });
  for (const method of TRIGGER_METHODS) {
    const buildTrigger = triggerBuilders[method];
    if (buildTrigger === undefined) continue;
    replace(method, (name, methodOptions) => {
      const raw = method === 'http' ? withHttpReturn(asRecord(methodOptions)) : asRecord(methodOptions);
      record(name, method, toGenericOptions(raw, buildTrigger));
      callOriginal(method, name, methodOptions);
    });
  }
  const httpTrigger = triggerBuilders.http;
  if (httpTrigger !== undefined) {
    for (const [method, verb] of Object.entries(HTTP_SHORTCUTS)) {
      replace(method, (name, optionsOrHandler) => {
        record(name, method, toGenericOptions(withHttpReturn(toHttpOptions(optionsOrHandler, verb)), httpTrigger));
        callOriginal(method, name, optionsOrHandler);
      });
    }
  }

  const capture: RegistrationCapture = {
    registry,
    restore: () => {
      for (const [method, original] of originals) appMethods[method] = original;
      originals.clear();
      if (activeCapture === capture) activeCapture = undefined;
    },
  };
  activeCapture = capture;
  return capture;
}

/**
 * Runs `loadApp` (typically `() => import('../../orchestrations')`) with registrations captured, then restores `app`.
 * The entry module must be imported for the first time inside `loadApp`: a module already in the require cache does
 * not register again.
 */
export async function captureRegistrations(
  loadApp: () => unknown,
  options: CaptureOptions = {},
): Promise<FunctionRegistry> {
  const capture = startCapturing(options);
  try {
    await loadApp();
    return capture.registry;
  } finally {
    capture.restore();
  }
}
