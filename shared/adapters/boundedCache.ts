/**
 * A cache with a size bound and an age bound, for what long-lived workers build per tenant or per subscription (ARM
 * clients, credentials, tenant confirmations): without both, a worker that has served thousands of customers keeps
 * every one of them in memory for as long as it lives. The least recently used entry goes first once `maxEntries`
 * is reached; any entry goes once it is older than `ttlMs`, counted from when it was stored (reading it does not
 * make it younger, so a confirmation is asked for again however often it is used). Backed by `lru-cache`.
 */
import { LRUCache } from 'lru-cache';

export interface CacheLimits {
  /** Entries kept at most; the least recently used is dropped to make room. */
  readonly maxEntries: number;
  /** An entry older than this, in milliseconds, is no longer returned. */
  readonly ttlMs: number;
}

export interface BoundedCacheOptions extends CacheLimits {
  /** What the cache holds, for error messages (e.g. `ARM client cache`). */
  readonly name: string;
  /** Time source (tests); defaults to `Date.now`. */
  readonly now?: () => number;
}

/** Throws a RangeError naming the cache and the limit unless both limits are positive integers. */
export function assertCacheLimits(name: string, limits: CacheLimits): void {
  for (const [field, value] of Object.entries({ maxEntries: limits.maxEntries, ttlMs: limits.ttlMs })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name}: ${field} must be a positive integer, got ${String(value)}`);
    }
  }
}

export class BoundedCache<V extends object | string | number | boolean> {
  private readonly entries: LRUCache<string, V>;

  constructor(options: BoundedCacheOptions) {
    assertCacheLimits(options.name, options);
    const now = options.now ?? Date.now;
    this.entries = new LRUCache<string, V>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      // Read the clock on every check (the default caches it for 1 ms behind a timer, which an injected clock defeats).
      ttlResolution: 0,
      perf: { now },
    });
  }

  /** The entry, unless it was never stored, was dropped for room, or is older than `ttlMs`. */
  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
  }

  /** The entry, built and stored when missing (or expired). */
  getOrCreate(key: string, build: (key: string) => V): V {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const built = build(key);
    this.entries.set(key, built);
    return built;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Entries held, expired ones not yet dropped included (they go when read or when room is needed). */
  get size(): number {
    return this.entries.size;
  }
}
