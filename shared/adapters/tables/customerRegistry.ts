/**
 * `CustomerRegistry` on Azure Table storage.
 *
 * Table `{prefix}Customers`, two kinds of rows:
 * - customer:          PartitionKey `customer`,               RowKey `{customerId}` (key-encoded)
 * - subscription index: PartitionKey `sub:{subscriptionId}`,   RowKey `owner` → { customerId, tenantId, claimedAt }
 * The customer row's optional `placements` (JSON: circuit pair name → subscription id) records placement's choices;
 * rows without it read as having none.
 *
 * Table storage has no transaction across partitions, so registration orders its writes so that every crash leaves
 * a state the next registration repairs, and that never maps a subscription to a wrong tenant:
 * 1. claim each allow-listed subscription (insert its index row; 409 → read it: ours is fine, another customer's is
 *    refused);
 * 2. insert or update the customer row (ETag);
 * 3. release the index rows of subscriptions that left the allow-list.
 * A refusal or failure in 1-2 deletes the index rows this call inserted (with their ETags). `tenantOfSubscription`
 * reads the index row *and* the owner's customer row, and answers only when the owner still lists the
 * subscription, so a claim left behind by a crash between 1 and 2 grants nothing. Such an orphan claim (its owner
 * does not list the subscription) may be taken over by another customer once it is older than a grace period that
 * covers any registration still in flight.
 */
import { odata } from './odata';
import { AppError, ErrorCodes } from '../../errors';
import { CustomerSpecSchema, type Customer, type CustomerSpec } from '../../domain/spec';
import {
  CUSTOMER_STATUSES,
  CustomerRegistryErrors,
  type CircuitPlacementRegistry,
  type CustomerRecord,
  type CustomerRegistry,
  type CustomerSpecRegistry,
  type CustomerStatus,
  type Page,
  type PageRequest,
  type RegistrationResult,
  type RegistrationSummary,
  type StatusDetail,
  type SubscriptionOwner,
} from '../../ports/customers';
import {
  type AdapterOptions,
  type Clock,
  type StoredEntity,
  type TableHandle,
  decodeKey,
  definedOnly,
  encodeKey,
  tableKey,
  isNotFound,
  isPreconditionFailed,
  isoNow,
  readEntity,
  requiredStr,
  retryAfterConflict,
  str,
  stringArray,
  systemClock,
  withOptimisticRetry,
} from './tableSupport';

const CUSTOMER_PARTITION = 'customer';
const SUBSCRIPTION_PARTITION_PREFIX = 'sub:';
const OWNER_ROW = 'owner';
const MAX_PAGE_SIZE = 1000;
/** A Table storage string property holds 64 KiB of UTF-16: 32,768 characters. */
const MAX_SPEC_CHARACTERS = 32_000;

export interface CustomerRegistryOptions extends AdapterOptions {
  /** How old a claim whose owner does not list the subscription must be before another customer may take it. */
  readonly orphanClaimGraceMs?: number;
}

interface CustomerRow {
  tenantId: string;
  displayName?: string;
  subscriptions: string;
  model: string;
  circuitSubscriptionId: string;
  vnetIds: string;
  status: string;
  statusReason?: string;
  createdAt: string;
  updatedAt: string;
  lastRequestId: string;
  /** JSON object: circuit pair name → subscription id. Absent until a placement is recorded. */
  placements?: string;
  /** JSON: the customer's desired spec (`recordSpec`). Absent until one is recorded. */
  spec?: string;
}

interface ClaimRow {
  customerId: string;
  tenantId: string;
  claimedAt: string;
}

interface Claim {
  readonly subscriptionId: string;
  readonly etag: string;
}

export class TableCustomerRegistry implements CustomerRegistry, CircuitPlacementRegistry, CustomerSpecRegistry {
  private readonly clock: Clock;
  private readonly orphanClaimGraceMs: number;

  constructor(
    private readonly table: TableHandle,
    options: CustomerRegistryOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.orphanClaimGraceMs = options.orphanClaimGraceMs ?? 15 * 60 * 1000;
  }

  async register(customer: Customer, summary: RegistrationSummary): Promise<RegistrationResult> {
    await this.table.ready();
    const tenantId = customer.tenantId.toLowerCase();
    const subscriptions = unique(customer.subscriptions.map((s) => s.toLowerCase()));
    const existing = await this.readCustomer(customer.id);
    if (existing) {
      assertSameTenant(existing, tenantId);
      assertNoReleaseBeforeDecommission(existing, subscriptions);
    }

    const inserted: Claim[] = [];
    let outcome: { result: RegistrationResult; previousSubscriptions: readonly string[] };
    try {
      for (const subscriptionId of subscriptions) {
        const claim = await this.claim(subscriptionId, customer.id, tenantId);
        if (claim) inserted.push(claim);
      }
      outcome = await this.writeCustomer(customer, tenantId, subscriptions, summary);
    } catch (error) {
      await Promise.allSettled(inserted.map((claim) => this.deleteClaim(claim)));
      throw error;
    }
    const dropped = outcome.previousSubscriptions.filter((s) => !subscriptions.includes(s));
    await Promise.all(dropped.map((s) => this.release(s, customer.id)));
    return outcome.result;
  }

  async releaseSubscriptions(customerId: string): Promise<readonly string[]> {
    await this.table.ready();
    const record = await this.readCustomer(customerId);
    if (record === undefined)
      throw new AppError(CustomerRegistryErrors.notFound, `customer ${customerId} is not registered`);
    if (record.status !== 'Decommissioned') {
      throw new AppError(
        CustomerRegistryErrors.subscriptionStillInUse,
        `customer ${customerId} is ${record.status}; its subscriptions are released only once it is Decommissioned`,
      );
    }
    const released: string[] = [];
    for (const subscriptionId of record.subscriptions) {
      const owner = await readEntity(this.table.client, subscriptionPartition(subscriptionId), OWNER_ROW);
      if (owner && str(owner, 'customerId') === customerId) {
        await this.release(subscriptionId, customerId);
        released.push(subscriptionId);
      }
    }
    return released;
  }

  async get(customerId: string): Promise<CustomerRecord | undefined> {
    await this.table.ready();
    return this.readCustomer(customerId);
  }

  async setStatus(customerId: string, status: CustomerStatus, detail?: StatusDetail): Promise<CustomerRecord> {
    await this.table.ready();
    return withOptimisticRetry(`setStatus(${customerId})`, async () => {
      const entity = await readEntity(this.table.client, CUSTOMER_PARTITION, encodeKey(customerId));
      if (!entity) throw new AppError(CustomerRegistryErrors.notFound, `customer ${customerId} is not registered`);
      const current = toRecord(entity);
      const lastRequestId = detail?.requestId ?? current.lastRequestId;
      const reason = detail?.reason;
      if (current.status === status && current.statusReason === reason && current.lastRequestId === lastRequestId) {
        return current;
      }
      const row: CustomerRow = {
        ...rowOf(current),
        status,
        statusReason: reason,
        lastRequestId,
        updatedAt: isoNow(this.clock),
      };
      try {
        const response = await this.table.client.updateEntity(this.entity(customerId, row), 'Replace', {
          etag: entity.etag,
        });
        return toRecord({
          ...row,
          partitionKey: CUSTOMER_PARTITION,
          rowKey: encodeKey(customerId),
          etag: response.etag ?? '',
        });
      } catch (error) {
        return retryAfterConflict(error);
      }
    });
  }

  async recordPlacement(customerId: string, pairName: string, subscriptionId: string): Promise<CustomerRecord> {
    const problems = [
      ...(pairName.trim() === '' ? ['pairName must name the circuit pair'] : []),
      ...(subscriptionId.trim() === '' ? ['subscriptionId must be a subscription id'] : []),
    ];
    if (problems.length > 0) {
      throw new AppError(ErrorCodes.invalidArgument, `recordPlacement(${customerId}): ${problems.join('; ')}`);
    }
    const subscription = subscriptionId.toLowerCase();
    await this.table.ready();
    return withOptimisticRetry(`recordPlacement(${customerId}, ${pairName})`, async () => {
      const entity = await readEntity(this.table.client, CUSTOMER_PARTITION, encodeKey(customerId));
      if (!entity) throw new AppError(CustomerRegistryErrors.notFound, `customer ${customerId} is not registered`);
      const current = toRecord(entity);
      const placed =
        current.placements !== undefined && Object.hasOwn(current.placements, pairName)
          ? current.placements[pairName]
          : undefined;
      if (placed === subscription) return current;
      if (placed !== undefined) {
        throw new AppError(
          ErrorCodes.invalidArgument,
          `circuit pair ${pairName} of customer ${customerId} is already placed in subscription ${placed}, not ${subscription}: a pair's circuits stay where they were created`,
        );
      }
      const placements = { ...current.placements, [pairName]: subscription };
      const row: CustomerRow = {
        ...rowOf(current),
        placements: JSON.stringify(placements),
        updatedAt: isoNow(this.clock),
      };
      try {
        const response = await this.table.client.updateEntity(this.entity(customerId, row), 'Replace', {
          etag: entity.etag,
        });
        return toRecord({ ...this.entity(customerId, row), etag: response.etag ?? '' });
      } catch (error) {
        return retryAfterConflict(error);
      }
    });
  }

  async recordSpec(customerId: string, spec: CustomerSpec, requestId: string): Promise<CustomerRecord> {
    const text = JSON.stringify(spec);
    const problems = [
      ...(spec.customer.id === customerId ? [] : [`the spec is for customer ${spec.customer.id}`]),
      ...(text.length <= MAX_SPEC_CHARACTERS
        ? []
        : [`the spec is ${text.length} characters; a Table storage string holds at most ${MAX_SPEC_CHARACTERS}`]),
    ];
    if (problems.length > 0) {
      throw new AppError(ErrorCodes.invalidArgument, `recordSpec(${customerId}): ${problems.join('; ')}`);
    }
    await this.table.ready();
    return withOptimisticRetry(`recordSpec(${customerId})`, async () => {
      const entity = await readEntity(this.table.client, CUSTOMER_PARTITION, encodeKey(customerId));
      if (!entity) throw new AppError(CustomerRegistryErrors.notFound, `customer ${customerId} is not registered`);
      const current = toRecord(entity);
      if (str(entity, 'spec') === text) return current;
      const row: CustomerRow = {
        ...rowOf(current),
        spec: text,
        lastRequestId: requestId,
        updatedAt: isoNow(this.clock),
      };
      try {
        const response = await this.table.client.updateEntity(this.entity(customerId, row), 'Replace', {
          etag: entity.etag,
        });
        return toRecord({ ...this.entity(customerId, row), etag: response.etag ?? '' });
      } catch (error) {
        return retryAfterConflict(error);
      }
    });
  }

  async list(page: PageRequest = {}): Promise<Page<CustomerRecord>> {
    await this.table.ready();
    const pageSize = Math.min(Math.max(1, page.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE);
    const pages = this.table.client
      .listEntities({
        queryOptions: {
          filter:
            page.status === undefined
              ? odata`PartitionKey eq ${CUSTOMER_PARTITION}`
              : odata`PartitionKey eq ${CUSTOMER_PARTITION} and status eq ${page.status}`,
        },
      })
      .byPage({
        maxPageSize: pageSize,
        ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
      });
    const first = await pages.next();
    if (first.done === true) return { items: [] };
    const items = first.value.map((entity) => toRecord(entity));
    return first.value.continuationToken ? { items, continuationToken: first.value.continuationToken } : { items };
  }

  async tenantOfSubscription(subscriptionId: string): Promise<string | undefined> {
    return (await this.ownerOfSubscription(subscriptionId))?.tenantId;
  }

  async ownerOfSubscription(subscriptionId: string): Promise<SubscriptionOwner | undefined> {
    await this.table.ready();
    const normalized = subscriptionId.toLowerCase();
    const claim = await readEntity(this.table.client, subscriptionPartition(normalized), OWNER_ROW);
    if (!claim) return undefined;
    const owner = await this.readCustomer(requiredStr(claim, 'customerId'));
    // A claim whose owner does not (or no longer, or not yet) list the subscription grants nothing.
    if (!owner?.subscriptions.includes(normalized) || owner.tenantId !== str(claim, 'tenantId')) return undefined;
    return { customerId: owner.id, tenantId: owner.tenantId };
  }

  /** Claims one subscription; returns the claim when this call inserted (or took over) its index row. */
  private async claim(subscriptionId: string, customerId: string, tenantId: string): Promise<Claim | undefined> {
    const row: ClaimRow = { customerId, tenantId, claimedAt: isoNow(this.clock) };
    const entity = { partitionKey: subscriptionPartition(subscriptionId), rowKey: OWNER_ROW, ...row };
    return withOptimisticRetry(`claim(${subscriptionId})`, async () => {
      const current = await readEntity(this.table.client, entity.partitionKey, OWNER_ROW);
      try {
        if (!current) {
          const response = await this.table.client.createEntity(entity);
          return { subscriptionId, etag: response.etag ?? '' };
        }
        const owner = requiredStr(current, 'customerId');
        if (owner === customerId) {
          if (str(current, 'tenantId') !== tenantId) {
            throw new AppError(
              CustomerRegistryErrors.tenantMismatch,
              `customer ${customerId} is being registered under another tenant concurrently`,
            );
          }
          return undefined;
        }
        if (!(await this.isOrphan(current, owner, subscriptionId))) {
          throw new AppError(
            CustomerRegistryErrors.subscriptionOwnedByAnotherCustomer,
            `customer.subscriptions: subscription ${subscriptionId} already belongs to customer ${owner}`,
          );
        }
        const response = await this.table.client.updateEntity(entity, 'Replace', { etag: current.etag });
        return { subscriptionId, etag: response.etag ?? '' };
      } catch (error) {
        return retryAfterConflict(error);
      }
    });
  }

  private async isOrphan(claim: StoredEntity, owner: string, subscriptionId: string): Promise<boolean> {
    const ownerRecord = await this.readCustomer(owner);
    if (ownerRecord?.subscriptions.includes(subscriptionId)) return false;
    const claimedAt = Date.parse(str(claim, 'claimedAt') ?? '');
    return Number.isFinite(claimedAt) && this.clock.now() - claimedAt >= this.orphanClaimGraceMs;
  }

  private async deleteClaim(claim: Claim): Promise<void> {
    try {
      await this.table.client.deleteEntity(subscriptionPartition(claim.subscriptionId), OWNER_ROW, {
        etag: claim.etag,
      });
    } catch (error) {
      // Gone or changed since: someone else's now, not ours to delete.
      if (!isNotFound(error) && !isPreconditionFailed(error)) throw error;
    }
  }

  /** Deletes a subscription's index row if (and only if) it still names this customer. */
  private async release(subscriptionId: string, customerId: string): Promise<void> {
    const current = await readEntity(this.table.client, subscriptionPartition(subscriptionId), OWNER_ROW);
    if (current && str(current, 'customerId') === customerId)
      await this.deleteClaim({ subscriptionId, etag: current.etag });
  }

  private async writeCustomer(
    customer: Customer,
    tenantId: string,
    subscriptions: readonly string[],
    summary: RegistrationSummary,
  ): Promise<{ result: RegistrationResult; previousSubscriptions: readonly string[] }> {
    return withOptimisticRetry(`register(${customer.id})`, async () => {
      const now = isoNow(this.clock);
      const entity = await readEntity(this.table.client, CUSTOMER_PARTITION, encodeKey(customer.id));
      const fields = {
        tenantId,
        displayName: customer.displayName,
        subscriptions: JSON.stringify(subscriptions),
        model: customer.model,
        circuitSubscriptionId: summary.circuitSubscriptionId.toLowerCase(),
        vnetIds: JSON.stringify(summary.vnetIds),
      };
      try {
        if (!entity) {
          const row: CustomerRow = {
            ...fields,
            status: 'Onboarding',
            createdAt: now,
            updatedAt: now,
            lastRequestId: summary.requestId,
          };
          const response = await this.table.client.createEntity(this.entity(customer.id, row));
          const record = toRecord({ ...this.entity(customer.id, row), etag: response.etag ?? '' });
          return { result: { created: true, updated: false, record }, previousSubscriptions: [] };
        }
        const current = toRecord(entity);
        assertSameTenant(current, tenantId);
        const stored = rowOf(current);
        const same =
          stored.displayName === fields.displayName &&
          stored.subscriptions === fields.subscriptions &&
          stored.model === fields.model &&
          stored.circuitSubscriptionId === fields.circuitSubscriptionId &&
          stored.vnetIds === fields.vnetIds;
        if (same) {
          return {
            result: { created: false, updated: false, record: current },
            previousSubscriptions: current.subscriptions,
          };
        }
        const row: CustomerRow = { ...stored, ...fields, updatedAt: now, lastRequestId: summary.requestId };
        const response = await this.table.client.updateEntity(this.entity(customer.id, row), 'Replace', {
          etag: entity.etag,
        });
        const record = toRecord({ ...this.entity(customer.id, row), etag: response.etag ?? '' });
        return { result: { created: false, updated: true, record }, previousSubscriptions: current.subscriptions };
      } catch (error) {
        return retryAfterConflict(error);
      }
    });
  }

  private async readCustomer(customerId: string): Promise<CustomerRecord | undefined> {
    const entity = await readEntity(this.table.client, CUSTOMER_PARTITION, encodeKey(customerId));
    return entity ? toRecord(entity) : undefined;
  }

  private entity(customerId: string, row: CustomerRow) {
    return { partitionKey: CUSTOMER_PARTITION, rowKey: encodeKey(customerId), ...definedOnly({ ...row }) };
  }
}

/** Subscriptions leave a customer only once it is decommissioned: nothing the automation made for it may remain. */
function assertNoReleaseBeforeDecommission(existing: CustomerRecord, subscriptions: readonly string[]): void {
  if (existing.status === 'Decommissioned') return;
  const leaving = existing.subscriptions.filter((subscriptionId) => !subscriptions.includes(subscriptionId));
  if (leaving.length === 0) return;
  throw new AppError(
    CustomerRegistryErrors.subscriptionStillInUse,
    `customer.subscriptions: customer ${existing.id} is ${existing.status}; subscription${leaving.length > 1 ? 's' : ''} ${leaving.join(', ')} cannot leave its allow-list until the customer is decommissioned (resources the automation made for it may remain there)`,
  );
}

export function subscriptionPartition(subscriptionId: string): string {
  return tableKey(SUBSCRIPTION_PARTITION_PREFIX, encodeKey(subscriptionId));
}

function assertSameTenant(record: CustomerRecord, tenantId: string): void {
  if (record.tenantId !== tenantId) {
    throw new AppError(
      CustomerRegistryErrors.tenantMismatch,
      `customer.tenantId: customer ${record.id} is registered under tenant ${record.tenantId}, not ${tenantId}`,
    );
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function isCustomerStatus(value: string): value is CustomerStatus {
  return (CUSTOMER_STATUSES as readonly string[]).includes(value);
}

function toRecord(entity: StoredEntity): CustomerRecord {
  const status = requiredStr(entity, 'status');
  const model = requiredStr(entity, 'model');
  if (!isCustomerStatus(status) || (model !== 'connect-to' && model !== 'connect-through')) {
    throw new AppError(
      'CorruptTableRow',
      `customer row ${entity.rowKey ?? '?'} has status "${status}", model "${model}"`,
    );
  }
  const displayName = str(entity, 'displayName');
  const statusReason = str(entity, 'statusReason');
  const placements = placementsOf(entity);
  const spec = specOf(entity);
  return {
    id: decodeKey(entity.rowKey ?? ''),
    tenantId: requiredStr(entity, 'tenantId'),
    ...(displayName === undefined ? {} : { displayName }),
    subscriptions: stringArray(entity, 'subscriptions'),
    model,
    circuitSubscriptionId: str(entity, 'circuitSubscriptionId') ?? '',
    vnetIds: stringArray(entity, 'vnetIds'),
    status,
    ...(statusReason === undefined ? {} : { statusReason }),
    createdAt: requiredStr(entity, 'createdAt'),
    updatedAt: requiredStr(entity, 'updatedAt'),
    lastRequestId: str(entity, 'lastRequestId') ?? '',
    etag: entity.etag,
    ...(placements === undefined ? {} : { placements }),
    ...(spec === undefined ? {} : { spec }),
  };
}

/** The row's desired spec; undefined when none was recorded. */
function specOf(entity: StoredEntity): CustomerSpec | undefined {
  const text = str(entity, 'spec');
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = CustomerSpecSchema.safeParse(value);
  if (!parsed.success) {
    throw new AppError(
      ErrorCodes.corruptTableRow,
      `customer row ${entity.rowKey ?? '?'} has a spec that does not parse`,
    );
  }
  return parsed.data;
}

/** The row's `placements` (pair name → subscription id); undefined when the row has none. */
function placementsOf(entity: StoredEntity): Record<string, string> | undefined {
  const text = str(entity, 'placements');
  if (text === undefined) return undefined;
  const corrupt = () =>
    new AppError(
      ErrorCodes.corruptTableRow,
      `customer row ${entity.rowKey ?? '?'} has placements that are not a JSON object of subscription ids`,
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw corrupt();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt();
  const entries = Object.entries(value);
  if (!entries.every(([, subscriptionId]) => typeof subscriptionId === 'string')) throw corrupt();
  return Object.fromEntries(entries);
}

function rowOf(record: CustomerRecord): CustomerRow {
  return {
    tenantId: record.tenantId,
    displayName: record.displayName,
    subscriptions: JSON.stringify(record.subscriptions),
    model: record.model,
    circuitSubscriptionId: record.circuitSubscriptionId,
    vnetIds: JSON.stringify(record.vnetIds),
    status: record.status,
    statusReason: record.statusReason,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lastRequestId: record.lastRequestId,
    placements: record.placements === undefined ? undefined : JSON.stringify(record.placements),
    spec: record.spec === undefined ? undefined : JSON.stringify(record.spec),
  };
}
