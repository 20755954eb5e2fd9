import { createTableAdapters, tableNames } from '../../../shared/adapters/tables/createTableAdapters';
import { AppError } from '../../../shared/errors';
import { adapters, tablesConnection, uniquePrefix } from './tablesTestSupport';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
  }
  return undefined;
}

describe('createTableAdapters', () => {
  it('creates its tables on first use, once, even when every adapter starts at the same moment', async () => {
    const tables = adapters(uniquePrefix('fac'));
    const results = await Promise.all([
      tables.customers.get('nobody'),
      tables.checkpoints.list('nobody'),
      tables.leases.current('nobody'),
      tables.requests.get('nothing'),
      tables.outbound.list(),
      tables.ensureTables(),
    ]);
    expect(results.slice(0, 5)).toEqual([undefined, [], undefined, undefined, []]);
  });

  it('names tables from the prefix and refuses prefixes Table storage would refuse', () => {
    expect(tableNames('ercsp')).toEqual({
      customers: 'ercspCustomers',
      checkpoints: 'ercspCheckpoints',
      leases: 'ercspLeases',
      requests: 'ercspRequests',
      outbound: 'ercspOutbound',
      sweeps: 'ercspSweeps',
      findings: 'ercspFindings',
      providerWaits: 'ercspWaits',
    });
    for (const bad of ['', '1abc', 'has-dash', 'x'.repeat(53)])
      expect(codeOf(() => tableNames(bad))).toBe('InvalidConfiguration');
  });

  it('needs exactly one of a connection string or an endpoint with a credential', () => {
    const endpoint = 'https://a.table.core.windows.net';
    expect(codeOf(() => createTableAdapters({}))).toBe('InvalidConfiguration');
    expect(codeOf(() => createTableAdapters({ connectionString: tablesConnection(), endpoint }))).toBe(
      'InvalidConfiguration',
    );
    expect(codeOf(() => createTableAdapters({ endpoint }))).toBe('InvalidConfiguration');
    const credential = { getToken: () => Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) };
    expect(createTableAdapters({ endpoint, credential }).tableNames.customers).toBe('ercspCustomers');
  });
});
