/** What the simulator keeps per instance, and the messages waiting for an instance (the extension's control queue). */

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew';

const TERMINAL: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated']);

export function isTerminalStatus(status: RuntimeStatus): boolean {
  return TERMINAL.has(status);
}

export interface ParentLink {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly taskScheduledId: number;
}

/** One row of the instances table. JSON payloads stay JSON text, as the extension stores them. */
export interface InstanceRecord {
  readonly instanceId: string;
  readonly name: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly input: string | null;
  readonly output: string | null;
  readonly customStatus: string | null;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  /** Changes with every generation (continueAsNew); messages for another execution are discarded. */
  readonly executionId: string;
  /** 1 for the first execution, +1 per continueAsNew. */
  readonly generation: number;
  /** Episodes (orchestrator invocations) since the instance was started, all generations together. */
  readonly episodes: number;
  /** History events of the current generation. */
  readonly historyEventCount: number;
  readonly parent: ParentLink | null;
  /** Storage concurrency token; absent on records not read from storage. */
  readonly etag?: string;
}

export interface CarriedOverEvent {
  readonly name: string;
  readonly input: string | null;
}

export type MessageBody =
  | {
      readonly kind: 'executionStarted';
      readonly executionId: string;
      readonly name: string;
      readonly input: string | null;
      readonly parent: ParentLink | null;
      readonly carryover: readonly CarriedOverEvent[];
    }
  | { readonly kind: 'eventRaised'; readonly name: string; readonly input: string | null }
  | { readonly kind: 'terminate'; readonly reason: string | null }
  | {
      readonly kind: 'taskCompleted' | 'subOrchestrationCompleted';
      readonly executionId: string;
      readonly taskScheduledId: number;
      readonly result: string;
    }
  | {
      readonly kind: 'taskFailed' | 'subOrchestrationFailed';
      readonly executionId: string;
      readonly taskScheduledId: number;
      readonly reason: string;
      readonly details: string;
    }
  | { readonly kind: 'timerFired'; readonly executionId: string; readonly timerId: number; readonly fireAt: string };

export interface QueuedMessage {
  /** Orders messages of one instance; also the dedupe key once the message is in history. */
  readonly messageId: string;
  readonly instanceId: string;
  /** Virtual time at which the message was sent. */
  readonly sentAt: string;
  readonly body: MessageBody;
}
