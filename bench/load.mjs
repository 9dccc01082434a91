// `npm run load -- --url <base> [--duration s] [--users n] [--timing instant|realistic|keep] [--rate r]`: a load
// test of a running emulator (local or deployed) with the scenario real clients follow, over many virtual users with
// distinct credentials: create a model, add a corpus, poll until it is analyzed, add words, poll until the model is
// ready, train, poll until it is available, list, delete — and again. Driven by autocannon: each user's one request
// slot runs the scenario as a small state machine (the next request depends on the last answer), so polling goes on
// until the status arrives, as in a real client; `--rate` caps each user's requests per second (a client that polls
// twice a second: `--rate 2`; unset: as fast as the emulator answers). Reports throughput, latency percentiles,
// answers by status, and completed scenarios with their duration.
// `--timing` sets each user's timings through the control API before the run: `instant` (no waiting), `realistic`
// (corpus 10 s, words 5 s, training 30 s, ...: users poll meanwhile), or `keep` (the emulator's own settings; for
// deployments with the control API off).
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '20' },
    users: { type: 'string', default: '10' },
    timing: { type: 'string', default: 'instant' },
    rate: { type: 'string' },
  },
});
const TIMINGS = {
  instant: { '*': { mode: 'immediate' } },
  realistic: {
    corpus: { mode: 'delay', seconds: 10 }, words: { mode: 'delay', seconds: 5 }, grammar: { mode: 'delay', seconds: 10 },
    training: { mode: 'delay', seconds: 30 }, upgrade: { mode: 'delay', seconds: 30 },
  },
  keep: undefined,
};
const usage = 'usage: npm run load -- --url <base URL> [--duration seconds] [--users n] [--timing instant|realistic|keep] [--rate requests/s per user]';
if (!values.url || !(values.timing in TIMINGS)) {
  console.error(usage);
  process.exit(2);
}
const base = values.url.replace(/\/$/, '');
const rate = values.rate === undefined ? undefined : Number(values.rate);
if (rate !== undefined && !(rate > 0)) {
  console.error(usage);
  process.exit(2);
}
const json = { 'content-type': 'application/json' };
const basic = (apikey) => `Basic ${Buffer.from(`apikey:${apikey}`).toString('base64')}`;

/** Each virtual user (connection) has its own API key, so its own instance in open mode. */
const apikeys = Array.from({ length: Number(values.users) }, () => `load-${randomUUID()}`);
let nextKey = 0;

// Each user's instance gets the chosen timings through the control API before the run.
if (TIMINGS[values.timing]) {
  const answers = await Promise.all(apikeys.map((apikey) => fetch(`${base}/_emulator/timing`, {
    method: 'PUT',
    headers: { ...json, authorization: basic(apikey) },
    body: JSON.stringify(TIMINGS[values.timing]),
  }).then((response) => response.status, (error) => String(error))));
  const failed = answers.filter((status) => status !== 200);
  if (failed.length) {
    console.error(`could not set --timing ${values.timing} (control API answered ${failed[0]}; off in strict mode?): `
      + 'running with the emulator\'s own timings');
  }
}

const CORPUS = 'The zorbliq pump failed twice.\nCall Dr. Quaxley about the ECMO unit.\n';
const WORDS = JSON.stringify({ words: [{ word: 'Quaxley', sounds_like: ['quack lee'] }] });
const model = (context) => `/v1/customizations/${context.id}`;

/**
 * The scenario, step by step: the request of each step, and from its answer the next step. A poll repeats until its
 * status arrives; a 409 (the model busy) repeats the step, as a client that waits would.
 */
const STEPS = {
  create: {
    request: () => ({ method: 'POST', path: '/v1/customizations', headers: json, body: JSON.stringify({ name: 'load test', base_model_name: 'en-US_BroadbandModel' }) }),
    next: (status, body, context) => {
      if (status !== 201) return 'create';
      context.id = JSON.parse(body).customization_id;
      context.started = Date.now();
      return 'addCorpus';
    },
  },
  addCorpus: {
    request: (context) => ({ method: 'POST', path: `${model(context)}/corpora/notes`, headers: { 'content-type': 'text/plain' }, body: CORPUS }),
    next: (status) => (status === 201 ? 'pollCorpus' : 'addCorpus'),
  },
  pollCorpus: {
    request: (context) => ({ method: 'GET', path: `${model(context)}/corpora/notes` }),
    next: (status, body) => (status === 200 && JSON.parse(body).status === 'analyzed' ? 'addWords' : 'pollCorpus'),
  },
  addWords: {
    request: (context) => ({ method: 'POST', path: `${model(context)}/words`, headers: json, body: WORDS }),
    next: (status) => (status === 201 ? 'pollReady' : 'addWords'),
  },
  pollReady: {
    request: (context) => ({ method: 'GET', path: model(context) }),
    next: (status, body) => (status === 200 && JSON.parse(body).status === 'ready' ? 'train' : 'pollReady'),
  },
  train: {
    request: (context) => ({ method: 'POST', path: `${model(context)}/train` }),
    next: (status) => (status === 200 ? 'pollAvailable' : 'train'),
  },
  pollAvailable: {
    request: (context) => ({ method: 'GET', path: model(context) }),
    next: (status, body) => (status === 200 && JSON.parse(body).status === 'available' ? 'list' : 'pollAvailable'),
  },
  list: {
    request: () => ({ method: 'GET', path: '/v1/customizations' }),
    next: () => 'delete',
  },
  delete: {
    request: (context) => ({ method: 'DELETE', path: model(context) }),
    next: (status, _body, context) => {
      if (status === 409) return 'delete';
      if (status === 200) scenarios.push(Date.now() - context.started);
      return 'create';
    },
  },
};
const scenarios = [];

/** One request slot that runs the scenario for its user. */
const scenarioRequest = {
  setupRequest: (request, context) => {
    context.apikey ??= apikeys[nextKey++ % apikeys.length];
    context.step ??= 'create';
    const { method, path, headers = {}, body } = STEPS[context.step].request(context);
    return { ...request, method, path, headers: { ...headers, authorization: basic(context.apikey) }, body };
  },
  onResponse: (status, body, context) => {
    try {
      context.step = STEPS[context.step].next(status, body, context);
    } catch {
      // an answer that is not the JSON the step expects: the step is tried again
    }
  },
};

// autocannon clears a user's context each time it has gone through its list of requests: the list is the one slot
// repeated often enough that no user gets through it during a run.
const result = await autocannon({
  url: base,
  connections: apikeys.length,
  duration: Number(values.duration),
  ...(rate === undefined ? {} : { connectionRate: rate }),
  requests: Array.from({ length: 100_000 }, () => scenarioRequest),
});

const sorted = [...scenarios].sort((a, b) => a - b);
console.log(`\nload: ${values.users} users for ${values.duration} s against ${base}, timing ${values.timing}`);
console.log(`requests: ${result.requests.total} (${Math.round(result.requests.average)} req/s)`);
console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
console.log('answers by status:', JSON.stringify(Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count]),
)));
console.log(`scenarios completed: ${scenarios.length}${sorted.length ? `, median ${sorted[Math.floor(sorted.length / 2)]} ms from create to delete` : ''}`);
console.log(`errors (no answer): ${result.errors}, timeouts: ${result.timeouts}`);
