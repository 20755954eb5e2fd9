/**
 * `InventoryPort` on Azure Resource Graph (`@azure/arm-resourcegraph`; this folder is the only code that imports it).
 *
 * - Credentials: one per tenant (`TenantCredentialProvider`), as the ARM adapter builds them. With a subscription
 *   directory (`scopeCheck: 'per-tenant'`), every subscription of a scope is checked to belong to the scope's tenant
 *   before that tenant's token is used (the tenant guard); with `'delegated'` (Azure Lighthouse: the CSP's tenant
 *   manages every customer subscription) the scope's tenant reads all its subscriptions.
 * - Endpoint from configuration (public cloud, sovereign clouds, the local simulator), extra CA for the simulator.
 * - Subscriptions in batches (at most 1,000 per request, Azure's limit), pages of up to 1,000 rows followed by skip
 *   token; the SDK's retry policy honours Retry-After on 429 (Resource Graph's per-principal quota).
 * - Rows are projected (queries.ts) and stripped of authorization keys here.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { AppError } from '../../errors';
import { resourceGraphSdk } from '../sdkModules';
import type { ArmId } from '../../domain/intents';
import type {
  InventoryFilter,
  InventoryPage,
  InventoryPort,
  InventoryResource,
  InventoryScope,
  InventoryStatistics,
} from '../../ports/inventory';
import { InventoryTypes } from '../../ports/inventory';
import { TenantScopeGuard, type SubscriptionDirectory, type TenantCredentialProvider } from '../identity';
import { ALL_INVENTORY_TYPES, inventoryQuery } from './queries';

export const PUBLIC_CLOUD_ENDPOINT = 'https://management.azure.com';
export const MAX_SUBSCRIPTIONS_PER_QUERY = 1000;
export const MAX_PAGE_SIZE = 1000;

export interface ResourceGraphInventoryOptions {
  /** ARM endpoint, https only (default: public cloud). */
  readonly endpoint?: string;
  readonly credentials: TenantCredentialProvider;
  /** 'per-tenant' (default) checks each subscription against `subscriptions` first; 'delegated' is Lighthouse. */
  readonly scopeCheck?: 'per-tenant' | 'delegated';
  /** Required for 'per-tenant'. */
  readonly subscriptions?: SubscriptionDirectory;
  readonly caPem?: string;
  /** Subscriptions per request (default and maximum 1,000). */
  readonly subscriptionsPerQuery?: number;
  /** Rows per page (default and maximum 1,000). */
  readonly pageSize?: number;
}

interface QueryAnswer {
  readonly data?: unknown;
  readonly skipToken?: string;
}

export class ResourceGraphInventory implements InventoryPort {
  private readonly endpoint: string;
  private readonly guard: TenantScopeGuard | undefined;
  private readonly clients = new Map<string, ResourceGraphClient>();
  private readonly agents: { http: HttpAgent; https: HttpsAgent };
  private readonly subscriptionsPerQuery: number;
  private readonly pageSize: number;
  private queries = 0;
  private rows = 0;

  constructor(private readonly options: ResourceGraphInventoryOptions) {
    const url = new URL(options.endpoint ?? PUBLIC_CLOUD_ENDPOINT);
    if (url.protocol !== 'https:') {
      throw new AppError('InvalidConfiguration', `the Resource Graph endpoint must use https: ${url.origin}`);
    }
    this.endpoint = url.origin;
    if ((options.scopeCheck ?? 'per-tenant') === 'per-tenant') {
      if (options.subscriptions === undefined) {
        throw new AppError('InvalidConfiguration', "scopeCheck 'per-tenant' needs a subscription directory");
      }
      this.guard = new TenantScopeGuard({ directory: options.subscriptions, credentials: options.credentials });
    }
    this.subscriptionsPerQuery = bounded(
      options.subscriptionsPerQuery,
      MAX_SUBSCRIPTIONS_PER_QUERY,
      'subscriptionsPerQuery',
    );
    this.pageSize = bounded(options.pageSize, MAX_PAGE_SIZE, 'pageSize');
    this.agents = {
      http: new HttpAgent(),
      https: new HttpsAgent({
        // No keep-alive: ms-rest-js does not re-send a request on a pooled socket the server has just closed (a
        // socket hang-up between pages, seen at 10,000 customers); one TLS handshake per page is cheap next to a page.
        keepAlive: false,
        ...(options.caPem === undefined ? {} : { ca: [...rootCertificates, options.caPem] }),
      }),
    };
  }

  async *resources(scopes: readonly InventoryScope[], filter: InventoryFilter = {}): AsyncIterable<InventoryPage> {
    const query = inventoryQuery(filter);
    for (const scope of scopes) {
      const unique = [...new Set(scope.subscriptionIds.map((id) => id.toLowerCase()))];
      for (let start = 0; start < unique.length; start += this.subscriptionsPerQuery) {
        const batch = unique.slice(start, start + this.subscriptionsPerQuery);
        const client = await this.clientFor(scope.tenantId, batch);
        let skipToken: string | undefined;
        do {
          const answer: QueryAnswer = await client.resources({
            subscriptions: batch,
            query,
            options: {
              top: this.pageSize,
              resultFormat: 'objectArray',
              ...(skipToken === undefined ? {} : { skipToken }),
            },
          });
          this.queries += 1;
          const resources = rowsOf(answer.data);
          this.rows += resources.length;
          yield { resources };
          skipToken = answer.skipToken === '' ? undefined : answer.skipToken;
        } while (skipToken !== undefined);
      }
    }
  }

  async circuitsByIds(scopes: readonly InventoryScope[], ids: readonly ArmId[]): Promise<readonly InventoryResource[]> {
    if (ids.length === 0) return [];
    return collect(this.resources(scopes, { types: [InventoryTypes.circuit], ids }));
  }

  async resourcesOfCustomer(
    scopes: readonly InventoryScope[],
    customerId: string,
  ): Promise<readonly InventoryResource[]> {
    // Tagged for the customer only: no untagged kinds, which would bring every circuit of a shared subscription.
    return collect(
      this.resources(scopes, { types: ALL_INVENTORY_TYPES, customerIds: [customerId], includeUntagged: [] }),
    );
  }

  statistics(): InventoryStatistics {
    return { queries: this.queries, rows: this.rows };
  }

  private async clientFor(tenantId: string, subscriptionIds: readonly string[]): Promise<ResourceGraphClient> {
    if (this.guard !== undefined) {
      for (const subscriptionId of subscriptionIds) await this.guard.verify({ tenantId, subscriptionId });
    }
    const key = tenantId.toLowerCase();
    let client = this.clients.get(key);
    if (client === undefined) {
      const { ResourceGraphClient: Client } = resourceGraphSdk();
      client = new Client(this.options.credentials.forTenant(tenantId), {
        baseUri: this.endpoint,
        agentSettings: this.agents,
        userAgent: 'expressroute-csp',
      });
      this.clients.set(key, client);
    }
    return client;
  }
}

function bounded(value: number | undefined, maximum: number, name: string): number {
  const chosen = value ?? maximum;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > maximum) {
    throw new AppError(
      'InvalidConfiguration',
      `${name} must be a whole number from 1 to ${maximum}, got ${String(value)}`,
    );
  }
  return chosen;
}

async function collect(pages: AsyncIterable<InventoryPage>): Promise<InventoryResource[]> {
  const all: InventoryResource[] = [];
  for await (const page of pages) all.push(...page.resources);
  return all;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

const IDENTITY_COLUMNS = new Set([
  'id',
  'name',
  'type',
  'subscriptionId',
  'resourceGroup',
  'location',
  'tags',
  'sku',
  'customerId',
]);

/** Rows as the port describes them: identity columns, and the rest as properties (null ones left out); no keys. */
export function rowsOf(data: unknown): InventoryResource[] {
  if (!Array.isArray(data)) return [];
  return data.filter(isObject).map((row) => {
    const tags: Record<string, string> = {};
    if (isObject(row.tags))
      for (const [key, value] of Object.entries(row.tags)) if (typeof value === 'string') tags[key] = value;
    const properties: Json = {};
    for (const [key, value] of Object.entries(row)) {
      if (IDENTITY_COLUMNS.has(key) || value === null || value === undefined) continue;
      properties[key] = key === 'authorizations' ? withoutKeys(value) : value;
    }
    const customerId = text(row.customerId);
    return {
      id: text(row.id),
      type: text(row.type).toLowerCase(),
      name: text(row.name),
      subscriptionId: text(row.subscriptionId),
      resourceGroup: text(row.resourceGroup),
      location: text(row.location),
      tags,
      ...(customerId === '' ? {} : { customerId }),
      ...(isObject(row.sku) ? { sku: row.sku } : {}),
      properties,
    };
  });
}

/** An authorization as the findings need it: name, use, and who uses it; never `authorizationKey`. */
function withoutKeys(value: unknown): unknown {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((authorization) => {
    const properties = isObject(authorization.properties) ? authorization.properties : {};
    return {
      id: text(authorization.id),
      name: text(authorization.name),
      properties: {
        authorizationUseStatus: text(properties.authorizationUseStatus),
        ...(typeof properties.connectionResourceUri === 'string'
          ? { connectionResourceUri: properties.connectionResourceUri }
          : {}),
        provisioningState: text(properties.provisioningState),
      },
    };
  });
}
