// `npm run bench` (issue 7): the emulator's figures on this machine, loopback only; prints tables and writes
// bench/results.json. Starts its own stack (in memory, free ports) as `npm start` runs it, and beside it the floor
// of this architecture (bench/floor.mjs: the same handlers behind a bare node:http server, same dynalite), then:
//   - request path: getLanguageModel, listLanguageModels, listWords (100 words) and recognize (a 1 MB WAV with a
//     script, through a trained custom model with those 100 words) with autocannon at 1 and 20
//     concurrent clients, serverless-offline and the floor in alternating rounds; medians, and the median of the
//     per-round ratios offline/floor (target: offline throughput at least 50 % of the floor's);
//   - scale (bench/scale.mjs) and the scheduled function (bench/scheduler.mjs), medians of repeated runs;
//   - corpus analysis throughput (bench/text.mjs, target: at least 10 MB/s in English);
//   - cold start per function as `sls package` builds it (bench/coldstart.mjs; targets: code at most 300 KB, module
//     load at most 50 ms, the Korean dictionary loaded in at most 300 ms).
// BENCH_DURATION_S (5) and BENCH_ROUNDS (3) set the request rounds.
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ROOT, startLocalStack } from '../scripts/local-stack.mjs';
import { startFloor } from './floor.mjs';
import { scaleFigures } from './scale.mjs';
import { schedulerFigures } from './scheduler.mjs';
import { coldStartFigures } from './coldstart.mjs';
import { textFigures } from './text.mjs';
import { reliabilityFigures } from './reliability.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A mono 16-bit 16 kHz PCM WAV of `bytes` bytes in all (a quiet tone). */
function wavOf(bytes) {
  const data = Buffer.alloc(bytes - 44);
  for (let i = 0; i + 1 < data.length; i += 2) data.writeInt16LE(Math.round(4000 * Math.sin(i / 20)), i);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(bytes - 8, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const run = (options) => new Promise((resolve, reject) => {
  autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
});

const started = Date.now();
const loadAtStart = loadavg();
// The local one-second tick of the scheduled function is off: the scheduler figures invoke it alone.
const timings = { STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0', STT_LOCAL_TICK_MS: '0' };
const lambdaPort = await freePort();
const stack = await startLocalStack({
  port: await freePort(), dynamodbPort: await freePort(), lambdaPort, websocketPort: await freePort(),
  dataDir: ':memory:', env: { STT_TABLE: 'stt-bench', ...timings },
});
const authorization = `Basic ${Buffer.from('apikey:bench').toString('base64')}`;
const figures = [];
let scale = [];
let floor;
try {
  const FLOOR_FUNCTIONS = ['getLanguageModel', 'listLanguageModels', 'listWords', 'recognize'];
  floor = await startFloor({
    functions: FLOOR_FUNCTIONS,
    overrides: { STT_TABLE: stack.tableName, STT_DYNAMODB_ENDPOINT: stack.dynamodbEndpoint, ...timings },
  });
  const call = async (method, path, body) => {
    const response = await fetch(stack.url + path, {
      method, headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  // A 1 MB WAV (16 kHz, 16-bit mono: 32.8 s) whose script names two of the model's words by their sounds-like.
  const audio = wavOf(1024 * 1024);
  await call('PUT', '/_emulator/timing', { '*': { mode: 'immediate' } });
  await call('PUT', `/_emulator/transcripts/${createHash('sha256').update(audio).digest('hex')}`, {
    transcript: `${'please transcribe this bench word a and bench word b. '.repeat(12)}thank you.`,
  });
  const { customization_id: id } = await call('POST', '/v1/customizations', { name: 'bench', base_model_name: 'en-US_BroadbandModel' });
  await call('POST', `/v1/customizations/${id}/words`, {
    words: Array.from({ length: 100 }, (_, i) => ({ word: `benchword${i}`, sounds_like: [`bench word ${'abcdefghij'[i % 10]}`] })),
  });
  await call('POST', `/v1/customizations/${id}/train`);
  const targets = [
    { name: 'getLanguageModel', path: `/v1/customizations/${id}` },
    { name: 'listLanguageModels', path: '/v1/customizations' },
    { name: 'listWords', path: `/v1/customizations/${id}/words`, note: '100 words' },
    {
      name: 'recognize', path: `/v1/recognize?language_customization_id=${id}&timestamps=true`, note: '1 MB WAV, custom model',
      method: 'POST', body: audio, contentType: 'audio/wav',
    },
  ];
  const servers = [{ name: 'offline', url: stack.url }, { name: 'floor', url: floor.url }];
  // Both answer the same: same code, same data.
  for (const target of targets) {
    const [offline, bare] = await Promise.all(servers.map(async (server) => {
      const response = await fetch(server.url + target.path, {
        method: target.method ?? 'GET', headers: { authorization, ...(target.contentType ? { 'content-type': target.contentType } : {}) }, body: target.body,
      });
      return `${response.status} ${await response.text()}`;
    }));
    if (offline !== bare || !offline.startsWith('200 ')) throw new Error(`${target.name}: offline and floor differ:\n${offline.slice(0, 300)}\n${bare.slice(0, 300)}`);
  }
  for (const target of targets) {
    for (const connections of [1, 20]) {
      const options = (server, duration) => ({
        url: server.url + target.path, connections, duration, method: target.method ?? 'GET', body: target.body,
        headers: { authorization, ...(target.contentType ? { 'content-type': target.contentType } : {}) },
      });
      const rounds = { offline: [], floor: [] };
      // warm-up: loads the function and opens connections
      for (const server of servers) await run(options(server, 1));
      for (let round = 0; round < ROUNDS; round++) {
        // Side by side: each round measures both, in alternating order.
        for (const server of round % 2 ? [...servers].reverse() : servers) {
          const result = await run(options(server, DURATION_S));
          if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.name} (${server.name}): ${result.non2xx} non-2xx, ${result.errors} errors`);
          rounds[server.name].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
        }
      }
      const summary = (list) => ({
        requestsPerSecond: Math.round(median(list.map((r) => r.rps))), p50Ms: median(list.map((r) => r.p50)), p99Ms: median(list.map((r) => r.p99)),
      });
      figures.push({
        operation: target.name,
        ...(target.note ? { note: target.note } : {}),
        clients: connections,
        ...summary(rounds.offline),
        floor: summary(rounds.floor),
        ratioToFloor: Number(median(rounds.offline.map((r, i) => r.rps / rounds.floor[i].rps)).toFixed(2)),
      });
    }
  }
  await floor.stop();
  scale = await scaleFigures(stack.url, `Basic ${Buffer.from('apikey:bench-scale').toString('base64')}`, { rounds: ROUNDS });
  scale.push(...await schedulerFigures({ dynamodbEndpoint: stack.dynamodbEndpoint, tableName: stack.tableName, lambdaPort, rounds: ROUNDS }));
} finally {
  await floor?.stop();
  await stack.stop();
}
const text = textFigures({ rounds: ROUNDS });

const coldStart = coldStartFigures();
// Crash consistency: its own npm start, SIGKILLed under a seeded write mix, restarted on its data (bench/reliability.mjs).
const reliability = await reliabilityFigures({
  seconds: Number(process.env.BENCH_RELIABILITY_SECONDS ?? 20), kills: Number(process.env.BENCH_RELIABILITY_KILLS ?? 3), seed: 1,
});
const check = (ok) => (ok ? 'yes' : 'NO');

console.log(`\nRequest path: serverless-offline (in-process) vs the floor (bare node:http, same handlers), same dynalite;`
  + ` medians of ${ROUNDS} alternating rounds of ${DURATION_S} s`);
console.log('| operation | clients | offline req/s | p50 ms | p99 ms | floor req/s | p50 ms | p99 ms | offline/floor | ≥ 0.5 |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const f of figures) {
  console.log(`| ${f.operation}${f.note ? ` (${f.note})` : ''} | ${f.clients} | ${f.requestsPerSecond} | ${f.p50Ms} | ${f.p99Ms} `
    + `| ${f.floor.requestsPerSecond} | ${f.floor.p50Ms} | ${f.floor.p99Ms} | ${f.ratioToFloor} | ${check(f.ratioToFloor >= 0.5)} |`);
}
console.log(`\nScale and the scheduled function (medians of ${ROUNDS} runs)`);
console.log('| figure | value | notes |');
console.log('|---|---:|---|');
for (const figure of scale) console.log(`| ${figure.figure} | ${figure.value} ${figure.unit} | ${figure.note ?? ''} |`);
console.log(`\nCorpus analysis (lib/text analyzeText, medians of ${ROUNDS} fresh processes; target ≥ 10 MB/s English)`);
console.log('| language | MB | words | distinct | OOV | analysis ms | analysis MB/s | with OOV check MB/s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const t of text) {
  console.log(`| ${t.language} | ${t.megabytes} | ${t.totalWords} | ${t.distinctWords} | ${t.oovWords} | ${t.analyzeMs} | ${t.analyzeMBps} | ${t.withOovMBps} |`);
}
console.log('\nCold start per function (sls package; median of 5 fresh processes; targets: code ≤ 300 KB, module load ≤ 50 ms)');
console.log('| function | zip KB | code KB | module load ms | first invocation ms | targets met |');
console.log('|---|---:|---:|---:|---:|---|');
for (const f of coldStart.functions) {
  console.log(`| ${f.function} | ${f.zipKB} | ${f.codeKB} | ${f.loadMs} | ${f.firstInvocationMs} | ${check(f.codeKB <= 300 && f.loadMs <= 50)} |`);
}
console.log('Layers:', coldStart.layers.map((layer) => `${layer.layer} ${layer.zipKB} KB zipped`).join(', '));
console.log(`AWS SDK v3 (client-dynamodb + lib-dynamodb) alone: ${coldStart.sdkLoadMs} ms of module load`);
console.log('Dictionary load on first use (median of 3 fresh processes; target Korean ≤ 300 ms):',
  coldStart.dictionaries.map((d) => `${d.language} ${d.loadMs} ms`).join(', '));
console.log(`\nReliability (bench/reliability.mjs: ${reliability.kills} SIGKILLs of npm start over ${reliability.workloadSeconds} s `
  + `of writes, seed ${reliability.seed}, ${reliability.wallSeconds} s; target: nothing lost, stuck, 5xx or mismatched)`);
console.log('| acknowledged writes | interrupted writes | lost writes | stuck models | 5xx answers | listing/index mismatches | repaired by scheduler | ok |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
console.log(`| ${reliability.acknowledgedWrites} | ${reliability.interruptedWrites} | ${reliability.lostWrites} | ${reliability.stuckModels} `
  + `| ${reliability.serverErrors} | ${reliability.listingMismatches + reliability.indexMismatches} | ${reliability.repairedByScheduler} | ${check(reliability.ok)} |`);
const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
    // Other work on the machine makes every figure slower: the load average before and after the run.
    loadAverageAtStart: loadAtStart.map((value) => Number(value.toFixed(2))),
    loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))),
  },
  method: {
    durationSeconds: DURATION_S, rounds: ROUNDS, statistic: 'median of rounds',
    floor: 'bench/floor.mjs: the same handlers (esbuild, serverless.yml options) behind a bare node:http server, same dynalite',
    totalSeconds: Math.round((Date.now() - started) / 1000),
  },
  requestPath: figures,
  scale,
  text,
  coldStart,
  reliability: (({ details: _details, ...counts }) => counts)(reliability),
};
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to bench/results.json');
