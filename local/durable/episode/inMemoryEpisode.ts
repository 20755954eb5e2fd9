/**
 * One episode without storage: the app's orchestrator through durable-functions' own executor, then the extension's
 * replay model over the history, then the extension's verdict. The same steps as the simulator's work item
 * (host/orchestrationRunner.ts) minus the commit, for tests that replay a history in memory (recorded-history fixtures,
 * generator-level tests).
 */
import type { FunctionKind, RegisteredFunction } from '../../functionsHost/functionRegistry';
import type { HistoryEvent } from '../wire/historyEvents';
import { actionsOf, WorkerProtocolError } from '../wire/orchestratorState';
import type { EpisodeResult, WireAction } from '../wire/orchestratorState';
import { replayActions } from '../replay/extensionReplay';
import type { ReplayOutcome } from '../replay/extensionReplay';
import {
  LONG_RUNNING_TIMER_INTERVAL_DURATION,
  MAXIMUM_SHORT_TIMER_DURATION,
  timeSpanToMs,
} from '../replay/timerLimits';
import { invokeOrchestration } from './orchestrationInvoker';
import { decideEpisode } from './episodeOutcome';
import type { EpisodeDecision } from './episodeOutcome';

export interface InMemoryEpisodeInput {
  readonly registration: RegisteredFunction;
  readonly instanceId: string;
  readonly executionId: string;
  readonly parentInstanceId: string | undefined;
  /** The orchestration input (parsed JSON). */
  readonly input: unknown;
  /** Events of earlier episodes (sent with `IsPlayed: true`). */
  readonly pastEvents: readonly HistoryEvent[];
  /** Events of this episode, starting with `OrchestratorStarted`. */
  readonly newEvents: readonly HistoryEvent[];
  /** Whether an activity or orchestration of that name is registered (the extension checks before scheduling). */
  readonly functionExists: (name: string, kind: Extract<FunctionKind, 'activity' | 'orchestration'>) => boolean;
}

export interface InMemoryEpisode {
  /** What the worker returned (or threw). */
  readonly result: EpisodeResult;
  /** The worker's action list; undefined when it broke the protocol. */
  readonly actions: readonly WireAction[] | undefined;
  /** The extension's replay of those actions over the whole history; undefined when there were no actions to read. */
  readonly replay: ReplayOutcome | undefined;
  readonly decision: EpisodeDecision;
}

const MAXIMUM_SHORT_TIMER_MS = timeSpanToMs(MAXIMUM_SHORT_TIMER_DURATION);
const LONG_RUNNING_TIMER_INTERVAL_MS = timeSpanToMs(LONG_RUNNING_TIMER_INTERVAL_DURATION);

export async function runEpisodeInMemory(episode: InMemoryEpisodeInput): Promise<InMemoryEpisode> {
  const result = await invokeOrchestration({
    registration: episode.registration,
    instanceId: episode.instanceId,
    parentInstanceId: episode.parentInstanceId,
    input: episode.input,
    pastEvents: episode.pastEvents,
    newEvents: episode.newEvents,
  });
  let actions: readonly WireAction[];
  try {
    actions = actionsOf(result.state);
  } catch (error) {
    if (!(error instanceof WorkerProtocolError)) throw error;
    return { result, actions: undefined, replay: undefined, decision: { kind: 'failed', reason: error.message } };
  }
  const replay = replayActions(actions, [...episode.pastEvents, ...episode.newEvents], {
    instanceId: episode.instanceId,
    executionId: episode.executionId,
    parentInstanceId: episode.parentInstanceId,
    maximumShortTimerMs: MAXIMUM_SHORT_TIMER_MS,
    longRunningTimerIntervalMs: LONG_RUNNING_TIMER_INTERVAL_MS,
    functionExists: episode.functionExists,
  });
  return { result, actions, replay, decision: decideEpisode(episode.registration.name, result, replay) };
}
