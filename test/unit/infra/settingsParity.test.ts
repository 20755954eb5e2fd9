/**
 * Settings parity: every setting shared/config.ts reads is set by the Function App's app settings in Bicep and by
 * local.settings.sample.json (or is left out there on purpose, for the reason given below); neither sets anything
 * else except the Functions host's own settings; and the sample loads through the real loader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../shared/config';
import { BICEP_TIMEOUT_MS, REPO_ROOT, compileBicep, resourcesOfType } from './bicepSupport';

/** Read by the Functions host (host.json, trigger bindings, telemetry), never by shared/config.ts. */
const HOST_SETTINGS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^FUNCTIONS_WORKER_RUNTIME$/, why: 'language worker (local host; Flex Consumption sets it itself)' },
  { pattern: /^AzureWebJobsStorage(__(accountName|credential|clientId))?$/, why: 'host storage and Durable task hub' },
  { pattern: /^DurableTaskHubName$/, why: 'host.json hubName: %DurableTaskHubName%' },
  { pattern: /^ServiceBusConnection__(fullyQualifiedNamespace|credential|clientId)$/, why: 'trigger connection' },
  { pattern: /^APPLICATIONINSIGHTS_(CONNECTION_STRING|AUTHENTICATION_STRING)$/, why: 'telemetry' },
];

/** Settings shared/config.ts reads that a target leaves out on purpose (an optional alternative it does not use). */
const LEFT_OUT: Record<'bicep' | 'sample', Readonly<Record<string, string>>> = {
  bicep: {
    ERCSP_ARM_CA_FILE: 'the public ARM endpoint is trusted by the default roots',
    ERCSP_APP_CERTIFICATE_PATH: 'production uses federated-app, not a certificate',
    ERCSP_TABLES_CONNECTION: 'Table storage is reached by endpoint with the managed identity',
    ERCSP_SERVICEBUS_CONNECTION: 'Service Bus is reached by namespace with the managed identity',
  },
  sample: {
    ERCSP_ARM_CA_FILE: 'only with the ARM simulator (npm run arm-sim prints it)',
    ERCSP_APP_CLIENT_ID: 'credential mode default (az login) needs no app',
    ERCSP_MANAGED_IDENTITY_CLIENT_ID: 'no managed identity on a workstation',
    ERCSP_APP_CERTIFICATE_PATH: 'credential mode certificate only',
    ERCSP_TABLES_ENDPOINT: 'Azurite is reached by connection string',
    ERCSP_SERVICEBUS_CONNECTION: 'the namespace is used with az login',
  },
};

/** Every environment key loadConfig reads, found by letting it read a recording environment. */
function settingsConfigReads(): string[] {
  const read = new Set<string>();
  const env = new Proxy(
    {},
    {
      get(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.get(target, key) as unknown;
      },
      has(target, key) {
        if (typeof key === 'string') read.add(key);
        return Reflect.has(target, key);
      },
    },
  );
  expect(() => loadConfig(env)).toThrow();
  return [...read].sort();
}

const isHostSetting = (name: string) => HOST_SETTINGS.some(({ pattern }) => pattern.test(name));

/** The parity rules for one target; each returned line is a violation. */
function parityProblems(
  target: keyof typeof LEFT_OUT,
  set: readonly string[],
  configKeys: readonly string[],
): string[] {
  const problems: string[] = [];
  const leftOut = LEFT_OUT[target];
  for (const key of configKeys) {
    if (!set.includes(key) && !(key in leftOut)) problems.push(`${key}: read by shared/config.ts, not set`);
    if (set.includes(key) && key in leftOut) problems.push(`${key}: set, yet listed as left out on purpose`);
  }
  for (const key of Object.keys(leftOut)) {
    if (!configKeys.includes(key)) problems.push(`${key}: listed as left out, but shared/config.ts does not read it`);
  }
  for (const name of set) {
    if (!configKeys.includes(name) && !isHostSetting(name)) problems.push(`${name}: set, but nothing reads it`);
  }
  const duplicates = set.filter((name, i) => set.indexOf(name) !== i);
  for (const name of duplicates) problems.push(`${name}: set twice`);
  return problems;
}

interface AppSetting {
  readonly name: string;
  readonly value: string;
}

describe('settings parity between shared/config.ts, Bicep and local.settings.sample.json', () => {
  const configKeys = settingsConfigReads();
  const sample = JSON.parse(readFileSync(path.join(REPO_ROOT, 'local.settings.sample.json'), 'utf8')) as {
    Values: Record<string, string>;
  };

  it('finds the settings the loader reads (the recording environment works)', () => {
    expect(configKeys).toContain('ERCSP_CSP_TENANT_ID');
    expect(configKeys).toContain('ERCSP_PROVIDER_DEADLINE');
    expect(configKeys.length).toBeGreaterThan(20);
  });

  it('the rules catch a missing, an unknown, a wrongly left-out and a stale left-out setting', () => {
    const set = [
      ...Object.keys(sample.Values).filter((key) => key !== 'ERCSP_CSP_TENANT_ID'),
      'ERCSP_TYPO',
      'ERCSP_TABLES_ENDPOINT',
    ];
    const readByConfig = configKeys.filter((key) => key !== 'ERCSP_ARM_CA_FILE');
    expect(parityProblems('sample', set, readByConfig).sort()).toEqual(
      [
        'ERCSP_CSP_TENANT_ID: read by shared/config.ts, not set',
        'ERCSP_TABLES_ENDPOINT: set, yet listed as left out on purpose',
        'ERCSP_ARM_CA_FILE: listed as left out, but shared/config.ts does not read it',
        'ERCSP_TYPO: set, but nothing reads it',
      ].sort(),
    );
  });

  it('local.settings.sample.json sets every setting the loader reads, and nothing else but host settings', () => {
    expect(parityProblems('sample', Object.keys(sample.Values), configKeys)).toEqual([]);
  });

  it('local.settings.sample.json loads through shared/config.ts as it is', () => {
    const config = loadConfig({ ...sample.Values });
    expect(config.credentials.mode).toBe('default');
    expect(config.tables.connectionString).toBe('UseDevelopmentStorage=true');
    expect(config.serviceBus.queues.rejected).toBe(sample.Values.ERCSP_REJECTED_QUEUE);
    expect(config.secrets.source).toBe('environment');
  });

  it('local.settings.sample.json sets what the Functions host needs locally', () => {
    for (const name of ['FUNCTIONS_WORKER_RUNTIME', 'AzureWebJobsStorage', 'DurableTaskHubName']) {
      expect(sample.Values[name]).toBeTruthy();
    }
    expect(sample.Values.ServiceBusConnection__fullyQualifiedNamespace).toMatch(/\.servicebus\.windows\.net$/);
  });

  describe('the Function App app settings in infra/main.bicep (compiled)', () => {
    let appSettings: AppSetting[] = [];

    beforeAll(() => {
      const sites = resourcesOfType(compileBicep('infra/main.bicep'), 'Microsoft.Web/sites');
      expect(sites).toHaveLength(1);
      const siteConfig = sites[0]?.properties?.siteConfig as { appSettings?: AppSetting[] } | undefined;
      appSettings = siteConfig?.appSettings ?? [];
    }, BICEP_TIMEOUT_MS);

    it('set every setting the loader reads, and nothing else but host settings', () => {
      expect(appSettings.length).toBeGreaterThan(0);
      expect(
        parityProblems(
          'bicep',
          appSettings.map((s) => s.name),
          configKeys,
        ),
      ).toEqual([]);
    });

    it('use identity-based host connections (no connection strings or keys)', () => {
      const names = appSettings.map((s) => s.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'AzureWebJobsStorage__accountName',
          'AzureWebJobsStorage__credential',
          'ServiceBusConnection__fullyQualifiedNamespace',
          'ServiceBusConnection__credential',
          'DurableTaskHubName',
        ]),
      );
      expect(names).not.toContain('AzureWebJobsStorage');
      expect(names).not.toContain('FUNCTIONS_WORKER_RUNTIME'); // Flex Consumption refuses it as an app setting
    });

    it('load through shared/config.ts (literal values as written, deployment-time values as Azure fills them)', () => {
      /** What the template expressions evaluate to in Azure public cloud, for settings that are not literals. */
      const deployed: Record<string, string> = {
        ERCSP_CSP_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        ERCSP_CSP_SUBSCRIPTION_IDS: '11111111-1111-1111-1111-111111111111,22222222-2222-2222-2222-222222222222',
        ERCSP_ARM_ENDPOINT: 'https://management.azure.com/',
        ERCSP_APP_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
        ERCSP_MANAGED_IDENTITY_CLIENT_ID: '44444444-4444-4444-4444-444444444444',
        ERCSP_TABLES_ENDPOINT: 'https://stercspprod.table.core.windows.net/',
        ERCSP_SERVICEBUS_NAMESPACE: 'sb-ercsp-prod.servicebus.windows.net',
        ERCSP_KEYVAULT_DNS_SUFFIX: 'vault.azure.net',
        ERCSP_ONBOARDING_QUEUE: 'er-onboarding',
        ERCSP_BANDWIDTH_QUEUE: 'er-bandwidth',
        ERCSP_DECOMMISSION_QUEUE: 'er-decommission',
        ERCSP_REJECTED_QUEUE: 'er-rejected',
        ERCSP_EVENTS_TOPIC: 'er-events',
        ERCSP_PROVIDER_POLL_MIN: '1m',
        ERCSP_PROVIDER_POLL_MAX: '6h',
        ERCSP_PROVIDER_REMINDER_EVERY: '2d',
        ERCSP_PROVIDER_DEADLINE: '14d',
      };
      const env: Record<string, string> = {};
      for (const { name, value } of appSettings) {
        if (!name.startsWith('ERCSP_')) continue;
        const isExpression = value.startsWith('[') && value.endsWith(']');
        const resolved = isExpression ? deployed[name] : value;
        if (resolved === undefined) throw new Error(`${name}: an expression (${value}); add its deployed value here`);
        env[name] = resolved;
      }
      const config = loadConfig(env);
      expect(config.credentials.mode).toBe('federated-app');
      expect(config.secrets.source).toBe('keyvault');
      expect(config.tables.connectionString).toBeUndefined();
      expect(config.serviceBus.connectionString).toBeUndefined();
    });
  });
});
