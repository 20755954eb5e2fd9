import { HistoryEventType } from '../../../local/durable';
import type { DurableHostSimulator, HistoryEvent } from '../../../local/durable';
import type { VirtualClock } from '../../../local/clock';
import { callsOf, fixtureState } from './fixtures/fixtureState';
import { startSimulator } from './simulatorSupport';

function idsOf(history: readonly HistoryEvent[], type: HistoryEventType): number[] {
  return history
    .filter((event) => event.EventType === type)
    .map((event) => ('TaskScheduledId' in event ? event.TaskScheduledId : event.EventId));
}

describe('DurableHostSimulator: callActivityWithRetry and sub-orchestrations', () => {
  let simulator: DurableHostSimulator;
  let clock: VirtualClock;

  beforeEach(async () => {
    fixtureState.calls.length = 0;
    ({ simulator, clock } = await startSimulator({ autoAdvance: true }));
  });

  afterEach(async () => {
    await simulator.stop();
  });

  it('retries a failing activity on durable timers and succeeds on the third attempt', async () => {
    const startedAt = clock.now();
    const instanceId = await simulator.startNew('RetryFlaky', { input: { key: 'twice', failures: 2, maxAttempts: 3 } });

    const status = await simulator.waitForCompletion(instanceId);

    expect(status.output).toEqual({ ok: true, result: 'succeeded on attempt 3' });
    expect(callsOf('Flaky')).toEqual([1, 2, 3]);
    expect(clock.now() - startedAt).toBe(2 * 5_000);
    const history = await simulator.getHistory(instanceId);
    expect(idsOf(history, HistoryEventType.TaskScheduled)).toEqual([0, 2, 4]);
    expect(idsOf(history, HistoryEventType.TaskFailed)).toEqual([0, 2]);
    expect(idsOf(history, HistoryEventType.TimerCreated)).toEqual([1, 3]);
    expect(idsOf(history, HistoryEventType.TaskCompleted)).toEqual([4]);
  });

  it('gives up after maxNumberOfAttempts, waiting one more interval first as DTFx does, and the error is catchable', async () => {
    const startedAt = clock.now();
    const instanceId = await simulator.startNew('RetryFlaky', {
      input: { key: 'always', failures: 9, maxAttempts: 3 },
    });

    const status = await simulator.waitForCompletion(instanceId);

    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toMatchObject({ ok: false });
    expect((status.output as { message: string }).message).toContain(
      "Activity function 'Flaky' failed: attempt 3 of always failed",
    );
    expect(callsOf('Flaky')).toEqual([1, 2, 3]);
    expect(clock.now() - startedAt).toBe(3 * 5_000);
  });

  it('runs sub-orchestrations with explicit and generated instance ids, and surfaces a failed child', async () => {
    const instanceId = await simulator.startNew('Parent', { instanceId: 'parent-1' });

    const status = await simulator.waitForCompletion(instanceId);

    const output = status.output as {
      named: { doubled: number; instanceId: string };
      generated: { doubled: number; instanceId: string };
      childFailure: string;
    };
    expect(output.named).toEqual({ doubled: 10, instanceId: 'parent-1-child' });
    expect(output.generated.doubled).toBe(14);
    expect(output.generated.instanceId).toMatch(/^[0-9a-f]{32}:1$/);
    expect(output.childFailure).toContain("Orchestrator function 'Failing' failed: the orchestrator gave up");
    const created = (await simulator.getHistory(instanceId)).filter(
      (event) => event.EventType === HistoryEventType.SubOrchestrationInstanceCreated,
    );
    expect(created.map((event) => event.EventId)).toEqual([0, 1, 2]);
    const children = (await simulator.listInstances()).filter((child) => child.parentInstanceId === 'parent-1');
    expect(children.map((child) => [child.name, child.runtimeStatus]).sort()).toEqual([
      ['Child', 'Completed'],
      ['Child', 'Completed'],
      ['Failing', 'Failed'],
    ]);
  });
});
