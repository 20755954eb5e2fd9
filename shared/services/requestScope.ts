/**
 * Scope checks that need the customer registry, made on receipt before anything is started: a request may name only
 * subscriptions that belong to its own customer id (or to nobody yet), whatever the tenant (a subscription belongs
 * to at most one customer id, even among customers of one tenant), and a known customer id keeps its tenant.
 * A request for customer A that names a subscription of customer B is refused here, with the field path of that
 * subscription, so that no orchestration runs and no ARM call is made for it.
 */
import { circuitPairsOf } from '../domain/pairs';
import { parseArmId } from '../domain/naming';
import type { CustomerSpec } from '../domain/spec';
import type { ValidationIssue } from '../errors';
import type { CustomerRegistry } from '../ports/customers';

export const SCOPE_RULES = {
  /** A named subscription is allow-listed by another customer id (in this tenant or another). */
  subscriptionOfAnotherCustomer: 'scope.subscription-of-another-customer',
  /** A subscription would leave a customer's allow-list before the customer is decommissioned. */
  subscriptionKeptUntilDecommissioned: 'scope.subscription-kept-until-decommissioned',
  /** A registered customer id is asked for under a different tenant. */
  customerKeepsTenant: 'scope.customer-keeps-tenant',
  /** A change or decommission names a customer the automation does not manage. */
  customerRegistered: 'customer.registered',
} as const;

export type ScopeRegistry = Pick<CustomerRegistry, 'get' | 'ownerOfSubscription'>;

/** A subscription a request names, with the field path that names it. */
export interface NamedSubscription {
  readonly path: string;
  readonly subscriptionId: string;
}

/** Every subscription an onboarding spec names: the allow-list, the circuits', and those inside VNet/gateway ids. */
export function subscriptionsNamedBy(spec: CustomerSpec, prefix = 'data'): NamedSubscription[] {
  const fromArmId = (path: string, id: string | undefined): NamedSubscription[] =>
    id === undefined ? [] : [{ path, subscriptionId: parseArmId(id).subscriptionId }];
  return [
    ...spec.customer.subscriptions.map((subscriptionId, index) => ({
      path: `${prefix}.customer.subscriptions[${index}]`,
      subscriptionId,
    })),
    ...circuitPairsOf(spec).flatMap((pair) =>
      pair.subscriptionId === undefined
        ? []
        : [{ path: `${prefix}.${pair.path}.subscriptionId`, subscriptionId: pair.subscriptionId }],
    ),
    ...spec.vnetLinks.flatMap((link, index) => [
      ...fromArmId(`${prefix}.vnetLinks[${index}].vnetId`, link.vnetId),
      ...fromArmId(`${prefix}.vnetLinks[${index}].gateway.id`, link.gateway.id),
    ]),
    ...spec.routeTables.flatMap((table, index) => fromArmId(`${prefix}.routeTables[${index}].vnetId`, table.vnetId)),
    ...spec.networkSecurityGroups.flatMap((nsg, index) =>
      fromArmId(`${prefix}.networkSecurityGroups[${index}].vnetId`, nsg.vnetId),
    ),
  ];
}

function sameTenant(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The scope violations of an onboarding spec: each subscription it names that another customer id owns (whatever its
 * tenant), and a tenant change of a registered customer id. Each distinct subscription is looked up once.
 */
export async function onboardingScopeIssues(
  spec: CustomerSpec,
  registry: ScopeRegistry,
  prefix = 'data',
): Promise<ValidationIssue[]> {
  const named = subscriptionsNamedBy(spec, prefix);
  const distinct = [...new Set(named.map((entry) => entry.subscriptionId.toLowerCase()))];
  const [existing, ...owners] = await Promise.all([
    registry.get(spec.customer.id),
    ...distinct.map((subscriptionId) => registry.ownerOfSubscription(subscriptionId)),
  ]);
  const ownerOf = new Map(distinct.map((subscriptionId, index) => [subscriptionId, owners[index]]));
  const tenantId = spec.customer.tenantId;

  const issues: ValidationIssue[] = [];
  if (existing !== undefined && !sameTenant(existing.tenantId, tenantId)) {
    issues.push({
      path: `${prefix}.customer.tenantId`,
      rule: SCOPE_RULES.customerKeepsTenant,
      message: `customer "${spec.customer.id}" is registered under another Entra tenant; a customer id cannot move between tenants`,
    });
  }
  if (existing?.status !== undefined && existing.status !== 'Decommissioned') {
    const requested = new Set(spec.customer.subscriptions.map((subscriptionId) => subscriptionId.toLowerCase()));
    const leaving = existing.subscriptions.filter((subscriptionId) => !requested.has(subscriptionId.toLowerCase()));
    if (leaving.length > 0) {
      issues.push({
        path: `${prefix}.customer.subscriptions`,
        rule: SCOPE_RULES.subscriptionKeptUntilDecommissioned,
        message: `customer "${spec.customer.id}" already has subscription${leaving.length > 1 ? 's' : ''} ${leaving.join(', ')}; a subscription leaves a customer only once the customer is decommissioned (what the automation made for it may remain there)`,
      });
    }
  }
  for (const { path, subscriptionId } of named) {
    const owner = ownerOf.get(subscriptionId.toLowerCase());
    if (owner === undefined || owner.customerId === spec.customer.id) continue;
    const where = sameTenant(owner.tenantId, tenantId)
      ? 'another customer in the same tenant'
      : "another customer's tenant";
    issues.push({
      path,
      rule: SCOPE_RULES.subscriptionOfAnotherCustomer,
      message: `subscription ${subscriptionId} belongs to ${where}; a subscription belongs to one customer id, and a request may only touch its own customer's subscriptions`,
    });
  }
  return issues;
}

/** A request about an existing customer (bandwidth change, decommission) must name one the registry knows. */
/** Why a change or decommission is refused when its customer is not in the registry. */
export function unregisteredCustomerIssues(customerId: string, path = 'data.customerId'): ValidationIssue[] {
  return [
    {
      path,
      rule: SCOPE_RULES.customerRegistered,
      message: `customer "${customerId}" is not managed by this automation (it was never onboarded)`,
    },
  ];
}
