// Cold start of each function as `sls package` builds it: zipped and unzipped code size, module load time and the
// first invocation (a request without credentials, which every HTTP function answers without touching DynamoDB),
// each in a fresh Node.js process. Run from bench/run.mjs, or alone: `node bench/coldstart.mjs`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../scripts/local-stack.mjs';

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

export function coldStartFigures() {
  const out = mkdtempSync(join(tmpdir(), 'stt-cold-'));
  const extracted = join(ROOT, '.esbuild', 'cold');
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'package', '--stage', 'bench', '--package', out], {
      cwd: ROOT, stdio: 'ignore', env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', STT_BUILD_FOLDER: join('.esbuild', 'cold-build') },
    });
    const figures = [];
    for (const zip of readdirSync(out).filter((file) => file.endsWith('.zip')).sort()) {
      const fn = zip.slice(0, -4);
      const dir = join(extracted, fn);
      mkdirSync(dir, { recursive: true });
      execFileSync('unzip', ['-q', '-o', join(out, zip), '-d', dir]);
      const code = join(dir, 'functions', `${fn}.js`);
      const loads = [];
      for (let round = 0; round < 3; round++) {
        const run = spawnSync(process.execPath, ['--no-warnings', '-e', PROBE, code, fn === 'advanceTraining' ? 'scheduled' : 'http'], {
          cwd: dir, encoding: 'utf8', env: { ...process.env, AWS_REGION: 'us-east-1', STT_TABLE: 'cold' },
        });
        loads.push(JSON.parse(run.stdout.trim().split('\n').pop()));
      }
      const median = (key) => [...loads.map((load) => load[key])].sort((a, b) => a - b)[1];
      figures.push({
        function: fn,
        zipKB: Math.round(statSync(join(out, zip)).size / 1024),
        codeKB: Math.round(statSync(code).size / 1024),
        loadMs: Number(median('loadMs').toFixed(1)),
        firstInvocationMs: Number(median('firstInvocationMs').toFixed(1)),
      });
    }
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(extracted, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.table(coldStartFigures());
}
