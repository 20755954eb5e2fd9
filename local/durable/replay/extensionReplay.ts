/**
 * The Durable extension's side of an episode, modelled on its code so that the simulator assigns sequence numbers,
 * checks determinism and decides completion as the real host does:
 *
 * - OutOfProcOrchestrationShim (schema ≥ V2) walks the worker's action list in order, invoking the matching
 *   orchestration-context API for each action and awaiting it before the next (failures swallowed: the worker handles
 *   them). WhenAll/WhenAny invoke their children in order.
 * - DTFx assigns sequence numbers at invocation (activities, timers, sub-orchestrations; external events take none),
 *   walks the whole history firing completions synchronously, and checks each scheduling event against what the replay
 *   scheduled (see nonDeterminism.ts).
 * - Retries (RetryInterceptor) and long timers (DF CreateTimer's chain of ≤3-day timers) schedule further ids as
 *   completions arrive; the JS library mirrors both, so ids line up.
 * - A cancelled timer is removed from the open tasks at once and its task completes (cancelled) at once.
 * - ContinueAsNew: raised events processed after it are carried over to the next generation (Carryover behaviour).
 * - The orchestration may complete only when the shim has walked every action and no task is open.
 */
import { ActionType } from '../wire/orchestratorState';
import type { WireAction, WireRetryOptions } from '../wire/orchestratorState';
import { preSerializedInputToJson, rawInputToJson } from '../wire/orchestratorState';
import { HistoryEventType } from '../wire/historyEvents';
import type { EventRaisedEvent, HistoryEvent, SchedulingEvent } from '../wire/historyEvents';
import { ShimTask } from './shimTask';
import { nextRetryDelayMs, retryPolicyFrom } from './retryPolicy';
import type { RetryPolicy } from './retryPolicy';
import {
  NonDeterminismError,
  kindOfSchedulingEvent,
  notScheduledByReplay,
  scheduledOtherKind,
  scheduledOtherName,
} from './nonDeterminism';

export type ScheduledOperation =
  | { readonly kind: 'activity'; readonly taskId: number; readonly name: string; readonly input: string }
  | { readonly kind: 'timer'; readonly taskId: number; readonly fireAt: Date }
  | {
      readonly kind: 'subOrchestration';
      readonly taskId: number;
      readonly name: string;
      readonly instanceId: string;
      readonly input: string;
    };

export interface ReplayOptions {
  readonly instanceId: string;
  readonly executionId: string;
  readonly parentInstanceId: string | undefined;
  readonly maximumShortTimerMs: number;
  readonly longRunningTimerIntervalMs: number;
  /** Whether a function of that kind is registered (the extension checks before scheduling). */
  readonly functionExists: (name: string, kind: 'activity' | 'orchestration') => boolean;
}

export interface ReplayOutcome {
  /** Operations scheduled by this replay that history does not have yet, in sequence order. */
  readonly newOperations: readonly ScheduledOperation[];
  /** Every operation this replay scheduled, matched or not, in sequence order (the recorded-history check). */
  readonly scheduledOperations: readonly ScheduledOperation[];
  /** Set when history and replay disagree; the instance fails with this reason. */
  readonly nonDeterminism: string | undefined;
  /** Set when an action cannot be replayed at all (unsupported API, invalid argument the extension rejects). */
  readonly invalidAction: string | undefined;
  /** The shim awaited every action. */
  readonly shimFinished: boolean;
  /** Sequence numbers of tasks still open for DTFx (a pending activity, an uncancelled timer…). */
  readonly openTaskIds: readonly number[];
  /** External events the shim is waiting for. */
  readonly awaitedEvents: readonly string[];
  /** Calls the extension made that failed before being scheduled (e.g. an unregistered activity). */
  readonly rejectedCalls: readonly string[];
  /** JSON input of the next generation, when the shim reached a ContinueAsNew action. */
  readonly continueAsNewInput: string | undefined;
  /** Raised events processed after ContinueAsNew: they start the next generation. */
  readonly carryoverEvents: readonly EventRaisedEvent[];
}

export class InvalidActionError extends Error {
  override readonly name = 'InvalidActionError';
}

/** A CancellationTokenSource as DF's CreateTimer uses it. */
class Cancellation {
  requested = false;
  private readonly callbacks: (() => void)[] = [];
  register(callback: () => void): void {
    if (this.requested) callback();
    else this.callbacks.push(callback);
  }
  cancel(): void {
    if (this.requested) return;
    this.requested = true;
    for (const callback of this.callbacks) callback();
  }
}

export function replayActions(
  actions: readonly WireAction[],
  history: readonly HistoryEvent[],
  options: ReplayOptions,
): ReplayOutcome {
  return new ExtensionReplay(actions, options).run(history);
}

class ExtensionReplay {
  private nextTaskId = 0;
  private nowMs = 0;
  private readonly openTasks = new Map<number, ShimTask>();
  private readonly unmatched = new Map<number, ScheduledOperation>();
  private readonly scheduled: ScheduledOperation[] = [];
  private readonly eventWaiters = new Map<string, { name: string; task: ShimTask }[]>();
  private readonly bufferedEvents = new Map<string, number>();
  private readonly carryover: EventRaisedEvent[] = [];
  private readonly rejectedCalls: string[] = [];
  private continueAsNewInput: string | undefined;
  private shimFinished = false;
  /** DF's `IsLongRunningTimer` is one flag per context, reset only when an awaited timer completes normally. */
  private longRunningTimerFlag = false;

  constructor(
    private readonly actions: readonly WireAction[],
    private readonly options: ReplayOptions,
  ) {}

  run(history: readonly HistoryEvent[]): ReplayOutcome {
    try {
      for (const event of history) this.process(event);
    } catch (error) {
      if (error instanceof NonDeterminismError) return this.outcome({ nonDeterminism: error.message });
      if (error instanceof InvalidActionError) return this.outcome({ invalidAction: error.message });
      throw error;
    }
    return this.outcome({});
  }

  private outcome(failure: { nonDeterminism?: string; invalidAction?: string }): ReplayOutcome {
    const failed = failure.nonDeterminism !== undefined || failure.invalidAction !== undefined;
    return {
      newOperations: failed ? [] : [...this.unmatched.values()].sort((a, b) => a.taskId - b.taskId),
      scheduledOperations: [...this.scheduled],
      nonDeterminism: failure.nonDeterminism,
      invalidAction: failure.invalidAction,
      shimFinished: this.shimFinished,
      openTaskIds: [...this.openTasks.keys()],
      awaitedEvents: [...this.eventWaiters.values()].flatMap((waiters) => waiters.map((waiter) => waiter.name)),
      rejectedCalls: this.rejectedCalls,
      continueAsNewInput: this.continueAsNewInput,
      carryoverEvents: this.carryover,
    };
  }

  private process(event: HistoryEvent): void {
    switch (event.EventType) {
      case HistoryEventType.OrchestratorStarted:
        this.nowMs = Date.parse(event.Timestamp);
        break;
      case HistoryEventType.ExecutionStarted:
        this.runActionsFrom(0);
        break;
      case HistoryEventType.TaskScheduled:
      case HistoryEventType.TimerCreated:
      case HistoryEventType.SubOrchestrationInstanceCreated:
        this.matchScheduled(event);
        break;
      case HistoryEventType.TaskCompleted:
      case HistoryEventType.SubOrchestrationInstanceCompleted:
        this.completeTask(event.TaskScheduledId, 'succeeded');
        break;
      case HistoryEventType.TaskFailed:
      case HistoryEventType.SubOrchestrationInstanceFailed:
        this.completeTask(event.TaskScheduledId, 'failed');
        break;
      case HistoryEventType.TimerFired:
        this.completeTask(event.TimerId, 'succeeded');
        break;
      case HistoryEventType.EventRaised:
        if (this.continueAsNewInput !== undefined) this.carryover.push(event);
        else this.deliverEvent(event.Name);
        break;
      default:
        break;
    }
  }

  // --- the shim: sequential awaits over the action list -------------------------------------------------------------

  private runActionsFrom(index: number): void {
    for (let i = index; i < this.actions.length; i++) {
      const action = this.actions[i];
      if (action === undefined) continue;
      const task = this.invoke(action);
      if (!task.settled) {
        task.then(() => {
          this.runActionsFrom(i + 1);
        });
        return;
      }
    }
    this.shimFinished = true;
  }

  private invoke(action: WireAction): ShimTask {
    switch (action.actionType) {
      case ActionType.CallActivity:
        return this.callFunction(action.functionName, 'activity', () =>
          this.scheduleActivity(action.functionName, preSerializedInputToJson(action.input)),
        );
      case ActionType.CallActivityWithRetry:
        return this.callFunction(action.functionName, 'activity', () =>
          this.withRetry(action.retryOptions, () =>
            this.scheduleActivity(action.functionName, preSerializedInputToJson(action.input)),
          ),
        );
      case ActionType.CallSubOrchestrator:
        return this.callFunction(action.functionName, 'orchestration', () =>
          this.scheduleSubOrchestration(action.functionName, action.instanceId, rawInputToJson(action.input)),
        );
      case ActionType.CallSubOrchestratorWithRetry:
        return this.callFunction(action.functionName, 'orchestration', () =>
          this.withRetry(action.retryOptions, () =>
            this.scheduleSubOrchestration(action.functionName, action.instanceId, rawInputToJson(action.input)),
          ),
        );
      case ActionType.ContinueAsNew:
        this.continueAsNewInput = preSerializedInputToJson(action.input);
        return ShimTask.completed();
      case ActionType.CreateTimer:
        return this.createDurableTimer(Date.parse(action.fireAt), action.isCanceled === true);
      case ActionType.WaitForExternalEvent:
        return this.waitForEvent(action.externalEventName);
      case ActionType.WhenAll:
        return ShimTask.whenAll(action.compoundActions.map((child) => this.invoke(child)));
      case ActionType.WhenAny:
        return ShimTask.whenAny(action.compoundActions.map((child) => this.invoke(child)));
      default:
        throw new InvalidActionError(
          `The durable host simulator does not support the ${ActionType[action.actionType]} API ` +
            `(entities and durable HTTP are not simulated).`,
        );
    }
  }

  /**
   * DF checks that the function exists inside an async method: a missing function yields a faulted task (swallowed by
   * the shim) and nothing is scheduled, so the worker waits forever for a result.
   */
  private callFunction(name: string, kind: 'activity' | 'orchestration', schedule: () => ShimTask): ShimTask {
    if (this.options.functionExists(name, kind)) return schedule();
    const dotnetKind = kind === 'activity' ? 'activity' : 'orchestrator';
    this.rejectedCalls.push(`The function '${name}' doesn't exist, is disabled, or is not an ${dotnetKind} function.`);
    const rejected = new ShimTask();
    rejected.settle('failed');
    return rejected;
  }

  // --- DTFx scheduling primitives -----------------------------------------------------------------------------------

  private open(operation: ScheduledOperation): ShimTask {
    const task = new ShimTask();
    this.scheduled.push(operation);
    this.unmatched.set(operation.taskId, operation);
    this.openTasks.set(operation.taskId, task);
    return task;
  }

  private scheduleActivity(name: string, input: string): ShimTask {
    return this.open({ kind: 'activity', taskId: this.nextTaskId++, name, input });
  }

  private scheduleSubOrchestration(name: string, requestedInstanceId: string | undefined, input: string): ShimTask {
    const { instanceId: ownId, parentInstanceId, executionId } = this.options;
    const sameAs = (other: string | undefined): boolean =>
      other !== undefined && requestedInstanceId?.toLowerCase() === other.toLowerCase();
    if (sameAs(ownId) || sameAs(parentInstanceId)) {
      throw new InvalidActionError(
        'The instance ID of a sub-orchestration must be different than the instance ID of a parent orchestration.',
      );
    }
    if (requestedInstanceId?.startsWith('@') === true) {
      throw new InvalidActionError('Orchestration instance ids must not start with @');
    }
    const taskId = this.nextTaskId++;
    const instanceId =
      requestedInstanceId !== undefined && requestedInstanceId.trim() !== ''
        ? requestedInstanceId
        : `${executionId}:${taskId}`;
    return this.open({ kind: 'subOrchestration', taskId, name, instanceId, input });
  }

  /** DTFx CreateTimer: an open task until fired; cancelling removes it from the open tasks at once. */
  private scheduleTimer(fireAtMs: number, cancellation: Cancellation | undefined): ShimTask {
    const taskId = this.nextTaskId++;
    const task = this.open({ kind: 'timer', taskId, fireAt: new Date(fireAtMs) });
    cancellation?.register(() => {
      if (task.settled) return;
      task.settle('cancelled');
      this.openTasks.delete(taskId);
    });
    return task;
  }

  /** DF's CreateTimer, including its long-timer loop and its shared `IsLongRunningTimer` flag. */
  private createDurableTimer(fireAtMs: number, cancelled: boolean): ShimTask {
    const cancellation = new Cancellation();
    const { maximumShortTimerMs: maximum, longRunningTimerIntervalMs: interval } = this.options;
    let intervalFireAt = fireAtMs;
    if (fireAtMs - this.nowMs > maximum) {
      this.longRunningTimerFlag = true;
      intervalFireAt = this.nowMs + interval;
    }
    const timer = this.longRunningTimerFlag
      ? this.longTimer(fireAtMs, intervalFireAt, cancellation)
      : this.scheduleTimer(fireAtMs, cancellation);
    timer.then(() => {
      if (timer.state === 'succeeded') this.longRunningTimerFlag = false;
    });
    if (cancelled) cancellation.cancel();
    return timer;
  }

  private longTimer(fireAtMs: number, firstFireAt: number, cancellation: Cancellation): ShimTask {
    const result = new ShimTask();
    const interval = this.options.longRunningTimerIntervalMs;
    const next = (intervalFireAt: number): void => {
      if (!(this.nowMs < fireAtMs) || cancellation.requested) {
        result.settle('succeeded');
        return;
      }
      const timer = this.scheduleTimer(intervalFireAt, cancellation);
      timer.then(() => {
        if (timer.state !== 'succeeded') {
          result.settle(timer.state === 'cancelled' ? 'cancelled' : 'failed');
          return;
        }
        const remaining = fireAtMs - this.nowMs;
        if (remaining <= 0) result.settle('succeeded');
        else next(this.nowMs + (remaining < interval ? remaining : interval));
      });
    };
    next(firstFireAt);
    return result;
  }

  /** DTFx RetryInterceptor around one call per attempt. */
  private withRetry(options: WireRetryOptions, attemptOnce: () => ShimTask): ShimTask {
    const policy: RetryPolicy = retryPolicyFrom(options);
    const maximum = this.options.maximumShortTimerMs;
    if (
      policy.firstRetryIntervalMs > maximum ||
      (Number.isFinite(policy.maxRetryIntervalMs) && policy.maxRetryIntervalMs > maximum)
    ) {
      throw new InvalidActionError(
        `Retry intervals longer than the maximum timer duration (${maximum} ms) are not supported by the storage provider.`,
      );
    }
    const result = new ShimTask();
    const firstAttemptMs = this.nowMs;
    const attempt = (retryCount: number): void => {
      if (retryCount >= policy.maxNumberOfAttempts) {
        result.settle('failed');
        return;
      }
      const call = attemptOnce();
      call.then(() => {
        if (call.state === 'succeeded') {
          result.settle('succeeded');
          return;
        }
        const delay = nextRetryDelayMs(policy, retryCount, firstAttemptMs, this.nowMs);
        if (delay === 0) {
          result.settle('failed');
          return;
        }
        const timer = this.scheduleTimer(this.nowMs + delay, undefined);
        timer.then(() => {
          attempt(retryCount + 1);
        });
      });
    };
    attempt(0);
    return result;
  }

  // --- external events (DF buffers events nobody waits for yet; names are case-insensitive) --------------------------

  private waitForEvent(name: string): ShimTask {
    const key = name.toLowerCase();
    const buffered = this.bufferedEvents.get(key) ?? 0;
    if (buffered > 0) {
      this.bufferedEvents.set(key, buffered - 1);
      return ShimTask.completed();
    }
    const task = new ShimTask();
    const waiters = this.eventWaiters.get(key) ?? [];
    waiters.push({ name, task });
    this.eventWaiters.set(key, waiters);
    return task;
  }

  private deliverEvent(name: string): void {
    const key = name.toLowerCase();
    const waiter = this.eventWaiters.get(key)?.shift();
    if (this.eventWaiters.get(key)?.length === 0) this.eventWaiters.delete(key);
    if (waiter !== undefined) waiter.task.settle('succeeded');
    else this.bufferedEvents.set(key, (this.bufferedEvents.get(key) ?? 0) + 1);
  }

  // --- history matching -----------------------------------------------------------------------------------------------

  private matchScheduled(event: SchedulingEvent): void {
    const scheduled = this.unmatched.get(event.EventId);
    if (scheduled === undefined) throw notScheduledByReplay(event);
    if (scheduled.kind !== kindOfSchedulingEvent(event)) throw scheduledOtherKind(event, scheduled.kind);
    if (scheduled.kind !== 'timer' && 'Name' in event && scheduled.name.toLowerCase() !== event.Name.toLowerCase()) {
      throw scheduledOtherName(event, scheduled.name);
    }
    this.unmatched.delete(event.EventId);
  }

  /** A completion for an id that is not open (duplicate, cancelled timer, unknown) is ignored, as DTFx does. */
  private completeTask(taskId: number, state: 'succeeded' | 'failed'): void {
    const task = this.openTasks.get(taskId);
    if (task === undefined) return;
    this.openTasks.delete(taskId);
    task.settle(state);
  }
}
