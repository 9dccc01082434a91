import { logError } from '../log';
import { DUE_SHARDS } from '../store/keys';
import * as store from '../store/models';
import { lockLeaseMs } from './access';
import { repairModel } from './repair';
import { lockHeld, settledJob } from './state';

export interface AdvanceReport {
  /** Models the due index named. */
  due: number;
  /** Finished jobs made part of their model (training → available, upgrade → new version, analysis → ready). */
  settled: number;
  /** Locks whose lease ran out (a request that died midway), released. */
  repaired: number;
  /** Deleted models whose children and tombstone were removed. */
  purged: number;
  /** Read capacity the due-index queries consumed (what grows with in-flight work, not with the number of models). */
  indexReadUnits: number;
}

/**
 * What the scheduled function does each minute: reads the due index (all shards), and for each model whose work is
 * due, persists the state a read already shows (conditional on the model's revision, so a racing request wins),
 * releases expired locks, and finishes the purge of deleted models.
 */
export async function advanceDueModels(nowMs: number): Promise<AdvanceReport> {
  const report: AdvanceReport = { due: 0, settled: 0, repaired: 0, purged: 0, indexReadUnits: 0 };
  const shards = await Promise.all(Array.from({ length: DUE_SHARDS }, (_, shard) => store.dueModelIds(shard, nowMs)));
  const ids = shards.flatMap((shard) => shard.ids);
  report.indexReadUnits = shards.reduce((sum, shard) => sum + shard.readUnits, 0);
  report.due = ids.length;
  for (const id of ids) {
    const item = await store.getModelItem(id);
    if (!item) continue;
    if (item.deleted) {
      await store.purgeDeletedModel(id);
      report.purged += 1;
      continue;
    }
    let { record } = item;
    if (lockHeld(record, nowMs)) continue; // a request is working on it; its release sets the next due time
    const lockExpired = record.lockOp !== undefined;
    if (lockExpired) {
      // A request died holding the lock: take it over (unless a request just did), and repair what it left midway.
      const lockExpires = nowMs + lockLeaseMs();
      const taken = await store.updateModel(record, { lockOp: 'repair', lockExpires }, [], lockExpires);
      if (!taken) continue;
      try {
        record = await repairModel(taken);
      } catch (error) {
        logError('repair failed; retried once the lease runs out', error, { customizationId: id });
        continue;
      }
    }
    const settled = settledJob(record, nowMs);
    const stillRunning = record.job !== undefined && !settled;
    const remove = [...(settled?.remove ?? []), ...(lockExpired ? (['lockOp', 'lockExpires'] as const) : [])];
    const updated = await store.updateModel(record, settled?.changes ?? {}, remove, stillRunning ? record.job!.dueAt : null);
    if (updated && settled) report.settled += 1;
    if (updated && lockExpired) report.repaired += 1;
  }
  return report;
}
