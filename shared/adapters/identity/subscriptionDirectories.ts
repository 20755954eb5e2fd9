/**
 * Subscription directories for the tenant guard. The customer registry (Table storage) is the real one for customer
 * subscriptions; the CSP's own subscriptions (where connect-through circuits live) are configuration and map to the
 * CSP's tenant.
 */
import type { SubscriptionDirectory } from '../../ports/customers';

export type { SubscriptionDirectory } from '../../ports/customers';

/** A fixed map from subscription to tenant (configuration, tests). Case-insensitive. */
export class StaticSubscriptionDirectory implements SubscriptionDirectory {
  private readonly tenants = new Map<string, string>();

  constructor(entries: Readonly<Record<string, string>> | Iterable<readonly [string, string]> = {}) {
    const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [subscriptionId, tenantId] of pairs) this.set(subscriptionId, tenantId);
  }

  set(subscriptionId: string, tenantId: string): void {
    this.tenants.set(subscriptionId.toLowerCase(), tenantId.toLowerCase());
  }

  tenantOfSubscription(subscriptionId: string): Promise<string | undefined> {
    return Promise.resolve(this.tenants.get(subscriptionId.toLowerCase()));
  }
}

export interface CspSubscriptionDirectoryOptions {
  readonly cspTenantId: string;
  /** The CSP's own subscriptions (connect-through circuits). */
  readonly cspSubscriptionIds: readonly string[];
  /** Customer subscriptions: the customer registry. */
  readonly customers: SubscriptionDirectory;
}

/** The CSP's own subscriptions first (they belong to no customer), then the customer registry. */
export class CspSubscriptionDirectory implements SubscriptionDirectory {
  private readonly cspTenantId: string;
  private readonly cspSubscriptions: ReadonlySet<string>;

  constructor(private readonly options: CspSubscriptionDirectoryOptions) {
    this.cspTenantId = options.cspTenantId.toLowerCase();
    this.cspSubscriptions = new Set(options.cspSubscriptionIds.map((id) => id.toLowerCase()));
  }

  async tenantOfSubscription(subscriptionId: string): Promise<string | undefined> {
    const key = subscriptionId.toLowerCase();
    if (this.cspSubscriptions.has(key)) return this.cspTenantId;
    return (await this.options.customers.tenantOfSubscription(key))?.toLowerCase();
  }
}
