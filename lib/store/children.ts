import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { getItems, writeItems } from './batch';
import { dynamo } from './client';
import { readItem } from './reads';
import { isConditionFailure } from './conditions';
import { queryPages } from './query';
import { childPrefix, childSk, modelPk, type ChildKind } from './keys';

/**
 * The items that belong to a model (corpora, words, grammars and the word lists of corpora and grammars), always
 * addressed within the model's current generation. Attributes are stored under their own names; `PK`, `SK` and
 * `kind` are the store's.
 */
export type ChildItem = Record<string, unknown>;

const table = () => config.tableName();
const key = (modelId: string, generation: number, kind: ChildKind, name: string) =>
  ({ PK: modelPk(modelId), SK: childSk(generation, kind, name) });

/** The longest child name, in UTF-8 bytes, whose key fits DynamoDB's 1024-byte sort key whatever the kind. */
export const MAX_CHILD_NAME_BYTES = 1000;

/** Whether a child can have this name; no item has a longer one, so reads by such a name find nothing. */
export const isStorableName = (name: string) => Buffer.byteLength(name, 'utf8') <= MAX_CHILD_NAME_BYTES;

/*
 * Map keys that come from users (a word's counts per corpus, a corpus's word list, a word error's sounds-like) are
 * escaped: the document client's marshaller assigns keys, so a key `__proto__` would set a prototype instead and the
 * write fails. Such keys, and keys that start with the escape character, are stored with one more of it.
 */
const ESCAPE = '\u0000';
const escapeKey = (key: string) => (key === '__proto__' || key.startsWith(ESCAPE) ? ESCAPE + key : key);
const unescapeKey = (key: string) => (key.startsWith(ESCAPE) ? key.slice(1) : key);

/** The value with every object key renamed, at any depth; unchanged parts are not copied. */
function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const renamed = renameKeys(item, rename);
      if (renamed !== item) (copy ??= [...value])[index] = renamed;
    });
    return copy ?? value;
  }
  let changed = false;
  const entries = Object.entries(value).map(([name, item]) => {
    const renamed = [rename(name), renameKeys(item, rename)] as const;
    changed ||= renamed[0] !== name || renamed[1] !== item;
    return renamed;
  });
  return changed ? Object.fromEntries(entries) : value;
}

const stored = (item: ChildItem) => renameKeys(item, escapeKey) as ChildItem;

function strip(item: Record<string, unknown>): ChildItem {
  const { PK: _pk, SK: _sk, ...rest } = item;
  return renameKeys(rest, unescapeKey) as ChildItem;
}

export interface ChildScope {
  modelId: string;
  generation: number;
}

export async function getChild(scope: ChildScope, kind: ChildKind, name: string): Promise<ChildItem | undefined> {
  if (!isStorableName(name)) return undefined;
  const item = await readItem(table(), key(scope.modelId, scope.generation, kind, name));
  return item ? strip(item) : undefined;
}

export async function deleteChild(scope: ChildScope, kind: ChildKind, name: string): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: table(), Key: key(scope.modelId, scope.generation, kind, name) }));
}

/** Sets one attribute of an existing child (the control API completing an analysis early); no-op when it is gone. */
export async function setChildAttribute(scope: ChildScope, kind: ChildKind, name: string, attribute: string, value: unknown): Promise<void> {
  await dynamo().send(new UpdateCommand({
    TableName: table(),
    Key: key(scope.modelId, scope.generation, kind, name),
    UpdateExpression: 'SET #attribute = :value',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeNames: { '#attribute': attribute },
    ExpressionAttributeValues: { ':value': value },
  })).catch((error) => {
    if (!isConditionFailure(error)) throw error;
  });
}

/** Every child of a kind, in key order (which is the code-point order of names), page by page. */
export async function listChildren(scope: ChildScope, kind: ChildKind, namePrefix = ''): Promise<ChildItem[]> {
  return (await listNamedChildren(scope, kind, namePrefix)).map((child) => child.item);
}

/** Every child of a kind with the name it is stored under, in key order. */
export async function listNamedChildren(scope: ChildScope, kind: ChildKind, namePrefix = ''): Promise<{ name: string; item: ChildItem }[]> {
  const prefix = childPrefix(scope.generation, kind);
  const children: { name: string; item: ChildItem }[] = [];
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': modelPk(scope.modelId), ':prefix': prefix + namePrefix },
    ConsistentRead: true,
  })) {
    for (const item of page.Items ?? []) children.push({ name: String(item.SK).slice(prefix.length), item: strip(item) });
  }
  return children;
}

/**
 * The names of every child of a kind, in key order, read keys-only (a projection of the sort key): cheaper to move
 * than whole items when only membership matters.
 */
export async function listChildNames(scope: ChildScope, kind: ChildKind, namePrefix = ''): Promise<string[]> {
  const prefix = childPrefix(scope.generation, kind);
  const names: string[] = [];
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': modelPk(scope.modelId), ':prefix': prefix + namePrefix },
    ProjectionExpression: 'SK',
    ConsistentRead: true,
  })) {
    for (const item of page.Items ?? []) names.push(String(item.SK).slice(prefix.length));
  }
  return names;
}

/** Reads many children of a kind by name; names without an item are absent from the map. */
export async function getChildren(scope: ChildScope, kind: ChildKind, names: readonly string[], nameOf: (item: ChildItem) => string):
Promise<Map<string, ChildItem>> {
  const items = await getItems(table(), names.filter(isStorableName).map((name) => key(scope.modelId, scope.generation, kind, name)));
  return new Map(items.map((item) => {
    const child = strip(item);
    return [nameOf(child), child];
  }));
}

export interface ChildWrite {
  kind: ChildKind;
  name: string;
  /** The item to put; undefined deletes it. */
  item?: ChildItem;
}

/** Puts and deletes many children in parallel batches. */
export async function writeChildren(scope: ChildScope, writes: readonly ChildWrite[]): Promise<void> {
  await writeItems(table(), writes.map((write) => (write.item
    ? { PutRequest: { Item: { ...stored(write.item), ...key(scope.modelId, scope.generation, write.kind, write.name) } } }
    : { DeleteRequest: { Key: key(scope.modelId, scope.generation, write.kind, write.name) } })));
}
