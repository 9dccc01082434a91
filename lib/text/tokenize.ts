/**
 * The three corpus tokenizers of spec 7.2: the space-separated languages (Dutch, English, French, German, Italian,
 * Portuguese, Spanish, and any other language with English rules), Japanese and Korean. Each reports every word it
 * reads, in order, to an `emit` callback; numbers and currency/percent tokens come out already spelled.
 */
import { numberToWords } from './numbers';
import { toFullWidth, toNarrowAscii } from './normalize';

export type Emit = (word: string) => void;

/** A number the tokenizers found: digits with `.`/`,` separators, as written (`500`, `0.15`, `1,000`, `1.2.3`). */
const NUMBER = /^\d+(?:[.,]\d+)*$/;

/**
 * Spells numbers for one language, caching each spelling: `0.15` → `['zero', 'point', 'fifteen']`. Words are split on
 * spaces and hyphens (`seventy-five` → `seventy`, `five`). A shape `numberToWords` rejects (`1.2.3`, `10,20,30`) is read
 * as its separate digit groups.
 */
export function numberSpeller(language: string): (digits: string) => readonly string[] {
  const cache = new Map<string, readonly string[]>();
  const spell = (digits: string): readonly string[] => {
    let words = cache.get(digits);
    if (words === undefined) {
      try {
        words = numberToWords(digits, language).split(/[\s\-‐‑]+/).filter((word) => word !== '');
      } catch {
        words = digits.split(/[.,]/).flatMap((part) => spell(part));
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(digits, words);
    }
    return words;
  };
  return spell;
}

// ---------------------------------------------------------------------------------------------------------------
// Space-separated languages

type Sign = 'dollar' | 'euro' | 'peso' | 'percent';

/**
 * The word for a currency or percent sign after a number, singular (after exactly 1) and plural, as in the service's
 * documented examples (`honderd dollar`, `cent pour cent`, German lowercase `einhundert dollar`, `einhundert prozent`).
 */
const SYMBOL_WORDS: Record<string, Record<Sign, readonly [string, string]>> = {
  en: { dollar: ['dollar', 'dollars'], euro: ['euro', 'euros'], peso: ['peso', 'pesos'], percent: ['percent', 'percent'] },
  es: { dollar: ['dólar', 'dólares'], euro: ['euro', 'euros'], peso: ['peso', 'pesos'], percent: ['por ciento', 'por ciento'] },
  fr: { dollar: ['dollar', 'dollars'], euro: ['euro', 'euros'], peso: ['peso', 'pesos'], percent: ['pour cent', 'pour cent'] },
  de: { dollar: ['dollar', 'dollar'], euro: ['euro', 'euro'], peso: ['peso', 'pesos'], percent: ['prozent', 'prozent'] },
  it: { dollar: ['dollaro', 'dollari'], euro: ['euro', 'euro'], peso: ['peso', 'pesos'], percent: ['per cento', 'per cento'] },
  pt: { dollar: ['dólar', 'dólares'], euro: ['euro', 'euros'], peso: ['peso', 'pesos'], percent: ['por cento', 'por cento'] },
  nl: { dollar: ['dollar', 'dollar'], euro: ['euro', 'euro'], peso: ['peso', 'peso'], percent: ['procent', 'procent'] },
};

/** Languages that also read a currency sign written after the number (`100€`, spec 7.2). */
const SIGN_AFTER = new Set(['de', 'pt', 'es']);

const ALNUM = String.raw`[\p{L}\p{M}\p{N}]`;
const DIGITS = String.raw`\d+(?:[.,]\d+)*`;
/** A number ends where no letter, digit, or word-internal joiner followed by one comes next (`3.5mm` is a word). */
const NUMBER_END = String.raw`(?!${ALNUM}|[.,'’_&]${ALNUM})`;
// Scheme and local part are bounded so that a long run like `a-b-c-…` is not scanned again from each of its words.
const URL = String.raw`[A-Za-z][A-Za-z0-9+.\-]{0,31}:\/\/\S+|[Ww]{3}\.\S+`;
const EMAIL = String.raw`[\p{L}\p{N}][\p{L}\p{N}._%+\-]{0,63}@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`;
/** Letters and digits, joined by apostrophes, periods, `_` or `&` between them (`don't`, `trainingdata.txt`, `AT&T`). */
const WORD = String.raw`${ALNUM}+(?:['’._&]${ALNUM}+)*`;

/** Groups: 1 URL, 2 e-mail, 3 sign before a number, 4 its number, 5 number, 6 sign after it, 7 word. */
const tokenPattern = (signAfter: boolean, links: boolean): RegExp =>
  new RegExp(
    `(${links ? URL : '(?!)'})|(${links ? EMAIL : '(?!)'})|([$€])(${DIGITS})${NUMBER_END}` +
      `|(${DIGITS})(${signAfter ? '%|[$€]' : '%'})?${NUMBER_END}|(${WORD})`,
    'gu',
  );

/** Each variant is compiled on first use: these Unicode-class patterns take about 1 ms apiece (a cold start cost). */
const patterns = new Map<string, RegExp>();
const patternFor = (signAfter: boolean, links: boolean): RegExp => {
  const key = `${signAfter}:${links}`;
  let pattern = patterns.get(key);
  if (!pattern) patterns.set(key, (pattern = tokenPattern(signAfter, links)));
  return pattern;
};

/** Sentence punctuation a URL does not end with. */
const URL_TRAILER = /(?<![.,;:!?'"’”»)\]}>])[.,;:!?'"’”»)\]}>]+$/;

export interface WesternOptions {
  /** Language id (`en-US`, `es-ES`, `fr-CA`, …); its first two letters pick the rules. */
  language: string;
  /** Spanish: `$` means pesos (dialects other than `es-ES`, spec 7.2). */
  pesos: boolean;
}

/**
 * Tokenizes text in a space-separated language; bracketed phrases must already be removed (`skipBracketed`).
 * Words are runs of letters and digits, so punctuation, dashes and stray symbols (`@ # & * + = ~ _ ^`) separate and
 * vanish, hyphenated compounds come apart, and `'`, `.`, `_`, `&` stay only between two letters or digits
 * (`l'homme`, `e.g.` → `e.g`). URLs and e-mail addresses stay whole minus trailing punctuation. Numbers become words;
 * `$`/`€` before a number (and after it in German, Portuguese and Spanish) and `%` after it become the currency or
 * percent word; a sign without an adjacent number is dropped. Languages without number words keep digits as written
 * and drop the signs. Letters mixed with digits (`MP3`, `3.5mm`, `1st`) stay one word as written.
 */
export function tokenizeWestern(text: string, emit: Emit, options: WesternOptions): void {
  const family = options.language.slice(0, 2).toLowerCase();
  const symbols = SYMBOL_WORDS[family];
  const numbers = symbols !== undefined;
  const links = text.includes('://') || text.includes('@') || /www\./i.test(text);
  const pattern = patternFor(SIGN_AFTER.has(family), links);
  const spell = numberSpeller(numbers ? options.language : 'en-US');
  const signed = new Map<string, readonly string[]>();

  const emitNumber = (digits: string): void => {
    if (!numbers) {
      emit(digits);
      return;
    }
    for (const word of spell(digits)) emit(word);
  };

  const emitSigned = (digits: string, sign: string): void => {
    if (!numbers) {
      emit(digits);
      return;
    }
    const key = sign + digits;
    let words = signed.get(key);
    if (words === undefined) {
      const symbol: Sign = sign === '%' ? 'percent' : sign === '€' ? 'euro' : options.pesos ? 'peso' : 'dollar';
      const one = /^0*1$/.test(digits);
      const spelled = [...spell(digits)];
      const last = spelled.length - 1;
      if (symbol !== 'percent' && family === 'es' && !spelled.includes('coma')) {
        // Apocope of a whole number before a masculine noun: un dólar, veintiún euros, ciento un pesos.
        spelled[last] = spelled[last] === 'uno' ? 'un' : spelled[last].replace(/iuno$/, 'iún');
      } else if (one && family === 'it' && symbol !== 'percent') {
        spelled[last] = 'un';
      } else if (one && family === 'de') {
        spelled[last] = 'ein';
      }
      words = [...spelled, ...symbols![symbol][one ? 0 : 1].split(' ')];
      if (signed.size > 10_000) signed.clear();
      signed.set(key, words);
    }
    for (const word of words) emit(word);
  };

  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const word = m[7];
    if (word !== undefined) {
      const first = word.charCodeAt(0);
      if (first >= 48 && first <= 57 && NUMBER.test(word)) emitNumber(word);
      else emit(word);
    } else if (m[5] !== undefined) {
      if (m[6] === undefined) emitNumber(m[5]);
      else emitSigned(m[5], m[6]);
    } else if (m[4] !== undefined) {
      emitSigned(m[4], m[3]);
    } else if (m[1] !== undefined) {
      const url = m[1].replace(URL_TRAILER, '');
      if (url !== '') emit(url);
    } else {
      emit(m[2]);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Japanese

let japaneseSegmenter: Intl.Segmenter | undefined;

/**
 * ICU's segmenter slows down more than linearly with the length of its input, so lines are given to it in pieces of at
 * most `SEGMENTER_PIECE` characters, each ending after a space or CJK punctuation where there is one; where there is
 * none, the piece's last segment is read again at the start of the next piece, so that no word is cut.
 */
const SEGMENTER_PIECE = 1000;
const BREAK_AFTER = /[\s。、，．！？」』）](?=[^\s。、，．！？」』）]*$)/;

/**
 * Tokenizes Japanese with the ICU word segmenter: word-like segments are the words, punctuation (`。`, `、`, `「」`)
 * and symbols are not counted. Full-width digits and letters are read like half-width ones; numbers become kanji
 * (`500` → `五百`, `0.15` → `〇・一五`) with an adjacent `$`/`€` before or `%` after kept, unconverted, in the same
 * word (`100%` → `百％`); everything else is written full-width (`IBM` → `ＩＢＭ`, `ﾃｽﾄ` → `テスト`).
 */
export function tokenizeJapanese(text: string, emit: Emit, language: string): void {
  const segmenter = (japaneseSegmenter ??= new Intl.Segmenter('ja', { granularity: 'word' }));
  const spell = numberSpeller(language);
  let pending: readonly string[] | undefined;
  let previous = '';
  const flush = (suffix: string): void => {
    const words = pending!;
    pending = undefined;
    for (let i = 0; i < words.length - 1; i++) emit(words[i]);
    emit(words[words.length - 1] + suffix);
  };
  const read = ({ segment, isWordLike }: Intl.SegmentData): void => {
    if (pending !== undefined) {
      if (segment === '%') {
        flush('％');
        previous = segment;
        return;
      }
      flush('');
    }
    if (isWordLike) {
      if (NUMBER.test(segment)) {
        const words = spell(segment);
        const prefix = previous === '$' ? '＄' : previous === '€' ? '€' : '';
        pending = prefix === '' ? words : [prefix + words[0], ...words.slice(1)];
      } else {
        emit(toFullWidth(segment));
      }
    }
    previous = segment;
  };
  for (const line of toNarrowAscii(text).split('\n')) {
    for (let at = 0; at < line.length; ) {
      let end = Math.min(line.length, at + SEGMENTER_PIECE);
      let whole = end === line.length;
      if (!whole) {
        const pause = BREAK_AFTER.exec(line.slice(at, end));
        if (pause !== null) {
          end = at + pause.index + 1;
          whole = true;
        }
      }
      let last: Intl.SegmentData | undefined;
      for (const data of segmenter.segment(line.slice(at, end))) {
        if (last !== undefined) read(last);
        last = data;
      }
      if (whole || last!.index === 0) {
        read(last!);
        at = end;
      } else {
        at += last!.index;
      }
    }
    if (pending !== undefined) flush('');
    previous = '\n';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Korean

/** A number not touching Latin letters, with an adjacent `$`/`€` before it or `%`/`$`/`€` after it. */
const KOREAN_NUMBER = /(?<![A-Za-z\d.,])([$€]?)(\d+(?:[.,]\d+)*)(?![A-Za-z\d]|[.,]\d)(%|[$€])?/g;
const KOREAN_SIGNS: Record<string, string> = { '$': '달러', '€': '유로', '%': '퍼센트' };
/** Removed characters (spec 7.2), with the typographic quotes read as `'` and `"`. */
const KOREAN_REMOVED = /[-()*:,'"‘’“”]/g;
/** A period is removed only at the end of a line. */
const KOREAN_FINAL_PERIODS = /(?<!\.)\.+(?=[^\S\r\n\u2028\u2029]*$)/gm;
const HAS_WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Tokenizes Korean by spaces (a word is an eojeol: `IBM홈페이지`, `London에서` stay whole). Numbers become Hangul
 * words written together, with their sign (`10` → `십`, `3.5` → `삼점오`, `24%` → `이십사퍼센트`, `$10` → `십달러`,
 * `10개` → `십개`); `- ( ) * : , ' "` are removed (they separate words) and `.` only at the end of a line; brackets
 * other than `( )` and every other symbol (`~`, `…`, `[`, `?`) stay in their word. A token without any letter or digit
 * is not a word.
 */
export function tokenizeKorean(text: string, emit: Emit, language: string): void {
  const cache = new Map<string, string>();
  const read = (digits: string): string => {
    let reading = cache.get(digits);
    if (reading === undefined) {
      try {
        reading = numberToWords(digits, language).replace(/\s+/g, '');
      } catch {
        // Digit groups that are not one number (`2024.12.25`) stay separate words.
        reading = digits.split(/[.,]/).map(read).join(' ');
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(digits, reading);
    }
    return reading;
  };
  const spelled = text
    .replace(KOREAN_NUMBER, (_all, before: string, digits: string, after: string | undefined) => {
      const sign = (before === '' ? '' : KOREAN_SIGNS[before]) + (after === undefined ? '' : KOREAN_SIGNS[after]);
      return read(digits) + sign;
    })
    .replace(KOREAN_REMOVED, ' ')
    .replace(KOREAN_FINAL_PERIODS, '');
  for (const token of spelled.split(/\s+/)) {
    if (token !== '' && HAS_WORD_CHARACTER.test(token)) emit(token);
  }
}
