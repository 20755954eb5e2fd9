/**
 * Single-tenant and developer use: `DefaultAzureCredential` (environment, workload identity, managed identity, Azure
 * CLI, ...) pinned to one configured home tenant. Any other tenant is refused rather than silently served with a
 * token from the wrong directory.
 */
import { identitySdk } from '../sdkModules';
import type { TokenCredential } from '@azure/identity';
import { ScopeViolationError } from '../../errors';
import { assertTenantId } from './tenantCredentialProvider';
import type { TenantCredentialProvider } from './tenantCredentialProvider';

export interface HomeTenantCredentialOptions {
  readonly homeTenantId: string;
  /** For tests or special hosts: the credential to use instead of `DefaultAzureCredential`. */
  readonly credential?: TokenCredential;
}

export class HomeTenantCredentialProvider implements TenantCredentialProvider {
  private readonly homeTenantId: string;
  private credential: TokenCredential | undefined;

  constructor(private readonly options: HomeTenantCredentialOptions) {
    this.homeTenantId = assertTenantId(options.homeTenantId);
    this.credential = options.credential;
  }

  forTenant(tenantId: string): TokenCredential {
    if (assertTenantId(tenantId) !== this.homeTenantId) {
      throw new ScopeViolationError(
        `this deployment only holds a credential for its home tenant ${this.homeTenantId}, not for tenant ${tenantId}`,
      );
    }
    this.credential ??= new (identitySdk().DefaultAzureCredential)({ tenantId: this.options.homeTenantId });
    return this.credential;
  }
}
