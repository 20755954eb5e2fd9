import type { FunctionHandler, FunctionInput, FunctionOutput, FunctionTrigger } from '@azure/functions';

/** What a function is, as the host would classify it from its trigger binding. */
export type FunctionKind =
  'http' | 'timer' | 'serviceBusQueue' | 'serviceBusTopic' | 'orchestration' | 'activity' | 'entity' | 'other';

/** One `app.*` registration, reduced to what the Functions host receives: a name, bindings and a handler. */
export interface RegisteredFunction {
  readonly name: string;
  readonly kind: FunctionKind;
  /** The `app` method the application called (`generic` for everything durable-functions registers). */
  readonly registeredVia: string;
  readonly trigger: FunctionTrigger;
  readonly handler: FunctionHandler;
  readonly extraInputs: readonly FunctionInput[];
  readonly extraOutputs: readonly FunctionOutput[];
  readonly return: FunctionOutput | undefined;
  /** The options exactly as passed to the generic registration (trigger built, handler wrapped). */
  readonly options: Readonly<Record<string, unknown>>;
}

export class FunctionNotRegisteredError extends Error {
  override readonly name = 'FunctionNotRegisteredError';
  constructor(functionName: string, kind: FunctionKind | undefined, known: readonly string[]) {
    const what = kind === undefined ? 'function' : `${kind} function`;
    super(`No ${what} named '${functionName}' was registered. Registered: ${known.join(', ') || '(none)'}.`);
  }
}

export class DuplicateFunctionError extends Error {
  override readonly name = 'DuplicateFunctionError';
  constructor(functionName: string) {
    super(`A function named '${functionName}' was registered twice; the Functions host rejects duplicate names.`);
  }
}

export function kindOfTrigger(trigger: FunctionTrigger): FunctionKind {
  switch (trigger.type) {
    case 'httpTrigger':
      return 'http';
    case 'timerTrigger':
      return 'timer';
    case 'serviceBusTrigger':
      return typeof trigger.topicName === 'string' ? 'serviceBusTopic' : 'serviceBusQueue';
    case 'orchestrationTrigger':
      return 'orchestration';
    case 'activityTrigger':
      return 'activity';
    case 'entityTrigger':
      return 'entity';
    default:
      return 'other';
  }
}

/**
 * The registrations of one application load. Function names are case-insensitive for the host (and for Durable task
 * names), so lookups are too.
 */
export class FunctionRegistry {
  private readonly byName = new Map<string, RegisteredFunction>();

  add(registration: RegisteredFunction): void {
    const key = registration.name.toLowerCase();
    if (this.byName.has(key)) throw new DuplicateFunctionError(registration.name);
    this.byName.set(key, registration);
  }

  find(name: string, kind?: FunctionKind): RegisteredFunction | undefined {
    const found = this.byName.get(name.toLowerCase());
    if (found === undefined || (kind !== undefined && found.kind !== kind)) return undefined;
    return found;
  }

  get(name: string, kind?: FunctionKind): RegisteredFunction {
    const found = this.find(name, kind);
    if (found === undefined) throw new FunctionNotRegisteredError(name, kind, this.names(kind));
    return found;
  }

  has(name: string, kind?: FunctionKind): boolean {
    return this.find(name, kind) !== undefined;
  }

  list(kind?: FunctionKind): RegisteredFunction[] {
    return [...this.byName.values()].filter((registration) => kind === undefined || registration.kind === kind);
  }

  names(kind?: FunctionKind): string[] {
    return this.list(kind).map((registration) => registration.name);
  }

  get size(): number {
    return this.byName.size;
  }
}
