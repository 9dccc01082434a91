import type { ResourceCounts } from '../store/modelRecord';

/**
 * A model's resource counters, kept exact by whoever holds its lock: every change of the counters goes through
 * `withWord` and `withSource` below (and repair folds the stored children through the same two).
 */

/** The most words the words resource of a previous-generation model can hold (spec 5.1). */
export const MAX_OOV_WORDS = 90_000;
/** The most words a model may hold from all sources (spec 5.1). */
export const MAX_TOTAL_WORDS = 10_000_000;

export const NO_RESOURCES: ResourceCounts = { corpora: 0, invalidCorpora: 0, words: 0, invalidWords: 0, totalWords: 0 };

/** Whether the model holds at least one valid resource (it can then be `ready`, spec 6.3). */
export function hasValidData(counts: ResourceCounts | undefined): boolean {
  const c = counts ?? NO_RESOURCES;
  return c.corpora - c.invalidCorpora + c.words - c.invalidWords + (c.grammars ?? 0) - (c.invalidGrammars ?? 0)
    + (c.audio ?? 0) - (c.invalidAudio ?? 0) > 0;
}

/** An acoustic model's audio resource as the counters see it. */
export interface CountedAudio {
  outcome: 'ok' | 'invalid';
  /** Seconds of audio (an archive: of all its members). */
  duration: number;
}

/** The counts with an audio resource added (`sign` 1) or removed (-1): valid audio counts its seconds. */
export function withAudio(counts: ResourceCounts, audio: CountedAudio, sign: 1 | -1): ResourceCounts {
  const ok = audio.outcome === 'ok';
  return {
    ...counts,
    audio: (counts.audio ?? 0) + sign,
    invalidAudio: (counts.invalidAudio ?? 0) + (ok ? 0 : sign),
    audioSeconds: (counts.audioSeconds ?? 0) + (ok ? sign * audio.duration : 0),
  };
}

/** A word of the words resource as the counters see it. */
export interface CountedWord {
  error?: readonly unknown[];
}

/** The counts with a word of the words resource added (`sign` 1) or removed (-1): it counts among all words too. */
export function withWord(counts: ResourceCounts, word: CountedWord, sign: 1 | -1): ResourceCounts {
  return {
    ...counts,
    words: counts.words + sign,
    totalWords: counts.totalWords + sign,
    invalidWords: counts.invalidWords + ((word.error?.length ?? 0) > 0 ? sign : 0),
  };
}

/** The kinds of resource that contribute words: corpora and grammars. */
export type SourceKind = 'CORPUS' | 'GRAMMAR';

/** A corpus or grammar as the counters see it. */
export interface CountedSource {
  outcome: 'analyzed' | 'undetermined';
  /** Words read from a corpus's text (grammars have none): they count towards the 10-million limit. */
  totalWords?: number;
}

const SOURCE_COUNTERS = {
  CORPUS: ['corpora', 'invalidCorpora'],
  GRAMMAR: ['grammars', 'invalidGrammars'],
} as const satisfies Record<SourceKind, readonly [keyof ResourceCounts, keyof ResourceCounts]>;

/** The counts with a corpus or grammar added (`sign` 1) or removed (-1); its words are counted by `withWord`. */
export function withSource(counts: ResourceCounts, kind: SourceKind, source: CountedSource, sign: 1 | -1): ResourceCounts {
  const [all, invalid] = SOURCE_COUNTERS[kind];
  const analyzed = source.outcome === 'analyzed';
  return {
    ...counts,
    [all]: (counts[all] ?? 0) + sign,
    [invalid]: (counts[invalid] ?? 0) + (analyzed ? 0 : sign),
    totalWords: counts.totalWords + (analyzed ? sign * (source.totalWords ?? 0) : 0),
  };
}
