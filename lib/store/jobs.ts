import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from './commands';
import { isoTime } from '../clock';
import { config } from '../config';
import { deleteKeys } from './batch';
import { dynamo } from './client';
import { readItem } from './reads';
import { isConditionFailure } from './conditions';
import { DUE_INDEX, DUE_SHARDS, JOB_SK, OWNER_INDEX, callbackSk, dueSk, instancePk, jobPk, ownerJobsPk } from './keys';
import { queryPages } from './query';

/**
 * Asynchronous recognition jobs and allowlisted callback URLs (recognition spec §7):
 *   job       PK = JOB#<id>           SK = JOB             listed under OwnerPK = OWNER#<owner>#JOBS, newest first
 *   callback  PK = INSTANCE#<owner>   SK = CALLBACK#<url>
 * A job with something due (a transition, a notification to send or retry, its expiry) is in the due index under its
 * own shards (DUEJOB#<n>), so that the scheduled function reads jobs and models apart.
 */
const table = () => config.tableName();
const KEY_ATTRIBUTES = ['PK', 'SK', 'OwnerPK', 'OwnerSK', 'DuePK', 'DueSK'] as const;

/** A job as stored: what `lib/recognition/jobs` needs to answer for it and to notify its callback. */
export type JobRecord = Record<string, unknown> & { id: string; owner: string; created: number; revision: number };

const jobDuePk = (shard: number) => `DUEJOB#${shard}`;
function jobDueShard(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return jobDuePk(hash % DUE_SHARDS);
}

function toRecord(item: Record<string, unknown>): JobRecord {
  const record = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  return record as JobRecord;
}

const dueAttributes = (id: string, dueAt: number | null) =>
  (dueAt === null ? {} : { DuePK: jobDueShard(id), DueSK: dueSk(dueAt, id) });

/** Stores a new job, due at `dueAt` (null: nothing due). */
export async function putNewJob(record: JobRecord, dueAt: number | null): Promise<void> {
  await dynamo().send(new PutCommand({
    TableName: table(),
    Item: {
      ...record, PK: jobPk(record.id), SK: JOB_SK, OwnerPK: ownerJobsPk(record.owner), OwnerSK: `${isoTime(record.created)}#${record.id}`,
      ...dueAttributes(record.id, dueAt),
    },
    ConditionExpression: 'attribute_not_exists(PK)',
  }));
}

export async function getJob(id: string): Promise<JobRecord | undefined> {
  const item = await readItem(table(), { PK: jobPk(id), SK: JOB_SK });
  return item ? toRecord(item) : undefined;
}

/**
 * Replaces a job's attributes if nobody changed it since `current` was read (its revision); undefined when the
 * condition failed. `dueAt` sets when the scheduled function looks at it next (null: never).
 */
export async function replaceJob(current: JobRecord, next: Omit<JobRecord, 'revision'>, dueAt: number | null): Promise<JobRecord | undefined> {
  const record = { ...next, revision: current.revision + 1 } as JobRecord;
  try {
    await dynamo().send(new PutCommand({
      TableName: table(),
      Item: {
        ...record, PK: jobPk(record.id), SK: JOB_SK, OwnerPK: ownerJobsPk(record.owner), OwnerSK: `${isoTime(record.created)}#${record.id}`,
        ...dueAttributes(record.id, dueAt),
      },
      ConditionExpression: 'revision = :expected',
      ExpressionAttributeValues: { ':expected': current.revision },
    }));
    return record;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Deletes a job if it is unchanged since `current` was read; false when it changed or is gone. */
export async function deleteJobIfUnchanged(current: JobRecord): Promise<boolean> {
  try {
    await dynamo().send(new DeleteCommand({
      TableName: table(), Key: { PK: jobPk(current.id), SK: JOB_SK },
      ConditionExpression: 'revision = :expected', ExpressionAttributeValues: { ':expected': current.revision },
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The owner's most recent jobs, newest first (expired ones included: the caller filters). */
export async function recentJobsOfOwner(owner: string, limit: number): Promise<JobRecord[]> {
  const { Items } = await dynamo().send(new QueryCommand({
    TableName: table(), IndexName: OWNER_INDEX, KeyConditionExpression: 'OwnerPK = :owner',
    ExpressionAttributeValues: { ':owner': ownerJobsPk(owner) }, ScanIndexForward: false, Limit: limit,
  }));
  return (Items ?? []).map(toRecord);
}

/** The ids of the jobs due by `nowMs`, from one shard of the due index. */
export async function dueJobIds(shard: number, nowMs: number): Promise<{ ids: string[]; readUnits: number }> {
  const ids: string[] = [];
  let readUnits = 0;
  for await (const page of queryPages({
    TableName: table(), IndexName: DUE_INDEX, KeyConditionExpression: 'DuePK = :shard AND DueSK <= :now',
    ExpressionAttributeValues: { ':shard': jobDuePk(shard), ':now': dueSk(nowMs, '~') }, ReturnConsumedCapacity: 'TOTAL',
  })) {
    for (const item of page.Items ?? []) ids.push(String(item.PK).slice('JOB#'.length));
    readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
  }
  return { ids, readUnits };
}

/** An allowlisted callback URL of an instance, with the secret it was registered with. */
export interface CallbackRecord {
  url: string;
  secret?: string;
  customerId?: string;
}

export async function getCallback(owner: string, url: string): Promise<CallbackRecord | undefined> {
  const item = await readItem(table(), { PK: instancePk(owner), SK: callbackSk(url) });
  return item ? { url: String(item.url), ...(item.secret ? { secret: String(item.secret) } : {}) } : undefined;
}

/** Allowlists a URL; false when it already was. */
export async function putCallback(owner: string, callback: CallbackRecord): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand({
      TableName: table(), Item: { PK: instancePk(owner), SK: callbackSk(callback.url), ...callback },
      ConditionExpression: 'attribute_not_exists(PK)',
    }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Removes an allowlisting; false when the URL was not allowlisted. */
export async function deleteCallback(owner: string, url: string): Promise<boolean> {
  const { Attributes } = await dynamo().send(new DeleteCommand({
    TableName: table(), Key: { PK: instancePk(owner), SK: callbackSk(url) }, ReturnValues: 'ALL_OLD',
  }));
  return Attributes !== undefined;
}


/** Every job of the owner (expired ones too), page by page. */
export async function allJobsOfOwner(owner: string): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  for await (const page of queryPages({
    TableName: table(), IndexName: OWNER_INDEX, KeyConditionExpression: 'OwnerPK = :owner', ExpressionAttributeValues: { ':owner': ownerJobsPk(owner) },
  })) {
    jobs.push(...(page.Items ?? []).map(toRecord));
  }
  return jobs;
}

/** Every allowlisted callback URL of the owner. */
export async function callbacksOfOwner(owner: string): Promise<CallbackRecord[]> {
  const callbacks: CallbackRecord[] = [];
  for await (const page of queryPages({
    TableName: table(), KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': instancePk(owner), ':prefix': callbackSk('') }, ConsistentRead: true,
  })) {
    callbacks.push(...(page.Items ?? []).map((item) => ({
      url: String(item.url), ...(item.secret ? { secret: String(item.secret) } : {}), ...(item.customerId ? { customerId: String(item.customerId) } : {}),
    })));
  }
  return callbacks;
}

/** Deletes jobs and callback registrations (the control API's reset, DELETE /v1/user_data). */
export async function deleteJobsAndCallbacks(owner: string, jobIds: readonly string[], urls: readonly string[]): Promise<void> {
  await deleteKeys(table(), [
    ...jobIds.map((id) => ({ PK: jobPk(id), SK: JOB_SK })),
    ...urls.map((url) => ({ PK: instancePk(owner), SK: callbackSk(url) })),
  ]);
}
