/**
 * A token credential per Entra tenant. Every ARM client the automation builds works for exactly one customer tenant
 * (or the CSP's own), so a token issued by one customer's tenant can never reach another customer's subscription.
 * Callers never pick a tenant themselves: `TenantScopeGuard` asks the subscription directory first.
 */
import type { TokenCredential } from '@azure/identity';
import { ScopeViolationError } from '../../errors';
import { BoundedCache, type CacheLimits } from '../boundedCache';

export type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

export interface TenantCredentialProvider {
  /**
   * A credential that only ever asks `tenantId` for tokens. Cached: the same tenant gives the same instance until
   * the cache drops it (least recently used beyond its size, or older than its TTL; see `PerTenantCache`).
   */
  forTenant(tenantId: string): TokenCredential;
}

const TENANT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Tenant ids are GUIDs. Names such as `common` or `organizations` would let Entra pick the tenant, which is exactly
 * what a per-customer credential must never allow.
 */
export function assertTenantId(tenantId: string): string {
  const normalized = tenantId.toLowerCase();
  if (!TENANT_ID_PATTERN.test(normalized)) {
    throw new ScopeViolationError(`"${tenantId}" is not a tenant id (a GUID); refusing to request a token for it`);
  }
  return normalized;
}

/** Credentials kept by default: a worker serving more tenants than this rebuilds the least recently used. */
export const DEFAULT_CREDENTIAL_CACHE: CacheLimits = { maxEntries: 1000, ttlMs: 60 * 60_000 };

export interface PerTenantCacheOptions extends Partial<CacheLimits> {
  /** Time source (tests). */
  readonly now?: () => number;
}

/**
 * One credential per tenant, built on first use and kept within bounds (DEFAULT_CREDENTIAL_CACHE unless configured:
 * `ERCSP_CREDENTIAL_CACHE_SIZE`, `ERCSP_CLIENT_CACHE_TTL`). A credential dropped is built again when next needed; it
 * then asks Entra for a new token, which its predecessor would have done within the hour anyway.
 */
export class PerTenantCache<T extends object> {
  private readonly entries: BoundedCache<T>;

  constructor(
    private readonly build: (tenantId: string) => T,
    options: PerTenantCacheOptions = {},
  ) {
    this.entries = new BoundedCache<T>({
      name: 'credential cache',
      maxEntries: options.maxEntries ?? DEFAULT_CREDENTIAL_CACHE.maxEntries,
      ttlMs: options.ttlMs ?? DEFAULT_CREDENTIAL_CACHE.ttlMs,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  get(tenantId: string): T {
    return this.entries.getOrCreate(assertTenantId(tenantId), this.build);
  }

  get size(): number {
    return this.entries.size;
  }
}
