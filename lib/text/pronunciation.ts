import type { Generation } from '../catalog/baseModels';
import { numberToWords } from './numbers';

/** One WordError element: the offending sounds_like entry mapped to a message (spec 2.7). */
export type WordError = Record<string, string>;

/**
 * `sounds_like` rules (spec 5.3, 5.4, 7.3): validation of user pronunciations and the pronunciation the service
 * generates for words that are not in the base vocabulary (previous-generation models only).
 *
 * Error messages (one `WordError` element `{ "<entry>": "<message>" }` per problem, spec 2.7); the first is the
 * service's documented text, the others follow its style:
 *   - `Numbers are not allowed in sounds_like. You can try for example '<entry with its numbers spelled out>'.`
 *   - `Empty strings are not allowed in sounds_like.`
 *   - `Pronunciations longer than 40 characters are not allowed in sounds_like.` (Japanese: 25)
 *   - `More than 5 pronunciations are not allowed in sounds_like.` (keyed by the 6th entry)
 *   - `The character '<c>' is not allowed in sounds_like.`
 *   - `Periods are allowed in sounds_like only after single letters, as in 'N. C. A. A.'.`
 *   - `A sounds_like cannot start with 'ン'.` / `A sounds_like cannot end with 'ッ'.` (Japanese)
 * The character and period messages add ` You can try for example '<suggestion>'.` when a valid spelling can be
 * derived from the entry (periods and dashes made spaces, accents dropped for English, half-width katakana or
 * hiragana made full-width katakana, numbers spelled out).
 */
export type { Generation } from '../catalog/baseModels';

/** The most pronunciations a word may have (spec 5.1). */
export const MAX_SOUNDS_LIKE = 5;

const TOO_MANY = `More than ${MAX_SOUNDS_LIKE} pronunciations are not allowed in sounds_like.`;
const EMPTY = 'Empty strings are not allowed in sounds_like.';
const tooLong = (limit: number) => `Pronunciations longer than ${limit} characters are not allowed in sounds_like.`;
const numbers = (suggestion: string) => `Numbers are not allowed in sounds_like. You can try for example '${suggestion}'.`;
const character = (c: string) => `The character '${c}' is not allowed in sounds_like.`;
const PERIOD = "Periods are allowed in sounds_like only after single letters, as in 'N. C. A. A.'.";
const JA_START = "A sounds_like cannot start with 'ン'.";
const JA_END = "A sounds_like cannot end with 'ッ'.";
const tryInstead = (suggestion: string) => ` You can try for example '${suggestion}'.`;

/** The characters a model's pronunciations may use (spec 5.3). */
interface Rules {
  /** One allowed letter (a single-character test). */
  letter: RegExp;
  spaces: boolean;
  apostrophes: boolean;
  dashes: boolean;
  /** Single letters written letter + period (`N. C. A. A.`). */
  letterPeriods: boolean;
  /** Japanese: full-width katakana and the long-vowel marks only. */
  japanese: boolean;
  /** Latin letters are a-z only, so letters written with diacritics may lose them (English, Korean). */
  ascii: boolean;
}

const ASCII_LETTER = /^[a-zA-Z]$/;
const LATIN_LETTER = /^[\p{Script=Latin}\p{M}]$/u;
const ANY_LETTER = /^[\p{L}\p{M}]$/u;
const KOREAN_LETTER = /^[\p{Script=Hangul}a-zA-Z]$/u;
/** Full-width katakana (ァ…ヺ) and the long-vowel marks ー and ―. */
const KATAKANA = /^[\u30A1-\u30FA\u30FC\u2015]$/u;

const previousRules = (language: string): Rules => {
  const family = language.slice(0, 2).toLowerCase();
  const base = { spaces: true, apostrophes: true, dashes: false, letterPeriods: false, japanese: false, ascii: false };
  if (family === 'en') {
    // UK English: no periods or dashes (`N C A A`, `seventy five`); US, Australian and other English: both.
    const uk = language.toUpperCase() === 'EN-GB';
    return { ...base, letter: ASCII_LETTER, ascii: true, dashes: !uk, letterPeriods: !uk };
  }
  if (['es', 'fr', 'de', 'it', 'pt', 'nl'].includes(family)) return { ...base, letter: LATIN_LETTER, letterPeriods: true };
  if (family === 'ja') return { ...base, letter: KATAKANA, spaces: false, apostrophes: false, japanese: true };
  if (family === 'ko') return { ...base, letter: KOREAN_LETTER, apostrophes: false, ascii: true };
  // Languages the docs give no rules for (Arabic, Chinese, …): letters of any script, spaces and apostrophes.
  return { ...base, letter: ANY_LETTER };
};

/** Next-generation and large speech models: no punctuation at all, letters of any script and spaces (spec 5.3). */
const nextRules = (language: string): Rules => ({
  letter: language.slice(0, 2).toLowerCase() === 'ja' ? /^[\p{L}\p{M}\u2015]$/u : ANY_LETTER,
  spaces: true,
  apostrophes: false,
  dashes: false,
  letterPeriods: false,
  japanese: false,
  ascii: false,
});

const rulesFor = (language: string, generation: Generation): Rules =>
  generation === 'previous' ? previousRules(language) : nextRules(language);

const lengthLimit = (language: string): number => (language.slice(0, 2).toLowerCase() === 'ja' ? 25 : 40);

const DIGIT = /\p{Nd}/u;
const APOSTROPHES = new Set(["'", '’']);

/**
 * Validates the sounds_like entries of a custom word for a model of this language and generation; [] when valid.
 * Each entry gets at most one error, the first of: empty, too long (40 characters without leading/trailing blanks,
 * Japanese 25), digits, characters/periods. More than 5 entries adds one error keyed by the 6th entry, first.
 */
export function validateSoundsLike(entries: readonly string[], language: string, generation: Generation): WordError[] {
  const errors: WordError[] = [];
  if (entries.length > MAX_SOUNDS_LIKE) errors.push({ [entries[MAX_SOUNDS_LIKE]]: TOO_MANY });
  const rules = rulesFor(language, generation);
  for (const entry of entries) {
    const message = problem(entry, language, rules, true);
    if (message) errors.push({ [entry]: message });
  }
  return errors;
}

/** The problem with one entry, or undefined. */
function problem(entry: string, language: string, rules: Rules, suggest: boolean): string | undefined {
  const text = entry.trim();
  if (!text) return EMPTY;
  const limit = lengthLimit(language);
  if (Array.from(text).length > limit) return tooLong(limit);
  if (DIGIT.test(text)) return numbers(spellNumbers(text, language));
  const found = characterProblem(text, rules);
  if (!found) return undefined;
  if (!suggest) return found;
  const suggestion = repair(text, language, rules);
  return suggestion && suggestion !== text && !problem(suggestion, language, rules, false) ? found + tryInstead(suggestion) : found;
}

function characterProblem(text: string, rules: Rules): string | undefined {
  for (const c of text) {
    if (rules.letter.test(c)) continue;
    if (c === ' ' && rules.spaces) continue;
    if (APOSTROPHES.has(c) && rules.apostrophes) continue;
    if (c === '-' && rules.dashes) continue;
    if (c === '.' && rules.letterPeriods) continue;
    return character(c);
  }
  if (rules.japanese) {
    if (text.startsWith('ン')) return JA_START;
    if (text.endsWith('ッ')) return JA_END;
    return undefined;
  }
  for (const token of text.split(' ')) {
    if (!token) continue;
    if (rules.letterPeriods && token.includes('.') && !isSpelledLetter(token, rules)) return PERIOD;
    // A token needs a letter: a lone dash or apostrophe is not a pronunciation.
    if (!Array.from(token).some((c) => rules.letter.test(c))) return character(Array.from(token).find((c) => !rules.letter.test(c))!);
  }
  return undefined;
}

const isSpelledLetter = (token: string, rules: Rules): boolean => {
  const chars = Array.from(token.normalize('NFC'));
  return chars.length === 2 && chars[1] === '.' && rules.letter.test(chars[0]);
};

/**
 * The documented suggestion for digits: every number spelled out in the model's language, dashes of the number
 * words made spaces (`99 dollars 95` → `ninety nine dollars ninety five`). A number with a decimal separator or
 * thousands separators is read as one (`9.95` → `nine point ninety five`, `1,000` → `one thousand`).
 */
export function spellNumbers(text: string, language: string): string {
  const japanese = language.slice(0, 2).toLowerCase() === 'ja';
  const normalized = text.replace(/\p{Nd}/gu, (digit) => digit.normalize('NFKC'));
  const spelled = normalized.replace(/[0-9]+(?:[.,][0-9]+)*/g, (number) => {
    let words: string;
    try {
      words = numberToWords(number, language);
    } catch {
      words = number.replace(/[0-9]+/g, (run) => numberToWords(run, language));
    }
    words = words.replace(/-/g, ' ');
    return japanese ? words : ` ${words} `;
  });
  // Any digit NFKC could not make ASCII (other scripts' digits) is read one by one from its numeric value.
  const rest = spelled.replace(/\p{Nd}/gu, (digit) => {
    const words = numberToWords(String(digitValue(digit)), language).replace(/-/g, ' ');
    return japanese ? words : ` ${words} `;
  });
  return japanese ? rest.trim() : rest.replace(/\s+/g, ' ').trim();
}

/** The value of a decimal digit of another script (Arabic-Indic, Devanagari, …): digits come in runs of ten, 0 to 9. */
function digitValue(digit: string): number {
  let code = digit.codePointAt(0)!;
  let value = 0;
  while (value < 9 && DIGIT.test(String.fromCodePoint(code - 1))) {
    code -= 1;
    value += 1;
  }
  return value;
}

/** A corrected spelling of an entry whose characters break the rules, or undefined. */
function repair(text: string, language: string, rules: Rules): string | undefined {
  let out = text;
  if (rules.japanese) {
    out = toKatakana(out.normalize('NFKC')).replace(/[\s・]/g, '');
    return out || undefined;
  }
  if (rules.ascii) out = out.normalize('NFKD').replace(/\p{M}/gu, '');
  out = out.normalize('NFC');
  if (!rules.apostrophes) out = out.replace(/['’]/g, '');
  const tokens = out.split(/[\s_]+/).flatMap((token) => {
    if (!token.includes('.')) return [token];
    const pieces = token.split('.').filter(Boolean);
    // `N.C.A.A.` → `N. C. A. A.` where single letters take periods; elsewhere periods become spaces.
    if (rules.letterPeriods && pieces.length && pieces.every((piece) => Array.from(piece).length === 1 && rules.letter.test(piece))) {
      return pieces.map((piece) => `${piece}.`);
    }
    return pieces;
  });
  out = tokens
    .map((token) =>
      Array.from(token)
        .map((c) => (rules.letter.test(c) || (c === '.' && rules.letterPeriods) || (APOSTROPHES.has(c) && rules.apostrophes) || (c === '-' && rules.dashes) ? c : ' '))
        .join(''),
    )
    .join(' ');
  if (DIGIT.test(out)) out = spellNumbers(out, language);
  out = out.replace(/\s+/g, ' ').trim();
  return out || undefined;
}

const toKatakana = (text: string): string => text.replace(/[\u3041-\u3096\u309D\u309E]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

/** Letter names for spelling acronyms in Korean and Japanese pronunciations (`IBM` → `아이 비 엠`, `アイビーエム`). */
const KOREAN_LETTERS: Record<string, string> = {
  A: '에이', B: '비', C: '씨', D: '디', E: '이', F: '에프', G: '지', H: '에이치', I: '아이', J: '제이', K: '케이', L: '엘', M: '엠',
  N: '엔', O: '오', P: '피', Q: '큐', R: '알', S: '에스', T: '티', U: '유', V: '브이', W: '더블유', X: '엑스', Y: '와이', Z: '지',
};
const JAPANESE_LETTERS: Record<string, string> = {
  A: 'エー', B: 'ビー', C: 'シー', D: 'ディー', E: 'イー', F: 'エフ', G: 'ジー', H: 'エイチ', I: 'アイ', J: 'ジェー', K: 'ケー', L: 'エル',
  M: 'エム', N: 'エヌ', O: 'オー', P: 'ピー', Q: 'キュー', R: 'アール', S: 'エス', T: 'ティー', U: 'ユー', V: 'ブイ', W: 'ダブリュー',
  X: 'エックス', Y: 'ワイ', Z: 'ゼット',
};

const capitals = (text: string): boolean => text.length > 0 && Array.from(text).every((c) => /\p{Lu}/u.test(c));

/** An acronym: two or more letters, all capitals (`OOV`, `ECMO`, `ÉTÉ`). */
const isAcronym = (text: string): boolean => Array.from(text).length >= 2 && capitals(text);

/**
 * The service-generated pronunciation of a word (previous-generation only, spec 5.4, 7.3, 11.7); [] for next-generation
 * and large speech models, which never generate one. Deterministic, and always valid for validateSoundsLike:
 *   - an acronym → its letters spelled, then the word itself: `OOV` → `['O. O. V.', 'OOV']` (UK English and languages
 *     without letter periods: `O O V`; Korean `오 오 브이`, Japanese `オーオーブイ`);
 *   - dots and other punctuation inside a word → spaces: `trainingdata.txt` → `['trainingdata txt']`; capitals-only
 *     pieces are spelled (`IBM_cloud` → `I. B. M. cloud`), numbers spelled out (`mp3` → `mp three`);
 *   - otherwise the word lower-cased (Korean keeps Hangul, spells Latin acronyms in Hangul: `IBM홈페이지` →
 *     `아이 비 엠 홈페이지`; Japanese: hiragana and half-width katakana made full-width katakana).
 * A pronunciation that would break the rules (longer than the limit, Japanese that is not katakana) is left out.
 */
export function generateSoundsLike(word: string, language: string, generation: Generation): string[] {
  if (generation !== 'previous') return [];
  const rules = previousRules(language);
  const family = language.slice(0, 2).toLowerCase();
  const text = word.trim().normalize('NFC');
  if (!text) return [];
  const candidates: string[] = [];
  if (family === 'ja') {
    candidates.push(japanesePronunciation(text));
  } else {
    candidates.push(spokenForm(text, language, rules, family === 'ko'));
    if (isAcronym(text)) candidates.push(text);
  }
  const valid = candidates.filter((candidate) => candidate && !problem(candidate, language, rules, false));
  return [...new Set(valid)];
}

function spokenForm(text: string, language: string, rules: Rules, korean: boolean): string {
  let source = text;
  if (rules.ascii) source = source.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
  // Pieces: runs of letters, runs of digits; everything else separates.
  const pieces = source.match(/[\p{L}\p{M}'’]+|\p{Nd}+/gu) ?? [];
  // Capitals are spelled: a whole word of two or more (`OOV`), or any run of them in a word of several pieces
  // (`U.S.A.` → `U. S. A.`, `H2O` → `H. two O.`).
  const spelled = (letters: string): boolean => (pieces.length > 1 ? capitals(letters) : isAcronym(letters));
  const spoken: string[] = [];
  for (const raw of pieces) {
    const piece = rules.apostrophes ? raw : raw.replace(/['’]/g, '');
    if (!piece) continue;
    if (DIGIT.test(piece)) {
      spoken.push(spellNumbers(piece, language));
    } else if (korean) {
      // Hangul as written; Latin capitals by their Hangul letter names; other Latin words lower-cased.
      for (const part of piece.match(/\p{Script=Hangul}+|[^\p{Script=Hangul}]+/gu) ?? []) {
        if (/\p{Script=Hangul}/u.test(part)) spoken.push(part);
        else if (/^[A-Z]+$/.test(part) && spelled(part)) spoken.push(Array.from(part, (c) => KOREAN_LETTERS[c]).join(' '));
        else spoken.push(part.toLowerCase());
      }
    } else {
      const letters = piece.replace(/['’]/g, '');
      spoken.push(spelled(letters) ? spellLetters(letters, rules) : piece.toLowerCase());
    }
  }
  // Letters the rules do not allow (a Greek letter in an English word) cannot be pronounced: they become spaces.
  const kept = spoken
    .join(' ')
    .split('')
    .map((c) => (c === ' ' || c === '.' || rules.letter.test(c) || (APOSTROPHES.has(c) && rules.apostrophes) ? c : ' '))
    .join('');
  return kept
    .split(' ')
    .filter((token) => token && Array.from(token).some((c) => rules.letter.test(c)))
    .join(' ');
}

const spellLetters = (acronym: string, rules: Rules): string =>
  Array.from(acronym, (c) => (rules.letterPeriods ? `${c}.` : c)).join(' ');

function japanesePronunciation(text: string): string {
  const width = toKatakana(text.normalize('NFKC'));
  let out = '';
  for (const piece of width.match(/[A-Za-z]+|[^A-Za-z]+/g) ?? []) {
    if (/^[A-Z]+$/.test(piece)) out += Array.from(piece, (c) => JAPANESE_LETTERS[c]).join('');
    else out += piece.replace(/[\s.・_-]/g, '');
  }
  return out;
}
