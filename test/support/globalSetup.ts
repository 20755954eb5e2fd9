import { startTableEmulator, type TableEmulator } from '../../local/azurite/tableEmulator';

declare global {
  var __TABLE_EMULATOR__: TableEmulator | undefined;
}

/** One Azurite Table service for the whole run; workers find it through the environment. */
export default async function globalSetup(): Promise<void> {
  const emulator = await startTableEmulator();
  globalThis.__TABLE_EMULATOR__ = emulator;
  process.env.ERCSP_TEST_TABLES_CONNECTION = emulator.connectionString;
}
