// `npm start`: the emulator on http://127.0.0.1:$PORT with its data kept on disk (STT_DATA_DIR).
import { isAbsolute, join, resolve } from 'node:path';
import { ROOT, startLocalStack } from './local-stack.mjs';

const intFromEnv = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    console.error(`${name} must be a port number, got '${value}'`);
    process.exit(2);
  }
  return number;
};

const rawDataDir = process.env.STT_DATA_DIR || join(ROOT, '.data');
const dataDir = rawDataDir === ':memory:' || isAbsolute(rawDataDir) ? rawDataDir : resolve(process.cwd(), rawDataDir);

const logFormat = (process.env.STT_LOG_FORMAT || 'json').toLowerCase();
if (logFormat !== 'json' && logFormat !== 'pretty') {
  console.error(`STT_LOG_FORMAT must be 'json' or 'pretty', got '${process.env.STT_LOG_FORMAT}'`);
  process.exit(2);
}
const logFile = process.env.STT_LOG_FILE === '-' ? null : process.env.STT_LOG_FILE || undefined;

let stack;
try {
  stack = await startLocalStack({
    port: intFromEnv('PORT', 3000),
    dynamodbPort: intFromEnv('STT_DYNAMODB_PORT', 4569),
    lambdaPort: intFromEnv('STT_LAMBDA_PORT', 3002),
    websocketPort: intFromEnv('STT_WEBSOCKET_PORT', 3001),
    dataDir,
    logFile,
    // pretty: one short line per request in this terminal; the log file (if any) still gets every line unchanged.
    ...(logFormat === 'pretty' ? { onLogLine: prettyPrinter(logFile === null) } : {}),
  });
} catch (error) {
  console.error(`Could not start the emulator: ${error.message}`);
  process.exit(1);
}

console.log(`Watson STT emulator ready on ${stack.url} (data: ${dataDir === ':memory:' ? 'in memory' : dataDir}; `
  + `log: ${stack.logFile ?? 'this terminal'})`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
stack.exited.then(async ({ code, signal }) => {
  if (stopping) return;
  console.error(`serverless-offline stopped unexpectedly (code ${code}, signal ${signal})`);
  await stack.stop();
  process.exit(1);
});

/**
 * STT_LOG_FORMAT=pretty: each request's JSON line (lib/log.ts) as `12:00:01.123 200 getLanguageModel GET /v1/… 3 ms`,
 * with the error of a 4xx/5xx and a mark for an injected fault; the scheduled function's line when it did something.
 * With the log in the terminal (STT_LOG_FILE=-), serverless-offline's other output passes through, without the two
 * lines it adds around each call; with a log file, only these short lines show (the file has the rest).
 */
function prettyPrinter(allOutput) {
  const OFFLINE_CALL = /^(?:[A-Z]+ \S+ \(λ: \w+\)|\(λ: \w+\) RequestId: .*)$/;
  const clock = (iso) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    const pad = (value, width = 2) => String(value).padStart(width, '0');
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  };
  const ms = (value) => `${value < 10 ? value : Math.round(value)} ms`;
  return (line) => {
    let entry;
    if (line.startsWith('{')) {
      try {
        entry = JSON.parse(line);
      } catch {
        // not one of ours
      }
    }
    if (entry && typeof entry.operation === 'string' && typeof entry.status === 'number') {
      const error = entry.error ? ` - ${entry.error.message}` : '';
      console.log(`${clock(entry.time)} ${entry.status} ${entry.operation} ${entry.method} ${entry.path} ${ms(entry.duration_ms)}`
        + `${entry.fault ? ' [fault]' : ''}${error}`);
    } else if (entry && entry.message === 'advanceTraining' && typeof entry.due === 'number') {
      if (entry.due > 0) {
        console.log(`${clock(entry.time)} advanceTraining due ${entry.due}, settled ${entry.settled}, repaired ${entry.repaired}, `
          + `purged ${entry.purged} ${ms(entry.duration_ms)}`);
      }
    } else if (entry && entry.level === 'error') {
      console.log(`${clock(entry.time)} error ${entry.message ?? ''}${entry.error ? ` - ${entry.error.message ?? entry.error}` : ''}`);
    } else if (allOutput && line.trim() !== '' && !OFFLINE_CALL.test(line)) {
      console.log(line);
    }
  };
}
