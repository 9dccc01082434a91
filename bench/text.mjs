// Corpus analysis throughput (issue 7): lib/text's analyzeText called directly (as the unit test's 5 MB English
// figure does), on generated 1 MB and 5 MB corpora in English and French, and the same analysis followed by the
// out-of-vocabulary check of its distinct words (what addCorpus does before it writes anything). Each measurement
// runs in a fresh Node.js process (fresh vocabulary caches) after a warm-up on other text; figures are medians.
// Run from bench/run.mjs, or alone: `node bench/text.mjs`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/local-stack.mjs';
import { random } from './random.mjs';

const require = createRequire(import.meta.url);

const LANGUAGES = { 'en-US': 'dictionary-en', 'fr-FR': 'dictionary-fr' };

/**
 * About `bytes` of running text in the language: words drawn from its hunspell dictionary with a Zipf-like skew
 * (a few thousand distinct words, most of them frequent), some capitalized; about 2 % invented words (out of
 * vocabulary), 4 % numbers, amounts and percentages in the language's writing, bracketed asides, sentence punctuation.
 */
export function generateCorpus(language, bytes, seed = 1) {
  const next = random(seed);
  const dic = readFileSync(join(ROOT, 'node_modules', LANGUAGES[language], 'index.dic'), 'utf8').split('\n').slice(1);
  const stems = [];
  for (let i = 0; stems.length < 6000 && i < 100_000; i++) {
    const word = dic[Math.floor(next() * dic.length)]?.split('/')[0].trim();
    if (word && /^\p{L}[\p{L}'’-]*$/u.test(word)) stems.push(word);
  }
  const syllables = ['zor', 'vex', 'qua', 'lim', 'dra', 'kel', 'mup', 'tri', 'bax', 'nol', 'fes', 'gru'];
  const invented = Array.from({ length: 3000 }, () => {
    let word = '';
    for (let k = 2 + Math.floor(next() * 3); k > 0; k--) word += syllables[Math.floor(next() * syllables.length)];
    return word;
  });
  const french = language.startsWith('fr');
  const number = () => {
    const n = Math.floor(next() ** 2 * 100_000);
    switch (Math.floor(next() * 5)) {
      case 0: return french ? `${n} €` : `$${n}`;
      case 1: return `${n % 100}${french ? ' %' : '%'}`;
      case 2: return french ? `${n % 100},${n % 10}` : `${n % 100}.${n % 10}`;
      case 3: return `${1 + (n % 28)}/${1 + (n % 12)}/20${10 + (n % 15)}`;
      default: return String(n);
    }
  };
  const parts = [];
  let size = 0;
  while (size < bytes) {
    const words = [];
    for (let k = 6 + Math.floor(next() * 14); k > 0; k--) {
      const roll = next();
      let word;
      if (roll < 0.02) word = invented[Math.floor(next() * invented.length)];
      else if (roll < 0.06) word = number();
      else if (roll < 0.07) word = `(${stems[Math.floor(next() * 200)]} ${stems[Math.floor(next() * 200)]})`;
      else word = stems[Math.floor(next() ** 3 * stems.length)];
      words.push(word);
    }
    words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);
    const sentence = `${words.join(next() < 0.1 ? ', ' : ' ')}${'..?!'[Math.floor(next() * 4)]}${next() < 0.15 ? '\n' : ' '}`;
    parts.push(sentence);
    size += Buffer.byteLength(sentence);
  }
  return parts.join('');
}

/** Bundles lib/text's analysis and vocabulary (the code addCorpus runs) for the child processes. */
function bundleText(outdir) {
  const entry = join(outdir, 'entry.ts');
  writeFileSync(entry, [
    `export { analyzeText } from ${JSON.stringify(join(ROOT, 'lib/text/analyze'))};`,
    `export { vocabularyFor } from ${JSON.stringify(join(ROOT, 'lib/text/vocabulary'))};`,
  ].join('\n'));
  require('esbuild').buildSync({
    entryPoints: [entry], outfile: join(outdir, 'text.cjs'), bundle: true, platform: 'node', target: 'node20', format: 'cjs',
    minify: true, logLevel: 'warning',
  });
  return join(outdir, 'text.cjs');
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Throughput figures: for each language and size, the median of `rounds` fresh processes. */
export function textFigures({ rounds = 3, sizesMB = [1, 5] } = {}) {
  mkdirSync(join(ROOT, '.offline-build'), { recursive: true });
  const outdir = mkdtempSync(join(ROOT, '.offline-build', 'bench-text-'));
  try {
    const bundled = bundleText(outdir);
    const figures = [];
    for (const language of Object.keys(LANGUAGES)) {
      for (const mb of sizesMB) {
        const runs = [];
        for (let round = 0; round < rounds; round++) {
          const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', bundled, language, String(mb)], {
            cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20,
          });
          runs.push(JSON.parse(output.trim().split('\n').pop()));
        }
        const first = runs[0];
        figures.push({
          language,
          megabytes: Number((first.bytes / 1e6).toFixed(2)),
          totalWords: first.totalWords,
          distinctWords: first.distinct,
          oovWords: first.oov,
          analyzeMs: Math.round(median(runs.map((run) => run.analyzeMs))),
          analyzeMBps: Number(median(runs.map((run) => run.bytes / 1e6 / (run.analyzeMs / 1000))).toFixed(1)),
          withOovMBps: Number(median(runs.map((run) => run.bytes / 1e6 / ((run.analyzeMs + run.oovMs) / 1000))).toFixed(1)),
        });
      }
    }
    return figures;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** One measurement, in a fresh process: warm-up on other text, then analysis, then the OOV check of its words. */
function child(bundled, language, mb) {
  const { analyzeText, vocabularyFor } = require(bundled);
  const text = generateCorpus(language, mb * 1e6, 1);
  analyzeText(generateCorpus(language, 300_000, 2), language); // warm-up: regular expressions compiled, code optimized
  const started = performance.now();
  const analysis = analyzeText(text, language);
  const analyzeMs = performance.now() - started;
  const vocabulary = vocabularyFor(language); // loaded (and timed) by the cold-start benchmark, not here
  const oovStarted = performance.now();
  let oov = 0;
  for (const word of analysis.words.keys()) if (!vocabulary.contains(word)) oov++;
  const oovMs = performance.now() - oovStarted;
  console.log(JSON.stringify({ bytes: Buffer.byteLength(text), totalWords: analysis.totalWords, distinct: analysis.words.size, oov, analyzeMs, oovMs }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--child') child(process.argv[3], process.argv[4], Number(process.argv[5]));
  else console.table(textFigures());
}
