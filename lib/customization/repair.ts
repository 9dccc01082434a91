import { clock } from '../clock';
import { listChildren, type ChildItem } from '../store/children';
import * as store from '../store/models';
import { isInvalidWord } from './wordRecord';
import { reconcileSourceWords } from './sources';
import { modelContext } from './context';
import { NO_RESOURCES, hasValidData } from './counts';
import type { ModelRecord, ResourceCounts } from '../store/modelRecord';

const COUNT_FIELDS = ['corpora', 'invalidCorpora', 'words', 'invalidWords', 'totalWords', 'grammars', 'invalidGrammars'] as const;
const analyzed = (item: ChildItem) => item.outcome === 'analyzed';

/**
 * Repairs a model that a request left midway — it died holding the lock (its lease ran out), or its work failed —
 * for whoever holds the lock now: the words resource is made to agree with the corpora and grammars stored, and the
 * counts with what is stored. When anything differed, the counts, the status (`ready` or `pending` by the data) and
 * the data revision are written, the lock kept. Answers the model as it is after.
 */
export async function repairModel(locked: ModelRecord): Promise<ModelRecord> {
  const context = modelContext(locked);
  const [corpora, grammars] = await Promise.all([listChildren(context.scope, 'CORPUS'), listChildren(context.scope, 'GRAMMAR')]);
  const sources = new Map([...corpora, ...grammars].map((item) => [String(item.name), Number(item.chunks ?? 0)]));
  const { words, writes } = await reconcileSourceWords(context, sources);
  const counts: ResourceCounts = {
    corpora: corpora.length,
    invalidCorpora: corpora.filter((corpus) => !analyzed(corpus)).length,
    words: words.length,
    invalidWords: words.filter(isInvalidWord).length,
    totalWords: words.length + corpora.filter(analyzed).reduce((sum, corpus) => sum + Number(corpus.totalWords ?? 0), 0),
    grammars: grammars.length,
    invalidGrammars: grammars.filter((grammar) => !analyzed(grammar)).length,
  };
  const stored = { ...NO_RESOURCES, ...locked.counts };
  if (writes === 0 && COUNT_FIELDS.every((field) => (stored[field] ?? 0) === counts[field])) return locked;
  const repaired = await store.updateModel(locked, {
    counts, status: hasValidData(counts) ? 'ready' : 'pending', dataRevision: (locked.dataRevision ?? 0) + 1, updated: clock.now(),
  }, [], locked.lockExpires);
  if (!repaired) throw new Error(`lost the lock of model ${locked.customizationId} while repairing it`);
  return repaired;
}
