/**
 * Production credential: the CSP's multi-tenant app registration, authenticated without any stored secret. The
 * Function App's managed identity is a federated identity credential of that app; the managed identity's token for
 * the token-exchange audience is the client assertion, and Entra issues an app token in the *customer's* tenant
 * (where the customer consented to the app and gave it Network Contributor).
 */
import { identitySdk } from '../sdkModules';
import type { TokenCredential } from '@azure/identity';
import { PerTenantCache, type PerTenantCacheOptions } from './tenantCredentialProvider';
import type { TenantCredentialProvider } from './tenantCredentialProvider';

/** Public cloud. Azure US Government: `api://AzureADTokenExchangeUSGov/.default`; Azure China: `api://AzureADTokenExchangeChina/.default`. */
export const PUBLIC_CLOUD_TOKEN_EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

export interface FederatedAppCredentialOptions {
  /** Client id of the CSP's multi-tenant app registration (the one customers consent to). */
  readonly appClientId: string;
  /** Client id of the user-assigned managed identity; omit for the system-assigned one. */
  readonly managedIdentityClientId?: string;
  /** Audience of the federated credential; defaults to the public cloud's. */
  readonly tokenExchangeScope?: string;
  /** Entra authority for sovereign clouds (e.g. `https://login.microsoftonline.us`); defaults to the public cloud. */
  readonly authorityHost?: string;
  /** For tests: where the assertion comes from. Defaults to the managed identity. */
  readonly assertionSource?: TokenCredential;
  /** Bounds of the per-tenant credential cache (default DEFAULT_CREDENTIAL_CACHE). */
  readonly cache?: PerTenantCacheOptions;
}

export class FederatedAppCredentialProvider implements TenantCredentialProvider {
  private readonly credentials: PerTenantCache<TokenCredential>;

  constructor(options: FederatedAppCredentialOptions) {
    const { ClientAssertionCredential, ManagedIdentityCredential } = identitySdk();
    const source =
      options.assertionSource ??
      new ManagedIdentityCredential(
        options.managedIdentityClientId === undefined ? {} : { clientId: options.managedIdentityClientId },
      );
    const scope = options.tokenExchangeScope ?? PUBLIC_CLOUD_TOKEN_EXCHANGE_SCOPE;
    const getAssertion = async (): Promise<string> => {
      const token = await source.getToken(scope);
      if (token === null) throw new Error(`the managed identity returned no token for ${scope}`);
      return token.token;
    };
    this.credentials = new PerTenantCache<TokenCredential>(
      // No `additionallyAllowedTenants`: the credential refuses any request for a tenant other than its own.
      (tenantId) =>
        new ClientAssertionCredential(
          tenantId,
          options.appClientId,
          getAssertion,
          options.authorityHost === undefined ? {} : { authorityHost: options.authorityHost },
        ),
      options.cache,
    );
  }

  forTenant(tenantId: string): TokenCredential {
    return this.credentials.get(tenantId);
  }
}
