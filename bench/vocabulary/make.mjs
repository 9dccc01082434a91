// Makes the word lists of bench/vocabulary-agreement.mjs (see README.md here): for each language, about 3 000
// candidate words drawn with a fixed seed from the language's hunspell dictionary in node_modules, and hunspell's own
// answer for each, written to bench/vocabulary/<lang>.tsv as `word<TAB>0|1`. Needs Debian's `hunspell` (apt-get
// install hunspell); run once, by hand: `node bench/vocabulary/make.mjs [lang …]`. Tests and CI never run it.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random } from '../random.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/** Per language: common suffixes, prefixes (both applied to dictionary words blindly), and whether it compounds. */
const LANGUAGES = {
  en: { suffixes: ['s', 'es', 'ed', 'ing', 'er', 'est', 'ly', 'ness', 'less', 'ful', 'able', 'ment', 'ation', 'ize', 'ized', "'s"], prefixes: ['un', 're', 'dis', 'over'], compounds: 200 },
  es: { suffixes: ['s', 'es', 'a', 'as', 'o', 'os', 'mente', 'ción', 'ciones', 'ando', 'iendo', 'ado', 'ada', 'ados', 'idas', 'ar', 'ía', 'é', 'ó', 'aron', 'amos', 'ísimo', 'lo', 'se'], prefixes: ['des', 're', 'in'], compounds: 200 },
  fr: { suffixes: ['s', 'e', 'es', 'ent', 'ons', 'ez', 'ait', 'aient', 'é', 'ée', 'és', 'ées', 'ment', 'ation', 'eur', 'euse', 'ique', 'ité', 'er', 'ir', 'ais', 'x'], prefixes: ['re', 'dé', 'in', "l'", "d'"], compounds: 200 },
  de: { suffixes: ['e', 'en', 'er', 'es', 'n', 's', 'st', 't', 'et', 'te', 'ten', 'ung', 'ungen', 'heit', 'keit', 'lich', 'isch', 'chen', 'ern', 'em'], prefixes: ['un', 'ver', 'be', 'ge'], compounds: 700 },
  it: { suffixes: ['i', 'e', 'a', 'o', 'ino', 'ina', 'ini', 'mente', 'zione', 'zioni', 'are', 'ere', 'ire', 'ato', 'ata', 'ati', 'ando', 'endo', 'issimo', 'lo', 'gli'], prefixes: ['ri', 's', 'in', "l'", "dell'"], compounds: 200 },
  pt: { suffixes: ['s', 'es', 'a', 'as', 'o', 'os', 'mente', 'ção', 'ções', 'ar', 'er', 'ir', 'ado', 'ada', 'ando', 'endo', 'inho', 'inha', 'íssimo', '-se'], prefixes: ['re', 'des', 'in'], compounds: 200 },
  nl: { suffixes: ['en', 's', 'e', 'er', 'ste', 't', 'te', 'ten', 'de', 'den', 'je', 'jes', 'tje', 'heid', 'lijk', 'ing', 'ingen', "'s"], prefixes: ['on', 'ge', 'ver', 'be'], compounds: 700 },
  ko: { suffixes: ['은', '는', '이', '가', '을', '를', '에', '에서', '으로', '로', '와', '과', '의', '도', '만', '들', '하다', '했다', '합니다', '에게', '이다', '였다'], prefixes: [], compounds: 300 },
};

/** Letters, with at most one inner apostrophe or hyphen: words hunspell's tokenizer keeps whole (others are dropped below). */
const WORD = /^\p{L}+(?:['-]\p{L}+)?$/u;

/** The candidate words of a language, deduplicated, in drawing order. */
function candidates(lang, { suffixes, prefixes, compounds }) {
  const next = random(0x5eed + lang.charCodeAt(0) * 256 + lang.charCodeAt(1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const dic = readFileSync(join(ROOT, 'node_modules', `dictionary-${lang}`, 'index.dic'), 'utf8').split('\n').slice(1);
  const stems = dic.map((line) => line.split('/')[0].trim()).filter((word) => WORD.test(word));
  const letters = [...new Set(stems.slice(0, 5000).join('').replace(/['-]/g, ''))];
  const stem = () => pick(stems);
  const affixed = () => {
    let word = stem();
    if (next() < 0.3 && word.length > 3) word = word.slice(0, -1);
    if (prefixes.length && next() < 0.2) word = pick(prefixes) + word.toLowerCase();
    return word + pick(suffixes);
  };
  const misspelt = (word) => {
    const chars = [...word];
    const at = Math.floor(next() * chars.length);
    const kind = Math.floor(next() * 4);
    if (kind === 0) chars[at] = pick(letters);
    else if (kind === 1 && chars.length > 2) chars.splice(at, 1);
    else if (kind === 2) chars.splice(at, 0, pick(letters));
    else if (at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
    return chars.join('');
  };
  const madeUp = () => Array.from({ length: 2 + Math.floor(next() * (lang === 'ko' ? 3 : 8)) }, () => pick(letters)).join('');
  const compound = () => {
    const first = stem();
    const second = stem();
    return first + (lang === 'ko' ? second : second.toLowerCase()) + (next() < 0.3 ? pick(suffixes) : '');
  };
  const words = [
    ...Array.from({ length: 800 }, stem),
    ...Array.from({ length: 1200 }, affixed),
    ...Array.from({ length: compounds }, compound),
    ...Array.from({ length: 500 }, () => misspelt(next() < 0.5 ? stem() : affixed())),
    ...Array.from({ length: 200 }, madeUp),
  ];
  return [...new Set(words.filter((word) => WORD.test(word)))];
}

/** The casings a word is put to hunspell in: as drawn, lower case, capitalized, upper case. */
function casings(word) {
  const lower = word.toLowerCase();
  return [...new Set([word, lower, lower.charAt(0).toUpperCase() + lower.slice(1), word.toUpperCase()])];
}

/** The words hunspell prints for `input` (one word a line) with option `-G` (correct) or `-l` (misspelt). */
function hunspell(lang, option, input) {
  const dictionary = join(ROOT, 'node_modules', `dictionary-${lang}`, 'index');
  const output = execFileSync('hunspell', ['-d', dictionary, '-i', 'UTF-8', option], { input, maxBuffer: 1 << 28, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
  return new Set(output.toString('utf8').split('\n').filter(Boolean));
}

for (const lang of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(LANGUAGES)) {
  const words = candidates(lang, LANGUAGES[lang]);
  const input = [...new Set(words.flatMap(casings))].join('\n') + '\n';
  const correct = hunspell(lang, '-G', input);
  const wrong = hunspell(lang, '-l', input);
  const rows = [];
  let dropped = 0;
  for (const word of words) {
    // Every casing must come back whole from exactly one of the two runs (else hunspell's tokenizer split it).
    const forms = casings(word);
    if (!forms.every((form) => correct.has(form) !== wrong.has(form))) {
      dropped++;
      continue;
    }
    rows.push(`${word}\t${forms.some((form) => correct.has(form)) ? 1 : 0}`);
  }
  writeFileSync(join(HERE, `${lang}.tsv`), rows.join('\n') + '\n');
  const accepted = rows.filter((row) => row.endsWith('1')).length;
  console.log(`${lang}: ${rows.length} words (${accepted} accepted by hunspell), ${dropped} dropped (split by hunspell's tokenizer)`);
}
