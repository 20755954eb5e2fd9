import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient } from '@azure/keyvault-secrets';
import { keyVaultSecretsSdk } from '../sdkModules';
import type { SecretReference } from '../../domain/spec';
import { AppError } from '../../errors';
import type { SecretResolver } from '../../ports/secrets';

/** Production: the vault named by the reference, read with the Function App's managed identity (Secrets User). */
export class KeyVaultSecretResolver implements SecretResolver {
  private readonly clients = new Map<string, SecretClient>();

  constructor(
    private readonly credential: TokenCredential,
    private readonly dnsSuffix = 'vault.azure.net',
  ) {}

  async resolve(reference: SecretReference): Promise<string> {
    let client = this.clients.get(reference.vault);
    if (client === undefined) {
      client = new (keyVaultSecretsSdk().SecretClient)(`https://${reference.vault}.${this.dnsSuffix}`, this.credential);
      this.clients.set(reference.vault, client);
    }
    const secret = await client.getSecret(
      reference.secret,
      reference.version === undefined ? {} : { version: reference.version },
    );
    if (secret.value === undefined || secret.value.length === 0) {
      throw new AppError('SecretEmpty', `secret ${reference.secret} in vault ${reference.vault} has no value`);
    }
    return secret.value;
  }
}
