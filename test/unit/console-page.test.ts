// The web console's function and page (functions/getEmulatorConsole.ts, lib/console): headers, CSP, 404 when the
// controls are off, and a page that loads nothing from anywhere. The page's behaviour is tested in real Chromium
// (test/e2e/console).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/getEmulatorConsole';
import { CONSOLE_CSP, CONSOLE_HTML } from '../../lib/console/page';
import { bodyOf, httpEvent, useCleanEnv } from './support/events';

const ROOT = new URL('../../', import.meta.url).pathname;
const event = () => httpEvent({ method: 'GET', path: '/_emulator/console' });

/** The text of every `<tag>…</tag>` of the page. */
const contents = (tag: string) => [...CONSOLE_HTML.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
/** The page without its script and style: its markup. */
const markup = () => CONSOLE_HTML.replace(/<script>[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/g, '');

describe('GET /_emulator/console', () => {
  useCleanEnv();

  it('answers 200 with the page as text/html, without credentials, with a strict CSP and no caching', async () => {
    const result = await handler(event());
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe(CONSOLE_HTML);
    expect(result.isBase64Encoded).toBeUndefined();
    expect(result.headers).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': CONSOLE_CSP,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'x-global-transaction-id': 'req-unit-1',
    });
  });

  it("allows exactly the page's own script and style, by hash: no 'unsafe-inline', no other origin", () => {
    const directives = Object.fromEntries(CONSOLE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    const scripts = contents('script');
    const styles = contents('style');
    expect([scripts.length, styles.length]).toEqual([1, 1]);
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': hashOf(scripts[0]),
      'style-src': hashOf(styles[0]),
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONSOLE_CSP).not.toContain('unsafe');
    // what the CSP would block: inline handlers, style attributes, javascript: URLs
    expect(markup()).not.toMatch(/\son[a-z]+\s*=/i);
    expect(markup()).not.toMatch(/\sstyle\s*=/i);
    expect(CONSOLE_HTML).not.toMatch(/javascript:/i);
    expect(scripts[0]).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/);
  });

  it('answers the 404 of an unknown path when the controls are off', async () => {
    for (const env of [{ STT_CONTROLS: 'off' }, { STT_AUTH: 'strict' }]) {
      Object.assign(process.env, env);
      const result = await handler(event());
      expect(result.statusCode).toBe(404);
      expect(result.headers?.['content-type']).toBe('application/json; charset=utf-8');
      expect(bodyOf(result)).toEqual({ code: 404, code_description: 'No Such Resource', error: 'No such child resource.' });
      for (const name of Object.keys(env)) delete process.env[name];
    }
    process.env.STT_AUTH = 'strict';
    process.env.STT_CONTROLS = 'on';
    expect((await handler(event())).statusCode).toBe(200);
  });

  it('loads nothing from elsewhere: no external URL, no src, no stylesheet link, no CDN; under 60 KB', () => {
    // the one URL in the page is the SVG namespace, a name that is never fetched
    expect([...new Set(CONSOLE_HTML.match(/[a-z][a-z0-9+.-]*:\/\/[^\s'"<>)]*/gi))]).toEqual(['http://www.w3.org/2000/svg']);
    expect(CONSOLE_HTML).not.toMatch(/\ssrc\s*=/i);
    expect(CONSOLE_HTML).not.toMatch(/["'(]\/\/[a-z0-9]/i); // protocol-relative
    expect(CONSOLE_HTML).not.toMatch(/@import|url\(/i);
    expect(CONSOLE_HTML).not.toMatch(/cdn|unpkg|jsdelivr|googleapis/i);
    expect([...CONSOLE_HTML.matchAll(/<link\b[^>]*>/g)].map((m) => m[0])).toEqual(['<link rel="icon" href="data:,">']);
    expect(contents('script')[0]).not.toMatch(/\bimport\s*\(|importScripts|new Worker|WebSocket|EventSource|XMLHttpRequest/);
    expect(Buffer.byteLength(CONSOLE_HTML)).toBeLessThan(60 * 1024);
  });

  it('is a well-formed page whose script parses', () => {
    expect(CONSOLE_HTML.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(() => new Function(contents('script')[0])).not.toThrow(); // compiles; does not run
    // ids are unique, and every control has a label
    const ids = [...markup().matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const labelled = new Set([...markup().matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((m) => m[1]));
    const controls = [...markup().matchAll(/<(input|select|textarea)\b[^>]*\sid="([^"]+)"/g)].map((m) => m[2]);
    const wrapped = [...markup().matchAll(/<label[^>]*>\s*<input\b[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(controls.filter((id) => !labelled.has(id) && !wrapped.includes(id))).toEqual([]);
  });

  it('is imported by its own function only: no other bundle carries the page', () => {
    const importers: string[] = [];
    const scan = (dir: string) => {
      for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (path !== join('lib', 'console')) scan(path);
        } else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name) && /from\s+['"][^'"]*\/console(\/[^'"]*)?['"]/.test(readFileSync(join(ROOT, path), 'utf8'))) {
          importers.push(path);
        }
      }
    };
    scan('functions');
    scan('lib');
    expect(importers).toEqual([join('functions', 'getEmulatorConsole.ts')]);
  });
});
