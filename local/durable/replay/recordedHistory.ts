/**
 * Replays a recorded history (one generation of one instance, in the extension's wire format) against the current
 * orchestrator code, through durable-functions' own executor and the extension's replay model, and compares the
 * actions the code produces with the actions history recorded, one by one, as the Durable host does: kind, and name
 * for activities and sub-orchestrations (case-insensitive), plus the instance id of sub-orchestrations (events and
 * the status API address them by it). Timer due times and activity inputs are not compared: the host replays a
 * changed due time or input without complaint.
 *
 * It also checks that the replay ends as the recording did (completed, failed, continued as new, still running).
 */
import type { FunctionRegistry } from '../../functionsHost/functionRegistry';
import { runEpisodeInMemory } from '../episode/inMemoryEpisode';
import type { EpisodeDecision } from '../episode/episodeOutcome';
import type { RuntimeStatus } from '../storage/records';
import { HistoryEventType, isSchedulingEvent, isTerminalHistoryEvent } from '../wire/historyEvents';
import type { ExecutionStartedEvent, HistoryEvent, SchedulingEvent } from '../wire/historyEvents';
import type { ScheduledOperation } from './extensionReplay';

/** One fixture file: one generation of one instance. */
export interface RecordedHistory {
  /** The scenario that produced it (the fixture folder). */
  readonly scenario: string;
  /** The orchestrator function name, as in `ExecutionStarted.Name`. */
  readonly orchestrator: string;
  readonly instanceId: string;
  readonly parentInstanceId: string | null;
  /** 1 + the number of continueAsNew before this history. */
  readonly generation: number;
  /** How this generation stood when it was recorded. */
  readonly runtimeStatus: RuntimeStatus;
  /** The orchestration input (parsed JSON), as in `ExecutionStarted.Input`. */
  readonly input: unknown;
  readonly history: readonly HistoryEvent[];
}

export type HistoryCheck =
  { readonly ok: true; readonly actions: number } | { readonly ok: false; readonly message: string };

type Ending = 'completed' | 'failed' | 'continued as new' | 'still running';

interface ActionView {
  readonly sequenceNumber: number;
  readonly kind: ScheduledOperation['kind'];
  readonly name: string | undefined;
  readonly instanceId: string | undefined;
  readonly fireAt: string | undefined;
}

export class RecordedHistoryError extends Error {
  override readonly name = 'RecordedHistoryError';
}

function fromHistory(event: SchedulingEvent): ActionView {
  switch (event.EventType) {
    case HistoryEventType.TaskScheduled:
      return {
        sequenceNumber: event.EventId,
        kind: 'activity',
        name: event.Name,
        instanceId: undefined,
        fireAt: undefined,
      };
    case HistoryEventType.TimerCreated:
      return {
        sequenceNumber: event.EventId,
        kind: 'timer',
        name: undefined,
        instanceId: undefined,
        fireAt: event.FireAt,
      };
    case HistoryEventType.SubOrchestrationInstanceCreated:
      return {
        sequenceNumber: event.EventId,
        kind: 'subOrchestration',
        name: event.Name,
        instanceId: event.InstanceId,
        fireAt: undefined,
      };
  }
}

function fromReplay(operation: ScheduledOperation): ActionView {
  switch (operation.kind) {
    case 'activity':
      return {
        sequenceNumber: operation.taskId,
        kind: 'activity',
        name: operation.name,
        instanceId: undefined,
        fireAt: undefined,
      };
    case 'timer':
      return {
        sequenceNumber: operation.taskId,
        kind: 'timer',
        name: undefined,
        instanceId: undefined,
        fireAt: operation.fireAt.toISOString(),
      };
    case 'subOrchestration':
      return {
        sequenceNumber: operation.taskId,
        kind: 'subOrchestration',
        name: operation.name,
        instanceId: operation.instanceId,
        fireAt: undefined,
      };
  }
}

/** e.g. `activity 'notifyProvider' (TaskScheduled, sequence number 3)`. */
export function describeAction(action: ActionView | undefined, missing: string): string {
  if (action === undefined) return missing;
  const at = `sequence number ${action.sequenceNumber}`;
  switch (action.kind) {
    case 'activity':
      return `activity '${action.name ?? ''}' (TaskScheduled, ${at})`;
    case 'timer':
      return `timer due ${action.fireAt ?? '?'} (TimerCreated, ${at})`;
    case 'subOrchestration':
      return `sub-orchestration '${action.name ?? ''}' as instance '${action.instanceId ?? ''}' (SubOrchestrationInstanceCreated, ${at})`;
  }
}

function sameAction(expected: ActionView, actual: ActionView): boolean {
  if (expected.kind !== actual.kind || expected.sequenceNumber !== actual.sequenceNumber) return false;
  if (expected.kind === 'timer') return true;
  if ((expected.name ?? '').toLowerCase() !== (actual.name ?? '').toLowerCase()) return false;
  return expected.kind !== 'subOrchestration' || expected.instanceId === actual.instanceId;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function recordedEnding(history: readonly HistoryEvent[]): Ending {
  const last = history.findLast(isTerminalHistoryEvent);
  if (last === undefined) return 'still running';
  if (last.EventType === HistoryEventType.ContinueAsNew) return 'continued as new';
  if (last.EventType === HistoryEventType.ExecutionCompleted) {
    return last.OrchestrationStatus === 'Completed' ? 'completed' : 'failed';
  }
  throw new RecordedHistoryError('history: a terminated instance cannot be replayed (it never ran to that end)');
}

function replayEnding(decision: EpisodeDecision): Ending {
  switch (decision.kind) {
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'continuedAsNew':
      return 'continued as new';
    case 'running':
      return 'still running';
  }
}

/**
 * The last episode as the worker received it: everything before its `OrchestratorStarted` was played; its own events
 * run up to what the host appended after the worker answered (scheduling events, `OrchestratorCompleted`, the end).
 */
function splitLastEpisode(history: readonly HistoryEvent[]): {
  past: readonly HistoryEvent[];
  current: readonly HistoryEvent[];
} {
  const start = history.findLastIndex((event) => event.EventType === HistoryEventType.OrchestratorStarted);
  if (start < 0) throw new RecordedHistoryError('history: no OrchestratorStarted event');
  const appendedByHost = (event: HistoryEvent): boolean =>
    isSchedulingEvent(event) ||
    event.EventType === HistoryEventType.OrchestratorCompleted ||
    isTerminalHistoryEvent(event);
  const rest = history.slice(start);
  const end = rest.findIndex(appendedByHost);
  return { past: history.slice(0, start), current: end < 0 ? rest : rest.slice(0, end) };
}

function executionStartedOf(recorded: RecordedHistory): ExecutionStartedEvent {
  const started = recorded.history.find(
    (event): event is ExecutionStartedEvent => event.EventType === HistoryEventType.ExecutionStarted,
  );
  if (started === undefined) throw new RecordedHistoryError('history: no ExecutionStarted event');
  if (started.Name !== recorded.orchestrator) {
    throw new RecordedHistoryError(
      `orchestrator: '${recorded.orchestrator}' differs from ExecutionStarted.Name '${started.Name}'`,
    );
  }
  return started;
}

/**
 * Replays `recorded` against the orchestrator registered under its name in `registry`. `label` names the fixture in
 * messages. Resolves `{ ok: false, message }` on the first difference; throws RecordedHistoryError for a malformed
 * fixture.
 */
export async function checkRecordedHistory(
  recorded: RecordedHistory,
  registry: FunctionRegistry,
  label: string,
): Promise<HistoryCheck> {
  const started = executionStartedOf(recorded);
  const subject = `orchestrator '${recorded.orchestrator}' (fixture ${label}, instance '${recorded.instanceId}', generation ${recorded.generation})`;
  const registration = registry.find(recorded.orchestrator, 'orchestration');
  if (registration === undefined) {
    return {
      ok: false,
      message:
        `No orchestrator named '${recorded.orchestrator}' is registered any more, so instances recorded under that ` +
        `name cannot replay: ${subject}. Keep the old orchestrator registered under its old name until no instance ` +
        `of it is in flight.`,
    };
  }
  const { past, current } = splitLastEpisode(recorded.history);
  const episode = await runEpisodeInMemory({
    registration,
    instanceId: recorded.instanceId,
    executionId: started.OrchestrationInstance.ExecutionId,
    parentInstanceId: recorded.parentInstanceId ?? undefined,
    input: recorded.input,
    pastEvents: past,
    newEvents: current,
    functionExists: (name, kind) => registry.has(name, kind),
  });
  // The extension model replays the whole recording (it matches the recorded scheduling events as it goes).
  const replayed = episode.replay === undefined ? [] : episode.replay.scheduledOperations.map(fromReplay);
  const expected = recorded.history.filter(isSchedulingEvent).map(fromHistory);
  const hostVerdict =
    episode.replay?.nonDeterminism === undefined
      ? ''
      : `\nThe Durable host would fail the instance: ${episode.replay.nonDeterminism}`;

  const refused =
    episode.replay === undefined || episode.replay.rejectedCalls.length === 0
      ? ''
      : `\nThe extension refused: ${episode.replay.rejectedCalls.join(' ')}`;
  const workerFailure =
    episode.result.failure === undefined ? '' : `\nThe orchestrator threw: ${firstLine(episode.result.failure)}`;

  for (let position = 0; position < Math.max(expected.length, replayed.length); position++) {
    const want = expected[position];
    const got = replayed[position];
    if (want !== undefined && got !== undefined && sameAction(want, got)) continue;
    return {
      ok: false,
      message:
        `Non-deterministic replay of ${subject}.\n` +
        `First differing action at position ${position}:\n` +
        `  expected (recorded): ${describeAction(want, '(none: the recorded history schedules nothing more)')}\n` +
        `  actual (replayed):   ${describeAction(got, '(none: the current code schedules nothing more here)')}` +
        refused +
        workerFailure +
        hostVerdict,
    };
  }
  if (episode.replay?.nonDeterminism !== undefined || episode.replay?.invalidAction !== undefined) {
    const reason = episode.replay.nonDeterminism ?? episode.replay.invalidAction ?? '';
    return { ok: false, message: `Replay of ${subject} failed in the Durable host model: ${reason}` };
  }
  const before = recordedEnding(recorded.history);
  const now = replayEnding(episode.decision);
  if (before !== now) {
    const reason = episode.decision.kind === 'failed' ? ` (${firstLine(episode.decision.reason)})` : '';
    return {
      ok: false,
      message:
        `Replay of ${subject} schedules the same ${expected.length} actions but ends differently: ` +
        `recorded ${before}, replayed ${now}${reason}.`,
    };
  }
  return { ok: true, actions: expected.length };
}
