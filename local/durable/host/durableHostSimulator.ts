/**
 * Plays the Durable extension's role for registrations captured from the app: episodes through the app's real
 * orchestrators (durable-functions' own executor), the real activity handlers, durable timers on a VirtualClock,
 * external events, sub-orchestrations, continueAsNew, terminate, and history kept in Table storage so that a new
 * simulator over the same tables resumes where a stopped one left off.
 *
 * Scheduling is an in-process work queue: `runUntilIdle()` runs everything runnable; with `autoAdvance` the clock
 * then jumps to the earliest timer. Episodes of different instances and activities run concurrently (bounded).
 */
import { randomUUID } from 'node:crypto';
import type { InvocationContext, LogHandler } from '@azure/functions';
import type { VirtualClock } from '../../clock';
import type { FunctionRegistry, RegisteredFunction } from '../../functionsHost/functionRegistry';
import type { ClockEvents } from '../../functionsHost/timerTriggerHost';
import { createInvocationContext } from '../../functionsHost/invocationContextFactory';
import type { InvocationOptions } from '../../functionsHost/invocationContextFactory';
import type { HistoryEvent } from '../wire/historyEvents';
import { DurableHistoryStore } from '../storage/historyStore';
import { isTerminalStatus } from '../storage/records';
import type { TaskHubTables } from '../storage/tableNames';
import { startDurableHttpApi } from '../http/durableHttpApi';
import type { DurableClientBackend, DurableHttpApi } from '../http/durableHttpApi';
import type { DurableClientBindingData } from '../http/clientBinding';
import { runActivityWorkItem } from './activityRunner';
import {
  InstanceNotCompletedError,
  InstanceNotFoundError,
  SimulatorHaltedError,
  SimulatorStateError,
  validateInstanceId,
} from './errors';
import { nowIso } from './hostServices';
import type { HostServices } from './hostServices';
import { createInstance } from './instanceLifecycle';
import { statusOf } from './instanceStatus';
import type { InstanceStatus } from './instanceStatus';
import { runOrchestrationWorkItem } from './orchestrationRunner';
import { recoverPendingWork } from './recovery';
import type { EpisodeCompletedEvent, SimulatorEvent, SimulatorEventListener } from './simulatorEvents';
import { WorkQueue } from './workQueue';
import type { TimerWorkItem } from './workQueue';

export interface DurableHostSimulatorOptions {
  readonly registry: FunctionRegistry;
  /** Durable timers fire on this clock; with `autoAdvance` the simulator moves it to the next timer when idle. */
  readonly clock: VirtualClock;
  readonly tables: {
    readonly connectionString: string;
    /** Task hub name: prefixes the table names (`{hub}Instances`, `{hub}History`, `{hub}Messages`). */
    readonly taskHub: string;
    readonly allowInsecureConnection?: boolean;
  };
  /** Activities running at once, all instances together. Default 4. */
  readonly activityConcurrency?: number;
  /** Episodes running at once (always one per instance). Default 4. */
  readonly orchestrationConcurrency?: number;
  /** Jump the clock to the earliest pending timer when nothing else is runnable. Default false. */
  readonly autoAdvance?: boolean;
  /** Process work as soon as it arrives (like a running host) instead of only inside `runUntilIdle`. Default false. */
  readonly processInBackground?: boolean;
  /** Keep the history of earlier generations after continueAsNew (the extension drops it). Default false. */
  readonly keepPreviousGenerations?: boolean;
  /**
   * Run one work item (an episode or an activity) at a time, in queue order, so that the same run writes the same
   * histories every time (the history recorder). Default false.
   */
  readonly sequential?: boolean;
  readonly onEvent?: SimulatorEventListener;
  readonly onEpisode?: (event: EpisodeCompletedEvent) => void;
  /** Where the app's `context.log` output goes. Default: dropped. */
  readonly logHandler?: LogHandler;
  /**
   * Other things that happen on the clock, such as the Functions host's timer triggers (`TimerTriggerHost`): fired
   * when due, and, with `autoAdvance`, the clock stops at their times on its way to the next durable timer. They do
   * not keep the simulator busy: with no durable timer pending it is idle.
   */
  readonly clockEvents?: ClockEvents;
}

export interface StartOptions {
  readonly instanceId?: string;
  readonly input?: unknown;
}

export interface RunOptions {
  /** Do not move the clock more than this far (virtual ms) past where it was when the run started. */
  readonly maxVirtualMs?: number;
  /** Stop (after in-flight work settles) once an episode leaves an instance in a state this accepts. */
  readonly until?: (status: InstanceStatus) => boolean;
  /** Stop after this many episodes (guards against orchestrations that loop without ever waiting). */
  readonly maxEpisodes?: number;
}

export interface RunSummary {
  readonly reason: 'idle' | 'until' | 'maxVirtualMs' | 'maxEpisodes' | 'stopped';
  readonly episodes: number;
  readonly activities: number;
  readonly timersFired: number;
  readonly pendingTimers: number;
  /** Virtual time at the end of the run. */
  readonly now: Date;
}

type Lifecycle = 'created' | 'running' | 'halted' | 'stopped';

interface HaltTrigger {
  readonly predicate: (event: SimulatorEvent) => boolean;
  readonly resolve: (event: SimulatorEvent) => void;
}

interface RunCounters {
  episodes: number;
  activities: number;
  timersFired: number;
  /** Set when `until` accepted a status or `maxEpisodes` was reached: start nothing new. */
  stopReason: 'until' | 'maxEpisodes' | undefined;
  readonly until: RunOptions['until'];
  readonly maxEpisodes: number;
}

export class DurableHostSimulator implements DurableClientBackend {
  readonly taskHub: string;
  private readonly store: DurableHistoryStore;
  private readonly registry: FunctionRegistry;
  private readonly clock: VirtualClock;
  private readonly work: WorkQueue;
  private readonly services: HostServices;
  private readonly activityConcurrency: number;
  private readonly orchestrationConcurrency: number;
  private readonly autoAdvance: boolean;
  private readonly processInBackground: boolean;
  private readonly sequential: boolean;
  private readonly clockEvents: ClockEvents | undefined;
  private readonly listeners = new Set<SimulatorEventListener>();
  private readonly haltTriggers: HaltTrigger[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private readonly busyInstances = new Set<string>();
  private readonly lastWarning = new Map<string, string>();
  private lifecycle: Lifecycle = 'created';
  private runningEpisodes = 0;
  private runningActivities = 0;
  private activeRun: Promise<RunSummary> | undefined;
  private failure: unknown;
  private httpApi: DurableHttpApi | undefined;
  private unsubscribeClock: (() => void) | undefined;

  constructor(options: DurableHostSimulatorOptions) {
    this.taskHub = options.tables.taskHub;
    this.store = new DurableHistoryStore(options.tables);
    this.registry = options.registry;
    this.clock = options.clock;
    this.activityConcurrency = Math.max(1, options.activityConcurrency ?? 4);
    this.orchestrationConcurrency = Math.max(1, options.orchestrationConcurrency ?? 4);
    this.autoAdvance = options.autoAdvance ?? false;
    this.processInBackground = options.processInBackground ?? false;
    this.sequential = options.sequential ?? false;
    this.clockEvents = options.clockEvents;
    this.work = new WorkQueue(() => {
      this.kick();
    });
    if (options.onEvent !== undefined) this.listeners.add(options.onEvent);
    const { onEpisode } = options;
    if (onEpisode !== undefined) {
      this.listeners.add((event) => {
        if (event.type === 'episodeCompleted') onEpisode(event);
      });
    }
    this.services = {
      store: this.store,
      registry: this.registry,
      clock: this.clock,
      work: this.work,
      keepPreviousGenerations: options.keepPreviousGenerations ?? false,
      logHandler: options.logHandler,
      extraInputs: () => (this.httpApi === undefined ? {} : { durableClient: this.httpApi.binding }),
      emit: (event) => {
        this.emit(event);
      },
      assertRunning: () => {
        if (this.lifecycle !== 'running') throw new SimulatorHaltedError();
      },
    };
  }

  /** Table names this simulator uses. */
  get tables(): TaskHubTables {
    return this.store.tables;
  }

  /** Creates the tables if needed and rebuilds pending work from them (resuming a stopped simulator's instances). */
  async start(): Promise<void> {
    if (this.lifecycle !== 'created') throw new SimulatorStateError(`start() was already called (${this.lifecycle}).`);
    await this.store.ensureTables();
    this.lifecycle = 'running';
    await recoverPendingWork(this.services);
    this.unsubscribeClock = this.clock.onAdvance(() => {
      this.kick();
    });
    this.kick();
  }

  /** Stops processing: in-flight work is abandoned at its next durable write; state stays in the tables. */
  async stop(): Promise<void> {
    if (this.lifecycle === 'stopped') return;
    this.lifecycle = 'stopped';
    this.unsubscribeClock?.();
    await Promise.allSettled([...this.inflight]);
    if (this.activeRun !== undefined) await this.activeRun.catch(() => undefined);
    this.work.clear();
    await this.httpApi?.close();
    this.httpApi = undefined;
  }

  /**
   * Halts the simulator right after the first event that satisfies `predicate` (a simulated crash): nothing else is
   * written, `runUntilIdle` returns `stopped`. Resolves with that event. Call `stop()` afterwards.
   */
  stopAfter(predicate: (event: SimulatorEvent) => boolean): Promise<SimulatorEvent> {
    return new Promise((resolve) => {
      this.haltTriggers.push({ predicate, resolve });
    });
  }

  /** Subscribes to progress events; returns the unsubscribe function. */
  onEvent(listener: SimulatorEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- instances --------------------------------------------------------------------------------------------------------

  /**
   * Starts an orchestration and returns its instance id. Rejects with InstanceAlreadyExistsError when an instance with
   * that id exists and has not ended (as the extension does); an ended one is replaced.
   */
  async startNew(orchestrationName: string, options: StartOptions = {}): Promise<string> {
    this.assertUsable();
    const registration = this.registry.get(orchestrationName, 'orchestration');
    const instanceId = options.instanceId ?? randomUUID().replace(/-/g, '');
    validateInstanceId(instanceId);
    this.services.assertRunning();
    await createInstance(this.services, {
      instanceId,
      name: registration.name,
      input: options.input === undefined ? null : JSON.stringify(options.input),
      parent: null,
    });
    return instanceId;
  }

  /** Sends an event. Returns false (and drops it) when the instance has ended; throws when it does not exist. */
  async raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<boolean> {
    this.assertUsable();
    const record = await this.store.getInstance(instanceId);
    if (record === undefined) throw new InstanceNotFoundError(instanceId);
    if (isTerminalStatus(record.runtimeStatus)) {
      this.emit({
        type: 'messageDiscarded',
        instanceId,
        kind: 'eventRaised',
        reason: `the instance is ${record.runtimeStatus}`,
      });
      return false;
    }
    const input = data === undefined ? null : JSON.stringify(data);
    await this.store.sendMessage(instanceId, { kind: 'eventRaised', name: eventName, input }, nowIso(this.services));
    this.emit({ type: 'eventRaised', instanceId, eventName });
    this.work.markRunnable(instanceId);
    return true;
  }

  /** Requests termination (applied by the next episode). Returns false when the instance has already ended. */
  async terminate(instanceId: string, reason: string): Promise<boolean> {
    this.assertUsable();
    const record = await this.store.getInstance(instanceId);
    if (record === undefined) throw new InstanceNotFoundError(instanceId);
    if (isTerminalStatus(record.runtimeStatus)) return false;
    await this.store.sendMessage(instanceId, { kind: 'terminate', reason }, nowIso(this.services));
    this.work.markRunnable(instanceId);
    return true;
  }

  /** Deletes an ended instance with its history and returns true; false when there is none or it has not ended. */
  async purge(instanceId: string): Promise<boolean> {
    const record = await this.store.getInstance(instanceId);
    if (record === undefined || !isTerminalStatus(record.runtimeStatus)) return false;
    return this.store.purgeInstance(instanceId);
  }

  async getStatus(instanceId: string): Promise<InstanceStatus | undefined> {
    const record = await this.store.getInstance(instanceId);
    return record === undefined ? undefined : statusOf(record);
  }

  /** History of the current generation (or of `generation` if kept), in wire format without `IsPlayed`. */
  async getHistory(instanceId: string, generation?: number): Promise<HistoryEvent[]> {
    const record = await this.store.getInstance(instanceId);
    if (record === undefined) throw new InstanceNotFoundError(instanceId);
    const history = await this.store.readHistory(instanceId, generation ?? record.generation);
    return history.map(({ MessageId: _messageId, ...event }) => event as HistoryEvent);
  }

  async listInstances(): Promise<InstanceStatus[]> {
    return (await this.store.listInstances()).map(statusOf);
  }

  // --- running ----------------------------------------------------------------------------------------------------------

  /**
   * Runs everything runnable until nothing is left (then, with `autoAdvance`, moves the clock to the next timer and
   * goes on). Concurrent calls run one after the other.
   */
  async runUntilIdle(options: RunOptions = {}): Promise<RunSummary> {
    this.assertStarted();
    while (this.activeRun !== undefined) await this.activeRun.catch(() => undefined);
    const run = this.drive(options);
    this.activeRun = run;
    try {
      return await run;
    } finally {
      if (this.activeRun === run) this.activeRun = undefined;
      if (this.processInBackground && this.work.hasRunnableWork(this.busyInstances)) this.kick();
    }
  }

  /** Runs until the instance has ended; throws InstanceNotCompletedError if the simulator runs out of work first. */
  async waitForCompletion(instanceId: string, options: Omit<RunOptions, 'until'> = {}): Promise<InstanceStatus> {
    const ended = (status: InstanceStatus | undefined): boolean =>
      status !== undefined && isTerminalStatus(status.runtimeStatus);
    const before = await this.getStatus(instanceId);
    if (before === undefined) throw new InstanceNotFoundError(instanceId);
    if (ended(before)) return before;
    await this.runUntilIdle({ ...options, until: (status) => status.instanceId === instanceId && ended(status) });
    const after = await this.getStatus(instanceId);
    if (after === undefined) throw new InstanceNotFoundError(instanceId);
    if (!ended(after)) throw new InstanceNotCompletedError(after, this.lastWarning.get(instanceId));
    return after;
  }

  private async drive(options: RunOptions): Promise<RunSummary> {
    const counters: RunCounters = {
      episodes: 0,
      activities: 0,
      timersFired: 0,
      stopReason: undefined,
      until: options.until,
      maxEpisodes: options.maxEpisodes ?? Number.POSITIVE_INFINITY,
    };
    const limitMs =
      options.maxVirtualMs === undefined ? Number.POSITIVE_INFINITY : this.clock.now() + options.maxVirtualMs;
    const summary = (reason: RunSummary['reason']): RunSummary => ({
      reason,
      episodes: counters.episodes,
      activities: counters.activities,
      timersFired: counters.timersFired,
      pendingTimers: this.work.pendingTimers,
      now: new Date(this.clock.now()),
    });
    for (;;) {
      this.rethrowFailure();
      if (this.lifecycle !== 'running') {
        await Promise.allSettled([...this.inflight]);
        return summary('stopped');
      }
      if (counters.stopReason === undefined) {
        await this.clockEvents?.fireDue(this.clock.now());
        await this.fireDueTimers(counters);
        this.pump(counters);
      }
      if (this.inflight.size > 0) {
        await Promise.race(this.inflight);
        continue;
      }
      if (counters.stopReason !== undefined) return summary(counters.stopReason);
      if (this.work.hasRunnableWork(this.busyInstances)) continue;
      const next = this.work.earliestTimerMs();
      if (next !== undefined && next <= this.clock.now()) continue;
      if (next === undefined || !this.autoAdvance) return summary('idle');
      const event = this.clockEvents?.nextAt();
      const target = event !== undefined && event < next ? event : next;
      if (target > limitMs) return summary('maxVirtualMs');
      this.advanceClockTo(target);
    }
  }

  private pump(counters: RunCounters): void {
    while (this.runningEpisodes < this.orchestrationConcurrency && this.mayStartWork()) {
      const instanceId = this.work.takeRunnable(this.busyInstances);
      if (instanceId === undefined) break;
      this.busyInstances.add(instanceId);
      this.runningEpisodes++;
      const episode = runOrchestrationWorkItem(this.services, instanceId).then((status) => {
        if (status === undefined) return;
        counters.episodes++;
        if (counters.until?.(status) === true) counters.stopReason ??= 'until';
        if (counters.episodes >= counters.maxEpisodes) counters.stopReason ??= 'maxEpisodes';
      });
      this.track(episode, () => {
        this.busyInstances.delete(instanceId);
        this.runningEpisodes--;
      });
    }
    while (this.runningActivities < this.activityConcurrency && this.mayStartWork()) {
      const item = this.work.takeActivity();
      if (item === undefined) break;
      this.runningActivities++;
      counters.activities++;
      this.track(runActivityWorkItem(this.services, item), () => {
        this.work.activityFinished(item);
        this.runningActivities--;
      });
    }
  }

  private mayStartWork(): boolean {
    return this.lifecycle === 'running' && !(this.sequential && this.inflight.size > 0);
  }

  private async fireDueTimers(counters: RunCounters): Promise<void> {
    const due = this.work.takeDueTimers(this.clock.now());
    for (const timer of due) {
      if (this.lifecycle !== 'running') return;
      await this.fireTimer(timer);
      counters.timersFired++;
    }
  }

  private async fireTimer(timer: TimerWorkItem): Promise<void> {
    const fireAt = new Date(timer.fireAtMs).toISOString();
    await this.store.sendMessage(
      timer.instanceId,
      { kind: 'timerFired', executionId: timer.executionId, timerId: timer.timerId, fireAt },
      nowIso(this.services),
    );
    this.emit({
      type: 'timerFired',
      instanceId: timer.instanceId,
      timerId: timer.timerId,
      fireAt: new Date(timer.fireAtMs),
    });
    this.work.markRunnable(timer.instanceId);
  }

  private advanceClockTo(timeMs: number): void {
    const from = new Date(this.clock.now());
    this.clock.advanceTo(timeMs);
    this.emit({ type: 'clockAdvanced', from, to: new Date(this.clock.now()) });
  }

  private track(work: Promise<void>, onSettled: () => void): void {
    const tracked: Promise<void> = work
      .catch((error: unknown) => {
        if (error instanceof SimulatorHaltedError) return;
        this.failure ??= error;
        this.emit({ type: 'error', error });
      })
      .finally(() => {
        onSettled();
        this.inflight.delete(tracked);
      });
    this.inflight.add(tracked);
  }

  private rethrowFailure(): void {
    if (this.failure === undefined) return;
    const failure = this.failure;
    this.failure = undefined;
    throw failure instanceof Error ? failure : new Error('The durable host simulator failed.', { cause: failure });
  }

  /** Background mode: start a run whenever work arrives and none is active. */
  private kick(): void {
    if (!this.processInBackground || this.lifecycle !== 'running' || this.activeRun !== undefined) return;
    queueMicrotask(() => {
      if (this.lifecycle !== 'running' || this.activeRun !== undefined) return;
      this.runUntilIdle().catch((error: unknown) => {
        this.emit({ type: 'error', error });
      });
    });
  }

  private emit(event: SimulatorEvent): void {
    if (event.type === 'warning') this.lastWarning.set(event.instanceId, event.message);
    for (const listener of this.listeners) listener(event);
    for (const trigger of [...this.haltTriggers]) {
      if (!trigger.predicate(event)) continue;
      this.haltTriggers.splice(this.haltTriggers.indexOf(trigger), 1);
      if (this.lifecycle === 'running') this.lifecycle = 'halted';
      trigger.resolve(event);
    }
  }

  private assertStarted(): void {
    if (this.lifecycle === 'created') throw new SimulatorStateError('Call start() first.');
  }

  private assertUsable(): void {
    this.assertStarted();
    if (this.lifecycle !== 'running') {
      throw new SimulatorStateError(
        `The simulator is ${this.lifecycle}; create a new one over the same tables to resume.`,
      );
    }
  }

  // --- the Durable client API for the app's triggers ---------------------------------------------------------------------

  /** Serves the extension's HTTP API (for `df.getClient`) on a local port; returns its origin. */
  async listenHttp(options: { readonly port?: number; readonly host?: string } = {}): Promise<string> {
    this.assertUsable();
    this.httpApi ??= await startDurableHttpApi(this, options);
    return this.httpApi.origin;
  }

  /** The `durableClient` input binding value (needs `listenHttp()` first). */
  clientBindingFor(): DurableClientBindingData {
    if (this.httpApi === undefined)
      throw new SimulatorStateError('Call listenHttp() before asking for a client binding.');
    return this.httpApi.binding;
  }

  /**
   * An InvocationContext for one of the app's functions (e.g. an HTTP or Service Bus trigger) whose durableClient
   * binding points at this simulator, so the handler's `df.getClient(context)` works unchanged.
   */
  createInvocationContext(
    registration: RegisteredFunction | string,
    options: InvocationOptions = {},
  ): InvocationContext {
    const target = typeof registration === 'string' ? this.registry.get(registration) : registration;
    return createInvocationContext(target, {
      ...options,
      extraInputs: { ...this.services.extraInputs(), ...options.extraInputs },
    });
  }
}
