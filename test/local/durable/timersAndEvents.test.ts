import { HistoryEventType } from '../../../local/durable';
import type { DurableHostSimulator } from '../../../local/durable';
import type { VirtualClock } from '../../../local/clock';
import { DAY_MS, startSimulator } from './simulatorSupport';

const HOUR_MS = 60 * 60 * 1000;

describe('DurableHostSimulator: durable timers and external events', () => {
  let simulator: DurableHostSimulator;
  let clock: VirtualClock;

  afterEach(async () => {
    await simulator.stop();
  });

  describe('without moving the clock by itself', () => {
    beforeEach(async () => {
      ({ simulator, clock } = await startSimulator());
    });

    it('buffers an event that arrives before the orchestrator waits for it', async () => {
      const instanceId = await simulator.startNew('Race', { input: { timeoutMs: DAY_MS, workFirst: true } });
      await simulator.raiseEvent(instanceId, 'Approval', { by: 'early bird' });

      const status = await simulator.waitForCompletion(instanceId);

      expect(status.output).toEqual({ winner: 'event', data: { by: 'early bird' } });
      const history = await simulator.getHistory(instanceId);
      const positionOf = (type: HistoryEventType): number => history.findIndex((event) => event.EventType === type);
      expect(positionOf(HistoryEventType.EventRaised)).toBeGreaterThanOrEqual(0);
      expect(positionOf(HistoryEventType.EventRaised)).toBeLessThan(positionOf(HistoryEventType.TaskCompleted));
      expect(positionOf(HistoryEventType.TaskCompleted)).toBeLessThan(positionOf(HistoryEventType.TimerCreated));
    });

    it('delivers an event that arrives while the timer is pending; the cancelled timer does not hold the instance', async () => {
      const instanceId = await simulator.startNew('Race', { input: { timeoutMs: DAY_MS } });
      const waiting = await simulator.runUntilIdle();
      expect(waiting).toMatchObject({ reason: 'idle', pendingTimers: 1 });
      clock.advanceBy(HOUR_MS);

      await simulator.raiseEvent(instanceId, 'Approval', 'late but in time');
      const summary = await simulator.runUntilIdle();

      expect(summary.pendingTimers).toBe(0);
      expect(await simulator.getStatus(instanceId)).toMatchObject({
        runtimeStatus: 'Completed',
        output: { winner: 'event', data: 'late but in time' },
      });
    });

    it('keeps the instance Running until a losing timer that was not cancelled fires (durabletask-dotnet #713)', async () => {
      const instanceId = await simulator.startNew('RaceWithoutCancel', { input: { timeoutMs: DAY_MS } });
      await simulator.runUntilIdle();
      await simulator.raiseEvent(instanceId, 'Approval', 'approved');

      await simulator.runUntilIdle();
      expect((await simulator.getStatus(instanceId))?.runtimeStatus).toBe('Running');

      clock.advanceBy(DAY_MS);
      await simulator.runUntilIdle();
      expect(await simulator.getStatus(instanceId)).toMatchObject({
        runtimeStatus: 'Completed',
        output: { winner: 'event', data: 'approved' },
      });
    });
  });

  describe('with autoAdvance', () => {
    beforeEach(async () => {
      ({ simulator, clock } = await startSimulator({ autoAdvance: true }));
    });

    it('lets the timer win when no event comes, jumping the virtual clock to it', async () => {
      const startedAt = clock.now();
      const instanceId = await simulator.startNew('Race', { input: { timeoutMs: 2 * HOUR_MS } });

      const status = await simulator.waitForCompletion(instanceId);

      expect(status.output).toEqual({ winner: 'timer' });
      expect(clock.now() - startedAt).toBe(2 * HOUR_MS);
      const history = await simulator.getHistory(instanceId);
      expect(history.filter((event) => event.EventType === HistoryEventType.TimerCreated)).toMatchObject([
        { EventId: 0 },
      ]);
      expect(history.filter((event) => event.EventType === HistoryEventType.TimerFired)).toMatchObject([
        { TimerId: 0 },
      ]);
    });

    it('sleeps 30 days through the long-timer chain of ≤3-day timers', async () => {
      const startedAt = clock.now();
      const instanceId = await simulator.startNew('LongSleep', { input: 30 });

      const status = await simulator.waitForCompletion(instanceId);

      expect(status.output).toBe(new Date(startedAt + 30 * DAY_MS).toISOString());
      const timers = (await simulator.getHistory(instanceId)).filter(
        (event) => event.EventType === HistoryEventType.TimerCreated,
      );
      const daysFromStart = timers.map((event) =>
        'FireAt' in event ? (Date.parse(event.FireAt) - startedAt) / DAY_MS : Number.NaN,
      );
      expect(daysFromStart).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
      expect(timers.map((event) => event.EventId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('stops at maxVirtualMs instead of jumping past it', async () => {
      const instanceId = await simulator.startNew('LongSleep', { input: 30 });

      const summary = await simulator.runUntilIdle({ maxVirtualMs: 10 * DAY_MS });

      expect(summary.reason).toBe('maxVirtualMs');
      expect((await simulator.getStatus(instanceId))?.runtimeStatus).toBe('Running');
    });
  });
});
