/**
 * Typed calls: an activity or sub-orchestration is called by its name in contracts.ts, with that name's input type,
 * and its result comes back with that name's output type. This is the one place that casts what a yielded Durable
 * task produced; orchestrators never do.
 */
import type { OrchestrationContext, RetryOptions, Task } from 'durable-functions';
import type { ActivityContracts, ActivityName, OrchestrationContracts, OrchestrationName } from '../contracts';
import { crashRetry } from './retry';

declare const OUTPUT: unique symbol;
/** A Durable task that will produce a `T` (the type exists only at compile time). */
export type TypedTask<T> = Task & { readonly [OUTPUT]?: T };

type ActivityInput<Name extends ActivityName> = ActivityContracts[Name]['input'];
type ActivityOutput<Name extends ActivityName> = ActivityContracts[Name]['output'];
type OrchestrationInput<Name extends OrchestrationName> = OrchestrationContracts[Name]['input'];
type OrchestrationOutput<Name extends OrchestrationName> = OrchestrationContracts[Name]['output'];

/** Schedules an activity (retried only when it crashes: see retry.ts) and returns its task, for `all`. */
export function activityTask<Name extends ActivityName>(
  context: OrchestrationContext,
  name: Name,
  input: ActivityInput<Name>,
  retry: RetryOptions = crashRetry(),
): TypedTask<ActivityOutput<Name>> {
  return context.df.callActivityWithRetry(name, retry, input);
}

/** Schedules a sub-orchestration under a deterministic instance id and returns its task, for `all`. */
export function subOrchestrationTask<Name extends OrchestrationName>(
  context: OrchestrationContext,
  name: Name,
  input: OrchestrationInput<Name>,
  instanceId: string,
): TypedTask<OrchestrationOutput<Name>> {
  return context.df.callSubOrchestrator(name, input, instanceId);
}

/** Waits for one task and returns its typed result. */
export function* completed<T>(task: TypedTask<T>): Generator<Task, T, unknown> {
  // eslint-disable-next-line no-restricted-syntax -- the one typed cast: the task was created for a `T`
  return (yield task) as T;
}

export function* callActivity<Name extends ActivityName>(
  context: OrchestrationContext,
  name: Name,
  input: ActivityInput<Name>,
): Generator<Task, ActivityOutput<Name>, unknown> {
  return yield* completed(activityTask(context, name, input));
}

export function* callSubOrchestration<Name extends OrchestrationName>(
  context: OrchestrationContext,
  name: Name,
  input: OrchestrationInput<Name>,
  instanceId: string,
): Generator<Task, OrchestrationOutput<Name>, unknown> {
  return yield* completed(subOrchestrationTask(context, name, input, instanceId));
}

type Results<Groups extends Record<string, readonly TypedTask<unknown>[]>> = {
  [Group in keyof Groups]: Groups[Group] extends readonly TypedTask<infer T>[] ? T[] : never;
};

/**
 * Runs groups of tasks side by side (one `Task.all`) and returns each group's results under its own name, in order:
 * `yield* all(context, { legs, gateways })` gives `{ legs: LegOutput[], gateways: GatewayOutput[] }`.
 * `Task.all` fails fast, so tasks given here should report failure as a value (see BranchFailure).
 */
export function* all<Groups extends Record<string, readonly TypedTask<unknown>[]>>(
  context: OrchestrationContext,
  groups: Groups,
): Generator<Task, Results<Groups>, unknown> {
  const names = Object.keys(groups);
  const tasks = names.flatMap((name) => groups[name] ?? []);
  // eslint-disable-next-line no-restricted-syntax -- Task.all yields one result per task, in order
  const outputs = tasks.length === 0 ? [] : ((yield context.df.Task.all(tasks)) as unknown[]);
  const results: Record<string, unknown[]> = {};
  let offset = 0;
  for (const name of names) {
    const count = groups[name]?.length ?? 0;
    results[name] = outputs.slice(offset, offset + count);
    offset += count;
  }
  return results as Results<Groups>;
}
