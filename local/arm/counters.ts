/**
 * Request counters, total and per subscription: reads (GET/HEAD), writes (PUT/PATCH/POST), deletes, and LRO polls
 * (GETs of an operation status or result URL, counted apart from reads). Every ARM request that arrives is counted,
 * including those answered with a fault, a throttle or a refusal; control-API calls are not.
 */
export type RequestCategory = 'reads' | 'writes' | 'deletes' | 'polls';

export interface CounterSet {
  reads: number;
  writes: number;
  deletes: number;
  polls: number;
  /** Requests answered 429 by the token bucket. */
  throttled: number;
  /** Requests answered with an injected fault (error, reset or delay). */
  faults: number;
}

export interface Counters {
  readonly total: CounterSet;
  readonly bySubscription: Readonly<Record<string, CounterSet>>;
  /** e.g. `PUT Microsoft.Network/expressRouteCircuits` → 3 (polls appear as `GET operations`). */
  readonly byOperation: Readonly<Record<string, number>>;
}

function emptySet(): CounterSet {
  return { reads: 0, writes: 0, deletes: 0, polls: 0, throttled: 0, faults: 0 };
}

export class RequestCounters {
  private total = emptySet();
  private bySubscription = new Map<string, CounterSet>();
  private byOperation = new Map<string, number>();

  record(category: RequestCategory, subscriptionId: string | undefined, operation: string): void {
    this.bump(subscriptionId, (set) => (set[category] += 1));
    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  recordThrottled(subscriptionId: string | undefined): void {
    this.bump(subscriptionId, (set) => (set.throttled += 1));
  }

  recordFault(subscriptionId: string | undefined): void {
    this.bump(subscriptionId, (set) => (set.faults += 1));
  }

  snapshot(): Counters {
    return {
      total: { ...this.total },
      bySubscription: Object.fromEntries([...this.bySubscription].map(([key, set]) => [key, { ...set }])),
      byOperation: Object.fromEntries(this.byOperation),
    };
  }

  reset(): void {
    this.total = emptySet();
    this.bySubscription = new Map();
    this.byOperation = new Map();
  }

  private bump(subscriptionId: string | undefined, change: (set: CounterSet) => void): void {
    change(this.total);
    if (subscriptionId === undefined) return;
    const key = subscriptionId.toLowerCase();
    const set = this.bySubscription.get(key) ?? emptySet();
    change(set);
    this.bySubscription.set(key, set);
  }
}
