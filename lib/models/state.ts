import type { ModelRecord, ModelStatus } from './record';

/**
 * The model's state at a moment, from its stored record alone: the one place that says what status a client
 * sees and whether the model is busy (spec 6). Reads and writers all ask here.
 */
export interface ModelState {
  status: ModelStatus;
  /** `100` only when available (spec 6.4). */
  progress: number;
  /** The operation that holds the model's lock, if its lease has not run out. */
  busyWith?: string;
}

export function modelState(record: ModelRecord, nowMs: number): ModelState {
  const job = record.job;
  const running = job !== undefined && nowMs < job.dueAt;
  const status = job ? (running ? job.runningStatus : job.thenStatus) : record.status;
  const locked = record.lockOp !== undefined && (record.lockExpires ?? 0) > nowMs;
  const busyWith = locked ? record.lockOp : running ? job.op : undefined;
  return { status, progress: status === 'available' ? 100 : 0, busyWith };
}
