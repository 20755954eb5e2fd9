/**
 * The customer registry: which customers the automation manages, in which tenant, on which subscriptions, and how
 * far each one has got. Implemented by `shared/adapters/tables/customerRegistry.ts` (Azure Table storage).
 *
 * The registry is also the `SubscriptionDirectory` the credential guard consults: a customer's allow-listed
 * subscriptions map to its tenant, and a subscription belongs to at most one customer.
 */
import type { Customer, CustomerSpec, OwnershipModel } from '../domain/spec';
import { ErrorCodes } from '../errors';

export const CUSTOMER_STATUSES = [
  'Onboarding',
  'Active',
  'Changing',
  'Decommissioning',
  'Decommissioned',
  'Failed',
] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/** Error codes (`AppError.code`) the registry throws. None is retryable: each one needs a different request. */
export const CustomerRegistryErrors = {
  /** The customer id is already registered under another Entra tenant. */
  tenantMismatch: ErrorCodes.customerTenantMismatch,
  /** A subscription on the allow-list already belongs to another customer. */
  subscriptionOwnedByAnotherCustomer: ErrorCodes.subscriptionOwnedByAnotherCustomer,
  /** `setStatus` on a customer that was never registered. */
  notFound: ErrorCodes.customerNotFound,
  /**
   * A registration would release a subscription (drop it from the allow-list) while the customer is not
   * `Decommissioned`: what the automation built for the customer may still be in it.
   */
  subscriptionStillInUse: 'SubscriptionStillInUse',
} as const;

/** What the onboarding request adds to the customer itself: where the circuits live and which VNets are linked. */
export interface RegistrationSummary {
  /** The subscription holding the circuit pair (the CSP's for connect-through, the customer's for connect-to). */
  readonly circuitSubscriptionId: string;
  readonly vnetIds: readonly string[];
  /** The request (CloudEvent id) that registered or last changed the customer. */
  readonly requestId: string;
}

export interface CustomerRecord {
  readonly id: string;
  readonly tenantId: string;
  readonly displayName?: string;
  /** The allow-list, lower-cased, in the order the customer gave it. */
  readonly subscriptions: readonly string[];
  readonly model: OwnershipModel;
  readonly circuitSubscriptionId: string;
  readonly vnetIds: readonly string[];
  readonly status: CustomerStatus;
  /** Why the status was last set, when the caller said (e.g. the failure that made it `Failed`). */
  readonly statusReason?: string;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The request that last changed this record. */
  readonly lastRequestId: string;
  /** Opaque version of the stored row; changes on every write. */
  readonly etag: string;
  /**
   * Where placement put each circuit pair (`recordPlacement`): pair name → subscription id (lower case). Absent when
   * nothing was recorded, as on rows written before placement existed.
   */
  readonly placements?: Readonly<Record<string, string>>;
  /**
   * The customer's desired state as last recorded (`recordSpec`): the onboarding spec, then each change once Azure
   * has it on every circuit it touches. Absent on rows written before specs were recorded.
   */
  readonly spec?: CustomerSpec;
}

/**
 * `spec` with each circuit pair that names no subscription given the one placement recorded for it
 * (`record.placements`, connect-through pairs placed by the automation): the pairs as they were built.
 */
export function withPlacements(spec: CustomerSpec, record: Pick<CustomerRecord, 'placements'>): CustomerSpec {
  const placements = record.placements;
  if (spec.circuitPairs === undefined || placements === undefined) return spec;
  return {
    ...spec,
    circuitPairs: spec.circuitPairs.map((pair) => {
      const placed = Object.hasOwn(placements, pair.name) ? placements[pair.name] : undefined;
      return pair.subscriptionId !== undefined || placed === undefined ? pair : { ...pair, subscriptionId: placed };
    }),
  };
}

export interface RegistrationResult {
  /** True only for the call that created the customer. */
  readonly created: boolean;
  /** True when an existing customer's fields differed and were updated (false for a pure repeat). */
  readonly updated: boolean;
  readonly record: CustomerRecord;
}

export interface StatusDetail {
  readonly requestId: string;
  readonly reason?: string;
}

export interface PageRequest {
  /** Default and maximum: 1000 (one Table storage page). */
  readonly pageSize?: number;
  /** From the previous page; omit for the first page. */
  readonly continuationToken?: string;
  /** Only customers with this status (the token of a filtered page continues the same filter). */
  readonly status?: CustomerStatus;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items follow. */
  readonly continuationToken?: string;
}

/** Maps a subscription to the tenant of the customer that owns it: the credential guard's only question. */
export interface SubscriptionDirectory {
  /** The owning customer's tenant id; undefined when no registered customer lists this subscription. */
  tenantOfSubscription(subscriptionId: string): Promise<string | undefined>;
}

/** The customer that owns a subscription, and its tenant. */
export interface SubscriptionOwner {
  readonly customerId: string;
  readonly tenantId: string;
}

/**
 * Records which subscription placement chose for a customer's circuit pair, so that every later run (a retry, a
 * redelivery, a change) builds the pair where its circuits already are instead of placing it again. Read back in
 * `CustomerRecord.placements`. Kept apart from `CustomerRegistry` so existing implementations stay complete.
 */
export interface CircuitPlacementRegistry {
  /**
   * Idempotent: recording the same subscription again changes nothing. Throws `AppError` `CustomerNotFound` for an
   * unknown customer, and `InvalidArgument` (nothing written) for an empty pair name or subscription id, or when the
   * pair is already placed in another subscription: a pair's circuits stay where they were created. Returns the
   * record as stored.
   */
  recordPlacement(customerId: string, pairName: string, subscriptionId: string): Promise<CustomerRecord>;
}

/**
 * Records the customer's desired state (the spec the sweeps compare Azure against, and day-2 changes start from).
 * Kept apart from `CustomerRegistry` so existing implementations stay complete.
 */
export interface CustomerSpecRegistry {
  /**
   * Idempotent: recording the spec already stored changes nothing. Throws `AppError` `CustomerNotFound` for an unknown
   * customer and `InvalidArgument` (nothing written) when the spec is about another customer or too large for the
   * row. Returns the record as stored.
   */
  recordSpec(customerId: string, spec: CustomerSpec, requestId: string): Promise<CustomerRecord>;
}

export interface CustomerRegistry extends SubscriptionDirectory {
  /**
   * The customer that owns the subscription (a subscription belongs to at most one customer id); undefined when no
   * registered customer lists it. Same rules as `tenantOfSubscription`.
   */
  ownerOfSubscription(subscriptionId: string): Promise<SubscriptionOwner | undefined>;
  /**
   * Idempotent. A new customer is created with status `Onboarding`. Registering an existing customer again changes
   * nothing (`created: false, updated: false`) unless its display name, model, allow-list, circuit subscription or
   * VNets differ, in which case those fields (and `lastRequestId`) are updated; the status is never changed here.
   * Subscriptions that leave the allow-list are released for other customers, but only once the customer is
   * `Decommissioned` (there is no per-subscription teardown yet, so until then something the automation made for
   * the customer may remain in them): before that, such a registration throws `SubscriptionStillInUse` and writes
   * nothing.
   *
   * Throws `AppError` `CustomerTenantMismatch` when the id is registered under another tenant, and
   * `SubscriptionOwnedByAnotherCustomer` when an allow-listed subscription belongs to another customer; in both
   * cases nothing is written.
   */
  register(customer: Customer, summary: RegistrationSummary): Promise<RegistrationResult>;
  get(customerId: string): Promise<CustomerRecord | undefined>;
  /**
   * Sets the lifecycle status and its reason (no reason given: the previous one is cleared), with optimistic
   * concurrency: after a concurrent write the row is re-read and the status re-applied. Throws `CustomerNotFound`
   * for an unknown customer. Returns the record as written.
   */
  setStatus(customerId: string, status: CustomerStatus, detail?: StatusDetail): Promise<CustomerRecord>;
  /**
   * Releases a `Decommissioned` customer's subscriptions for other customers (their ownership rows go; the record
   * keeps its allow-list as history). Idempotent; returns the subscriptions released now. Throws `CustomerNotFound`
   * for an unknown customer and `SubscriptionStillInUse` unless the customer is `Decommissioned`. Optional: a
   * registry without it keeps the subscriptions bound.
   */
  releaseSubscriptions?(customerId: string): Promise<readonly string[]>;
  /** Customers in id order, one page at a time. */
  list(page?: PageRequest): Promise<Page<CustomerRecord>>;
}
