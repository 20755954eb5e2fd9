/**
 * The Functions host's timer triggers on the virtual clock: occurrences of each NCRONTAB schedule (a `%SETTING%`
 * read from the app settings), fired by the Durable host simulator while workflows wait on durable timers.
 */
import { app, type Timer } from '@azure/functions';
import { VirtualClock } from '../../../local/clock';
import { createInvocationContext, startCapturing, type FunctionRegistry } from '../../../local/functionsHost';
import { TimerScheduleError, TimerTriggerHost } from '../../../local/functionsHost/timerTriggerHost';
import { DAY_MS, startSimulator } from '../durable/simulatorSupport';

const START = Date.UTC(2026, 10, 2, 8, 0, 30);
const MINUTE = 60_000;

interface Fired {
  readonly name: string;
  readonly at: number;
  readonly timer: Timer;
}

function timerApp(clock: VirtualClock, fired: Fired[], failing = false): FunctionRegistry {
  const capture = startCapturing();
  try {
    app.timer('EveryFiveMinutes', {
      schedule: '%TEST_FIVE_MINUTE_SCHEDULE%',
      handler: (timer) => {
        fired.push({ name: 'EveryFiveMinutes', at: clock.now(), timer });
      },
    });
    app.timer('Hourly', {
      schedule: '0 0 * * * *',
      handler: (timer) => {
        fired.push({ name: 'Hourly', at: clock.now(), timer });
        if (failing) throw new Error('the pass failed');
      },
    });
  } finally {
    capture.restore();
  }
  return capture.registry;
}

function timerHost(clock: VirtualClock, registry: FunctionRegistry, logs: string[] = []): TimerTriggerHost {
  return new TimerTriggerHost({
    registry,
    functionNames: ['EveryFiveMinutes', 'Hourly'],
    settings: (name) => (name === 'TEST_FIVE_MINUTE_SCHEDULE' ? '0 */5 * * * *' : undefined),
    createContext: (registration) => createInvocationContext(registration),
    now: () => clock.now(),
    logHandler: (_level, ...args) => logs.push(args.map(String).join(' ')),
  });
}

describe('TimerTriggerHost', () => {
  it('fires each timer at the occurrences of its schedule while a workflow waits, and not once nothing waits', async () => {
    const clock = new VirtualClock(START);
    const fired: Fired[] = [];
    const timers = timerHost(clock, timerApp(clock, fired));
    const { simulator } = await startSimulator({ clock, autoAdvance: true, clockEvents: timers });
    try {
      // Nothing waits: the simulator is idle at once, and the clock does not move for the timers.
      expect((await simulator.runUntilIdle()).reason).toBe('idle');
      expect(fired).toEqual([]);

      // A workflow sleeps 1 hour and 10 minutes (0.05 days is 72 minutes): the clock stops at every occurrence.
      const instanceId = await simulator.startNew('LongSleep', { input: 0.05 });
      await simulator.waitForCompletion(instanceId);
      expect(clock.now()).toBe(START + 0.05 * DAY_MS);
      const minutesAfterStart = (at: number) => (at - Date.UTC(2026, 10, 2, 8, 0, 0)) / MINUTE;
      expect(fired.filter((f) => f.name === 'EveryFiveMinutes').map((f) => minutesAfterStart(f.at))).toEqual([
        5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70,
      ]);
      expect(fired.filter((f) => f.name === 'Hourly').map((f) => minutesAfterStart(f.at))).toEqual([60]);
      expect(fired.every((f) => !f.timer.isPastDue)).toBe(true);
      expect(fired[1]?.timer.scheduleStatus).toEqual({
        last: new Date(Date.UTC(2026, 10, 2, 8, 5)).toISOString(),
        next: new Date(Date.UTC(2026, 10, 2, 8, 15)).toISOString(),
        lastUpdated: new Date(Date.UTC(2026, 10, 2, 8, 10)).toISOString(),
      });
      expect(timers.fired.get('EveryFiveMinutes')).toBe(14);
    } finally {
      await simulator.stop();
    }
  });

  it('fires an occurrence the clock jumped past once, late, with isPastDue; a failing handler is logged and keeps its schedule', async () => {
    const clock = new VirtualClock(START);
    const fired: Fired[] = [];
    const logs: string[] = [];
    const timers = timerHost(clock, timerApp(clock, fired, true), logs);
    clock.advanceTo(START + 3 * 60 * MINUTE);
    await timers.fireDue(clock.now());
    expect(fired.map((f) => [f.name, f.timer.isPastDue])).toEqual([
      ['EveryFiveMinutes', true],
      ['Hourly', true],
    ]);
    expect(logs).toEqual(['timer Hourly failed: the pass failed']);
    expect(timers.nextAt()).toBe(Date.UTC(2026, 10, 2, 11, 5));
    await timers.fireDue(Date.UTC(2026, 10, 2, 11, 5));
    expect(fired.at(-1)).toMatchObject({ name: 'EveryFiveMinutes', timer: { isPastDue: false } });
  });

  it('refuses a schedule setting that is not set, or not NCRONTAB, naming the timer and the setting', () => {
    const clock = new VirtualClock(START);
    const registry = timerApp(clock, []);
    const hostWith = (value: string | undefined) =>
      new TimerTriggerHost({
        registry,
        functionNames: ['EveryFiveMinutes'],
        settings: () => value,
        createContext: (registration) => createInvocationContext(registration),
        now: () => clock.now(),
      });
    expect(() => hostWith(undefined)).toThrow(TimerScheduleError);
    expect(() => hostWith(undefined)).toThrow(
      'timer EveryFiveMinutes: the app setting TEST_FIVE_MINUTE_SCHEDULE (its schedule) is not set',
    );
    expect(() => hostWith('every five minutes')).toThrow(
      /timer EveryFiveMinutes: 'every five minutes' is not an NCRONTAB schedule/,
    );
  });
});
