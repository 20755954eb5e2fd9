/**
 * Orchestration history in the Durable extension's wire format: PascalCase fields, numeric `EventType` (taken from
 * durable-functions itself), ISO `Timestamp`, `EventId` = sequence number for scheduling events and -1 otherwise,
 * completions point back with `TaskScheduledId` / `TimerId`. Stored events omit `IsPlayed`, which the host computes
 * per episode (true for events of earlier episodes).
 */
import { HistoryEventType } from 'durable-functions/lib/src/history/HistoryEventType';

export { HistoryEventType };

interface EventBase {
  readonly EventId: number;
  readonly Timestamp: string;
  /** Simulator bookkeeping, never sent to the worker: the queued message this event was made from. */
  readonly MessageId?: string;
}

export interface OrchestrationInstanceRef {
  readonly InstanceId: string;
  readonly ExecutionId: string;
}

export interface ParentInstanceRef {
  readonly Name: string;
  readonly TaskScheduleId: number;
  readonly OrchestrationInstance: OrchestrationInstanceRef;
}

export interface ExecutionStartedEvent extends EventBase {
  readonly EventType: HistoryEventType.ExecutionStarted;
  readonly Name: string;
  /** The orchestration input as JSON text (null when there is none). */
  readonly Input: string | null;
  readonly Version: string;
  readonly OrchestrationInstance: OrchestrationInstanceRef;
  readonly ParentInstance: ParentInstanceRef | null;
}

export interface ExecutionCompletedEvent extends EventBase {
  readonly EventType: HistoryEventType.ExecutionCompleted | HistoryEventType.ContinueAsNew;
  readonly OrchestrationStatus: 'Completed' | 'Failed' | 'ContinuedAsNew';
  readonly Result: string | null;
}

export interface ExecutionTerminatedEvent extends EventBase {
  readonly EventType: HistoryEventType.ExecutionTerminated;
  readonly Input: string | null;
}

export interface OrchestratorStartedEvent extends EventBase {
  readonly EventType: HistoryEventType.OrchestratorStarted;
}

export interface OrchestratorCompletedEvent extends EventBase {
  readonly EventType: HistoryEventType.OrchestratorCompleted;
}

export interface TaskScheduledEvent extends EventBase {
  readonly EventType: HistoryEventType.TaskScheduled;
  readonly Name: string;
  readonly Input: string | null;
  readonly Version: string;
}

export interface TaskCompletedEvent extends EventBase {
  readonly EventType: HistoryEventType.TaskCompleted;
  readonly TaskScheduledId: number;
  readonly Result: string;
}

export interface TaskFailedEvent extends EventBase {
  readonly EventType: HistoryEventType.TaskFailed;
  readonly TaskScheduledId: number;
  readonly Reason: string;
  readonly Details: string;
}

export interface SubOrchestrationInstanceCreatedEvent extends EventBase {
  readonly EventType: HistoryEventType.SubOrchestrationInstanceCreated;
  readonly Name: string;
  readonly InstanceId: string;
  readonly Input: string | null;
}

export interface SubOrchestrationInstanceCompletedEvent extends EventBase {
  readonly EventType: HistoryEventType.SubOrchestrationInstanceCompleted;
  readonly TaskScheduledId: number;
  readonly Result: string;
}

export interface SubOrchestrationInstanceFailedEvent extends EventBase {
  readonly EventType: HistoryEventType.SubOrchestrationInstanceFailed;
  readonly TaskScheduledId: number;
  readonly Reason: string;
  readonly Details: string;
}

export interface TimerCreatedEvent extends EventBase {
  readonly EventType: HistoryEventType.TimerCreated;
  readonly FireAt: string;
}

export interface TimerFiredEvent extends EventBase {
  readonly EventType: HistoryEventType.TimerFired;
  readonly TimerId: number;
  readonly FireAt: string;
}

export interface EventRaisedEvent extends EventBase {
  readonly EventType: HistoryEventType.EventRaised;
  readonly Name: string;
  readonly Input: string | null;
}

export type HistoryEvent =
  | ExecutionStartedEvent
  | ExecutionCompletedEvent
  | ExecutionTerminatedEvent
  | OrchestratorStartedEvent
  | OrchestratorCompletedEvent
  | TaskScheduledEvent
  | TaskCompletedEvent
  | TaskFailedEvent
  | SubOrchestrationInstanceCreatedEvent
  | SubOrchestrationInstanceCompletedEvent
  | SubOrchestrationInstanceFailedEvent
  | TimerCreatedEvent
  | TimerFiredEvent
  | EventRaisedEvent;

/** An event as the worker receives it. */
export type WireHistoryEvent = Omit<HistoryEvent, 'MessageId'> & { readonly IsPlayed: boolean };

export const NO_EVENT_ID = -1;

/** Drops simulator bookkeeping and stamps `IsPlayed`; a fresh object each time (the library mutates what it gets). */
export function toWireEvent(event: HistoryEvent, isPlayed: boolean): WireHistoryEvent {
  const { MessageId: _messageId, ...wire } = event;
  return { ...wire, IsPlayed: isPlayed };
}

/** Scheduling events carry the sequence number in `EventId`; the extension matches replayed actions against them. */
export type SchedulingEvent = TaskScheduledEvent | TimerCreatedEvent | SubOrchestrationInstanceCreatedEvent;

export function isSchedulingEvent(event: HistoryEvent): event is SchedulingEvent {
  return (
    event.EventType === HistoryEventType.TaskScheduled ||
    event.EventType === HistoryEventType.TimerCreated ||
    event.EventType === HistoryEventType.SubOrchestrationInstanceCreated
  );
}

/** The sequence number a completion event resolves, if it is one. */
export function completedTaskId(event: HistoryEvent): number | undefined {
  switch (event.EventType) {
    case HistoryEventType.TaskCompleted:
    case HistoryEventType.TaskFailed:
    case HistoryEventType.SubOrchestrationInstanceCompleted:
    case HistoryEventType.SubOrchestrationInstanceFailed:
      return event.TaskScheduledId;
    case HistoryEventType.TimerFired:
      return event.TimerId;
    default:
      return undefined;
  }
}

export function isTerminalHistoryEvent(event: HistoryEvent): boolean {
  return (
    event.EventType === HistoryEventType.ExecutionCompleted ||
    event.EventType === HistoryEventType.ContinueAsNew ||
    event.EventType === HistoryEventType.ExecutionTerminated
  );
}
