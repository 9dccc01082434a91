import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { inParallel } from '../parallel';
import { dynamo } from './client';
import { requestsPk } from './keys';
import { queryPages } from './query';

/**
 * The request journal (control API `/_emulator/requests`): what each instance sent, in a partition of its own so
 * that the instance's other items stay apart. Entries are stored by pages: each write of a process puts the entries
 * it has gathered (one, or those of the last tenth of a second) in one item, as a JSON text, because the store's
 * cost is per item, not per byte:
 *   page   PK = REQUESTS#<owner>   SK = <time ISO of its first entry>#<request id of its first entry>
 *          { entries: JSON array of StoredRequest (oldest first), count, ExpiresAt (epoch s, its newest entry's) }
 * Newest first is a backward query. ExpiresAt is the table's TTL attribute when deployed; the writer also trims each
 * partition to about the newest entries (lib/controls/requests.ts), which is what bounds it locally (dynalite has
 * no TTL).
 */
export interface StoredRequest {
  time: string;
  request_id: string;
  operation: string;
  method: string;
  path: string;
  query?: string;
  status: number;
  duration_ms: number;
  fault: boolean;
  customization_id?: string;
  error?: string;
}

/** At most this many entries per page: a page stays far below the store's 400 KB item limit. */
export const PAGE_ENTRIES = 100;

const table = () => config.tableName();

/** Writes one page of an instance's entries (oldest first); `expiresAt` in epoch seconds. */
export async function putRequestPage(owner: string, entries: readonly StoredRequest[], expiresAt: number): Promise<void> {
  const first = entries[0];
  await dynamo().send(new PutCommand({
    TableName: table(),
    Item: { PK: requestsPk(owner), SK: `${first.time}#${first.request_id}`, entries: JSON.stringify(entries), count: entries.length, ExpiresAt: expiresAt },
  }));
}

/** The newest `limit` entries of the instance whose time is after `notBefore` (ISO), newest first. */
export async function recentRequests(owner: string, limit: number, notBefore: string): Promise<StoredRequest[]> {
  const gathered: StoredRequest[] = [];
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': requestsPk(owner) },
    ScanIndexForward: false,
    ConsistentRead: true,
    Limit: 20,
  })) {
    for (const item of page.Items ?? []) {
      for (const entry of JSON.parse(String(item.entries)) as StoredRequest[]) if (entry.time >= notBefore) gathered.push(entry);
    }
    // Pages of several processes may overlap in time: one page more than the limit needs, then sorted.
    if (gathered.length >= limit + PAGE_ENTRIES) break;
  }
  gathered.sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0));
  return gathered.slice(0, limit);
}

/** Deletes the instance's pages beyond its newest `keep` entries, and the expired ones; answers how many entries went. */
export async function trimRequests(owner: string, keep: number, nowSeconds: number): Promise<number> {
  const doomed: { PK: string; SK: string }[] = [];
  let kept = 0;
  let removed = 0;
  for await (const page of queryPages({
    TableName: table(),
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': requestsPk(owner) },
    ProjectionExpression: 'PK, SK, #count, ExpiresAt',
    ExpressionAttributeNames: { '#count': 'count' },
    ScanIndexForward: false,
    ConsistentRead: true,
  })) {
    for (const item of page.Items ?? []) {
      const count = Number(item.count ?? 0);
      const expired = typeof item.ExpiresAt === 'number' && item.ExpiresAt <= nowSeconds;
      if (expired || kept >= keep) {
        doomed.push({ PK: String(item.PK), SK: String(item.SK) });
        removed += count;
      } else {
        kept += count;
      }
    }
  }
  // One by one (pages are few): every function that journals may delete, none needs to batch-write for it.
  await inParallel(doomed.map((Key) => async () => {
    await dynamo().send(new DeleteCommand({ TableName: table(), Key }));
  }));
  return removed;
}

/** Deletes all the instance's entries; answers how many there were. */
export async function deleteRequests(owner: string): Promise<number> {
  return trimRequests(owner, 0, Number.POSITIVE_INFINITY);
}
