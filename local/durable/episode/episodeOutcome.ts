/**
 * What an episode means for the instance, decided as the extension decides it: a non-deterministic or invalid replay
 * fails at once; otherwise the worker's verdict (done, failed, continue-as-new) takes effect only once the shim has
 * walked every action and DTFx has no open task left; until then the instance keeps running.
 */
import { HistoryEventType, NO_EVENT_ID } from '../wire/historyEvents';
import type { EventRaisedEvent, HistoryEvent } from '../wire/historyEvents';
import type { EpisodeResult } from '../wire/orchestratorState';
import type { ReplayOutcome, ScheduledOperation } from '../replay/extensionReplay';

export type EpisodeDecision =
  | { readonly kind: 'running' }
  | { readonly kind: 'completed'; readonly output: string }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'continuedAsNew'; readonly input: string; readonly carryover: readonly EventRaisedEvent[] };

export function decideEpisode(
  orchestrationName: string,
  result: EpisodeResult,
  replay: ReplayOutcome,
): EpisodeDecision {
  if (replay.nonDeterminism !== undefined) return { kind: 'failed', reason: replay.nonDeterminism };
  if (replay.invalidAction !== undefined) {
    return { kind: 'failed', reason: `Orchestrator function '${orchestrationName}' failed: ${replay.invalidAction}` };
  }
  const settled = replay.shimFinished && replay.openTaskIds.length === 0;
  if (!settled) return { kind: 'running' };
  if (result.failure !== undefined) {
    return { kind: 'failed', reason: `Orchestrator function '${orchestrationName}' failed: ${result.failure}` };
  }
  if (!result.state.isDone) return { kind: 'running' };
  if (replay.continueAsNewInput !== undefined) {
    return { kind: 'continuedAsNew', input: replay.continueAsNewInput, carryover: replay.carryoverEvents };
  }
  return { kind: 'completed', output: JSON.stringify(result.state.output ?? null) };
}

/** History events for operations this episode scheduled (`EventId` = sequence number). */
export function schedulingEvents(operations: readonly ScheduledOperation[], nowIso: string): HistoryEvent[] {
  return operations.map((operation): HistoryEvent => {
    switch (operation.kind) {
      case 'activity':
        return {
          EventType: HistoryEventType.TaskScheduled,
          EventId: operation.taskId,
          Timestamp: nowIso,
          Name: operation.name,
          Input: operation.input,
          Version: '',
        };
      case 'timer':
        return {
          EventType: HistoryEventType.TimerCreated,
          EventId: operation.taskId,
          Timestamp: nowIso,
          FireAt: operation.fireAt.toISOString(),
        };
      case 'subOrchestration':
        return {
          EventType: HistoryEventType.SubOrchestrationInstanceCreated,
          EventId: operation.taskId,
          Timestamp: nowIso,
          Name: operation.name,
          InstanceId: operation.instanceId,
          Input: operation.input,
        };
    }
  });
}

/** `OrchestratorCompleted`, then the event that ends the execution, if it ends. */
export function closingEvents(decision: EpisodeDecision, nowIso: string): HistoryEvent[] {
  const completed: HistoryEvent = {
    EventType: HistoryEventType.OrchestratorCompleted,
    EventId: NO_EVENT_ID,
    Timestamp: nowIso,
  };
  const base = { EventId: NO_EVENT_ID, Timestamp: nowIso };
  switch (decision.kind) {
    case 'running':
      return [completed];
    case 'completed':
      return [
        completed,
        {
          ...base,
          EventType: HistoryEventType.ExecutionCompleted,
          OrchestrationStatus: 'Completed',
          Result: decision.output,
        },
      ];
    case 'failed':
      return [
        completed,
        {
          ...base,
          EventType: HistoryEventType.ExecutionCompleted,
          OrchestrationStatus: 'Failed',
          Result: JSON.stringify(decision.reason),
        },
      ];
    case 'continuedAsNew':
      return [
        completed,
        {
          ...base,
          EventType: HistoryEventType.ContinueAsNew,
          OrchestrationStatus: 'ContinuedAsNew',
          Result: decision.input,
        },
      ];
  }
}
