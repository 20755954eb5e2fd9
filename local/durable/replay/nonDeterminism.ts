/**
 * The host's non-determinism check (DTFx TaskOrchestrationContext.Handle*Event): every scheduling event in history must
 * be matched, at its position, by an operation the replay scheduled with the same sequence number, the same kind and
 * (activities and sub-orchestrations) the same name, compared case-insensitively. The messages are DTFx's own.
 */
import { HistoryEventType } from '../wire/historyEvents';
import type { SchedulingEvent } from '../wire/historyEvents';

export type OperationKind = 'activity' | 'timer' | 'subOrchestration';

export const NON_DETERMINISTIC_PREFIX = 'Non-Deterministic workflow detected: ';

const CHANGED = 'Was a change made to the orchestrator code after this instance had already started running?';

/** The .NET action class names DTFx puts in its messages. */
const DOTNET_ACTION_NAMES: Record<OperationKind, string> = {
  activity: 'ScheduleTaskOrchestratorAction',
  timer: 'CreateTimerOrchestratorAction',
  subOrchestration: 'CreateSubOrchestrationAction',
};

export class NonDeterminismError extends Error {
  override readonly name = 'NonDeterminismError';
  constructor(detail: string) {
    super(NON_DETERMINISTIC_PREFIX + detail);
  }
}

export function kindOfSchedulingEvent(event: SchedulingEvent): OperationKind {
  switch (event.EventType) {
    case HistoryEventType.TaskScheduled:
      return 'activity';
    case HistoryEventType.TimerCreated:
      return 'timer';
    case HistoryEventType.SubOrchestrationInstanceCreated:
      return 'subOrchestration';
  }
}

export function notScheduledByReplay(event: SchedulingEvent): NonDeterminismError {
  const id = event.EventId;
  switch (event.EventType) {
    case HistoryEventType.TaskScheduled:
      return new NonDeterminismError(
        `A previous execution of this orchestration scheduled an activity task with sequence ID ${id} and name ` +
          `'${event.Name}' (version ''), but the current replay execution hasn't (yet?) scheduled this task. ${CHANGED}`,
      );
    case HistoryEventType.TimerCreated:
      return new NonDeterminismError(
        `A previous execution of this orchestration scheduled a timer task with sequence number ${id} but the ` +
          `current replay execution hasn't (yet?) scheduled this task. ${CHANGED}`,
      );
    case HistoryEventType.SubOrchestrationInstanceCreated:
      return new NonDeterminismError(
        `A previous execution of this orchestration scheduled a sub-orchestration task with sequence ID ${id} and ` +
          `name '${event.Name}' (version '', instance ID '${event.InstanceId}'), but the current replay execution ` +
          `hasn't (yet?) scheduled this task. ${CHANGED}`,
      );
  }
}

export function scheduledOtherKind(event: SchedulingEvent, replayed: OperationKind): NonDeterminismError {
  const id = event.EventId;
  const action = DOTNET_ACTION_NAMES[replayed];
  switch (event.EventType) {
    case HistoryEventType.TaskScheduled:
      return new NonDeterminismError(
        `A previous execution of this orchestration scheduled an activity task with sequence number ${id} named ` +
          `'${event.Name}', but the current orchestration replay instead produced a ${action} action with this ` +
          `sequence number. ${CHANGED}`,
      );
    case HistoryEventType.TimerCreated:
      return new NonDeterminismError(
        `A previous execution of this orchestration scheduled a timer task with sequence number ${id} named but the ` +
          `current orchestration replay instead produced a ${action} action with this sequence number. ${CHANGED}`,
      );
    case HistoryEventType.SubOrchestrationInstanceCreated:
      return new NonDeterminismError(
        `A previous execution of this orchestration scheduled a sub-orchestration task with sequence ID ${id} and ` +
          `name '${event.Name}' (version '', instance ID '${event.InstanceId}'), but the current orchestration ` +
          `replay instead produced a ${action} action at this sequence number. ${CHANGED}`,
      );
  }
}

export function scheduledOtherName(event: SchedulingEvent, replayedName: string): NonDeterminismError {
  const id = event.EventId;
  if (event.EventType === HistoryEventType.SubOrchestrationInstanceCreated) {
    return new NonDeterminismError(
      `A previous execution of this orchestration scheduled a sub-orchestration task with sequence ID ${id} and ` +
        `name '${event.Name}' (version '', instance ID '${event.InstanceId}'), but the current orchestration ` +
        `replay instead scheduled a sub-orchestration task with name ${replayedName} at this sequence number. ${CHANGED}`,
    );
  }
  const historyName = event.EventType === HistoryEventType.TaskScheduled ? event.Name : '';
  return new NonDeterminismError(
    `A previous execution of this orchestration scheduled an activity task with sequence number ${id} named ` +
      `'${historyName}', but the current orchestration replay instead scheduled an activity task named ` +
      `'${replayedName}' with this sequence number.  ${CHANGED}`,
  );
}
