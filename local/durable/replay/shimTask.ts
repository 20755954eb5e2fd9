/**
 * A .NET Task as the extension's orchestration shim sees it, reduced to what matters for replay: it settles once, and
 * continuations run synchronously (DTFx runs orchestrator code on a synchronous scheduler while it walks history).
 */
export type ShimTaskState = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export class ShimTask {
  private current: ShimTaskState = 'pending';
  private continuations: (() => void)[] = [];

  get state(): ShimTaskState {
    return this.current;
  }

  get settled(): boolean {
    return this.current !== 'pending';
  }

  settle(state: Exclude<ShimTaskState, 'pending'>): void {
    if (this.settled) return;
    this.current = state;
    const continuations = this.continuations;
    this.continuations = [];
    for (const continuation of continuations) continuation();
  }

  /** Runs `continuation` when settled (at once if already settled). */
  then(continuation: () => void): void {
    if (this.settled) continuation();
    else this.continuations.push(continuation);
  }

  static completed(): ShimTask {
    const task = new ShimTask();
    task.settle('succeeded');
    return task;
  }

  /** Task.WhenAll: settles when every child has; succeeds only if all did. */
  static whenAll(children: readonly ShimTask[]): ShimTask {
    const all = new ShimTask();
    let remaining = children.length;
    const onChildSettled = (): void => {
      remaining -= 1;
      if (remaining > 0) return;
      const failed = children.some((child) => child.state === 'failed');
      const cancelled = children.some((child) => child.state === 'cancelled');
      all.settle(failed ? 'failed' : cancelled ? 'cancelled' : 'succeeded');
    };
    if (remaining === 0) all.settle('succeeded');
    for (const child of children) child.then(onChildSettled);
    return all;
  }

  /** Task.WhenAny: settles (successfully) when the first child settles, whatever its outcome. */
  static whenAny(children: readonly ShimTask[]): ShimTask {
    const any = new ShimTask();
    for (const child of children)
      child.then(() => {
        any.settle('succeeded');
      });
    return any;
  }
}
