/**
 * Builds one `NetworkManagementClient` per (tenant, subscription) and caches it (bounded: least recently used and
 * expired clients are dropped, see DEFAULT_ARM_CLIENT_CACHE). Every call goes through the tenant
 * guard first (the subscription must belong to the scope's tenant) so that no client, and so no token request, ever
 * pairs one customer's credential with another customer's subscription.
 *
 * Client settings: the ARM endpoint (public cloud by default; sovereign clouds and the local simulator by
 * configuration), the token audience, extra trust for a private endpoint's CA, and the adapter's retry policy in place
 * of the SDK's default.
 */
import { rootCertificates } from 'node:tls';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { TenantScope, TenantScopeGuard, TokenCredential } from '../identity';
import { DEFAULT_ARM_RETRY_OPTIONS, armRetryPolicy } from './armRetryPolicy';
import { traceCorrelationPolicy } from './traceCorrelationPolicy';
import type { ArmRetryOptions, ArmRetryPolicyHooks } from './armRetryPolicy';
import { armNetworkSdk } from '../sdkModules';
import { BoundedCache, type CacheLimits } from '../boundedCache';

export const PUBLIC_CLOUD_ARM_ENDPOINT = 'https://management.azure.com';
/** Name of core-rest-pipeline's default retry policy, which the adapter's policy replaces. */
const SDK_RETRY_POLICY_NAME = 'defaultRetryPolicy';

export interface ArmClientFactoryOptions {
  /** ARM endpoint, https only. */
  readonly endpoint: string;
  /** Token audience; defaults to the endpoint (`{endpoint}/.default`). */
  readonly audience?: string;
  readonly guard: TenantScopeGuard;
  /** PEM of a CA to trust in addition to the public roots (private endpoint, local simulator). */
  readonly caPem?: string;
  readonly retry: ArmRetryOptions;
  readonly retryHooks?: ArmRetryPolicyHooks;
  readonly userAgentPrefix?: string;
  /** Bounds of the client cache (default DEFAULT_ARM_CLIENT_CACHE). */
  readonly clientCache?: Partial<CacheLimits>;
  /** Time source of the client cache (tests). */
  readonly now?: () => number;
}

/**
 * ARM clients kept by default. An idle client holds about 18 KiB of heap (its pipeline and credential); a worker
 * serving more (tenant, subscription) pairs than this rebuilds the least recently used, and any client older than the
 * TTL, which costs a client construction (no request).
 */
export const DEFAULT_ARM_CLIENT_CACHE: CacheLimits = { maxEntries: 1000, ttlMs: 60 * 60_000 };

export function normalizeEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:') {
    throw new Error(`the ARM endpoint must use https (bearer tokens are never sent in clear text): ${endpoint}`);
  }
  return url.origin;
}

export interface NetworkClientOptions {
  readonly credential: TokenCredential;
  readonly subscriptionId: string;
  /** ARM endpoint, https only (default: public cloud). */
  readonly endpoint?: string;
  /** Token audience; defaults to the endpoint. */
  readonly audience?: string;
  readonly caPem?: string;
  readonly retry?: ArmRetryOptions;
  readonly retryHooks?: ArmRetryPolicyHooks;
  readonly userAgentPrefix?: string;
}

/**
 * One `NetworkManagementClient` configured as the adapter configures its own: endpoint and audience, extra CA, and
 * the adapter's retry policy in place of the SDK's. For code that must talk to ARM below the port (the adapter
 * itself; tests of the local simulator) without importing the SDK.
 */
export function createNetworkClient(options: NetworkClientOptions): NetworkManagementClient {
  const endpoint = normalizeEndpoint(options.endpoint ?? PUBLIC_CLOUD_ARM_ENDPOINT);
  const audience = (options.audience ?? endpoint).replace(/\/+$/, '');
  const { NetworkManagementClient } = armNetworkSdk();
  const client = new NetworkManagementClient(options.credential, options.subscriptionId, {
    endpoint,
    $host: endpoint,
    credentialScopes: [`${audience}/.default`],
    userAgentOptions: { userAgentPrefix: options.userAgentPrefix ?? 'expressroute-csp' },
    // `ca` replaces the default roots, so the public roots are kept alongside the extra CA.
    ...(options.caPem === undefined ? {} : { tlsOptions: { ca: [...rootCertificates, options.caPem] } }),
  });
  client.pipeline.removePolicy({ name: SDK_RETRY_POLICY_NAME });
  client.pipeline.addPolicy(armRetryPolicy(options.retry ?? DEFAULT_ARM_RETRY_OPTIONS, options.retryHooks), {
    phase: 'Retry',
  });
  client.pipeline.addPolicy(traceCorrelationPolicy());
  return client;
}

export class ArmClientFactory {
  private readonly clients: BoundedCache<NetworkManagementClient>;

  constructor(private readonly options: ArmClientFactoryOptions) {
    normalizeEndpoint(options.endpoint);
    this.clients = new BoundedCache({
      name: 'ARM client cache',
      maxEntries: options.clientCache?.maxEntries ?? DEFAULT_ARM_CLIENT_CACHE.maxEntries,
      ttlMs: options.clientCache?.ttlMs ?? DEFAULT_ARM_CLIENT_CACHE.ttlMs,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
  }

  /** The client for this tenant and subscription, after the guard confirmed they belong together. */
  async clientFor(scope: TenantScope): Promise<NetworkManagementClient> {
    const key = `${scope.tenantId.toLowerCase()}/${scope.subscriptionId.toLowerCase()}`;
    const cached = this.clients.get(key);
    if (cached !== undefined) {
      await this.options.guard.verify(scope);
      return cached;
    }
    const client = createNetworkClient({
      credential: await this.options.guard.credentialFor(scope),
      subscriptionId: scope.subscriptionId,
      endpoint: this.options.endpoint,
      ...(this.options.audience === undefined ? {} : { audience: this.options.audience }),
      ...(this.options.caPem === undefined ? {} : { caPem: this.options.caPem }),
      retry: this.options.retry,
      ...(this.options.retryHooks === undefined ? {} : { retryHooks: this.options.retryHooks }),
      ...(this.options.userAgentPrefix === undefined ? {} : { userAgentPrefix: this.options.userAgentPrefix }),
    });
    this.clients.set(key, client);
    return client;
  }

  get cachedClientCount(): number {
    return this.clients.size;
  }
}
