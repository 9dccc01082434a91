import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROUTES, routePaths, type Route } from '../../lib/routes';

/**
 * ROUTES (lib/routes.ts) is the one declaration of the emulator's routes:
 * - serverless.yml's functions take their httpApi events from it: `events: ${file(./scripts/serverless-routes.cjs):
 *   events.<function>}` (what `sls deploy` creates in API Gateway, and what serverless-offline serves for `npm start`);
 *   this test checks that every routed function does so and that the script gives exactly ROUTES' paths, and the
 *   template-*.test.ts files check the template that `sls package` resolves;
 * - README.md's endpoint tables ("What works today" and "Control API") are checked against it here.
 * The checks are plain functions of the file texts, so that the negative cases below can show that a route added to
 * one place only fails them.
 */

// js-yaml (a devDependency) ships no types. Its default schema resolves the yml's anchors, aliases and `<<:` merge keys.
const yaml = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };
const derived = createRequire(import.meta.url)('../../scripts/serverless-routes.cjs') as {
  events: Record<string, { httpApi: { method: string; path: string } }[]>;
};

const ROOT = new URL('../../', import.meta.url);
const SERVERLESS_YML = readFileSync(new URL('serverless.yml', ROOT), 'utf8');
const README = readFileSync(new URL('README.md', ROOT), 'utf8');

/** The catch-all function: its one event, `httpApi: '*'`, is API Gateway's `$default` route, not a route of ROUTES. */
const CATCH_ALL = 'routeNotFound';

const pair = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
const fromTable = (fn: string) => `\${file(./scripts/serverless-routes.cjs):events.${fn}}`;

/** The differences between serverless.yml's functions and ROUTES (empty: they agree). */
function ymlDifferences(ymlText: string, routes: readonly Route[] = ROUTES): string[] {
  const doc = yaml.load(ymlText) as { functions?: Record<string, { events?: unknown }> };
  const functions = doc.functions ?? {};
  const problems: string[] = [];
  const routed = new Set(routes.map((route) => route.fn));
  for (const [fn, def] of Object.entries(functions)) {
    const events = def?.events;
    if (fn === CATCH_ALL) {
      const httpApi = Array.isArray(events) ? events.filter((event) => 'httpApi' in event).map((event) => event.httpApi) : [];
      if (httpApi.length !== 1 || httpApi[0] !== '*') problems.push(`${fn}: expected the one event httpApi: '*', got ${JSON.stringify(httpApi)}`);
      if (routed.has(fn)) problems.push(`${fn}: the catch-all has entries in ROUTES`);
      continue;
    }
    const handWritten = Array.isArray(events) ? events.filter((event) => 'httpApi' in event) : [];
    if (handWritten.length > 0) problems.push(`${fn}: httpApi events written by hand (take them from ROUTES): ${JSON.stringify(handWritten)}`);
    if (routed.has(fn) && events !== fromTable(fn)) problems.push(`${fn}: events are not ${fromTable(fn)}`);
    if (!routed.has(fn) && events === fromTable(fn)) problems.push(`${fn}: events from the route table, but no entry in ROUTES`);
  }
  for (const fn of routed) if (!(fn in functions)) problems.push(`${fn}: in ROUTES but not a function of serverless.yml`);
  return problems;
}

/** The rows of the first table after the heading that starts with `heading`. */
function tableRows(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const at = lines.findIndex((line) => line.startsWith(heading));
  if (at < 0) return [];
  const start = lines.findIndex((line, i) => i > at && line.startsWith('|'));
  if (start < 0) return [];
  const rows: string[] = [];
  for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) rows.push(lines[i]);
  return rows;
}

// `METHOD /path`, optionally followed by the query parameters it takes, `[?a=&b=]`.
const ENDPOINT = /^([A-Z]+) (\/\S*?)(\[\?[^\]]*\])?$/;

/**
 * The differences between README.md's endpoint tables and ROUTES (empty: they agree). A row's first cell holds one or
 * more `METHOD /path` code spans separated by commas. Path parameters are compared by position, not by name: the
 * README may write `{key}` for ROUTES' `{transcript_key}`.
 */
function readmeDifferences(markdown: string, routes: readonly Route[] = ROUTES): string[] {
  const problems: string[] = [];
  const shape = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
  const listed: string[] = [];
  for (const heading of ['## What works today', '## Control API']) {
    const rows = tableRows(markdown, heading);
    if (rows.length === 0) problems.push(`no endpoint table under "${heading}"`);
    for (const row of rows) {
      const cell = row.split('|')[1].trim();
      const spans = cell.split(/,\s*/);
      for (const span of spans) {
        const match = /^`([^`]*)`$/.exec(span);
        const endpoint = match && ENDPOINT.exec(match[1]);
        if (!endpoint) {
          problems.push(`README row names no endpoint as \`METHOD /path\`: ${row.slice(0, 80)}`);
          continue;
        }
        listed.push(pair(endpoint[1], shape(endpoint[2])));
      }
    }
  }
  const served = routes.map((route) => pair(route.method, shape(route.path)));
  for (const p of listed) if (!served.includes(p)) problems.push(`README lists ${p}, which ROUTES lacks`);
  for (const p of listed.filter((q, i) => listed.indexOf(q) !== i)) problems.push(`README lists ${p} twice`);
  for (const p of served) if (!listed.includes(p)) problems.push(`README does not list ${p}`);
  return problems;
}

describe('route declarations', () => {
  it('serverless.yml takes every route from ROUTES, plus the catch-all', () => {
    expect(ymlDifferences(SERVERLESS_YML)).toEqual([]);
  });

  it('scripts/serverless-routes.cjs gives each routed function exactly its ROUTES paths, with and without /instances/{id}', () => {
    const expected: Record<string, string[]> = {};
    for (const route of ROUTES) expected[route.fn] = [...(expected[route.fn] ?? []), ...routePaths(route).map((path) => pair(route.method, path))];
    const got = Object.fromEntries(Object.entries(derived.events).map(([fn, events]) => [fn, events.map(({ httpApi }) => pair(httpApi.method, httpApi.path))]));
    expect(got).toEqual(expected);
    expect(got.recognize).toEqual(['POST /v1/recognize', 'POST /instances/{instance_id}/v1/recognize']);
    expect(got.issueToken).toEqual(['POST /identity/token']);
  });

  it("README's endpoint tables list exactly the routes of ROUTES", () => {
    expect(readmeDifferences(README)).toEqual([]);
  });

  it('fails on a route written into serverless.yml by hand', () => {
    const added = SERVERLESS_YML.replace(
      '    events: ${file(./scripts/serverless-routes.cjs):events.listModels}\n',
      "    events:\n      - httpApi: { method: HEAD, path: '/v1/models' }\n",
    );
    expect(added).not.toBe(SERVERLESS_YML);
    expect(ymlDifferences(added)).toEqual([
      'listModels: httpApi events written by hand (take them from ROUTES): [{"httpApi":{"method":"HEAD","path":"/v1/models"}}]',
      `listModels: events are not ${fromTable('listModels')}`,
    ]);
    const newFunction = SERVERLESS_YML.replace(
      '  routeNotFound:\n',
      '  listWidgets:\n    handler: functions/listWidgets.handler\n    events: ${file(./scripts/serverless-routes.cjs):events.listWidgets}\n  routeNotFound:\n',
    );
    expect(newFunction).not.toBe(SERVERLESS_YML);
    expect(ymlDifferences(newFunction)).toEqual(['listWidgets: events from the route table, but no entry in ROUTES']);
  });

  it('fails on a route added to ROUTES only', () => {
    const routes = [...ROUTES, { fn: 'listWidgets', method: 'GET', path: '/v1/widgets', instancePrefix: true } as const];
    expect(ymlDifferences(SERVERLESS_YML, routes)).toEqual(['listWidgets: in ROUTES but not a function of serverless.yml']);
    expect(readmeDifferences(README, routes)).toEqual(['README does not list GET /v1/widgets']);
  });

  it('fails on a route added to the README only, or missing from it', () => {
    const added = README.replace(
      '| `POST /identity/token` |',
      '| `GET /v1/widgets` | `listWidgets` | `functions/listWidgets.ts` |\n| `POST /identity/token` |',
    );
    expect(added).not.toBe(README);
    expect(readmeDifferences(added)).toEqual(['README lists GET /v1/widgets, which ROUTES lacks']);
    const removed = README.replace('| `DELETE /_emulator/faults`, `DELETE /_emulator/faults/{fault_id}` |', '| `DELETE /_emulator/faults` |');
    expect(removed).not.toBe(README);
    expect(readmeDifferences(removed)).toEqual(['README does not list DELETE /_emulator/faults/{}']);
    const wrongMethod = README.replace('| `PUT /_emulator/timing` |', '| `POST /_emulator/timing` |');
    expect(readmeDifferences(wrongMethod)).toEqual(['README lists POST /_emulator/timing, which ROUTES lacks', 'README does not list PUT /_emulator/timing']);
  });
});
