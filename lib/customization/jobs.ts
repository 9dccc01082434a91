import { clock } from '../clock';
import { listChildren, setChildAttribute } from '../store/children';
import * as store from '../store/models';
import type { ModelJob, ModelRecord } from '../store/modelRecord';
import { lockHeld } from './state';

/** How the control API names the operation of a job (its timing keys, lib/controls/timing.ts). */
export const JOB_OPERATIONS: Readonly<Record<string, string>> = {
  addCorpus: 'corpus', addWords: 'words', addGrammar: 'grammar', train: 'training', upgrade: 'upgrade',
  addAudio: 'audio', trainAcoustic: 'training', upgradeAcoustic: 'upgrade',
};

const ATTEMPTS = 5;

/** Whether the model has a job still running (and no request holding its lock). */
export function runningJob(record: ModelRecord, nowMs: number): ModelJob | undefined {
  const job = record.job;
  if (!job || nowMs >= job.dueAt) return undefined;
  return lockHeld(record, nowMs) ? undefined : job;
}

/**
 * Completes the model's running job now (the control API's advance): its corpus or grammar first, then the model,
 * whose due time moves to now so the scheduled function settles it. Undefined when the model changed meanwhile.
 */
async function completeNow(record: ModelRecord, job: ModelJob, nowMs: number): Promise<ModelRecord | undefined> {
  const scope = { modelId: record.customizationId, generation: record.generation };
  if (job.resource?.kind === 'AUDIO') {
    // Audio resources are added beside each other: every one still being processed completes with the job.
    const processing = (await listChildren(scope, 'AUDIO')).filter((item) => Number(item.dueAt) > nowMs);
    await Promise.all(processing.map((item) => setChildAttribute(scope, 'AUDIO', String(item.name), 'dueAt', nowMs)));
  } else if (job.resource) {
    await setChildAttribute(scope, job.resource.kind, job.resource.name, 'dueAt', nowMs);
  }
  const { readsLeft: _readsLeft, ...rest } = job;
  return store.updateModel(record, { job: { ...rest, dueAt: nowMs } }, [], nowMs);
}

/** Completes the model's running job, retrying when a racing write changed the model; false when none ran. */
export async function advanceJob(record: ModelRecord): Promise<boolean> {
  let current: ModelRecord | undefined = record;
  for (let attempt = 0; attempt < ATTEMPTS && current; attempt++) {
    const now = clock.now();
    const job = runningJob(current, now);
    if (!job) return false;
    if (await completeNow(current, job, now)) return true;
    current = await store.getModel(record.customizationId);
  }
  return false;
}

/**
 * Counts one read of a model whose manual job completes after a number of reads; the read that uses up the count
 * completes the job and already sees it complete. Answers the model as this read should show it.
 */
export async function countRead(record: ModelRecord): Promise<ModelRecord> {
  let current: ModelRecord | undefined = record;
  for (let attempt = 0; attempt < ATTEMPTS && current; attempt++) {
    const now = clock.now();
    const job = runningJob(current, now);
    if (!job || job.readsLeft === undefined) return current;
    const updated = job.readsLeft <= 1
      ? await completeNow(current, job, now)
      : await store.updateModel(current, { job: { ...job, readsLeft: job.readsLeft - 1 } });
    if (updated) return updated;
    current = await store.getModel(record.customizationId);
  }
  return current ?? record;
}
