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
export { PerTenantCache, assertTenantId } from './tenantCredentialProvider';
export type {
  AccessToken,
  GetTokenOptions,
  TenantCredentialProvider,
  TokenCredential,
} from './tenantCredentialProvider';
export { TenantScopeGuard } from './tenantScopeGuard';
export type { TenantScope, TenantScopeGuardOptions } from './tenantScopeGuard';
