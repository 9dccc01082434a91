/**
 * Corpus analysis: the words the service reads from a corpus after its normalization (spec 7.2), with their counts.
 * `total_words` of a corpus is `totalWords`; the OOV words of a previous-generation model come from `words` (spec 7.3).
 */
import { prepareText, skipBracketed } from './normalize';
import { tokenizeJapanese, tokenizeKorean, tokenizeWestern } from './tokenize';

export interface TextAnalysis {
  /** Words read from the corpus after normalization (what the service reports as total_words). */
  totalWords: number;
  /** Every distinct word token after normalization, spelling as found (case kept), with its number of occurrences. */
  words: Map<string, number>;
}

/**
 * Dialects whose `$` is the peso. Spanish models other than Castilian (`es-ES`) are Latin American (`es-LA`, and the
 * `es-US` dialect of their custom models); spec 7.2: with dialect `es-LA`, `$100` → `cien pesos`.
 */
const usesPesos = (language: string, dialect: string | undefined): boolean => {
  const variant = (dialect || language).toLowerCase();
  return variant.startsWith('es-') && variant !== 'es-es';
};

/**
 * Reads a corpus the way the service does (spec 7.2).
 * `language` is the model's language id, e.g. `en-US`, `en-GB`, `es-ES`, `es-LA`, `fr-CA`, `de-DE`, `it-IT`, `pt-BR`,
 * `nl-NL`, `ja-JP`, `ko-KR`; a language without its own rules is read with the English rules but keeps digits as
 * written. `dialect` (a custom model's `dialect`) matters only for Spanish `$`: pesos unless `es-ES`.
 * Text is split on any Unicode whitespace; a leading byte order mark is ignored and the text is composed (NFC).
 */
export function analyzeText(text: string, language: string, dialect?: string): TextAnalysis {
  // One hash lookup per repeated word: counts live in boxes until the end.
  const counts = new Map<string, { n: number }>();
  let totalWords = 0;
  const emit = (word: string): void => {
    const box = counts.get(word);
    if (box === undefined) counts.set(word, { n: 1 });
    else box.n++;
    totalWords++;
  };
  const prepared = prepareText(text);
  const family = language.slice(0, 2).toLowerCase();
  if (family === 'ja') tokenizeJapanese(prepared, emit, language);
  else if (family === 'ko') tokenizeKorean(prepared, emit, language);
  else tokenizeWestern(skipBracketed(prepared), emit, { language, pesos: family === 'es' && usesPesos(language, dialect) });
  const words = new Map<string, number>();
  for (const [word, box] of counts) words.set(word, box.n);
  return { totalWords, words };
}
