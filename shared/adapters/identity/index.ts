export { CertificateAppCredentialProvider } from './certificateAppCredentialProvider';
export type { CertificateAppCredentialOptions } from './certificateAppCredentialProvider';
export { FakeTenantCredentialProvider, decodeUnsignedJwt, encodeUnsignedJwt } from './fakeTenantCredentialProvider';
export type { FakeTokenClaims, IssuedToken } from './fakeTenantCredentialProvider';
export { FederatedAppCredentialProvider, PUBLIC_CLOUD_TOKEN_EXCHANGE_SCOPE } from './federatedAppCredentialProvider';
export type { FederatedAppCredentialOptions } from './federatedAppCredentialProvider';
export { HomeTenantCredentialProvider } from './homeTenantCredentialProvider';
export type { HomeTenantCredentialOptions } from './homeTenantCredentialProvider';
export { CspSubscriptionDirectory, StaticSubscriptionDirectory } from './subscriptionDirectories';
export type { CspSubscriptionDirectoryOptions, SubscriptionDirectory } from './subscriptionDirectories';
export { DEFAULT_CREDENTIAL_CACHE, PerTenantCache, assertTenantId } from './tenantCredentialProvider';
export type {
  AccessToken,
  GetTokenOptions,
  PerTenantCacheOptions,
  TenantCredentialProvider,
  TokenCredential,
} from './tenantCredentialProvider';
export { DEFAULT_CONFIRMATION_CACHE_SIZE, DEFAULT_CONFIRMATION_TTL_MS, TenantScopeGuard } from './tenantScopeGuard';
export type { TenantScope, TenantScopeGuardOptions } from './tenantScopeGuard';
