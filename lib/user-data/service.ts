import type { Caller } from '../auth/identity';
import { withModelLock } from '../customization/access';
import { applyChange } from '../customization/changes';
import { modelContext } from '../customization/context';
import { NO_RESOURCES, hasValidData, withAudio, withWord, type CountedAudio } from '../customization/counts';
import { JOB_OPERATIONS } from '../customization/jobs';
import { deleteSource, type SourceItem } from '../customization/sources';
import type { WordRecord } from '../customization/wordRecord';
import { ApiError, badRequest } from '../errors';
import { inParallel } from '../parallel';
import { listChildren, type ChildItem } from '../store/children';
import type { ModelRecord, ResourceCounts } from '../store/modelRecord';
import * as jobs from '../store/jobs';
import * as store from '../store/models';

/** The kinds of child that requests tag with a customer ID (spec §11.1). */
const TAGGED_KINDS = ['CORPUS', 'GRAMMAR', 'WORD', 'AUDIO'] as const;
/** Running jobs do not hold the deletion back (spec §11.2 `[INF]`): a training keeps the snapshot it took. */
const ANY_JOB = Object.keys(JOB_OPERATIONS);
/** A request holding a model's lock is waited for, briefly, rather than answered with 409. */
const LOCK_ATTEMPTS = 10;
const LOCK_WAIT_MS = 300;

type Tagged = Record<(typeof TAGGED_KINDS)[number], ChildItem[]>;

/**
 * deleteUserData (spec §11.2): deletes the corpora, grammars, words and audio resources of every model of the caller's
 * instance, its recognition jobs and its allowlisted callback URLs, that requests tagged with `X-Watson-Metadata: customer_id=<id>`, as their DELETE endpoints would (the
 * model becomes `ready` or `pending` by what is left; a trained snapshot stays). Other instances' data, and untagged
 * data, stay. 200 `{}` whether or not anything was tagged.
 */
export async function deleteUserData(caller: Caller, query: URLSearchParams): Promise<Record<string, never>> {
  const customerId = query.get('customer_id');
  if (customerId === null || customerId.trim() === '') throw badRequest("Required parameter 'customer_id' is missing.");
  const models = [
    ...(await store.listModelsOfOwner(caller.instanceId)),
    ...(await store.listModelsOfOwner(caller.instanceId, undefined, 'acoustic')),
  ];
  await inParallel(models.map((record) => async () => {
    if (await hasTagged(record, customerId)) await deleteTagged(caller, record, customerId);
  }));
  // Recognition jobs (with their results) and allowlisted callback URLs that the customer's requests created.
  const [allJobs, callbacks] = await Promise.all([jobs.allJobsOfOwner(caller.instanceId), jobs.callbacksOfOwner(caller.instanceId)]);
  await jobs.deleteJobsAndCallbacks(
    caller.instanceId,
    allJobs.filter((job) => job.customerId === customerId).map((job) => job.id),
    callbacks.filter((callback) => callback.customerId === customerId).map((callback) => callback.url),
  );
  return {};
}

async function taggedChildren(record: ModelRecord, customerId: string): Promise<Tagged> {
  const { scope } = modelContext(record);
  const lists = await Promise.all(TAGGED_KINDS.map((kind) => listChildren(scope, kind)));
  return Object.fromEntries(TAGGED_KINDS.map((kind, index) => [kind, lists[index].filter((item) => item.customerId === customerId)])) as Tagged;
}

async function hasTagged(record: ModelRecord, customerId: string): Promise<boolean> {
  return Object.values(await taggedChildren(record, customerId)).some((items) => items.length > 0);
}

/** Deletes one model's tagged children under its lock, waiting a little for a request that holds it. */
async function deleteTagged(caller: Caller, record: ModelRecord, customerId: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withModelLock(caller, record.customizationId, 'deleteUserData', 'delete user data from', async (locked) => {
        const tagged = await taggedChildren(locked, customerId);
        let counts: ResourceCounts = locked.counts ?? NO_RESOURCES;
        const context = modelContext(locked);
        for (const kind of ['CORPUS', 'GRAMMAR'] as const) {
          for (const item of tagged[kind]) {
            counts = await deleteSource({ ...context, record: { ...locked, counts } }, kind, item as unknown as SourceItem);
          }
        }
        // Words the deleted sources left (a tagged user word that a deleted corpus also gave) are read again.
        const words = tagged.WORD.length > 0 ? (await listChildren(context.scope, 'WORD')).filter((item) => item.customerId === customerId) : [];
        await applyChange(context.scope, [
          ...words.map((item) => ({ kind: 'WORD' as const, name: String(item.word) })),
          ...tagged.AUDIO.map((item) => ({ kind: 'AUDIO' as const, name: String(item.name) })),
        ]);
        for (const item of words) counts = withWord(counts, item as unknown as WordRecord, -1);
        for (const item of tagged.AUDIO) counts = withAudio(counts, item as unknown as CountedAudio, -1);
        // An analysis still running settles to the same status; a training keeps its own (withModelLock).
        return { changes: { counts, status: hasValidData(counts) ? 'ready' : 'pending' }, dataChanged: true, result: undefined };
      }, { kind: record.kind ?? 'language', allowDuring: ANY_JOB });
      return;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // deleted meanwhile
      if (!(error instanceof ApiError && error.status === 409) || attempt === LOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_WAIT_MS));
    }
  }
}
