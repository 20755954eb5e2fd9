/** Progress reported by the simulator (for progress displays, logs, and `stopAfter` crash points in tests). */
import type { RuntimeStatus } from '../storage/records';

export interface ScheduledSummary {
  readonly kind: 'activity' | 'timer' | 'subOrchestration';
  readonly taskId: number;
  /** Activity or orchestration name; the fire time (ISO) for a timer. */
  readonly target: string;
}

export interface EpisodeCompletedEvent {
  readonly type: 'episodeCompleted';
  readonly instanceId: string;
  readonly name: string;
  readonly generation: number;
  /** 1-based, counting every episode of the instance. */
  readonly episode: number;
  readonly runtimeStatus: RuntimeStatus;
  /** Events the orchestrator replayed (history before this episode plus the new ones). */
  readonly historyEvents: number;
  readonly scheduled: readonly ScheduledSummary[];
}

export type SimulatorEvent =
  | {
      readonly type: 'instanceStarted';
      readonly instanceId: string;
      readonly name: string;
      readonly parentInstanceId?: string;
    }
  | EpisodeCompletedEvent
  | { readonly type: 'activityStarted'; readonly instanceId: string; readonly name: string; readonly taskId: number }
  /** The activity returned or threw; its result is not stored yet (a crash now runs it again after a restart). */
  | {
      readonly type: 'activityCompleted';
      readonly instanceId: string;
      readonly name: string;
      readonly taskId: number;
      readonly succeeded: boolean;
    }
  /** The activity's result is stored (sent to the instance); a restart will not run it again. */
  | {
      readonly type: 'activityResultStored';
      readonly instanceId: string;
      readonly name: string;
      readonly taskId: number;
      readonly succeeded: boolean;
    }
  | { readonly type: 'timerFired'; readonly instanceId: string; readonly timerId: number; readonly fireAt: Date }
  | { readonly type: 'eventRaised'; readonly instanceId: string; readonly eventName: string }
  | {
      readonly type: 'instanceCompleted';
      readonly instanceId: string;
      readonly name: string;
      readonly runtimeStatus: 'Completed' | 'Failed' | 'Terminated';
      readonly output: unknown;
    }
  | {
      readonly type: 'continuedAsNew';
      readonly instanceId: string;
      readonly name: string;
      readonly generation: number;
      readonly carriedOverEvents: number;
    }
  | { readonly type: 'clockAdvanced'; readonly from: Date; readonly to: Date }
  | { readonly type: 'messageDiscarded'; readonly instanceId: string; readonly kind: string; readonly reason: string }
  /** Something the real host would also do silently, but that is almost certainly not what the app wants. */
  | { readonly type: 'warning'; readonly instanceId: string; readonly message: string }
  | {
      readonly type: 'activityRedispatched';
      readonly instanceId: string;
      readonly name: string;
      readonly taskId: number;
    }
  | { readonly type: 'error'; readonly error: unknown };

export type SimulatorEventListener = (event: SimulatorEvent) => void;
