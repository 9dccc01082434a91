// `npm run bench`: request latency and throughput of the emulator as `npm start` runs it (loopback only).
// Starts its own stack (in memory, free ports), creates a model, then drives GET requests with autocannon at
// 1 and 20 concurrent clients, several rounds each; prints a table of medians and writes bench/results.json.
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT, startLocalStack } from '../scripts/local-stack.mjs';
import { scaleFigures } from './scale.mjs';
import { schedulerFigures } from './scheduler.mjs';
import { coldStartFigures } from './coldstart.mjs';

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

const run = (options) => new Promise((resolve, reject) => {
  autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
});

const lambdaPort = await freePort();
const stack = await startLocalStack({
  port: await freePort(), dynamodbPort: await freePort(), lambdaPort, websocketPort: await freePort(),
  dataDir: ':memory:', env: { STT_TABLE: 'stt-bench', STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0' },
});
const authorization = `Basic ${Buffer.from('apikey:bench').toString('base64')}`;
const figures = [];
let scale = [];
try {
  const created = await fetch(`${stack.url}/v1/customizations`, {
    method: 'POST', headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', base_model_name: 'en-US_BroadbandModel' }),
  });
  const { customization_id: id } = await created.json();
  const targets = [
    { name: 'getLanguageModel', path: `/v1/customizations/${id}` },
    { name: 'listLanguageModels', path: '/v1/customizations' },
  ];
  for (const target of targets) {
    for (const connections of [1, 20]) {
      const rounds = [];
      // warm-up: loads the function and opens connections
      await run({ url: stack.url + target.path, headers: { authorization }, connections, duration: 1 });
      for (let round = 0; round < ROUNDS; round++) {
        const result = await run({ url: stack.url + target.path, headers: { authorization }, connections, duration: DURATION_S });
        if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        rounds.push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
      }
      figures.push({
        operation: target.name,
        clients: connections,
        requestsPerSecond: Math.round(median(rounds.map((r) => r.rps))),
        p50Ms: median(rounds.map((r) => r.p50)),
        p99Ms: median(rounds.map((r) => r.p99)),
      });
    }
  }
  scale = await scaleFigures(stack.url, `Basic ${Buffer.from('apikey:bench-scale').toString('base64')}`);
  scale.push(...await schedulerFigures({ dynamodbEndpoint: stack.dynamodbEndpoint, tableName: stack.tableName, lambdaPort }));
} finally {
  await stack.stop();
}

console.log('\nserverless-offline (in-process) + dynalite, loopback; medians of', ROUNDS, 'rounds of', DURATION_S, 's');
console.log('| operation | clients | req/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|---:|');
for (const figure of figures) {
  console.log(`| ${figure.operation} | ${figure.clients} | ${figure.requestsPerSecond} | ${figure.p50Ms} | ${figure.p99Ms} |`);
}
console.log('\nScale (one run each)');
console.log('| figure | value | notes |');
console.log('|---|---:|---|');
for (const figure of scale) console.log(`| ${figure.figure} | ${figure.value} ${figure.unit} | ${figure.note ?? ''} |`);
const coldStart = coldStartFigures();
console.log('\nCold start per function (sls package; median of 3 fresh processes)');
console.log('| function | zip KB | code KB | module load ms | first invocation ms |');
console.log('|---|---:|---:|---:|---:|');
for (const f of coldStart) console.log(`| ${f.function} | ${f.zipKB} | ${f.codeKB} | ${f.loadMs} | ${f.firstInvocationMs} |`);
const results = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  method: { durationSeconds: DURATION_S, rounds: ROUNDS, statistic: 'median of rounds' },
  requestPath: figures,
  scale,
  coldStart,
};
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log('\nwritten to bench/results.json');
