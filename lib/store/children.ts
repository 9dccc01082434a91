import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { getItems, writeItems } from './batch';
import { dynamo } from './client';
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

function strip(item: Record<string, unknown>): ChildItem {
  const { PK: _pk, SK: _sk, ...rest } = item;
  return rest;
}

export interface ChildScope {
  modelId: string;
  generation: number;
}

export async function getChild(scope: ChildScope, kind: ChildKind, name: string): Promise<ChildItem | undefined> {
  const { Item } = await dynamo().send(new GetCommand({
    TableName: table(), Key: key(scope.modelId, scope.generation, kind, name), ConsistentRead: true,
  }));
  return Item ? strip(Item) : undefined;
}

export async function putChild(scope: ChildScope, kind: ChildKind, name: string, item: ChildItem): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: table(), Item: { ...item, ...key(scope.modelId, scope.generation, kind, name) } }));
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
    if ((error as { name?: string })?.name !== 'ConditionalCheckFailedException') throw error;
  });
}

/** Every child of a kind, in key order (which is the code-point order of names), page by page. */
export async function listChildren(scope: ChildScope, kind: ChildKind, namePrefix = ''): Promise<ChildItem[]> {
  const items: ChildItem[] = [];
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': modelPk(scope.modelId), ':prefix': childPrefix(scope.generation, kind) + namePrefix },
    ConsistentRead: true,
  })) {
    for (const item of page.Items ?? []) items.push(strip(item));
  }
  return items;
}

/** Reads many children of a kind by name; names without an item are absent from the map. */
export async function getChildren(scope: ChildScope, kind: ChildKind, names: readonly string[], nameOf: (item: ChildItem) => string):
Promise<Map<string, ChildItem>> {
  const items = await getItems(table(), names.map((name) => key(scope.modelId, scope.generation, kind, name)));
  return new Map(items.map((item) => [nameOf(strip(item)), strip(item)]));
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
    ? { PutRequest: { Item: { ...write.item, ...key(scope.modelId, scope.generation, write.kind, write.name) } } }
    : { DeleteRequest: { Key: key(scope.modelId, scope.generation, write.kind, write.name) } })));
}
