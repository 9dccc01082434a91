import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ROUTES, routePaths, type Route } from '../../lib/routes';

/**
 * ROUTES (lib/http/routes.ts) is the one declaration of the emulator's routes; this test keeps the other places that
 * name them equal to it:
 * - serverless.yml's httpApi events (what `sls deploy` creates in API Gateway). The local gateway, serverless-offline
 *   (`npm start`), serves the routes of this same file, so checking the yml covers it too.
 * - README.md's endpoint tables ("What works today" and "Control API").
 * The checks are plain functions of the file texts, so that the negative cases below can show that a route added to
 * one place only fails them.
 */

// js-yaml (a devDependency) ships no types. Its default schema resolves the yml's anchors, aliases and `<<:` merge keys.
const yaml = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

const ROOT = new URL('../../', import.meta.url);
const SERVERLESS_YML = readFileSync(new URL('serverless.yml', ROOT), 'utf8');
const README = readFileSync(new URL('README.md', ROOT), 'utf8');

/** The catch-all function: its one event, `httpApi: '*'`, is API Gateway's `$default` route, not a route of ROUTES. */
const CATCH_ALL = 'routeNotFound';

const pair = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** The differences between serverless.yml's httpApi events and ROUTES (empty: they agree). */
function ymlDifferences(ymlText: string, routes: readonly Route[] = ROUTES): string[] {
  const doc = yaml.load(ymlText) as { functions?: Record<string, { events?: Record<string, unknown>[] }> };
  const functions = doc.functions ?? {};
  const problems: string[] = [];
  const declared = new Map<string, string[]>();
  for (const route of routes) {
    declared.set(route.fn, [...(declared.get(route.fn) ?? []), ...routePaths(route).map((path) => pair(route.method, path))]);
  }
  for (const [fn, def] of Object.entries(functions)) {
    const events = (def?.events ?? []).filter((event) => 'httpApi' in event).map((event) => event.httpApi);
    if (fn === CATCH_ALL) {
      if (events.length !== 1 || events[0] !== '*') problems.push(`${fn}: expected the one event httpApi: '*', got ${JSON.stringify(events)}`);
      if (declared.has(fn)) problems.push(`${fn}: the catch-all has entries in ROUTES`);
      continue;
    }
    const got = events.map((event) => {
      const { method, path } = (event ?? {}) as { method?: unknown; path?: unknown };
      return typeof method === 'string' && typeof path === 'string' ? pair(method, path) : `unreadable ${JSON.stringify(event)}`;
    });
    const want = declared.get(fn);
    if (!want) {
      if (got.length > 0) problems.push(`${fn}: httpApi events ${got.join(', ')} but no entry in ROUTES`);
      continue;
    }
    const extra = got.filter((p) => !want.includes(p));
    const missing = want.filter((p) => !got.includes(p));
    const repeated = got.filter((p, i) => got.indexOf(p) !== i);
    if (extra.length) problems.push(`${fn}: httpApi events not in ROUTES: ${extra.join(', ')}`);
    if (missing.length) problems.push(`${fn}: ROUTES entries without an httpApi event: ${missing.join(', ')}`);
    if (repeated.length) problems.push(`${fn}: repeated httpApi events: ${repeated.join(', ')}`);
  }
  for (const fn of declared.keys()) if (!(fn in functions)) problems.push(`${fn}: in ROUTES but not a function of serverless.yml`);
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
  it('serverless.yml declares exactly the routes of ROUTES, plus the catch-all', () => {
    expect(ymlDifferences(SERVERLESS_YML)).toEqual([]);
  });

  it("README's endpoint tables list exactly the routes of ROUTES", () => {
    expect(readmeDifferences(README)).toEqual([]);
  });

  it('fails on a route added to serverless.yml only', () => {
    const added = SERVERLESS_YML.replace(
      "      - httpApi: { method: GET, path: '/v1/models' }\n",
      "      - httpApi: { method: GET, path: '/v1/models' }\n      - httpApi: { method: HEAD, path: '/v1/models' }\n",
    );
    expect(added).not.toBe(SERVERLESS_YML);
    expect(ymlDifferences(added)).toEqual(['listModels: httpApi events not in ROUTES: HEAD /v1/models']);
    const newFunction = SERVERLESS_YML.replace(
      '  routeNotFound:\n',
      "  listAcousticModels:\n    handler: functions/listAcousticModels.handler\n    events:\n      - httpApi: { method: GET, path: '/v1/acoustic_customizations' }\n  routeNotFound:\n",
    );
    expect(newFunction).not.toBe(SERVERLESS_YML);
    expect(ymlDifferences(newFunction)).toEqual(['listAcousticModels: httpApi events GET /v1/acoustic_customizations but no entry in ROUTES']);
  });

  it('fails on a route added to ROUTES only', () => {
    const routes = [...ROUTES, { fn: 'listAcousticModels', method: 'GET', path: '/v1/acoustic_customizations', instancePrefix: true } as const];
    expect(ymlDifferences(SERVERLESS_YML, routes)).toEqual(['listAcousticModels: in ROUTES but not a function of serverless.yml']);
    expect(readmeDifferences(README, routes)).toEqual(['README does not list GET /v1/acoustic_customizations']);
    // A service route without its /instances/{instance_id} variant in the yml.
    const unprefixed = SERVERLESS_YML.replace("      - httpApi: { method: POST, path: '/instances/{instance_id}/v1/recognize' }\n", '');
    expect(unprefixed).not.toBe(SERVERLESS_YML);
    expect(ymlDifferences(unprefixed)).toEqual(['recognize: ROUTES entries without an httpApi event: POST /instances/{instance_id}/v1/recognize']);
  });

  it('fails on a route added to the README only, or missing from it', () => {
    const added = README.replace(
      '| `POST /identity/token` |',
      '| `GET /v1/acoustic_customizations` | `listAcousticModels` | `functions/listAcousticModels.ts` |\n| `POST /identity/token` |',
    );
    expect(added).not.toBe(README);
    expect(readmeDifferences(added)).toEqual(['README lists GET /v1/acoustic_customizations, which ROUTES lacks']);
    const removed = README.replace('| `DELETE /_emulator/faults`, `DELETE /_emulator/faults/{fault_id}` |', '| `DELETE /_emulator/faults` |');
    expect(removed).not.toBe(README);
    expect(readmeDifferences(removed)).toEqual(['README does not list DELETE /_emulator/faults/{}']);
    const wrongMethod = README.replace('| `PUT /_emulator/timing` |', '| `POST /_emulator/timing` |');
    expect(readmeDifferences(wrongMethod)).toEqual(['README lists POST /_emulator/timing, which ROUTES lacks', 'README does not list PUT /_emulator/timing']);
  });
});
