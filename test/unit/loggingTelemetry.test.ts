/** Azure Monitor OpenTelemetry starts only when the connection string is set; the real package is never loaded here. */
import { identitySdk } from '../../shared/adapters/sdkModules';
import type { AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { aadClientIdOf, azureMonitorOptions, startAzureMonitor } from '../../shared/adapters/telemetry/azureMonitor';

const CONNECTION = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x.example/';
const CLIENT_ID = '11111111-2222-4333-8444-555555555555';

describe('Azure Monitor OpenTelemetry', () => {
  it('stays off without APPLICATIONINSIGHTS_CONNECTION_STRING (locally, in the rehearsal, in tests)', () => {
    const load = jest.fn();
    expect(startAzureMonitor({}, load)).toBe(false);
    expect(startAzureMonitor({ APPLICATIONINSIGHTS_CONNECTION_STRING: '  ' }, load)).toBe(false);
    expect(load).not.toHaveBeenCalled();
  });

  it('signs in with the managed identity the authentication string names (local authentication is off)', () => {
    expect(aadClientIdOf(`ClientId=${CLIENT_ID};Authorization=AAD`)).toBe(CLIENT_ID);
    expect(aadClientIdOf('Authorization=aad; ClientId = abc')).toBe('abc');
    expect(aadClientIdOf(`ClientId=${CLIENT_ID}`)).toBeUndefined();
    const options = azureMonitorOptions({
      APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION,
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${CLIENT_ID};Authorization=AAD`,
    });
    expect(options?.azureMonitorExporterOptions?.connectionString).toBe(CONNECTION);
    expect(options?.azureMonitorExporterOptions?.credential).toBeInstanceOf(identitySdk().ManagedIdentityCredential);
  });

  it('starts once per process when configured', () => {
    const started: AzureMonitorOpenTelemetryOptions[] = [];
    const load = () => (options?: AzureMonitorOpenTelemetryOptions) => {
      if (options !== undefined) started.push(options);
    };
    const env = { APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION };
    expect(startAzureMonitor(env, load)).toBe(true);
    expect(startAzureMonitor(env, load)).toBe(true);
    expect(started.map((options) => options.azureMonitorExporterOptions?.connectionString)).toEqual([CONNECTION]);
  });
});
