/**
 * The one place that builds clients. Everything is chosen by configuration (endpoints, connection strings,
 * credential mode): the same code runs against Azure and against the local stand-ins.
 */
import { readFileSync } from 'node:fs';
import type { ActivityDependencies } from './ports/activityDependencies';
import type { ArmNetworkAdapterOptions } from './adapters/arm/armNetworkAdapterOptions';
import type { TenantCredentialProvider } from './adapters/identity';
import type { ServiceBusOutboundEvents } from './adapters/servicebus';
import type { TableAdapters } from './adapters/tables/createTableAdapters';
import type { AppConfig } from './config';
import type * as CompositionModules from './compositionModules';
import type { OutboundEvents } from './ports/outbound';
import type { SecretResolver } from './ports/secrets';
import { currentTrace } from './tracing';

/**
 * The adapters and the configuration reader, required when the composition is first built rather than when a
 * registration imports this module: a cold start loads none of them (compositionModules.ts).
 */
function compositionModules(): typeof CompositionModules {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred loading is the point
  return require('./compositionModules') as typeof CompositionModules;
}

export interface Composition {
  readonly config: AppConfig;
  readonly tables: TableAdapters;
  readonly activities: ActivityDependencies;
  close(): Promise<void>;
}

function tenantCredentials(config: AppConfig): TenantCredentialProvider {
  const {
    CertificateAppCredentialProvider,
    FakeTenantCredentialProvider,
    FederatedAppCredentialProvider,
    HomeTenantCredentialProvider,
  } = compositionModules();
  const { mode, appClientId, managedIdentityClientId, certificatePath } = config.credentials;
  switch (mode) {
    case 'federated-app':
      return new FederatedAppCredentialProvider({
        appClientId: appClientId ?? '',
        ...(managedIdentityClientId === undefined ? {} : { managedIdentityClientId }),
        cache: config.arm.caches.credentials,
      });
    case 'certificate':
      return new CertificateAppCredentialProvider({
        appClientId: appClientId ?? '',
        certificate: { certificatePath: certificatePath ?? '' },
        cache: config.arm.caches.credentials,
      });
    case 'default':
      return new HomeTenantCredentialProvider({ homeTenantId: config.csp.tenantId });
    case 'fake':
      return new FakeTenantCredentialProvider();
  }
}

export function createComposition(config: AppConfig): Composition {
  const {
    appCredential,
    ArmCircuitCounter,
    ArmNetworkAdapter,
    createTableAdapters,
    CspSubscriptionDirectory,
    EnvironmentSecretResolver,
    KeyVaultSecretResolver,
    ResourceGraphInventory,
    ServiceBusOutboundEvents,
    workflowClientFor,
  } = compositionModules();
  const needsAppCredential =
    config.tables.connectionString === undefined ||
    config.serviceBus.connectionString === undefined ||
    config.secrets.source === 'keyvault';
  const ownCredential = needsAppCredential ? appCredential(config.credentials.managedIdentityClientId) : undefined;

  const tables = createTableAdapters(
    config.tables.connectionString !== undefined
      ? { connectionString: config.tables.connectionString, tablePrefix: config.tables.prefix }
      : { endpoint: config.tables.endpoint ?? '', credential: ownCredential, tablePrefix: config.tables.prefix },
  );

  const secrets: SecretResolver =
    config.secrets.source === 'environment' || ownCredential === undefined
      ? new EnvironmentSecretResolver()
      : new KeyVaultSecretResolver(ownCredential, config.secrets.keyVaultDnsSuffix);

  let serviceBus: ServiceBusOutboundEvents | undefined;
  if (config.serviceBus.connectionString !== undefined) {
    serviceBus = new ServiceBusOutboundEvents({
      connectionString: config.serviceBus.connectionString,
      topicName: config.serviceBus.eventsTopic,
      source: config.serviceBus.eventsSource,
    });
  } else if (config.serviceBus.namespace !== undefined && ownCredential !== undefined) {
    serviceBus = new ServiceBusOutboundEvents({
      fullyQualifiedNamespace: config.serviceBus.namespace,
      credential: ownCredential,
      topicName: config.serviceBus.eventsTopic,
      source: config.serviceBus.eventsSource,
    });
  }
  // Every event is recorded in Table storage (the audit trail); with Service Bus configured it is also published.
  // An event caused by a traced request carries its traceparent (shared/tracing.ts).
  const outbound: OutboundEvents = {
    publish: async (event) => {
      const traceparent = event.traceparent ?? currentTrace()?.traceparent;
      const traced = traceparent === undefined ? event : { ...event, traceparent };
      await tables.outbound.publish(traced);
      await serviceBus?.publish(traced);
    },
  };

  const armOptions: ArmNetworkAdapterOptions = {
    endpoint: config.arm.endpoint,
    credentials: tenantCredentials(config),
    subscriptions: new CspSubscriptionDirectory({
      cspTenantId: config.csp.tenantId,
      cspSubscriptionIds: config.csp.subscriptionIds,
      customers: tables.customers,
    }),
    ...(config.arm.caFile === undefined ? {} : { tls: { caPem: readFileSync(config.arm.caFile, 'utf8') } }),
    pollIntervalMs: config.arm.pollIntervalMs,
    clientCache: config.arm.caches.clients,
    guardConfirmationTtlMs: config.arm.caches.tenantConfirmations.ttlMs,
    guardConfirmationCacheSize: config.arm.caches.tenantConfirmations.maxEntries,
    retry: {
      maxRetries: config.arm.retry.maxRetries,
      baseDelayMs: config.arm.retry.baseDelayMs,
      maxDelayMs: config.arm.retry.maxDelayMs,
    },
    secrets,
  };
  const network = new ArmNetworkAdapter(armOptions);
  const circuitCounts = new ArmCircuitCounter(armOptions);
  const inventory = new ResourceGraphInventory({
    endpoint: config.arm.endpoint,
    credentials: armOptions.credentials,
    scopeCheck: config.sweeps.resourceGraphScope,
    subscriptions: armOptions.subscriptions,
    ...(armOptions.tls?.caPem === undefined ? {} : { caPem: armOptions.tls.caPem }),
  });

  return {
    config,
    tables,
    activities: {
      network,
      checkpoints: tables.checkpoints,
      customers: tables.customers,
      placements: tables.customers,
      specs: tables.customers,
      circuitCounts,
      providerOffers: network.providerOffers,
      leases: tables.leases,
      outbound,
      requests: tables.requests,
      csp: config.csp,
      workflowsFor: workflowClientFor,
      compliance: { inventory, store: tables.compliance, settings: config.sweeps },
      providerWaits: tables.providerWaits,
    },
    close: async () => {
      await serviceBus?.close();
    },
  };
}

let appInstance: Composition | undefined;

/** The app's composition, built from the environment on first use (never at load time). */
export function appComposition(): Composition {
  appInstance ??= createComposition(compositionModules().loadConfig());
  return appInstance;
}

/** Drops the app's composition so that the next use reads the environment again (local hosts and tests). */
export async function resetAppComposition(): Promise<void> {
  const previous = appInstance;
  appInstance = undefined;
  await previous?.close();
}
