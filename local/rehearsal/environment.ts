/**
 * The settings that point the app's configuration (`shared/config.ts`) at the local stand-ins. Configuration is the
 * only thing that differs from Azure: the rehearsal sets these in `process.env` before the app's first use (its
 * composition is built from the environment then), and the test harness passes them to `loadConfig`.
 */
import { EnvironmentSecretResolver } from '../../shared/adapters/secrets/environmentSecretResolver';
import type { SecretReference } from '../../shared/domain/spec';
import {
  DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE,
  DEFAULT_PROVIDER_WATCH_SCHEDULE,
  DEFAULT_SWEEP_SCHEDULE,
} from '../../shared/config';

export interface StandInSettings {
  readonly cspTenantId: string;
  readonly cspSubscriptionIds: readonly string[];
  /** The ARM simulator: its HTTPS endpoint and the file holding the CA to trust. */
  readonly arm: { readonly endpoint: string; readonly caFile: string };
  /** Azurite: a connection string, and the prefix of the app's table names. */
  readonly tables: { readonly connectionString: string; readonly prefix?: string };
  /** The local Service Bus peer (outbound events go to its topic); absent: events are only recorded in Tables. */
  readonly serviceBusConnection?: string;
}

/**
 * ARM polls and retries a few milliseconds apart: the simulator runs on a virtual clock, so real waits would only
 * slow a run down.
 */
export const STAND_IN_ARM_TIMING = {
  ERCSP_ARM_POLL_INTERVAL: '5ms',
  ERCSP_ARM_RETRY_DELAY: '5ms',
  ERCSP_ARM_MAX_RETRY_DELAY: '50ms',
} as const;

/**
 * The timer schedules the Functions host reads from app settings (`%ERCSP_PROVIDER_WATCH_SCHEDULE%`…), at the
 * defaults of shared/config.ts: the host does not apply those defaults, so local.settings.sample.json lists them too.
 */
export const TIMER_SCHEDULE_SETTINGS = {
  ERCSP_PROVIDER_WATCH_SCHEDULE: DEFAULT_PROVIDER_WATCH_SCHEDULE,
  ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE: DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE,
  ERCSP_SWEEP_SCHEDULE: DEFAULT_SWEEP_SCHEDULE,
} as const;

/** The app's settings for the stand-ins: fake tenant credentials, secrets from the environment, fast ARM timing. */
export function standInEnvironment(settings: StandInSettings): Record<string, string> {
  return {
    ERCSP_CSP_TENANT_ID: settings.cspTenantId,
    ERCSP_CSP_SUBSCRIPTION_IDS: settings.cspSubscriptionIds.join(','),
    ERCSP_ARM_ENDPOINT: settings.arm.endpoint,
    ERCSP_ARM_CA_FILE: settings.arm.caFile,
    ...STAND_IN_ARM_TIMING,
    ...TIMER_SCHEDULE_SETTINGS,
    ERCSP_CREDENTIAL_MODE: 'fake',
    ERCSP_TABLES_CONNECTION: settings.tables.connectionString,
    ...(settings.tables.prefix === undefined ? {} : { ERCSP_TABLES_PREFIX: settings.tables.prefix }),
    ...(settings.serviceBusConnection === undefined
      ? {}
      : { ERCSP_SERVICEBUS_CONNECTION: settings.serviceBusConnection }),
    ERCSP_SECRETS_SOURCE: 'environment',
  };
}

/** `ERCSP_SECRET__<vault>__<secret>` for each reference, as `ERCSP_SECRETS_SOURCE=environment` resolves them. */
export function secretEnvironment(
  secrets: readonly { readonly reference: SecretReference; readonly value: string }[],
): Record<string, string> {
  return Object.fromEntries(
    secrets.map(({ reference, value }) => [EnvironmentSecretResolver.variableFor(reference), value]),
  );
}

/** Sets the variables in `process.env`; the returned function puts back what was there before. */
export function applyEnvironment(variables: Readonly<Record<string, string>>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(variables)) {
    if (!previous.has(name)) previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  };
}
