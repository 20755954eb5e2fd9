/**
 * Azure Monitor OpenTelemetry for the deployed app: traces of the app's outbound HTTP (ARM, Tables, Service Bus),
 * metrics and logs, exported to the Application Insights named by `APPLICATIONINSIGHTS_CONNECTION_STRING` (set by
 * infra/modules/functionApp.bicep). With `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` (`ClientId=…;Authorization=AAD`,
 * the resource has local authentication off) the exporter signs in with that user-assigned managed identity.
 * Started only when the connection string is set, so never on a developer machine, in the rehearsal or in tests;
 * the package is loaded only then. Pinned to @azure/monitor-opentelemetry 1.18.1 (1.18.2 needs Node 22; the unit
 * legs still run on Node 20).
 */
import type * as AzureMonitorModule from '@azure/monitor-opentelemetry';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { identitySdk } from '../sdkModules';

export const CONNECTION_STRING_SETTING = 'APPLICATIONINSIGHTS_CONNECTION_STRING';
export const AUTHENTICATION_STRING_SETTING = 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING';

type UseAzureMonitor = (options?: AzureMonitorOpenTelemetryOptions) => void;

let started = false;

/** The managed identity's client id in `ClientId=<guid>;Authorization=AAD`, when it asks for Entra authentication. */
export function aadClientIdOf(authenticationString: string | undefined): string | undefined {
  if (authenticationString === undefined) return undefined;
  const parts = new Map(
    authenticationString.split(';').flatMap((part) => {
      const at = part.indexOf('=');
      return at < 0 ? [] : [[part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] as const];
    }),
  );
  return parts.get('authorization')?.toLowerCase() === 'aad' ? parts.get('clientid') : undefined;
}

/** The options the exporter gets, or undefined when telemetry stays off. */
export function azureMonitorOptions(
  env: Readonly<Record<string, string | undefined>>,
): AzureMonitorOpenTelemetryOptions | undefined {
  const connectionString = env[CONNECTION_STRING_SETTING]?.trim();
  if (connectionString === undefined || connectionString === '') return undefined;
  const clientId = aadClientIdOf(env[AUTHENTICATION_STRING_SETTING]);
  return {
    azureMonitorExporterOptions: {
      connectionString,
      ...(clientId === undefined ? {} : { credential: new (identitySdk().ManagedIdentityCredential)({ clientId }) }),
    },
  };
}

/**
 * Starts Azure Monitor OpenTelemetry once per process when configured; returns whether it runs. `load` is for tests
 * (which never load the real package).
 */
export function startAzureMonitor(
  env: Readonly<Record<string, string | undefined>> = process.env,
  load: () => UseAzureMonitor = () =>
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when telemetry is configured
    (require('@azure/monitor-opentelemetry') as typeof AzureMonitorModule).useAzureMonitor,
): boolean {
  if (started) return true;
  const options = azureMonitorOptions(env);
  if (options === undefined) return false;
  load()(options);
  started = true;
  return true;
}
