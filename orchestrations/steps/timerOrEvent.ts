import type { OrchestrationContext, Task } from 'durable-functions';

export type RaceResult = { readonly fired: 'timer' } | { readonly fired: 'event'; readonly data: unknown };

/**
 * Sleep until `fireAt` unless the named external event arrives first; the losing timer is cancelled.
 * Callers continueAsNew after each race (durable-js #577: a Task.any of a timer and an event must not be reused).
 */
export function* timerOrEvent(
  context: OrchestrationContext,
  fireAt: Date,
  eventName: string,
): Generator<Task, RaceResult, unknown> {
  const timer = context.df.createTimer(fireAt);
  const event = context.df.waitForExternalEvent(eventName);
  const winner = yield context.df.Task.any([timer, event]);
  if (winner === event) {
    timer.cancel();
    return { fired: 'event', data: event.result };
  }
  return { fired: 'timer' };
}
