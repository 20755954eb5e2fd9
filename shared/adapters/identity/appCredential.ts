import { identitySdk } from '../sdkModules';
import type { TokenCredential } from './tenantCredentialProvider';

/**
 * The Function App's own identity in its home tenant, for its own resources (Table storage, Service Bus, Key Vault):
 * the managed identity in Azure (user-assigned when a client id is given), a developer login elsewhere.
 */
export function appCredential(managedIdentityClientId?: string): TokenCredential {
  const { DefaultAzureCredential } = identitySdk();
  return new DefaultAzureCredential(managedIdentityClientId === undefined ? {} : { managedIdentityClientId });
}
