/**
 * Construction options of `ArmNetworkAdapter`, and their defaults. Configuration maps onto them one to one:
 * ARM endpoint (sovereign clouds, private endpoints, the local simulator), extra CA, LRO poll interval, retries.
 */
import type { SubscriptionDirectory, TenantCredentialProvider } from '../identity';
import type { ReadAfterWriteOptions } from './armContext';
import { DEFAULT_ARM_RETRY_OPTIONS } from './armRetryPolicy';
import type { ArmRetryOptions, RetryEvent } from './armRetryPolicy';
import { PUBLIC_CLOUD_ARM_ENDPOINT } from './armClientFactory';
import { DEFAULT_MANAGED_TAG } from './ownership';
import { businessRetriesWithin, resolveRetryBudget } from './retryBudget';
import type { ManagedTag } from './ownership';
import type { SecretResolver } from '../../ports/secrets';
import type { CacheLimits } from '../boundedCache';
import type { Sleep } from './sleep';
import { sleep } from './sleep';

export interface ArmNetworkAdapterOptions {
  /** ARM endpoint, https only. Default `https://management.azure.com`; e.g. `https://management.usgovcloudapi.net`. */
  readonly endpoint?: string;
  /** Token audience when it differs from the endpoint (e.g. a private endpoint or simulator that expects the public one). */
  readonly audience?: string;
  /** One credential per tenant. */
  readonly credentials: TenantCredentialProvider;
  /** Which tenant each subscription belongs to (customer registry + the CSP's own subscriptions). */
  readonly subscriptions: SubscriptionDirectory;
  /** Extra trust for a private endpoint or the local simulator: a PEM CA, added to the public roots. */
  readonly tls?: { readonly caPem?: string };
  /** LRO poll interval when ARM sends no Retry-After (default 2000 ms, as the SDK). */
  readonly pollIntervalMs?: number;
  /**
   * Per-request retries (the adapter's pipeline policy): `maxRetries` is the budget's transport retries,
   * `maxBusinessRetries` its business retries (default: what fits; more than fits is refused, see retryBudget.ts).
   */
  readonly retry?: Partial<ArmRetryOptions>;
  /** Attempts of a whole operation whose calls were answered but which failed retryably (default 3). */
  readonly operationAttempts?: number;
  /**
   * GETs of a resource an ensure found mid-operation (Updating, Creating, Deleting) before giving up on seeing it
   * settle, one every `settleIntervalMs` (default 30).
   */
  readonly settleAttempts?: number;
  /** Time between those GETs (default `pollIntervalMs`). */
  readonly settleIntervalMs?: number;
  /** GETs after a write until it is visible and shows what was written (default 5 × pollIntervalMs). */
  readonly readAfterWrite?: Partial<ReadAfterWriteOptions>;
  /** The ownership tag (default `managed-by=expressroute-csp`). */
  readonly managedTag?: ManagedTag;
  /** Resolves MD5 key references of peerings. Required as soon as a peering has `md5Key`. */
  readonly secrets?: SecretResolver;
  /** How long the tenant guard trusts a confirmed subscription → tenant answer (default 60 s). */
  readonly guardConfirmationTtlMs?: number;
  /** Confirmed subscription → tenant answers the guard keeps at most (default 10,000). */
  readonly guardConfirmationCacheSize?: number;
  /** Bounds of the ARM client cache, one client per (tenant, subscription) (default DEFAULT_ARM_CLIENT_CACHE). */
  readonly clientCache?: Partial<CacheLimits>;
  /** Time source of the client and confirmation caches (tests). */
  readonly cacheClock?: () => number;
  /** Observability: every retry of a request. */
  readonly onRetry?: (event: RetryEvent) => void;
  /** Tests: time and randomness. */
  readonly sleep?: Sleep;
  readonly random?: () => number;
}

export interface ResolvedArmNetworkAdapterOptions {
  readonly endpoint: string;
  readonly pollIntervalMs: number;
  readonly retry: ArmRetryOptions;
  readonly operationAttempts: number;
  readonly readAfterWrite: ReadAfterWriteOptions;
  readonly settle: { readonly attempts: number; readonly intervalMs: number };
  readonly managedTag: ManagedTag;
  readonly sleep: Sleep;
}

export const DEFAULT_POLL_INTERVAL_MS = 2000;
export const DEFAULT_OPERATION_ATTEMPTS = 3;
export const DEFAULT_READ_AFTER_WRITE_ATTEMPTS = 5;
export const DEFAULT_SETTLE_ATTEMPTS = 30;

export function resolveOptions(options: ArmNetworkAdapterOptions): ResolvedArmNetworkAdapterOptions {
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const requested: ArmRetryOptions = { ...DEFAULT_ARM_RETRY_OPTIONS, ...options.retry };
  const budget = resolveRetryBudget(
    requested.maxRetries,
    options.retry?.maxBusinessRetries ?? businessRetriesWithin(requested.maxRetries),
  );
  const retry: ArmRetryOptions = { ...requested, maxBusinessRetries: budget.businessRetries };
  for (const [name, value] of Object.entries({ pollIntervalMs, ...retry })) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`ARM adapter option ${name} must be a non-negative number, got ${String(value)}`);
    }
  }
  return {
    endpoint: options.endpoint ?? PUBLIC_CLOUD_ARM_ENDPOINT,
    pollIntervalMs,
    retry,
    operationAttempts: Math.max(1, options.operationAttempts ?? DEFAULT_OPERATION_ATTEMPTS),
    readAfterWrite: {
      attempts: Math.max(1, options.readAfterWrite?.attempts ?? DEFAULT_READ_AFTER_WRITE_ATTEMPTS),
      intervalMs: options.readAfterWrite?.intervalMs ?? pollIntervalMs,
    },
    settle: {
      attempts: Math.max(1, options.settleAttempts ?? DEFAULT_SETTLE_ATTEMPTS),
      intervalMs: options.settleIntervalMs ?? pollIntervalMs,
    },
    managedTag: options.managedTag ?? DEFAULT_MANAGED_TAG,
    sleep: options.sleep ?? sleep,
  };
}
