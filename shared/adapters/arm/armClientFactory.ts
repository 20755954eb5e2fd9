/**
 * Builds one `NetworkManagementClient` per (tenant, subscription) and caches it. Every call goes through the tenant
 * guard first (the subscription must belong to the scope's tenant) so that no client, and so no token request, ever
 * pairs one customer's credential with another customer's subscription.
 *
 * Client settings: the ARM endpoint (public cloud by default; sovereign clouds and the local simulator by
 * configuration), the token audience, extra trust for a private endpoint's CA, and the adapter's retry policy in place
 * of the SDK's default.
 */
import { rootCertificates } from 'node:tls';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TenantScope, TenantScopeGuard } from '../identity';
import { ARM_RETRY_POLICY_NAME, armRetryPolicy } from './armRetryPolicy';
import type { ArmRetryOptions, ArmRetryPolicyHooks } from './armRetryPolicy';

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
}

export function normalizeEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:') {
    throw new Error(`the ARM endpoint must use https (bearer tokens are never sent in clear text): ${endpoint}`);
  }
  return url.origin;
}

export class ArmClientFactory {
  private readonly clients = new Map<string, NetworkManagementClient>();
  private readonly endpoint: string;
  private readonly scopes: string[];

  constructor(private readonly options: ArmClientFactoryOptions) {
    this.endpoint = normalizeEndpoint(options.endpoint);
    const audience = (options.audience ?? this.endpoint).replace(/\/+$/, '');
    this.scopes = [`${audience}/.default`];
  }

  /** The client for this tenant and subscription, after the guard confirmed they belong together. */
  async clientFor(scope: TenantScope): Promise<NetworkManagementClient> {
    const key = `${scope.tenantId.toLowerCase()}/${scope.subscriptionId.toLowerCase()}`;
    const cached = this.clients.get(key);
    if (cached !== undefined) {
      await this.options.guard.verify(scope);
      return cached;
    }
    const client = this.build(await this.options.guard.credentialFor(scope), scope.subscriptionId);
    this.clients.set(key, client);
    return client;
  }

  get cachedClientCount(): number {
    return this.clients.size;
  }

  private build(credential: Parameters<typeof createClient>[0], subscriptionId: string): NetworkManagementClient {
    const client = createClient(credential, subscriptionId, {
      endpoint: this.endpoint,
      scopes: this.scopes,
      ...(this.options.caPem === undefined ? {} : { caPem: this.options.caPem }),
      userAgentPrefix: this.options.userAgentPrefix ?? 'expressroute-csp',
    });
    client.pipeline.removePolicy({ name: SDK_RETRY_POLICY_NAME });
    client.pipeline.addPolicy(armRetryPolicy(this.options.retry, this.options.retryHooks), { phase: 'Retry' });
    return client;
  }
}

function createClient(
  credential: ConstructorParameters<typeof NetworkManagementClient>[0],
  subscriptionId: string,
  settings: { endpoint: string; scopes: string[]; caPem?: string; userAgentPrefix: string },
): NetworkManagementClient {
  return new NetworkManagementClient(credential, subscriptionId, {
    endpoint: settings.endpoint,
    $host: settings.endpoint,
    credentialScopes: settings.scopes,
    userAgentOptions: { userAgentPrefix: settings.userAgentPrefix },
    // `ca` replaces the default roots, so the public roots are kept alongside the extra CA.
    ...(settings.caPem === undefined ? {} : { tlsOptions: { ca: [...rootCertificates, settings.caPem] } }),
  });
}

export { ARM_RETRY_POLICY_NAME };
