import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ModelKind, ModelRecord } from './modelRecord';
import { isoTime } from '../clock';
import { dynamo } from './client';
import { isConditionFailure } from './conditions';
import {
  ANY_CHILD_PREFIX, DUE_INDEX, INSTANCE_SK, MODEL_SK, OWNER_INDEX, childPrefix, duePk, dueShard, dueSk, instancePk, modelIdOfPk,
  modelPk, ownerPk, ownerSk,
} from './keys';
import { config } from '../config';
import { deleteKeys } from './batch';
import { readItem } from './reads';
import { queryPages } from './query';

const table = () => config.tableName();

/** The instance item's counter of each kind of model (the limits are apart: 1024 of each). */
const COUNTERS: Record<ModelKind, string> = { language: 'modelCount', acoustic: 'acousticModelCount' };

type Item = Record<string, unknown>;

const KEY_ATTRIBUTES = ['PK', 'SK', 'OwnerPK', 'OwnerSK', 'DuePK', 'DueSK', 'deleted'] as const;

function toRecord(item: Item): ModelRecord {
  const record: Item = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  return record as unknown as ModelRecord;
}

function toItem(record: ModelRecord): Item {
  return {
    ...record,
    PK: modelPk(record.customizationId),
    SK: MODEL_SK,
    OwnerPK: ownerPk(record.owner, record.kind),
    OwnerSK: ownerSk(record.language, isoTime(record.created), record.customizationId),
  };
}


/** The model, or undefined when there is none (a deleted model's tombstone counts as none). */
export async function getModel(customizationId: string): Promise<ModelRecord | undefined> {
  const item = await getModelItem(customizationId);
  return item && !item.deleted ? item.record : undefined;
}

/** The model item whatever its state, tombstone included (for the scheduled function). */
export async function getModelItem(customizationId: string): Promise<{ record: ModelRecord; deleted: boolean } | undefined> {
  const item = await readItem(table(), { PK: modelPk(customizationId), SK: MODEL_SK });
  return item ? { record: toRecord(item), deleted: item.deleted === true } : undefined;
}

/** The ids of the models whose work is due by `nowMs`, from one shard of the sparse due index, page by page. */
export async function dueModelIds(shard: number, nowMs: number): Promise<{ ids: string[]; readUnits: number }> {
  const ids: string[] = [];
  let readUnits = 0;
  for await (const page of queryPages({
    TableName: table(),
    IndexName: DUE_INDEX,
    KeyConditionExpression: 'DuePK = :shard AND DueSK <= :now',
    ExpressionAttributeValues: { ':shard': duePk(shard), ':now': dueSk(nowMs, '~') },
    ReturnConsumedCapacity: 'TOTAL',
  })) {
    for (const item of page.Items ?? []) ids.push(modelIdOfPk(String(item.PK)));
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
  }
  return { ids, readUnits };
}

/** Writes a new model; the id must not exist yet. */
export async function putNewModel(record: ModelRecord): Promise<void> {
  await dynamo().send(new PutCommand({
    TableName: table(),
    Item: toItem(record),
    ConditionExpression: 'attribute_not_exists(PK)',
  }));
}

/** The owner's models of a kind, oldest first per language; with a language, only that language's (a prefix query). */
export async function listModelsOfOwner(owner: string, language?: string, kind: ModelKind = 'language'): Promise<ModelRecord[]> {
  const records: ModelRecord[] = [];
  for await (const page of queryPages({
    TableName: table(),
    IndexName: OWNER_INDEX,
    KeyConditionExpression: language ? 'OwnerPK = :owner AND begins_with(OwnerSK, :language)' : 'OwnerPK = :owner',
    ExpressionAttributeValues: { ':owner': ownerPk(owner, kind), ...(language ? { ':language': `${language}#` } : {}) },
  })) {
    for (const item of page.Items ?? []) if (!item.deleted) records.push(toRecord(item));
  }
  return records;
}

/**
 * Applies changes to a model if nobody changed it since `current` was read (its revision), and returns the new
 * record; undefined when the condition failed (the model changed, or is gone).
 */
export async function updateModel(current: ModelRecord, changes: Partial<ModelRecord>, remove: (keyof ModelRecord)[] = [],
  /** When the scheduled function must look at the model next (epoch ms); null: never (leaves the due index). */
  dueAt?: number | null):
Promise<ModelRecord | undefined> {
  const names: Record<string, string> = { '#revision': 'revision' };
  const values: Record<string, unknown> = { ':expected': current.revision, ':one': 1 };
  const sets = ['#revision = #revision + :one'];
  for (const [field, value] of Object.entries(changes)) {
    if (field === 'revision' || value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  // Models with work in progress (a job, a lock's lease) are listed in the sparse due index, which the scheduled
  // function reads, so that its cost grows with in-flight work only.
  const removed: string[] = remove.map(String);
  if (typeof dueAt === 'number') {
    names['#duePk'] = 'DuePK';
    names['#dueSk'] = 'DueSK';
    values[':duePk'] = dueShard(current.customizationId);
    values[':dueSk'] = dueSk(dueAt, current.customizationId);
    sets.push('#duePk = :duePk', '#dueSk = :dueSk');
  } else if (dueAt === null) {
    removed.push('DuePK', 'DueSK');
  }
  for (const field of removed) names[`#${field}`] = field;
  const removeClause = removed.length ? ` REMOVE ${removed.map((field) => `#${field}`).join(', ')}` : '';
  try {
    const { Attributes } = await dynamo().send(new UpdateCommand({
      TableName: table(),
      Key: { PK: modelPk(current.customizationId), SK: MODEL_SK },
      UpdateExpression: `SET ${sets.join(', ')}${removeClause}`,
      ConditionExpression: '#revision = :expected AND attribute_not_exists(deleted)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }));
    return toRecord(Attributes!);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/**
 * Deletes a model in two steps that each leave a consistent table: the model becomes a tombstone at once (no
 * longer listed nor readable, queued in the due index for purging), then its children and the tombstone go.
 * Returns false when the model changed since `current` was read.
 */
export async function markModelDeleted(current: ModelRecord, nowMs: number): Promise<boolean> {
  return tombstone(current.customizationId, nowMs, current.revision);
}

/**
 * Makes a model a tombstone whatever its state, busy or locked (the control API's reset): a request holding its
 * lock then fails to release it and answers as for a deleted model. False when it is already gone.
 */
export async function forceMarkDeleted(customizationId: string, purgeAtMs: number): Promise<boolean> {
  return tombstone(customizationId, purgeAtMs);
}

/** Turns the model item into a tombstone due for purging at `purgeAtMs`; with a revision, only if it is unchanged. */
async function tombstone(customizationId: string, purgeAtMs: number, expectedRevision?: number): Promise<boolean> {
  try {
    await dynamo().send(new UpdateCommand({
      TableName: table(),
      Key: { PK: modelPk(customizationId), SK: MODEL_SK },
      UpdateExpression: 'SET deleted = :true, DuePK = :duePk, DueSK = :dueSk, #revision = #revision + :one REMOVE OwnerPK, OwnerSK',
      ConditionExpression: `${expectedRevision === undefined ? 'attribute_exists(PK)' : '#revision = :expected'} AND attribute_not_exists(deleted)`,
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: {
        ':true': true, ':one': 1, ':duePk': dueShard(customizationId), ':dueSk': dueSk(purgeAtMs, customizationId),
        ...(expectedRevision === undefined ? {} : { ':expected': expectedRevision }),
      },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Removes every child item of a deleted model, then its tombstone; with `keepTombstone` (a request may still be
 * writing children under a lock), the tombstone stays in the due index for the scheduled function's next purge.
 */
export async function purgeDeletedModel(customizationId: string, keepTombstone = false): Promise<void> {
  await purgeChildren(customizationId, 'begins_with(SK, :prefix)', { ':prefix': ANY_CHILD_PREFIX });
  if (keepTombstone) return;
  await dynamo().send(new DeleteCommand({
    TableName: table(),
    Key: { PK: modelPk(customizationId), SK: MODEL_SK },
    ConditionExpression: 'deleted = :true',
    ExpressionAttributeValues: { ':true': true },
  })).catch((error) => {
    if (!isConditionFailure(error)) throw error;
  });
}

/** Removes the children of generations older than `generation` (what a reset left behind), in one range query. */
export async function purgeOldGenerations(customizationId: string, generation: number): Promise<void> {
  await purgeChildren(customizationId, 'SK BETWEEN :from AND :to', { ':from': ANY_CHILD_PREFIX, ':to': childPrefix(generation) });
}

/** Deletes the items of the model's partition whose SK meets the condition, page by page. */
async function purgeChildren(customizationId: string, skCondition: string, values: Record<string, string>): Promise<number> {
  let deleted = 0;
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: `PK = :pk AND ${skCondition}`,
    ExpressionAttributeValues: { ':pk': modelPk(customizationId), ...values },
    ProjectionExpression: 'PK, SK',
  })) {
    const keys = (page.Items ?? []).map((item) => ({ PK: item.PK, SK: item.SK }));
    await deleteKeys(table(), keys);
    deleted += keys.length;
  }
  return deleted;
}

/** The number of the owner's models of a kind, counted from the owner index. */
async function countModelsOfOwner(owner: string, kind: ModelKind): Promise<number> {
  let count = 0;
  for await (const page of queryPages({
    TableName: table(),
    IndexName: OWNER_INDEX,
    KeyConditionExpression: 'OwnerPK = :owner',
    ExpressionAttributeValues: { ':owner': ownerPk(owner, kind) },
    Select: 'COUNT',
  })) {
    count += page.Count ?? 0;
  }
  return count;
}

/**
 * Takes one of the instance's model slots with a conditional increment of its counter, so that racing creates
 * cannot pass the limit. When the counter says full, it is checked against the models that exist (a create or
 * delete that died midway can leave it off by one) and corrected before giving up.
 */
export async function reserveModelSlot(owner: string, limit: number, kind: ModelKind = 'language'): Promise<boolean> {
  const key = { PK: instancePk(owner), SK: INSTANCE_SK };
  const counter = COUNTERS[kind];
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await dynamo().send(new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': counter },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': limit },
      }));
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const counted = Number((await readItem(table(), key))?.[counter] ?? 0);
    const actual = await countModelsOfOwner(owner, kind);
    if (actual >= limit) return false;
    try {
      await dynamo().send(new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: 'SET #count = :actual',
        ConditionExpression: '#count = :counted',
        ExpressionAttributeNames: { '#count': counter },
        ExpressionAttributeValues: { ':actual': actual, ':counted': counted },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return false;
}

/** Gives a model slot back (the model was deleted, or its creation failed). */
export async function releaseModelSlot(owner: string, kind: ModelKind = 'language'): Promise<void> {
  await dynamo().send(new UpdateCommand({
    TableName: table(),
    Key: { PK: instancePk(owner), SK: INSTANCE_SK },
    UpdateExpression: 'SET #count = #count - :one',
    ConditionExpression: '#count > :zero',
    ExpressionAttributeNames: { '#count': COUNTERS[kind] },
    ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
  })).catch((error) => {
    if (!isConditionFailure(error)) throw error;
  });
}
