/**
 * Registers every orchestration and activity with durable-functions, by the names in contracts.ts. The Functions
 * host discovers them when the app loads, but their code does not load then: each handler requires handlers.ts (the
 * orchestrators and activity factories, typed by their contracts) at its first call, and an activity's dependencies
 * are resolved then too, so that loading the app never reads configuration, opens a connection or loads a workflow's
 * modules (a cold start, test/unit/coldStart.test.ts). New orchestrators and activities go into handlers.ts.
 */
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { ActivityDependencies } from '../shared/ports/activityDependencies';
import { withActivityTrace } from './activities/activityTrace';
import { Activities, Orchestrations, type ActivityContracts, type ActivityName } from './contracts';
import type * as Handlers from './handlers';
import type { ActivityHandlerOf } from './registration';

type ActivityHandler<Name extends ActivityName> = ActivityHandlerOf<ActivityContracts, Name>;

/** Activities that raise events on other instances get the `durableClient` input binding. */
const NEEDS_WORKFLOW_CLIENT: ReadonlySet<ActivityName> = new Set(['stopProviderWaits']);

/** The orchestrators and activity factories: required at the first call of any of them (Node caches it after). */
function handlers(): typeof Handlers {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred loading is the point
  return require('./handlers') as typeof Handlers;
}

export function registerWorkflows(resolveDependencies: () => ActivityDependencies): void {
  for (const name of Object.values(Orchestrations)) {
    // The host drives the generator this returns with the orchestration's context: the orchestrator's own generator.
    df.app.orchestration(name, (context) => handlers().ORCHESTRATORS[name](context));
  }
  for (const name of Object.values(Activities)) register(name, resolveDependencies);
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- ties the name to its own factory
function register<Name extends ActivityName>(name: Name, resolveDependencies: () => ActivityDependencies): void {
  const factory = (deps: ActivityDependencies): ActivityHandler<Name> => handlers().ACTIVITY_FACTORIES[name](deps);
  const handler = lazily(resolveDependencies, factory);
  if (NEEDS_WORKFLOW_CLIENT.has(name)) {
    df.app.activity(name, { extraInputs: [df.input.durableClient()], handler });
  } else {
    df.app.activity(name, { handler });
  }
}

function lazily<Name extends ActivityName>(
  resolveDependencies: () => ActivityDependencies,
  factory: (deps: ActivityDependencies) => ActivityHandler<Name>,
): (input: unknown, context: InvocationContext) => Promise<ActivityContracts[Name]['output']> {
  let handler: ActivityHandler<Name> | undefined;
  let deps: ActivityDependencies | undefined;
  return (input, context) => {
    deps ??= resolveDependencies();
    const ready = (handler ??= factory(deps));
    // Durable hands the input over as JSON; its type is the one its caller (steps/calls.ts) was held to.
    // Run inside the request's trace context: log lines, ARM calls and outbound events carry it (activityTrace.ts).
    return withActivityTrace(deps.requests, input, context, () =>
      ready(input as ActivityContracts[Name]['input'], context),
    );
  };
}
