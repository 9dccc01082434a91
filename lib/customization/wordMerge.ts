import type { WordError } from '../text/pronunciation';
import { USER_SOURCE, type WordRecord } from './wordRecord';

/**
 * The merge rules of the words resource (spec 7.3), as pure functions of the stored word and the change.
 */

/**
 * `source` with a corpus or grammar added: corpora and grammars in the order they contributed, then `user` last
 * (docs: `["corpus1", "corpus2", "user"]` for a word the user added before the corpora).
 */
function withSource(sources: readonly string[], source: string): string[] {
  if (sources.includes(source)) return [...sources];
  const others = sources.filter((name) => name !== USER_SOURCE);
  return [...others, source, ...(others.length < sources.length ? [USER_SOURCE] : [])];
}

/** A corpus or grammar contributes `occurrences` of a word (the word is new, or gains that source). */
export function addContribution(existing: WordRecord | undefined, word: string, source: string, occurrences: number,
  generated: { soundsLike: string[] }): WordRecord {
  if (!existing) {
    return { word, soundsLike: generated.soundsLike, displayAs: word, source: [source], counts: { [source]: occurrences }, userFirst: false };
  }
  return {
    ...existing,
    source: withSource(existing.source, source),
    counts: { ...existing.counts, [source]: occurrences },
  };
}

/**
 * A corpus or grammar is deleted or overwritten: its occurrences and name go; a word that no other corpus or grammar
 * contributed and that the user never added or modified goes too (undefined).
 */
export function removeContribution(existing: WordRecord, source: string): WordRecord | undefined {
  if (!existing.source.includes(source)) return existing;
  const { [source]: _removed, ...counts } = existing.counts;
  const remaining = existing.source.filter((name) => name !== source);
  if (remaining.length === 0) return undefined;
  return { ...existing, source: remaining, counts };
}

/** What the user says of a word (POST …/words element or PUT …/words/{word}), already validated for shape. */
export interface WordDefinition {
  soundsLike?: string[];
  displayAs?: string;
  mappingOnly?: boolean;
}

/**
 * The user adds or redefines a word (spec 5.4): the definition is replaced whole; `user` joins the sources; a word
 * that came from a corpus or grammar first keeps its occurrences as its count.
 */
export function defineWord(existing: WordRecord | undefined, word: string, definition: WordDefinition, defaults: {
  /** sounds_like when none is given: generated for OOV words on previous-generation models, else []. */
  soundsLike: string[];
  /** display_as when none is given. */
  displayAs: string;
  errors: WordError[];
}): WordRecord {
  const soundsLike = definition.soundsLike ?? defaults.soundsLike;
  return {
    word,
    soundsLike,
    displayAs: definition.displayAs ?? defaults.displayAs,
    source: existing ? (existing.source.includes(USER_SOURCE) ? existing.source : [...existing.source, USER_SOURCE]) : [USER_SOURCE],
    counts: existing?.counts ?? {},
    userFirst: existing ? existing.userFirst : true,
    ...(defaults.errors.length > 0 ? { error: defaults.errors } : {}),
    ...(definition.mappingOnly === undefined ? {} : { mappingOnly: definition.mappingOnly }),
  };
}
