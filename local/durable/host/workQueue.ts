/**
 * In-memory work of the simulator, rebuilt from storage on start: instances with messages to apply, activities to run
 * and durable timers waiting for the virtual clock. Durable truth stays in the tables; this only says what to do next.
 */
export interface ActivityWorkItem {
  readonly instanceId: string;
  readonly executionId: string;
  readonly taskId: number;
  readonly name: string;
  /** JSON text of the activity input. */
  readonly input: string;
}

export interface TimerWorkItem {
  readonly instanceId: string;
  readonly executionId: string;
  readonly timerId: number;
  readonly fireAtMs: number;
}

const keyOf = (item: { instanceId: string; executionId: string }, id: number): string =>
  `${item.instanceId}\n${item.executionId}\n${id}`;

export class WorkQueue {
  private readonly runnable = new Set<string>();
  private readonly activities: ActivityWorkItem[] = [];
  private readonly activityKeys = new Set<string>();
  private readonly timers = new Map<string, TimerWorkItem>();

  constructor(private readonly onWork: () => void = () => undefined) {}

  markRunnable(instanceId: string): void {
    this.runnable.add(instanceId);
    this.onWork();
  }

  /** The next runnable instance that is not `busy` (an instance runs one episode at a time). */
  takeRunnable(busy: ReadonlySet<string>): string | undefined {
    for (const instanceId of this.runnable) {
      if (busy.has(instanceId)) continue;
      this.runnable.delete(instanceId);
      return instanceId;
    }
    return undefined;
  }

  /** Queues an activity unless the same task is already queued or running. */
  enqueueActivity(item: ActivityWorkItem): boolean {
    const key = keyOf(item, item.taskId);
    if (this.activityKeys.has(key)) return false;
    this.activityKeys.add(key);
    this.activities.push(item);
    this.onWork();
    return true;
  }

  takeActivity(): ActivityWorkItem | undefined {
    return this.activities.shift();
  }

  activityFinished(item: ActivityWorkItem): void {
    this.activityKeys.delete(keyOf(item, item.taskId));
  }

  addTimer(item: TimerWorkItem): void {
    this.timers.set(keyOf(item, item.timerId), item);
    this.onWork();
  }

  /** Removes and returns the timers due at `nowMs`, earliest first. */
  takeDueTimers(nowMs: number): TimerWorkItem[] {
    const due = [...this.timers.entries()].filter(([, timer]) => timer.fireAtMs <= nowMs);
    for (const [key] of due) this.timers.delete(key);
    return due.map(([, timer]) => timer).sort((a, b) => a.fireAtMs - b.fireAtMs);
  }

  dropTimersOf(instanceId: string): void {
    for (const [key, timer] of this.timers) if (timer.instanceId === instanceId) this.timers.delete(key);
  }

  earliestTimerMs(): number | undefined {
    let earliest: number | undefined;
    for (const timer of this.timers.values())
      if (earliest === undefined || timer.fireAtMs < earliest) earliest = timer.fireAtMs;
    return earliest;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  hasRunnableWork(busy: ReadonlySet<string>): boolean {
    return this.activities.length > 0 || [...this.runnable].some((instanceId) => !busy.has(instanceId));
  }

  clear(): void {
    this.runnable.clear();
    this.activities.length = 0;
    this.activityKeys.clear();
    this.timers.clear();
  }
}
