import { TableClient } from '@azure/data-tables';

describe('Azurite Table emulator started by the test setup', () => {
  it('accepts writes and rejects a stale ETag with 412', async () => {
    const connection = process.env.ERCSP_TEST_TABLES_CONNECTION;
    expect(connection).toBeDefined();
    const client = TableClient.fromConnectionString(connection!, 'smoke', { allowInsecureConnection: true });
    await client.createTable();
    await client.upsertEntity({ partitionKey: 'p', rowKey: 'r', value: 1 }, 'Replace');
    const first = await client.getEntity('p', 'r');
    await client.updateEntity({ partitionKey: 'p', rowKey: 'r', value: 2 }, 'Replace', { etag: first.etag });
    await expect(
      client.updateEntity({ partitionKey: 'p', rowKey: 'r', value: 3 }, 'Replace', { etag: first.etag }),
    ).rejects.toMatchObject({ statusCode: 412 });
  });
});
