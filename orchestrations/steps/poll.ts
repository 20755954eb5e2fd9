/**
 * The one way a workflow waits for something outside it (a provider, an ARM operation, a lease, BGP settling):
 * check, and if it is not done, sleep on a durable timer (growing by `backoff` up to `maxIntervalMs`) unless the
 * optional wake-up event arrives first, then check again. The deadline is an instant of the orchestration clock.
 *
 * A wait that can be long gives `maxChecks`: after that many checks the step returns `continue` with the interval
 * to carry over, and the orchestrator continues as new, so its history holds one generation however long the wait.
 * After a wake-up event the step checks at once; when that check is the generation's last it returns `continue`
 * without sleeping again, which keeps an episode boundary between the event and continueAsNew
 * (durable-extension#2606: an event consumed in the continueAsNew episode is carried into the next generation).
 */
import type { OrchestrationContext, Task } from 'durable-functions';

export interface PollOptions<T> {
  /** Reads the state once (an activity call). */
  readonly check: () => Generator<Task, T, unknown>;
  readonly isDone: (value: T) => boolean;
  /** Epoch milliseconds by the orchestration clock; at or after it the step returns `deadline`. */
  readonly deadlineAt: number;
  /** The first sleep; the next ones grow by `backoff` (default 1: a fixed interval) up to `maxIntervalMs`. */
  readonly intervalMs: number;
  readonly maxIntervalMs?: number;
  readonly backoff?: number;
  /** External events that end a sleep early (the check then runs at once). */
  readonly wakeEvents?: readonly string[];
  /** Checks before returning `continue` (for continueAsNew); unbounded when left out. */
  readonly maxChecks?: number;
  /** Runs after a check that is not done, before sleeping (reminders, custom status). */
  readonly onPending?: (value: T, checks: number) => Generator<Task, void, unknown>;
  /** Never sleep past this instant (epoch ms), e.g. the next reminder. */
  readonly wakeNoLaterThan?: () => number;
}

export type PollResult<T> =
  | { readonly status: 'done'; readonly value: T; readonly checks: number }
  | { readonly status: 'deadline'; readonly value: T; readonly checks: number }
  | { readonly status: 'continue'; readonly value: T; readonly checks: number; readonly intervalMs: number };

export function* pollUntil<T>(
  context: OrchestrationContext,
  options: PollOptions<T>,
): Generator<Task, PollResult<T>, unknown> {
  const backoff = options.backoff ?? 1;
  const maxIntervalMs = options.maxIntervalMs ?? options.intervalMs;
  let intervalMs = options.intervalMs;
  for (let checks = 1; ; checks++) {
    const value = yield* options.check();
    if (options.isDone(value)) return { status: 'done', value, checks };
    const now = context.df.currentUtcDateTime.getTime();
    if (now >= options.deadlineAt) return { status: 'deadline', value, checks };
    if (options.onPending !== undefined) yield* options.onPending(value, checks);
    const last = options.maxChecks !== undefined && checks >= options.maxChecks;

    const wakeAt = Math.min(now + intervalMs, options.deadlineAt, options.wakeNoLaterThan?.() ?? Infinity);
    const woken = yield* sleep(context, new Date(wakeAt), options.wakeEvents ?? []);
    if (!woken) intervalMs = Math.min(intervalMs * backoff, maxIntervalMs);
    if (last && !woken) return { status: 'continue', value, checks, intervalMs };
    if (last && woken) {
      const after = yield* options.check();
      if (options.isDone(after)) return { status: 'done', value: after, checks: checks + 1 };
      return { status: 'continue', value: after, checks: checks + 1, intervalMs };
    }
  }
}

/** Sleeps until `until`, or until one of `wakeEvents` arrives (the losing timer is cancelled). True when woken. */
function* sleep(
  context: OrchestrationContext,
  until: Date,
  wakeEvents: readonly string[],
): Generator<Task, boolean, unknown> {
  const timer = context.df.createTimer(until);
  if (wakeEvents.length === 0) {
    yield timer;
    return false;
  }
  const events = wakeEvents.map((name) => context.df.waitForExternalEvent(name));
  const winner = yield context.df.Task.any([timer, ...events]);
  if (winner === timer) return false;
  timer.cancel();
  return true;
}
