import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite } from '../../scripts/local-stack.mjs';

/**
 * scripts/local-stack.mjs ensureTable returns once the table is ACTIVE: dynalite answers CreateTable while the table
 * is CREATING and refuses writes until then (before the fix, about 1 write in 30 made right after it was refused with
 * ResourceNotFoundException, which failed a test file's setup now and then).
 */

let store: { endpoint: string; close: () => Promise<void> };
let client: DynamoDBClient;

beforeAll(async () => {
  store = await startDynalite({ port: 0, dataDir: ':memory:' });
  client = new DynamoDBClient({ endpoint: store.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});
afterAll(async () => {
  client.destroy();
  await store.close();
});

describe('ensureTable', () => {
  it('leaves each new table ACTIVE and writable at once, and an existing one as it is', async () => {
    const refused: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const table = `ensured-${i}`;
      await ensureTable(store.endpoint, table);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      try {
        await client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: 'a' }, SK: { S: 'b' } } }));
      } catch (error) {
        refused.push(`${table}: ${(error as Error).name}`);
      }
    }
    expect(refused).toEqual([]);
    await ensureTable(store.endpoint, 'ensured-0');
    const { Item } = await client.send(new GetItemCommand({ TableName: 'ensured-0', Key: { PK: { S: 'a' }, SK: { S: 'b' } } }));
    expect(Item).toEqual({ PK: { S: 'a' }, SK: { S: 'b' } });
  });
});
