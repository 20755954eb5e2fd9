/**
 * Builds every Table storage adapter over one storage account. Production passes the account's table endpoint and
 * a managed-identity `TokenCredential` (built by the composition root; this file never imports `@azure/identity`);
 * local runs and tests pass a connection string (Azurite).
 *
 * Tables are created if missing, once per factory, on the first operation of any adapter (memoized; a failed
 * attempt is retried on the next operation).
 */
import type { TokenCredential } from '@azure/core-auth';
import type { TableClient, TableServiceClientOptions } from '@azure/data-tables';
import { AppError } from '../../errors';
import { dataTablesSdk } from '../sdkModules';
import { TableCheckpointLog } from './checkpointLog';
import { TableCustomerLeases } from './customerLeases';
import { TableCustomerRegistry, type CustomerRegistryOptions } from './customerRegistry';
import { TableOutboundEventRecorder } from './outboundEvents';
import { TableComplianceStore } from './complianceStore';
import { TableProviderWaitRegistry } from './providerWaits';
import { TableRequestLedger } from './requestLedger';
import type { Clock, TableHandle } from './tableSupport';

export interface TableAdaptersOptions {
  /** Local: an Azurite (or account-key) connection string. Exclusive with `endpoint`. */
  readonly connectionString?: string;
  /** Production: `https://{account}.table.core.windows.net`, with `credential`. */
  readonly endpoint?: string;
  readonly credential?: TokenCredential;
  /** Letters and digits, starting with a letter (table names allow nothing else); default `ercsp`. */
  readonly tablePrefix?: string;
  /** Needed for an `http://` endpoint; defaults to true only when the endpoint is http on a loopback address. */
  readonly allowInsecureConnection?: boolean;
  readonly clock?: Clock;
  readonly orphanClaimGraceMs?: CustomerRegistryOptions['orphanClaimGraceMs'];
}

export interface TableNames {
  readonly customers: string;
  readonly checkpoints: string;
  readonly leases: string;
  readonly requests: string;
  readonly outbound: string;
  readonly sweeps: string;
  readonly findings: string;
  readonly providerWaits: string;
}

export interface TableAdapters {
  readonly customers: TableCustomerRegistry;
  readonly checkpoints: TableCheckpointLog;
  readonly leases: TableCustomerLeases;
  readonly requests: TableRequestLedger;
  readonly outbound: TableOutboundEventRecorder;
  /** Compliance sweep reports and findings. */
  readonly compliance: TableComplianceStore;
  /** The provider waits in flight, read by the fleet-wide provider watcher. */
  readonly providerWaits: TableProviderWaitRegistry;
  readonly tableNames: TableNames;
  /** Creates the tables now (the adapters otherwise do it on first use). */
  readonly ensureTables: () => Promise<void>;
}

export const DEFAULT_TABLE_PREFIX = 'ercsp';

export function tableNames(prefix: string = DEFAULT_TABLE_PREFIX): TableNames {
  // 63 characters at most; the longest suffix is 11.
  if (!/^[A-Za-z][A-Za-z0-9]{0,51}$/.test(prefix)) {
    throw new AppError(
      'InvalidConfiguration',
      `tablePrefix "${prefix}" must be 1-52 letters or digits, starting with a letter`,
    );
  }
  return {
    customers: `${prefix}Customers`,
    checkpoints: `${prefix}Checkpoints`,
    leases: `${prefix}Leases`,
    requests: `${prefix}Requests`,
    outbound: `${prefix}Outbound`,
    sweeps: `${prefix}Sweeps`,
    findings: `${prefix}Findings`,
    providerWaits: `${prefix}Waits`,
  };
}

export function createTableAdapters(options: TableAdaptersOptions): TableAdapters {
  const names = tableNames(options.tablePrefix);
  const makeClient = clientFactory(options);
  const clients = {
    customers: makeClient(names.customers),
    checkpoints: makeClient(names.checkpoints),
    leases: makeClient(names.leases),
    requests: makeClient(names.requests),
    outbound: makeClient(names.outbound),
    sweeps: makeClient(names.sweeps),
    findings: makeClient(names.findings),
    providerWaits: makeClient(names.providerWaits),
  };

  let creating: Promise<void> | undefined;
  const ensureTables = (): Promise<void> => {
    creating ??= Promise.all(Object.values(clients).map((client) => client.createTable())).then(
      () => undefined,
      (error: unknown) => {
        creating = undefined;
        throw error;
      },
    );
    return creating;
  };
  const handle = (client: TableClient): TableHandle => ({ client, ready: ensureTables });
  const adapterOptions = options.clock ? { clock: options.clock } : {};

  return {
    customers: new TableCustomerRegistry(handle(clients.customers), {
      ...adapterOptions,
      ...(options.orphanClaimGraceMs === undefined ? {} : { orphanClaimGraceMs: options.orphanClaimGraceMs }),
    }),
    checkpoints: new TableCheckpointLog(handle(clients.checkpoints), adapterOptions),
    leases: new TableCustomerLeases(handle(clients.leases), adapterOptions),
    requests: new TableRequestLedger(handle(clients.requests), adapterOptions),
    outbound: new TableOutboundEventRecorder(handle(clients.outbound), adapterOptions),
    compliance: new TableComplianceStore(handle(clients.sweeps), handle(clients.findings)),
    providerWaits: new TableProviderWaitRegistry(handle(clients.providerWaits)),
    tableNames: names,
    ensureTables,
  };
}

function clientFactory(options: TableAdaptersOptions): (tableName: string) => TableClient {
  const { connectionString, endpoint, credential } = options;
  if ((connectionString === undefined) === (endpoint === undefined)) {
    throw new AppError('InvalidConfiguration', 'Table storage needs exactly one of connectionString or endpoint');
  }
  if (connectionString !== undefined) {
    const clientOptions = clientOptionsFor(tableEndpointOf(connectionString), options.allowInsecureConnection);
    const { TableClient } = dataTablesSdk();
    return (tableName) => TableClient.fromConnectionString(connectionString, tableName, clientOptions);
  }
  if (endpoint === undefined || credential === undefined) {
    throw new AppError('InvalidConfiguration', 'a Table storage endpoint needs a credential (managed identity)');
  }
  const clientOptions = clientOptionsFor(endpoint, options.allowInsecureConnection);
  const { TableClient } = dataTablesSdk();
  return (tableName) => new TableClient(endpoint, tableName, credential, clientOptions);
}

function clientOptionsFor(
  endpoint: string | undefined,
  allowInsecureConnection: boolean | undefined,
): TableServiceClientOptions {
  return { allowInsecureConnection: allowInsecureConnection ?? isLoopbackHttp(endpoint) };
}

function tableEndpointOf(connectionString: string): string | undefined {
  if (/UseDevelopmentStorage=true/i.test(connectionString)) return 'http://127.0.0.1:10002';
  return /(?:^|;)\s*TableEndpoint=([^;]+)/i.exec(connectionString)?.[1];
}

function isLoopbackHttp(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}
