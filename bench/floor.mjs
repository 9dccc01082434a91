// The floor of this architecture (issue 7): the functions' own handlers, bundled by esbuild with serverless.yml's
// `custom.esbuild` options (what serverless-esbuild builds for `npm start` and `sls deploy`), called in-process by a
// bare node:http server with the API Gateway HTTP API (payload 2.0) event of each request, on the same dynalite
// table. What serverless-offline adds on top of this (hapi, its Lambda emulation, the event it builds) is the
// difference that bench/run.mjs reports as the ratio offline/floor.
//
// startFloor() runs the server in a child process of its own, as serverless-offline runs in one, so that the two
// compete for the same cores on the same terms. `node bench/floor.mjs <bundle dir> <routes json>` is that child.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LOOPBACK, ROOT } from '../scripts/local-stack.mjs';

const require = createRequire(import.meta.url);

/** serverless.yml, parsed (its `${…}` variables left as text). */
function serverlessYml() {
  return require('js-yaml').load(readFileSync(join(ROOT, 'serverless.yml'), 'utf8'));
}

/**
 * The provider environment of serverless.yml as serverless-offline gives it to the handlers: `${env:NAME, 'default'}`
 * read from `env` (then the default), literal values as they are; `overrides` win (the table, the endpoint).
 */
function functionEnvironment(yml, env, overrides) {
  const out = {};
  for (const [name, value] of Object.entries(yml.provider.environment ?? {})) {
    const match = /^\$\{env:([A-Za-z0-9_]+)(?:\s*,\s*'([^']*)')?\}$/.exec(String(value));
    if (match) out[name] = env[match[1]] ?? match[2] ?? '';
    else if (!String(value).includes('${')) out[name] = String(value);
  }
  return { ...out, ...overrides };
}

/** The HTTP routes of the named functions, from the httpApi events serverless.yml takes from ROUTES: `{ method, path, fn }`. */
function routesOf(yml, names) {
  const { events } = require('../scripts/serverless-routes.cjs');
  const routes = [];
  for (const fn of names) {
    if (!yml.functions[fn]) throw new Error(`serverless.yml has no function '${fn}'`);
    for (const event of events[fn] ?? []) routes.push({ method: event.httpApi.method, path: event.httpApi.path, fn });
  }
  return routes;
}

/** Bundles functions/<name>.ts for each name into `outdir` with serverless.yml's esbuild options (CommonJS, as serverless-esbuild). */
async function bundle(yml, names, outdir) {
  const options = yml.custom.esbuild;
  await require('esbuild').build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(names.map((name) => [name, join(ROOT, 'functions', `${name}.ts`)])),
    outdir,
    bundle: options.bundle,
    minify: options.minify,
    sourcemap: options.sourcemap,
    target: options.target,
    platform: options.platform,
    external: options.exclude,
    format: 'cjs',
    logLevel: 'warning',
  });
}

/**
 * Builds the named functions and starts the floor server for them on a free loopback port, with serverless.yml's
 * environment resolved from `env` plus `overrides`. Resolves to `{ url, child, stop }`.
 */
export async function startFloor({ functions, env = process.env, overrides = {} }) {
  const yml = serverlessYml();
  // Under ROOT (so that the bundles resolve @aws-sdk from node_modules, as offline's do) but outside `.esbuild`,
  // which `sls package` (the cold-start benchmark) deletes.
  const outdir = join(ROOT, '.offline-build', `bench-floor-${process.pid}`);
  mkdirSync(outdir, { recursive: true });
  await bundle(yml, functions, outdir);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), outdir, JSON.stringify(routesOf(yml, functions))], {
    cwd: ROOT,
    env: {
      ...env,
      ...functionEnvironment(yml, env, overrides),
      // as scripts/local-stack.mjs gives serverless-offline
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', () => {
    rmSync(outdir, { recursive: true, force: true });
    resolve();
  }));
  const port = await new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (!match) return;
      // From here on the server's output (a log line per request, as the functions write) is drained unread.
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(Number(match[1]));
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code}) before it listened`)));
  });
  return {
    url: `http://${LOOPBACK}:${port}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---- the child: a bare node:http server calling the handlers in-process ----

/** A route template (`/v1/customizations/{customization_id}`) as a regular expression with named groups. */
function compileRoute(template) {
  const source = template.split(/(\{[^}]+\})/).map((piece) => {
    const param = /^\{([^}+]+)\+?\}$/.exec(piece);
    return param ? `(?<${param[1]}>[^/]+)` : piece.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  }).join('');
  return new RegExp(`^${source}$`);
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** The HTTP API (payload 2.0) event of a request, as API Gateway builds it. */
function httpApiEvent(req, rawBody, route, params) {
  const queryAt = req.url.indexOf('?');
  const rawPath = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
  const rawQueryString = queryAt < 0 ? '' : req.url.slice(queryAt + 1);
  const headers = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${req.rawHeaders[i + 1]}` : req.rawHeaders[i + 1];
  }
  let queryStringParameters;
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    queryStringParameters ??= {};
    queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const text = TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: 'floor',
      apiId: 'floor',
      domainName: headers.host ?? LOOPBACK,
      domainPrefix: (headers.host ?? LOOPBACK).split('.')[0],
      http: { method: req.method, path: rawPath, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress, userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    ...(rawBody.length ? { body: text ? rawBody.toString('utf8') : rawBody.toString('base64'), isBase64Encoded: !text } : { isBase64Encoded: false }),
  };
}

async function serve(outdir, routes) {
  const load = createRequire(join(outdir, 'index.js'));
  const table = routes.map((route) => ({ ...route, pattern: compileRoute(route.path), handler: load(join(outdir, `${route.fn}.js`)).handler }));
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', async () => {
      const path = req.url.split('?')[0];
      let match;
      const route = table.find((candidate) => candidate.method === req.method && (match = candidate.pattern.exec(path)));
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
        return;
      }
      const params = {};
      for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = decodeURIComponent(value);
      try {
        const context = { awsRequestId: randomUUID(), functionName: route.fn, getRemainingTimeInMillis: () => 28_000 };
        const result = await route.handler(httpApiEvent(req, Buffer.concat(chunks), route, params), context);
        const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
        res.writeHead(result.statusCode ?? 200, result.headers ?? {}).end(body);
      } catch (error) {
        console.error(error);
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"Internal Server Error"}');
      }
    });
  });
  server.keepAliveTimeout = 5000;
  server.listen(0, LOOPBACK, () => process.stdout.write(`listening ${server.address().port}\n`));
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve(process.argv[2], JSON.parse(process.argv[3]));
}
