import type { Generation } from '../catalog/baseModels';
import { numberToWords } from '../text/numbers';
import type { WordError } from './record';

export type { Generation };

/**
 * sounds_like rules (spec 5.3, 5.4, 7.3). Messages, besides the service's documented one for digits:
 * - `A word can have at most 5 sounds_like pronunciations.` (keyed by the sixth entry)
 * - `A sounds_like pronunciation must not be empty.`
 * - `A sounds_like pronunciation can have at most <N> characters.` (40; Japanese 25)
 * - `The character '<c>' is not allowed in sounds_like.`
 */
const MAX_ENTRIES = 5;

const maxLength = (language: string) => (language.startsWith('ja') ? 25 : 40);

/** The characters a sounds_like may use, by language family and model generation (spec 5.3). */
function allowedCharacter(language: string, generation: Generation): RegExp {
  if (language.startsWith('ja')) return /[\u30A1-\u30FAー―\s]/u;
  if (language.startsWith('ko')) return /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318Fa-zA-Z\s]/u;
  if (generation !== 'previous') return /[\p{L}\p{M}\s]/u;
  if (language === 'en-GB') return /[a-zA-Z'\s]/u;
  if (language.startsWith('en')) return /[a-zA-Z.'\-\s]/u;
  return /[\p{L}\p{M}.'\s]/u;
}

/** Digits spelled out, with the dashes of number words turned into spaces: `99 dollars 95` → `ninety nine dollars ninety five`. */
export function spellDigits(text: string, language: string): string {
  return text.replace(/\d+(?:[.,]\d+)?/g, (digits) => ` ${numberToWords(digits, language).replace(/-/g, ' ')} `)
    .replace(/\s+/g, ' ').trim();
}

export function validateSoundsLike(entries: readonly string[], language: string, generation: Generation): WordError[] {
  const errors: WordError[] = [];
  if (entries.length > MAX_ENTRIES) {
    errors.push({ [entries[MAX_ENTRIES]]: `A word can have at most ${MAX_ENTRIES} sounds_like pronunciations.` });
  }
  const allowed = allowedCharacter(language, generation);
  for (const entry of entries) {
    const trimmed = entry.trim();
    if (trimmed === '') {
      errors.push({ [entry]: 'A sounds_like pronunciation must not be empty.' });
    } else if (/\d/.test(trimmed)) {
      errors.push({ [entry]: `Numbers are not allowed in sounds_like. You can try for example '${spellDigits(trimmed, language)}'.` });
    } else if ([...trimmed].length > maxLength(language)) {
      errors.push({ [entry]: `A sounds_like pronunciation can have at most ${maxLength(language)} characters.` });
    } else {
      const bad = [...trimmed].find((character) => !allowed.test(character));
      if (bad !== undefined) errors.push({ [entry]: `The character '${bad}' is not allowed in sounds_like.` });
    }
  }
  return errors;
}

/**
 * The pronunciation the service generates for a word (previous-generation only): an acronym is spelled letter by
 * letter and also kept whole (`OOV` → `O. O. V.`, `OOV`; UK English without periods), dots and other symbols become
 * spaces (`trainingdata.txt` → `trainingdata txt`), digits are spelled out, and any other word is its lower case.
 */
export function generateSoundsLike(word: string, language: string, generation: Generation): string[] {
  if (generation !== 'previous') return [];
  if (language.startsWith('ja') || language.startsWith('ko')) return [word];
  if (/^[A-Z]{2,}$/.test(word)) {
    const spelled = language === 'en-GB' ? [...word].join(' ') : [...word].map((letter) => `${letter}.`).join(' ');
    return [spelled, word];
  }
  const spoken = spellDigits(word, language).replace(/[^\p{L}\p{M}'\s]/gu, ' ').replace(/\s+/g, ' ').trim().toLowerCase();
  return [spoken || word.toLowerCase()];
}
