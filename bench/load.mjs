// `npm run load -- --url <base> [--duration s] [--users n]`: a load test of a running emulator (local or deployed)
// with the scenario real clients follow, over many virtual users with distinct credentials: create a model, add a
// corpus, poll, add words, train, poll, list, delete. Driven by autocannon; reports throughput, latency percentiles
// and answers by status. `--timing` sets each user's timings through the control API before the run: `instant`
// (every step succeeds), `realistic` (seconds, as STT_*_SECONDS defaults: steps taken while the model is busy answer
// 409, as the service would), or `keep` (the emulator's own settings; for deployments with the control API off).
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
if (!(values.timing in TIMINGS)) {
  console.error(`--timing must be one of ${Object.keys(TIMINGS).join(', ')}`);
  process.exit(2);
}
if (!values.url) {
  console.error('usage: npm run load -- --url <base URL> [--duration seconds] [--users n] [--timing instant|realistic|keep]');
  process.exit(2);
}
const base = values.url.replace(/\/$/, '');
const json = { 'content-type': 'application/json' };

const basic = (apikey) => `Basic ${Buffer.from(`apikey:${apikey}`).toString('base64')}`;

/** Each virtual user (connection) has its own API key, so its own instance in open mode. */
const apikeys = Array.from({ length: Number(values.users) }, () => `load-${randomUUID()}`);
let nextKey = 0;
function auth(context) {
  context.apikey ??= apikeys[nextKey++ % apikeys.length];
  return basic(context.apikey);
}

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

const step = (method, path, extra = {}) => ({
  method,
  setupRequest: (request, context) => ({
    ...request,
    path: typeof path === 'function' ? path(context) : path,
    headers: { ...request.headers, ...(extra.headers ?? {}), authorization: auth(context) },
    ...(extra.body ? { body: typeof extra.body === 'function' ? extra.body(context) : extra.body } : {}),
  }),
  ...(extra.onResponse ? { onResponse: extra.onResponse } : {}),
});

const model = (context) => `/v1/customizations/${context.id ?? '00000000-0000-4000-8000-000000000000'}`;
const requests = [
  step('POST', '/v1/customizations', {
    headers: json,
    body: JSON.stringify({ name: 'load test', base_model_name: 'en-US_BroadbandModel' }),
    onResponse: (status, body, context) => {
      if (status === 201) context.id = JSON.parse(body).customization_id;
    },
  }),
  step('POST', (context) => `${model(context)}/corpora/notes`, {
    headers: { 'content-type': 'text/plain' },
    body: 'The zorbliq pump failed twice.\nCall Dr. Quaxley about the ECMO unit.\n',
  }),
  step('GET', model),
  step('POST', (context) => `${model(context)}/words`, { headers: json, body: JSON.stringify({ words: [{ word: 'Quaxley', sounds_like: ['quack lee'] }] }) }),
  step('POST', (context) => `${model(context)}/train`),
  step('GET', model),
  step('GET', '/v1/customizations'),
  step('DELETE', model),
];

const result = await autocannon({
  url: base,
  connections: Number(values.users),
  duration: Number(values.duration),
  requests,
});

console.log(`\nload: ${values.users} users for ${values.duration} s against ${base}, timing ${values.timing}`);
console.log(`requests: ${result.requests.total} (${Math.round(result.requests.average)} req/s)`);
console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
console.log('answers by status:', JSON.stringify(Object.fromEntries(
  Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count]),
)));
console.log(`errors (no answer): ${result.errors}, timeouts: ${result.timeouts}`);
