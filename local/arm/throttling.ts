/**
 * ARM's throttling: a token bucket per subscription and operation kind (reads 250 burst refilled 25/s, writes and
 * deletes 200 refilled 10/s), refilled on the simulator's clock. Every ARM response carries the remaining budget in
 * `x-ms-ratelimit-remaining-subscription-{reads|writes|deletes}`; an empty bucket answers 429
 * `SubscriptionRequestsThrottled` with `Retry-After`. Disabled throttling still reports the header but never spends.
 */
import type { Clock } from '../clock';

export type BucketKind = 'reads' | 'writes' | 'deletes';

export interface BucketOptions {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface ThrottlingOptions {
  readonly reads?: Partial<BucketOptions>;
  readonly writes?: Partial<BucketOptions>;
  readonly deletes?: Partial<BucketOptions>;
}

export const DEFAULT_BUCKETS: Readonly<Record<BucketKind, BucketOptions>> = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type ThrottleOutcome =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly remaining: 0; readonly waitMs: number };

export class SubscriptionThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limits: Record<BucketKind, BucketOptions>;
  private enabled: boolean;

  constructor(
    private readonly clock: Clock,
    options: boolean | ThrottlingOptions | undefined,
  ) {
    this.enabled = options !== false;
    const custom = typeof options === 'object' ? options : {};
    this.limits = {
      reads: { ...DEFAULT_BUCKETS.reads, ...custom.reads },
      writes: { ...DEFAULT_BUCKETS.writes, ...custom.writes },
      deletes: { ...DEFAULT_BUCKETS.deletes, ...custom.deletes },
    };
  }

  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
  }

  /** Spends one token (when enabled) and says whether the request may go on. */
  take(subscriptionId: string, kind: BucketKind): ThrottleOutcome {
    const limit = this.limits[kind];
    const bucket = this.refill(subscriptionId, kind);
    if (!this.enabled) return { allowed: true, remaining: Math.floor(bucket.tokens) };
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    const waitMs = Math.ceil(((1 - bucket.tokens) / limit.refillPerSecond) * 1000);
    return { allowed: false, remaining: 0, waitMs };
  }

  private refill(subscriptionId: string, kind: BucketKind): Bucket {
    const limit = this.limits[kind];
    const key = `${subscriptionId.toLowerCase()}|${kind}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.capacity, updatedAt: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + elapsedSeconds * limit.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}
