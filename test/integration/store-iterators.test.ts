import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, startDynalite } from '../../scripts/local-stack.mjs';

/**
 * dynalite (patches/dynalite+4.0.0.patch) closes the LevelDB iterator behind every query and scan, whether the stream
 * reads to its end or stops early (a Limit, a page): an abstract-level iterator left open holds a LevelDB snapshot and
 * native memory, and `npm start`'s store process grew by about 30 MB a second under queries before the patch.
 */

const TABLE = 'iterators';
const levelRequire = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { Level } = levelRequire('level') as { Level: any };

/** Counts the iterators dynalite's LevelDB opens and the ones closed, while installed. */
function countIterators() {
  const proto = Level.prototype;
  const original = { keys: proto.keys, values: proto.values };
  const counts = { opened: 0, closed: 0 };
  for (const name of ['keys', 'values'] as const) {
    proto[name] = function (...args: unknown[]) {
      const iterator = original[name].apply(this, args);
      counts.opened += 1;
      const close = iterator.close.bind(iterator);
      let closed = false;
      iterator.close = async () => {
        if (!closed) {
          closed = true;
          counts.closed += 1;
        }
        return close();
      };
      return iterator;
    };
  }
  return { counts, restore: () => Object.assign(proto, original) };
}

let dataDir: string;
let store: { endpoint: string; close: () => Promise<void> };
let client: DynamoDBDocumentClient;
let spy: ReturnType<typeof countIterators>;

beforeAll(async () => {
  spy = countIterators();
  dataDir = mkdtempSync(join(tmpdir(), 'stt-iterators-'));
  store = await startDynalite({ port: 0, dataDir });
  await ensureTable(store.endpoint, TABLE);
  client = DynamoDBDocumentClient.from(new DynamoDBClient({
    endpoint: store.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  }));
  const items = Array.from({ length: 60 }, (_, i) => ({
    PK: 'MODEL#m', SK: `G000001#WORD#w${String(i).padStart(3, '0')}`, OwnerPK: 'OWNER#o', OwnerSK: `en-US#2026#${i}`,
  }));
  for (let i = 0; i < items.length; i += 25) {
    await client.send(new BatchWriteCommand({ RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
});

afterAll(async () => {
  spy?.restore();
  client?.destroy();
  await store?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until the iterators' closing (which runs after the answer) has happened. */
async function settled(): Promise<typeof spy.counts> {
  for (let i = 0; i < 50 && spy.counts.closed < spy.counts.opened; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return { ...spy.counts };
}

describe('dynalite closes its LevelDB iterators', () => {
  it('after a query read to its end, one stopped by a Limit, a page of a GSI query and a scan', async () => {
    const before = { ...spy.counts };
    const all = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'MODEL#m' } }));
    expect(all.Items).toHaveLength(60);
    const limited = await client.send(new QueryCommand({
      TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'MODEL#m' }, Limit: 5, ScanIndexForward: false,
    }));
    expect(limited.Items).toHaveLength(5);
    const index = await client.send(new QueryCommand({
      TableName: TABLE, IndexName: 'byOwner', KeyConditionExpression: 'OwnerPK = :o', ExpressionAttributeValues: { ':o': 'OWNER#o' }, Limit: 7,
    }));
    expect(index.Items).toHaveLength(7);
    const scan = await client.send(new ScanCommand({ TableName: TABLE, Limit: 3 }));
    expect(scan.Items).toHaveLength(3);
    const after = await settled();
    expect(after.opened - before.opened).toBeGreaterThanOrEqual(4);
    expect(after.closed - before.closed).toBe(after.opened - before.opened);
  });

  it('under 200 concurrent queries none is left open', async () => {
    const before = { ...spy.counts };
    await Promise.all(Array.from({ length: 200 }, (_, i) => client.send(new QueryCommand({
      TableName: TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'MODEL#m' }, Limit: 1 + (i % 20),
    }))));
    const after = await settled();
    expect(after.opened - before.opened).toBeGreaterThanOrEqual(200);
    expect(after.closed).toBe(after.opened);
  });
});
