/**
 * Reads the environment once and fails fast, listing every missing or malformed setting at the same time.
 * Stand-ins (ARM simulator, Azurite, the local Service Bus peer) are chosen here, by endpoints and connection
 * strings only: nothing else in the application knows whether it talks to Azure.
 */
import { z } from 'zod';
import { parseDuration } from './duration';
import { parseRepairPolicy, type RepairPolicy } from './domain/findings';
import type { FindingThresholds } from './domain/findingsDiff';

const guid = z.guid('must be a GUID');
const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'must be a duration such as 90s, 30m, 12h or 14d' });
        return z.NEVER;
      }
      return ms;
    });
const csvGuids = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  )
  .pipe(z.array(guid).min(1, 'must list at least one subscription id'));

/** Hourly, on the hour (NCRONTAB: second minute hour day month weekday). */
export const DEFAULT_SWEEP_SCHEDULE = '0 0 * * * *';
/** The fleet-wide provider watcher (docs/provider-watcher.md): every 5 minutes. */
export const DEFAULT_PROVIDER_WATCH_SCHEDULE = '0 */5 * * * *';
/** Its close watch, of the circuits a provider is working on: every minute. */
export const DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE = '0 * * * * *';

const EnvironmentSchema = z.object({
  ERCSP_CSP_TENANT_ID: guid,
  ERCSP_CSP_SUBSCRIPTION_IDS: csvGuids,
  /** Compliance sweeps (docs/compliance.md): the timer's NCRONTAB schedule (the host reads it as %ERCSP_SWEEP_SCHEDULE%). */
  ERCSP_SWEEP_SCHEDULE: z.string().default(DEFAULT_SWEEP_SCHEDULE),
  /** The provider watcher's NCRONTAB schedule (the host reads it as %ERCSP_PROVIDER_WATCH_SCHEDULE%). */
  ERCSP_PROVIDER_WATCH_SCHEDULE: z.string().default(DEFAULT_PROVIDER_WATCH_SCHEDULE),
  /** The close watch's NCRONTAB schedule (%ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE%): waits whose provider is at work. */
  ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE: z.string().default(DEFAULT_PROVIDER_CLOSE_WATCH_SCHEDULE),
  /** Repair policy per finding class, e.g. `route=repair,nsgRule=repair`; every class is `report` by default. */
  ERCSP_SWEEP_REPAIR: z.string().default(''),
  ERCSP_SWEEP_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  ERCSP_SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** per-tenant: one Resource Graph scope per customer tenant; delegated: Azure Lighthouse, the CSP tenant reads all. */
  ERCSP_RESOURCE_GRAPH_SCOPE: z.enum(['per-tenant', 'delegated']).default('per-tenant'),
  ERCSP_FINDING_AUTHORIZATION_UNUSED_DAYS: z.coerce.number().int().min(1).default(30),
  ERCSP_FINDING_NOT_PROVISIONED_DAYS: z.coerce.number().int().min(1).default(7),
  ERCSP_ARM_ENDPOINT: z.url().default('https://management.azure.com'),
  /** PEM file of a CA to trust for the ARM endpoint (a private endpoint, or the local simulator). */
  ERCSP_ARM_CA_FILE: z.string().optional(),
  ERCSP_ARM_POLL_INTERVAL: duration('10s'),
  /** Transport retries per ARM request; business retries get the rest of 10 attempts a call (retryBudget.ts). */
  ERCSP_ARM_MAX_RETRIES: z.coerce.number().int().min(0).max(9).default(3),
  ERCSP_ARM_RETRY_DELAY: duration('2s'),
  ERCSP_ARM_MAX_RETRY_DELAY: duration('60s'),
  /** Bounded caches of long-lived workers (LRU, and an age limit): ARM clients, credentials, tenant confirmations. */
  ERCSP_ARM_CLIENT_CACHE_SIZE: z.coerce.number().int().min(1).default(1000),
  ERCSP_CREDENTIAL_CACHE_SIZE: z.coerce.number().int().min(1).default(1000),
  /** Age at which a cached ARM client or credential is built again. */
  ERCSP_CLIENT_CACHE_TTL: duration('1h').pipe(z.number().positive('must be longer than 0')),
  ERCSP_TENANT_CONFIRMATION_CACHE_SIZE: z.coerce.number().int().min(1).default(10_000),
  /** How long a subscription's tenant, once confirmed by the registry, is trusted before it is asked again. */
  ERCSP_TENANT_CONFIRMATION_TTL: duration('60s').pipe(z.number().positive('must be longer than 0')),

  /** federated-app: managed identity as a federated credential of the CSP's multi-tenant app (production). */
  ERCSP_CREDENTIAL_MODE: z.enum(['federated-app', 'certificate', 'default', 'fake']).default('federated-app'),
  ERCSP_APP_CLIENT_ID: guid.optional(),
  ERCSP_MANAGED_IDENTITY_CLIENT_ID: guid.optional(),
  ERCSP_APP_CERTIFICATE_PATH: z.string().optional(),

  /** Table storage: a connection string (Azurite, development) or an endpoint used with the managed identity. */
  ERCSP_TABLES_CONNECTION: z.string().optional(),
  ERCSP_TABLES_ENDPOINT: z.url().optional(),
  ERCSP_TABLES_PREFIX: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'must be letters and digits')
    .default('ercsp'),

  /**
   * Service Bus for outbound events: a connection string or a namespace used with the managed identity.
   * Without either, outbound events are only recorded in Table storage (development).
   */
  ERCSP_SERVICEBUS_CONNECTION: z.string().optional(),
  ERCSP_SERVICEBUS_NAMESPACE: z.string().optional(),
  ERCSP_EVENTS_TOPIC: z.string().min(1).default('er-events'),
  ERCSP_EVENTS_SOURCE: z.string().min(1).default('/expressroute-csp'),
  ERCSP_ONBOARDING_QUEUE: z.string().min(1).default('er-onboarding'),
  ERCSP_BANDWIDTH_QUEUE: z.string().min(1).default('er-bandwidth'),
  ERCSP_DECOMMISSION_QUEUE: z.string().min(1).default('er-decommission'),
  /** Where refused request messages are parked with their reason (see functions/README.md). */
  ERCSP_REJECTED_QUEUE: z.string().min(1).default('er-rejected'),

  /** Where secret references resolve: Key Vault (production) or environment variables (development). */
  ERCSP_SECRETS_SOURCE: z.enum(['keyvault', 'environment']).default('keyvault'),
  /** Key Vault DNS suffix (sovereign clouds differ); secret references name the vault. */
  ERCSP_KEYVAULT_DNS_SUFFIX: z.string().default('vault.azure.net'),

  ERCSP_PROVIDER_POLL_MIN: duration('1m'),
  ERCSP_PROVIDER_POLL_MAX: duration('6h'),
  ERCSP_PROVIDER_REMINDER_EVERY: duration('2d'),
  ERCSP_PROVIDER_DEADLINE: duration('14d'),
  ERCSP_RESOURCE_POLL: duration('1m'),
  ERCSP_LEASE_POLL: duration('5m'),
  /** How long a decommission without approval waits for an Approval or Rejection before it ends Expired. */
  ERCSP_APPROVAL_TIMEOUT: duration('7d'),
  /** Wait for the provider's confirmation after each circuit's bandwidth change (`true` or `false`). */
  ERCSP_PROVIDER_CONFIRMS_BANDWIDTH: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
});

export interface AppConfig {
  readonly csp: { readonly tenantId: string; readonly subscriptionIds: readonly string[] };
  readonly arm: {
    readonly endpoint: string;
    readonly caFile?: string;
    readonly pollIntervalMs: number;
    readonly retry: { readonly maxRetries: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
    /** Bounds of the worker's caches (shared/adapters/boundedCache.ts). */
    readonly caches: {
      readonly clients: { readonly maxEntries: number; readonly ttlMs: number };
      readonly credentials: { readonly maxEntries: number; readonly ttlMs: number };
      readonly tenantConfirmations: { readonly maxEntries: number; readonly ttlMs: number };
    };
  };
  readonly credentials: {
    readonly mode: 'federated-app' | 'certificate' | 'default' | 'fake';
    readonly appClientId?: string;
    readonly managedIdentityClientId?: string;
    readonly certificatePath?: string;
  };
  readonly tables: { readonly connectionString?: string; readonly endpoint?: string; readonly prefix: string };
  readonly serviceBus: {
    readonly connectionString?: string;
    readonly namespace?: string;
    readonly eventsTopic: string;
    readonly eventsSource: string;
    readonly queues: {
      readonly onboarding: string;
      readonly bandwidth: string;
      readonly decommission: string;
      readonly rejected: string;
    };
  };
  readonly secrets: { readonly source: 'keyvault' | 'environment'; readonly keyVaultDnsSuffix: string };
  readonly timing: WorkflowTiming;
  readonly sweeps: SweepSettings;
  /** The fleet-wide provider watcher (docs/provider-watcher.md). */
  readonly providerWatch: { readonly schedule: string; readonly closeWatchSchedule: string };
}

/** Compliance sweeps: schedule, repair policy, fan-out, Resource Graph scope, finding thresholds. */
export interface SweepSettings {
  readonly schedule: string;
  readonly repairPolicy: RepairPolicy;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly resourceGraphScope: 'per-tenant' | 'delegated';
  readonly thresholds: FindingThresholds;
}

/** How long and how often workflows wait; passed into orchestrations as input, never read there. */
export interface WorkflowTiming {
  readonly providerPollMinMs: number;
  readonly providerPollMaxMs: number;
  readonly providerReminderEveryMs: number;
  readonly providerDeadlineMs: number;
  readonly resourcePollMs: number;
  readonly leasePollMs: number;
  /**
   * How long a decommission waits for a decision (`ERCSP_APPROVAL_TIMEOUT`, default 7 days). Optional so that
   * timings recorded before it existed stay valid; the workflow uses 7 days when it is absent.
   */
  readonly approvalTimeoutMs?: number;
  /**
   * After each circuit's bandwidth change, wait for the provider's `ProviderBandwidthConfirmed` (with the provider
   * wait's reminders and deadline) before the next circuit (`ERCSP_PROVIDER_CONFIRMS_BANDWIDTH`, default false: the
   * `bandwidth.changed` event is sent and the change goes on). Optional so that recorded timings stay valid.
   */
  readonly providerConfirmsBandwidth?: boolean;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.ERCSP_TABLES_CONNECTION === undefined && e.ERCSP_TABLES_ENDPOINT === undefined) {
    problems.push('ERCSP_TABLES_CONNECTION or ERCSP_TABLES_ENDPOINT: one of them is required');
  }
  if (e.ERCSP_CREDENTIAL_MODE === 'federated-app' && e.ERCSP_APP_CLIENT_ID === undefined) {
    problems.push('ERCSP_APP_CLIENT_ID: required when ERCSP_CREDENTIAL_MODE is federated-app');
  }
  if (
    e.ERCSP_CREDENTIAL_MODE === 'certificate' &&
    (e.ERCSP_APP_CLIENT_ID === undefined || e.ERCSP_APP_CERTIFICATE_PATH === undefined)
  ) {
    problems.push(
      'ERCSP_APP_CLIENT_ID and ERCSP_APP_CERTIFICATE_PATH: required when ERCSP_CREDENTIAL_MODE is certificate',
    );
  }
  if (e.ERCSP_PROVIDER_POLL_MIN > e.ERCSP_PROVIDER_POLL_MAX) {
    problems.push('ERCSP_PROVIDER_POLL_MIN: must not exceed ERCSP_PROVIDER_POLL_MAX');
  }
  const repair = parseRepairPolicy(e.ERCSP_SWEEP_REPAIR);
  problems.push(...repair.issues.map((issue) => `ERCSP_SWEEP_REPAIR: ${issue}`));
  if (problems.length > 0) throw new ConfigurationError(problems);

  return {
    csp: { tenantId: e.ERCSP_CSP_TENANT_ID, subscriptionIds: e.ERCSP_CSP_SUBSCRIPTION_IDS },
    arm: {
      endpoint: e.ERCSP_ARM_ENDPOINT.replace(/\/+$/, ''),
      caFile: e.ERCSP_ARM_CA_FILE,
      pollIntervalMs: e.ERCSP_ARM_POLL_INTERVAL,
      retry: {
        maxRetries: e.ERCSP_ARM_MAX_RETRIES,
        baseDelayMs: e.ERCSP_ARM_RETRY_DELAY,
        maxDelayMs: e.ERCSP_ARM_MAX_RETRY_DELAY,
      },
      caches: {
        clients: { maxEntries: e.ERCSP_ARM_CLIENT_CACHE_SIZE, ttlMs: e.ERCSP_CLIENT_CACHE_TTL },
        credentials: { maxEntries: e.ERCSP_CREDENTIAL_CACHE_SIZE, ttlMs: e.ERCSP_CLIENT_CACHE_TTL },
        tenantConfirmations: {
          maxEntries: e.ERCSP_TENANT_CONFIRMATION_CACHE_SIZE,
          ttlMs: e.ERCSP_TENANT_CONFIRMATION_TTL,
        },
      },
    },
    credentials: {
      mode: e.ERCSP_CREDENTIAL_MODE,
      appClientId: e.ERCSP_APP_CLIENT_ID,
      managedIdentityClientId: e.ERCSP_MANAGED_IDENTITY_CLIENT_ID,
      certificatePath: e.ERCSP_APP_CERTIFICATE_PATH,
    },
    tables: {
      connectionString: e.ERCSP_TABLES_CONNECTION,
      endpoint: e.ERCSP_TABLES_ENDPOINT,
      prefix: e.ERCSP_TABLES_PREFIX,
    },
    serviceBus: {
      connectionString: e.ERCSP_SERVICEBUS_CONNECTION,
      namespace: e.ERCSP_SERVICEBUS_NAMESPACE,
      eventsTopic: e.ERCSP_EVENTS_TOPIC,
      eventsSource: e.ERCSP_EVENTS_SOURCE,
      queues: {
        onboarding: e.ERCSP_ONBOARDING_QUEUE,
        bandwidth: e.ERCSP_BANDWIDTH_QUEUE,
        decommission: e.ERCSP_DECOMMISSION_QUEUE,
        rejected: e.ERCSP_REJECTED_QUEUE,
      },
    },
    secrets: { source: e.ERCSP_SECRETS_SOURCE, keyVaultDnsSuffix: e.ERCSP_KEYVAULT_DNS_SUFFIX },
    providerWatch: {
      schedule: e.ERCSP_PROVIDER_WATCH_SCHEDULE,
      closeWatchSchedule: e.ERCSP_PROVIDER_CLOSE_WATCH_SCHEDULE,
    },
    sweeps: {
      schedule: e.ERCSP_SWEEP_SCHEDULE,
      repairPolicy: repair.policy,
      batchSize: e.ERCSP_SWEEP_BATCH_SIZE,
      concurrency: e.ERCSP_SWEEP_CONCURRENCY,
      resourceGraphScope: e.ERCSP_RESOURCE_GRAPH_SCOPE,
      thresholds: {
        authorizationUnusedDays: e.ERCSP_FINDING_AUTHORIZATION_UNUSED_DAYS,
        notProvisionedDays: e.ERCSP_FINDING_NOT_PROVISIONED_DAYS,
      },
    },
    timing: {
      providerPollMinMs: e.ERCSP_PROVIDER_POLL_MIN,
      providerPollMaxMs: e.ERCSP_PROVIDER_POLL_MAX,
      providerReminderEveryMs: e.ERCSP_PROVIDER_REMINDER_EVERY,
      providerDeadlineMs: e.ERCSP_PROVIDER_DEADLINE,
      resourcePollMs: e.ERCSP_RESOURCE_POLL,
      leasePollMs: e.ERCSP_LEASE_POLL,
      approvalTimeoutMs: e.ERCSP_APPROVAL_TIMEOUT,
      providerConfirmsBandwidth: e.ERCSP_PROVIDER_CONFIRMS_BANDWIDTH,
    },
  };
}
