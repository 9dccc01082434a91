// serverless.yml's httpApi events, made from ROUTES (lib/routes.ts), the one declaration of the emulator's routes:
// each routed function says `events: ${file(./scripts/serverless-routes.cjs):events.<function>}`, so API Gateway
// (`sls deploy`) and the local gateway (serverless-offline, `npm start`) serve exactly the routes of that table.
const { buildSync } = require('esbuild');
const { join } = require('node:path');

/** lib/routes.ts, compiled on the fly (it imports nothing). */
function loadRoutes() {
  const [output] = buildSync({
    entryPoints: [join(__dirname, '..', 'lib', 'routes.ts')], bundle: true, write: false, format: 'cjs', platform: 'node', logLevel: 'silent',
  }).outputFiles;
  const compiled = { exports: {} };
  new Function('module', 'exports', output.text)(compiled, compiled.exports);
  return compiled.exports;
}

const { ROUTES, routePaths } = loadRoutes();
const events = {};
for (const route of ROUTES) {
  for (const path of routePaths(route)) (events[route.fn] ??= []).push({ httpApi: { method: route.method, path } });
}

module.exports = { events };
