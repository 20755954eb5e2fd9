/**
 * Starts Azurite's Table service in this process, in memory, on a free loopback port.
 * Used by the test setup and by `ercsp rehearse`; the application only ever sees a connection string.
 */
// Azurite has no public in-process API; these internal paths are stable for the pinned azurite version.
import TableServer from 'azurite/dist/src/table/TableServer';
import TableConfiguration from 'azurite/dist/src/table/TableConfiguration';

/** The well-known development storage account that Azurite accepts (public, documented, not a secret). */
export const DEV_ACCOUNT_NAME = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface TableEmulator {
  /** e.g. http://127.0.0.1:41234/devstoreaccount1 */
  readonly endpoint: string;
  /** A full connection string for `TableClient.fromConnectionString`. */
  readonly connectionString: string;
  stop(): Promise<void>;
}

export async function startTableEmulator(options: { port?: number } = {}): Promise<TableEmulator> {
  const config = new TableConfiguration(
    '127.0.0.1',
    options.port ?? 0,
    undefined, // keepAliveTimeout
    undefined, // metadataDBPath (unused in memory)
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose
    true, // skipApiVersionCheck: the SDK may be newer than the emulator
    '',
    '',
    '',
    undefined,
    false,
    true, // isMemoryPersistence
  );
  const server = new TableServer(config);
  await server.start();
  const address = server.getHttpServerAddress(); // http://127.0.0.1:PORT
  const endpoint = `${address}/${DEV_ACCOUNT_NAME}`;
  return {
    endpoint,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT_NAME};AccountKey=${DEV_ACCOUNT_KEY};TableEndpoint=${endpoint};`,
    stop: () => server.close(),
  };
}
