import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeItems } from '../../lib/store/batch';
import { dynamo } from '../../lib/store/client';
import { BatchGetCommand, GetCommand } from '../../lib/store/commands';
import { readItem, readItems, readTogether } from '../../lib/store/reads';
import { useTestStore } from '../support/store';

/**
 * lib/store/reads.ts on dynalite: alone, readItem is one consistent GetItem and readItems the BatchGets of getItems;
 * inside readTogether, the reads asked before `start` first waits go as one request (a single ask as it would go
 * alone), each ask answered with its own items, a failed batch failing every ask in it.
 */

useTestStore();
const TABLE = 'stt-test';
const MISSING_TABLE = 'no-such-table';
const PK = `READS#${Date.now()}`;

type Key = { PK: string; SK: string };
const key = (i: number): Key => ({ PK, SK: `ITEM#${String(i).padStart(3, '0')}` });
const item = (i: number) => ({ ...key(i), n: i, label: `item ${i}` });
/** Items 0..149 exist; 900 and above do not. */
const STORED = 150;
const bySk = (items: Record<string, unknown>[]) => [...items].sort((a, b) => String(a.SK).localeCompare(String(b.SK)));

beforeAll(async () => {
  await writeItems(TABLE, Array.from({ length: STORED }, (_, i) => ({ PutRequest: { Item: item(i) } })));
});

afterEach(() => vi.restoreAllMocks());

/** Records every command sent through the document client (the sends still reach dynalite). */
function recordSends() {
  const send = vi.spyOn(dynamo(), 'send');
  const commands = () => send.mock.calls.map(([command]) => command as unknown);
  return { send, commands };
}

/** The keys of a BatchGetCommand for TABLE, and whether it asked for consistent reads. */
function batchOf(command: unknown, table = TABLE) {
  expect(command).toBeInstanceOf(BatchGetCommand);
  const { RequestItems } = (command as BatchGetCommand).input;
  expect(Object.keys(RequestItems ?? {})).toEqual([table]);
  const { Keys, ConsistentRead } = RequestItems![table];
  return { keys: Keys as Key[], consistent: ConsistentRead };
}

function getOf(command: unknown) {
  expect(command).toBeInstanceOf(GetCommand);
  return (command as GetCommand).input;
}

describe('readItem and readItems alone', () => {
  it('readItem sends one consistent GetItem and answers the item, or undefined', async () => {
    const { commands } = recordSends();
    expect(await readItem(TABLE, key(7))).toEqual(item(7));
    expect(await readItem(TABLE, key(900))).toBeUndefined();
    expect(commands()).toHaveLength(2);
    expect(getOf(commands()[0])).toEqual({ TableName: TABLE, Key: key(7), ConsistentRead: true });
    expect(getOf(commands()[1])).toEqual({ TableName: TABLE, Key: key(900), ConsistentRead: true });
  });

  it('readItems sends the consistent BatchGets of getItems (100 keys each) and leaves missing items out', async () => {
    const { commands } = recordSends();
    expect(bySk(await readItems(TABLE, [key(3), key(901), key(1)]))).toEqual([item(1), item(3)]);
    expect(commands()).toHaveLength(1);
    expect(batchOf(commands()[0])).toEqual({ keys: [key(3), key(901), key(1)], consistent: true });

    const many = Array.from({ length: 120 }, (_, i) => key(i));
    expect(bySk(await readItems(TABLE, many))).toEqual(Array.from({ length: 120 }, (_, i) => item(i)));
    expect(commands()).toHaveLength(3);
    expect(batchOf(commands()[1])).toEqual({ keys: many.slice(0, 100), consistent: true });
    expect(batchOf(commands()[2])).toEqual({ keys: many.slice(100), consistent: true });
  });
});

describe('readTogether', () => {
  it('sends the reads asked in start as one BatchGet of their unique keys, and answers each ask with its own items', async () => {
    const { commands } = recordSends();
    const together = readTogether(() => ({
      first: readItem(TABLE, key(1)),
      some: readItems(TABLE, [key(2), key(902), key(1), key(3)]),
      second: readItem(TABLE, key(4)),
      again: readItem(TABLE, key(1)),
      missing: readItem(TABLE, key(903)),
      tag: 'what start returns',
    }));
    expect(together.tag).toBe('what start returns');
    expect(commands()).toHaveLength(1);
    expect(batchOf(commands()[0])).toEqual({ keys: [key(1), key(2), key(902), key(3), key(4), key(903)], consistent: true });

    expect(await together.first).toEqual(item(1));
    expect(bySk(await together.some)).toEqual([item(1), item(2), item(3)]);
    expect(await together.second).toEqual(item(4));
    expect(await together.again).toEqual(item(1));
    expect(await together.missing).toBeUndefined();
    expect(commands()).toHaveLength(1);
  });

  it('sends a single ask as it would go alone', async () => {
    const { commands } = recordSends();
    const one = readTogether(() => readItem(TABLE, key(5)));
    expect(await one).toEqual(item(5));
    expect(commands()).toHaveLength(1);
    expect(getOf(commands()[0])).toEqual({ TableName: TABLE, Key: key(5), ConsistentRead: true });

    const some = readTogether(() => readItems(TABLE, [key(6), key(904)]));
    expect(await some).toEqual([item(6)]);
    expect(commands()).toHaveLength(2);
    expect(batchOf(commands()[1])).toEqual({ keys: [key(6), key(904)], consistent: true });

    // No keys at all: nothing to send, as alone.
    expect(await readTogether(() => readItems(TABLE, []))).toEqual([]);
    expect(await readItems(TABLE, [])).toEqual([]);
    expect(commands()).toHaveLength(2);
  });

  it('sends the reads asked after start first waits on their own', async () => {
    const { commands } = recordSends();
    const answers = await readTogether(async () => {
      const first = readItem(TABLE, key(10));
      const second = readItem(TABLE, key(11));
      const early = await first;
      expect(commands()).toHaveLength(1);
      const late = readItem(TABLE, key(12));
      const lateToo = readItem(TABLE, key(13));
      return [early, await second, await late, await lateToo];
    });
    expect(answers).toEqual([item(10), item(11), item(12), item(13)]);
    expect(commands()).toHaveLength(3);
    expect(batchOf(commands()[0])).toEqual({ keys: [key(10), key(11)], consistent: true });
    expect(getOf(commands()[1])).toEqual({ TableName: TABLE, Key: key(12), ConsistentRead: true });
    expect(getOf(commands()[2])).toEqual({ TableName: TABLE, Key: key(13), ConsistentRead: true });
  });

  it('nested: the outer readTogether sends the inner one\'s reads with its own, in one batch', async () => {
    const { commands } = recordSends();
    const [outer, inner] = readTogether(() => {
      const outerRead = readItem(TABLE, key(20));
      const innerReads = readTogether(() => [readItem(TABLE, key(21)), readItems(TABLE, [key(22), key(905)])] as const);
      expect(commands()).toHaveLength(0);
      return [outerRead, innerReads] as const;
    });
    expect(await outer).toEqual(item(20));
    expect(await inner[0]).toEqual(item(21));
    expect(await inner[1]).toEqual([item(22)]);
    expect(commands()).toHaveLength(1);
    expect(batchOf(commands()[0])).toEqual({ keys: [key(20), key(21), key(22), key(905)], consistent: true });
  });

  it('sends more than 100 unique keys in several BatchGets, and answers every ask', async () => {
    const { commands } = recordSends();
    const keys = Array.from({ length: 130 }, (_, i) => key(i));
    const { all, one, outside, missing } = readTogether(() => ({
      all: readItems(TABLE, keys),
      one: readItem(TABLE, key(140)),
      outside: readItems(TABLE, [key(145), key(129), key(906)]),
      missing: readItem(TABLE, key(907)),
    }));
    expect(bySk(await all)).toEqual(Array.from({ length: 130 }, (_, i) => item(i)));
    expect(await one).toEqual(item(140));
    expect(bySk(await outside)).toEqual([item(129), item(145)]);
    expect(await missing).toBeUndefined();
    const unique = [...keys, key(140), key(145), key(906), key(907)];
    expect(commands()).toHaveLength(2);
    expect(batchOf(commands()[0])).toEqual({ keys: unique.slice(0, 100), consistent: true });
    expect(batchOf(commands()[1])).toEqual({ keys: unique.slice(100), consistent: true });
  });

  it('a failed batch rejects every ask in it with its error, and the next reads answer', async () => {
    const { send, commands } = recordSends();
    const failure = new Error('store unavailable');
    send.mockRejectedValueOnce(failure);
    const { first, some, second } = readTogether(() => ({
      first: readItem(TABLE, key(30)),
      some: readItems(TABLE, [key(31), key(32)]),
      second: readItem(TABLE, key(33)),
    }));
    await expect(first).rejects.toBe(failure);
    await expect(some).rejects.toBe(failure);
    await expect(second).rejects.toBe(failure);
    expect(commands()).toHaveLength(1);

    const after = readTogether(() => [readItem(TABLE, key(30)), readItems(TABLE, [key(31), key(32)])] as const);
    expect(await after[0]).toEqual(item(30));
    expect(bySk(await after[1])).toEqual([item(31), item(32)]);
    expect(await readItem(TABLE, key(33))).toEqual(item(33));
    expect(commands()).toHaveLength(3);
  });

  it('a batch of a table that does not exist rejects each ask with the store\'s error', async () => {
    const { commands } = recordSends();
    const [first, some] = readTogether(() => [readItem(MISSING_TABLE, key(1)), readItems(MISSING_TABLE, [key(2)])] as const);
    await expect(first).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(some).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(commands()).toHaveLength(1);
    expect(batchOf(commands()[0], MISSING_TABLE)).toEqual({ keys: [key(1), key(2)], consistent: true });
    expect(await readItem(TABLE, key(1))).toEqual(item(1));
  });

  it('sends the asks of each table apart: one table\'s failure leaves the other\'s answers', async () => {
    const { commands } = recordSends();
    const { first, second, elsewhere } = readTogether(() => ({
      first: readItem(TABLE, key(40)),
      elsewhere: readItem(MISSING_TABLE, key(40)),
      second: readItem(TABLE, key(41)),
    }));
    await expect(elsewhere).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await first).toEqual(item(40));
    expect(await second).toEqual(item(41));
    expect(commands()).toHaveLength(2);
    const [batch, get] = commands()[0] instanceof BatchGetCommand ? commands() : [...commands()].reverse();
    expect(batchOf(batch)).toEqual({ keys: [key(40), key(41)], consistent: true });
    expect(getOf(get)).toEqual({ TableName: MISSING_TABLE, Key: key(40), ConsistentRead: true });
  });

  it('sends the reads asked before start throws, and throws its error', async () => {
    const { commands } = recordSends();
    let asked: Promise<unknown> | undefined;
    const failure = new Error('start failed');
    expect(() => readTogether(() => {
      asked = readItem(TABLE, key(50));
      throw failure;
    })).toThrow(failure);
    expect(await asked).toEqual(item(50));
    expect(commands()).toHaveLength(1);
    expect(getOf(commands()[0])).toEqual({ TableName: TABLE, Key: key(50), ConsistentRead: true });
    // Gathering ended with start: the next read goes alone at once.
    const next = readItem(TABLE, key(51));
    expect(commands()).toHaveLength(2);
    expect(await next).toEqual(item(51));
  });
});
