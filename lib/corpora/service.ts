import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { badRequest, notFound } from '../errors';
import { ownedModel, readModelAnd, refuseIfBusy, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { validateResourceName } from '../customization/names';
import { hasValidData } from '../customization/counts';
import { deleteSource, replaceSource, type SourceItem } from '../customization/sources';
import { jobSchedule } from '../customization/timing';
import { booleanParam } from '../params';
import { getChild, listChildren, type ChildItem } from '../store/children';
import { analyzeText } from '../text/analyze';

/** A corpus as stored: the outcome of its analysis, shown once `dueAt` has passed (spec 2.3, 6.5). */
interface CorpusItem extends SourceItem {
  totalWords: number;
}

export interface CorpusJson {
  name: string;
  total_words: number;
  out_of_vocabulary_words: number;
  status: 'analyzed' | 'being_processed' | 'undetermined';
  error?: string;
}

const asCorpus = (item: ChildItem) => item as unknown as CorpusItem;

function corpusJson(corpus: CorpusItem, nowMs: number): CorpusJson {
  if (nowMs < corpus.dueAt) return { name: corpus.name, total_words: 0, out_of_vocabulary_words: 0, status: 'being_processed' };
  return {
    name: corpus.name,
    total_words: corpus.outcome === 'analyzed' ? corpus.totalWords : 0,
    out_of_vocabulary_words: corpus.outcome === 'analyzed' ? corpus.oovWords : 0,
    status: corpus.outcome,
    ...(corpus.error ? { error: corpus.error } : {}),
  };
}

/** The error the service gives an undetermined corpus (spec 2.3). */
const analysisFailed = (name: string, reason: string) =>
  `Analysis of corpus '${name}' failed. Please try adding the corpus again by setting the 'allow_overwrite' flag to 'true'. (${reason})`;

/** listCorpora (spec 4.8). */
export async function listCorpora(caller: Caller, rawId: string): Promise<{ corpora: CorpusJson[] }> {
  const { children } = await readModelAnd(caller, rawId, (scope) => listChildren(scope, 'CORPUS'));
  const now = clock.now();
  return { corpora: children.map((item) => corpusJson(asCorpus(item), now)) };
}

/** getCorpus (spec 4.10): 404 for a corpus the model does not have. */
export async function getCorpus(caller: Caller, rawId: string, name: string): Promise<CorpusJson> {
  const { record, children: item } = await readModelAnd(caller, rawId, (scope) => getChild(scope, 'CORPUS', name));
  if (!item) throw notFound(`Corpus '${name}' does not exist in custom model '${record.customizationId}'.`);
  return corpusJson(asCorpus(item), clock.now());
}

/** addCorpus (spec 4.9): analyzes the text, merges its OOV words (previous-generation) and starts the analysis job. */
export async function addCorpus(caller: Caller, rawId: string, rawName: string, query: URLSearchParams, text: string, customerId?: string):
Promise<Record<string, never>> {
  const allowOverwrite = booleanParam(query, 'allow_overwrite', false);
  const name = validateResourceName(rawName, 'corpus');
  const record = await ownedModel(caller, rawId);
  refuseIfBusy(record, clock.now(), 'add a corpus to');
  const analysis = analyzeText(text, record.language, record.dialect);
  return withModelLock(caller, rawId, 'addCorpus', 'add a corpus to', async (locked, now) => {
    const schedule = await jobSchedule(locked.owner, 'corpus', now);
    const { counts } = await replaceSource(modelContext(locked), 'CORPUS', name, allowOverwrite,
      { words: [...analysis.words], totalWords: analysis.totalWords },
      ({ failure, oovWords, chunks }): CorpusItem => ({
        name,
        outcome: failure ? 'undetermined' : 'analyzed',
        totalWords: failure ? 0 : analysis.totalWords,
        oovWords,
        ...(failure ? { error: analysisFailed(name, failure) } : {}),
        dueAt: schedule.dueAt,
        chunks,
        ...(customerId ? { customerId } : {}),
      }));
    return {
      changes: { counts },
      job: {
        op: 'addCorpus', ...schedule, runningStatus: 'pending', thenStatus: hasValidData(counts) ? 'ready' : 'pending',
        resource: { kind: 'CORPUS', name },
      },
      dataChanged: true,
      result: {},
    };
  }, { first: record });
}

/** deleteCorpus (spec 4.11): removes the corpus and the words only it contributed; 400 when it does not exist. */
export async function deleteCorpus(caller: Caller, rawId: string, name: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteCorpus', 'delete a corpus from', async (locked) => {
    const context = modelContext(locked);
    const item = await getChild(context.scope, 'CORPUS', name);
    if (!item) throw badRequest(`Corpus '${name}' does not exist in custom model '${locked.customizationId}'.`);
    const corpus = asCorpus(item);
    const after = await deleteSource(context, 'CORPUS', corpus);
    return { changes: { counts: after, status: hasValidData(after) ? 'ready' : 'pending' }, dataChanged: true, result: {} };
  });
}
