/**
 * The post-processing of transcripts (recognition spec §3.2, §4.5; IBM's formatting.md): profanity filtering, smart
 * formatting of spelled-out numbers, numeric redaction, and which languages and model generations get each. Pure
 * functions over lists of transcript words; lib/recognition/transcribe.ts decides where they apply.
 */

/** The token previous-generation US English models emit for a hesitation (`uh`, `um`…). */
export const HESITATION = '%HESITATION';

/** Spoken hesitations that previous-generation US English models report as {@link HESITATION}. */
export const HESITATION_WORDS: ReadonlySet<string> = new Set(['uh', 'um', 'uhm', 'hmm']);

/** Whether the model reports hesitations as `%HESITATION`: previous-generation US English only (§4.5). */
export function marksHesitations(language: string, generation: 'previous' | 'next' | 'large'): boolean {
  return generation === 'previous' && language === 'en-US';
}

// ---------------------------------------------------------------------------------------------------------------
// Profanity

/** The built-in list of profane words (lower case) that `profanity_filter` masks. */
export const PROFANE_WORDS: ReadonlySet<string> = new Set([
  'fuck', 'fucks', 'fucked', 'fucker', 'fuckers', 'fucking', 'motherfucker', 'motherfuckers',
  'shit', 'shits', 'shitty', 'bullshit',
  'bitch', 'bitches', 'asshole', 'assholes', 'bastard', 'bastards', 'cunt', 'cunts',
  // Japanese
  'くそ', 'クソ', 'ちくしょう', '畜生',
]);

/** Whether `profanity_filter` has an effect: US English and Japanese only (§3.2). */
export function filtersProfanity(language: string): boolean {
  return language === 'en-US' || language === 'ja-JP';
}

/** Each white-space-separated word of `text` that is on the profane list becomes asterisks of the same length. */
export function maskProfanity(text: string): string {
  return text.replace(/\S+/gu, (word) => (PROFANE_WORDS.has(word.toLowerCase()) ? '*'.repeat([...word].length) : word));
}

// ---------------------------------------------------------------------------------------------------------------
// Smart formatting

/**
 * Whether `smart_formatting` applies: US English, Japanese and Spanish (any dialect) with previous- and
 * next-generation models; every language with large speech models (§3.2).
 */
export function formatsSmartly(language: string, generation: 'previous' | 'next' | 'large'): boolean {
  return generation === 'large' || language === 'en-US' || language === 'ja-JP' || language.startsWith('es-');
}

type Kind = 'zero' | 'unit' | 'teen' | 'tens' | 'hundred' | 'hundreds' | 'scale';

interface NumberWord {
  kind: Kind;
  value: number;
  /** Spanish `un`/`una`: a number word only right before a scale word (`un millón`, `ciento un mil`). */
  beforeScaleOnly?: boolean;
  /** Spanish `mil`: a scale that may stand without a count (`mil doscientos`). */
  implicitOne?: boolean;
}

interface NumberLanguage {
  words: ReadonlyMap<string, NumberWord>;
  /** The word that may follow a hundred or a scale before the rest of the number (`one hundred and one`). */
  and?: string;
  /** The word that joins tens and units (Spanish `treinta y dos`); without it, units follow tens directly. */
  tensJoiner?: string;
  /** Decimal point words (`one point five`). */
  points: ReadonlySet<string>;
  /** Currency words after a number: `N dollars` → `$N`. */
  currency: ReadonlySet<string>;
  /** Word sequences after a number that mean percent: `N percent` → `N%`. */
  percent: readonly (readonly string[])[];
  /** Cents words after `N dollars and M` (`… and sixty six cents` → `$N.66`). */
  cents: ReadonlySet<string>;
}

const table = (entries: [Kind, number, string[]][], extra: [string, NumberWord][] = []): Map<string, NumberWord> => {
  const map = new Map<string, NumberWord>();
  for (const [kind, value, words] of entries) for (const word of words) map.set(word, { kind, value });
  for (const [word, entry] of extra) map.set(word, entry);
  return map;
};

const range = (words: string[], first: number, step = 1): [number, string[]][] => words.map((word, i) => [first + i * step, [word]]);

const ENGLISH: NumberLanguage = {
  words: table([
    ['zero', 0, ['zero']],
    ...range(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'], 1).map(([v, w]) => ['unit', v, w] as [Kind, number, string[]]),
    ...range(['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'], 10)
      .map(([v, w]) => ['teen', v, w] as [Kind, number, string[]]),
    ...range(['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'], 20, 10)
      .map(([v, w]) => ['tens', v, w] as [Kind, number, string[]]),
    ['hundred', 100, ['hundred']],
    ['scale', 1e3, ['thousand']],
    ['scale', 1e6, ['million']],
    ['scale', 1e9, ['billion']],
    ['scale', 1e12, ['trillion']],
  ]),
  and: 'and',
  points: new Set(['point']),
  currency: new Set(['dollars', 'dollar']),
  percent: [['percent']],
  cents: new Set(['cents', 'cent']),
};

const SPANISH: NumberLanguage = {
  words: table([
    ['zero', 0, ['cero']],
    ['unit', 1, ['uno']],
    ...range(['dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve'], 2).map(([v, w]) => ['unit', v, w] as [Kind, number, string[]]),
    ...range(['diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve', 'veinte',
      'veintiuno', 'veintidós', 'veintitrés', 'veinticuatro', 'veinticinco', 'veintiséis', 'veintisiete', 'veintiocho', 'veintinueve'], 10)
      .map(([v, w]) => ['teen', v, w] as [Kind, number, string[]]),
    ['teen', 16, ['dieciseis']],
    ['teen', 21, ['veintiún', 'veintiun', 'veintiuna']],
    ['teen', 22, ['veintidos']],
    ['teen', 23, ['veintitres']],
    ['teen', 26, ['veintiseis']],
    ...range(['treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'], 30, 10)
      .map(([v, w]) => ['tens', v, w] as [Kind, number, string[]]),
    ['hundreds', 100, ['cien', 'ciento']],
    ['hundreds', 200, ['doscientos', 'doscientas']],
    ['hundreds', 300, ['trescientos', 'trescientas']],
    ['hundreds', 400, ['cuatrocientos', 'cuatrocientas']],
    ['hundreds', 500, ['quinientos', 'quinientas']],
    ['hundreds', 600, ['seiscientos', 'seiscientas']],
    ['hundreds', 700, ['setecientos', 'setecientas']],
    ['hundreds', 800, ['ochocientos', 'ochocientas']],
    ['hundreds', 900, ['novecientos', 'novecientas']],
    ['scale', 1e6, ['millón', 'millon', 'millones']],
    ['scale', 1e12, ['billón', 'billon', 'billones']],
  ], [
    ['un', { kind: 'unit', value: 1, beforeScaleOnly: true }],
    ['una', { kind: 'unit', value: 1, beforeScaleOnly: true }],
    ['mil', { kind: 'scale', value: 1e3, implicitOne: true }],
  ]),
  tensJoiner: 'y',
  points: new Set(['punto', 'coma']),
  currency: new Set(['dólares', 'dolares', 'dólar', 'dolar', 'pesos', 'peso']),
  percent: [['por', 'ciento']],
  cents: new Set(['centavos', 'centavo']),
};

const NUMBER_LANGUAGES: Record<string, NumberLanguage> = { en: ENGLISH, es: SPANISH };

type Stage = 'start' | 'unit' | 'teen' | 'tens' | 'tensUnit' | 'hundred' | 'hundredTens' | 'hundredDone' | 'scale';

/**
 * Reads one cardinal number from `words[i]` on: the longest prefix that forms a well-made number (`one hundred and
 * twenty three thousand four`, `doscientos mil`); undefined when `words[i]` cannot start one. A second number that
 * cannot continue the first (`one two`) is left for the next call.
 */
function readCardinal(words: readonly string[], i: number, lang: NumberLanguage): { value: number; next: number } | undefined {
  const at = (k: number): NumberWord | undefined => {
    const entry = k < words.length ? lang.words.get(words[k]) : undefined;
    if (entry?.beforeScaleOnly && lang.words.get(words[k + 1] ?? '')?.kind !== 'scale') return undefined;
    return entry;
  };
  const first = at(i);
  if (!first) return undefined;
  if (first.kind === 'zero') return { value: 0, next: i + 1 };
  let total = 0;
  let group = 0;
  let lastScale = Infinity;
  let stage: Stage = 'start';
  let k = i;
  for (;;) {
    let word = at(k);
    let consumed = 1;
    // Connectors: `and` after a hundred or a scale, the Spanish `y` between tens and units.
    if (!word && k < words.length) {
      const connector = words[k];
      const following = at(k + 1);
      if (connector === lang.and && (stage === 'hundred' || stage === 'scale') && following
        && (following.kind === 'unit' || following.kind === 'teen' || following.kind === 'tens')) {
        word = following;
        consumed = 2;
      } else if (connector === lang.tensJoiner && (stage === 'tens' || stage === 'hundredTens') && following?.kind === 'unit') {
        word = following;
        consumed = 2;
      }
    }
    if (!word) break;
    const unitAfterTens = lang.tensJoiner === undefined || consumed === 2;
    let next: Stage | undefined;
    switch (word.kind) {
      case 'zero':
        break;
      case 'unit':
        if (stage === 'start' || stage === 'scale') next = 'unit';
        else if (stage === 'tens' && unitAfterTens) next = 'tensUnit';
        else if (stage === 'hundred') next = 'hundredDone';
        else if (stage === 'hundredTens' && unitAfterTens) next = 'hundredDone';
        if (next) group += word.value;
        break;
      case 'teen':
        if (stage === 'start' || stage === 'scale') next = 'teen';
        else if (stage === 'hundred') next = 'hundredDone';
        if (next) group += word.value;
        break;
      case 'tens':
        if (stage === 'start' || stage === 'scale') next = 'tens';
        else if (stage === 'hundred') next = 'hundredTens';
        if (next) group += word.value;
        break;
      case 'hundred':
        if ((stage === 'unit' || stage === 'teen') && group < 100) {
          next = 'hundred';
          group *= 100;
        }
        break;
      case 'hundreds':
        if (stage === 'start' || stage === 'scale') {
          next = 'hundred';
          group = word.value;
        }
        break;
      case 'scale':
        if (word.value < lastScale && (group > 0 || word.implicitOne)) {
          total += (group || 1) * word.value;
          group = 0;
          lastScale = word.value;
          next = 'scale';
        }
        break;
    }
    if (!next) break;
    stage = next;
    k += consumed;
  }
  if (k === i) return undefined;
  return { value: total + group, next: k };
}

/** Reads a run of numbers from `words[i]`: cardinals written one after the other, then an optional decimal part. */
function readNumber(words: readonly string[], i: number, lang: NumberLanguage): { digits: string; next: number } | undefined {
  let cardinal = readCardinal(words, i, lang);
  if (!cardinal) return undefined;
  let digits = '';
  let k = i;
  while (cardinal) {
    digits += String(cardinal.value);
    k = cardinal.next;
    cardinal = readCardinal(words, k, lang);
  }
  if (k + 1 < words.length && lang.points.has(words[k])) {
    let fraction = '';
    let j = k + 1;
    for (let part = readCardinal(words, j, lang); part; part = readCardinal(words, j, lang)) {
      fraction += String(part.value);
      j = part.next;
    }
    if (fraction !== '') {
      digits += `.${fraction}`;
      k = j;
    }
  }
  return { digits, next: k };
}

/**
 * Smart formatting of one transcript's words (a small, documented subset of the service's): `%HESITATION` is dropped;
 * in English and Spanish, each run of spelled-out numbers becomes digits — cardinals that follow each other are
 * written one after the other (`one two three` → `123`, `nineteen seventy` → `1970`, `zero two` → `02`), `point`
 * (Spanish `punto`/`coma`) between numbers makes a decimal (`one point five` → `1.5`); `N percent` (`N por ciento`)
 * → `N%`; `N dollars` (Spanish `dólares`, `pesos`) → `$N`, and `N dollars and M [cents]` with M < 100 → `$N.MM`.
 * Other languages: only the hesitations go. Words are matched case-insensitively; other words stay as they are.
 */
export function smartFormat(words: readonly string[], language: string): string[] {
  const kept = words.filter((word) => word !== HESITATION);
  const lang = NUMBER_LANGUAGES[language.slice(0, 2)];
  if (!lang) return kept;
  // Hyphenated number words (`twenty-three`) are read as their parts; other hyphenated words are kept whole.
  const pieces: { lower: string; original: string }[] = [];
  for (const word of kept) {
    const parts = word.toLowerCase().split(/[-‐‑]/u);
    if (parts.length > 1 && parts.every((part) => lang.words.has(part))) for (const part of parts) pieces.push({ lower: part, original: part });
    else pieces.push({ lower: word.toLowerCase(), original: word });
  }
  const low = pieces.map((piece) => piece.lower);
  const out: string[] = [];
  for (let i = 0; i < pieces.length;) {
    const number = readNumber(low, i, lang);
    if (!number) {
      out.push(pieces[i].original);
      i += 1;
      continue;
    }
    let k = number.next;
    let text = number.digits;
    const percent = lang.percent.find((sequence) => sequence.every((word, j) => low[k + j] === word));
    if (percent) {
      text = `${text}%`;
      k += percent.length;
    } else if (k < low.length && lang.currency.has(low[k])) {
      k += 1;
      text = `$${text}`;
      const cents = low[k] === (lang.and ?? lang.tensJoiner) ? readCardinal(low, k + 1, lang) : undefined;
      if (cents && cents.value < 100 && !text.includes('.')) {
        text = `${text}.${String(cents.value).padStart(2, '0')}`;
        k = cents.next;
        if (k < low.length && lang.cents.has(low[k])) k += 1;
      }
    }
    out.push(text);
    i = k;
  }
  return out;
}

/** Numeric redaction (after smart formatting): each digit of a run of three or more digits becomes `X`. */
export function redact(words: readonly string[]): string[] {
  return words.map((word) => word.replace(/\d{3,}/gu, (digits) => 'X'.repeat(digits.length)));
}
