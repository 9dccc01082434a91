import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureTable, startDynalite } from '../../scripts/local-stack.mjs';

/**
 * dynalite (patches/dynalite+4.0.0.patch) writes an item and its index entries in one LevelDB batch, so that a
 * process killed mid-write cannot leave a GSI entry without its item (a model listed that GetItem cannot find) or an
 * item missing from its index (issue 18, item 3). Checked three ways, on the project's own table (serverless.yml:
 * GSIs byOwner, projection ALL, and byDue, KEYS_ONLY) in dynalite on disk, as `npm start` runs it:
 *  1. every PutItem/UpdateItem/DeleteItem/BatchWriteItem reaches LevelDB as exactly one batch per item, holding the
 *     item's put/del and all its index puts/dels, and nothing is written outside such batches;
 *  2. afterwards a GSI query and GetItem agree (through the API, and in the raw LevelDB after a restart);
 *  3. a dynalite process SIGKILLed under a write load leaves a store whose indexes agree with its items.
 */

const TABLE = 'atomic-writes';
const ITEM_PREFIX = `item-${TABLE}~`;
const OWNER_PREFIX = `index-global~${TABLE}~byOwner~`;
const DUE_PREFIX = `index-global~${TABLE}~byDue~`;

// dynalite's own `level` (classic-level on disk): its private _put/_del/_batch are what reach LevelDB.
const levelRequire = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { Level } = levelRequire('level') as { Level: any };

type Attrs = Record<string, unknown>;
interface Op { type: 'put' | 'del'; key: string; value?: Attrs }
interface Write { via: 'batch' | 'put' | 'del'; ops: Op[] }

const text = (data: unknown): string => (typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));
const decode = (value: unknown): Attrs | undefined => (value === undefined ? undefined : JSON.parse(text(value)));

/** Records every write dynalite's LevelDB receives (all instances in this process) while installed. */
function spyOnLevelWrites() {
  const proto = Level.prototype;
  const original = { _put: proto._put, _del: proto._del, _batch: proto._batch };
  const writes: Write[] = [];
  proto._put = function (key: unknown, value: unknown, options: unknown) {
    writes.push({ via: 'put', ops: [{ type: 'put', key: text(key), value: decode(value) }] });
    return original._put.call(this, key, value, options);
  };
  proto._del = function (key: unknown, options: unknown) {
    writes.push({ via: 'del', ops: [{ type: 'del', key: text(key) }] });
    return original._del.call(this, key, options);
  };
  proto._batch = function (operations: { type: 'put' | 'del'; key: unknown; value?: unknown }[], options: unknown) {
    writes.push({ via: 'batch', ops: operations.map((op) => ({ type: op.type, key: text(op.key), value: decode(op.value) })) });
    return original._batch.call(this, operations, options);
  };
  return {
    /** The writes made while fn ran (fn awaits its requests, whose answers come after the writes). */
    async during(fn: () => Promise<unknown>): Promise<Write[]> {
      writes.length = 0;
      await fn();
      return writes.splice(0);
    },
    restore() {
      Object.assign(proto, original);
    },
  };
}

const place = (key: string) => {
  if (key.startsWith(ITEM_PREFIX)) return 'item';
  if (key.startsWith(OWNER_PREFIX)) return 'byOwner';
  if (key.startsWith(DUE_PREFIX)) return 'byDue';
  return `other:${key}`;
};

/** A batch as e.g. ['del byOwner', 'put byDue', 'put item'], sorted. */
const shape = (write: Write) => write.ops.map((op) => `${op.type} ${place(op.key)}`).sort();

/** dynalite's item key (createKey) and index keys (createIndexKey): a hash, then the key strings in hex, `/`-separated. */
const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');
const itemKeyOf = (pk: string, sk: string) => new RegExp(`^${ITEM_PREFIX}[0-9a-f]{6}/${hex(pk)}/${hex(sk)}/$`);
const indexKeyOf = (prefix: string, hash: string, range: string) => new RegExp(`^${prefix}[0-9a-f]{6}/${hex(hash)}/${hex(range)}/[0-9a-f]{6}$`);
const pkOfItemKey = (key: string) => Buffer.from(key.split('/')[1], 'hex').toString('utf8');

function documentClient(endpoint: string) {
  return DynamoDBDocumentClient.from(new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  }));
}

type Doc = ReturnType<typeof documentClient>;
interface Key { PK: string; SK: string }

/**
 * Through the API: every item a GSI query lists exists (GetItem, consistent) with the index key it is listed under,
 * and every existing item carrying an index's key attributes is listed by that index exactly once; none without
 * them is listed. Returns the disagreements.
 */
async function apiDisagreements(doc: Doc, keys: Key[], owners: string[], shards: string[]): Promise<string[]> {
  const problems: string[] = [];
  const indexes = [
    { name: 'byOwner', hash: 'OwnerPK', range: 'OwnerSK', values: owners },
    { name: 'byDue', hash: 'DuePK', range: 'DueSK', values: shards },
  ];
  for (const index of indexes) {
    const listed = new Map<string, number>();
    for (const value of index.values) {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(new QueryCommand({
          TableName: TABLE, IndexName: index.name, ExclusiveStartKey,
          KeyConditionExpression: '#h = :h', ExpressionAttributeNames: { '#h': index.hash }, ExpressionAttributeValues: { ':h': value },
        }));
        for (const entry of page.Items ?? []) {
          const id = `${entry.PK}|${entry.SK}`;
          listed.set(id, (listed.get(id) ?? 0) + 1);
          const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: { PK: entry.PK, SK: entry.SK }, ConsistentRead: true }));
          if (!Item) problems.push(`${index.name} lists ${id}, which GetItem cannot find`);
          else if (Item[index.hash] !== value || Item[index.range] !== entry[index.range]) {
            problems.push(`${index.name} lists ${id} under ${value}/${entry[index.range]}, the item has ${Item[index.hash]}/${Item[index.range]}`);
          } else if (index.name === 'byOwner') {
            expect(entry, `${index.name} entry of ${id} (projection ALL)`).toEqual(Item);
          }
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }
    for (const key of keys) {
      const id = `${key.PK}|${key.SK}`;
      const { Item } = await doc.send(new GetCommand({ TableName: TABLE, Key: key, ConsistentRead: true }));
      const indexed = Item !== undefined && Item[index.hash] !== undefined && Item[index.range] !== undefined;
      const times = listed.get(id) ?? 0;
      if (indexed && times !== 1) problems.push(`${id} exists with ${index.hash}=${Item[index.hash]} but ${index.name} lists it ${times} times`);
      if (!indexed && times !== 0) problems.push(`${id} ${Item ? `has no ${index.hash}` : 'does not exist'} but ${index.name} lists it`);
    }
  }
  return problems;
}

/**
 * In the raw LevelDB (dynalite closed or killed): every index entry has its item, with the same index key (and, for
 * byOwner's projection ALL, the same attributes), and every item with an index's key attributes has exactly one
 * entry there. Returns the disagreements and how many items there are.
 */
async function levelDisagreements(path: string): Promise<{ problems: string[]; items: number }> {
  const level = new Level(path, { valueEncoding: 'json' });
  const items = new Map<string, Record<string, { S?: string }>>();
  const entries: { index: 'byOwner' | 'byDue'; value: Record<string, { S?: string }> }[] = [];
  try {
    for await (const [key, value] of level.iterator({ gte: `index-global~${TABLE}~`, lt: `item-${TABLE}~\xff` })) {
      if (key.startsWith(ITEM_PREFIX)) items.set(`${value.PK.S}|${value.SK.S}`, value);
      else if (key.startsWith(OWNER_PREFIX)) entries.push({ index: 'byOwner', value });
      else if (key.startsWith(DUE_PREFIX)) entries.push({ index: 'byDue', value });
    }
  } finally {
    await level.close();
  }
  const problems: string[] = [];
  const attrs = { byOwner: ['OwnerPK', 'OwnerSK'], byDue: ['DuePK', 'DueSK'] } as const;
  const seen = new Map<string, number>();
  for (const { index, value } of entries) {
    const id = `${value.PK.S}|${value.SK.S}`;
    seen.set(`${index} ${id}`, (seen.get(`${index} ${id}`) ?? 0) + 1);
    const item = items.get(id);
    if (!item) problems.push(`${index} has an entry for ${id}, which has no item`);
    else if (attrs[index].some((attr) => item[attr]?.S !== value[attr]?.S)) problems.push(`${index} entry of ${id} has another index key than its item`);
    else if (index === 'byOwner' && JSON.stringify(value) !== JSON.stringify(item)) problems.push(`byOwner entry of ${id} differs from its item`);
  }
  for (const [id, item] of items) {
    for (const index of ['byOwner', 'byDue'] as const) {
      const indexed = attrs[index].every((attr) => item[attr] !== undefined);
      const times = seen.get(`${index} ${id}`) ?? 0;
      if (indexed && times !== 1) problems.push(`item ${id} has ${times} ${index} entries`);
      if (!indexed && times !== 0) problems.push(`item ${id} has no ${index} key but ${times} ${index} entries`);
    }
  }
  return { problems, items: items.size };
}

const model = (id: string, owner: string, ownerSk: string, shard: string, due: string, extra: Attrs = {}) => ({
  PK: `MODEL#${id}`, SK: 'MODEL', OwnerPK: owner, OwnerSK: ownerSk, DuePK: shard, DueSK: due, name: id, ...extra,
});

describe('dynalite writes an item and its index entries in one LevelDB batch', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'stt-atomic-writes-'));
  const levelPath = join(dataDir, 'dynamodb');
  const spy = spyOnLevelWrites();
  let close: (() => Promise<void>) | undefined;
  let doc: Doc;
  const keys: Key[] = [];
  const owners = ['OWNER#a', 'OWNER#b'];
  const shards = ['DUE#0', 'DUE#1'];
  const track = (id: string) => {
    if (!keys.some((key) => key.PK === `MODEL#${id}`)) keys.push({ PK: `MODEL#${id}`, SK: 'MODEL' });
  };

  beforeAll(async () => {
    const store = await startDynalite({ port: 0, dataDir });
    close = store.close;
    await ensureTable(store.endpoint, TABLE);
    doc = documentClient(store.endpoint);
    // dynalite marks the table ACTIVE in a put of its own just after CreateTable answers: not to be counted below.
    while ((await doc.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableStatus !== 'ACTIVE') {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  afterAll(async () => {
    spy.restore();
    doc?.destroy();
    await close?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const agree = async () => expect(await apiDisagreements(doc, keys, owners, shards)).toEqual([]);

  it('PutItem: the item and both index entries in one batch', async () => {
    track('m1');
    const writes = await spy.during(() => doc.send(new PutCommand({
      TableName: TABLE, Item: model('m1', 'OWNER#a', 'en-US#1', 'DUE#0', '0001'),
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['put byDue', 'put byOwner', 'put item']);
    const [item, byOwner, byDue] = ['item', 'byOwner', 'byDue'].map((where) => writes[0].ops.find((op) => place(op.key) === where)!);
    expect(item.key).toMatch(itemKeyOf('MODEL#m1', 'MODEL'));
    expect(byOwner.key).toMatch(indexKeyOf(OWNER_PREFIX, 'OWNER#a', 'en-US#1'));
    expect(byDue.key).toMatch(indexKeyOf(DUE_PREFIX, 'DUE#0', '0001'));
    expect(byOwner.value).toEqual(item.value);
    expect(byDue.value).toEqual({ PK: { S: 'MODEL#m1' }, SK: { S: 'MODEL' }, DuePK: { S: 'DUE#0' }, DueSK: { S: '0001' } });
    await agree();
  });

  it('PutItem over an item, changing the index keys: old entries deleted, new ones put, with the item', async () => {
    const writes = await spy.during(() => doc.send(new PutCommand({
      TableName: TABLE, Item: model('m1', 'OWNER#b', 'fr-FR#1', 'DUE#1', '0002'),
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['del byDue', 'del byOwner', 'put byDue', 'put byOwner', 'put item']);
    const dels = writes[0].ops.filter((op) => op.type === 'del').map((op) => op.key).sort();
    expect(dels[0]).toMatch(indexKeyOf(DUE_PREFIX, 'DUE#0', '0001'));
    expect(dels[1]).toMatch(indexKeyOf(OWNER_PREFIX, 'OWNER#a', 'en-US#1'));
    await agree();
  });

  it('PutItem over an item without changing the index keys: entries rewritten with the item, nothing deleted', async () => {
    const writes = await spy.during(() => doc.send(new PutCommand({
      TableName: TABLE, Item: model('m1', 'OWNER#b', 'fr-FR#1', 'DUE#1', '0002', { description: 'changed' }),
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['put byDue', 'put byOwner', 'put item']);
    await agree();
  });

  it('UpdateItem that changes an index key and removes the other index\'s attributes', async () => {
    const writes = await spy.during(() => doc.send(new UpdateCommand({
      TableName: TABLE, Key: { PK: 'MODEL#m1', SK: 'MODEL' },
      UpdateExpression: 'SET OwnerSK = :sk, #rev = :one REMOVE DuePK, DueSK',
      ExpressionAttributeNames: { '#rev': 'revision' }, ExpressionAttributeValues: { ':sk': 'fr-FR#2', ':one': 1 },
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['del byDue', 'del byOwner', 'put byOwner', 'put item']);
    await agree();
  });

  it('UpdateItem that removes the owner index attributes (as a model deletion mark does)', async () => {
    const writes = await spy.during(() => doc.send(new UpdateCommand({
      TableName: TABLE, Key: { PK: 'MODEL#m1', SK: 'MODEL' },
      UpdateExpression: 'SET deleted = :true, DuePK = :shard, DueSK = :due REMOVE OwnerPK, OwnerSK',
      ExpressionAttributeValues: { ':true': true, ':shard': 'DUE#0', ':due': '0003' },
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['del byOwner', 'put byDue', 'put item']);
    await agree();
  });

  it('UpdateItem creating an item (upsert) writes it with its entries in one batch', async () => {
    track('m2');
    const writes = await spy.during(() => doc.send(new UpdateCommand({
      TableName: TABLE, Key: { PK: 'MODEL#m2', SK: 'MODEL' },
      UpdateExpression: 'SET OwnerPK = :o, OwnerSK = :sk', ExpressionAttributeValues: { ':o': 'OWNER#a', ':sk': 'de-DE#1' },
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['put byOwner', 'put item']);
    await agree();
  });

  it('DeleteItem: the item and its index entries deleted in one batch', async () => {
    const writes = await spy.during(() => doc.send(new DeleteCommand({ TableName: TABLE, Key: { PK: 'MODEL#m1', SK: 'MODEL' } })));
    expect(writes.map((write) => write.via)).toEqual(['batch']);
    expect(shape(writes[0])).toEqual(['del byDue', 'del item']);
    expect(writes[0].ops.find((op) => op.type === 'del' && place(op.key) === 'item')!.key).toMatch(itemKeyOf('MODEL#m1', 'MODEL'));
    await agree();
  });

  it('DeleteItem of a missing item and a failed conditional write touch no index', async () => {
    track('nope');
    const missing = await spy.during(() => doc.send(new DeleteCommand({ TableName: TABLE, Key: { PK: 'MODEL#nope', SK: 'MODEL' } })));
    expect(missing.map((write) => write.via)).toEqual(['batch']);
    expect(missing.map(shape)).toEqual([['del item']]);
    const failed = await spy.during(async () => {
      await expect(doc.send(new PutCommand({
        TableName: TABLE, Item: model('m2', 'OWNER#b', 'x', 'DUE#1', 'y'), ConditionExpression: 'attribute_not_exists(PK)',
      }))).rejects.toThrow(/conditional request failed/i);
    });
    expect(failed).toEqual([]);
    await agree();
  });

  it('BatchWriteItem: one batch per item, each with its own index entries', async () => {
    for (const id of ['b1', 'b2', 'b3']) track(id);
    await doc.send(new PutCommand({ TableName: TABLE, Item: model('b3', 'OWNER#b', 'en-GB#1', 'DUE#1', '0009') }));
    const writes = await spy.during(() => doc.send(new BatchWriteCommand({
      RequestItems: {
        [TABLE]: [
          { PutRequest: { Item: model('b1', 'OWNER#a', 'es-ES#1', 'DUE#0', '0004') } },
          { PutRequest: { Item: { PK: 'MODEL#b2', SK: 'MODEL', OwnerPK: 'OWNER#b', OwnerSK: 'it-IT#1' } } },
          { PutRequest: { Item: model('m2', 'OWNER#b', 'de-DE#2', 'DUE#1', '0005') } },
          { DeleteRequest: { Key: { PK: 'MODEL#b3', SK: 'MODEL' } } },
        ],
      },
    })));
    expect(writes.map((write) => write.via)).toEqual(['batch', 'batch', 'batch', 'batch']);
    const byItem = new Map(writes.map((write) => {
      const item = write.ops.filter((op) => place(op.key) === 'item');
      expect(item).toHaveLength(1);
      return [pkOfItemKey(item[0].key), shape(write)];
    }));
    expect(Object.fromEntries(byItem)).toEqual({
      'MODEL#b1': ['put byDue', 'put byOwner', 'put item'],
      'MODEL#b2': ['put byOwner', 'put item'],
      'MODEL#m2': ['del byOwner', 'put byDue', 'put byOwner', 'put item'],
      'MODEL#b3': ['del byDue', 'del byOwner', 'del item'],
    });
    await agree();
  });

  it('many concurrent writes to the same items: only batches, and the indexes still agree (also on disk after a restart)', async () => {
    const ids = ['c1', 'c2', 'c3', 'm2', 'b1'];
    for (const id of ids) track(id);
    const writes = await spy.during(() => Promise.all(Array.from({ length: 60 }, (_, i) => {
      const id = ids[i % ids.length];
      const key = { PK: `MODEL#${id}`, SK: 'MODEL' };
      switch (i % 4) {
        case 0: return doc.send(new PutCommand({ TableName: TABLE, Item: model(id, owners[i % 2], `l#${i}`, shards[i % 2], `${i}`) }));
        case 1: return doc.send(new UpdateCommand({
          TableName: TABLE, Key: key, UpdateExpression: 'SET OwnerPK = :o, OwnerSK = :sk REMOVE DuePK',
          ExpressionAttributeValues: { ':o': owners[(i + 1) % 2], ':sk': `u#${i}` },
        }));
        case 2: return doc.send(new DeleteCommand({ TableName: TABLE, Key: key }));
        default: return doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: [{ DeleteRequest: { Key: key } }] } }));
      }
    })));
    expect(writes.filter((write) => write.via !== 'batch')).toEqual([]);
    for (const write of writes) expect(write.ops.filter((op) => place(op.key) === 'item')).toHaveLength(1);
    await agree();

    await close!();
    close = undefined;
    const raw = await levelDisagreements(levelPath);
    expect(raw.problems).toEqual([]);
    const store = await startDynalite({ port: 0, dataDir });
    close = store.close;
    doc.destroy();
    doc = documentClient(store.endpoint);
    await agree();
  });
});

describe('a dynalite process SIGKILLed during writes', () => {
  const ROUNDS = 6;
  const dataDirs: string[] = [];

  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** dynalite in a child process on dataDir, as `npm start` runs it; resolves with its endpoint once the table is there. */
  async function startChild(dataDir: string) {
    const script = `import { startDynalite, ensureTable } from ${JSON.stringify(pathToFileURL(join(ROOT, 'scripts/local-stack.mjs')).href)};
const store = await startDynalite({ port: 0, dataDir: process.env.DATA_DIR });
await ensureTable(store.endpoint, ${JSON.stringify(TABLE)});
process.stdout.write(store.endpoint + '\\n');`;
    const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`dynalite child exited (${code}) before it was ready`)));
    });
    return { child, endpoint, exited };
  }

  it(`leaves indexes that agree with the items (${ROUNDS} rounds, killed at a random moment)`, async () => {
    let random = 20_260_618;
    const next = (n: number) => {
      random = (random * 1_103_515_245 + 12_345) % 2_147_483_648;
      return random % n;
    };
    let totalItems = 0;
    let totalWrites = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'stt-atomic-kill-'));
      dataDirs.push(dataDir);
      const { child, endpoint, exited } = await startChild(dataDir);
      const doc = documentClient(endpoint);
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const id = `k${next(24)}`;
          const key = { PK: `MODEL#${id}`, SK: 'MODEL' };
          const r = next(100);
          const request = r < 40
            ? new PutCommand({ TableName: TABLE, Item: model(id, `OWNER#${next(3)}`, `l#${next(1000)}`, `DUE#${next(2)}`, `${next(1000)}`, { body: 'x'.repeat(next(2000)) }) })
            : r < 70
              ? new UpdateCommand({
                TableName: TABLE, Key: key,
                UpdateExpression: next(2) ? 'SET OwnerPK = :o, OwnerSK = :sk' : 'SET DuePK = :o, DueSK = :sk REMOVE OwnerPK, OwnerSK',
                ExpressionAttributeValues: { ':o': `OWNER#${next(3)}`, ':sk': `u#${next(1000)}` },
              })
              : r < 90
                ? new DeleteCommand({ TableName: TABLE, Key: key })
                : new BatchWriteCommand({ RequestItems: { [TABLE]: [0, 1, 2].map((j) => ({ PutRequest: { Item: model(`${id}-${j}`, `OWNER#${next(3)}`, `b#${next(1000)}`, `DUE#${next(2)}`, `${next(1000)}`) } })) } });
          try {
            await doc.send(request as never);
            totalWrites++;
          } catch {
            if (!killed) throw new Error('a write failed before the kill');
          }
        }
      };
      const workers = Array.from({ length: 16 }, worker);
      await new Promise((resolve) => setTimeout(resolve, 150 + next(350)));
      killed = true;
      child.kill('SIGKILL');
      await exited;
      await Promise.all(workers);
      doc.destroy();
      const raw = await levelDisagreements(join(dataDir, 'dynamodb'));
      expect(raw.problems, `round ${round}`).toEqual([]);
      totalItems += raw.items;
    }
    // The load did write (otherwise the check above proves nothing).
    expect(totalWrites).toBeGreaterThan(ROUNDS * 20);
    expect(totalItems).toBeGreaterThan(ROUNDS * 5);
  });
});
