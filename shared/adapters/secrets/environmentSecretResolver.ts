import type { SecretReference } from '../../domain/spec';
import { AppError } from '../../errors';
import type { SecretResolver } from '../../ports/secrets';

/**
 * Development and local rehearsal: a reference {vault, secret} resolves to the environment variable
 * `ERCSP_SECRET__<vault>__<secret>` (dashes become underscores). Chosen by `ERCSP_SECRETS_SOURCE=environment`.
 */
export class EnvironmentSecretResolver implements SecretResolver {
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  static variableFor(reference: SecretReference): string {
    const part = (text: string) => text.replace(/-/g, '_');
    return `ERCSP_SECRET__${part(reference.vault)}__${part(reference.secret)}`;
  }

  resolve(reference: SecretReference): Promise<string> {
    const name = EnvironmentSecretResolver.variableFor(reference);
    const value = this.env[name];
    if (value === undefined || value.length === 0) {
      return Promise.reject(
        new AppError('SecretNotFound', `no value for secret ${reference.secret} in vault ${reference.vault} (${name})`),
      );
    }
    return Promise.resolve(value);
  }
}
