import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/ports';
import { basicAuth, emulatorUrl, GUID, ISO_TIME, newApiKey, sdkClient } from './support';

/**
 * The request log as the local stack writes it (lib/log.ts through serverless-offline into the stack's log file):
 * a handful of requests by SDK and raw HTTP, then each one's line found by the request id its answer carries in
 * `X-Global-Transaction-Id`. Other e2e files use the same stack at the same time: lines are matched by id only.
 */

const ROOT = join(__dirname, '..', '..');
const TRANSACTION_ID = 'x-global-transaction-id';

interface Sent {
  what: string;
  id: string;
  status: number;
}

/** A raw request; answers its status, body and request id (the header, which every answer carries). */
async function send(what: string, method: string, path: string, init: { authorization?: string; type?: string; body?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.authorization) headers.authorization = init.authorization;
  if (init.type) headers['content-type'] = init.type;
  const response = await fetch(emulatorUrl() + path, { method, headers, body: init.body });
  const body = await response.json() as Record<string, unknown>;
  const id = response.headers.get(TRANSACTION_ID);
  expect(id, `${what}: ${TRANSACTION_ID}`).toBeTruthy();
  return { sent: { what, id: id!, status: response.status }, body };
}

/** The log file's JSON lines (serverless-offline writes its own text lines around them). */
function jsonLines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('{')).flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

describe('the request log of the running emulator', () => {
  it('has exactly one JSON line per request, with its fields, the fault flag, and no credential', async () => {
    const apikey = newApiKey();
    const authorization = basicAuth('apikey', apikey);
    const sdk = sdkClient(apikey);
    const sent: Sent[] = [];

    // SDK: a model created and read (the SDK's responses carry the headers too).
    const created = await sdk.createLanguageModel({ name: 'log test', baseModelName: 'en-US_BroadbandModel' });
    sent.push({ what: 'create', id: String(created.headers[TRANSACTION_ID]), status: created.status });
    const id = created.result.customization_id!;
    const model = await sdk.getLanguageModel({ customizationId: id });
    sent.push({ what: 'get', id: String(model.headers[TRANSACTION_ID]), status: model.status });
    const owner = model.result.owner!;
    expect(owner).toMatch(GUID);

    // Raw HTTP: an unknown path (404), no credentials (the gateway's 401), a token, an injected fault.
    sent.push((await send('not found', 'GET', `/v1/customizations/${id}/nothing`, { authorization })).sent);
    sent.push((await send('anonymous', 'GET', `/v1/customizations/${id}`)).sent);
    const token = await send('token', 'POST', '/identity/token', {
      type: 'application/x-www-form-urlencoded', body: `grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=${apikey}`,
    });
    sent.push(token.sent);
    const accessToken = token.body.access_token as string;
    sent.push((await send('add fault', 'POST', '/_emulator/faults', {
      authorization, type: 'application/json', body: JSON.stringify({ operation: 'listLanguageModels', status: 503, count: 1 }),
    })).sent);
    sent.push((await send('faulted', 'GET', '/v1/customizations', { authorization: `Bearer ${accessToken}` })).sent);
    sent.push((await send('after the fault', 'GET', '/v1/customizations', { authorization })).sent);

    expect(sent.map(({ what, status }) => [what, status])).toEqual([
      ['create', 201], ['get', 200], ['not found', 404], ['anonymous', 401], ['token', 200], ['add fault', 201], ['faulted', 503],
      ['after the fault', 200],
    ]);
    expect(new Set(sent.map((request) => request.id)).size, 'a request id of its own for each request').toBe(sent.length);

    const file = inject('emulatorLogFile');
    const lines = jsonLines(file);
    const lineOf = (request: Sent) => {
      const matching = lines.filter((line) => line.requestId === request.id);
      expect(matching, `${request.what}: one line for ${request.id}`).toHaveLength(1);
      const [line] = matching;
      expect(line, request.what).toMatchObject({
        level: request.status >= 500 ? 'error' : 'info', time: expect.stringMatching(ISO_TIME), requestId: request.id,
        status: request.status, duration_ms: expect.any(Number),
      });
      return line;
    };
    const [create, get, notFound, anonymous, issued, addFault, faulted, after] = sent.map(lineOf);
    const path = `/v1/customizations/${id}`;
    expect(create).toMatchObject({ operation: 'createLanguageModel', method: 'POST', path: '/v1/customizations', instance: owner, fault: false });
    expect(create).not.toHaveProperty('customization_id');
    expect(get).toMatchObject({ operation: 'getLanguageModel', method: 'GET', path, instance: owner, customization_id: id, fault: false });
    expect(notFound).toMatchObject({ operation: 'routeNotFound', path: `${path}/nothing`, instance: owner, customization_id: id });
    expect(anonymous).toMatchObject({ operation: 'getLanguageModel', path, customization_id: id, error: { message: 'Unauthorized' } });
    expect(anonymous).not.toHaveProperty('instance');
    expect(issued).toMatchObject({ operation: 'issueToken', method: 'POST', path: '/identity/token' });
    expect(addFault).toMatchObject({ operation: 'addEmulatorFault', instance: owner, fault: false });
    expect(faulted).toMatchObject({
      operation: 'listLanguageModels', instance: owner, fault: true, error: { name: 'ApiError', message: expect.stringContaining('fault injected') },
    });
    expect(after).toMatchObject({ operation: 'listLanguageModels', fault: false });

    const text = readFileSync(file, 'utf8');
    for (const secret of [apikey, authorization.slice('Basic '.length), accessToken, accessToken.split('.')[2]]) {
      expect(text.includes(secret), `the log contains ${secret.slice(0, 12)}…`).toBe(false);
    }
  });
});

describe('npm start with STT_LOG_FORMAT=pretty', () => {
  it('prints one short line per request in the terminal, and the log file still gets the JSON line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stt-pretty-'));
    const logFile = join(dir, 'emulator.log');
    const child = spawn(process.execPath, ['--no-warnings', join(ROOT, 'scripts/start.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env, STT_DATA_DIR: ':memory:', STT_LOG_FORMAT: 'pretty', STT_LOG_FILE: logFile, STT_TABLE: 'stt-pretty',
        PORT: String(await freePort()), STT_DYNAMODB_PORT: String(await freePort()), STT_LAMBDA_PORT: String(await freePort()),
        STT_WEBSOCKET_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => { output += chunk; });
    child.stderr!.on('data', (chunk) => { output += chunk; });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const ready = /ready on (http:\/\/\S+)/.exec(output);
          if (ready) {
            clearInterval(timer);
            resolve(ready[1]);
          }
        }, 100);
        exited.then(() => { clearInterval(timer); reject(new Error(`npm start exited: ${output}`)); });
      });
      const response = await fetch(`${url}/v1/models/en-US_BroadbandModel`, { headers: { authorization: basicAuth('apikey', newApiKey()) } });
      expect(response.status).toBe(200);
      const id = response.headers.get(TRANSACTION_ID)!;
      const pretty = /^\d\d:\d\d:\d\d\.\d{3} 200 getModel GET \/v1\/models\/en-US_BroadbandModel [\d.]+ ms$/m;
      for (let waited = 0; !pretty.test(output) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(output).toMatch(pretty);
      // The terminal has the short lines only: no JSON, none of serverless-offline's output (its route table is in the file).
      expect(output).not.toContain('{"level"');
      expect(output).not.toContain('/_emulator/faults');
      expect(readFileSync(logFile, 'utf8')).toContain('/_emulator/faults');
      const lines = jsonLines(logFile).filter((line) => line.requestId === id);
      expect(lines).toEqual([expect.objectContaining({ operation: 'getModel', status: 200 })]);
      // serverless-offline's own lines per request are off by default (SLS_LOG_LEVEL=warning): the JSON line says it all.
      expect(readFileSync(logFile, 'utf8')).not.toMatch(/\(λ: getModel\) RequestId/);
    } finally {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
