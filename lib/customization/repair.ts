import { clock } from '../clock';
import { listChildren } from '../store/children';
import * as store from '../store/models';
import type { ModelRecord, ResourceCounts } from '../store/modelRecord';
import { finishRecordedChange } from './changes';
import { modelContext } from './context';
import { NO_RESOURCES, hasValidData, withAudio, withSource, withWord, type CountedAudio, type CountedSource } from './counts';
import { reconcileSourceWords } from './sources';

const COUNT_FIELDS = [
  'corpora', 'invalidCorpora', 'words', 'invalidWords', 'totalWords', 'grammars', 'invalidGrammars', 'audio', 'invalidAudio', 'audioSeconds',
] as const;

/**
 * Repairs a model that a request left midway — it died holding the lock (its lease ran out), or its work failed —
 * for whoever holds the lock now: what a reset left of older generations is purged, a change recorded in the model's journal is finished (one cut off before its commit
 * point never happened; lib/customization/changes), the words resource is made to agree with the corpora and
 * grammars stored, and the counts with what is stored. When anything differed, the counts, the status (`ready` or `pending` by the data) and
 * the data revision are written, the lock kept. Answers the model as it is after.
 */
export async function repairModel(locked: ModelRecord): Promise<ModelRecord> {
  const context = modelContext(locked);
  await store.purgeOldGenerations(locked.customizationId, locked.generation); // a reset cut off during its purge
  const finished = await finishRecordedChange(context.scope);
  const [corpora, grammars] = await Promise.all([listChildren(context.scope, 'CORPUS'), listChildren(context.scope, 'GRAMMAR')]);
  const sources = new Map([...corpora, ...grammars].map((item) => [String(item.name), Number(item.chunks ?? 0)]));
  const { words, writes } = await reconcileSourceWords(context, sources);
  let counts: ResourceCounts = { ...NO_RESOURCES, grammars: 0, invalidGrammars: 0 };
  for (const word of words) counts = withWord(counts, word, 1);
  for (const corpus of corpora) counts = withSource(counts, 'CORPUS', corpus as unknown as CountedSource, 1);
  for (const grammar of grammars) counts = withSource(counts, 'GRAMMAR', grammar as unknown as CountedSource, 1);
  if (locked.kind === 'acoustic') {
    counts = { ...counts, audio: 0, invalidAudio: 0, audioSeconds: 0 };
    for (const audio of await listChildren(context.scope, 'AUDIO')) counts = withAudio(counts, audio as unknown as CountedAudio, 1);
  }
  const stored = { ...NO_RESOURCES, ...locked.counts };
  if (!finished && writes === 0 && COUNT_FIELDS.every((field) => (stored[field] ?? 0) === counts[field])) return locked;
  const repaired = await store.updateModel(locked, {
    counts, status: hasValidData(counts) ? 'ready' : 'pending', dataRevision: (locked.dataRevision ?? 0) + 1, updated: clock.now(),
  }, [], locked.lockExpires);
  if (!repaired) throw new Error(`lost the lock of model ${locked.customizationId} while repairing it`);
  return repaired;
}
