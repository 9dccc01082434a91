import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from './commands';
import { config } from '../config';
import { deleteKeys } from './batch';
import { readItem, readItems } from './reads';
import { dynamo } from './client';
import { isConditionFailure } from './conditions';
import { instancePk } from './keys';
import { queryPages } from './query';

/**
 * The control API's per-instance settings (lib/controls), in the instance's partition next to its model counter:
 *   timing   PK = INSTANCE#<owner>   SK = TIMING          { timing: { <operation>: { mode, seconds?, reads? } } }
 *   fault    PK = INSTANCE#<owner>   SK = FAULT#<id>      one injected-fault rule each
 *   script   PK = INSTANCE#<owner>   SK = TRANSCRIPT#<key> what recognition hears in the audio of that key
 */
const TIMING_SK = 'TIMING';
const FAULT_PREFIX = 'FAULT#';
const TRANSCRIPT_PREFIX = 'TRANSCRIPT#';

const table = () => config.tableName();

export type StoredTiming = Record<string, { mode: string; seconds?: number; reads?: number }>;

export async function getTiming(owner: string): Promise<StoredTiming> {
  const item = await readItem(table(), { PK: instancePk(owner), SK: TIMING_SK });
  return (item?.timing as StoredTiming | undefined) ?? {};
}

export async function putTiming(owner: string, timing: StoredTiming): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: table(), Item: { PK: instancePk(owner), SK: TIMING_SK, timing } }));
}

export interface StoredFault {
  id: string;
  operation: string;
  created: number;
  status?: number;
  error?: string;
  /** Calls left to fail (count rules); the rule is removed when it reaches 0. */
  remaining?: number;
  probability?: number;
  delayMs?: number;
}

/** The items of the instance's partition under a prefix of SK, without their keys, in key order. */
async function instanceItems(owner: string, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': instancePk(owner), ':prefix': prefix },
    ConsistentRead: true,
  })) {
    for (const { PK: _pk, SK: _sk, ...item } of page.Items ?? []) items.push(item);
  }
  return items;
}

/** How many items the instance's partition has under a prefix of SK. */
async function countInstanceItems(owner: string, prefix: string): Promise<number> {
  let count = 0;
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': instancePk(owner), ':prefix': prefix },
    Select: 'COUNT',
  })) {
    count += page.Count ?? 0;
  }
  return count;
}

/** Removes every item of the instance's partition under a prefix of SK; answers how many there were. */
async function deleteInstanceItems(owner: string, prefix: string): Promise<number> {
  const keys: { PK: string; SK: string }[] = [];
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': instancePk(owner), ':prefix': prefix },
    ProjectionExpression: 'PK, SK',
    ConsistentRead: true,
  })) {
    for (const item of page.Items ?? []) keys.push({ PK: String(item.PK), SK: String(item.SK) });
  }
  await deleteKeys(table(), keys);
  return keys.length;
}

/** Removes one item of the instance's partition; false when there is none. */
async function deleteInstanceItem(owner: string, sk: string): Promise<boolean> {
  try {
    await dynamo().send(new DeleteCommand({ TableName: table(), Key: { PK: instancePk(owner), SK: sk }, ConditionExpression: 'attribute_exists(PK)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The instance's fault rules, oldest first. */
export async function listFaults(owner: string): Promise<StoredFault[]> {
  const faults = (await instanceItems(owner, FAULT_PREFIX)) as unknown as StoredFault[];
  return faults.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
}

export async function putFault(owner: string, fault: StoredFault): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: table(), Item: { ...fault, PK: instancePk(owner), SK: FAULT_PREFIX + fault.id } }));
}

/**
 * Takes one call from a count rule: a conditional decrement, so that racing requests never fail more calls than the
 * rule says. False when the rule had no calls left (another request took the last one, or it was deleted).
 */
export async function consumeFault(owner: string, id: string): Promise<boolean> {
  const key = { PK: instancePk(owner), SK: FAULT_PREFIX + id };
  try {
    const { Attributes } = await dynamo().send(new UpdateCommand({
      TableName: table(),
      Key: key,
      UpdateExpression: 'SET remaining = remaining - :one',
      ConditionExpression: 'remaining > :zero',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
      ReturnValues: 'UPDATED_NEW',
    }));
    if (Attributes?.remaining === 0) {
      await dynamo().send(new DeleteCommand({
        TableName: table(), Key: key, ConditionExpression: 'remaining = :zero', ExpressionAttributeValues: { ':zero': 0 },
      })).catch((error) => {
        if (!isConditionFailure(error)) throw error;
      });
    }
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Removes one rule; false when it does not exist. */
export const deleteFault = (owner: string, id: string): Promise<boolean> => deleteInstanceItem(owner, FAULT_PREFIX + id);

/** Removes every rule of the instance; answers how many there were. */
export const deleteFaults = (owner: string): Promise<number> => deleteInstanceItems(owner, FAULT_PREFIX);

export interface StoredTranscript {
  key: string;
  transcript: string;
  created: number;
}

const transcriptKey = (owner: string, key: string) => ({ PK: instancePk(owner), SK: TRANSCRIPT_PREFIX + key });

/**
 * Stores a transcript unless the instance already has `limit` others; answers false when it has. A replaced key does
 * not count against the limit.
 */
export async function putTranscript(owner: string, transcript: StoredTranscript, limit: number): Promise<boolean> {
  if ((await countInstanceItems(owner, TRANSCRIPT_PREFIX)) >= limit && (await getTranscripts(owner, [transcript.key])).size === 0) return false;
  await dynamo().send(new PutCommand({ TableName: table(), Item: { ...transcriptKey(owner, transcript.key), ...transcript } }));
  return true;
}

/** The instance's transcripts, in key order. */
export const listTranscripts = async (owner: string): Promise<StoredTranscript[]> =>
  (await instanceItems(owner, TRANSCRIPT_PREFIX)) as unknown as StoredTranscript[];

/** The transcripts stored under these keys (one batched read); keys without one are absent from the map. */
export async function getTranscripts(owner: string, keys: readonly string[]): Promise<Map<string, string>> {
  const items = await readItems(table(), [...new Set(keys)].map((key) => transcriptKey(owner, key)));
  return new Map(items.map((item) => [String(item.key), String(item.transcript)]));
}

/** Removes one transcript; false when the instance has none under that key. */
export const deleteTranscript = (owner: string, key: string): Promise<boolean> => deleteInstanceItem(owner, TRANSCRIPT_PREFIX + key);

/** Removes every transcript of the instance; answers how many there were. */
export const deleteTranscripts = (owner: string): Promise<number> => deleteInstanceItems(owner, TRANSCRIPT_PREFIX);

/** Removes the instance's timing settings, fault rules and transcripts. */
export async function clearControls(owner: string): Promise<void> {
  await deleteFaults(owner);
  await deleteTranscripts(owner);
  await dynamo().send(new DeleteCommand({ TableName: table(), Key: { PK: instancePk(owner), SK: TIMING_SK } }));
}

/** One cheap read that tells whether the table answers (health). */
export async function probeStore(): Promise<void> {
  await dynamo().send(new GetCommand({ TableName: table(), Key: { PK: 'HEALTH', SK: 'HEALTH' } }));
}
