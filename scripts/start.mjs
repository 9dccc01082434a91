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

let stack;
try {
  stack = await startLocalStack({
    port: intFromEnv('PORT', 3000),
    dynamodbPort: intFromEnv('STT_DYNAMODB_PORT', 4569),
    lambdaPort: intFromEnv('STT_LAMBDA_PORT', 3002),
    websocketPort: intFromEnv('STT_WEBSOCKET_PORT', 3001),
    dataDir,
    logFile: process.env.STT_LOG_FILE === '-' ? null : process.env.STT_LOG_FILE || undefined,
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
