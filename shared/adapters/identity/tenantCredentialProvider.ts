/**
 * A token credential per Entra tenant. Every ARM client the automation builds works for exactly one customer tenant
 * (or the CSP's own), so a token issued by one customer's tenant can never reach another customer's subscription.
 * Callers never pick a tenant themselves: `TenantScopeGuard` asks the subscription directory first.
 */
import type { TokenCredential } from '@azure/identity';
import { ScopeViolationError } from '../../errors';

export type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

export interface TenantCredentialProvider {
  /** A credential that only ever asks `tenantId` for tokens. Cached: the same tenant gives the same instance. */
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

/** One credential per tenant, built on first use. */
export class PerTenantCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly build: (tenantId: string) => T) {}

  get(tenantId: string): T {
    const key = assertTenantId(tenantId);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.build(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  get size(): number {
    return this.entries.size;
  }
}
