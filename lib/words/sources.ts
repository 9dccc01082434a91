import type { ModelContext } from '../models/context';
import type { ResourceCounts } from '../models/record';
import { deleteChild, getChild, getChildren, writeChildren, type ChildItem, type ChildWrite } from '../store/children';
import { vocabularyFor } from '../text/vocabulary';
import { addContribution, removeContribution } from './merge';
import { generateSoundsLike } from './pronunciation';
import { isInvalidWord, type WordRecord } from './record';

/**
 * The words that corpora and grammars contribute (previous-generation models): which words a change touches, the
 * per-source word lists that make deleting or overwriting a source touch only its words, and OOV detection.
 */

/** Words per stored word-list chunk of a source (keeps each item far below DynamoDB's 400 KB). */
const CHUNK_WORDS = 5_000;
const CHUNK_SEPARATOR = '\u001f';

const asWord = (item: ChildItem) => item as unknown as WordRecord;

/** Words of a language that the base vocabulary does not know; without a dictionary, words with Latin letters. */
export function outOfVocabulary(language: string): (word: string) => boolean {
  const vocabulary = vocabularyFor(language);
  if (vocabulary) return (word) => !vocabulary.contains(word);
  return (word) => /[A-Za-zＡ-Ｚａ-ｚ]/.test(word);
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

/** Merges a source's OOV words (with their occurrences) into the words resource. */
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
  for (let index = 0; index * CHUNK_WORDS < words.length; index++) {
    puts.push({ kind: 'SOURCEWORDS', name: chunkName(name, index), item: { source: name, words: Object.fromEntries(words.slice(index * CHUNK_WORDS, (index + 1) * CHUNK_WORDS)) } });
  }
  const kept = writes.filter((write) => write.item || !puts.some((put) => put.name === write.name));
  return { writes: [...kept, ...puts], chunks: puts.length };
}


/** Deletes a corpus or grammar and the words only it contributed; returns the counts after it (its own counter aside). */
export async function deleteSource(context: ModelContext, kind: 'CORPUS' | 'GRAMMAR', source: WordSource, counts: ResourceCounts):
Promise<ResourceCounts> {
  const changes = new WordChanges();
  const writes: ChildWrite[] = [];
  await removeSourceWords(context, source, changes, writes);
  await writeChildren(context.scope, [...changes.writes(), ...writes]);
  await deleteChild(context.scope, kind, source.name);
  return changes.counts(counts);
}
