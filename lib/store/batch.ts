import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client';

const BATCH_SIZE = 25;
const MAX_ROUNDS = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deletes items by key in batches of 25, resending unprocessed items with exponential backoff; throws if
 * DynamoDB still refuses some after every retry (the caller's lock then expires and the work is repaired).
 */
export async function deleteKeys(tableName: string, keys: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < keys.length; start += BATCH_SIZE) {
    let requests = keys.slice(start, start + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round === MAX_ROUNDS) throw new Error(`BatchWrite left ${requests.length} items unprocessed after ${MAX_ROUNDS} rounds`);
      if (round > 0) await sleep(Math.min(1000, 25 * 2 ** round));
      const result = await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  }
}
