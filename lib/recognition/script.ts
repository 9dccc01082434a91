/**
 * Reading a test's script (what was spoken in an audio) into spoken words and phrase ends. The same normalization
 * serves the custom words' `sounds_like` entries and keywords, so that all three compare alike.
 */
import { numberSpeller } from '../text/tokenize';

/** How a phrase ends: a sentence end (`.`, `?`, `!`) or a trailing-off pause (an ellipsis, `...` or `…`). */
export type PhraseEnd = 'full_stop' | 'silence';

export interface ScriptWord {
  /** The spoken word: lower case, leading and trailing punctuation stripped. */
  text: string;
  /** Set when the phrase ends after this word. */
  end?: PhraseEnd;
}

/** A number as written in a script (`911`, `3.5`, `1,000`): spoken as its words. */
const NUMBER = /^\d+(?:[.,]\d+)*$/u;
/** Leading and trailing characters that are not letters, digits or combining marks. */
const EDGES = /^[^\p{L}\p{N}\p{M}]+|[^\p{L}\p{N}\p{M}]+$/gu;
/** Closing quotes and brackets that may follow a sentence's final punctuation (`"Stop!"`, `(yes.)`). */
const CLOSERS = /["'”’»)\]}]+$/u;
/** A single-letter initial (`E.` in `E. C. M. O.`): not a phrase end. */
const INITIAL = /^\p{L}\.$/u;

const spellers = new Map<string, (digits: string) => readonly string[]>();
const spell = (digits: string, language: string): readonly string[] => {
  let speller = spellers.get(language);
  if (!speller) {
    speller = numberSpeller(language);
    spellers.set(language, speller);
  }
  return speller(digits);
};

/** The spoken form of one written word: lower case, its edge punctuation stripped; empty when nothing is left. */
export function normalizeWord(word: string): string {
  return word.normalize('NFC').toLowerCase().replace(EDGES, '');
}

/**
 * Reads a script: split on white space; each word is lower-cased and loses its leading and trailing punctuation
 * (inner apostrophes and the like stay: `don't`); a number written with digits is spoken as its words in the
 * language (`911` → `nine hundred eleven`, lib/text/numbers.ts); a word left empty (`-`, `?`) is dropped. A word
 * ending in `.`, `?` or `!` (also `。？！`, before closing quotes or brackets) ends a phrase (`full_stop`), one ending
 * in an ellipsis (`...`, `…`) ends a phrase by trailing off (`silence`); a single-letter initial (`E.`) does not
 * end a phrase. Punctuation standing alone ends the phrase of the word before it.
 */
export function parseScript(script: string | undefined, language: string): ScriptWord[] {
  const words: ScriptWord[] = [];
  for (const raw of (script ?? '').split(/\s+/u)) {
    if (raw === '') continue;
    const bare = raw.replace(CLOSERS, '');
    const end: PhraseEnd | undefined = /(?:\.\.\.|…)$/u.test(bare)
      ? 'silence'
      : /[.?!。？！]$/u.test(bare) && !INITIAL.test(bare) ? 'full_stop' : undefined;
    const text = normalizeWord(raw);
    if (text === '') {
      if (end && words.length > 0) words[words.length - 1].end = end;
      continue;
    }
    const spoken = NUMBER.test(text) ? spell(text, language) : [text];
    spoken.forEach((word, i) => words.push(i === spoken.length - 1 && end ? { text: word, end } : { text: word }));
  }
  return words;
}

/** The spoken words of a script, without phrase ends (`Hello, world.` → `['hello', 'world']`). */
export function spokenWords(script: string | undefined, language = 'en-US'): string[] {
  return parseScript(script, language).map((word) => word.text);
}
