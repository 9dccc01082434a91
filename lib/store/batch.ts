import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand } from './commands';
import { inParallel } from '../parallel';
import { dynamo } from './client';

const WRITE_BATCH = 25;
const GET_BATCH = 100;
const MAX_ROUNDS = 10;

type Key = Record<string, unknown>;
type Item = Record<string, unknown>;
type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Key } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
  return out;
}

/**
 * Sends a batch, then resends what DynamoDB left unprocessed with exponential backoff until nothing is left; throws
 * after MAX_ROUNDS rounds. `send` answers what is left.
 */
async function untilProcessed<T>(batch: T[], operation: string, noun: string, send: (pending: T[]) => Promise<T[]>): Promise<void> {
  let pending = batch;
  for (let round = 0; pending.length > 0; round++) {
    if (round === MAX_ROUNDS) throw new Error(`${operation} left ${pending.length} ${noun} unprocessed after ${MAX_ROUNDS} rounds`);
    if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
    pending = await send(pending);
  }
}

/**
 * Writes puts and deletes in batches of 25, several batches at a time, resending unprocessed items with
 * exponential backoff; throws if DynamoDB still refuses some after every retry (the caller's lock then expires and
 * the work is repaired).
 */
export async function writeItems(tableName: string, requests: readonly WriteRequest[]): Promise<void> {
  await inParallel(chunks(requests, WRITE_BATCH).map((batch) => () => untilProcessed(batch, 'BatchWrite', 'items', async (pending) => {
    const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    return (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
  })));
}

export const deleteKeys = (tableName: string, keys: readonly Key[]) =>
  writeItems(tableName, keys.map((Key) => ({ DeleteRequest: { Key } })));

/** Reads items by key in batches of 100 (consistent reads), retrying unprocessed keys; missing items are absent. */
export async function getItems(tableName: string, keys: readonly Key[]): Promise<Item[]> {
  const pages = await inParallel(chunks(keys, GET_BATCH).map((batch) => async () => {
    const found: Item[] = [];
    await untilProcessed(batch, 'BatchGet', 'keys', async (pending) => {
      const result = await dynamo().send(new BatchGetCommand({
        RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } },
      }));
      found.push(...(result.Responses?.[tableName] ?? []));
      return (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as Key[];
    });
    return found;
  }));
  return pages.flat();
}
