import { ActionType } from 'durable-functions/lib/src/actions/ActionType';
import { replayActions } from '../../../local/durable/replay/extensionReplay';
import type { ReplayOptions } from '../../../local/durable/replay/extensionReplay';
import { HistoryEventType } from '../../../local/durable';
import type { HistoryEvent } from '../../../local/durable';
import type { WireAction } from '../../../local/durable/wire/orchestratorState';

const T0 = Date.UTC(2026, 0, 1);
const at = (ms: number): string => new Date(T0 + ms).toISOString();

const options: ReplayOptions = {
  instanceId: 'i',
  executionId: 'e',
  parentInstanceId: undefined,
  maximumShortTimerMs: 6 * 86_400_000,
  longRunningTimerIntervalMs: 3 * 86_400_000,
  functionExists: () => true,
};

const start: HistoryEvent[] = [
  { EventType: HistoryEventType.OrchestratorStarted, EventId: -1, Timestamp: at(0) },
  {
    EventType: HistoryEventType.ExecutionStarted,
    EventId: -1,
    Timestamp: at(0),
    Name: 'o',
    Input: null,
    Version: '',
    OrchestrationInstance: { InstanceId: 'i', ExecutionId: 'e' },
    ParentInstance: null,
  },
];
const scheduled = (id: number, name: string): HistoryEvent => ({
  EventType: HistoryEventType.TaskScheduled,
  EventId: id,
  Timestamp: at(0),
  Name: name,
  Input: null,
  Version: '',
});
const activity = (name: string): WireAction => ({ actionType: ActionType.CallActivity, functionName: name });
const timer = (ms: number): WireAction => ({ actionType: ActionType.CreateTimer, fireAt: at(ms), isCanceled: false });

describe('the extension replay model', () => {
  it('numbers activities and timers in invocation order, children of Task.all included, events not at all', () => {
    const actions: WireAction[] = [
      {
        actionType: ActionType.WhenAll,
        compoundActions: [
          activity('A'),
          { actionType: ActionType.WaitForExternalEvent, externalEventName: 'E' },
          timer(1000),
        ],
      },
    ];

    const outcome = replayActions(actions, start, options);

    expect(outcome.newOperations.map((operation) => [operation.taskId, operation.kind])).toEqual([
      [0, 'activity'],
      [1, 'timer'],
    ]);
    expect(outcome.awaitedEvents).toEqual(['E']);
  });

  it('accepts the same name in another case, as DTFx compares names case-insensitively', () => {
    const outcome = replayActions([activity('greet')], [...start, scheduled(0, 'Greet')], options);

    expect(outcome.nonDeterminism).toBeUndefined();
    expect(outcome.newOperations).toEqual([]);
  });

  it('reports a replay that schedules another kind of task at a recorded sequence number', () => {
    const outcome = replayActions([timer(1000)], [...start, scheduled(0, 'Greet')], options);

    expect(outcome.nonDeterminism).toContain(
      "scheduled an activity task with sequence number 0 named 'Greet', but the current orchestration replay instead " +
        'produced a CreateTimerOrchestratorAction action',
    );
  });

  it('reports history that the replay has not scheduled at all', () => {
    const outcome = replayActions([], [...start, scheduled(0, 'Greet')], options);

    expect(outcome.nonDeterminism).toContain("hasn't (yet?) scheduled this task");
  });

  it('chains a 10-day timer as 3-day timers and keeps the instance open until the last one fires', () => {
    const outcome = replayActions([timer(10 * 86_400_000)], start, options);

    expect(outcome.newOperations).toEqual([{ kind: 'timer', taskId: 0, fireAt: new Date(T0 + 3 * 86_400_000) }]);
    expect(outcome.openTaskIds).toEqual([0]);
    expect(outcome.shimFinished).toBe(false);
  });
});
