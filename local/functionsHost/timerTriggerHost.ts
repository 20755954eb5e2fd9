/**
 * The Functions host's timer triggers on a virtual clock. Each named timer function fires at the occurrences of its
 * NCRONTAB schedule (`{second} {minute} {hour} {day} {month} {day-of-week}`, UTC; a `%SETTING%` schedule is read
 * from the app settings, as the host resolves it), with the `Timer` argument the host passes and an invocation
 * context from `createContext` (so its `df.getClient(context)` reaches the Durable host simulator).
 *
 * It is a `ClockEvents` of the Durable host simulator: while workflows wait on durable timers, the simulator moves
 * its clock to the next occurrence as well as to the next durable timer, and fires what is due. Like the host, an
 * occurrence missed while the clock jumped past it fires once, late, with `isPastDue`; a handler that throws is
 * logged and the timer keeps its schedule.
 */
import type { InvocationContext, LogHandler, Timer } from '@azure/functions';
import { CronExpressionParser } from 'cron-parser';
import { resolveAppSettings } from './appSettings';
import type { FunctionRegistry, RegisteredFunction } from './functionRegistry';

/** Something that happens at times on the simulator's clock, besides the workflows' own durable timers. */
export interface ClockEvents {
  /** The next time something is due, after everything due by now has fired; undefined when nothing ever is. */
  nextAt(): number | undefined;
  /** Fires everything due at `now` or before. */
  fireDue(now: number): Promise<void>;
}

export interface TimerTriggerHostOptions {
  readonly registry: FunctionRegistry;
  /** The timer functions to fire (by name); others are left alone. */
  readonly functionNames: readonly string[];
  /** Where `%SETTING%` schedules come from (the host's app settings). Default: `process.env`. */
  readonly settings?: (name: string) => string | undefined;
  readonly createContext: (registration: RegisteredFunction) => InvocationContext;
  /** Current time on the clock the timers fire on: their first occurrences are the ones after it. */
  readonly now: () => number;
  readonly logHandler?: LogHandler;
}

interface ScheduledTimer {
  readonly registration: RegisteredFunction;
  readonly schedule: string;
  last: number;
  next: number;
}

export class TimerScheduleError extends Error {
  override readonly name = 'TimerScheduleError';
}

export class TimerTriggerHost implements ClockEvents {
  private readonly timers: ScheduledTimer[];
  /** How many times each timer fired (by name). */
  readonly fired = new Map<string, number>();

  constructor(private readonly options: TimerTriggerHostOptions) {
    const start = options.now();
    this.timers = options.functionNames.map((name) => {
      const registration = options.registry.get(name, 'timer');
      const schedule = resolveSchedule(registration, options.settings ?? ((setting) => process.env[setting]));
      return { registration, schedule, last: start, next: nextOccurrence(schedule, start, name) };
    });
  }

  nextAt(): number | undefined {
    return this.timers.length === 0 ? undefined : Math.min(...this.timers.map((timer) => timer.next));
  }

  async fireDue(now: number): Promise<void> {
    for (const timer of this.timers) {
      if (timer.next > now) continue;
      const name = timer.registration.name;
      const next = nextOccurrence(timer.schedule, now, name);
      const argument: Timer = {
        // Another occurrence passed between the due one and now: the host fires once, late.
        isPastDue: nextOccurrence(timer.schedule, timer.next, name) <= now,
        schedule: { adjustForDST: false },
        scheduleStatus: {
          last: new Date(timer.last).toISOString(),
          next: new Date(next).toISOString(),
          lastUpdated: new Date(now).toISOString(),
        },
      };
      timer.last = now;
      timer.next = next;
      this.fired.set(name, (this.fired.get(name) ?? 0) + 1);
      try {
        await timer.registration.handler(argument, this.options.createContext(timer.registration));
      } catch (error) {
        this.options.logHandler?.(
          'error',
          `timer ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

function resolveSchedule(registration: RegisteredFunction, settings: (name: string) => string | undefined): string {
  const declared = registration.trigger.schedule;
  if (typeof declared !== 'string') {
    throw new TimerScheduleError(`timer ${registration.name} has no schedule`);
  }
  return resolveAppSettings(
    declared,
    settings,
    (setting) =>
      new TimerScheduleError(`timer ${registration.name}: the app setting ${setting} (its schedule) is not set`),
  );
}

/** The first occurrence of `schedule` strictly after `after` (ms, UTC). */
function nextOccurrence(schedule: string, after: number, functionName: string): number {
  try {
    return CronExpressionParser.parse(schedule, { currentDate: new Date(after), tz: 'UTC' })
      .next()
      .getTime();
  } catch (error) {
    throw new TimerScheduleError(
      `timer ${functionName}: '${schedule}' is not an NCRONTAB schedule (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}
