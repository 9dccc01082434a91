// serverless.yml's httpApi events, made from ROUTES (lib/routes.ts), the one declaration of the emulator's routes:
// each routed function says `events: ${file(./scripts/serverless-routes.cjs):events.<function>}`, so API Gateway
// (`sls deploy`) and the local gateway (serverless-offline, `npm start`) serve exactly the routes of that table.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/**
 * lib/routes.ts (it imports nothing), compiled to CommonJS by esbuild; the compiled text is kept under .offline-build
 * by the hash of the source, so that a start with an unchanged table does not spawn esbuild for it.
 */
function loadRoutes() {
  const source = readFileSync(join(ROOT, 'lib', 'routes.ts'));
  const cacheFile = join(ROOT, '.offline-build', `routes-${createHash('sha256').update(source).digest('hex').slice(0, 16)}.cjs`);
  let text;
  try {
    text = readFileSync(cacheFile, 'utf8');
  } catch {
    const { buildSync } = require('esbuild');
    [{ text }] = buildSync({
      entryPoints: [join(ROOT, 'lib', 'routes.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
    }).outputFiles;
    try {
      mkdirSync(join(ROOT, '.offline-build'), { recursive: true });
      writeFileSync(`${cacheFile}.${process.pid}`, text);
      renameSync(`${cacheFile}.${process.pid}`, cacheFile);
    } catch {
      // not kept: compiled again next time
    }
  }
  const compiled = { exports: {} };
  new Function('module', 'exports', text)(compiled, compiled.exports);
  return compiled.exports;
}

const { ROUTES, routePaths } = loadRoutes();
const events = {};
for (const route of ROUTES) {
  for (const path of routePaths(route)) (events[route.fn] ??= []).push({ httpApi: { method: route.method, path } });
}

module.exports = { events };
