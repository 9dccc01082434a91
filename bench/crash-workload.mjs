// Crash consistency against the real `npm start` (issue 18), shared by test/e2e/crash-restart.test.ts and
// bench/reliability.mjs: starts scripts/start.mjs on free ports and a data directory of its own, drives clients
// with a seeded random mix of writes over raw HTTP, SIGKILLs the whole process group at seeded moments and restarts
// it on the same data, then — once the lock lease of the last kill has run out and the scheduled function has run —
// checks that no acknowledged write was lost, that nothing answered 5xx, that no model is stuck busy, and that the
// listing and the words resource agree with what is stored.
//
// Bookkeeping, kept exact: every model belongs to one client, which sends one request at a time, so its writes
// apply in the order they were acknowledged. A 2xx makes an item known present (or absent); a 4xx changes nothing;
// a request cut off by a kill (or answered 5xx) makes what it touched unknown: never checked until a later
// acknowledged write makes it known again. Pools keep sources apart: user words are never corpus or grammar words
// (deleteWord removes a word whatever its source), corpora and grammars never share a name, and every corpus or
// grammar text carries a marker word of its own version.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random } from './random.mjs';
import { groupAlive } from './stack.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BASE_MODEL = 'en-US_BroadbandModel'; // previous generation: corpora and grammars add words
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** The lock lease the run gives `npm start` (STT_LOCK_LEASE_SECONDS): how long a killed request's lock holds. */
export const LEASE_SECONDS = 8;

export const freePort = () => new Promise((done, fail) => {
  const server = createServer();
  server.once('error', fail);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => done(port));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The process: `npm start`'s script, detached (its own process group), on fresh ports each time.

/** Starts scripts/start.mjs as `npm start` does, on free ports, and waits for its ready line. */
export async function startEmulator({ dataDir, env = {} }) {
  const ports = { PORT: await freePort(), STT_DYNAMODB_PORT: await freePort(), STT_LAMBDA_PORT: await freePort(), STT_WEBSOCKET_PORT: await freePort() };
  const child = spawn(process.execPath, ['--no-warnings', join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), STT_DATA_DIR: dataDir, ...env },
  });
  let output = '';
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const ready = new Promise((done, fail) => {
    const onData = (chunk) => {
      output = (output + chunk).slice(-20_000);
      const match = /ready on (http:\/\/\S+)/.exec(output);
      if (match) done(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => fail(new Error(`npm start exited before it was ready (${code ?? signal}): ${output}`)));
  });
  let timer;
  const timeout = new Promise((_done, fail) => {
    timer = setTimeout(() => fail(new Error(`npm start not ready in 120 s: ${output}`)), 120_000);
  });
  const emulator = { child, pid: child.pid, ports, exited, output: () => output, url: '' };
  try {
    emulator.url = await Promise.race([ready, timeout]);
  } catch (error) {
    await killEmulator(emulator);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return emulator;
}


/**
 * SIGKILL to the whole process group (start.mjs with dynalite, serverless-offline, esbuild): nothing runs a handler.
 * Waits until the group is gone, then removes the build folder a clean stop would have removed.
 */
export async function killEmulator(emulator) {
  try {
    process.kill(-emulator.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await emulator.exited;
  for (let i = 0; i < 100 && groupAlive(emulator.pid); i++) await sleep(50);
  rmSync(join(ROOT, '.offline-build', String(emulator.ports.PORT)), { recursive: true, force: true });
}

/** SIGTERM, as a user stops `npm start`; SIGKILL after 10 s. */
export async function stopEmulator(emulator) {
  try {
    process.kill(emulator.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  let timer;
  const stopped = await Promise.race([emulator.exited.then(() => true), new Promise((done) => { timer = setTimeout(() => done(false), 10_000); })]);
  clearTimeout(timer);
  if (!stopped || groupAlive(emulator.pid)) await killEmulator(emulator);
}

/** Invokes the scheduled function (advanceTraining) as serverless-offline runs it, through its Lambda API. */
export async function runScheduledFunction(emulator) {
  const response = await fetch(`http://127.0.0.1:${emulator.ports.STT_LAMBDA_PORT}/2015-03-31/functions/watson-stt-emulator-local-advanceTraining/invocations`, {
    method: 'POST', body: '{}', signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`advanceTraining: ${response.status} ${text}`);
  return JSON.parse(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Words and texts.

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
const FILLER = ['the', 'meeting', 'about', 'our', 'new', 'plan', 'was', 'held', 'today', 'and', 'we', 'discussed', 'report', 'with', 'team', 'again'];
const pick = (rng, list) => list[Math.floor(rng() * list.length)];
const chance = (rng, p) => rng() < p;

/** A made-up word no dictionary knows: syllables around a `q` cluster (`banoqriv`). */
function madeUpWord(rng) {
  const syllable = () => pick(rng, CONSONANTS) + pick(rng, VOWELS);
  return `${syllable()}${syllable()}q${syllable()}${pick(rng, CONSONANTS)}`;
}

let markers = 0;
/** A word unique to one version of one corpus or grammar text (`zqxbaf…`). */
function markerWord() {
  let n = ++markers;
  let letters = '';
  do {
    letters = String.fromCharCode(97 + (n % 26)) + letters;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `zqx${letters}vq`;
}

// ---------------------------------------------------------------------------------------------------------------
// The workload.

const CORPORA = ['c1', 'c2', 'c3'];
const GRAMMARS = ['g1', 'g2'];
const WRITES = new Set(['createLanguageModel', 'addCorpus', 'addCorpusOverwrite', 'deleteCorpus', 'addWords', 'deleteWord',
  'addGrammar', 'deleteGrammar', 'deleteLanguageModel', 'resetLanguageModel']);

/** A model as its client knows it: status and, per corpus, grammar and user word, present / absent / unknown. */
class ModelLedger {
  constructor(id, instance, client, rng) {
    this.id = id;
    this.instance = instance;
    this.client = client;
    this.status = 'present'; // 'present' | 'deleted' | 'unknown' | 'lost'
    this.corpora = new Map(); // name → { state, marker }
    this.grammars = new Map();
    this.words = new Map(); // user word → state
    const words = new Set();
    while (words.size < 16) words.add(madeUpWord(rng));
    const list = [...words];
    this.sourcePool = list.slice(0, 8); // corpus words; the first 3 also in grammars
    this.grammarPool = [...list.slice(0, 3), ...list.slice(8, 11)];
    this.userPool = list.slice(11);
  }

  state(map, name) {
    return map.get(name)?.state ?? map.get(name) ?? 'absent';
  }

  /** A reset (or an unknown one): everything present goes (or becomes unknown); absent things stay absent. */
  cleared(known) {
    for (const map of [this.corpora, this.grammars]) {
      for (const [name, entry] of map) map.set(name, known ? { state: 'absent' } : { ...entry, state: entry.state === 'absent' ? 'absent' : 'unknown' });
    }
    for (const [word, state] of this.words) this.words.set(word, known || state === 'absent' ? 'absent' : 'unknown');
  }
}

export class CrashWorkload {
  constructor({ seed, instances = 2, clientsPerInstance = 3, modelsPerClient = 2, thinkMs = [5, 40] }) {
    this.seed = seed;
    this.started = Date.now();
    this.models = []; // every ModelLedger ever created (acknowledged)
    this.journal = []; // every request: { t, client, op, model, item, status | error, epoch }
    this.serverErrors = [];
    this.unexpectedNetworkErrors = [];
    this.lostWrites = [];
    this.statusCounts = {};
    this.acknowledgedWrites = 0;
    this.interrupted = 0;
    this.epoch = 0; // increases at each kill
    this.url = '';
    this.gate = null; // a promise while the emulator is down
    this.openGate = () => {};
    this.stopping = false;
    this.clients = [];
    this.modelsPerClient = modelsPerClient;
    this.thinkMs = thinkMs;
    for (let instance = 0; instance < instances; instance++) {
      const authorization = `Basic ${Buffer.from(`apikey:crash-${seed}-instance-${instance}`).toString('base64')}`;
      for (let c = 0; c < clientsPerInstance; c++) {
        const index = this.clients.length;
        this.clients.push({ name: `i${instance}c${c}`, instance, authorization, rng: random(seed * 1000 + index + 1), models: [] });
      }
    }
    this.instances = [...new Set(this.clients.map((client) => client.authorization))];
  }

  elapsed() {
    return Date.now() - this.started;
  }

  /** The emulator answers at url: clients go on. */
  open(url) {
    this.url = url;
    this.openGate();
    this.gate = null;
  }

  /** The emulator is about to die: new requests wait (those in flight are cut off). */
  close() {
    if (!this.gate) this.gate = new Promise((done) => { this.openGate = done; });
  }

  killed() {
    this.epoch += 1;
  }

  /** One HTTP request; never throws. `outcome`: ack (2xx), refused (4xx), server (5xx), interrupted (cut by a kill). */
  async request(client, method, path, body, type) {
    const epoch = this.epoch;
    const headers = { authorization: client.authorization, ...(type ? { 'content-type': type } : {}) };
    try {
      const response = await fetch(this.url + path, { method, headers, body, signal: AbortSignal.timeout(20_000) });
      const text = await response.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const status = response.status;
      this.statusCounts[status] = (this.statusCounts[status] ?? 0) + 1;
      return { status, json, text, outcome: status < 300 ? 'ack' : status < 500 ? 'refused' : 'server' };
    } catch (error) {
      const reason = `${error.name}: ${error.cause?.code ?? error.cause?.message ?? error.message}`;
      if (this.epoch === epoch) {
        this.unexpectedNetworkErrors.push({ t: this.elapsed(), client: client.name, method, path, reason });
      }
      this.statusCounts.interrupted = (this.statusCounts.interrupted ?? 0) + 1;
      return { status: 0, reason, outcome: 'interrupted' };
    }
  }

  record(client, op, model, item, result) {
    const entry = { t: this.elapsed(), epoch: this.epoch, client: client.name, op, model: model?.id, item, status: result.status || result.reason };
    this.journal.push(entry);
    if (result.outcome === 'server') this.serverErrors.push({ ...entry, body: result.text?.slice(0, 500) });
    if (result.outcome === 'interrupted' && WRITES.has(op)) this.interrupted += 1;
    if (result.outcome === 'ack' && WRITES.has(op)) this.acknowledgedWrites += 1;
    // Any answer of a model its client knows to exist that says it does not: the model was lost.
    if (model?.status === 'present' && result.status === 401) {
      this.lost(model, `model answered 401 to ${op}`, result.text);
      model.status = 'lost';
    }
  }

  lost(model, what, detail) {
    this.lostWrites.push({ t: this.elapsed(), model: model.id, client: model.client, what, detail: detail?.slice(0, 300) });
  }

  /** The clients' loops; resolves once stop() was called and every client finished its request. */
  run() {
    this.running = Promise.all(this.clients.map(async (client) => {
      while (!this.stopping) {
        if (this.gate) await this.gate;
        if (this.stopping) break;
        await this.step(client);
        const [low, high] = this.thinkMs;
        await sleep(low + client.rng() * (high - low));
      }
    }));
    return this.running;
  }

  async stop() {
    this.stopping = true;
    this.openGate();
    await this.running;
  }

  /** One seeded random operation of a client. */
  async step(client) {
    const { rng } = client;
    client.models = client.models.filter((model) => model.status === 'present');
    if (client.models.length === 0 || (client.models.length < this.modelsPerClient && chance(rng, 0.1))) {
      const result = await this.request(client, 'POST', '/v1/customizations',
        JSON.stringify({ name: `crash ${client.name}`, base_model_name: BASE_MODEL }), 'application/json');
      this.record(client, 'createLanguageModel', undefined, undefined, result);
      if (result.outcome === 'ack') {
        const model = new ModelLedger(result.json.customization_id, client.instance, client.name, rng);
        this.models.push(model);
        client.models.push(model);
        this.journal.at(-1).model = model.id;
      }
      return;
    }
    const model = pick(rng, client.models);
    const base = `/v1/customizations/${model.id}`;
    const roll = rng();
    if (roll < 0.18) { // addCorpus (a new one, or refused when it exists)
      const name = pick(rng, CORPORA);
      await this.addSource(client, model, 'addCorpus', model.corpora, name, false);
    } else if (roll < 0.28) { // addCorpus?allow_overwrite=true
      const name = pick(rng, CORPORA);
      await this.addSource(client, model, 'addCorpusOverwrite', model.corpora, name, true);
    } else if (roll < 0.37) { // deleteCorpus
      const name = pick(rng, CORPORA);
      const result = await this.request(client, 'DELETE', `${base}/corpora/${name}`);
      this.record(client, 'deleteCorpus', model, name, result);
      this.settleDelete(model, model.corpora, name, result, /does not exist/, 400);
    } else if (roll < 0.52) { // addWords
      const words = [...new Set(Array.from({ length: 1 + Math.floor(rng() * 3) }, () => pick(rng, model.userPool)))];
      const body = { words: words.map((word) => (chance(rng, 0.5) ? { word, sounds_like: [word.replace('q', ' queue ')] } : { word })) };
      const result = await this.request(client, 'POST', `${base}/words`, JSON.stringify(body), 'application/json');
      this.record(client, 'addWords', model, words.join(','), result);
      for (const word of words) {
        if (result.outcome === 'ack') model.words.set(word, 'present');
        else if (result.outcome !== 'refused') model.words.set(word, 'unknown');
      }
    } else if (roll < 0.62) { // deleteWord
      const word = pick(rng, model.userPool);
      const result = await this.request(client, 'DELETE', `${base}/words/${word}`);
      this.record(client, 'deleteWord', model, word, result);
      const state = model.words.get(word) ?? 'absent';
      if (result.outcome === 'ack') model.words.set(word, 'absent');
      else if (result.outcome !== 'refused') model.words.set(word, state === 'absent' ? 'absent' : 'unknown');
      else if (result.status === 404 && state === 'present') this.lost(model, `acknowledged user word '${word}' is gone (deleteWord 404)`, result.text);
    } else if (roll < 0.74) { // addGrammar, with or without allow_overwrite
      await this.addSource(client, model, 'addGrammar', model.grammars, pick(rng, GRAMMARS), chance(rng, 0.5));
    } else if (roll < 0.82) { // deleteGrammar
      const name = pick(rng, GRAMMARS);
      const result = await this.request(client, 'DELETE', `${base}/grammars/${name}`);
      this.record(client, 'deleteGrammar', model, name, result);
      this.settleDelete(model, model.grammars, name, result, /does not exist/, 404);
    } else if (roll < 0.86) { // resetLanguageModel
      const result = await this.request(client, 'POST', `${base}/reset`);
      this.record(client, 'resetLanguageModel', model, undefined, result);
      if (result.outcome === 'ack') model.cleared(true);
      else if (result.outcome !== 'refused') model.cleared(false);
    } else if (roll < 0.89) { // deleteLanguageModel
      const result = await this.request(client, 'DELETE', base);
      this.record(client, 'deleteLanguageModel', model, undefined, result);
      if (result.outcome === 'ack') model.status = 'deleted';
      else if (result.outcome !== 'refused' && model.status === 'present') model.status = 'unknown';
    } else { // reads: they must answer too
      const path = pick(rng, ['', '/corpora', '/grammars', '/words', '/words?word_type=corpora']);
      const result = await this.request(client, 'GET', base + path);
      this.record(client, `GET${path || ' model'}`, model, undefined, result);
    }
  }

  /** addCorpus / addGrammar: the text carries a marker word of this version. */
  async addSource(client, model, op, map, name, overwrite) {
    const { rng } = client;
    const marker = markerWord();
    const grammar = map === model.grammars;
    let body;
    if (grammar) {
      const words = [...new Set(Array.from({ length: 2 + Math.floor(rng() * 3) }, () => pick(rng, model.grammarPool)))];
      body = `#ABNF 1.0;\nroot $${name};\n$${name} = ${[...words, marker].join(' | ')} | the ${words[0]} ;\n`;
    } else {
      const sentences = [];
      for (let s = 0; s < 1 + Math.floor(rng() * 3); s++) {
        const words = Array.from({ length: 4 + Math.floor(rng() * 6) }, () => (chance(rng, 0.4) ? pick(rng, model.sourcePool) : pick(rng, FILLER)));
        if (s === 0) words.splice(Math.floor(rng() * words.length), 0, marker);
        sentences.push(`${words.join(' ')}.`);
      }
      body = sentences.join(' ');
    }
    const kind = grammar ? 'grammars' : 'corpora';
    const query = overwrite ? '?allow_overwrite=true' : '';
    const result = await this.request(client, 'POST', `/v1/customizations/${model.id}/${kind}/${name}${query}`, body,
      grammar ? 'application/srgs' : 'text/plain');
    this.record(client, op, model, `${name}${overwrite ? ' (overwrite)' : ''} ${marker}`, result);
    const state = model.state(map, name);
    if (result.outcome === 'ack') map.set(name, { state: 'present', marker });
    else if (result.outcome !== 'refused') map.set(name, { state: 'unknown' });
    else if (!overwrite && result.status === 400 && /already exists/.test(result.text) && state === 'absent') {
      this.lost(model, `${grammar ? 'grammar' : 'corpus'} '${name}' exists after an acknowledged delete or reset (${op} 400)`, result.text);
    }
  }

  settleDelete(model, map, name, result, notFoundPattern, notFoundStatus) {
    const state = model.state(map, name);
    if (result.outcome === 'ack') map.set(name, { state: 'absent' });
    else if (result.outcome !== 'refused') map.set(name, { state: state === 'absent' ? 'absent' : 'unknown' });
    else if (result.status === notFoundStatus && notFoundPattern.test(result.text) && state === 'present') {
      this.lost(model, `acknowledged ${map === model.corpora ? 'corpus' : 'grammar'} '${name}' is gone (delete ${result.status})`, result.text);
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // The final checks: with the clients stopped, the lease run out and the scheduled function run.

  async verify() {
    const found = { lostWrites: [], stuckModels: [], listingMismatches: [], indexMismatches: [], serverErrors: [], modelsChecked: 0 };
    const get = async (authorization, path, method = 'GET', body) => {
      const client = { name: 'verify', authorization };
      const result = await this.request(client, method, path, body, body ? 'application/json' : undefined);
      if (result.outcome === 'server' || result.outcome === 'interrupted') {
        found.serverErrors.push({ method, path, status: result.status || result.reason, body: result.text?.slice(0, 300) });
      }
      return result;
    };
    for (const authorization of this.instances) {
      const listing = await get(authorization, '/v1/customizations');
      const listed = new Set((listing.json?.customizations ?? []).map((model) => model.customization_id));
      const known = this.models.filter((model) => this.clients.find((client) => client.name === model.client).authorization === authorization);
      // Acknowledged creates and deletes.
      for (const model of known) {
        if (model.status === 'present' && !listed.has(model.id)) {
          const single = await get(authorization, `/v1/customizations/${model.id}`);
          if (single.status === 200) found.listingMismatches.push({ model: model.id, detail: 'GET answers 200 but the listing lacks it' });
          else found.lostWrites.push({ model: model.id, what: 'acknowledged model is gone', detail: single.text?.slice(0, 200) });
        }
        if (model.status === 'deleted') {
          const single = await get(authorization, `/v1/customizations/${model.id}`);
          if (listed.has(model.id) || single.status !== 401) {
            found.lostWrites.push({ model: model.id, what: 'acknowledged delete lost', detail: `listed ${listed.has(model.id)}, GET ${single.status}` });
          }
        }
      }
      // Every listed model: readable, its sources and words agree, and it takes a write.
      for (const id of listed) {
        found.modelsChecked += 1;
        const base = `/v1/customizations/${id}`;
        const single = await get(authorization, base);
        if (single.status !== 200) {
          found.listingMismatches.push({ model: id, detail: `listed, but GET answers ${single.status} ${single.text?.slice(0, 200)}` });
          continue;
        }
        const [corpora, grammars, all, fromCorpora, fromGrammars] = await Promise.all(
          ['/corpora', '/grammars', '/words', '/words?word_type=corpora', '/words?word_type=grammars'].map((path) => get(authorization, base + path)));
        const corpusList = corpora.json?.corpora ?? [];
        const grammarList = grammars.json?.grammars ?? [];
        const words = all.json?.words ?? [];
        const sources = new Set([...corpusList, ...grammarList].map((source) => source.name));
        for (const [list, kind, byType] of [[corpusList, 'corpus', fromCorpora], [grammarList, 'grammar', fromGrammars]]) {
          for (const source of list) {
            if (source.status === 'being_processed') found.stuckModels.push({ model: id, detail: `${kind} '${source.name}' still being_processed` });
            if (source.status !== 'analyzed') continue;
            const contributed = (byType.json?.words ?? []).filter((word) => word.source.includes(source.name)).length;
            if (contributed !== source.out_of_vocabulary_words) {
              found.indexMismatches.push({ model: id, detail: `${kind} '${source.name}': out_of_vocabulary_words ${source.out_of_vocabulary_words}, `
                + `but ${contributed} words name it as a source` });
            }
          }
        }
        for (const word of words) {
          const orphan = word.source.filter((source) => source !== 'user' && !sources.has(source));
          if (orphan.length) found.indexMismatches.push({ model: id, detail: `word '${word.word}' names sources that do not exist: ${orphan.join(', ')}` });
          if (word.source.length === 0) found.indexMismatches.push({ model: id, detail: `word '${word.word}' has no source` });
        }
        const model = known.find((candidate) => candidate.id === id);
        if (model?.status === 'present') this.checkKnown(model, corpusList, grammarList, words, found);
      }
      // Not stuck: a write answers (not 409) now that every lease has run out.
      for (const id of listed) {
        const probe = await get(authorization, `/v1/customizations/${id}/words/zqxprobevq`, 'PUT', '{}');
        if (probe.status === 409 || probe.status >= 300) found.stuckModels.push({ model: id, detail: `PUT words answers ${probe.status} ${probe.text?.slice(0, 200)}` });
      }
    }
    return found;
  }

  /** What the client knows of a model it holds against what the emulator answers. */
  checkKnown(model, corpusList, grammarList, words, found) {
    const lost = (what) => found.lostWrites.push({ model: model.id, client: model.client, what });
    const byWord = new Map(words.map((word) => [word.word, word]));
    for (const [map, list, kind] of [[model.corpora, corpusList, 'corpus'], [model.grammars, grammarList, 'grammar']]) {
      for (const [name, entry] of map) {
        const listed = list.some((source) => source.name === name);
        if (entry.state === 'present') {
          if (!listed) lost(`acknowledged ${kind} '${name}' is gone`);
          else if (!byWord.get(entry.marker)?.source.includes(name)) {
            lost(`${kind} '${name}' is not the last acknowledged version: its marker '${entry.marker}' is not a word from it`);
          }
        }
        if (entry.state === 'absent') {
          if (listed) lost(`${kind} '${name}' exists after an acknowledged delete or reset`);
          const holders = words.filter((word) => word.source.includes(name)).map((word) => word.word);
          if (holders.length) lost(`words still name deleted ${kind} '${name}' as a source: ${holders.join(', ')}`);
        }
      }
    }
    for (const [word, state] of model.words) {
      const stored = byWord.get(word);
      if (state === 'present' && !stored?.source.includes('user')) lost(`acknowledged user word '${word}' is gone`);
      if (state === 'absent' && stored) lost(`user word '${word}' exists after an acknowledged delete or reset`);
    }
  }

  /** The requests on one model, for a report. */
  journalOf(modelId) {
    return this.journal.filter((entry) => entry.model === modelId);
  }
}

/**
 * The whole run: start, workload, `kills` SIGKILLs at seeded moments over `seconds` of workload (each followed by a
 * restart on the same data), then the workload goes on until 5 s before the lock lease of the last kill runs out
 * (STT_LOCK_LEASE_SECONDS, short for the run), the clients stop, the lease runs out, the scheduled function
 * runs (twice: the second run must find nothing left to repair), and the checks. Answers the counts and what each
 * check found.
 */
export async function crashRun({ seed = 1, kills = 2, seconds = 6, instances = 2, clientsPerInstance = 3, log = () => {} } = {}) {
  const rng = random(seed ^ 0x5bd1e995);
  const lease = LEASE_SECONDS * 1000;
  const dataDir = mkdtempSync(join(tmpdir(), 'stt-crash-'));
  const env = {
    STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0', STT_GRAMMAR_SECONDS: '0', STT_TRAINING_SECONDS: '1', STT_UPGRADE_SECONDS: '1',
    STT_LOG_FORMAT: 'json', STT_LOG_FILE: join(dataDir, 'emulator.log'), STT_LOCK_LEASE_SECONDS: String(LEASE_SECONDS),
  };
  const workload = new CrashWorkload({ seed, instances, clientsPerInstance });
  const timeline = [];
  const note = (event) => {
    timeline.push({ t: workload.elapsed(), event });
    log(`${(workload.elapsed() / 1000).toFixed(1)} s ${event}`);
  };
  // Kill moments: each phase of workload about seconds / kills long (half to one and a half of it), seeded.
  const phases = Array.from({ length: kills }, () => Math.round((seconds * 1000 / kills) * (0.5 + rng())));
  let emulator;
  let lastKill = 0;
  let scheduler = [];
  let found;
  try {
    emulator = await startEmulator({ dataDir, env });
    note(`started on ${emulator.url} (data ${dataDir})`);
    workload.open(emulator.url);
    const running = workload.run();
    for (const [index, phase] of phases.entries()) {
      await sleep(phase);
      workload.close();
      workload.killed(); // before the kill: the requests it cuts off are expected to fail
      lastKill = Date.now();
      await killEmulator(emulator);
      note(`SIGKILL ${index + 1} after ${phase} ms of workload`);
      emulator = await startEmulator({ dataDir, env });
      note(`restarted on ${emulator.url}`);
      workload.open(emulator.url);
    }
    // Locks that the kills cut off hold until their lease runs out. The clients go on meanwhile (409 on those models;
    // a lock of an earlier kill that runs out is taken over, and repaired, by the next write) and stop a little before
    // the leases of the last kill run out: the scheduled function takes those over and repairs them.
    await sleep(Math.max(0, lastKill + lease - 5000 - Date.now()));
    await workload.stop();
    await running;
    note('clients stopped');
    await sleep(Math.max(0, lastKill + lease + 1000 - Date.now()));
    note('lease of the last kill ran out');
    scheduler = [await runScheduledFunction(emulator), await runScheduledFunction(emulator)];
    note(`scheduled function: ${JSON.stringify(scheduler[0])}, then ${JSON.stringify(scheduler[1])}`);
    found = await workload.verify();
    note(`checked ${found.modelsChecked} models`);
  } catch (error) {
    error.message += ` (seed ${seed}; data kept in ${dataDir}; timeline ${JSON.stringify(timeline)})`;
    throw error;
  } finally {
    await workload.stop();
    if (emulator) await stopEmulator(emulator);
  }
  const logTail = readFileSync(env.STT_LOG_FILE, 'utf8').split('\n').filter((line) => /"level":"error"|"status":5\d\d/.test(line)).slice(-20);
  rmSync(dataDir, { recursive: true, force: true });
  const serverErrors = [...workload.serverErrors, ...found.serverErrors];
  return {
    seed, kills, seconds, phases, timeline, scheduler,
    counts: {
      requests: workload.journal.length,
      acknowledgedWrites: workload.acknowledgedWrites,
      interruptedWrites: workload.interrupted,
      lostWrites: workload.lostWrites.length + found.lostWrites.length,
      stuckModels: new Set(found.stuckModels.map((entry) => entry.model)).size,
      serverErrors: serverErrors.length,
      unexpectedNetworkErrors: workload.unexpectedNetworkErrors.length,
      listingMismatches: found.listingMismatches.length,
      indexMismatches: found.indexMismatches.length,
      modelsChecked: found.modelsChecked,
      repairedByScheduler: scheduler[0]?.repaired ?? 0,
      leftForSecondSchedulerRun: scheduler[1]?.repaired ?? 0,
    },
    statusCounts: workload.statusCounts,
    lostWrites: [...workload.lostWrites, ...found.lostWrites],
    stuckModels: found.stuckModels,
    serverErrors,
    unexpectedNetworkErrors: workload.unexpectedNetworkErrors,
    listingMismatches: found.listingMismatches,
    indexMismatches: found.indexMismatches,
    errorLogLines: logTail,
    journalOf: (id) => workload.journalOf(id),
  };
}
