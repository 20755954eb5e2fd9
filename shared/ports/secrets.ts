import type { SecretReference } from '../domain/spec';

/**
 * Resolves a secret reference (BGP MD5 keys) to its value, inside the one activity that needs it. The value is
 * never returned to an orchestration, written to a checkpoint or logged.
 */
export interface SecretResolver {
  resolve(reference: SecretReference): Promise<string>;
}
