// Typings for the Azurite internals the local Table emulator uses (pinned azurite version; no public in-process API).
declare module 'azurite/dist/src/table/TableServer' {
  export default class TableServer {
    constructor(configuration: unknown);
    start(): Promise<void>;
    close(): Promise<void>;
    getHttpServerAddress(): string;
  }
}
declare module 'azurite/dist/src/table/TableConfiguration' {
  const TableConfiguration: new (...args: unknown[]) => object;
  export default TableConfiguration;
}
