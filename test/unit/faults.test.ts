import { ConditionalCheckFailedException, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand, BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as addWords } from '../../functions/addWords';
import { handler as deleteWord } from '../../functions/deleteWord';
import { nameGuid } from '../../lib/ids';
import type { ModelRecord } from '../../lib/store/modelRecord';
import { getItems, writeItems } from '../../lib/store/batch';
import { resetDynamoClient } from '../../lib/store/client';
import { modelProblems } from '../support/invariants';
import { basic, bodyOf, httpEvent, useCleanEnv } from './support/events';

/**
 * DynamoDB faults, with the document client mocked: throttling on reads and on the lock and release writes, items and
 * keys that BatchWriteItem and BatchGetItem leave unprocessed, and work that fails midway. The handler tests run on a
 * small in-memory table (below) that answers the commands the store sends, so that what is left can be checked.
 */

const ddb = mockClient(DynamoDBDocumentClient);
const TABLE = 'unit-faults';
const NOW = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
const API_KEY = 'apikey:faults-key';
const OWNER = nameGuid(`credential:${API_KEY}`);
const ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';

const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} });
const throttling = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });
const errorEnvelope = (requestId: string) => ({
  code: 500, code_description: 'Internal Server Error', error: `Internal error while processing request ${requestId}.`,
});

useCleanEnv([...['STT_TABLE', 'STT_CONTROLS', 'STT_WORDS_SECONDS', 'STT_AUTH']]);
beforeEach(() => {
  ddb.reset();
  resetDynamoClient();
  Object.assign(process.env, { STT_TABLE: TABLE, STT_CONTROLS: 'off', STT_WORDS_SECONDS: '0' });
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
afterAll(() => ddb.restore());

type Item = Record<string, unknown>;
type Request = { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } };
const keyOf = (key: Item) => `${String(key.PK)}|${String(key.SK)}`;

describe('BatchWriteItem and BatchGetItem (lib/store/batch.ts)', () => {
  const items = Array.from({ length: 60 }, (_, i) => ({ PK: 'MODEL#m', SK: `G000000#WORD#w${String(i).padStart(2, '0')}`, n: i }));

  it('resends UnprocessedItems until every item is written, each exactly once, in batches of at most 25', async () => {
    const written: string[] = [];
    let call = 0;
    ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, Request[]> }) => {
      const requests = input.RequestItems[TABLE];
      expect(requests.length).toBeLessThanOrEqual(25);
      call += 1;
      // The first rounds leave every other item unprocessed, as a throttled table does.
      const unprocessed = call <= 4 ? requests.filter((_, i) => i % 2 === 1) : [];
      for (const request of requests) if (!unprocessed.includes(request)) written.push(keyOf(request.PutRequest!.Item));
      return { UnprocessedItems: unprocessed.length ? { [TABLE]: unprocessed } : {} };
    });
    await writeItems(TABLE, items.map((Item) => ({ PutRequest: { Item } })));
    expect(written.sort()).toEqual(items.map(keyOf).sort());
    expect(call).toBeGreaterThan(3);
  });

  it('resends UnprocessedKeys until every item is read, each exactly once', async () => {
    const stored = new Map(items.map((item) => [keyOf(item), item]));
    let call = 0;
    ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: Item[]; ConsistentRead: boolean }> }) => {
      const { Keys, ConsistentRead } = input.RequestItems[TABLE];
      expect([Keys.length <= 100, ConsistentRead]).toEqual([true, true]);
      call += 1;
      const unprocessed = call <= 3 ? Keys.slice(Math.ceil(Keys.length / 2)) : [];
      const served = Keys.filter((key) => !unprocessed.includes(key));
      return {
        Responses: { [TABLE]: served.map((key) => stored.get(keyOf(key))).filter(Boolean) },
        UnprocessedKeys: unprocessed.length ? { [TABLE]: { Keys: unprocessed, ConsistentRead: true } } : {},
      };
    });
    const missing = { PK: 'MODEL#m', SK: 'G000000#WORD#absent' };
    const read = await getItems(TABLE, [...items, missing].map(({ PK, SK }) => ({ PK, SK })));
    expect(read.map(keyOf).sort()).toEqual(items.map(keyOf).sort());
    expect(call).toBe(4);
  });

  it('gives up after 10 rounds of unprocessed items, with backoff between them', async () => {
    vi.useFakeTimers();
    ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, Request[]> }) => ({ UnprocessedItems: input.RequestItems }));
    const writing = writeItems(TABLE, items.slice(0, 3).map((Item) => ({ PutRequest: { Item } })));
    const failed = expect(writing).rejects.toThrow('BatchWrite left 3 items unprocessed after 10 rounds');
    await vi.runAllTimersAsync();
    await failed;
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(10);
  });

  it('throws a throttled batch only once the batches in flight have ended, and starts no other batch', async () => {
    const many = Array.from({ length: 25 * 12 }, (_, i) => ({ PK: 'MODEL#m', SK: `W#${i}` }));
    let inFlight = 0;
    let started = 0;
    ddb.on(BatchWriteCommand).callsFake(async () => {
      started += 1;
      if (started === 2) throw throttled();
      inFlight += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight -= 1;
      return {};
    });
    await expect(writeItems(TABLE, many.map((Item) => ({ PutRequest: { Item } })))).rejects.toThrow('Rate of requests exceeds');
    expect(inFlight).toBe(0); // nothing is still writing when the caller repairs or releases
    expect(started).toBe(8); // the first eight batches; none after the failure
  });
});

/**
 * A table in memory for the mocked client: GetItem, PutItem, DeleteItem, UpdateItem (the store's `SET a = :a, …
 * REMOVE …` expressions, with its revision condition), Query by partition and SK prefix, and the batch commands.
 * `failures` makes chosen calls throw instead.
 */
class MemoryTable {
  readonly items = new Map<string, Item>();
  readonly failures: { command: string; nth: number; error: () => Error }[] = [];
  private readonly calls = new Map<string, number>();

  install() {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command's own input type, checked below
    const run = <I, T>(command: string, act: (input: I) => T) => (input: any) => {
      const n = (this.calls.get(command) ?? 0) + 1;
      this.calls.set(command, n);
      const failure = this.failures.find((rule) => rule.command === command && rule.nth === n);
      if (failure) throw failure.error();
      return act(input);
    };
    ddb.on(GetCommand).callsFake(run('GetCommand', (input: { Key: Item }) => ({ Item: this.items.get(keyOf(input.Key)) })));
    ddb.on(PutCommand).callsFake(run('PutCommand', (input: { Item: Item }) => {
      this.items.set(keyOf(input.Item), input.Item);
      return {};
    }));
    ddb.on(DeleteCommand).callsFake(run('DeleteCommand', (input: { Key: Item }) => {
      this.items.delete(keyOf(input.Key));
      return {};
    }));
    ddb.on(UpdateCommand).callsFake(run('UpdateCommand', (input: Parameters<MemoryTable['update']>[0]) => this.update(input)));
    ddb.on(QueryCommand).callsFake(run('QueryCommand', (input: { ExpressionAttributeValues: Record<string, string> }) => {
      // `begins_with(SK, :prefix)`, or `SK BETWEEN :from AND :to` (the purge of older generations).
      const { ':pk': pk, ':prefix': prefix = '', ':from': from, ':to': to } = input.ExpressionAttributeValues;
      const inRange = (sk: string) => (from === undefined ? sk.startsWith(prefix) : sk >= from && sk <= to);
      const Items = [...this.items.values()].filter((item) => item.PK === pk && inRange(String(item.SK)))
        .sort((a, b) => (String(a.SK) < String(b.SK) ? -1 : 1));
      return { Items, Count: Items.length };
    }));
    ddb.on(BatchWriteCommand).callsFake(run('BatchWriteCommand', (input: { RequestItems: Record<string, Request[]> }) => {
      for (const request of input.RequestItems[TABLE]) {
        if (request.PutRequest) this.items.set(keyOf(request.PutRequest.Item), request.PutRequest.Item);
        else this.items.delete(keyOf(request.DeleteRequest!.Key));
      }
      return {};
    }));
    ddb.on(BatchGetCommand).callsFake(run('BatchGetCommand', (input: { RequestItems: Record<string, { Keys: Item[] }> }) => ({
      Responses: { [TABLE]: input.RequestItems[TABLE].Keys.map((key) => this.items.get(keyOf(key))).filter(Boolean) },
    })));
  }

  private update(input: {
    Key: Item; UpdateExpression: string; ConditionExpression?: string;
    ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown>;
  }) {
    const current = this.items.get(keyOf(input.Key));
    const names = input.ExpressionAttributeNames;
    const values = input.ExpressionAttributeValues;
    if (input.ConditionExpression?.includes('#revision = :expected') && (current?.revision !== values[':expected'] || current?.deleted)) {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    }
    const next: Item = { ...current, ...input.Key };
    const [set, remove] = input.UpdateExpression.replace(/^SET /, '').split(' REMOVE ');
    for (const assignment of set.split(', ')) {
      const [name, value] = assignment.split(' = ');
      const sum = /^#\w+ \+ (:\w+)$/.exec(value);
      next[names[name]] = sum ? Number(next[names[name]]) + Number(values[sum[1]]) : values[value];
    }
    for (const name of remove ? remove.split(', ') : []) delete next[names[name]];
    this.items.set(keyOf(input.Key), next);
    return { Attributes: next };
  }

  model(): ModelRecord {
    return this.items.get(`MODEL#${ID}|MODEL`) as unknown as ModelRecord;
  }
}

const WORD = (word: string) => ({
  PK: `MODEL#${ID}`, SK: `G000000#WORD#${word}`, word, soundsLike: [], displayAs: word, source: ['user'], counts: {}, userFirst: true,
});

function tableWithModel(words: string[]): MemoryTable {
  const table = new MemoryTable();
  table.install();
  for (const word of words) table.items.set(keyOf(WORD(word)), WORD(word));
  table.items.set(`MODEL#${ID}|MODEL`, {
    PK: `MODEL#${ID}`, SK: 'MODEL', customizationId: ID, owner: OWNER, name: 'faults', description: '', baseModelName: 'en-US_Telephony',
    language: 'en-US', dialect: 'en-US', versions: ['en-US_Telephony.v2023-02-06'], created: NOW, updated: NOW, status: words.length ? 'ready' : 'pending',
    revision: 3, generation: 0, counts: { corpora: 0, invalidCorpora: 0, words: words.length, invalidWords: 0, totalWords: words.length },
  });
  return table;
}

const event = (method: string, path: string, extra: { body?: string; pathParameters?: Record<string, string>; requestId?: string } = {}) =>
  httpEvent({
    method, path: `/v1/customizations/${ID}${path}`, headers: { Authorization: basic(API_KEY), 'Content-Type': 'application/json' },
    pathParameters: { customization_id: ID, ...extra.pathParameters }, body: extra.body, requestId: extra.requestId,
  });
const deleteEvent = (word: string) => event('DELETE', `/words/${word}`, { pathParameters: { word_name: word }, requestId: 'req-faults' });
const sentNames = () => ddb.calls().map((call) => (call.args[0] as object).constructor.name);
const isLockWrite = (input: { UpdateExpression?: string }) => /#lockOp = :lockOp/.test(input.UpdateExpression ?? '');
const isRelease = (input: { UpdateExpression?: string }) => /REMOVE .*#lockOp/.test(input.UpdateExpression ?? '');

describe('a locking request under DynamoDB faults (deleteWord, addWords)', () => {
  it('answers a throttled read of the model with a 500 naming the request, and writes nothing', async () => {
    const table = tableWithModel(['alpha']);
    table.failures.push({ command: 'GetCommand', nth: 1, error: throttling });
    const result = await deleteWord(deleteEvent('alpha'));
    expect([result.statusCode, bodyOf(result)]).toEqual([500, errorEnvelope('req-faults')]);
    expect(sentNames()).toEqual(['GetCommand']);
    expect(table.model().revision).toBe(3);
  });

  it('answers a throttled lock write with a 500 and touches nothing else', async () => {
    const table = tableWithModel(['alpha']);
    table.failures.push({ command: 'UpdateCommand', nth: 1, error: throttled });
    const result = await deleteWord(deleteEvent('alpha'));
    expect([result.statusCode, bodyOf(result)]).toEqual([500, errorEnvelope('req-faults')]);
    expect(sentNames()).toEqual(['GetCommand', 'UpdateCommand']);
    expect(table.model().lockOp).toBeUndefined();
    expect(table.items.has(keyOf(WORD('alpha')))).toBe(true);
  });

  it('answers a throttled release with a 500 and leaves the lock to its lease (the scheduled function repairs it)', async () => {
    const table = tableWithModel(['alpha', 'beta']);
    table.failures.push({ command: 'UpdateCommand', nth: 2, error: throttled });
    const result = await deleteWord(deleteEvent('alpha'));
    expect([result.statusCode, bodyOf(result)]).toEqual([500, errorEnvelope('req-faults')]);
    const model = table.model();
    expect([model.lockOp, model.lockExpires]).toEqual(['deleteWord', expect.any(Number)]);
    expect(model.lockExpires! - Date.now()).toBeLessThanOrEqual(60_000);
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect([updates.length, isLockWrite(updates[0]), isRelease(updates[1])]).toEqual([2, true, true]);
    // Nothing more was written after the failed release; once the lease is over the model reads as repaired.
    expect(await modelProblems(ID, model.lockExpires!)).toEqual([`${ID}: lock 'deleteWord' held past its lease`, `${ID}: counts.words is 2, the children say 1`, `${ID}: counts.totalWords is 2, the children say 1`]);
  });

  it('repairs and releases the model when the work fails midway (a words batch half written, then throttled)', async () => {
    const table = tableWithModel(['alpha']);
    // BatchWrites: the journal's part, its head (the commit point), the first 25 words, then the last 5 — throttled.
    table.failures.push({ command: 'BatchWriteCommand', nth: 4, error: throttled });
    const words = Array.from({ length: 30 }, (_, i) => ({ word: `word${String(i).padStart(2, '0')}` }));
    const result = await addWords(event('POST', '/words', { body: JSON.stringify({ words }), requestId: 'req-faults' }));
    expect([result.statusCode, bodyOf(result)]).toEqual([500, errorEnvelope('req-faults')]);
    const model = table.model();
    expect(model.lockOp).toBeUndefined();
    const release = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input).at(-1)!;
    expect(isRelease(release)).toBe(true);
    // The change was recorded before its first write: repair finished it (all 30 words), and the counts say so (1 + 30).
    expect(model.counts).toEqual(expect.objectContaining({ words: 31, totalWords: 31 }));
    expect(await modelProblems(ID, Date.now())).toEqual([]);
  });

  it('writes every word of a batch exactly once when BatchWriteItem leaves some unprocessed, and counts them', async () => {
    const table = tableWithModel([]);
    const words = Array.from({ length: 30 }, (_, i) => ({ word: `word${String(i).padStart(2, '0')}` }));
    const written: string[] = [];
    let call = 0;
    ddb.on(BatchWriteCommand).callsFake((input: { RequestItems: Record<string, Request[]> }) => {
      call += 1;
      const requests = input.RequestItems[TABLE];
      const unprocessed = call <= 2 ? requests.slice(0, 5) : [];
      for (const request of requests.filter((candidate) => !unprocessed.includes(candidate))) {
        if (!request.PutRequest) {
          table.items.delete(keyOf(request.DeleteRequest!.Key));
          continue;
        }
        if (String(request.PutRequest.Item.SK).includes('#WORD#')) written.push(String(request.PutRequest.Item.word));
        table.items.set(keyOf(request.PutRequest.Item), request.PutRequest.Item);
      }
      return { UnprocessedItems: unprocessed.length ? { [TABLE]: unprocessed } : {} };
    });
    const result = await addWords(event('POST', '/words', { body: JSON.stringify({ words }) }));
    expect([result.statusCode, bodyOf(result)]).toEqual([201, {}]);
    expect(written.sort()).toEqual(words.map((word) => word.word));
    expect(table.model().counts).toEqual(expect.objectContaining({ words: 30, totalWords: 30 }));
    expect(table.model().lockOp).toBeUndefined();
    expect(await modelProblems(ID, Date.now())).toEqual([]);
  });
});
