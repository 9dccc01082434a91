import { getItems } from './batch';
import { dynamo } from './client';
import { GetCommand } from './commands';

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;

/**
 * Consistent reads of items by key, and a way to send several of them as one store request.
 *
 * Alone, `readItem` is one GetItem and `readItems` the batched reads of `getItems`. Inside `readTogether(start)`, the
 * reads that `start` asks for before it first waits are gathered, and sent when it returns: one ask as it would go
 * alone, several as one BatchGetItem of all their keys (once each; more than 100 in several), each ask answered with
 * its own items. A recognition reads its custom model and its transcripts this way: one round trip to the store
 * instead of two (once the process has the model's trained snapshot in its cache), a sixth of what a 1 MB
 * recognition cost serverless-offline's thread under 20 clients. Every read stays a consistent read made after it
 * was asked for; a failed batch fails every ask in it.
 */
interface Ask {
  tableName: string;
  keys: readonly Key[];
  single: boolean;
  answer(items: (Item | undefined)[]): void;
  fail(error: unknown): void;
}

let gathering: Ask[] | undefined;

/**
 * Runs `start` and sends the reads it asked for before it first waited as one request, when it returns; answers what
 * `start` answers (its promises settle once their reads are answered). Inside another `readTogether`, the outer
 * one sends them.
 */
export function readTogether<T>(start: () => T): T {
  if (gathering) return start();
  const asks: Ask[] = [];
  gathering = asks;
  try {
    return start();
  } finally {
    gathering = undefined;
    send(asks);
  }
}

/** The item under `key` (a consistent read), or undefined when there is none. */
export function readItem(tableName: string, key: Key): Promise<Item | undefined> {
  if (!gathering) return getItem(tableName, key);
  return gather(tableName, [key], true).then(([item]) => item);
}

/** The items under `keys` (consistent reads), in no particular order; a key without an item has none. */
export function readItems(tableName: string, keys: readonly Key[]): Promise<Item[]> {
  if (!gathering) return getItems(tableName, keys);
  return gather(tableName, keys, false).then((items) => items.filter((item): item is Item => item !== undefined));
}

async function getItem(tableName: string, key: Key): Promise<Item | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
  return Item;
}

function gather(tableName: string, keys: readonly Key[], single: boolean): Promise<(Item | undefined)[]> {
  const asks = gathering as Ask[];
  return new Promise((answer, fail) => {
    asks.push({ tableName, keys, single, answer, fail });
  });
}

/** The identity of a key: its attributes' values, in the order of their names. */
const keyId = (names: readonly string[], item: Item) => names.map((name) => `${typeof item[name]}:${String(item[name])}`).join('\u0000');

function send(asks: readonly Ask[]): void {
  const byTable = new Map<string, Ask[]>();
  for (const ask of asks) {
    const list = byTable.get(ask.tableName);
    if (list) list.push(ask);
    else byTable.set(ask.tableName, [ask]);
  }
  for (const [tableName, tableAsks] of byTable) {
    if (tableAsks.length === 1) {
      const [ask] = tableAsks;
      const alone = ask.single ? getItem(tableName, ask.keys[0]).then((item) => [item]) : getItems(tableName, ask.keys);
      alone.then(ask.answer, ask.fail);
      continue;
    }
    sendTogether(tableName, tableAsks);
  }
}

function sendTogether(tableName: string, asks: readonly Ask[]): void {
  const unique = new Map<string, Key>();
  const idsOf = asks.map((ask) => ask.keys.map((key) => {
    const id = keyId(Object.keys(key).sort(), key);
    unique.set(id, key);
    return id;
  }));
  const [first] = unique.values();
  if (!first) {
    for (const ask of asks) ask.answer([]);
    return;
  }
  const names = Object.keys(first).sort();
  getItems(tableName, [...unique.values()]).then((items) => {
    const found = new Map(items.map((item) => [keyId(names, item), item]));
    asks.forEach((ask, index) => ask.answer(idsOf[index].map((id) => found.get(id))));
  }, (error: unknown) => {
    for (const ask of asks) ask.fail(error);
  });
}
