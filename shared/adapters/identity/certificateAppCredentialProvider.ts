/**
 * Alternative production credential: the CSP's multi-tenant app registration with a certificate (e.g. from Key
 * Vault), one `ClientCertificateCredential` per customer tenant.
 */
import { identitySdk } from '../sdkModules';
import type { ClientCertificateCredentialPEMConfiguration, TokenCredential } from '@azure/identity';
import { PerTenantCache, type PerTenantCacheOptions } from './tenantCredentialProvider';
import type { TenantCredentialProvider } from './tenantCredentialProvider';

export interface CertificateAppCredentialOptions {
  readonly appClientId: string;
  /** PEM certificate with its private key, inline or as a path. */
  readonly certificate: ClientCertificateCredentialPEMConfiguration;
  /** Send the x5c chain (subject name / issuer authentication). */
  readonly sendCertificateChain?: boolean;
  readonly authorityHost?: string;
  /** Bounds of the per-tenant credential cache (default DEFAULT_CREDENTIAL_CACHE). */
  readonly cache?: PerTenantCacheOptions;
}

export class CertificateAppCredentialProvider implements TenantCredentialProvider {
  private readonly credentials: PerTenantCache<TokenCredential>;

  constructor(options: CertificateAppCredentialOptions) {
    const credentialOptions = {
      ...(options.sendCertificateChain === undefined ? {} : { sendCertificateChain: options.sendCertificateChain }),
      ...(options.authorityHost === undefined ? {} : { authorityHost: options.authorityHost }),
    };
    const { certificate } = options;
    const { ClientCertificateCredential } = identitySdk();
    this.credentials = new PerTenantCache<TokenCredential>(
      (tenantId) =>
        'certificate' in certificate
          ? new ClientCertificateCredential(tenantId, options.appClientId, certificate, credentialOptions)
          : new ClientCertificateCredential(tenantId, options.appClientId, certificate, credentialOptions),
      options.cache,
    );
  }

  forTenant(tenantId: string): TokenCredential {
    return this.credentials.get(tenantId);
  }
}
