import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { ownedModel } from '../customization/access';
import { ApiError } from '../errors';
import type { ModelRecord } from '../store/modelRecord';
import { JOB_OPERATIONS, advanceJob, runningJob } from '../customization/jobs';
import { lockHeld } from '../customization/state';
import * as controls from '../store/controls';
import * as jobs from '../store/jobs';
import * as models from '../store/models';
import { version } from '../../package.json';
import { config } from '../config';
import { inParallel } from '../parallel';
import { deleteRequests } from './requests';

/** Every model of the instance, language and acoustic. */
async function modelsOfInstance(owner: string): Promise<ModelRecord[]> {
  const [language, acoustic] = await Promise.all([models.listModelsOfOwner(owner), models.listModelsOfOwner(owner, undefined, 'acoustic')]);
  return [...language, ...acoustic];
}

/** The caller's model, language or acoustic (the control API's advance names either). */
async function ownedModelOfEitherKind(caller: Caller, customizationId: string): Promise<ModelRecord> {
  try {
    return await ownedModel(caller, customizationId);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    return ownedModel(caller, customizationId, 'acoustic');
  }
}

/**
 * `POST /_emulator/reset`: the caller's instance as new: every model deleted (busy or not; a request working on
 * one answers as for a deleted model), timing settings, fault rules, transcripts, recognition jobs and allowlisted
 * callback URLs removed. Other instances are untouched.
 */
export async function resetInstance(caller: Caller): Promise<{ deleted_models: number }> {
  const records = await modelsOfInstance(caller.instanceId);
  let deleted = 0;
  await inParallel(records.map((record) => async () => {
    const now = clock.now();
    // A request holding the model's lock may still write children: the tombstone then waits for its lease to end.
    const locked = lockHeld(record, now);
    if (!(await models.forceMarkDeleted(record.customizationId, locked ? record.lockExpires! : now))) return;
    deleted += 1;
    await models.releaseModelSlot(caller.instanceId, record.kind);
    await models.purgeDeletedModel(record.customizationId, locked);
  }));
  await controls.clearControls(caller.instanceId);
  await deleteRequests(caller);
  const [allJobs, callbacks] = await Promise.all([jobs.allJobsOfOwner(caller.instanceId), jobs.callbacksOfOwner(caller.instanceId)]);
  await jobs.deleteJobsAndCallbacks(caller.instanceId, allJobs.map((job) => job.id), callbacks.map((callback) => callback.url));
  return { deleted_models: deleted };
}

export interface AdvancedJob {
  customization_id: string;
  operation: string;
}

/**
 * `POST /_emulator/advance`: completes now the running asynchronous operations (corpus or grammar analysis, words,
 * training, upgrade) of one of the caller's models, or of all of them; manual and delayed ones alike.
 */
export async function advanceJobs(caller: Caller, customizationId?: string): Promise<{ advanced: AdvancedJob[] }> {
  const records = customizationId ? [await ownedModelOfEitherKind(caller, customizationId)] : await modelsOfInstance(caller.instanceId);
  const advanced: AdvancedJob[] = [];
  await inParallel(records.map((record) => async () => {
    const job = runningJob(record, clock.now());
    if (job && (await advanceJob(record))) {
      advanced.push({ customization_id: record.customizationId, operation: JOB_OPERATIONS[job.op] ?? job.op });
    }
  }));
  advanced.sort((a, b) => a.customization_id.localeCompare(b.customization_id));
  return { advanced };
}

export interface Health {
  status: 'ok' | 'unavailable';
  version: string;
  auth: string;
  controls: 'on' | 'off';
  store: { status: 'reachable' | 'unreachable'; latency_ms?: number; error?: string };
}

/** `GET /_emulator/health` (no credentials): the emulator's version and whether its table answers. */
export async function health(): Promise<{ healthy: boolean; body: Health }> {
  const started = performance.now();
  let store: Health['store'];
  try {
    await controls.probeStore();
    store = { status: 'reachable', latency_ms: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    store = { status: 'unreachable', error: (error as Error)?.name ?? 'Error' };
  }
  const healthy = store.status === 'reachable';
  return {
    healthy,
    body: {
      status: healthy ? 'ok' : 'unavailable',
      version,
      auth: config.authMode(),
      controls: config.controlsEnabled() ? 'on' : 'off',
      store,
    },
  };
}
