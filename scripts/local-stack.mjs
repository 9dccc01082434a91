// The local stack's pieces, shared by `npm start` (scripts/start.mjs), the tests and the benchmarks:
// dynalite on loopback, the table created from serverless.yml's own definition, serverless-offline.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LOOPBACK = '127.0.0.1';
// The AWS SDK warns on Node.js 20 that releases from 2027 on need 22; the local stack supports 20 (README).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The table definition exactly as serverless.yml declares it (resources.Resources.ModelsTable.Properties). */
export function tableDefinition(tableName) {
  const yaml = require('js-yaml');
  const document = yaml.load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
  const properties = document.resources.Resources.ModelsTable.Properties;
  return {
    TableName: tableName,
    BillingMode: properties.BillingMode,
    AttributeDefinitions: properties.AttributeDefinitions,
    KeySchema: properties.KeySchema,
    GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
  };
}

/** Starts dynalite on loopback: on disk under dataDir, or in memory when dataDir is ':memory:'. */
export async function startDynalite({ port, dataDir }) {
  const dynalite = require('dynalite');
  const options = { createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 };
  if (dataDir !== ':memory:') {
    mkdirSync(dataDir, { recursive: true });
    options.path = join(dataDir, 'dynamodb');
  }
  const server = dynalite(options);
  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, resolvePromise);
  });
  const endpoint = `http://${LOOPBACK}:${server.address().port}`;
  return {
    endpoint,
    close: () => new Promise((resolvePromise) => server.close(() => resolvePromise())),
  };
}

/**
 * Creates the table unless it exists, and returns once it is ACTIVE: dynalite answers CreateTable while the table is
 * still CREATING (it turns ACTIVE on a timer, even with createTableMs 0), and refuses writes to it until then with
 * ResourceNotFoundException, as DynamoDB does.
 */
export async function ensureTable(endpoint, tableName) {
  const { DynamoDBClient, CreateTableCommand, DescribeTableCommand } = require('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    let status;
    try {
      status = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
    } catch (error) {
      if (error.name !== 'ResourceNotFoundException') throw error;
      status = (await client.send(new CreateTableCommand(tableDefinition(tableName)))).TableDescription?.TableStatus;
    }
    for (const deadline = Date.now() + 30_000; status !== 'ACTIVE'; ) {
      if (Date.now() > deadline) throw new Error(`table ${tableName} is still ${status} after 30 s`);
      await sleep(10);
      status = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
    }
  } finally {
    client.destroy();
  }
}

/** Strict mode needs a signing key; when none is configured, one is made and kept with the data. */
export function tokenSecret(dataDir) {
  if (process.env.STT_TOKEN_SECRET) return process.env.STT_TOKEN_SECRET;
  if (dataDir === ':memory:') return randomBytes(32).toString('base64url');
  const file = join(dataDir, 'token-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * Starts serverless-offline on loopback; resolves once the API answers. Its output (the functions' log lines among
 * serverless-offline's own) goes to logFile, or to this process's terminal when logFile is null. With onLogLine, it
 * goes through this process instead: written to logFile unchanged (when there is one) and handed over line by line.
 */
export async function startOffline({ port, lambdaPort, websocketPort, env, logFile, onLogLine }) {
  const fd = logFile ? openSync(logFile, 'a') : undefined;
  const output = onLogLine ? 'pipe' : fd ?? 'inherit';
  // V8 sizes the old generation's next limit from the live heap by a factor it derives from the maximum heap size:
  // about 1.35 with the 384 MB below, so a megabyte body every few milliseconds (recognize) made a full collection of
  // the ~65 MB of serverless-offline and the loaded functions every ~100 ms, a third of the process's CPU. A factor of
  // 2 (not allowed in NODE_OPTIONS, hence here) halves that; it holds ~50 MB more under such a load (README "Benchmarks").
  // One V8 worker thread instead of four: on a machine of few cores they took the CPU from the main thread (its
  // concurrent marking and sweeping), and one alone brought ~8 % more recognitions at 20 clients and a p99 of 14 ms
  // instead of ~30 at one client.
  const child = spawn(process.execPath, ['--heap-growing-percent=100', '--v8-pool-size=1', join(ROOT, 'node_modules/osls/bin/serverless.js'), 'offline', 'start', '--stage', 'local'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      STT_LAMBDA_PORT: String(lambdaPort),
      STT_WEBSOCKET_PORT: String(websocketPort),
      // serverless-offline hands handlers only the yml environment and the shell's AWS_* variables.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
      // Source maps as deployed (a logged stack names TypeScript files and lines). Semi-spaces of 16 MB (V8's default
      // here, written out): 32 MB had brought ~10 % more throughput when serverless-offline still allocated far more
      // per request; now it measured none, and the peak under `npm run bench`'s request load was ~70 MB higher. An old
      // generation of at most 384 MB: left to itself, V8 let garbage grow the process past 570 MB under a minute of
      // 20 clients.
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps --max-semi-space-size=16 --max-old-space-size=384 --require ${join(ROOT, 'scripts/offline-gateway-errors.cjs')}`.trim(),
      // serverless-offline's own lines per request (`GET /v1/… (λ: fn)`, `(λ: fn) RequestId: … Duration: …`) say what
      // each function's JSON line says (lib/log.ts), and writing them cost as much as the AWS SDK's signing: warnings
      // and errors only, unless SLS_LOG_LEVEL says otherwise (README "Logs").
      SLS_LOG_LEVEL: process.env.SLS_LOG_LEVEL || 'warning',
      // glibc raises its mmap threshold each time a large block is freed, up to 32 MB, so that after the first large
      // bodies (recognize, corpora) they all came from its heaps, which kept them: the process's peak under 20 clients
      // of 1 MB recognitions varied from 420 to 520 MB between runs. A fixed threshold of 4 MB keeps that bound: bodies
      // up to 4 MB come from the heaps, larger ones are returned when freed. Below a megabyte it would cost every
      // such body fresh pages: serverless-offline joining the chunks of 1 MB took 0.52 ms with a 128 KB threshold,
      // 0.11 ms with this one. Other C libraries ignore the variable.
      MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ || '4194304',
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
    },
    stdio: ['ignore', output, output],
  });
  if (onLogLine) {
    for (const stream of [child.stdout, child.stderr]) forwardLines(stream, fd, onLogLine);
  } else if (fd !== undefined) {
    closeSync(fd);
  }
  const exited = new Promise((resolvePromise) => child.once('exit', (code, signal) => resolvePromise({ code, signal })));
  // The file stays open while output can still arrive through this process: until both pipes have ended.
  if (onLogLine && fd !== undefined) {
    Promise.all([child.stdout, child.stderr].map((stream) => new Promise((done) => stream.once('close', done))))
      .then(() => closeSync(fd));
  }
  const url = `http://${LOOPBACK}:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const state = await Promise.race([exited.then((result) => ({ exited: result })), sleep(50).then(() => undefined)]);
    if (state?.exited) {
      throw new Error(`serverless-offline exited before it was ready (${JSON.stringify(state.exited)})${logTail(logFile)}`);
    }
    if (await answers(`${url}/v1/models`)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('serverless-offline did not answer within 120 s');
    }
  }
  return {
    url,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Copies a child's output to the log file as it comes, and hands each complete line (without its newline) on. */
function forwardLines(stream, fd, onLine) {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    if (fd !== undefined) writeSync(fd, chunk);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) onLine(line);
  });
  stream.once('end', () => {
    if (partial) onLine(partial);
  });
}

function logTail(logFile) {
  if (!logFile || !existsSync(logFile)) return '';
  return `; last lines of ${logFile}:\n${readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n')}`;
}

const sleep = (ms) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 401 || response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Runs the scheduled function every STT_LOCAL_TICK_MS (1000; 0: only its minute schedule) through serverless-offline's
 * Lambda port, so that callbacks of recognition jobs arrive about a second after they are due, as clients that wait
 * for them expect (deployed, the minute schedule is the resolution: README "Asynchronous recognition").
 */
function startTicker(lambdaPort, env) {
  const every = Number(env.STT_LOCAL_TICK_MS ?? process.env.STT_LOCAL_TICK_MS ?? 1000);
  if (!(every > 0)) return { stop() {} };
  // serverless-offline names functions <service>-<stage>-<function>; the local stage is `local` (startOffline).
  const url = `http://${LOOPBACK}:${lambdaPort}/2015-03-31/functions/watson-stt-emulator-local-advanceTraining/invocations`;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    fetch(url, { method: 'POST', body: '{"tick":true}', signal: AbortSignal.timeout(30_000) })
      .then((response) => response.arrayBuffer(), () => undefined)
      .finally(() => { running = false; });
  }, every);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The whole local stack: dynalite (with the table) and serverless-offline wired to it. */
export async function startLocalStack({
  port = 3000, dynamodbPort = 4569, lambdaPort = 3002, websocketPort = 3001, dataDir = join(ROOT, '.data'),
  env = {}, logFile, onLogLine,
} = {}) {
  // In memory, the log goes to a temporary file that a clean stop removes; on disk, it stays with the data.
  const temporaryLog = logFile === undefined && dataDir === ':memory:' ? join(tmpdir(), `watson-stt-emulator-${process.pid}-${port}.log`) : undefined;
  if (logFile === undefined) logFile = temporaryLog ?? join(dataDir, 'emulator.log');
  const store = await startDynalite({ port: dynamodbPort, dataDir });
  try {
    const tableName = env.STT_TABLE ?? process.env.STT_TABLE ?? 'watson-stt-emulator-local';
    await ensureTable(store.endpoint, tableName);
    const offline = await startOffline({
      port, lambdaPort, websocketPort, logFile, onLogLine,
      // The request journal is on locally (written beside each answer), off by default when deployed (serverless.yml).
      env: {
        STT_TABLE: tableName, STT_DYNAMODB_ENDPOINT: store.endpoint, STT_TOKEN_SECRET: tokenSecret(dataDir),
        STT_REQUEST_JOURNAL: process.env.STT_REQUEST_JOURNAL || 'background', ...env,
      },
    });
    const ticker = startTicker(lambdaPort, env);
    return {
      url: offline.url,
      logFile,
      dynamodbEndpoint: store.endpoint,
      tableName,
      exited: offline.exited,
      async stop() {
        ticker.stop();
        await offline.stop();
        await store.close();
        if (temporaryLog) rmSync(temporaryLog, { force: true });
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
