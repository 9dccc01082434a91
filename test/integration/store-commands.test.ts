import { GetItemCommand, QueryCommand as LowLevelQueryCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand as DocumentBatchGetCommand,
  GetCommand as DocumentGetCommand,
  PutCommand,
  QueryCommand as DocumentQueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dynamo, resetDynamoClient } from '../../lib/store/client';
import { BatchGetCommand, GetCommand, QueryCommand } from '../../lib/store/commands';
import { useTestStore } from '../support/store';

/**
 * lib/store/commands.ts: the reads resolve their middleware stack once per client and class, and each send still
 * answers its own input (keys, projections, conditions) with the document layer's types, alone or in parallel.
 */

useTestStore();
const TABLE = 'stt-test';
const PK = `COMMANDS#${Date.now()}`;

afterEach(() => vi.restoreAllMocks());

async function putItems(count: number) {
  for (let i = 0; i < count; i += 1) {
    await dynamo().send(new PutCommand({
      TableName: TABLE,
      Item: { PK, SK: `ITEM#${String(i).padStart(3, '0')}`, n: i, tags: new Set([`t${i}`]), nested: { list: [i, `${i}`], flag: i % 2 === 0 } },
    }));
  }
}

describe('store commands', () => {
  it('are the document commands by class and name', () => {
    const get = new GetCommand({ TableName: TABLE, Key: { PK, SK: 'x' } });
    expect(get).toBeInstanceOf(DocumentGetCommand);
    expect(new QueryCommand({ TableName: TABLE })).toBeInstanceOf(DocumentQueryCommand);
    expect(new BatchGetCommand({ RequestItems: {} })).toBeInstanceOf(DocumentBatchGetCommand);
    expect([GetCommand.name, QueryCommand.name, BatchGetCommand.name]).toEqual(['GetCommand', 'QueryCommand', 'BatchGetCommand']);
  });

  it('resolve the stack once per class; every send answers its own key, projection and types, also in parallel', async () => {
    resetDynamoClient();
    await putItems(25);
    const resolveGet = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');
    const resolveQuery = vi.spyOn(LowLevelQueryCommand.prototype, 'resolveMiddleware');

    const first = await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#003' }, ConsistentRead: true }));
    expect(first.Item).toEqual({ PK, SK: 'ITEM#003', n: 3, tags: new Set(['t3']), nested: { list: [3, '3'], flag: false } });
    const projected = await dynamo().send(new GetCommand({
      TableName: TABLE, Key: { PK, SK: 'ITEM#004' }, ProjectionExpression: '#n', ExpressionAttributeNames: { '#n': 'n' },
    }));
    expect(projected.Item).toEqual({ n: 4 });
    const missing = await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#999' } }));
    expect(missing.Item).toBeUndefined();

    const parallel = await Promise.all(Array.from({ length: 25 }, (_, i) =>
      dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: `ITEM#${String(24 - i).padStart(3, '0')}` } }))));
    expect(parallel.map((answer) => answer.Item?.n)).toEqual(Array.from({ length: 25 }, (_, i) => 24 - i));

    const [all, some] = await Promise.all([
      dynamo().send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK } })),
      dynamo().send(new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        FilterExpression: 'n > :min',
        ExpressionAttributeValues: { ':pk': PK, ':sk': 'ITEM#01', ':min': 15 },
        ScanIndexForward: false,
      })),
    ]);
    expect(all.Items?.length).toBe(25);
    expect(some.Items?.map((item) => item.n)).toEqual([19, 18, 17, 16]);

    expect(resolveGet).toHaveBeenCalledTimes(1);
    expect(resolveQuery).toHaveBeenCalledTimes(1);

    const batch = await dynamo().send(new BatchGetCommand({
      RequestItems: { [TABLE]: { Keys: [{ PK, SK: 'ITEM#000' }, { PK, SK: 'ITEM#001' }, { PK, SK: 'ITEM#404' }] } },
    }));
    expect(batch.Responses?.[TABLE].map((item) => item.n).sort()).toEqual([0, 1]);
  });

  it('a new client resolves afresh, and a send with options resolves for itself', async () => {
    await putItems(2);
    resetDynamoClient();
    const resolveGet = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');
    await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#000' } }));
    await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#001' } }));
    expect(resolveGet).toHaveBeenCalledTimes(1);
    const withOptions = await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#001' } }), { requestTimeout: 5000 });
    expect(withOptions.Item?.n).toBe(1);
    expect(resolveGet).toHaveBeenCalledTimes(2);
    resetDynamoClient();
    await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#000' } }));
    expect(resolveGet).toHaveBeenCalledTimes(3);
  });

  it('a failed read rejects with the service error, and the next read of the class still answers', async () => {
    await putItems(1);
    const failure = dynamo().send(new GetCommand({ TableName: 'no-such-table', Key: { PK, SK: 'ITEM#000' } }));
    await expect(failure).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const after = await dynamo().send(new GetCommand({ TableName: TABLE, Key: { PK, SK: 'ITEM#000' } }));
    expect(after.Item?.n).toBe(0);
  });
});
