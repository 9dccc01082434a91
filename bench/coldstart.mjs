// Cold start of each function as `sls package` builds it: zipped and unzipped code size, module load time and the
// first invocation (a request without credentials, which every HTTP function answers without touching DynamoDB),
// each in a fresh Node.js process. Also the load time of the AWS SDK alone (the part of module load that is not our
// code) and of each language's hunspell dictionary, loaded on first use from the dictionaries layer. Functions load
// as deployed: with their source maps (NODE_OPTIONS=--enable-source-maps in serverless.yml).
// Run from bench/run.mjs, or alone: `node bench/coldstart.mjs`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/local-stack.mjs';

const require = createRequire(import.meta.url);
const ROUNDS = 3;
/** Module loads are cheap to repeat and noisy: more rounds. */
const LOAD_ROUNDS = 5;
const medianOf = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A script's last output line as JSON, from a fresh Node.js process. */
function probe(args, options) {
  const run = spawnSync(process.execPath, ['--no-warnings', ...args], { encoding: 'utf8', ...options });
  if (run.status !== 0) throw new Error(`probe failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

/** Module load of the AWS SDK v3 DynamoDB clients alone, as the functions require them (median of fresh processes). */
function sdkLoadMs() {
  const script = `const s = performance.now(); require('@aws-sdk/client-dynamodb'); require('@aws-sdk/lib-dynamodb');
console.log(JSON.stringify({ ms: performance.now() - s }));`;
  return Number(medianOf(Array.from({ length: LOAD_ROUNDS }, () => probe(['-e', script], { cwd: ROOT }).ms)).toFixed(1));
}

const DICTIONARY_LANGUAGES = ['en-US', 'es-ES', 'fr-FR', 'de-DE', 'it-IT', 'pt-BR', 'nl-NL', 'ko-KR'];

/**
 * First-use load of each language's vocabulary (lib/text/vocabulary.ts, bundled like the functions) from the
 * dictionary files of the extracted layer (found as in Lambda, through STT_DICTIONARY_DIR), in fresh processes (median).
 */
function dictionaryFigures(layerDir) {
  const probeFile = join(layerDir, 'vocabulary-probe.js');
  require('esbuild').buildSync({
    stdin: { contents: `export { vocabularyFor } from ${JSON.stringify(join(ROOT, 'lib/text/vocabulary'))};`, resolveDir: ROOT, loader: 'ts' },
    outfile: probeFile, bundle: true, minify: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning',
  });
  const script = `const { vocabularyFor } = require(process.argv[1]); const s = performance.now();
vocabularyFor(process.argv[2]); console.log(JSON.stringify({ ms: performance.now() - s }));`;
  return DICTIONARY_LANGUAGES.map((language) => ({
    language,
    loadMs: Math.round(medianOf(Array.from({ length: ROUNDS }, () => probe(['-e', script, probeFile, language], {
      cwd: layerDir, env: { ...process.env, STT_DICTIONARY_DIR: layerDir },
    }).ms))),
  }));
}

const PROBE = `
const started = performance.now();
const mod = require(process.argv[1]);
const loaded = performance.now();
const event = { rawPath: '/v1/models', rawQueryString: '', headers: { host: 'bench' },
  requestContext: { http: { method: 'GET' }, requestId: 'cold' }, isBase64Encoded: false };
Promise.resolve(process.argv[2] === 'scheduled' ? null : mod.handler(event)).then((result) => {
  const invoked = performance.now();
  console.log(JSON.stringify({ loadMs: loaded - started, firstInvocationMs: invoked - loaded, status: result && result.statusCode }));
});`;

/**
 * `{ functions, layers, sdkLoadMs, dictionaries }`: per function (median of 5 fresh processes), each layer's size, the
 * SDK alone, the dictionaries.
 */
export function coldStartFigures() {
  const out = mkdtempSync(join(tmpdir(), 'stt-cold-'));
  // Outside `.esbuild`, which any `sls package` deletes when it finishes.
  const extracted = join(ROOT, '.offline-build', `bench-cold-${process.pid}`);
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--stage', 'bench', '--package', out], {
      cwd: ROOT, stdio: 'ignore', env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', STT_BUILD_FOLDER: join('.esbuild', 'cold-build') },
    });
    const figures = [];
    const layers = [];
    let dictionaries = [];
    for (const zip of readdirSync(out).filter((file) => file.endsWith('.zip')).sort()) {
      const fn = zip.slice(0, -4);
      const dir = join(extracted, fn);
      mkdirSync(dir, { recursive: true });
      execFileSync('unzip', ['-q', '-o', join(out, zip), '-d', dir]);
      const code = join(dir, 'functions', `${fn}.js`);
      if (!existsSync(code)) {
        // a layer (serverless.yml `layers`), not a function
        layers.push({ layer: fn, zipKB: Math.round(statSync(join(out, zip)).size / 1024) });
        if (readdirSync(dir).some((entry) => entry.startsWith('dictionary-'))) dictionaries = dictionaryFigures(dir);
        continue;
      }
      const loads = [];
      for (let round = 0; round < LOAD_ROUNDS; round++) {
        const run = spawnSync(process.execPath, ['--no-warnings', '--enable-source-maps', '-e', PROBE, code, fn === 'advanceTraining' ? 'scheduled' : 'http'], {
          cwd: dir, encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1', STT_TABLE: 'cold' },
        });
        loads.push(JSON.parse(run.stdout.trim().split('\n').pop()));
      }
      const median = (key) => medianOf(loads.map((load) => load[key]));
      figures.push({
        function: fn,
        zipKB: Math.round(statSync(join(out, zip)).size / 1024),
        codeKB: Math.round(statSync(code).size / 1024),
        loadMs: Number(median('loadMs').toFixed(1)),
        firstInvocationMs: Number(median('firstInvocationMs').toFixed(1)),
      });
    }
    return { functions: figures, layers, sdkLoadMs: sdkLoadMs(), dictionaries };
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(extracted, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { functions, layers, sdkLoadMs: sdk, dictionaries } = coldStartFigures();
  console.table(functions);
  console.table(layers);
  console.log('AWS SDK alone:', sdk, 'ms');
  console.table(dictionaries);
}
