/**
 * Every recorded history (test/fixtures/histories, `npm run record-histories`) must replay against the current
 * orchestrator code: the same actions, in the same order, ending the same way. This is what a deploy asks of the
 * instances already in flight (a provider wait lives for weeks). In memory: no Azurite, no activity runs.
 *
 * The second half proves the check can fail: deliberately changed orchestrators (an action moved, an activity renamed,
 * a sub-orchestration instance id changed, a different ending, a name no longer registered) are reported with the
 * orchestrator, the fixture and the first differing action.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as df from 'durable-functions';
import type { DurableOrchestrationContext, OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { captureRegistrations } from '../../../local/functionsHost/captureRegistrations';
import { FunctionRegistry } from '../../../local/functionsHost/functionRegistry';
import { HistoryEventType, isSchedulingEvent } from '../../../local/durable/wire/historyEvents';
import type { SchedulingEvent } from '../../../local/durable/wire/historyEvents';
import { checkRecordedHistory } from '../../../local/durable/replay/recordedHistory';
import type { HistoryCheck, RecordedHistory } from '../../../local/durable/replay/recordedHistory';
import { acquireCustomerLeaseOrchestrator } from '../../../orchestrations/acquireCustomerLease.orchestrator';
import { onboardCustomerOrchestrator } from '../../../orchestrations/onboardCustomer.orchestrator';
import { registerWorkflows } from '../../../orchestrations/register';

const FIXTURES_DIR = path.resolve(__dirname, '..', '..', 'fixtures', 'histories');
const RE_RECORDING = 'See test/fixtures/histories/README.md: a deliberate change needs a new orchestrator name.';

interface Fixture {
  /** `<scenario>/<file>`, as shown in messages. */
  readonly label: string;
  readonly recorded: RecordedHistory;
}

function loadFixtures(): Fixture[] {
  const scenarios = readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  return scenarios.flatMap((scenario) =>
    readdirSync(path.join(FIXTURES_DIR, scenario.name))
      .filter((file) => file.endsWith('.json'))
      .sort()
      .map((file) => ({
        label: `${scenario.name}/${file}`,
        recorded: JSON.parse(readFileSync(path.join(FIXTURES_DIR, scenario.name, file), 'utf8')) as RecordedHistory,
      })),
  );
}

const fixtures = loadFixtures();

function fixture(predicate: (recorded: RecordedHistory) => boolean, what: string): Fixture {
  const found = fixtures.find((candidate) => predicate(candidate.recorded));
  if (found === undefined) throw new Error(`no recorded history of ${what}; run npm run record-histories`);
  return found;
}

function failureOf(check: HistoryCheck): string {
  if (check.ok) throw new Error('the replay was expected to report a difference, and found none');
  return check.message;
}

/** The app's registrations, as the Functions host receives them (activities are never called during replay). */
async function appRegistry(): Promise<FunctionRegistry> {
  return captureRegistrations(() => {
    registerWorkflows(() => {
      throw new Error('a replay runs no activity');
    });
  });
}

/** The app with orchestrator `replacing` taken out and whatever `register` registers put in (a changed version). */
async function appWith(replacing: string, register: () => void): Promise<FunctionRegistry> {
  const app = await appRegistry();
  const variant = await captureRegistrations(register);
  const registry = new FunctionRegistry();
  for (const registration of app.list()) {
    if (registration.name.toLowerCase() !== replacing.toLowerCase()) registry.add(registration);
  }
  for (const registration of variant.list()) registry.add(registration);
  return registry;
}

/** The app with orchestrator `name` replaced by `handler`. */
function appWithOrchestrator(name: string, handler: OrchestrationHandler): Promise<FunctionRegistry> {
  return appWith(name, () => {
    df.app.orchestration(name, handler);
  });
}

/** The orchestration context with some `context.df` methods replaced (the rest bound to the real one). */
function withDf(context: OrchestrationContext, replaced: Partial<DurableOrchestrationContext>): OrchestrationContext {
  const dfProxy = new Proxy(context.df, {
    get(target, property, receiver) {
      if (Object.prototype.hasOwnProperty.call(replaced, property)) return Reflect.get(replaced, property) as unknown;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return new Proxy(context, {
    get(target, property) {
      if (property === 'df') return dfProxy;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function schedulingEventsOf(recorded: RecordedHistory): SchedulingEvent[] {
  return recorded.history.filter(isSchedulingEvent);
}

describe('recorded histories replay against the current orchestrators', () => {
  let registry: FunctionRegistry;
  beforeAll(async () => {
    registry = await appRegistry();
  });

  it('has fixtures for every scenario and every registered orchestrator', () => {
    const scenarios = new Set(fixtures.map((entry) => entry.recorded.scenario));
    expect([...scenarios].sort()).toEqual([
      'day-two',
      'failed-leg',
      'lease-queue',
      'mid-provider-wait',
      'onboarding-complete',
    ]);
    const recordedNames = new Set(fixtures.map((entry) => entry.recorded.orchestrator.toLowerCase()));
    const unrecorded = registry.names('orchestration').filter((name) => !recordedNames.has(name.toLowerCase()));
    expect({ orchestratorsWithoutRecordedHistory: unrecorded }).toEqual({ orchestratorsWithoutRecordedHistory: [] });
    // In flight at recording time: the replay of an unfinished instance is what a deploy must not break.
    expect(fixtures.some((entry) => entry.recorded.runtimeStatus === 'Running')).toBe(true);
  });

  it.each(fixtures.map((entry) => [entry.label, entry] as const))('%s', async (_label, entry) => {
    const check = await checkRecordedHistory(entry.recorded, registry, entry.label);
    if (!check.ok) throw new Error(`${check.message}\n${RE_RECORDING}`);
    expect(check.actions).toBe(schedulingEventsOf(entry.recorded).length);
  });
});

describe('the replay check reports a changed orchestrator', () => {
  const queuedLease = () =>
    fixture(
      (recorded) =>
        recorded.scenario === 'lease-queue' &&
        recorded.orchestrator === 'acquireCustomerLease' &&
        recorded.runtimeStatus === 'ContinuedAsNew',
      'a queued lease wait',
    );
  const completedRequest = () =>
    fixture(
      (recorded) => recorded.scenario === 'onboarding-complete' && recorded.orchestrator === 'onboardCustomer',
      'a completed onboarding request',
    );

  it('names the orchestrator, the fixture and the first differing action when two actions swap places', async () => {
    // acquireCustomerLease with its two steps swapped: sleep first, then try the lease.
    const reordered = function* (context: OrchestrationContext): Generator<df.Task, true | undefined, unknown> {
      const input = context.df.getInput<{ customerId: string; owner: string; timing: { leasePollMs: number } }>();
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + input.timing.leasePollMs));
      const attempt = (yield context.df.callActivityWithRetry('tryAcquireLease', new df.RetryOptions(30_000, 3), {
        customerId: input.customerId,
        owner: input.owner,
      })) as { acquired: boolean };
      if (attempt.acquired) return true;
      context.df.continueAsNew(input);
      return undefined;
    };
    const { label, recorded } = queuedLease();
    const [first] = schedulingEventsOf(recorded);
    expect(first?.EventType).toBe(HistoryEventType.TaskScheduled);

    const message = failureOf(
      await checkRecordedHistory(recorded, await appWithOrchestrator('acquireCustomerLease', reordered), label),
    );

    expect(message).toContain(`Non-deterministic replay of orchestrator 'acquireCustomerLease' (fixture ${label}`);
    expect(message).toContain('First differing action at position 0:');
    expect(message).toContain("expected (recorded): activity 'tryAcquireLease' (TaskScheduled, sequence number 0)");
    expect(message).toMatch(/actual \(replayed\): {3}timer due \S+ \(TimerCreated, sequence number 0\)/);
    // The Durable host's own verdict on such an instance comes with it.
    expect(message).toContain('Non-Deterministic workflow detected');
  });

  it('reports an activity called by another name', async () => {
    const renamed = function* (context: OrchestrationContext) {
      return yield* onboardCustomerOrchestrator(
        withDf(context, {
          callActivityWithRetry: (name, retryOptions, input) =>
            context.df.callActivityWithRetry(
              name === 'releaseLease' ? 'releaseCustomerLease' : name,
              retryOptions,
              input,
            ),
        }),
      );
    };
    const { label, recorded } = completedRequest();
    const position = schedulingEventsOf(recorded).findIndex(
      (event) => event.EventType === HistoryEventType.TaskScheduled && event.Name === 'releaseLease',
    );
    expect(position).toBeGreaterThan(0);

    const message = failureOf(
      await checkRecordedHistory(
        recorded,
        await appWith('onboardCustomer', () => {
          df.app.orchestration('onboardCustomer', renamed);
          df.app.activity('releaseCustomerLease', { handler: () => null });
        }),
        label,
      ),
    );

    expect(message).toContain(`orchestrator 'onboardCustomer' (fixture ${label}`);
    expect(message).toContain(`First differing action at position ${position}:`);
    expect(message).toContain(
      `expected (recorded): activity 'releaseLease' (TaskScheduled, sequence number ${position})`,
    );
    expect(message).toContain(
      `actual (replayed):   activity 'releaseCustomerLease' (TaskScheduled, sequence number ${position})`,
    );
  });

  it('reports a sub-orchestration started under another instance id', async () => {
    const moved = function* (context: OrchestrationContext) {
      return yield* onboardCustomerOrchestrator(
        withDf(context, {
          callSubOrchestrator: (name, input, instanceId) =>
            context.df.callSubOrchestrator(name, input, instanceId === undefined ? undefined : `${instanceId}-v2`),
        }),
      );
    };
    const { label, recorded } = completedRequest();
    const position = schedulingEventsOf(recorded).findIndex(
      (event) => event.EventType === HistoryEventType.SubOrchestrationInstanceCreated,
    );
    const original = schedulingEventsOf(recorded)[position];
    if (original?.EventType !== HistoryEventType.SubOrchestrationInstanceCreated)
      throw new Error('no sub-orchestration');

    const message = failureOf(
      await checkRecordedHistory(recorded, await appWithOrchestrator('onboardCustomer', moved), label),
    );

    expect(message).toContain(`First differing action at position ${position}:`);
    expect(message).toContain(
      `expected (recorded): sub-orchestration '${original.Name}' as instance '${original.InstanceId}'`,
    );
    expect(message).toContain(
      `actual (replayed):   sub-orchestration '${original.Name}' as instance '${original.InstanceId}-v2'`,
    );
  });

  it('reports a replay that schedules the same actions but ends differently', async () => {
    const completedLease = fixture(
      (recorded) => recorded.orchestrator === 'acquireCustomerLease' && recorded.runtimeStatus === 'Completed',
      'an acquired lease',
    );
    const failsAtTheEnd = function* (context: OrchestrationContext) {
      yield* acquireCustomerLeaseOrchestrator(context);
      throw new Error('changed ending');
    };
    const message = failureOf(
      await checkRecordedHistory(
        completedLease.recorded,
        await appWithOrchestrator('acquireCustomerLease', failsAtTheEnd),
        completedLease.label,
      ),
    );
    expect(message).toContain(`orchestrator 'acquireCustomerLease' (fixture ${completedLease.label}`);
    expect(message).toContain('ends differently: recorded completed, replayed failed');
    expect(message).toContain('changed ending');
  });

  it('reports an orchestrator name that is no longer registered', async () => {
    const { label, recorded } = queuedLease();
    const message = failureOf(
      await checkRecordedHistory(
        recorded,
        await appWith('acquireCustomerLease', () => {
          df.app.orchestration('acquireCustomerLeaseV2', acquireCustomerLeaseOrchestrator);
        }),
        label,
      ),
    );
    expect(message).toContain("No orchestrator named 'acquireCustomerLease' is registered any more");
    expect(message).toContain(`fixture ${label}`);
  });
});
