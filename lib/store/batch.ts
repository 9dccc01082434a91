import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';

const WRITE_BATCH = 25;
const GET_BATCH = 100;
const MAX_ROUNDS = 10;
/** Batches in flight at once: enough to hide round trips, few enough not to swamp a table. */
const PARALLEL = 8;

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the tasks with at most `limit` of them at a time. After a failure no task starts, and the first error is thrown
 * once the running ones have ended: nothing is still writing when the caller handles it.
 */
async function inParallel<T>(tasks: (() => Promise<T>)[], limit = PARALLEL): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < tasks.length && !failure) {
      const index = next++;
      try {
        results[index] = await tasks[index]();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
  return out;
}

/**
 * Writes puts and deletes in batches of 25, several batches at a time, resending unprocessed items with
 * exponential backoff; throws if DynamoDB still refuses some after every retry (the caller's lock then expires and
 * the work is repaired).
 */
export async function writeItems(tableName: string, requests: readonly WriteRequest[]): Promise<void> {
  await inParallel(chunks(requests, WRITE_BATCH).map((batch) => async () => {
    let pending = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchWrite left ${pending.length} items unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
      const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    }
  }));
}

export const putItems = (tableName: string, items: readonly Item[]) =>
  writeItems(tableName, items.map((Item) => ({ PutRequest: { Item } })));

export const deleteKeys = (tableName: string, keys: readonly Key[]) =>
  writeItems(tableName, keys.map((Key) => ({ DeleteRequest: { Key } })));

/** Reads items by key in batches of 100 (consistent reads), retrying unprocessed keys; missing items are absent. */
export async function getItems(tableName: string, keys: readonly Key[]): Promise<Item[]> {
  const pages = await inParallel(chunks(keys, GET_BATCH).map((batch) => async () => {
    const found: Item[] = [];
    let pending: Key[] = batch;
    for (let round = 0; pending.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchGet left ${pending.length} keys unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
      const result = await dynamo().send(new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
      }));
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    }
    return found;
  }));
  return pages.flat();
}
