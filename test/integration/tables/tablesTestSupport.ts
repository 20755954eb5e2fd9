import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import {
  createTableAdapters,
  type TableAdapters,
  type TableAdaptersOptions,
} from '../../../shared/adapters/tables/createTableAdapters';

/** The Azurite connection string that `test/support/globalSetup.ts` publishes. */
export function tablesConnection(): string {
  const connection = process.env.ERCSP_TEST_TABLES_CONNECTION;
  if (connection === undefined)
    throw new Error('ERCSP_TEST_TABLES_CONNECTION is not set: run through jest (globalSetup)');
  return connection;
}

/** A table prefix no other test file uses: `{tag}` plus random letters and digits. */
export function uniquePrefix(tag: string): string {
  return `t${tag}${randomBytes(4).toString('hex')}`;
}

/** Adapters over the shared Azurite; call twice with the same prefix for two independent instances (two clients). */
export function adapters(
  prefix: string,
  options: Omit<TableAdaptersOptions, 'connectionString' | 'tablePrefix'> = {},
): TableAdapters {
  return createTableAdapters({ connectionString: tablesConnection(), tablePrefix: prefix, ...options });
}

/**
 * A client whose first `parties` point reads all return together, once every one of them has been answered: every
 * racer then decides on the same (stale) state, so a race that would otherwise depend on timing happens every time.
 */
export function withReadBarrier(client: TableClient, parties: number): TableClient {
  let arrived = 0;
  let release = (): void => undefined;
  const barrier = new Promise<void>((resolve) => {
    release = resolve;
  });
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'getEntity') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<TableClient['getEntity']>) => {
        const result = await target.getEntity(...args).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        if (arrived < parties) {
          arrived += 1;
          if (arrived === parties) release();
          await barrier;
        }
        if ('error' in result) throw result.error;
        return result.value;
      };
    },
  });
}

/** A raw client on one of the factory's tables, for fault injection. */
export function rawClient(tableName: string): TableClient {
  return TableClient.fromConnectionString(tablesConnection(), tableName, { allowInsecureConnection: true });
}
