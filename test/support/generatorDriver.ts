/**
 * Steps one orchestrator generator episode by episode, in memory, the way durable-js tests its own orchestrators:
 * the real durable-functions executor replays a history the test grows one event at a time (an activity result, a
 * failure, a fired timer, a raised event), and the extension's replay model (local/durable) assigns sequence numbers,
 * applies retry policies and decides when the episode ends. No storage, no activity runs: a test states what each
 * call returns and asserts the exact actions scheduled. Milliseconds per test.
 *
 *   const run = await OrchestrationDriver.start(awaitProviderOrchestrator, input);
 *   await run.respond({ recordCheckpoint: () => null, readProviderState: () => ({ … }) });
 *   expect(run.trace).toEqual(['activity recordCheckpoint', 'activity readProviderState', 'timer 2026-…']);
 */
import * as df from 'durable-functions';
import type { OrchestrationHandler } from 'durable-functions';
import { captureRegistrations } from '../../local/functionsHost/captureRegistrations';
import type { RegisteredFunction } from '../../local/functionsHost/functionRegistry';
import { runEpisodeInMemory } from '../../local/durable/episode/inMemoryEpisode';
import { closingEvents, schedulingEvents } from '../../local/durable/episode/episodeOutcome';
import type { EpisodeDecision } from '../../local/durable/episode/episodeOutcome';
import type { ScheduledOperation } from '../../local/durable/replay/extensionReplay';
import { HistoryEventType, NO_EVENT_ID } from '../../local/durable/wire/historyEvents';
import type { HistoryEvent } from '../../local/durable/wire/historyEvents';

/** Where the driver's clock starts unless told otherwise. */
export const DRIVER_START = new Date(Date.UTC(2026, 10, 2, 8, 0, 0));

export interface DriverOptions {
  readonly instanceId?: string;
  readonly parentInstanceId?: string;
  /** The orchestration's clock at the first episode (`currentUtcDateTime`). */
  readonly startAt?: Date;
  /** The function name it is registered under (default: the generator function's name). */
  readonly name?: string;
}

/** What a responder returns for a call: its result, or throw to fail it (the message becomes the failure reason). */
export type Responder = (input: unknown) => unknown;

export type DriverStatus = 'running' | EpisodeDecision['kind'];

export class DriverError extends Error {
  override readonly name = 'DriverError';
}

/** `activity name`, `timer <ISO due time>` or `sub-orchestration name <instance id>`. */
export function describeOperation(operation: ScheduledOperation): string {
  switch (operation.kind) {
    case 'activity':
      return `activity ${operation.name}`;
    case 'timer':
      return `timer ${operation.fireAt.toISOString()}`;
    case 'subOrchestration':
      return `sub-orchestration ${operation.name} ${operation.instanceId}`;
  }
}

export class OrchestrationDriver {
  private readonly history: HistoryEvent[] = [];
  private readonly operations: ScheduledOperation[] = [];
  private readonly completed = new Set<number>();
  private openTaskIds: readonly number[] = [];
  private nowMs: number;
  private decision: EpisodeDecision = { kind: 'running' };
  private lastScheduled: readonly ScheduledOperation[] = [];
  private awaited: readonly string[] = [];
  private customStatusValue: unknown;

  private constructor(
    private readonly registration: RegisteredFunction,
    private readonly input: unknown,
    private readonly instanceId: string,
    private readonly parentInstanceId: string | undefined,
    startAt: Date,
  ) {
    this.nowMs = startAt.getTime();
  }

  /** Registers `orchestrator` as durable-functions would and runs its first episode. */
  static async start(
    orchestrator: OrchestrationHandler,
    input: unknown,
    options: DriverOptions = {},
  ): Promise<OrchestrationDriver> {
    const name = options.name ?? (orchestrator.name || 'orchestrator');
    const registry = await captureRegistrations(() => {
      df.app.orchestration(name, orchestrator);
    });
    const driver = new OrchestrationDriver(
      registry.get(name, 'orchestration'),
      input,
      options.instanceId ?? 'driver-instance',
      options.parentInstanceId,
      options.startAt ?? DRIVER_START,
    );
    await driver.episode([
      {
        EventType: HistoryEventType.ExecutionStarted,
        EventId: NO_EVENT_ID,
        Timestamp: driver.nowIso(),
        Name: name,
        Input: JSON.stringify(input),
        Version: '',
        OrchestrationInstance: { InstanceId: driver.instanceId, ExecutionId: 'driver-execution' },
        ParentInstance: null,
      },
    ]);
    return driver;
  }

  /** Every action scheduled so far, in sequence order (see `describeOperation`). */
  get trace(): string[] {
    return this.operations.map(describeOperation);
  }

  /** Actions the last episode scheduled. */
  get scheduled(): string[] {
    return this.lastScheduled.map(describeOperation);
  }

  /** External events the orchestration waits for now. */
  get waitingFor(): readonly string[] {
    return this.awaited;
  }

  get status(): DriverStatus {
    return this.decision.kind;
  }

  get now(): Date {
    return new Date(this.nowMs);
  }

  get customStatus(): unknown {
    return this.customStatusValue;
  }

  /** The orchestration output once completed. */
  get output(): unknown {
    if (this.decision.kind !== 'completed') throw new DriverError(`no output: the orchestration is ${this.status}`);
    return JSON.parse(this.decision.output) as unknown;
  }

  /** The input of the next generation once it continued as new. */
  get continuedWith(): unknown {
    if (this.decision.kind !== 'continuedAsNew') {
      throw new DriverError(`no continueAsNew input: the orchestration is ${this.status}`);
    }
    return JSON.parse(this.decision.input) as unknown;
  }

  get failure(): string {
    if (this.decision.kind !== 'failed') throw new DriverError(`no failure: the orchestration is ${this.status}`);
    return this.decision.reason;
  }

  /** Inputs (parsed) of every call to `name` so far, in order. */
  inputsOf(name: string): unknown[] {
    return this.operations.flatMap((operation) =>
      operation.kind !== 'timer' && operation.name === name ? [JSON.parse(operation.input) as unknown] : [],
    );
  }

  /** Open calls and timers (not completed, not cancelled), in sequence order. */
  pending(): string[] {
    return this.pendingOperations().map(describeOperation);
  }

  /** Completes the oldest open call to `name` (activity or sub-orchestration) with `result`. */
  async complete(name: string, result: unknown = null): Promise<this> {
    const operation = this.openCall(name);
    const type =
      operation.kind === 'activity'
        ? HistoryEventType.TaskCompleted
        : HistoryEventType.SubOrchestrationInstanceCompleted;
    await this.episode([
      {
        EventType: type,
        EventId: NO_EVENT_ID,
        Timestamp: this.nowIso(),
        TaskScheduledId: operation.taskId,
        Result: JSON.stringify(result),
      },
    ]);
    return this;
  }

  /** Fails the oldest open call to `name` (the activity threw, or the sub-orchestration failed). */
  async fail(name: string, reason: string): Promise<this> {
    const operation = this.openCall(name);
    const type =
      operation.kind === 'activity' ? HistoryEventType.TaskFailed : HistoryEventType.SubOrchestrationInstanceFailed;
    await this.episode([
      {
        EventType: type,
        EventId: NO_EVENT_ID,
        Timestamp: this.nowIso(),
        TaskScheduledId: operation.taskId,
        Reason: reason,
        Details: '',
      },
    ]);
    return this;
  }

  /** Moves the clock to the earliest open timer and fires it. */
  async fireTimer(): Promise<this> {
    const timer = this.pendingOperations().find((operation) => operation.kind === 'timer');
    if (timer?.kind !== 'timer') throw new DriverError(`no open timer; open: ${this.pending().join(', ') || 'none'}`);
    this.nowMs = Math.max(this.nowMs, timer.fireAt.getTime());
    await this.episode([
      {
        EventType: HistoryEventType.TimerFired,
        EventId: NO_EVENT_ID,
        Timestamp: this.nowIso(),
        TimerId: timer.taskId,
        FireAt: timer.fireAt.toISOString(),
      },
    ]);
    return this;
  }

  /** Raises an external event on the instance (after moving the clock `afterMs` on). */
  async raiseEvent(name: string, data: unknown = null, afterMs = 0): Promise<this> {
    this.nowMs += afterMs;
    await this.episode([
      {
        EventType: HistoryEventType.EventRaised,
        EventId: NO_EVENT_ID,
        Timestamp: this.nowIso(),
        Name: name,
        Input: JSON.stringify(data),
      },
    ]);
    return this;
  }

  /**
   * Answers open calls whose name has a responder, oldest first, one episode per answer, until none is left to
   * answer (timers are not fired: call `fireTimer`). A responder that throws fails the call with its message.
   */
  async respond(responders: Readonly<Record<string, Responder>>): Promise<this> {
    for (;;) {
      if (this.status !== 'running') return this;
      const next = this.pendingOperations().find(
        (operation) => operation.kind !== 'timer' && Object.prototype.hasOwnProperty.call(responders, operation.name),
      );
      if (next === undefined || next.kind === 'timer') return this;
      const responder = responders[next.name];
      if (responder === undefined) return this;
      let result: unknown;
      try {
        result = responder(JSON.parse(next.input) as unknown);
      } catch (error) {
        await this.fail(next.name, error instanceof Error ? error.message : String(error));
        continue;
      }
      await this.complete(next.name, result);
    }
  }

  private pendingOperations(): ScheduledOperation[] {
    const open = new Set(this.openTaskIds);
    return this.operations.filter((operation) => open.has(operation.taskId) && !this.completed.has(operation.taskId));
  }

  private openCall(name: string): Exclude<ScheduledOperation, { kind: 'timer' }> {
    const operation = this.pendingOperations().find(
      (candidate) => candidate.kind !== 'timer' && candidate.name === name,
    );
    if (operation === undefined || operation.kind === 'timer') {
      throw new DriverError(`no open call to '${name}'; open: ${this.pending().join(', ') || 'none'}`);
    }
    return operation;
  }

  private nowIso(): string {
    return new Date(this.nowMs).toISOString();
  }

  private async episode(events: readonly HistoryEvent[]): Promise<void> {
    if (this.status !== 'running') throw new DriverError(`the orchestration has already ${this.status}`);
    const newEvents: HistoryEvent[] = [
      { EventType: HistoryEventType.OrchestratorStarted, EventId: NO_EVENT_ID, Timestamp: this.nowIso() },
      ...events,
    ];
    for (const event of events) {
      if ('TaskScheduledId' in event) this.completed.add(event.TaskScheduledId);
      if ('TimerId' in event) this.completed.add(event.TimerId);
    }
    const episode = await runEpisodeInMemory({
      registration: this.registration,
      instanceId: this.instanceId,
      executionId: 'driver-execution',
      parentInstanceId: this.parentInstanceId,
      input: this.input,
      pastEvents: this.history,
      newEvents,
      functionExists: () => true,
    });
    const { replay } = episode;
    if (replay === undefined || replay.nonDeterminism !== undefined || replay.invalidAction !== undefined) {
      throw new DriverError(
        `the episode could not be replayed: ${replay?.nonDeterminism ?? replay?.invalidAction ?? episode.decision.kind}`,
      );
    }
    this.history.push(
      ...newEvents,
      ...schedulingEvents(replay.newOperations, this.nowIso()),
      ...closingEvents(episode.decision, this.nowIso()),
    );
    this.operations.push(...replay.newOperations);
    this.lastScheduled = replay.newOperations;
    this.openTaskIds = replay.openTaskIds;
    this.awaited = replay.awaitedEvents;
    this.decision = episode.decision;
    this.customStatusValue = episode.result.state.customStatus;
  }
}
