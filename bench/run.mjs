// `npm run bench` (issues 7 and 16): the emulator's figures on this machine, loopback only; prints tables and writes
// bench/results.json. The stack under test is `npm start` itself (bench/stack.mjs: `node --no-warnings
// scripts/start.mjs` in a process group of its own, data on disk in a fresh temporary directory, its log on, on free
// loopback ports kept for the whole run), and beside it the floor (bench/floor.mjs: a bare node:http server doing the
// least DynamoDB work for the same answer against the same dynalite, and sending the same bytes). Sections:
//   - startup: time from spawn to the first 200 of GET /v1/models, first with the build cache (.offline-build/cache)
//     cleared, then again on the same data with nothing changed (median of 3); targets ≤ 10 s and ≤ 3 s;
//   - memory: resident memory (RSS) of the whole process tree of that start, at rest (ready + 5 s, no requests) and its
//     peak under load (sampled every 250 ms through the request section's autocannon runs against the stack; the
//     floor's runs, which load the same dynalite, reported apart); targets ≤ 450 / 600 MB;
//   - request: getLanguageModel, listLanguageModels, listWords (100 words) and recognize (a 1 MB WAV with a script,
//     through a trained custom model with those 100 words) with autocannon at 1 and 20 concurrent clients, stack and
//     floor in alternating rounds; medians, the median of the per-round ratios stack/floor and their spread (min–max
//     of the per-round ratios: the run-to-run noise); targets ≥ 0.65 (getLanguageModel, listWords), ≥ 0.5 (others);
//   - scale (bench/scale.mjs) and scheduler (bench/scheduler.mjs), against the same on-disk stack, medians of runs;
//   - text: corpus analysis throughput (bench/text.mjs, target: at least 10 MB/s in English);
//   - coldstart: per function as `sls package` builds it (bench/coldstart.mjs; targets: code at most 300 KB, module
//     load at most 50 ms, the Korean dictionary loaded in at most 300 ms);
//   - journal: what the request journal costs (issue 17): two npm start stacks side by side, STT_REQUEST_JOURNAL=background
//     (npm start's default) and off, each with its own ports and data; getLanguageModel at 1 and 20 clients in
//     alternating rounds, the median of the per-round ratios on/off and their spread; checks through
//     GET /_emulator/requests that the one wrote its journal and the other did not;
//   - reliability: SIGKILLs of npm start under writes (bench/reliability.mjs).
// BENCH_DURATION_S (5) and BENCH_ROUNDS (3) set the request rounds; BENCH_SECTIONS (a comma list of the names above;
// all by default) runs only some sections: bench/results.json then keeps the other sections' figures of earlier runs,
// with the date of each section's run in `sectionDates`.
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import {
  BUILD_CACHE, ROOT, clearBuildCache, freePorts, leftBehind, otherStacksOfRepository, processSnapshot, sampleMemory, startNpmStart,
  treeMemory, treePssMB,
} from './stack.mjs';
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
const WARM_UP_S = 2;
const SECOND_STARTS = 3;
const REST_MS = 5000;
const ALL_SECTIONS = ['startup', 'memory', 'request', 'scale', 'scheduler', 'journal', 'text', 'coldstart', 'reliability'];
const sections = new Set(process.env.BENCH_SECTIONS
  ? process.env.BENCH_SECTIONS.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean)
  : ALL_SECTIONS);
for (const name of sections) {
  if (!ALL_SECTIONS.includes(name)) {
    console.error(`BENCH_SECTIONS: unknown section '${name}' (sections: ${ALL_SECTIONS.join(', ')})`);
    process.exit(2);
  }
}
const RESULTS_FILE = join(ROOT, 'bench/results.json');
const TARGETS = {
  firstStartMs: 10_000, secondStartMs: 3_000, atRestMB: 450, peakUnderLoadMB: 600,
  ratio: { getLanguageModel: 0.65, listWords: 0.65, listLanguageModels: 0.5, recognize: 0.5 },
};
const STACK_METHOD = 'npm start (scripts/start.mjs), data on disk, logs on';
const FLOOR_METHOD = 'bench/floor.mjs: a bare node:http server in a child process, one DynamoDB call per request with a plain '
  + 'DynamoDBClient (keep-alive) against the same dynalite and table (getLanguageModel and recognize: GetItem of the model; '
  + 'listWords: Query of the model\'s words prefix; listLanguageModels: Query of the byOwner index), answering the bytes '
  + 'the emulator answered';

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round2 = (value) => Number(value.toFixed(2));

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

/** Headers of an answer that the server sets itself (and the floor's node:http sets the same way). */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
/** One request as autocannon sends it (no Accept-Encoding): the status, the headers but the transport's, the raw body. */
function answerOf(url, target, authorization) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url + target.path, {
      method: target.method ?? 'GET',
      headers: { authorization, ...(target.contentType ? { 'content-type': target.contentType } : {}) },
      agent: false,
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const headers = {};
        for (const [name, value] of Object.entries(response.headers)) if (!TRANSPORT_HEADERS.has(name)) headers[name] = value;
        resolve({ status: response.statusCode, headers, body: Buffer.concat(chunks) });
      });
    });
    request.on('error', reject);
    request.end(target.body);
  });
}

const started = Date.now();
const loadAtStart = loadavg();
// The local one-second tick of the scheduled function is off: the scheduler figures invoke it alone.
const timings = { STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0', STT_LOCAL_TICK_MS: '0' };
const ports = await freePorts();
const dataDir = mkdtempSync(join(tmpdir(), 'stt-bench-'));
const authorization = `Basic ${Buffer.from('apikey:bench').toString('base64')}`;
const results = {};
let stack;
let floor;
// Every npm start of this run that may still be running. It runs in a process group of its own, which a Ctrl-C in
// this terminal does not reach: a signal stops them here.
const running = new Set();
// The data directories of the journal section's two stacks (removed on a signal too).
const journalDirs = [];
const start = (env = timings) => startNpmStart({ dataDir, ports, env, onSpawn: (spawned) => running.add(spawned) });
const stop = async (spawned) => {
  const ms = await spawned.stop();
  running.delete(spawned);
  return ms;
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: stopping the stack…`);
    await floor?.stop();
    for (const spawned of running) await spawned.stop();
    for (const dir of [dataDir, ...journalDirs]) rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  if (sections.has('startup')) {
    // The first start builds every function: the build cache goes first. Other stacks of this repository (another
    // npm start, the tests) load their handlers from it; while one runs, the first start builds with
    // STT_BUILD_CACHE=off instead (the same build, into a fresh folder), and the figure says so.
    const others = otherStacksOfRepository();
    const buildCacheExisted = others.length ? existsSync(BUILD_CACHE) : clearBuildCache();
    const firstBuild = others.length ? `STT_BUILD_CACHE=off (cache kept: in use by pids ${others.join(', ')})`
      : `build cache ${buildCacheExisted ? 'cleared' : 'absent'}`;
    console.log(`startup: first start (${firstBuild})…`);
    const first = await start({ ...timings, ...(others.length ? { STT_BUILD_CACHE: 'off' } : {}) });
    const firstStopMs = await stop(first);
    // STT_BUILD_CACHE=off builds into .offline-build/cache/nocache-<pid of serverless-offline>-<ms>: remove that build.
    if (others.length && existsSync(BUILD_CACHE)) {
      const pids = new Set(first.pids().map(String));
      for (const name of readdirSync(BUILD_CACHE)) {
        if (name.startsWith('nocache-') && pids.has(name.split('-')[1])) rmSync(join(BUILD_CACHE, name), { recursive: true, force: true });
      }
    }
    const seconds = [];
    const stops = [firstStopMs];
    for (let i = 0; i < SECOND_STARTS; i++) {
      console.log(`startup: second start ${i + 1} of ${SECOND_STARTS}…`);
      const again = await start();
      seconds.push(again.readyMs);
      stops.push(await stop(again));
    }
    results.startup = {
      firstStartMs: first.readyMs,
      secondStartMs: median(seconds),
      secondStartRunsMs: seconds,
      stopMs: median(stops),
      firstStartBuild: firstBuild,
      buildCacheCleared: !others.length,
      targets: { firstStartMs: TARGETS.firstStartMs, secondStartMs: TARGETS.secondStartMs },
      note: `spawn to the first 200 of GET /v1/models; first: ${join('.offline-build', 'cache')} deleted before it `
        + '(or, while another stack of the repository uses it, STT_BUILD_CACHE=off); '
        + `second: the same data directory and ports, nothing changed (median of ${SECOND_STARTS})`,
    };
  }

  if (['memory', 'request', 'scale', 'scheduler'].some((name) => sections.has(name))) {
    stack = await start();
    console.log(`stack: npm start ready in ${stack.readyMs} ms on ${stack.url} (data on disk: ${dataDir})`);
  }
  if (sections.has('memory')) {
    await sleep(REST_MS);
    const rest = treeMemory(stack.pid);
    results.memory = {
      atRestMB: rest.totalMB,
      atRestPssMB: treePssMB(stack.pid),
      peakUnderLoadMB: null,
      targets: { atRestMB: TARGETS.atRestMB, peakUnderLoadMB: TARGETS.peakUnderLoadMB },
      processes: rest.processes,
      note: `RSS summed over the process tree of scripts/start.mjs (all descendants); at rest: ready + ${REST_MS / 1000} s, `
        + 'no requests; peak under load: sampled every 250 ms during the request section\'s autocannon runs against the stack '
        + '(warm-ups and rounds; the floor\'s rounds, which load the same dynalite, apart: peakDuringFloorRunsMB)',
    };
  }
  const sampler = sections.has('memory') && sections.has('request') ? { stack: undefined } : undefined;

  if (sections.has('request')) {
    const call = async (method, path, body) => {
      const response = await fetch(stack.url + path, {
        method, headers: { authorization, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body && JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    };
    if (sampler) sampler.stack = sampleMemory(stack.pid, 250);
    const phase = (name) => sampler?.stack.setPhase(name);
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
      { name: 'getLanguageModel', path: `/v1/customizations/${id}`, op: 'getModel' },
      { name: 'listLanguageModels', path: '/v1/customizations', op: 'queryOwner', count: (answer) => JSON.parse(answer).customizations.length },
      { name: 'listWords', path: `/v1/customizations/${id}/words`, note: '100 words', op: 'queryWords', count: (answer) => JSON.parse(answer).words.length },
      {
        name: 'recognize', path: `/v1/recognize?language_customization_id=${id}&timestamps=true`, note: '1 MB WAV, custom model',
        method: 'POST', body: audio, contentType: 'audio/wav', op: 'recognize',
      },
    ];
    // The emulator's answers, once, for the floor to send.
    const routes = [];
    for (const target of targets) {
      const answer = await answerOf(stack.url, target, authorization);
      if (answer.status !== 200) throw new Error(`${target.name}: the stack answered ${answer.status} ${answer.body.toString().slice(0, 300)}`);
      routes.push({
        method: target.method ?? 'GET', path: target.path.split('?')[0], op: target.op, modelId: id,
        ...(target.count ? { count: target.count(answer.body.toString('utf8')) } : {}),
        answer,
      });
    }
    floor = await startFloor({ dynamodbEndpoint: stack.dynamodbEndpoint, tableName: stack.tableName, routes });
    const servers = [{ name: 'stack', url: stack.url }, { name: 'floor', url: floor.url }];
    // Both answer the same status, body and headers (but the transaction id) before anything is measured.
    for (const target of targets) {
      const [mine, bare] = await Promise.all(servers.map((server) => answerOf(server.url, target, authorization)));
      const names = (answer) => Object.keys(answer.headers).sort().join(',');
      if (mine.status !== bare.status || !mine.body.equals(bare.body) || mine.headers['content-type'] !== bare.headers['content-type']
        || names(mine) !== names(bare)) {
        throw new Error(`${target.name}: stack and floor answer differently:\n${mine.status} ${JSON.stringify(mine.headers)} `
          + `${mine.body.toString().slice(0, 300)}\n${bare.status} ${JSON.stringify(bare.headers)} ${bare.body.toString().slice(0, 300)}`);
      }
    }
    const figures = [];
    for (const target of targets) {
      for (const connections of [1, 20]) {
        const options = (server, duration) => ({
          url: server.url + target.path, connections, duration, method: target.method ?? 'GET', body: target.body,
          headers: { authorization, ...(target.contentType ? { 'content-type': target.contentType } : {}) },
        });
        const rounds = { stack: [], floor: [] };
        // warm-up: loads the function, opens connections, lets the JIT compile both servers' paths
        for (const server of servers) {
          phase(server.name);
          await run(options(server, WARM_UP_S));
          phase(null);
        }
        for (let round = 0; round < ROUNDS; round++) {
          // Side by side: each round measures both, in alternating order.
          for (const server of round % 2 ? [...servers].reverse() : servers) {
            phase(server.name);
            const result = await run(options(server, DURATION_S));
            phase(null);
            if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target.name} (${server.name}): ${result.non2xx} non-2xx, ${result.errors} errors`);
            rounds[server.name].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 });
          }
        }
        const summary = (list) => ({
          requestsPerSecond: Math.round(median(list.map((r) => r.rps))),
          requestsPerSecondRange: [Math.round(Math.min(...list.map((r) => r.rps))), Math.round(Math.max(...list.map((r) => r.rps)))],
          p50Ms: median(list.map((r) => r.p50)),
          p99Ms: median(list.map((r) => r.p99)),
        });
        const ratios = rounds.stack.map((r, i) => r.rps / rounds.floor[i].rps);
        const figure = {
          operation: target.name,
          ...(target.note ? { note: target.note } : {}),
          clients: connections,
          ...summary(rounds.stack),
          floor: summary(rounds.floor),
          ratioToFloor: round2(median(ratios)),
          ratioSpread: [round2(Math.min(...ratios)), round2(Math.max(...ratios))],
          roundRatios: ratios.map(round2),
          target: TARGETS.ratio[target.name],
        };
        figures.push(figure);
        console.log(`request: ${figure.operation} at ${connections}: ${figure.requestsPerSecond} req/s, floor ${figure.floor.requestsPerSecond}, `
          + `ratio ${figure.ratioToFloor} (${figure.ratioSpread.join('–')})`);
      }
    }
    results.requestPath = figures;
    if (sampler) {
      const peaks = sampler.stack.stop();
      results.memory.peakUnderLoadMB = peaks.stack.peakMB;
      results.memory.peakSamples = peaks.stack.samples;
      results.memory.peakProcesses = peaks.stack.processes;
      results.memory.peakDuringFloorRunsMB = peaks.floor?.peakMB ?? null;
    }
    await floor.stop();
    floor = undefined;
  }

  if (sections.has('scale')) {
    const during = sections.has('memory') ? sampleMemory(stack.pid, 250) : undefined;
    during?.setPhase('scale');
    results.scale = await scaleFigures(stack.url, `Basic ${Buffer.from('apikey:bench-scale').toString('base64')}`, { rounds: ROUNDS });
    if (during) results.memory.peakDuringScaleMB = during.stop().scale.peakMB;
  }
  if (sections.has('scheduler')) {
    results.scheduler = await schedulerFigures({
      dynamodbEndpoint: stack.dynamodbEndpoint, tableName: stack.tableName, lambdaPort: stack.lambdaPort, rounds: ROUNDS,
    });
  }
} catch (error) {
  // What the stack logged last (its log goes with the data directory, removed below).
  const log = join(dataDir, 'emulator.log');
  if (existsSync(log)) console.error(`last lines of npm start's log:\n${readFileSync(log, 'utf8').split('\n').slice(-40).join('\n')}`);
  for (const spawned of running) if (spawned.output().trim()) console.error(`npm start's output:\n${spawned.output().slice(-4000)}`);
  throw error;
} finally {
  await floor?.stop();
  for (const spawned of running) await stop(spawned);
  rmSync(dataDir, { recursive: true, force: true });
}
// ---- journal: what the request journal costs (issue 17) ----
const JOURNAL_MODES = ['background', 'off'];
const JOURNAL_CHECK_LIMIT = 5;
const JOURNAL_NOTE = 'two npm start stacks side by side (own free ports, own data directory, the bench\'s timing env), '
  + 'STT_REQUEST_JOURNAL=background (npm start\'s default) and off; getLanguageModel (GET /v1/customizations/{id}) of a '
  + `model of each, a ${WARM_UP_S} s warm-up of each, then alternating rounds (medians); ratio: median of the per-round `
  + 'ratios on/off, spread: their min–max; afterwards GET /_emulator/requests?limit=5 answered enabled:true and 5 '
  + 'getLanguageModel entries on the one, enabled:false and no entries on the other';

/**
 * The journal section: two npm start stacks side by side, one with STT_REQUEST_JOURNAL=background, one with off, each
 * on free ports of its own and a temporary data directory of its own, with the bench's timing env. A model in each;
 * getLanguageModel at 1 and 20 clients: a warm-up of each, then ROUNDS rounds of DURATION_S on each in alternating
 * order. Then GET /_emulator/requests?limit=5 must show the journal written on the one and not on the other. Both
 * stacks stop, and their data directories go, whatever happens; a process of theirs still running fails the section.
 */
async function journalFigures() {
  const stacks = new Map();
  const spawnedHere = [];
  const snapshots = [];
  let figures;
  let failed = false;
  let left = [];
  try {
    // One after the other: the second start finds the first one's build in the build cache.
    for (const mode of JOURNAL_MODES) {
      const dir = mkdtempSync(join(tmpdir(), `stt-bench-journal-${mode}-`));
      journalDirs.push(dir);
      const spawned = await startNpmStart({
        dataDir: dir, ports: await freePorts(), env: { ...timings, STT_REQUEST_JOURNAL: mode },
        onSpawn: (started) => {
          running.add(started);
          spawnedHere.push(started);
        },
      });
      stacks.set(mode, spawned);
      console.log(`journal: npm start with STT_REQUEST_JOURNAL=${mode} ready in ${spawned.readyMs} ms on ${spawned.url} (data on disk: ${dir})`);
    }
    const servers = [];
    for (const mode of JOURNAL_MODES) {
      const { url } = stacks.get(mode);
      const response = await fetch(`${url}/v1/customizations`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench', base_model_name: 'en-US_BroadbandModel' }),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`journal (${mode}): POST /v1/customizations: ${response.status} ${text.slice(0, 300)}`);
      servers.push({ mode, url, path: `/v1/customizations/${JSON.parse(text).customization_id}` });
    }
    figures = [];
    for (const connections of [1, 20]) {
      const options = (server, duration) => ({ url: server.url + server.path, connections, duration, headers: { authorization } });
      for (const server of servers) await run(options(server, WARM_UP_S));
      const rounds = Object.fromEntries(JOURNAL_MODES.map((mode) => [mode, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const server of round % 2 ? [...servers].reverse() : servers) {
          const result = await run(options(server, DURATION_S));
          if (result.non2xx > 0 || result.errors > 0) {
            throw new Error(`journal: getLanguageModel (STT_REQUEST_JOURNAL=${server.mode}): ${result.non2xx} non-2xx, ${result.errors} errors`);
          }
          rounds[server.mode].push({ rps: result.requests.average, p99: result.latency.p99 });
        }
      }
      const ratios = rounds.background.map((r, i) => r.rps / rounds.off[i].rps);
      const figure = {
        clients: connections,
        onRps: Math.round(median(rounds.background.map((r) => r.rps))),
        offRps: Math.round(median(rounds.off.map((r) => r.rps))),
        ratio: round2(median(ratios)),
        spread: [round2(Math.min(...ratios)), round2(Math.max(...ratios))],
        onP99Ms: median(rounds.background.map((r) => r.p99)),
        offP99Ms: median(rounds.off.map((r) => r.p99)),
      };
      figures.push(figure);
      console.log(`journal: getLanguageModel at ${connections}: ${figure.onRps} req/s with the journal, ${figure.offRps} without, `
        + `ratio ${figure.ratio} (${figure.spread.join('–')})`);
    }
    // The journal was written on the one stack, and not on the other.
    const journals = {};
    for (const server of servers) {
      const response = await fetch(`${server.url}/_emulator/requests?limit=${JOURNAL_CHECK_LIMIT}`, { headers: { authorization } });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`journal (${server.mode}): GET /_emulator/requests: ${response.status} ${text.slice(0, 300)}`);
      journals[server.mode] = JSON.parse(text);
    }
    const on = journals.background;
    const off = journals.off;
    const written = on.enabled === true && Array.isArray(on.requests) && on.requests.length === JOURNAL_CHECK_LIMIT
      && on.requests.every((entry) => entry.operation === 'getLanguageModel' && entry.status === 200);
    const notWritten = JSON.stringify(off) === '{"enabled":false,"requests":[]}';
    if (!written || !notWritten) {
      throw new Error(`journal: GET /_emulator/requests?limit=${JOURNAL_CHECK_LIMIT} should answer enabled:true and `
        + `${JOURNAL_CHECK_LIMIT} getLanguageModel entries with STT_REQUEST_JOURNAL=background, {"enabled":false,"requests":[]} `
        + `with off; it answered:\nbackground: ${JSON.stringify(on).slice(0, 1000)}\noff: ${JSON.stringify(off).slice(0, 1000)}`);
    }
    console.log(`journal: checked: GET /_emulator/requests?limit=${JOURNAL_CHECK_LIMIT} answered enabled:true and `
      + `${on.requests.length} getLanguageModel entries (background), ${JSON.stringify(off)} (off)`);
  } catch (error) {
    failed = true;
    for (const spawned of spawnedHere) {
      const log = join(spawned.dataDir, 'emulator.log');
      if (existsSync(log)) console.error(`last lines of the log of npm start (${spawned.url}):\n${readFileSync(log, 'utf8').split('\n').slice(-40).join('\n')}`);
      if (spawned.output().trim()) console.error(`npm start's output (${spawned.url}):\n${spawned.output().slice(-4000)}`);
    }
    throw error;
  } finally {
    for (const spawned of spawnedHere) {
      snapshots.push(processSnapshot(spawned));
      await stop(spawned);
    }
    for (const dir of journalDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    left = snapshots.flatMap(leftBehind);
    if (failed && left.length) console.error(`journal: processes of the stopped stacks still run: ${left.join(', ')}`);
  }
  if (left.length) throw new Error(`journal: processes of the stopped stacks still run: ${left.join(', ')}`);
  return { getLanguageModel: figures, note: JOURNAL_NOTE };
}

if (sections.has('journal')) results.journal = await journalFigures();
if (sections.has('text')) results.text = textFigures({ rounds: ROUNDS });
if (sections.has('coldstart')) results.coldStart = coldStartFigures();
if (sections.has('reliability')) {
  // Crash consistency: its own npm start, SIGKILLed under a seeded write mix, restarted on its data (bench/reliability.mjs).
  const reliability = await reliabilityFigures({
    seconds: Number(process.env.BENCH_RELIABILITY_SECONDS ?? 20), kills: Number(process.env.BENCH_RELIABILITY_KILLS ?? 3), seed: 1,
  });
  results.reliability = (({ details: _details, ...counts }) => counts)(reliability);
}

// ---- the tables ----
const check = (ok) => (ok ? 'yes' : 'NO');
const STACK_LABEL = 'the on-disk npm start stack';
if (results.startup) {
  const s = results.startup;
  console.log(`\nStartup of npm start (${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start}, data on disk, logs on): spawn to the first 200 of GET /v1/models`);
  console.log('| start | ms | target | met |');
  console.log('|---|---:|---:|---|');
  console.log(`| first (${s.firstStartBuild}) | ${s.firstStartMs} | ≤ ${TARGETS.firstStartMs} | ${check(s.firstStartMs <= TARGETS.firstStartMs)} |`);
  console.log(`| second (nothing changed; median of ${s.secondStartRunsMs.join(', ')}) | ${s.secondStartMs} | ≤ ${TARGETS.secondStartMs} `
    + `| ${check(s.secondStartMs <= TARGETS.secondStartMs)} |`);
  console.log(`Stop (SIGTERM to the process group until every process is gone): median ${s.stopMs} ms`);
}
if (results.memory) {
  const m = results.memory;
  console.log(`\nMemory of ${STACK_LABEL}: RSS of the whole process tree of scripts/start.mjs`);
  console.log('| figure | MB | target | met |');
  console.log('|---|---:|---:|---|');
  console.log(`| at rest (ready + ${REST_MS / 1000} s, no requests) | ${m.atRestMB} | ≤ ${TARGETS.atRestMB} | ${check(m.atRestMB <= TARGETS.atRestMB)} |`);
  console.log(`| peak under load (every 250 ms, the stack's autocannon runs) | ${m.peakUnderLoadMB ?? 'not measured (needs the request section)'} `
    + `| ≤ ${TARGETS.peakUnderLoadMB} | ${m.peakUnderLoadMB === null ? '-' : check(m.peakUnderLoadMB <= TARGETS.peakUnderLoadMB)} |`);
  if (m.peakDuringFloorRunsMB != null) console.log(`| peak during the floor's runs (its reads load the stack's dynalite; no target) | ${m.peakDuringFloorRunsMB} | | |`);
  if (m.peakDuringScaleMB !== undefined) console.log(`| peak during the scale section (no target) | ${m.peakDuringScaleMB} | | |`);
  console.log(`At rest, PSS of the tree (shared pages counted once): ${m.atRestPssMB} MB. Per process at rest:`);
  console.log('| process | pid | RSS MB |');
  console.log('|---|---:|---:|');
  for (const proc of m.processes) console.log(`| ${proc.name} | ${proc.pid} | ${proc.rssMB} |`);
  if (m.peakProcesses) console.log(`At the peak: ${m.peakProcesses.map((proc) => `${proc.name} ${proc.rssMB} MB`).join(', ')}`);
}
if (results.requestPath) {
  console.log(`\nRequest path: ${STACK_LABEL} vs the floor (a bare node:http server, one DynamoDB call per request, same dynalite);`
    + ` medians of ${ROUNDS} alternating rounds of ${DURATION_S} s; spread = min–max of the per-round ratios (the run-to-run noise)`);
  console.log('| operation | clients | stack req/s | p50 ms | p99 ms | floor req/s | p50 ms | p99 ms | stack/floor | spread | target | met |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const f of results.requestPath) {
    console.log(`| ${f.operation}${f.note ? ` (${f.note})` : ''} | ${f.clients} | ${f.requestsPerSecond} | ${f.p50Ms} | ${f.p99Ms} `
      + `| ${f.floor.requestsPerSecond} | ${f.floor.p50Ms} | ${f.floor.p99Ms} | ${f.ratioToFloor} | ${f.ratioSpread.join('–')} `
      + `| ≥ ${f.target} | ${check(f.ratioToFloor >= f.target)} |`);
  }
}
if (results.scale || results.scheduler) {
  console.log(`\nScale and the scheduled function, against ${STACK_LABEL} (medians of ${ROUNDS} runs)`);
  console.log('| figure | value | notes |');
  console.log('|---|---:|---|');
  for (const figure of [...results.scale ?? [], ...results.scheduler ?? []]) console.log(`| ${figure.figure} | ${figure.value} ${figure.unit} | ${figure.note ?? ''} |`);
}
if (results.journal) {
  console.log('\nRequest journal: cost of STT_REQUEST_JOURNAL=background vs off (two npm start stacks, alternating rounds; '
    + `medians of ${ROUNDS} rounds of ${DURATION_S} s; spread = min–max of the per-round ratios)`);
  console.log('| operation | clients | background req/s | p99 ms | off req/s | p99 ms | background/off | spread |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const f of results.journal.getLanguageModel) {
    console.log(`| getLanguageModel | ${f.clients} | ${f.onRps} | ${f.onP99Ms} | ${f.offRps} | ${f.offP99Ms} | ${f.ratio} | ${f.spread.join('–')} |`);
  }
}
if (results.text) {
  console.log(`\nCorpus analysis (lib/text analyzeText, medians of ${ROUNDS} fresh processes; target ≥ 10 MB/s English)`);
  console.log('| language | MB | words | distinct | OOV | analysis ms | analysis MB/s | with OOV check MB/s |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const t of results.text) {
    console.log(`| ${t.language} | ${t.megabytes} | ${t.totalWords} | ${t.distinctWords} | ${t.oovWords} | ${t.analyzeMs} | ${t.analyzeMBps} | ${t.withOovMBps} |`);
  }
}
if (results.coldStart) {
  const coldStart = results.coldStart;
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
}
if (results.reliability) {
  const reliability = results.reliability;
  console.log(`\nReliability (bench/reliability.mjs: ${reliability.kills} SIGKILLs of npm start over ${reliability.workloadSeconds} s `
    + `of writes, seed ${reliability.seed}, ${reliability.wallSeconds} s; target: nothing lost, stuck, 5xx or mismatched)`);
  console.log('| acknowledged writes | interrupted writes | lost writes | stuck models | 5xx answers | listing/index mismatches | repaired by scheduler | ok |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
  console.log(`| ${reliability.acknowledgedWrites} | ${reliability.interruptedWrites} | ${reliability.lostWrites} | ${reliability.stuckModels} `
    + `| ${reliability.serverErrors} | ${reliability.listingMismatches + reliability.indexMismatches} | ${reliability.repairedByScheduler} | ${check(reliability.ok)} |`);
}

// ---- bench/results.json: this run's sections, and the earlier runs' figures of the sections not run ----
const KEYS = {
  startup: 'startup', memory: 'memory', request: 'requestPath', scale: 'scale', scheduler: 'scheduler',
  journal: 'journal', text: 'text', coldstart: 'coldStart', reliability: 'reliability',
};
let previous = {};
if (existsSync(RESULTS_FILE)) {
  try {
    previous = JSON.parse(readFileSync(RESULTS_FILE, 'utf8'));
  } catch {
    previous = {};
  }
}
const date = new Date().toISOString();
const sectionDates = {};
const output = {
  date,
  sections: ALL_SECTIONS.filter((name) => sections.has(name)),
  sectionDates,
  machine: {
    cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version,
    // Other work on the machine makes every figure slower: the load average before and after the run.
    loadAverageAtStart: loadAtStart.map((value) => round2(value)),
    loadAverageAtEnd: loadavg().map((value) => round2(value)),
  },
  method: {
    stack: STACK_METHOD,
    floor: FLOOR_METHOD,
    durationSeconds: DURATION_S, rounds: ROUNDS, statistic: 'median of rounds; spread: min–max of the per-round ratios',
    totalSeconds: Math.round((Date.now() - started) / 1000),
  },
};
for (const name of ALL_SECTIONS) {
  const key = KEYS[name];
  if (sections.has(name)) {
    output[key] = results[key];
    sectionDates[name] = date;
  } else if (previous[key] !== undefined) {
    output[key] = previous[key];
    sectionDates[name] = previous.sectionDates?.[name] ?? previous.date;
  } else if (name === 'scheduler' && Array.isArray(previous.scale)) {
    // results of before issue 16 kept the scheduler's figures in `scale`
    sectionDates[name] = previous.sectionDates?.scale ?? previous.date;
  }
}
writeFileSync(RESULTS_FILE, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\nwritten to bench/results.json (sections of this run: ${output.sections.join(', ')})`);
