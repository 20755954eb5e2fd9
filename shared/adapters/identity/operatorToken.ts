/**
 * An Entra access token for an operator's command-line tool (`ercsp status --entra-scope ...`): the operator's own
 * sign-in through DefaultAzureCredential (Azure CLI, environment, managed identity). The SDK is loaded only when a
 * token is asked for: most runs use a function key.
 */
import { identitySdk } from '../sdkModules';

export async function operatorAccessToken(scope: string): Promise<string> {
  const { DefaultAzureCredential } = identitySdk();
  const token = await new DefaultAzureCredential().getToken(scope);
  return token.token;
}
