import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { config } from '../config';
import { ApiError, conflict, modelNotAccessible } from '../errors';
import { requireGuid } from '../ids';
import * as store from '../store/models';
import type { ChildScope } from '../store/children';
import type { ModelJob, ModelKind, ModelRecord } from '../store/modelRecord';
import { countRead } from './jobs';
import { repairModel } from './repair';
import { lockHeld, modelState, settledJob } from './state';

/** How often a write that lost a race re-reads the model and tries again before answering 409. */
const WRITE_ATTEMPTS = 5;
/** How long a request may hold a model's lock (STT_LOCK_LEASE_SECONDS); a request that dies leaves it to expire. */
export const lockLeaseMs = () => config.lockLeaseSeconds() * 1000;

/**
 * The caller's model of a kind, or the service's 400 (malformed id) / 401 (no such model for this instance; a model
 * of the other kind is none either).
 */
export async function ownedModel(caller: Caller, rawId: string, kind: ModelKind = 'language'): Promise<ModelRecord> {
  const customizationId = requireGuid(rawId);
  const record = await store.getModel(customizationId);
  if (!record || record.owner !== caller.instanceId || (record.kind ?? 'language') !== kind) throw modelNotAccessible(rawId);
  return record;
}

/** How a change reaches its model: of which kind, as just read, and which running jobs it may run beside. */
export interface ChangeOptions {
  kind?: ModelKind;
  /** The model as the caller has just read it: the first attempt writes against it (a stale read is read again). */
  first?: ModelRecord;
  /** Jobs (by `op`) that do not make the model busy for this change (acoustic audio is added beside other audio). */
  allowDuring?: readonly string[];
}

/**
 * The caller's model for a read (GET of the model or of its corpora, grammars, words). A manual job that completes
 * after a number of reads (control API) counts this one.
 */
export async function readModel(caller: Caller, rawId: string, kind: ModelKind = 'language'): Promise<ModelRecord> {
  const record = await ownedModel(caller, rawId, kind);
  return record.job?.readsLeft === undefined ? record : countRead(record);
}

/** The generation of each model as this process read it last (a reset or a delete moves a model to another one). */
const knownGenerations = new Map<string, number>();
const KNOWN_GENERATIONS = 10_000;

/**
 * readModel, and a read of the model's children (`read`, given their scope: a list of words, a corpus). With the
 * model's generation as this process saw it last, both reads start at once: one round trip to the store instead of
 * two. The early read counts only if the model still has that generation and runs no job (a job may complete on this
 * very read and change its children); otherwise the children are read after the model, as before. Either way they are
 * read only once the model is known to be the caller's.
 */
export async function readModelAnd<T>(caller: Caller, rawId: string, read: (scope: ChildScope) => Promise<T>, kind: ModelKind = 'language'):
Promise<{ record: ModelRecord; children: T }> {
  const customizationId = requireGuid(rawId);
  const known = knownGenerations.get(customizationId);
  const early = known === undefined ? undefined : read({ modelId: customizationId, generation: known }).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const first = await ownedModel(caller, rawId, kind);
  if (knownGenerations.size >= KNOWN_GENERATIONS) knownGenerations.clear();
  knownGenerations.set(first.customizationId, first.generation);
  if (early && known === first.generation && first.job === undefined) {
    const outcome = await early;
    if ('value' in outcome) return { record: first, children: outcome.value };
  }
  const record = first.job?.readsLeft === undefined ? first : await countRead(first);
  return { record, children: await read({ modelId: record.customizationId, generation: record.generation }) };
}

/** The service's 409 for a change while another operation on the model runs (spec 6.2). */
export function refuseIfBusy(record: ModelRecord, nowMs: number, action: string, allowDuring: readonly string[] = []): void {
  const { busyWith, status } = modelState(record, nowMs);
  const allowed = busyWith !== undefined && !lockHeld(record, nowMs) && allowDuring.includes(busyWith);
  if (!allowed && (busyWith || status === 'training' || status === 'upgrading')) {
    throw conflict(`Cannot ${action} custom model '${record.customizationId}' while another request for it is in progress `
      + `(${busyWith ?? status}). Try the request again when the model's operation has completed.`);
  }
}

/**
 * Runs a conditional change of the caller's model: reads it, refuses when busy, writes with a revision check, and on
 * losing a race reads again, so that of two racing requests one wins and the other sees the winner's state.
 */
export async function changeModel<T>(
  caller: Caller,
  rawId: string,
  action: string,
  write: (record: ModelRecord, nowMs: number) => Promise<T | undefined>,
  options: ChangeOptions = {},
): Promise<T> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const record = attempt === 0 && options.first ? options.first : await ownedModel(caller, rawId, options.kind);
    const now = clock.now();
    refuseIfBusy(record, now, action, options.allowDuring);
    const result = await write(record, now);
    if (result !== undefined) return result;
  }
  throw conflict(`Cannot ${action} custom model '${rawId}': it is being changed by other requests. Try the request again.`);
}

/** What a locked piece of work leaves on the model when it releases the lock. */
export interface LockedOutcome<T> {
  changes?: Partial<ModelRecord>;
  /** Fields to remove from the model. */
  remove?: readonly (keyof ModelRecord)[];
  job?: ModelJob;
  /** The work changed corpora, words or grammars (training compares this revision). */
  dataChanged?: boolean;
  /** Answer this error after storing the changes (a refusal that still changes the model, such as train → failed). */
  failure?: ApiError;
  result: T;
}

/**
 * Takes the model's lock with one conditional write (so that of racing requests exactly one gets it and the others
 * answer 409), runs the work, and releases the lock with the work's changes in one more conditional write. A
 * finished job is folded into the stored status when the lock is taken; a lock whose lease ran out is taken over
 * and the model repaired first. The lock is released, unchanged, if the work throws an ApiError (which it must
 * throw before it writes), and after a repair if it fails otherwise.
 */
export async function withModelLock<T>(
  caller: Caller,
  rawId: string,
  op: string,
  action: string,
  work: (locked: ModelRecord, nowMs: number) => Promise<LockedOutcome<T>>,
  options: ChangeOptions = {},
): Promise<T> {
  let takenOver = false;
  const taken = await changeModel(caller, rawId, action, (record, now) => {
    takenOver = record.lockOp !== undefined; // a request died holding the lock: its lease ran out
    const settled = settledJob(record, now);
    const lockExpires = now + lockLeaseMs();
    return store.updateModel(record, { ...settled?.changes, lockOp: op, lockExpires }, settled?.remove ?? [], lockExpires);
  }, options);
  const locked = takenOver ? await repairModel(taken) : taken;
  let outcome: LockedOutcome<T>;
  try {
    outcome = await work(locked, clock.now());
  } catch (error) {
    // An ApiError comes before the work writes anything; after any other failure the children are repaired first
    // (if that fails too, the lock stays until its lease runs out, and whoever takes the model next repairs it).
    const current = error instanceof ApiError ? locked : await repairModel(locked).catch(() => undefined);
    if (current) await store.updateModel(current, {}, ['lockOp', 'lockExpires'], null);
    throw error;
  }
  // A job still running beside the work (taking the lock folded finished ones in) keeps its due time; an analysis
  // (runningStatus `pending`) settles to the status the work leaves, as data was added or deleted beside it.
  const running = locked.job;
  const status = outcome.changes?.status;
  const job = outcome.job ?? (running && status && running.runningStatus === 'pending' ? { ...running, thenStatus: status } : undefined);
  const released = await store.updateModel(
    locked,
    {
      ...outcome.changes,
      updated: clock.now(),
      ...(job ? { job } : {}),
      ...(outcome.dataChanged ? { dataRevision: (locked.dataRevision ?? 0) + 1 } : {}),
    },
    ['lockOp', 'lockExpires', ...(outcome.remove ?? [])],
    (job ?? running)?.dueAt ?? null,
  );
  if (!released) {
    // The model was deleted under the lock (the control API's reset deletes busy models): answer as for a deleted model.
    if (!(await store.getModel(locked.customizationId))) throw modelNotAccessible(rawId);
    throw new Error(`lost the lock of model ${locked.customizationId} (lease expired) during ${op}`);
  }
  if (outcome.failure) throw outcome.failure;
  return outcome.result;
}
