/**
 * The shapes every workflow folder registers in: its orchestrators and its activity factories, each typed by its
 * own contract map, so that a handler whose input or output does not match its name's contract does not compile.
 */
import type { InvocationContext } from '@azure/functions';
import type { OrchestrationContext, Task } from 'durable-functions';
import type { ActivityDependencies } from '../shared/ports/activityDependencies';
import type { Contract } from './contracts';

/** A map of names to contracts (an interface, so no index signature). */
type ContractMap<C> = { readonly [Name in keyof C]: Contract<unknown, unknown> };

export type ActivityHandlerOf<C extends ContractMap<C>, Name extends keyof C> = (
  input: C[Name]['input'],
  context: InvocationContext,
) => Promise<C[Name]['output']>;

/** Each activity of a contract map, built from the app's dependencies at its first call. */
export type ActivityFactoriesOf<C extends ContractMap<C>> = {
  readonly [Name in keyof C]: (
    deps: ActivityDependencies,
  ) => (input: C[Name]['input'], context: InvocationContext) => Promise<C[Name]['output']>;
};

/** Each orchestrator of a contract map: it returns its output, or undefined in a generation that continues as new. */
export type OrchestratorsOf<C extends ContractMap<C>> = {
  readonly [Name in keyof C]: (
    context: OrchestrationContext,
  ) => Generator<Task, C[Name]['output'] | undefined, unknown>;
};
