/**
 * Serializes work per key within this process. Circuit, peering and authorization writes all lock the same NRP
 * resource (the circuit); running them one after another avoids `AnotherOperationInProgress` between activities of
 * one worker. Other workers can still collide: the retry policy handles that.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const normalized = key.toLowerCase();
    const previous = this.tails.get(normalized) ?? Promise.resolve();
    const current = previous.then(work, work);
    const tail = current.catch(() => undefined);
    this.tails.set(normalized, tail);
    try {
      return await current;
    } finally {
      if (this.tails.get(normalized) === tail) this.tails.delete(normalized);
    }
  }
}
