/**
 * Turns the messages waiting for an instance into the new events of its next episode, as the extension does when it
 * dequeues a batch: `OrchestratorStarted`, then `ExecutionStarted` (with events carried over from the previous
 * generation), then the rest in arrival order. Completions meant for another execution (a previous generation) are
 * discarded, as the Azure Storage provider discards them; raised events belong to whichever execution is current.
 */
import { HistoryEventType, NO_EVENT_ID, completedTaskId, isSchedulingEvent } from '../wire/historyEvents';
import type { HistoryEvent } from '../wire/historyEvents';
import type { InstanceRecord, MessageBody } from '../storage/records';
import type { StoredMessage } from '../storage/historyStore';

export interface DiscardedMessage {
  readonly message: StoredMessage;
  readonly reason: string;
}

export interface EpisodePlan {
  /** Events to append and replay; the first is always `OrchestratorStarted`. */
  readonly newEvents: readonly HistoryEvent[];
  readonly applied: readonly StoredMessage[];
  readonly discarded: readonly DiscardedMessage[];
  /** A terminate request: the episode ends the instance without running the orchestrator. */
  readonly terminate: { readonly message: StoredMessage; readonly reason: string | null } | undefined;
}

type CompletionBody = Extract<
  MessageBody,
  { kind: 'taskCompleted' | 'taskFailed' | 'subOrchestrationCompleted' | 'subOrchestrationFailed' | 'timerFired' }
>;

function completionId(body: CompletionBody): number {
  return body.kind === 'timerFired' ? body.timerId : body.taskScheduledId;
}

function completionEvent(message: StoredMessage, body: CompletionBody): HistoryEvent {
  const base = { EventId: NO_EVENT_ID, Timestamp: message.sentAt, MessageId: message.messageId };
  switch (body.kind) {
    case 'taskCompleted':
      return {
        ...base,
        EventType: HistoryEventType.TaskCompleted,
        TaskScheduledId: body.taskScheduledId,
        Result: body.result,
      };
    case 'taskFailed':
      return {
        ...base,
        EventType: HistoryEventType.TaskFailed,
        TaskScheduledId: body.taskScheduledId,
        Reason: body.reason,
        Details: body.details,
      };
    case 'subOrchestrationCompleted':
      return {
        ...base,
        EventType: HistoryEventType.SubOrchestrationInstanceCompleted,
        TaskScheduledId: body.taskScheduledId,
        Result: body.result,
      };
    case 'subOrchestrationFailed':
      return {
        ...base,
        EventType: HistoryEventType.SubOrchestrationInstanceFailed,
        TaskScheduledId: body.taskScheduledId,
        Reason: body.reason,
        Details: body.details,
      };
    case 'timerFired':
      return { ...base, EventType: HistoryEventType.TimerFired, TimerId: body.timerId, FireAt: body.fireAt };
  }
}

function startEvents(record: InstanceRecord, message: StoredMessage): HistoryEvent[] {
  if (message.body.kind !== 'executionStarted') return [];
  const { body } = message;
  const started: HistoryEvent = {
    EventType: HistoryEventType.ExecutionStarted,
    EventId: NO_EVENT_ID,
    Timestamp: message.sentAt,
    MessageId: message.messageId,
    Name: body.name,
    Input: body.input,
    Version: '',
    OrchestrationInstance: { InstanceId: record.instanceId, ExecutionId: body.executionId },
    ParentInstance:
      body.parent === null
        ? null
        : {
            Name: body.parent.name,
            TaskScheduleId: body.parent.taskScheduledId,
            OrchestrationInstance: { InstanceId: body.parent.instanceId, ExecutionId: body.parent.executionId },
          },
  };
  const carried = body.carryover.map((event, index): HistoryEvent => ({
    EventType: HistoryEventType.EventRaised,
    EventId: NO_EVENT_ID,
    Timestamp: message.sentAt,
    MessageId: `${message.messageId}#${index}`,
    Name: event.name,
    Input: event.input,
  }));
  return [started, ...carried];
}

export function planEpisode(
  record: InstanceRecord,
  history: readonly HistoryEvent[],
  messages: readonly StoredMessage[],
  nowIso: string,
): EpisodePlan {
  const alreadyApplied = new Set(history.map((event) => event.MessageId).filter((id) => id !== undefined));
  const scheduled = new Set(history.filter(isSchedulingEvent).map((event) => event.EventId));
  const completed = new Set(history.map(completedTaskId).filter((id) => id !== undefined));
  const started = history.some((event) => event.EventType === HistoryEventType.ExecutionStarted);

  const applied: StoredMessage[] = [];
  const discarded: DiscardedMessage[] = [];
  const opening: HistoryEvent[] = [];
  const rest: HistoryEvent[] = [];
  let terminate: EpisodePlan['terminate'];
  let startsNow = false;

  const sorted = [...messages].sort((a, b) => (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  for (const message of sorted) {
    const { body } = message;
    if (alreadyApplied.has(message.messageId)) {
      discarded.push({ message, reason: 'already applied to history' });
      continue;
    }
    switch (body.kind) {
      case 'executionStarted':
        if (started || startsNow || body.executionId !== record.executionId) {
          discarded.push({ message, reason: `start of execution ${body.executionId} is not the pending start` });
        } else {
          opening.push(...startEvents(record, message));
          applied.push(message);
          startsNow = true;
        }
        break;
      case 'terminate':
        if (terminate === undefined) terminate = { message, reason: body.reason };
        else discarded.push({ message, reason: 'the instance is already being terminated' });
        break;
      case 'eventRaised':
        rest.push({
          EventType: HistoryEventType.EventRaised,
          EventId: NO_EVENT_ID,
          Timestamp: message.sentAt,
          MessageId: message.messageId,
          Name: body.name,
          Input: body.input,
        });
        applied.push(message);
        break;
      default: {
        const id = completionId(body);
        if (body.executionId !== record.executionId) {
          discarded.push({
            message,
            reason: `${body.kind} for execution ${body.executionId}; the instance now runs ${record.executionId}`,
          });
        } else if (completed.has(id)) {
          discarded.push({ message, reason: `${body.kind} #${id} is a duplicate` });
        } else if (!scheduled.has(id)) {
          discarded.push({ message, reason: `${body.kind} #${id} matches nothing this execution scheduled` });
        } else {
          rest.push(completionEvent(message, body));
          completed.add(id);
          applied.push(message);
        }
      }
    }
  }

  if (!started && !startsNow && terminate === undefined) {
    // Nothing can be applied before the execution starts: keep what arrived early for later.
    return { newEvents: [], applied: [], discarded, terminate };
  }
  const orchestratorStarted: HistoryEvent = {
    EventType: HistoryEventType.OrchestratorStarted,
    EventId: NO_EVENT_ID,
    Timestamp: nowIso,
  };
  return { newEvents: [orchestratorStarted, ...opening, ...rest], applied, discarded, terminate };
}
