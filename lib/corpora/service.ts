import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { config } from '../config';
import { badRequest, notFound } from '../http/errors';
import { ownedModel, refuseIfBusy, withModelLock } from '../models/access';
import { modelContext, type ModelContext } from '../models/context';
import { validateResourceName } from '../models/names';
import { NO_RESOURCES, hasValidData, type ResourceCounts } from '../models/record';
import { deleteChild, getChild, getChildren, listChildren, writeChildren, type ChildItem, type ChildWrite } from '../store/children';
import { analyzeText } from '../text/analyze';
import { vocabularyFor } from '../text/vocabulary';
import { addContribution, removeContribution } from '../words/merge';
import { generateSoundsLike } from '../words/pronunciation';
import { isInvalidWord, type WordRecord } from '../words/record';
import { MAX_OOV_WORDS } from '../words/service';

/** The most words a model may hold from all sources (spec 5.1). */
export const MAX_TOTAL_WORDS = 10_000_000;
/** Words per stored word-list chunk of a corpus (keeps each item far below DynamoDB's 400 KB). */
const CHUNK_WORDS = 5_000;
const CHUNK_SEPARATOR = '\u001f';

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
const asWord = (item: ChildItem) => item as unknown as WordRecord;

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
  const context = modelContext(await ownedModel(caller, rawId));
  const now = clock.now();
  return { corpora: (await listChildren(context.scope, 'CORPUS')).map((item) => corpusJson(asCorpus(item), now)) };
}

/** getCorpus (spec 4.10): 404 for a corpus the model does not have. */
export async function getCorpus(caller: Caller, rawId: string, name: string): Promise<CorpusJson> {
  const context = modelContext(await ownedModel(caller, rawId));
  const item = await getChild(context.scope, 'CORPUS', name);
  if (!item) throw notFound(`Corpus '${name}' does not exist in custom model '${context.record.customizationId}'.`);
  return corpusJson(asCorpus(item), clock.now());
}

/** Words of a language that the base vocabulary does not know; without a dictionary, words with Latin letters. */
function outOfVocabulary(language: string): (word: string) => boolean {
  const vocabulary = vocabularyFor(language);
  if (vocabulary) return (word) => !vocabulary.contains(word);
  return (word) => /[A-Za-zＡ-Ｚａ-ｚ]/.test(word);
}

/** Tracks the words a change touches: as stored before it, and as they will be after it (undefined: deleted). */
class WordChanges {
  readonly before = new Map<string, WordRecord | undefined>();
  after = new Map<string, WordRecord | undefined>();

  current(word: string): WordRecord | undefined {
    return this.after.has(word) ? this.after.get(word) : this.before.get(word);
  }

  set(word: string, record: WordRecord | undefined): void {
    this.after.set(word, record);
  }

  async load(context: ModelContext, words: readonly string[]): Promise<void> {
    const missing = words.filter((word) => !this.before.has(word));
    if (missing.length === 0) return;
    const found = (context.record.counts?.words ?? 0) === 0
      ? new Map<string, ChildItem>()
      : await getChildren(context.scope, 'WORD', missing, (item) => String(item.word));
    for (const word of missing) this.before.set(word, found.has(word) ? asWord(found.get(word)!) : undefined);
  }

  counts(counts: ResourceCounts): ResourceCounts {
    const next = { ...counts };
    for (const [word, after] of this.after) {
      const before = this.before.get(word);
      next.words += (after ? 1 : 0) - (before ? 1 : 0);
      next.totalWords += (after ? 1 : 0) - (before ? 1 : 0);
      next.invalidWords += (after && isInvalidWord(after) ? 1 : 0) - (before && isInvalidWord(before) ? 1 : 0);
    }
    return next;
  }

  writes(): ChildWrite[] {
    return [...this.after].map(([word, record]) => ({ kind: 'WORD' as const, name: word, item: record ? { ...record } : undefined }));
  }
}

const chunkName = (corpus: string, index: number) => `${corpus}${CHUNK_SEPARATOR}${index}`;

/** Takes a corpus's contributions out of the words it contributed to, and deletes its word lists. */
async function removeCorpusWords(context: ModelContext, corpus: CorpusItem, changes: WordChanges, writes: ChildWrite[]): Promise<void> {
  for (let index = 0; index < corpus.chunks; index++) {
    const chunk = await getChild(context.scope, 'SOURCEWORDS', chunkName(corpus.name, index));
    writes.push({ kind: 'SOURCEWORDS', name: chunkName(corpus.name, index) });
    if (!chunk) continue;
    const words = Object.keys(chunk.words as Record<string, number>);
    await changes.load(context, words);
    for (const word of words) {
      const current = changes.current(word);
      if (current) changes.set(word, removeContribution(current, corpus.name));
    }
  }
}

/** addCorpus (spec 4.9): analyzes the text, merges its OOV words (previous-generation) and starts the analysis job. */
export async function addCorpus(caller: Caller, rawId: string, rawName: string, allowOverwrite: boolean, text: string):
Promise<Record<string, never>> {
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
    if (previous) await removeCorpusWords(context, previous, changes, writes);

    const isOov = context.generation === 'previous' ? outOfVocabulary(context.language) : () => false;
    const oov = [...analysis.words].filter(([word]) => isOov(word));
    const counts = { ...(locked.counts ?? NO_RESOURCES) };
    const base = changes.counts(counts);
    const totalAfter = base.totalWords - (previous?.outcome === 'analyzed' ? previous.totalWords : 0) + analysis.totalWords;
    let failure: string | undefined;
    if (totalAfter + oov.length > MAX_TOTAL_WORDS) failure = `the custom model would exceed ${MAX_TOTAL_WORDS} words`;

    if (!failure) {
      const afterRemoval = new Map(changes.after);
      await changes.load(context, oov.map(([word]) => word));
      for (const [word, occurrences] of oov) {
        changes.set(word, addContribution(changes.current(word), word, name, occurrences, {
          soundsLike: generateSoundsLike(word, context.language, context.generation),
        }));
      }
      if (changes.counts(counts).words > MAX_OOV_WORDS) {
        failure = `the words resource would exceed ${MAX_OOV_WORDS} words`;
        changes.after = afterRemoval; // nothing of the new text is merged; an overwritten corpus's old words stay removed
      }
    }

    const listed = failure ? [] : oov;
    for (let index = 0; index * CHUNK_WORDS < listed.length; index++) {
      const words = Object.fromEntries(listed.slice(index * CHUNK_WORDS, (index + 1) * CHUNK_WORDS));
      writes.push({ kind: 'SOURCEWORDS', name: chunkName(name, index), item: { source: name, words } });
    }
    const corpus: CorpusItem = {
      name,
      outcome: failure ? 'undetermined' : 'analyzed',
      totalWords: failure ? 0 : analysis.totalWords,
      oovWords: failure ? 0 : oov.length,
      ...(failure ? { error: analysisFailed(name, failure) } : {}),
      dueAt: now + config.corpusSeconds() * 1000,
      chunks: Math.ceil(listed.length / CHUNK_WORDS),
    };
    // An old chunk that a new one replaces is overwritten, not deleted.
    const chunkWrites = writes.filter((write) => write.item || !writes.some((other) => other.item && other.name === write.name));
    await writeChildren(context.scope, [...changes.writes(), ...chunkWrites]);
    await writeChildren(context.scope, [{ kind: 'CORPUS', name, item: { ...corpus } }]);

    const after = changes.counts(counts);
    after.corpora += previous ? 0 : 1;
    after.invalidCorpora += (failure ? 1 : 0) - (previous?.outcome === 'undetermined' ? 1 : 0);
    after.totalWords += corpus.totalWords - (previous?.outcome === 'analyzed' ? previous.totalWords : 0);
    return {
      changes: { counts: after },
      job: { op: 'addCorpus', dueAt: corpus.dueAt, runningStatus: 'pending', thenStatus: hasValidData(after) ? 'ready' : 'pending' },
      dataChanged: true,
      result: {},
    };
  });
}

/** deleteCorpus (spec 4.11): removes the corpus and the words only it contributed; 400 when it does not exist. */
export async function deleteCorpus(caller: Caller, rawId: string, name: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteCorpus', 'delete a corpus from', async (locked) => {
    const context = modelContext(locked);
    const item = await getChild(context.scope, 'CORPUS', name);
    if (!item) throw badRequest(`Corpus '${name}' does not exist in custom model '${locked.customizationId}'.`);
    const corpus = asCorpus(item);
    const changes = new WordChanges();
    const writes: ChildWrite[] = [];
    await removeCorpusWords(context, corpus, changes, writes);
    await writeChildren(context.scope, [...changes.writes(), ...writes]);
    await deleteChild(context.scope, 'CORPUS', name);
    const after = changes.counts({ ...(locked.counts ?? NO_RESOURCES) });
    after.corpora -= 1;
    after.invalidCorpora -= corpus.outcome === 'undetermined' ? 1 : 0;
    after.totalWords -= corpus.outcome === 'analyzed' ? corpus.totalWords : 0;
    return { changes: { counts: after, status: hasValidData(after) ? 'ready' : 'pending' }, dataChanged: true, result: {} };
  });
}
