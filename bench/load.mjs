// `npm run load -- --url <base> [--duration s] [--users n] [--timing instant|realistic|keep] [--rate r] [--output f]`:
// a load test of a running emulator (local or deployed) with the scenario real clients follow, over many virtual
// users with distinct credentials: create a model, add a corpus, poll until it is analyzed, add words, poll until the
// model is ready, train, poll until it is available, list, delete — and again. The scenario is an Artillery script,
// bench/load.yml (its processor: bench/load-processor.mjs), which also runs on its own and distributed on AWS Fargate
// or Lambda; this runs it locally with the options below and sums up Artillery's report: throughput, latency
// percentiles, answers by status, and completed scenarios with their duration.
// `--users n` users all start in the first second, then each runs the scenario again and again for `--duration`
// seconds; the scenario under way then finishes (a user gives up one still running 60 s later). `--rate` caps each
// user's requests per second (a client that polls twice a second: `--rate 2`; unset: as fast as the emulator
// answers). `--timing` sets each user's timings through the control API first: `instant` (no waiting), `realistic`
// (corpus 10 s, words 5 s, training 30 s, ...: users poll meanwhile), or `keep` (the emulator's own settings; for
// deployments with the control API off). `--output` keeps Artillery's JSON report; `npm run load -- --report f` sums
// up one made elsewhere (such as `artillery run-fargate … --output f`) without running anything.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TIMINGS } from './load-processor.mjs';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    duration: { type: 'string', default: '20' },
    users: { type: 'string', default: '10' },
    timing: { type: 'string', default: 'instant' },
    rate: { type: 'string' },
    output: { type: 'string' },
    report: { type: 'string' },
  },
});
const usage = 'usage: npm run load -- --url <base URL> [--duration seconds] [--users n] '
  + '[--timing instant|realistic|keep] [--rate requests/s per user] [--output report.json]\n'
  + '       npm run load -- --report report.json';
const duration = Number(values.duration);
const users = Number(values.users);
const rate = values.rate === undefined ? 0 : Number(values.rate);
if ((!values.url && !values.report) || !(values.timing in TIMINGS) || !(duration > 0)
  || !(Number.isInteger(users) && users > 0) || (values.rate !== undefined && !(rate > 0))) {
  console.error(usage);
  process.exit(2);
}

/** Runs bench/load.yml with the options: Artillery's exit status and the aggregate of its JSON report. */
async function run() {
  const base = values.url.replace(/\/$/, '');
  const require = createRequire(import.meta.url);
  const artillery = join(dirname(require.resolve('artillery/package.json')), 'bin', 'run');
  const { version } = require('artillery/package.json');
  const script = join(dirname(fileURLToPath(import.meta.url)), 'load.yml');
  const scratch = mkdtempSync(join(tmpdir(), 'stt-load-'));
  const report = values.output ? resolve(values.output) : join(scratch, 'report.json');
  console.log(`load: ${users} users for ${duration} s against ${base}, timing ${values.timing}`
    + `${rate ? `, at most ${rate} req/s each` : ''} (Artillery ${version}, bench/load.yml)`);
  const status = await new Promise((done) => {
    // Telemetry off: nothing leaves the machine but the requests to --url.
    const child = spawn(process.execPath, [
      artillery, 'run', script, '--quiet', '--target', base, '--output', report,
      '--variables', JSON.stringify({ duration, timing: values.timing, rate }),
      '--overrides',
      JSON.stringify({ config: { phases: [{ name: 'users arrive', duration: 1, arrivalCount: users }] } }),
    ], { stdio: 'inherit', env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true' } });
    child.on('exit', (code, signal) => done(signal ? 1 : code));
  });
  let aggregate;
  try {
    ({ aggregate } = JSON.parse(readFileSync(report, 'utf8')));
  } catch (error) {
    console.error(`no report from Artillery (exit ${status}): ${error.message}`);
  }
  if (values.output) console.log(`Artillery's report: ${report}`);
  rmSync(scratch, { recursive: true, force: true });
  if (!aggregate) process.exit(status || 1);
  return { status, aggregate };
}

const { status, aggregate } = values.report
  ? { status: 0, aggregate: JSON.parse(readFileSync(values.report, 'utf8')).aggregate }
  : await run();

const { counters = {}, summaries = {} } = aggregate;
const pick = (prefix) => Object.fromEntries(Object.entries(counters)
  .filter(([name]) => name.startsWith(prefix)).map(([name, count]) => [name.slice(prefix.length), count]));
const requests = counters['http.requests'] ?? 0;
const seconds = Math.max(1, (aggregate.lastCounterAt - aggregate.firstCounterAt) / 1000);
const latency = summaries['http.response_time'];
const scenario = summaries['load.scenario_ms'];
const timingNotSet = pick('load.timing_not_set.');
const errors = pick('errors.');

if (Object.keys(timingNotSet).length) {
  console.error(`could not set the timings (control API answered ${Object.keys(timingNotSet).join(', ')}; `
    + 'off in strict mode?): users ran with the emulator\'s own timings');
}
console.log(`\nrequests: ${requests} (${Math.round(requests / seconds)} req/s over ${seconds.toFixed(1)} s)`);
if (latency) {
  console.log(`latency ms: p50 ${latency.p50}, p90 ${latency.p90}, p99 ${latency.p99}, max ${latency.max}`);
}
console.log('answers by status:', JSON.stringify(pick('http.codes.')));
console.log(`scenarios completed: ${counters['load.scenarios_completed'] ?? 0}`
  + `${scenario ? `, median ${Math.round(scenario.median)} ms from create to delete` : ''}`
  + `${counters['load.scenarios_given_up'] ? `, given up: ${counters['load.scenarios_given_up']}` : ''}`);
console.log(`users: ${counters['vusers.created'] ?? 0} started, ${counters['vusers.failed'] ?? 0} stopped by an error;`
  + ` errors (no answer): ${Object.keys(errors).length ? JSON.stringify(errors) : 'none'}`);
process.exit(status);
