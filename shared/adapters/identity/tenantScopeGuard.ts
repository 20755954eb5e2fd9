/**
 * The tenant guard: before any token is requested for a scope, the subscription directory must confirm that the
 * subscription belongs to the scope's tenant. A mismatch (a customer id paired with another customer's
 * subscription, a stale request, a typo) is a `ScopeViolationError`, and no credential is even looked up, so a token
 * issued by one customer's tenant is never presented to another customer's subscription.
 */
import type { Scope } from '../../domain/intents';
import { ScopeViolationError } from '../../errors';
import type { SubscriptionDirectory } from '../../ports/customers';
import { BoundedCache } from '../boundedCache';
import type { TenantCredentialProvider, TokenCredential } from './tenantCredentialProvider';

export type TenantScope = Pick<Scope, 'tenantId' | 'subscriptionId'>;

export interface TenantScopeGuardOptions {
  readonly directory: SubscriptionDirectory;
  readonly credentials: TenantCredentialProvider;
  /**
   * How long a confirmed (subscription, tenant) pair is trusted without asking the directory again; default 60 s,
   * 0 to ask every time.
   */
  readonly confirmationTtlMs?: number;
  /** Confirmed pairs kept at most (least recently used dropped first); default 10,000. */
  readonly confirmationCacheSize?: number;
  /** Time source for the confirmation cache (tests). */
  readonly now?: () => number;
}

export const DEFAULT_CONFIRMATION_TTL_MS = 60_000;
export const DEFAULT_CONFIRMATION_CACHE_SIZE = 10_000;

export class TenantScopeGuard {
  /** Confirmed `tenant/subscription` pairs; undefined when confirmations are not cached (TTL 0). */
  private readonly confirmed: BoundedCache<true> | undefined;

  constructor(private readonly options: TenantScopeGuardOptions) {
    const ttlMs = options.confirmationTtlMs ?? DEFAULT_CONFIRMATION_TTL_MS;
    this.confirmed =
      ttlMs === 0
        ? undefined
        : new BoundedCache<true>({
            name: 'tenant confirmation cache',
            maxEntries: options.confirmationCacheSize ?? DEFAULT_CONFIRMATION_CACHE_SIZE,
            ttlMs,
            ...(options.now === undefined ? {} : { now: options.now }),
          });
  }

  /** Confirmed pairs held (expired ones not yet dropped included). */
  get confirmedCount(): number {
    return this.confirmed?.size ?? 0;
  }

  /** Throws `ScopeViolationError` unless the directory says the subscription belongs to the tenant. */
  async verify(scope: TenantScope): Promise<void> {
    const subscriptionId = scope.subscriptionId.toLowerCase();
    const tenantId = scope.tenantId.toLowerCase();
    const key = `${tenantId}/${subscriptionId}`;
    if (this.confirmed?.get(key) === true) return;

    const owner = (await this.options.directory.tenantOfSubscription(subscriptionId))?.toLowerCase();
    if (owner === undefined) {
      throw new ScopeViolationError(
        `subscription ${scope.subscriptionId} belongs to no registered customer and is not one of the CSP's own; no token is requested for it`,
      );
    }
    if (owner !== tenantId) {
      throw new ScopeViolationError(
        `subscription ${scope.subscriptionId} belongs to tenant ${owner}, not to tenant ${scope.tenantId}; a token from one tenant is never used on another tenant's subscription`,
      );
    }
    this.confirmed?.set(key, true);
  }

  /** The tenant's credential, only after `verify` passed. */
  async credentialFor(scope: TenantScope): Promise<TokenCredential> {
    await this.verify(scope);
    return this.options.credentials.forTenant(scope.tenantId);
  }
}
