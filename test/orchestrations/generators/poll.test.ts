/**
 * The one poll step (orchestrations/steps/poll.ts), branch by branch, inside a small orchestrator driven through
 * durable-functions' own executor: the exact activities and timers it schedules, and what it returns.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { pollUntil, type PollResult } from '../../../orchestrations/steps/poll';
import { DRIVER_START, OrchestrationDriver } from '../../support/generatorDriver';

const MINUTE = 60_000;
const at = (offsetMs: number): string => new Date(DRIVER_START.getTime() + offsetMs).toISOString();

interface ProbeInput {
  readonly deadlineAfterMs: number;
  readonly maxChecks?: number;
}

/** Polls the activity `probe` (which answers `{ done }`) every minute, doubling to 4 minutes, waking on `Wake`. */
function* pollProbe(context: OrchestrationContext): Generator<Task, PollResult<{ done: boolean }>, unknown> {
  const input = context.df.getInput<ProbeInput>();
  return yield* pollUntil(context, {
    check: function* () {
      return (yield context.df.callActivity('probe')) as { done: boolean };
    },
    isDone: (value) => value.done,
    deadlineAt: context.df.currentUtcDateTime.getTime() + input.deadlineAfterMs,
    intervalMs: MINUTE,
    maxIntervalMs: 4 * MINUTE,
    backoff: 2,
    wakeEvents: ['Wake'],
    ...(input.maxChecks === undefined ? {} : { maxChecks: input.maxChecks }),
  });
}

const answers = (...done: boolean[]) => {
  let index = 0;
  return { probe: () => ({ done: done[Math.min(index++, done.length - 1)] ?? false }) };
};

describe('pollUntil', () => {
  it('done at the first check: one activity, no timer', async () => {
    const run = await OrchestrationDriver.start(pollProbe, { deadlineAfterMs: 60 * MINUTE });
    await run.respond(answers(true));
    expect(run.trace).toEqual(['activity probe']);
    expect(run.output).toEqual({ status: 'done', value: { done: true }, checks: 1 });
  });

  it('backs off ×2 up to the ceiling between checks', async () => {
    const run = await OrchestrationDriver.start(pollProbe, { deadlineAfterMs: 60 * MINUTE });
    const probe = answers(false, false, false, false, true);
    await run.respond(probe);
    for (let i = 0; i < 4; i++) {
      await run.fireTimer();
      await run.respond(probe);
    }
    expect(run.trace).toEqual([
      'activity probe',
      `timer ${at(1 * MINUTE)}`,
      'activity probe',
      `timer ${at(3 * MINUTE)}`,
      'activity probe',
      `timer ${at(7 * MINUTE)}`,
      'activity probe',
      `timer ${at(11 * MINUTE)}`,
      'activity probe',
    ]);
    expect(run.output).toMatchObject({ status: 'done', checks: 5 });
  });

  it('never sleeps past the deadline, and reports it with the last value', async () => {
    const run = await OrchestrationDriver.start(pollProbe, { deadlineAfterMs: 2 * MINUTE });
    const probe = answers(false);
    await run.respond(probe);
    await run.fireTimer();
    await run.respond(probe);
    await run.fireTimer();
    await run.respond(probe);
    expect(run.trace).toEqual([
      'activity probe',
      `timer ${at(1 * MINUTE)}`,
      'activity probe',
      `timer ${at(2 * MINUTE)}`,
      'activity probe',
    ]);
    expect(run.output).toEqual({ status: 'deadline', value: { done: false }, checks: 3 });
  });

  it('a wake-up event ends the sleep (the timer is cancelled) and checks at once, without backing off', async () => {
    const run = await OrchestrationDriver.start(pollProbe, { deadlineAfterMs: 60 * MINUTE });
    await run.respond(answers(false));
    await run.raiseEvent('Wake', null, 10_000);
    await run.respond(answers(true));
    expect(run.trace).toEqual(['activity probe', `timer ${at(1 * MINUTE)}`, 'activity probe']);
    expect(run.output).toMatchObject({ status: 'done', checks: 2 });
  });

  it('with maxChecks, returns `continue` with the next interval after the sleep, for continueAsNew', async () => {
    const run = await OrchestrationDriver.start(pollProbe, { deadlineAfterMs: 60 * MINUTE, maxChecks: 1 });
    await run.respond(answers(false));
    await run.fireTimer();
    expect(run.trace).toEqual(['activity probe', `timer ${at(1 * MINUTE)}`]);
    expect(run.output).toEqual({ status: 'continue', value: { done: false }, checks: 1, intervalMs: 2 * MINUTE });
  });

  it('with maxChecks, a wake-up checks once more and then returns `continue` without sleeping again', async () => {
    const run = await OrchestrationDriver.start(pollProbe, { deadlineAfterMs: 60 * MINUTE, maxChecks: 1 });
    await run.respond(answers(false));
    await run.raiseEvent('Wake');
    await run.respond(answers(false));
    expect(run.trace).toEqual(['activity probe', `timer ${at(1 * MINUTE)}`, 'activity probe']);
    expect(run.output).toEqual({ status: 'continue', value: { done: false }, checks: 2, intervalMs: MINUTE });
  });
});
