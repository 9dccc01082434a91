// How often lib/text/vocabulary.ts's checker agrees with hunspell (issue 12): for each language with a dictionary,
// the committed word list bench/vocabulary/<lang>.tsv (`word<TAB>1` when hunspell 1.7 accepts some casing of the word
// with the same dictionary files, else `0`; see bench/vocabulary/README.md) is checked with vocabularyFor(lang)
// .contains(word), and the agreement is printed with the words that disagree. Needs no hunspell: `node
// bench/vocabulary-agreement.mjs [lang …]` (`--json` prints the figures as JSON). A measurement: it always exits 0.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ko'];

const args = process.argv.slice(2);
const json = args.includes('--json');
const languages = args.filter((arg) => !arg.startsWith('--'));

const outdir = mkdtempSync(join(tmpdir(), 'vocabulary-agreement-'));
let vocabularyFor;
try {
  require('esbuild').buildSync({
    entryPoints: [join(ROOT, 'lib/text/vocabulary.ts')], outfile: join(outdir, 'vocabulary.cjs'), bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  });
  ({ vocabularyFor } = require(join(outdir, 'vocabulary.cjs')));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.env.STT_DICTIONARY_DIR ??= join(ROOT, 'node_modules');

const results = [];
for (const lang of languages.length ? languages : LANGUAGES) {
  const rows = readFileSync(join(ROOT, 'bench', 'vocabulary', `${lang}.tsv`), 'utf8').split('\n').filter(Boolean);
  const started = performance.now();
  const vocabulary = vocabularyFor(lang);
  const loaded = performance.now();
  const disagreements = [];
  for (const row of rows) {
    const [word, answer] = row.split('\t');
    const expected = answer === '1';
    if (vocabulary.contains(word) !== expected) disagreements.push(`${word} (hunspell ${expected ? 'accepts' : 'rejects'})`);
  }
  const agreement = (100 * (rows.length - disagreements.length)) / rows.length;
  results.push({
    lang, words: rows.length, accepted: rows.filter((row) => row.endsWith('\t1')).length, agreement, disagreements,
    loadMs: Math.round(loaded - started), checkMs: Math.round(performance.now() - loaded),
  });
}

if (json) console.log(JSON.stringify(results, null, 2));
else {
  for (const { lang, words, accepted, agreement, disagreements, loadMs, checkMs } of results) {
    console.log(`${lang}: ${agreement.toFixed(2)} % of ${words} words (${accepted} accepted by hunspell; load ${loadMs} ms, check ${checkMs} ms)`);
    for (const line of disagreements) console.log(`  ${line}`);
  }
}
