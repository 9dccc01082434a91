import { badRequest } from '../errors';
import type { ModelContext } from './context';
import type { ResourceCounts } from '../store/modelRecord';
import { applyChange } from './changes';
import { MAX_OOV_WORDS, MAX_TOTAL_WORDS, NO_RESOURCES, withSource, withWord, type CountedSource, type SourceKind } from './counts';
import {
  getChild, getChildren, isStorableName, listChildNames, listChildren, listNamedChildren, writeChildren, type ChildItem, type ChildWrite,
} from '../store/children';
import { vocabularyFor } from '../text/vocabulary';
import { addContribution, removeContribution } from './wordMerge';
import { generateSoundsLike } from '../text/pronunciation';
import { USER_SOURCE, asWord, type WordRecord } from './wordRecord';

/**
 * The words that corpora and grammars contribute (previous-generation models): which words a change touches, the
 * per-source word lists that make deleting or overwriting a source touch only its words, and OOV detection.
 */

/** Words per stored word-list chunk of a source, and the most bytes of words (keeps each item below DynamoDB's 400 KB). */
const CHUNK_WORDS = 5_000;
const CHUNK_BYTES = 256 * 1024;
const CHUNK_SEPARATOR = '\u001f';

/**
 * Words of a language that the base vocabulary does not know; without a dictionary, words with Latin letters. A word
 * too long to be stored (over 1000 bytes) does not join the words resource; it still counts among the corpus's words.
 */
export function outOfVocabulary(language: string): (word: string) => boolean {
  const vocabulary = vocabularyFor(language);
  if (vocabulary) return (word) => isStorableName(word) && !vocabulary.contains(word);
  return (word) => isStorableName(word) && /[A-Za-zＡ-Ｚａ-ｚ]/.test(word);
}

/** Tracks the words a change touches: as stored before it, and as they will be after it (undefined: deleted). */
export class WordChanges {
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
    let next = counts;
    for (const [word, after] of this.after) {
      const before = this.before.get(word);
      if (before) next = withWord(next, before, -1);
      if (after) next = withWord(next, after, 1);
    }
    return next;
  }

  writes(): ChildWrite[] {
    return [...this.after].map(([word, record]) => ({ kind: 'WORD' as const, name: word, item: record ? { ...record } : undefined }));
  }
}

const chunkName = (source: string, index: number) => `${source}${CHUNK_SEPARATOR}${index}`;

/** A corpus or grammar as far as its words are concerned: its name and how many word-list chunks it stored. */
export interface WordSource {
  name: string;
  chunks: number;
}

/** Takes a source's contributions out of the words it contributed to, and deletes its word lists. */
export async function removeSourceWords(context: ModelContext, source: WordSource, changes: WordChanges, writes: ChildWrite[]): Promise<void> {
  for (let index = 0; index < source.chunks; index++) {
    const chunk = await getChild(context.scope, 'SOURCEWORDS', chunkName(source.name, index));
    writes.push({ kind: 'SOURCEWORDS', name: chunkName(source.name, index) });
    if (!chunk) continue;
    const words = Object.keys(chunk.words as Record<string, number>);
    await changes.load(context, words);
    for (const word of words) {
      const current = changes.current(word);
      if (current) changes.set(word, removeContribution(current, source.name));
    }
  }
}

/** About how many word keys one query page returns (1 MB of word items read), and how many keys a BatchGet reads. */
const WORDS_PER_PAGE = 2_000;
const KEYS_PER_BATCH_GET = 100;

/**
 * The words of a source that join the words resource (spec 7.3): its OOV words, and the words the base vocabulary
 * knows that the words resource already holds (added by the user, or by another corpus or grammar), which count
 * their occurrences too. Loads into `changes` the stored words it needs; a word that `changes` already deletes (an
 * overwritten source's own word) is not held. Membership is read whichever way takes fewer requests: the keys of the
 * whole words resource, or a batch read of the source's in-vocabulary words.
 */
export async function contributedWords(context: ModelContext, words: readonly (readonly [string, number])[], changes: WordChanges):
Promise<{ oov: (readonly [string, number])[]; contributed: (readonly [string, number])[] }> {
  if (context.generation !== 'previous') return { oov: [], contributed: [] };
  const isOov = outOfVocabulary(context.language);
  const oov = words.filter(([word]) => isOov(word));
  const inVocabulary = words.filter(([word]) => !isOov(word) && isStorableName(word));
  const stored = context.record.counts?.words ?? 0;
  if (stored === 0 || inVocabulary.length === 0) return { oov, contributed: oov };
  let candidates = inVocabulary.map(([word]) => word);
  if (Math.ceil(stored / WORDS_PER_PAGE) <= Math.ceil(candidates.length / KEYS_PER_BATCH_GET)) {
    const names = new Set(await listChildNames(context.scope, 'WORD'));
    candidates = candidates.filter((word) => names.has(word));
  }
  await changes.load(context, candidates);
  const held = inVocabulary.filter(([word]) => changes.current(word) !== undefined);
  return { oov, contributed: held.length === 0 ? oov : [...oov, ...held] };
}

/** Merges a source's words (OOV or already held, with their occurrences) into the words resource. */
export async function addSourceWords(context: ModelContext, name: string, words: readonly (readonly [string, number])[], changes: WordChanges): Promise<void> {
  await changes.load(context, words.map(([word]) => word));
  for (const [word, occurrences] of words) {
    changes.set(word, addContribution(changes.current(word), word, name, occurrences, {
      soundsLike: generateSoundsLike(word, context.language, context.generation),
    }));
  }
}

/**
 * The word-list chunks of a source, to write (an old chunk that a new one replaces is overwritten, not deleted), and
 * how many there are.
 */
export function sourceWordLists(name: string, words: readonly (readonly [string, number])[], writes: ChildWrite[]): { writes: ChildWrite[]; chunks: number } {
  const puts: ChildWrite[] = [];
  for (let start = 0; start < words.length;) {
    let end = start;
    for (let bytes = 0; end < words.length && end - start < CHUNK_WORDS; end++) {
      bytes += Buffer.byteLength(words[end][0], 'utf8') + 16; // the word, its count and the map entry's overhead
      if (bytes > CHUNK_BYTES && end > start) break;
    }
    puts.push({ kind: 'SOURCEWORDS', name: chunkName(name, puts.length), item: { source: name, words: Object.fromEntries(words.slice(start, end)) } });
    start = end;
  }
  const kept = writes.filter((write) => write.item || !puts.some((put) => put.name === write.name));
  return { writes: [...kept, ...puts], chunks: puts.length };
}


/** A corpus or grammar as stored: the fields every source has (each kind adds its own). */
export interface SourceItem extends CountedSource {
  name: string;
  oovWords: number;
  error?: string;
  /** When its analysis completes: `being_processed` until then (spec 6.5). */
  dueAt: number;
  /** Word-list chunks stored for it. */
  chunks: number;
  /** `X-Watson-Metadata: customer_id=…` of the request that added it (spec §11). */
  customerId?: string;
}

/** What a corpus or grammar brings, as read from its text. */
export interface SourceContent {
  /** Its words with their occurrences (a grammar's words once each). */
  words: readonly (readonly [string, number])[];
  /** Words read from the text (corpora), for the 10-million limit; 0 for grammars. */
  totalWords: number;
  /** Why its analysis failed before its words counted (a grammar that does not compile). */
  failure?: string;
}

/** What a source's analysis came to, for the service to make its stored item from. */
export interface SourceOutcome {
  failure?: string;
  oovWords: number;
  chunks: number;
}

const LABEL: Record<SourceKind, string> = { CORPUS: 'corpus', GRAMMAR: 'grammar' };
const OTHER_KIND: Record<SourceKind, SourceKind> = { CORPUS: 'GRAMMAR', GRAMMAR: 'CORPUS' };

/**
 * addCorpus and addGrammar under the model's lock (spec 4.9, 4.18, 7.3): refuses a name the other kind holds, or an
 * existing source without `allow_overwrite`; takes an overwritten source's words out; merges the new source's words
 * (previous-generation models) unless a limit fails the analysis; writes the source, its word lists and the words
 * it touches as one change (lib/customization/changes). Answers the counts after it, and why the analysis failed.
 */
export async function replaceSource<T extends SourceItem>(
  context: ModelContext,
  kind: SourceKind,
  name: string,
  allowOverwrite: boolean,
  content: SourceContent,
  storedItem: (outcome: SourceOutcome) => T,
): Promise<{ counts: ResourceCounts; failure?: string }> {
  const [existing, other] = await Promise.all([getChild(context.scope, kind, name), getChild(context.scope, OTHER_KIND[kind], name)]);
  if (other) {
    throw badRequest(`A ${LABEL[OTHER_KIND[kind]]} named '${name}' already exists in the custom model. Corpora and grammars cannot share a name.`);
  }
  if (existing && !allowOverwrite) {
    throw badRequest(`A ${LABEL[kind]} named '${name}' already exists in the custom model. Set the 'allow_overwrite' parameter to 'true' to replace it.`);
  }
  const previous = existing as unknown as T | undefined;
  const changes = new WordChanges();
  const writes: ChildWrite[] = [];
  if (previous) await removeSourceWords(context, previous, changes, writes);
  const { oov, contributed } = await contributedWords(context, content.words, changes);
  const start = context.record.counts ?? NO_RESOURCES;
  const withoutPrevious = (counts: ResourceCounts) => (previous ? withSource(counts, kind, previous, -1) : counts);

  let failure = content.failure;
  if (!failure && withoutPrevious(changes.counts(start)).totalWords + content.totalWords + oov.length > MAX_TOTAL_WORDS) {
    failure = `the custom model would exceed ${MAX_TOTAL_WORDS} words`;
  }
  if (!failure) {
    const afterRemoval = new Map(changes.after);
    await addSourceWords(context, name, contributed, changes);
    if (changes.counts(start).words > MAX_OOV_WORDS) {
      failure = `the words resource would exceed ${MAX_OOV_WORDS} words`;
      changes.after = afterRemoval; // nothing of the new text is merged; an overwritten source's old words stay removed
    }
  }
  const lists = sourceWordLists(name, failure ? [] : contributed, writes);
  const item = storedItem({ failure, oovWords: failure ? 0 : oov.length, chunks: lists.chunks });
  await applyChange(context.scope, [...changes.writes(), ...lists.writes, { kind, name, item: { ...item } as ChildItem }]);
  return { counts: withSource(withoutPrevious(changes.counts(start)), kind, item, 1), failure };
}

/** Deletes a corpus or grammar and the words only it contributed, as one change; answers the counts after it. */
export async function deleteSource(context: ModelContext, kind: SourceKind, source: SourceItem): Promise<ResourceCounts> {
  const changes = new WordChanges();
  const writes: ChildWrite[] = [];
  await removeSourceWords(context, source, changes, writes);
  await applyChange(context.scope, [...changes.writes(), ...writes, { kind, name: source.name }]);
  return withSource(changes.counts(context.record.counts ?? NO_RESOURCES), kind, source, -1);
}

/**
 * Makes the words resource agree with the word lists of the sources that exist (name → number of list chunks), after
 * a change of corpora, grammars or words was interrupted midway: lists of other sources (or past a source's chunks)
 * go, and each word keeps only the contributions its sources' lists give, with their occurrences; a word left without
 * any source goes. A listed word that the words resource lacks stays out (the user may have deleted it, spec 4.16).
 * Answers the words as they are after it, and how many items it wrote.
 */
export async function reconcileSourceWords(context: ModelContext, sources: ReadonlyMap<string, number>):
Promise<{ words: WordRecord[]; writes: number }> {
  const [lists, stored] = await Promise.all([listNamedChildren(context.scope, 'SOURCEWORDS'), listChildren(context.scope, 'WORD')]);
  const writes: ChildWrite[] = [];
  const listed = new Map<string, Map<string, number>>(); // source → word → occurrences
  for (const { name, item } of lists) {
    const at = name.lastIndexOf(CHUNK_SEPARATOR);
    const source = name.slice(0, at);
    if (at < 0 || !(Number(name.slice(at + 1)) < (sources.get(source) ?? 0))) {
      writes.push({ kind: 'SOURCEWORDS', name });
      continue;
    }
    if (!listed.has(source)) listed.set(source, new Map());
    for (const [word, occurrences] of Object.entries(item.words as Record<string, number>)) listed.get(source)!.set(word, occurrences);
  }
  const words: WordRecord[] = [];
  for (const item of stored) {
    const current = asWord(item);
    let next: WordRecord | undefined = current;
    for (const source of current.source) {
      if (!next || source === USER_SOURCE) continue;
      const occurrences = listed.get(source)?.get(current.word);
      if (occurrences === undefined) next = removeContribution(next, source);
      else if (next.counts[source] !== occurrences) next = { ...next, counts: { ...next.counts, [source]: occurrences } };
    }
    if (next) words.push(next);
    if (next !== current) writes.push({ kind: 'WORD', name: current.word, item: next ? { ...next } : undefined });
  }
  await writeChildren(context.scope, writes);
  return { words, writes: writes.length };
}
