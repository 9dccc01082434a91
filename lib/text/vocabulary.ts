import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The base vocabulary of a language (spec 7.3: previous-generation OOV detection), from the hunspell dictionaries of
 * the `dictionary-XX` packages.
 *
 * Why not `nspell(aff, dic).correct(word)`: nspell expands every affix of every dictionary word when it loads, which
 * takes 0.1–0.8 s for English, Spanish, German and Dutch but 3.5 s (and 0.5 GB) for French and more than five minutes
 * for Italian and Portuguese; it also ignores flag aliases (`AF`, which the Korean dictionary relies on), runs Korean's
 * 11 172 `ICONV` patterns as regular expressions on every word, matches `COMPOUNDRULE`s unanchored (so Korean accepts
 * every string) and knows nothing of hunspell's `COMPOUNDBEGIN`/`COMPOUNDEND` compounding (German `Haustür`).
 * So nspell is not used: readAffixFile reads the affix file as nspell 2.1.5 did (its tables, flags and compound rules,
 * faster), and words are checked the way hunspell checks them: the dictionary words are indexed as they are
 * (0.03–0.25 s per language with the affix file), and a word is
 * looked up by stripping affixes from it (at most two suffixes and a prefix, through continuation classes, and
 * prefix × suffix cross products), then by `COMPOUNDRULE`s, hunspell compounding (`COMPOUNDBEGIN`/`MIDDLE`/`END`,
 * `COMPOUNDPERMITFLAG`, `ONLYINCOMPOUND`, plain `CHECKCOMPOUNDPATTERN`s) and `BREAK` points; `NEEDAFFIX`,
 * `FORBIDDENWORD`, `CIRCUMFIX`, `KEEPCASE`, `ICONV`, `FULLSTRIP` and `CHECKSHARPS` are honoured. On the committed
 * word lists of bench/vocabulary (2 500–3 400 words per language: dictionary words, blindly affixed forms, two-word
 * compounds, one-letter misspellings, made-up strings), `node bench/vocabulary-agreement.mjs` finds the answers
 * agreeing with hunspell 1.7.1's (some casing accepted) on 100 % of the English, Spanish, French, German, Italian and
 * Portuguese words, 99.85 % of the Dutch and 98.73 % of the Korean (hunspell takes some verb forms with a second
 * ending, `판단해가`, that are not found here).
 *
 * Membership is case-insensitive (spec 7.3 `[EMU]`: "look tokens up case-insensitively"): words, dictionary stems
 * and affixes are compared lower-cased, so `IBM`, `ibm`, `Paris`, `paris`, `NASA` and `nasa` are all known words;
 * only hunspell's case-bound words stay so (KEEPCASE unit symbols, words forbidden in one casing).
 */
export interface Vocabulary {
  /** Case-insensitive membership: true if some casing of the word is a correct word of the language (affixes included). */
  contains(word: string): boolean;
}

/** Language families with a dictionary package (the first two letters of a language id). */
const FAMILIES = new Set(['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ko']);

const vocabularies = new Map<string, Vocabulary>();

/**
 * The vocabulary of a language id (`en-US`, `en-GB`, `es-LA`, `pt-BR`, `fr-CA`, `de-DE`, `it-IT`, `nl-NL`, `nl-BE`,
 * `ko-KR`, …), chosen by its first two letters; every English variant uses the (US) `dictionary-en`. Undefined for a
 * language without a dictionary (`ja-JP`, `ar-MS`, `zh-CN`, …). Loaded on first use, never at import, and cached.
 */
export function vocabularyFor(language: string): Vocabulary | undefined {
  const family = language.slice(0, 2).toLowerCase();
  if (!FAMILIES.has(family)) return undefined;
  let vocabulary = vocabularies.get(family);
  if (!vocabulary) {
    const { aff, dic } = dictionaryFiles(family);
    // Read as bytes, then decoded: the same text, and faster than readFileSync(file, 'utf8') for Korean's 11 MB.
    vocabulary = new HunspellVocabulary(readFileSync(aff).toString('utf8'), readFileSync(dic).toString('utf8'));
    vocabularies.set(family, vocabulary);
  }
  return vocabulary;
}

/**
 * Where the dictionary files of a family are: the folder named by env `STT_DICTIONARY_DIR` (holding
 * `dictionary-XX/index.aff|dic`), else the first `node_modules/dictionary-XX` found walking up from this module's
 * folder, then from the working directory. Throws when there is none: a missing dictionary is a packaging fault,
 * not a reason to call every word out of vocabulary.
 */
export function dictionaryFiles(family: string): { aff: string; dic: string } {
  const name = `dictionary-${family}`;
  const candidates: string[] = [];
  const configured = process.env.STT_DICTIONARY_DIR;
  if (configured) candidates.push(join(configured, name));
  const starts = [typeof __dirname === 'string' ? __dirname : undefined, process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    for (let dir = start; ; dir = dirname(dir)) {
      candidates.push(join(dir, 'node_modules', name));
      if (dirname(dir) === dir) break;
    }
  }
  for (const folder of candidates) {
    const aff = join(folder, 'index.aff');
    const dic = join(folder, 'index.dic');
    if (existsSync(aff) && existsSync(dic)) return { aff, dic };
  }
  throw new Error(`hunspell dictionary '${name}' not found (looked in ${configured ? 'STT_DICTIONARY_DIR, ' : ''}node_modules above ${starts.filter(Boolean).join(' and ')})`);
}

type Flags = ReadonlySet<string>;

/**
 * One affix entry (a line `SFX F strip add/continuation condition`). Words are matched lower-cased (`strip`, `add`,
 * `regex`), then the affix next to the dictionary word is checked again on the word's own spelling (`exactStrip`,
 * `exactRegex`), as hunspell does: the English `Z/S` does not make `zes`, its condition `[sxzh]` wants a lower-case z.
 */
interface Affix {
  flag: string;
  prefix: boolean;
  combineable: boolean;
  strip: string;
  exactStrip: string;
  add: string;
  exactAdd: string;
  /** The condition's regular-expression source (anchored, as nspell wrote it); compiled on first use. */
  condition: string | undefined;
  regex: RegExp | undefined;
  exactRegex: RegExp | undefined;
  continuation: Flags | undefined;
}

/** A dictionary word whose spelling is not all lower case (the index is keyed lower-cased). */
class CasedRoot {
  constructor(
    readonly flags: Flags,
    readonly spelling: string,
  ) {}
}

/** A dictionary word: its flags when it is spelled in lower case, else its flags and spelling. */
type Root = Flags | CasedRoot;

const flagsOf = (root: Root): Flags => (root instanceof CasedRoot ? root.flags : root);

/** Affixes by their (lower-cased) added text, suffixes and prefixes apart, with the longest added text of each. */
interface AffixIndex {
  suffixes: Map<string, Affix[]>;
  prefixes: Map<string, Affix[]>;
  maxSuffix: number;
  maxPrefix: number;
}

/** One `COMPOUNDRULE`: a sequence of flags, each optionally followed by `*` or `?`. */
type CompoundRule = { flag: string; repeat: '' | '*' | '?' }[];

/**
 * The affix file's directives outside the tables: each one's first value by name (the last line of a name wins; no
 * value: undefined, the name still present), as nspell 2.1.5's affix reader kept them, and the `COMPOUNDRULE`s.
 */
interface AffixSettings {
  flags: Record<string, string | undefined>;
  compoundRules: string[];
}

/** A PFX/SFX table of the affix file, as nspell reads it (see readAffixFile): its affixes and their continuation codes. */
interface AffixTable {
  prefix: boolean;
  affixes: Affix[];
  /** Each affix's continuation flags as written (AF aliases not yet resolved). */
  codes: (string[] | undefined)[];
}

const NO_FLAGS: Flags = new Set();
/** As in hunspell: a word takes at most two suffixes (a suffix on a suffix) and one prefix. */
const MAX_SUFFIXES = 2;
const MAX_PREFIXES = 1;
/** Compounds of more parts than this are not looked for. */
const MAX_PARTS = 5;
const MAX_CACHE = 200_000;

class HunspellVocabulary implements Vocabulary {
  private readonly flagType: string | undefined;
  private readonly aliases: Flags[] | undefined;
  private readonly roots = new Map<string, Root | Root[]>();
  /** Set while checking a word that the dictionary forbids with capitals: the casings of the forbidden spellings. */
  private excludedCasings: ReadonlySet<Casing> | undefined;
  private readonly suffixes = new Map<string, Affix[]>();
  private readonly prefixes = new Map<string, Affix[]>();
  private maxSuffix = 0;
  private maxPrefix = 0;
  private all!: AffixIndex;
  /** The affixes whose continuation class holds a flag, by flag (built on first need). */
  private readonly continuing = new Map<string, AffixIndex>();
  private readonly needAffix: string | undefined;
  private readonly onlyInCompound: string | undefined;
  private readonly forbidden: string | undefined;
  private readonly circumfix: string | undefined;
  private readonly compoundFlag: string | undefined;
  private readonly compoundBegin: string | undefined;
  private readonly compoundMiddle: string | undefined;
  private readonly compoundEnd: string | undefined;
  private readonly compoundPermit: string | undefined;
  private readonly compoundMin: number;
  private readonly keepCase: string | undefined;
  private readonly compoundPatterns: [string, string][] = [];
  /** The word being checked, in the casings contains() stands for (KEEPCASE words must appear as spelled). */
  private casings: readonly string[] = [];
  private readonly fullStrip: boolean;
  private readonly checkSharps: boolean;
  private readonly compoundRules: CompoundRule[] = [];
  private readonly breaks: string[];
  /** ICONV input conversions, by first character, longest first. */
  private readonly conversions = new Map<string, [string, string][]>();
  private readonly cache = new Map<string, boolean>();

  constructor(affText: string, dicText: string) {
    const affixFile = readAffixFile(affText);
    const { flags } = affixFile;
    const flag = (name: string): string | undefined => flags[name];
    this.flagType = flag('FLAG');
    const lines = affixFile.directives;
    this.aliases = lines.get('AF')?.map((value) => this.parseFlags(value));
    this.needAffix = flag('NEEDAFFIX');
    this.onlyInCompound = flag('ONLYINCOMPOUND');
    this.forbidden = flag('FORBIDDENWORD');
    this.circumfix = flag('CIRCUMFIX');
    this.compoundFlag = flag('COMPOUNDFLAG');
    this.compoundBegin = flag('COMPOUNDBEGIN');
    this.compoundMiddle = flag('COMPOUNDMIDDLE');
    this.compoundEnd = flag('COMPOUNDEND');
    this.compoundPermit = flag('COMPOUNDPERMITFLAG');
    const compoundMin = Number(flags.COMPOUNDMIN);
    this.compoundMin = Number.isNaN(compoundMin) ? 3 : Math.max(1, compoundMin);
    this.keepCase = flag('KEEPCASE');
    // CHECKCOMPOUNDPATTERN lines of plain strings (`uis vestin`): no compound joins a part ending so to one beginning so.
    for (const value of lines.get('CHECKCOMPOUNDPATTERN') ?? []) {
      const [end, begin, replacement] = value.split(/\s+/);
      if (end && begin && !end.includes('/') && !begin.includes('/') && (replacement === undefined || replacement.startsWith('#'))) {
        this.compoundPatterns.push([end.toLowerCase(), begin.toLowerCase()]);
      }
    }
    this.fullStrip = 'FULLSTRIP' in flags;
    this.checkSharps = 'CHECKSHARPS' in flags;
    const declaredBreaks = lines.get('BREAK');
    this.breaks = declaredBreaks ? declaredBreaks.map((value) => value.split(/\s+/)[0]).filter(Boolean) : ['-', '^-', '-$'];

    for (const [from, to] of (lines.get('ICONV') ?? []).map((value) => value.split(/\s+/))) {
      if (!from || to === undefined) continue;
      const list = this.conversions.get(from[0]) ?? [];
      list.push([from, to]);
      this.conversions.set(from[0], list);
    }
    for (const list of this.conversions.values()) list.sort((a, b) => b[0].length - a[0].length);

    // In nspell's order of its rules (an object: numeric flags first).
    for (const { prefix, affixes, codes } of Object.values(affixFile.tables)) {
      const index = prefix ? this.prefixes : this.suffixes;
      for (let i = 0; i < affixes.length; i++) {
        const affix = affixes[i];
        const continuation = codes[i] ? this.resolve(codes[i]!) : undefined;
        if (continuation?.size) affix.continuation = continuation;
        const list = index.get(affix.add);
        if (list) list.push(affix);
        else index.set(affix.add, [affix]);
        if (prefix) this.maxPrefix = Math.max(this.maxPrefix, affix.add.length);
        else this.maxSuffix = Math.max(this.maxSuffix, affix.add.length);
      }
    }

    for (const source of affixFile.compoundRules) {
      const rule: CompoundRule = [];
      const pattern = this.flagType === 'long' || this.flagType === 'num' ? /\(([^)]+)\)([*?]?)/gu : /([^*?()])([*?]?)/gu;
      for (const match of source.matchAll(pattern)) rule.push({ flag: match[1], repeat: match[2] as '' | '*' | '?' });
      if (rule.length) this.compoundRules.push(rule);
    }

    this.all = { suffixes: this.suffixes, prefixes: this.prefixes, maxSuffix: this.maxSuffix, maxPrefix: this.maxPrefix };
    this.indexDictionary(dicText);
  }

  contains(word: string): boolean {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const result = this.check(word, 0);
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(word, result);
    return result;
  }

  private check(word: string, depth: number): boolean {
    const trimmed = word.trim();
    if (!trimmed) return false;
    const converted = this.convert(trimmed);
    const folded = converted.toLowerCase();
    this.casings = [converted, folded, converted.toUpperCase(), converted.charAt(0).toUpperCase() + folded.slice(1)];
    if (this.checkFolded(folded)) return true;
    // CHECKSHARPS: ß upper-cases to SS, so in some casing ss may stand for ß (STRASSE → Straße) and ß for ss.
    if (this.checkSharps && (folded.includes('ss') || folded.includes('ß'))) {
      for (const variant of sharpVariants(folded)) if (this.checkFolded(variant)) return true;
    }
    return depth < 4 && this.checkBreaks(trimmed, depth);
  }

  private checkFolded(word: string): boolean {
    const roots = this.rootsOf(word);
    let excluded: Set<Casing> | undefined;
    for (const root of roots) {
      const flags = flagsOf(root);
      if (!this.has(flags, this.forbidden) && !this.has(flags, this.needAffix) && !this.has(flags, this.onlyInCompound) && this.cased(root, word)) {
        return true;
      }
    }
    for (const root of roots) {
      if (!this.has(flagsOf(root), this.forbidden)) continue;
      if (!(root instanceof CasedRoot)) return false;
      (excluded ??= new Set()).add(casing(root.spelling));
    }
    // A FORBIDDENWORD in lower case bars the word in every casing; one spelled with capitals (Dutch `Zaagbaan`,
    // `LITS`, German `Uhrkunden`) only in that casing: the word is still known when dictionary words of another casing
    // make it (`zaagbaan` from `zaag` + `baan`, `Lits` from `Lit`), not when words of the same casing do (`Uhr`…).
    if (!excluded) return this.composed(word);
    this.excludedCasings = excluded;
    try {
      return this.composed(word);
    } finally {
      this.excludedCasings = undefined;
    }
  }

  /** Whether a word that is not itself a dictionary word is one with affixes, or a compound. */
  private composed(word: string): boolean {
    const derivation = this.derivation(word);
    if (derivation === 'yes') return true;
    // hunspell refuses a compound that is also a forbidden word with affixes (German `Wehrmute` from `Wehrmut/d`).
    if (derivation === 'forbidden') return false;
    if (this.compoundRules.length && this.matchesCompoundRule(word)) return true;
    return this.compoundBegin !== undefined || this.compoundFlag !== undefined ? this.compound(word, 'begin', 1) : false;
  }

  /** hunspell BREAK: a word broken at a break string is correct when every piece is (`well-known`, `Haus-Tür`). */
  private checkBreaks(word: string, depth: number): boolean {
    for (const pattern of this.breaks) {
      if (pattern.length > 1 && pattern.startsWith('^')) {
        const text = pattern.slice(1);
        if (word.length > text.length && word.startsWith(text) && this.check(word.slice(text.length), depth + 1)) return true;
      } else if (pattern.length > 1 && pattern.endsWith('$')) {
        const text = pattern.slice(0, -1);
        if (word.length > text.length && word.endsWith(text) && this.check(word.slice(0, -text.length), depth + 1)) return true;
      } else {
        const at = word.indexOf(pattern);
        if (at > 0 && at < word.length - pattern.length) {
          if (this.check(word.slice(0, at), depth + 1) && this.check(word.slice(at + pattern.length), depth + 1)) return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the word is a dictionary word with affixes (a chain of suffixes/prefixes through continuation classes, or
   * a prefix × suffix cross product): 'yes', else 'forbidden' if only forbidden dictionary words make it, else 'no'.
   */
  private derivation(word: string): 'yes' | 'forbidden' | 'no' {
    let forbidden = false;
    const accept = (roots: readonly Root[], stem: string, chain: Affix[], also?: string): boolean => {
      const affix = chain[chain.length - 1];
      for (const root of roots) {
        const flags = flagsOf(root);
        if ((also !== undefined && !flags.has(also)) || !this.takes(root, stem, affix) || !this.cased(root, stem, chain)) continue;
        if (!this.has(flags, this.forbidden)) return true;
        forbidden = true;
      }
      return false;
    };
    const found = this.peel(word, undefined, [], (stem, outer) => {
      const first = outer[outer.length - 1];
      if (this.standalone(outer) && accept(this.rootsOf(stem), stem, outer)) return true;
      if (!first.combineable) return false;
      // A cross product: a prefix on a word with suffixes, the dictionary word carrying both flags.
      return this.peel(
        stem,
        undefined,
        outer,
        (rootStem, all) => {
          const innermost = all[all.length - 1];
          return innermost.combineable && this.standalone(all) && accept(this.rootsOf(rootStem), rootStem, all, first.flag);
        },
        !first.prefix,
      );
    });
    return found ? 'yes' : forbidden ? 'forbidden' : 'no';
  }

  /** Whether a dictionary word takes this affix, checked on its own spelling. */
  private takes(root: Root, stem: string, affix: Affix): boolean {
    const flags = flagsOf(root);
    if (!flags.has(affix.flag)) return false;
    const spelling = root instanceof CasedRoot ? root.spelling : stem;
    if (affix.exactStrip && !(affix.prefix ? spelling.startsWith(affix.exactStrip) : spelling.endsWith(affix.exactStrip))) return false;
    if (affix.condition === undefined) return true;
    affix.exactRegex ??= new RegExp(affix.condition);
    return affix.exactRegex.test(spelling);
  }

  /**
   * KEEPCASE: a dictionary word so flagged (French unit symbols `T`, `C`) counts only in its own casing, in one of the
   * casings contains() stands for: the word with its affixes (`chain`, outermost first) spelled as the affix file
   * writes them must be the word checked (`daT` and `fC` are words, `dat`, `DAT` and `fc` are not); a compound part
   * (`part`) must appear so inside it.
   */
  private cased(root: Root, stem: string, chain: readonly Affix[] = [], part = false): boolean {
    if (this.keepCase === undefined || !flagsOf(root).has(this.keepCase)) return true;
    let form = root instanceof CasedRoot ? root.spelling : stem;
    for (let i = chain.length - 1; i >= 0; i--) {
      const affix = chain[i];
      form = affix.prefix
        ? affix.exactAdd + form.slice(affix.exactStrip.length)
        : form.slice(0, form.length - affix.exactStrip.length) + affix.exactAdd;
    }
    return this.casings.some((casing) => (part ? casing.includes(form) : casing === form));
  }

  /** hunspell's rules for a word standing alone: no compound-only affix, NEEDAFFIX affixes not alone, circumfixes paired. */
  private standalone(affixes: readonly Affix[]): boolean {
    let prefixCircumfix = false;
    let suffixCircumfix = false;
    for (const affix of affixes) {
      if (this.has(affix.continuation, this.onlyInCompound)) return false;
      if (affixes.length === 1 && this.has(affix.continuation, this.needAffix)) return false;
      if (this.has(affix.continuation, this.circumfix)) {
        if (affix.prefix) prefixCircumfix = true;
        else suffixCircumfix = true;
      }
    }
    return prefixCircumfix === suffixCircumfix;
  }

  /**
   * Strips affixes from `word`, outermost first, calling `visit(stem, chain)` for each stem reached; `chain` lists the
   * affixes stripped (after those it held already), outermost first, each one allowed by the continuation class of
   * the one inside it (`need`). Stops at the first visit that answers true.
   */
  private peel(
    word: string,
    need: string | undefined,
    chain: Affix[],
    visit: (stem: string, chain: Affix[]) => boolean,
    /** Strip only prefixes (true) or only suffixes (false). */
    only?: boolean,
  ): boolean {
    let prefixes = 0;
    for (const affix of chain) if (affix.prefix) prefixes += 1;
    const suffixes = chain.length - prefixes;
    const index: AffixIndex = need === undefined ? this.all : this.continuingIndex(need);
    for (let length = suffixes < MAX_SUFFIXES && only !== true ? Math.min(word.length, index.maxSuffix) : -1; length >= 0; length--) {
      const affixes = index.suffixes.get(word.slice(word.length - length));
      if (!affixes) continue;
      const rest = word.slice(0, word.length - length);
      if (!rest && !this.fullStrip) continue;
      for (const affix of affixes) {
        const stem = rest + affix.strip;
        if (!stem || !this.meets(affix, stem)) continue;
        chain.push(affix);
        if (visit(stem, chain) || this.peel(stem, affix.flag, chain, visit, only)) return true;
        chain.pop();
      }
    }
    for (let length = prefixes < MAX_PREFIXES && only !== false ? Math.min(word.length, index.maxPrefix) : -1; length >= 0; length--) {
      const affixes = index.prefixes.get(word.slice(0, length));
      if (!affixes) continue;
      const rest = word.slice(length);
      if (!rest && !this.fullStrip) continue;
      for (const affix of affixes) {
        const stem = affix.strip + rest;
        if (!stem || !this.meets(affix, stem)) continue;
        chain.push(affix);
        if (visit(stem, chain) || this.peel(stem, affix.flag, chain, visit, only)) return true;
        chain.pop();
      }
    }
    return false;
  }

  /** The affixes that may stand outside one carrying this flag (their continuation class holds it). */
  private continuingIndex(flag: string): AffixIndex {
    let index = this.continuing.get(flag);
    if (!index) {
      index = { suffixes: new Map(), prefixes: new Map(), maxSuffix: -1, maxPrefix: -1 };
      for (const [all, prefix] of [
        [this.suffixes, false],
        [this.prefixes, true],
      ] as const) {
        for (const [add, affixes] of all) {
          const wanted = affixes.filter((affix) => affix.continuation?.has(flag));
          if (!wanted.length) continue;
          (prefix ? index.prefixes : index.suffixes).set(add, wanted);
          if (prefix) index.maxPrefix = Math.max(index.maxPrefix, add.length);
          else index.maxSuffix = Math.max(index.maxSuffix, add.length);
        }
      }
      this.continuing.set(flag, index);
    }
    return index;
  }

  private meets(affix: Affix, stem: string): boolean {
    if (affix.condition === undefined) return true;
    if (!affix.regex) {
      try {
        affix.regex = new RegExp(affix.condition, 'i');
      } catch {
        affix.condition = undefined;
        return true;
      }
    }
    return affix.regex.test(stem);
  }

  /** COMPOUNDRULE: the word is a sequence of dictionary words whose flags spell one of the rules (English `21st`). */
  private matchesCompoundRule(word: string): boolean {
    const partFlags = new Map<string, Root[]>();
    const flagsAt = (start: number, end: number): Root[] => {
      const key = `${start}:${end}`;
      let found = partFlags.get(key);
      if (!found) {
        found = this.rootsOf(word.slice(start, end)).filter((root) => !this.has(flagsOf(root), this.needAffix));
        partFlags.set(key, found);
      }
      return found;
    };
    // Memoized on (rule position, word position, one part or more): `(12)*` rules would otherwise try every split.
    let failed = new Set<number>();
    const match = (rule: CompoundRule, index: number, at: number, parts: number): boolean => {
      if (index === rule.length) return at === word.length && parts >= 2;
      const key = (index * (word.length + 1) + at) * 3 + Math.min(parts, 2);
      if (failed.has(key)) return false;
      const { flag, repeat } = rule[index];
      if (repeat !== '' && match(rule, index + 1, at, parts)) return true;
      for (let end = at + this.compoundMin; end <= word.length; end++) {
        if (!flagsAt(at, end).some((root) => flagsOf(root).has(flag) && this.cased(root, word.slice(at, end), [], true))) continue;
        if (repeat === '*' && match(rule, index, end, parts + 1)) return true;
        if (match(rule, index + 1, end, parts + 1)) return true;
      }
      failed.add(key);
      return false;
    };
    return this.compoundRules.some((rule) => {
      failed = new Set();
      return match(rule, 0, 0, 0);
    });
  }

  /** hunspell compounding with COMPOUNDFLAG / COMPOUNDBEGIN, COMPOUNDMIDDLE, COMPOUNDEND (German `Haustür`). */
  private compound(word: string, position: 'begin' | 'middle', parts: number, memo = new Map<string, boolean>()): boolean {
    const key = `${position}${parts}:${word}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const part = (piece: string, at: 'begin' | 'middle' | 'end'): boolean => {
      const pieceKey = `${at}:${piece}`;
      let fits = memo.get(pieceKey);
      if (fits === undefined) memo.set(pieceKey, (fits = this.part(piece, at)));
      return fits;
    };
    let found = false;
    for (let split = this.compoundMin; split <= word.length - this.compoundMin && !found; split++) {
      if (this.compoundPatterns.some(([end, begin]) => word.startsWith(begin, split) && word.slice(0, split).endsWith(end))) continue;
      if (!part(word.slice(0, split), position)) continue;
      const tail = word.slice(split);
      found = part(tail, 'end') || (parts + 1 < MAX_PARTS && this.compound(tail, 'middle', parts + 1, memo));
    }
    memo.set(key, found);
    return found;
  }

  /** Whether a piece of a compound may stand at this position, alone or with affixes that compounds permit. */
  private part(piece: string, position: 'begin' | 'middle' | 'end'): boolean {
    const role = position === 'begin' ? this.compoundBegin : position === 'middle' ? this.compoundMiddle : this.compoundEnd;
    const fits = (flags: Flags | undefined): boolean => this.has(flags, role) || this.has(flags, this.compoundFlag);
    for (const root of this.rootsOf(piece)) {
      const flags = flagsOf(root);
      if (this.has(flags, this.forbidden)) return false;
      if (fits(flags) && !this.has(flags, this.needAffix) && this.cased(root, piece, [], true)) return true;
    }
    return this.peel(piece, undefined, [], (stem, chain) => {
      const first = chain[chain.length - 1];
      for (const affix of chain) {
        const inside = affix.prefix ? position !== 'begin' : position !== 'end';
        if (inside && !this.has(affix.continuation, this.compoundPermit)) return false;
      }
      // A compound-only affix (a linking morpheme: Dutch `vormings`, German `Hauses-`) does not end a compound.
      if (position === 'end' && chain.some((affix) => this.has(affix.continuation, this.onlyInCompound))) return false;
      const marked = chain.some((affix) => fits(affix.continuation));
      return this.rootsOf(stem).some(
        (root) =>
          this.takes(root, stem, first) &&
          !this.has(flagsOf(root), this.forbidden) &&
          this.cased(root, stem, chain, true) &&
          (marked || fits(flagsOf(root))),
      );
    });
  }

  private has(flags: Flags | undefined, flag: string | undefined): boolean {
    return flag !== undefined && flags !== undefined && flags.has(flag);
  }

  private rootsOf(word: string): readonly Root[] {
    const found = this.roots.get(word);
    const roots = found === undefined ? [] : Array.isArray(found) ? found : [found];
    const excluded = this.excludedCasings;
    return excluded ? roots.filter((root) => !(root instanceof CasedRoot && excluded.has(casing(root.spelling)))) : roots;
  }

  /** ICONV: hunspell's input conversions, longest match first (Korean syllables → jamo, typographic apostrophes). */
  private convert(word: string): string {
    if (!this.conversions.size) return word;
    let out = '';
    let at = 0;
    outer: while (at < word.length) {
      const candidates = this.conversions.get(word[at]);
      if (candidates) {
        for (const [from, to] of candidates) {
          if (word.startsWith(from, at)) {
            out += to;
            at += from.length;
            continue outer;
          }
        }
      }
      out += word[at];
      at += 1;
    }
    return out;
  }

  /** Flags written in a dictionary or affix line, as the affix file's FLAG type says; an alias number under AF. */
  private parseFlags(value: string): Flags {
    if (!value) return NO_FLAGS;
    if (this.flagType === 'long') {
      const list: string[] = [];
      for (let i = 0; i < value.length; i += 2) list.push(value.slice(i, i + 2));
      return new Set(list);
    }
    if (this.flagType === 'num') return new Set(value.split(','));
    if (this.flagType === 'UTF-8') return new Set(Array.from(value));
    return new Set(value.split(''));
  }

  /** Continuation flags as nspell parsed them, resolving AF aliases. */
  private resolve(list: readonly string[]): Flags {
    if (!this.aliases) return new Set(list);
    const out = new Set<string>();
    for (const alias of list) for (const flag of this.aliases[Number(alias) - 1] ?? [alias]) out.add(flag);
    return out;
  }

  /** Indexes the `.dic` words, lower-cased, with their flags; nothing is expanded. */
  private indexDictionary(text: string): void {
    const parsedFlags = new Map<string, Flags>();
    let start = text.indexOf('\n') + 1; // the first line is the word count
    while (start > 0 && start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      start = end + 1;
      if (!line || line.charCodeAt(0) === 9 /* tab: comment */) continue;
      let slash = line.indexOf('/');
      let entry = line;
      while (slash > 0 && entry.charCodeAt(slash - 1) === 92 /* backslash-escaped slash */) {
        entry = entry.slice(0, slash - 1) + entry.slice(slash);
        slash = entry.indexOf('/', slash);
      }
      let word: string;
      let codes = '';
      if (slash >= 0) {
        word = entry.slice(0, slash);
        codes = entry.slice(slash + 1).split(/\s/, 1)[0];
      } else {
        word = entry.split('\t', 1)[0];
      }
      word = word.trim();
      if (!word) continue;
      const lower = word.toLowerCase();
      const key = lower === word ? word : lower; // one string kept, not two equal ones
      let flags = parsedFlags.get(codes);
      if (!flags) {
        flags = this.aliases && /^\d+$/.test(codes) ? (this.aliases[Number(codes) - 1] ?? NO_FLAGS) : this.parseFlags(codes);
        parsedFlags.set(codes, flags);
      }
      const root: Root = key === word ? flags : new CasedRoot(flags, word);
      const existing = this.roots.get(key);
      if (existing === undefined) this.roots.set(key, root);
      else if (Array.isArray(existing)) existing.push(root);
      else this.roots.set(key, [existing, root]);
    }
  }
}

type Casing = 'lower' | 'upper' | 'capitalized' | 'mixed';

function casing(word: string): Casing {
  const lower = word.toLowerCase();
  if (word === lower) return 'lower';
  if (word === word.toUpperCase()) return 'upper';
  return word.slice(1) === lower.slice(1) ? 'capitalized' : 'mixed';
}

const WHITESPACE = /\s+/;
const WANTED_DIRECTIVES = new Set(['AF', 'ICONV', 'BREAK', 'CHECKCOMPOUNDPATTERN']);

/**
 * One pass over the affix file. The PFX/SFX tables are read here exactly as nspell reads them (the same lines, the
 * same entries kept or dropped, the same strip and condition expressions), because nspell builds two regular
 * expressions per entry: Korean's 99 000 suffix entries (and 22 000 ICONV/OCONV lines) made loading it take 0.4–0.5 s.
 * Here an expression is built once per distinct text. `flags` and `compoundRules` are the other directives as nspell
 * read them (see AffixSettings); `directives` holds the lines of `AF`, `ICONV`, `BREAK` and `CHECKCOMPOUNDPATTERN` by
 * directive, without the count line that opens each table.
 */
function readAffixFile(affText: string): AffixSettings & { tables: Record<string, AffixTable>; directives: Map<string, string[]> } {
  const directives = new Map<string, string[]>();
  const noteDirective = (line: string): void => {
    const code = line.charCodeAt(0);
    if (code !== 65 /* A */ && code !== 66 /* B */ && code !== 67 /* C */ && code !== 73 /* I */) return;
    const space = line.search(/\s/);
    if (space < 0) return;
    const name = line.slice(0, space);
    if (!WANTED_DIRECTIVES.has(name)) return;
    const value = line.slice(space).trim();
    const list = directives.get(name);
    if (!list) directives.set(name, []); // the first line of a table holds its length
    else list.push(name === 'AF' ? value.split(WHITESPACE)[0] : value);
  };
  // nspell's lines, one after the other: trimmed, neither empty nor comments; undefined after the last.
  let cursor = 0;
  const nextLine = (): string | undefined => {
    while (cursor <= affText.length) {
      let end = affText.indexOf('\n', cursor);
      if (end < 0) end = affText.length;
      const line = affText.slice(cursor, end).trim();
      cursor = end + 1;
      if (line && line.charCodeAt(0) !== 35 /* # */) {
        noteDirective(line);
        return line;
      }
    }
    return undefined;
  };
  // nspell's expressions: `strip$` for a suffix's strip, `condition$` or `^condition` for the condition. Their
  // sources (null: the text is no expression, and nspell leaves the entry out), strips and added texts (as written
  // and lower-cased) are made once per distinct text: Korean repeats the same few in 99 000 entries.
  const compiled = (expression: string): string | null => {
    try {
      return new RegExp(expression).source;
    } catch {
      return null;
    }
  };
  const cased = (text: string): Spelling => {
    const lower = text.toLowerCase();
    return [text, lower === text ? text : lower];
  };
  const suffixStrip = (remove: string): Spelling | null => {
    const source = compiled(`${remove}$`);
    return source === null ? null : cased(source.slice(0, -1));
  };
  const conditionOf = { SFX: (condition: string) => compiled(`${condition}$`), PFX: (condition: string) => compiled(`^${condition}`) };
  const suffixStrips = new Map<string, Spelling | null>();
  const prefixStrips = new Map<string, Spelling>();
  const adds = new Map<string, Spelling>();
  const conditions = { SFX: new Map<string, string | null>(), PFX: new Map<string, string | null>() };
  const tables: Record<string, AffixTable> = Object.create(null);
  const flags: Record<string, string | undefined> = Object.create(null);
  const compoundRules: string[] = [];
  let flagType: string | undefined;
  for (let line = nextLine(); line !== undefined; line = nextLine()) {
    const parts = line.split(WHITESPACE);
    const type = parts[0];
    if (type === 'PFX' || type === 'SFX') {
      // A table's lines follow its header (a truncated table throws, as in nspell).
      const count = parseInt(parts[3], 10);
      const flag = parts[1];
      const prefix = type === 'PFX';
      const combineable = parts[2] === 'Y';
      const table: AffixTable = { prefix, affixes: [], codes: [] };
      tables[flag] = table;
      for (let read = 0; read < count; read++) {
        const entry = nextLine()!.split(WHITESPACE);
        const remove = entry[2];
        const condition = entry[4];
        // `add/codes`: nspell reads `split('/')`, its first two pieces.
        const written = entry[3];
        const slash = written.indexOf('/');
        const add = slash < 0 ? written : written.slice(0, slash);
        const next = slash < 0 ? -1 : written.indexOf('/', slash + 1);
        const codes = slash < 0 ? undefined : written.slice(slash + 1, next < 0 ? written.length : next);
        let strip = NO_SPELLING;
        if (remove !== '0') {
          const found = prefix ? memo(prefixStrips, remove, cased) : memo(suffixStrips, remove, suffixStrip);
          if (found === null) continue;
          strip = found;
        }
        let match: string | undefined;
        if (condition && condition !== '.') {
          const source = memo(conditions[type], condition, conditionOf[type]);
          if (source === null) continue;
          match = source;
        }
        const added = add !== '0' ? memo(adds, add, cased) : NO_SPELLING;
        table.affixes.push({
          flag,
          prefix,
          combineable,
          strip: strip[1],
          exactStrip: strip[0],
          add: added[1],
          exactAdd: added[0],
          condition: match,
          regex: undefined,
          exactRegex: undefined,
          continuation: undefined,
        });
        table.codes.push(codes ? ruleCodes(flagType, codes) : undefined);
      }
      continue;
    }
    if (type === 'FLAG') flagType = parts[1];
    if (type === 'REP' || type === 'ICONV' || type === 'OCONV' || type === 'COMPOUNDRULE') {
      // Tables of `count` lines (ICONV is read from `directives`; REP and OCONV serve suggestions only).
      const count = parseInt(parts[1], 10);
      for (let read = 0; read < count; read++) {
        const entry = nextLine()!;
        if (type === 'COMPOUNDRULE') compoundRules.push(entry.split(WHITESPACE)[1]);
      }
      continue;
    }
    flags[type] = parts[1];
  }
  return { tables, flags, compoundRules, directives };
}

/** A text as written and lower-cased (the same string when lower-casing changes nothing). */
type Spelling = readonly [exact: string, lower: string];
const NO_SPELLING: Spelling = ['', ''];

/** The value of `key` in `cache`, made on first request. */
function memo<T>(cache: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make(key)));
  return value;
}

/** nspell's reading of an affix entry's continuation flags (before AF aliases are resolved). */
function ruleCodes(flagType: string | undefined, value: string): string[] {
  if (flagType === 'long') {
    const result: string[] = [];
    for (let index = 0; index < value.length; index += 2) result.push(value.slice(index, index + 2));
    return result;
  }
  return value.split(flagType === 'num' ? ',' : '');
}

/** The spellings of a lower-cased word with some of its `ss` read as `ß` (at most 2^4 variants), or `ß` as `ss`. */
function sharpVariants(word: string): string[] {
  if (word.includes('ß')) return [word.replaceAll('ß', 'ss')];
  const positions: number[] = [];
  for (let at = word.indexOf('ss'); at >= 0 && positions.length < 4; at = word.indexOf('ss', at + 2)) positions.push(at);
  const variants: string[] = [];
  for (let mask = 1; mask < 1 << positions.length; mask++) {
    let out = '';
    let last = 0;
    positions.forEach((at, bit) => {
      if (mask & (1 << bit)) {
        out += word.slice(last, at) + 'ß';
        last = at + 2;
      }
    });
    variants.push(out + word.slice(last));
  }
  return variants;
}
