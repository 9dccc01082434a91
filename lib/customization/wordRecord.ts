import type { Generation } from '../catalog/baseModels';
import type { WordError } from '../text/pronunciation';

/** An entry of a model's words resource as the emulator stores it. */
export interface WordRecord {
  word: string;
  soundsLike: string[];
  displayAs: string;
  /** The API's `source`: corpus and grammar names in the order they contributed, and `user` where the user did. */
  source: string[];
  /** Occurrences per corpus or grammar. */
  counts: Record<string, number>;
  /** The user added the word before any corpus or grammar contributed it (count then starts at 1, spec 7.3). */
  userFirst: boolean;
  error?: WordError[];
  mappingOnly?: boolean;
  /** `X-Watson-Metadata: customer_id=…` of the request that added or last changed the word (spec §11). */
  customerId?: string;
}

/** A stored WORD child as a WordRecord (its attributes are the record's fields). */
export const asWord = (item: Record<string, unknown>): WordRecord => item as unknown as WordRecord;

/** The service's JSON of a word (spec 2.5). */
export interface WordJson {
  word: string;
  sounds_like: string[];
  display_as: string;
  count: number;
  source: string[];
  error?: WordError[];
  mapping_only?: boolean;
}

export const USER_SOURCE = 'user';

/**
 * `count` (spec 2.5): occurrences over all corpora and grammars, plus one for a user-first word; a word the user
 * added or modified counts at least 1 (after its corpora are gone); always 1 on newer models.
 */
export function wordCount(word: WordRecord, generation: Generation): number {
  if (generation !== 'previous') return 1;
  const occurrences = Object.values(word.counts).reduce((sum, count) => sum + count, 0);
  const count = occurrences + (word.userFirst ? 1 : 0);
  return word.source.includes(USER_SOURCE) ? Math.max(1, count) : count;
}

export function wordJson(word: WordRecord, generation: Generation): WordJson {
  return {
    word: word.word,
    sounds_like: [...word.soundsLike],
    display_as: word.displayAs,
    count: wordCount(word, generation),
    source: [...word.source],
    ...(word.error && word.error.length > 0 ? { error: word.error } : {}),
    ...(word.mappingOnly === undefined ? {} : { mapping_only: word.mappingOnly }),
  };
}

export const isUserWord = (word: WordRecord) => word.source.includes(USER_SOURCE);
export const isInvalidWord = (word: WordRecord) => (word.error?.length ?? 0) > 0;
