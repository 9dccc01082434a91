import type { ModelRecord, ModelStatus, SnapshotRef } from '../store/modelRecord';

/**
 * The model's state at a moment, from its stored record alone: the one place that says what status a client
 * sees and whether the model is busy (spec 6). Reads and writers all ask here.
 */
export interface ModelState {
  status: ModelStatus;
  /** `versions` as the client sees them: an upgrade's new version counts once the upgrade is done. */
  versions: string[];
  /** `100` only when available (spec 6.4). */
  progress: number;
  /** The operation that holds the model's lock, if its lease has not run out. */
  busyWith?: string;
  /** What the last completed training left for recognition; none before the first. */
  snapshot?: SnapshotRef;
  /** Whether a training has completed: a language model's snapshot, or an acoustic model's training. */
  trained: boolean;
  /** Acoustic models: the custom language model the last completed training or upgrade used. */
  helperModel?: { id: string; version: string };
}

/** Whether a request holds the model's lock: it has one and its lease has not run out. */
export const lockHeld = (record: ModelRecord, nowMs: number): boolean =>
  record.lockOp !== undefined && (record.lockExpires ?? 0) > nowMs;

export function modelState(record: ModelRecord, nowMs: number): ModelState {
  const job = record.job;
  const running = job !== undefined && nowMs < job.dueAt;
  const status = job ? (running ? job.runningStatus : job.thenStatus) : record.status;
  const locked = lockHeld(record, nowMs);
  const busyWith = locked ? record.lockOp : running ? job.op : undefined;
  const versions = job?.versionAdded && !running ? [...record.versions, job.versionAdded] : record.versions;
  const done = job !== undefined && !running;
  const snapshot = done && job.snapshot ? job.snapshot : record.snapshot;
  const helperModel = done && job.helperModel ? job.helperModel : record.helperModel;
  const trained = snapshot !== undefined || record.trained === true || (done && job.trains === true);
  return { status, versions, progress: status === 'available' ? 100 : 0, busyWith, snapshot, trained, helperModel };
}

/**
 * What a writer stores to make a finished job part of the record (status, versions) and drop it; undefined when
 * there is no finished job. A running job is never settled.
 */
export function settledJob(record: ModelRecord, nowMs: number): { changes: Partial<ModelRecord>; remove: (keyof ModelRecord)[] } | undefined {
  if (!record.job || nowMs < record.job.dueAt) return undefined;
  const { status, versions, snapshot, helperModel } = modelState({ ...record, lockOp: undefined }, nowMs);
  return {
    changes: {
      status, versions, ...(snapshot ? { snapshot } : {}), ...(helperModel ? { helperModel } : {}), ...(record.job.trains ? { trained: true } : {}),
    },
    remove: ['job'],
  };
}
