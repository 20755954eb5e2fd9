/** What every resource operation needs: scoped clients, settings, the secret resolver, locks. */
import type { NetworkManagementClient } from '@azure/arm-network';
import type { TenantScope } from '../identity';
import type { KeyedMutex } from './keyedMutex';
import type { ManagedTag } from './ownership';
import type { SecretResolver } from '../../ports/secrets';
import type { Sleep } from './sleep';

export interface ReadAfterWriteOptions {
  /** GETs after a write before giving up on seeing it (or seeing what was written). */
  readonly attempts: number;
  readonly intervalMs: number;
}

export interface ArmContext {
  clientFor(scope: TenantScope): Promise<NetworkManagementClient>;
  readonly managedTag: ManagedTag;
  /** LRO poll interval when ARM sends no Retry-After. */
  readonly pollIntervalMs: number;
  readonly readAfterWrite: ReadAfterWriteOptions;
  /** Reads of a resource found mid-operation, `intervalMs` apart, before giving up on seeing it settle. */
  readonly settle: { readonly attempts: number; readonly intervalMs: number };
  readonly secrets: SecretResolver | undefined;
  readonly circuitLocks: KeyedMutex;
  readonly sleep: Sleep;
}
