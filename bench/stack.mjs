// The stack under test of `npm run bench` (issue 16): `npm start` itself, that is its command line in package.json
// (`node --no-warnings --max-old-space-size=128 --max-semi-space-size=8 scripts/start.mjs`, read from there), spawned in a process group of its own with its data on disk in a directory of the bench's and its
// log on (start.mjs's default: JSON lines to <data dir>/emulator.log), on loopback ports chosen by the bench; plus
// what the bench needs to watch it: the time to ready, and the resident memory of its whole process tree.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LOOPBACK = '127.0.0.1';
/** The table `npm start` uses unless STT_TABLE says otherwise (scripts/local-stack.mjs). */
export const TABLE_NAME = process.env.STT_TABLE ?? 'watson-stt-emulator-local';
/** The build cache of `npm start` (serverless-esbuild's output kept between starts): cleared for a first start. */
export const BUILD_CACHE = join(ROOT, '.offline-build', 'cache');

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** `npm start`'s own command line (package.json `scripts.start`: `node <flags> scripts/start.mjs`), without npm. */
const START_ARGS = (() => {
  const [node, ...args] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start.trim().split(/\s+/);
  if (node !== 'node') throw new Error(`package.json scripts.start does not run node: ${node}`);
  return args.map((arg) => (arg.startsWith('-') ? arg : join(ROOT, arg)));
})();

export const freePort = () => new Promise((done, fail) => {
  const server = createServer();
  server.once('error', fail);
  server.listen(0, LOOPBACK, () => {
    const { port } = server.address();
    server.close(() => done(port));
  });
});

/** Four free loopback ports for PORT, STT_DYNAMODB_PORT, STT_LAMBDA_PORT and STT_WEBSOCKET_PORT (kept for every start). */
export async function freePorts() {
  return { port: await freePort(), dynamodbPort: await freePort(), lambdaPort: await freePort(), websocketPort: await freePort() };
}

/** Deletes the build cache; true when there was one. */
export function clearBuildCache() {
  const existed = existsSync(BUILD_CACHE);
  rmSync(BUILD_CACHE, { recursive: true, force: true });
  return existed;
}

/**
 * serverless-offline processes of this repository that this process did not start (another `npm start`, a test's
 * stack): they load their handlers from the build cache, so the bench must not delete it under them.
 */
export function otherStacksOfRepository() {
  const mine = new Set(processTree(process.pid).map(({ pid }) => pid));
  const others = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || mine.has(Number(name))) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!args.some((arg) => arg.endsWith(join('osls', 'bin', 'serverless.js'))) || !args.includes('offline')) continue;
      if (readlinkSync(`/proc/${name}/cwd`) === ROOT) others.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return others;
}

/** Whether any process of the group is alive. */
export const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The start time of a process (clock ticks since boot, /proc/<pid>/stat field 22): tells a process from a later one of the same pid. */
function startTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Starts `npm start`'s script with data in `dataDir` on the given ports, and resolves once GET /v1/models with Basic
 * auth answers 200 (polled every 20 ms): `{ url, pid, readyMs, dynamodbEndpoint, tableName, lambdaPort, stop() }`.
 * readyMs runs from the spawn to that first 200. stop() sends SIGTERM to the process group (SIGKILL after 10 s), then
 * SIGKILLs any process of its tree that left the group and still runs; resolves to the milliseconds it took.
 * onSpawn(stack) is called as soon as the process runs (before it is ready), so that a caller can stop it on a signal.
 */
export async function startNpmStart({ dataDir, ports, env = {}, timeoutMs = 120_000, onSpawn = () => {} }) {
  const started = performance.now();
  const child = spawn(process.execPath, START_ARGS, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...env,
      PORT: String(ports.port),
      STT_DYNAMODB_PORT: String(ports.dynamodbPort),
      STT_LAMBDA_PORT: String(ports.lambdaPort),
      STT_WEBSOCKET_PORT: String(ports.websocketPort),
      STT_DATA_DIR: dataDir,
    },
  });
  let output = '';
  const keep = (chunk) => { output = (output + chunk).slice(-20_000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  let exit;
  exited.then((result) => { exit = result; });
  const url = `http://${LOOPBACK}:${ports.port}`;
  const authorization = `Basic ${Buffer.from('apikey:bench').toString('base64')}`;
  // Every process seen in its tree (pid → start ticks), so that stop() can end one that left the group.
  const seen = new Map();
  const remember = () => {
    for (const proc of processTree(child.pid)) if (!seen.has(proc.pid)) seen.set(proc.pid, startTicks(proc.pid));
  };
  const stack = {
    url,
    pid: child.pid,
    child,
    ports,
    dataDir,
    dynamodbEndpoint: `http://${LOOPBACK}:${ports.dynamodbPort}`,
    tableName: TABLE_NAME,
    lambdaPort: ports.lambdaPort,
    readyMs: undefined,
    output: () => output,
    remember,
    /** Every pid seen in its tree. */
    pids: () => [...seen.keys()],
    async stop() {
      const stopping = performance.now();
      remember();
      if (groupAlive(child.pid)) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone meanwhile */ }
      }
      const deadline = Date.now() + 10_000;
      while ((exit === undefined || groupAlive(child.pid)) && Date.now() < deadline) await sleep(50);
      if (groupAlive(child.pid)) {
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
      }
      await exited;
      while (groupAlive(child.pid)) await sleep(50);
      for (const [pid, ticks] of seen) {
        if (ticks !== undefined && startTicks(pid) === ticks) {
          try { process.kill(pid, 'SIGKILL'); } catch { /* gone meanwhile */ }
        }
      }
      return Math.round(performance.now() - stopping);
    },
  };
  onSpawn(stack);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit) throw new Error(`npm start exited before it was ready (${exit.code ?? exit.signal}):\n${output}`);
    try {
      const response = await fetch(`${url}/v1/models`, { headers: { authorization }, signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stack.stop();
      throw new Error(`npm start did not answer 200 within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(20);
  }
  stack.readyMs = Math.round(performance.now() - started);
  remember();
  return stack;
}

// ---- memory: the whole process tree ----

/** The child pids of a process (all its threads' children). */
function childrenOf(pid) {
  const out = [];
  let tasks;
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/)) if (child) out.push(Number(child));
    } catch {
      // thread gone
    }
  }
  return out;
}

/** A short name for a process: the executable's name, and for node the script it runs (relative to the repository). */
function labelOf(pid) {
  let args;
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return '?';
  }
  if (!args.length) return '?';
  const exe = basename(args[0]);
  if (exe === 'node' || exe.startsWith('node')) {
    const script = args.slice(1).find((arg) => !arg.startsWith('-'));
    if (!script) return exe;
    const path = relative(ROOT, script);
    const rest = args.slice(args.indexOf(script) + 1).filter((arg) => !arg.startsWith('-')).slice(0, 2).join(' ');
    return `node ${path.startsWith('..') ? script : path}${rest ? ` ${rest}` : ''}`;
  }
  return [exe, ...args.slice(1, 2)].join(' ');
}

/** VmRSS of a process in kB (0 when it is gone). */
function rssKB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** The process and all its descendants (walked through /proc/<pid>/task/<tid>/children, whatever their process group). */
export function processTree(rootPid) {
  const out = [];
  const queue = [rootPid];
  const visited = new Set();
  while (queue.length) {
    const pid = queue.shift();
    if (visited.has(pid)) continue;
    visited.add(pid);
    if (!existsSync(`/proc/${pid}`)) continue;
    out.push({ pid });
    queue.push(...childrenOf(pid));
  }
  return out;
}

/** The tree's resident memory: the total in MB, and per process (name, pid, MB). */
export function treeMemory(rootPid) {
  const processes = processTree(rootPid).map(({ pid }) => ({ pid, name: labelOf(pid), rssMB: Math.round(rssKB(pid) / 102.4) / 10 }));
  return { totalMB: Math.round(processes.reduce((sum, proc) => sum + proc.rssMB, 0) * 10) / 10, processes };
}

/** Total PSS of the tree in MB (shared pages divided among the processes that share them), from smaps_rollup. */
export function treePssMB(rootPid) {
  let kB = 0;
  for (const { pid } of processTree(rootPid)) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) kB += Number(match[1]);
    } catch {
      // gone, or no smaps_rollup
    }
  }
  return Math.round(kB / 102.4) / 10;
}

/**
 * Samples the tree's total RSS every `everyMs` while a phase is set (setPhase(name); setPhase(null) pauses), keeping
 * the peak of each phase; stop() resolves to `{ [phase]: { peakMB, samples, processes } }`.
 */
export function sampleMemory(rootPid, everyMs = 250) {
  const peaks = {};
  let phase = null;
  const sample = () => {
    if (!phase) return;
    let total = 0;
    const processes = [];
    for (const { pid } of processTree(rootPid)) {
      const kB = rssKB(pid);
      total += kB;
      processes.push({ pid, kB });
    }
    const peak = peaks[phase] ??= { peakKB: 0, samples: 0, processes: [] };
    peak.samples++;
    if (total > peak.peakKB) {
      peak.peakKB = total;
      peak.processes = processes;
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    setPhase(name) {
      sample();
      phase = name;
      sample();
    },
    stop() {
      sample();
      clearInterval(timer);
      return Object.fromEntries(Object.entries(peaks).map(([name, peak]) => [name, {
        peakMB: Math.round(peak.peakKB / 102.4) / 10,
        samples: peak.samples,
        processes: peak.processes.map(({ pid, kB }) => ({ pid, name: labelOf(pid), rssMB: Math.round(kB / 102.4) / 10 })),
      }]));
    },
  };
}

// ---- what a stopped stack left behind ----

/** The processes a stack has run so far (pid → start time), taken while it runs: for leftBehind() once it has stopped. */
export function processSnapshot(stack) {
  stack.remember();
  return new Map(stack.pids().map((pid) => [pid, startTicks(pid)]));
}

/** The pids of a snapshot that still run (the same pid, started at the same time: not a later process of that pid). */
export function leftBehind(snapshot) {
  return [...snapshot].filter(([pid, ticks]) => ticks !== undefined && startTicks(pid) === ticks).map(([pid]) => pid);
}
