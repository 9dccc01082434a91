import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { badRequest, notFound } from '../errors';
import { ownedModel, readModel, refuseIfBusy, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { validateResourceName } from '../customization/names';
import { NO_RESOURCES, hasValidData } from '../customization/counts';
import { getChild, listChildren, writeChildren, type ChildItem, type ChildWrite } from '../store/children';
import { booleanParam } from '../params';
import { analyzeText } from '../text/analyze';
import { MAX_OOV_WORDS } from '../words/service';
import { WordChanges, addSourceWords, contributedWords, deleteSource, removeSourceWords, sourceWordLists } from '../customization/sources';
import { jobSchedule } from '../customization/timing';

/** The most words a model may hold from all sources (spec 5.1). */
export const MAX_TOTAL_WORDS = 10_000_000;

/** A corpus as stored: the outcome of its analysis, shown once `dueAt` has passed (spec 2.3, 6.5). */
interface CorpusItem {
  name: string;
  outcome: 'analyzed' | 'undetermined';
  totalWords: number;
  oovWords: number;
  error?: string;
  dueAt: number;
  /** Word-list chunks stored for this corpus. */
  chunks: number;
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
  const context = modelContext(await readModel(caller, rawId));
  const now = clock.now();
  return { corpora: (await listChildren(context.scope, 'CORPUS')).map((item) => corpusJson(asCorpus(item), now)) };
}

/** getCorpus (spec 4.10): 404 for a corpus the model does not have. */
export async function getCorpus(caller: Caller, rawId: string, name: string): Promise<CorpusJson> {
  const context = modelContext(await readModel(caller, rawId));
  const item = await getChild(context.scope, 'CORPUS', name);
  if (!item) throw notFound(`Corpus '${name}' does not exist in custom model '${context.record.customizationId}'.`);
  return corpusJson(asCorpus(item), clock.now());
}

/** addCorpus (spec 4.9): analyzes the text, merges its OOV words (previous-generation) and starts the analysis job. */
export async function addCorpus(caller: Caller, rawId: string, rawName: string, query: URLSearchParams, text: string):
Promise<Record<string, never>> {
  const allowOverwrite = booleanParam(query, 'allow_overwrite', false);
  const name = validateResourceName(rawName, 'corpus');
  const record = await ownedModel(caller, rawId);
  refuseIfBusy(record, clock.now(), 'add a corpus to');
  const analysis = analyzeText(text, record.language, record.dialect);
  return withModelLock(caller, rawId, 'addCorpus', 'add a corpus to', async (locked, now) => {
    const context = modelContext(locked);
    const [existing, grammar] = await Promise.all([
      getChild(context.scope, 'CORPUS', name), getChild(context.scope, 'GRAMMAR', name),
    ]);
    if (grammar) throw badRequest(`A grammar named '${name}' already exists in the custom model. Corpora and grammars cannot share a name.`);
    if (existing && !allowOverwrite) {
      throw badRequest(`A corpus named '${name}' already exists in the custom model. `
        + "Set the 'allow_overwrite' parameter to 'true' to replace it.");
    }
    const previous = existing ? asCorpus(existing) : undefined;
    const changes = new WordChanges();
    const writes: ChildWrite[] = [];
    if (previous) await removeSourceWords(context, previous, changes, writes);

    const { oov, contributed } = await contributedWords(context, [...analysis.words], changes);
    const counts = { ...(locked.counts ?? NO_RESOURCES) };
    const base = changes.counts(counts);
    const totalAfter = base.totalWords - (previous?.outcome === 'analyzed' ? previous.totalWords : 0) + analysis.totalWords;
    let failure: string | undefined;
    if (totalAfter + oov.length > MAX_TOTAL_WORDS) failure = `the custom model would exceed ${MAX_TOTAL_WORDS} words`;

    if (!failure) {
      const afterRemoval = new Map(changes.after);
      await addSourceWords(context, name, contributed, changes);
      if (changes.counts(counts).words > MAX_OOV_WORDS) {
        failure = `the words resource would exceed ${MAX_OOV_WORDS} words`;
        changes.after = afterRemoval; // nothing of the new text is merged; an overwritten corpus's old words stay removed
      }
    }

    const lists = sourceWordLists(name, failure ? [] : contributed, writes);
    const schedule = await jobSchedule(locked.owner, 'corpus', now);
    const corpus: CorpusItem = {
      name,
      outcome: failure ? 'undetermined' : 'analyzed',
      totalWords: failure ? 0 : analysis.totalWords,
      oovWords: failure ? 0 : oov.length,
      ...(failure ? { error: analysisFailed(name, failure) } : {}),
      dueAt: schedule.dueAt,
      chunks: lists.chunks,
    };
    await writeChildren(context.scope, [...changes.writes(), ...lists.writes]);
    await writeChildren(context.scope, [{ kind: 'CORPUS', name, item: { ...corpus } }]);

    const after = changes.counts(counts);
    after.corpora += previous ? 0 : 1;
    after.invalidCorpora += (failure ? 1 : 0) - (previous?.outcome === 'undetermined' ? 1 : 0);
    after.totalWords += corpus.totalWords - (previous?.outcome === 'analyzed' ? previous.totalWords : 0);
    return {
      changes: { counts: after },
      job: {
        op: 'addCorpus', ...schedule, runningStatus: 'pending', thenStatus: hasValidData(after) ? 'ready' : 'pending',
        resource: { kind: 'CORPUS', name },
      },
      dataChanged: true,
      result: {},
    };
  }, record);
}

/** deleteCorpus (spec 4.11): removes the corpus and the words only it contributed; 400 when it does not exist. */
export async function deleteCorpus(caller: Caller, rawId: string, name: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteCorpus', 'delete a corpus from', async (locked) => {
    const context = modelContext(locked);
    const item = await getChild(context.scope, 'CORPUS', name);
    if (!item) throw badRequest(`Corpus '${name}' does not exist in custom model '${locked.customizationId}'.`);
    const corpus = asCorpus(item);
    const after = await deleteSource(context, 'CORPUS', corpus, { ...(locked.counts ?? NO_RESOURCES) });
    after.corpora -= 1;
    after.invalidCorpora -= corpus.outcome === 'undetermined' ? 1 : 0;
    after.totalWords -= corpus.outcome === 'analyzed' ? corpus.totalWords : 0;
    return { changes: { counts: after, status: hasValidData(after) ? 'ready' : 'pending' }, dataChanged: true, result: {} };
  });
}
