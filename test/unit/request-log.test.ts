import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { handler as advanceTraining } from '../../functions/advanceTraining';
import { handler as getEmulatorHealth } from '../../functions/getEmulatorHealth';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { handler as issueToken } from '../../functions/issueToken';
import { handler as listEmulatorFaults } from '../../functions/listEmulatorFaults';
import { handler as listLanguageModels } from '../../functions/listLanguageModels';
import { handler as listModels } from '../../functions/listModels';
import { handler as routeNotFound } from '../../functions/routeNotFound';
import { httpHandler, respond } from '../../lib/http/handler';
import { nameGuid } from '../../lib/ids';
import { basic, bodyOf, httpEvent, useCleanEnv, type EventOptions } from './support/events';
import { useMockTable } from './support/table';

/**
 * The request log (lib/log.ts, written by lib/http/handler.ts): exactly one JSON line per request on stdout, with
 * the fields CloudWatch Logs Insights queries, the instance only once authenticated, the fault flag, a 5xx's error
 * with its stack, and never a credential; and `X-Global-Transaction-Id` on every kind of answer.
 */

const API_KEY = 'apikey:Log-Test-Key-123';
const AUTH = basic(API_KEY);
const OWNER = nameGuid(`credential:${API_KEY}`);
const ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';
const TOKEN_SECRET = 'request-log-signing-secret';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const GRANT = 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey';

const MODEL_ITEM = {
  PK: `MODEL#${ID}`, SK: 'MODEL', customizationId: ID, owner: OWNER, name: 'm', description: '', baseModelName: 'en-US_BroadbandModel',
  language: 'en-US', dialect: 'en-US', versions: ['en-US_BroadbandModel.v2020-01-16'], created: 1, updated: 2, status: 'pending',
  revision: 1, generation: 0,
};

const event = (options: EventOptions = {}) => httpEvent({ ...options, headers: { Authorization: AUTH, ...options.headers } });
const modelEvent = (options: EventOptions = {}) =>
  event({ path: `/v1/customizations/${ID}`, pathParameters: { customization_id: ID }, ...options });

type Line = Record<string, unknown> & { error?: { name: string; message: string; stack?: string } };

describe('the request log line', () => {
  useCleanEnv();
  const ddb = useMockTable();
  let stdout: MockInstance<typeof process.stdout.write>;
  let written: string[] = [];
  /** Everything written, parsed: each write must be one whole JSON line. */
  const lines = (): Line[] => written.map((text) => {
    expect(text.endsWith('\n') && !text.slice(0, -1).includes('\n'), `one line: ${text}`).toBe(true);
    return JSON.parse(text) as Line;
  });
  const onlyLine = (): Line => {
    const all = lines();
    expect(all).toHaveLength(1);
    return all[0];
  };

  beforeEach(() => {
    process.env.STT_CONTROLS = 'off';
    written = [];
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { written.push(String(chunk)); return true; });
    // Nothing else: the line is the request's only output.
    for (const method of ['log', 'error', 'warn', 'info'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { written.push(`console.${method}: ${args.join(' ')}`); });
    }
  });
  afterEach(() => vi.restoreAllMocks());

  it('gives the fields of a successful request, in order, with one write', async () => {
    ddb.on(GetCommand).resolves({ Item: MODEL_ITEM });
    const result = await getLanguageModel(modelEvent({ requestId: 'req-ok-1' }));
    expect(result.statusCode).toBe(200);
    expect(stdout).toHaveBeenCalledTimes(1);
    const line = onlyLine();
    expect(line).toEqual({
      level: 'info', time: expect.any(String), requestId: 'req-ok-1', operation: 'getLanguageModel', method: 'GET',
      path: `/v1/customizations/${ID}`, instance: OWNER, customization_id: ID, status: 200, duration_ms: expect.any(Number), fault: false,
    });
    expect(Object.keys(line).slice(0, 4)).toEqual(['level', 'time', 'requestId', 'operation']);
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    expect(line.duration_ms).toBeGreaterThanOrEqual(0);
  });

  it('has no customization_id where the path has none, and the message of a 4xx', async () => {
    await listLanguageModels(event({ path: '/v1/customizations', query: 'language=xx-XX' }));
    const line = onlyLine();
    expect(line).toMatchObject({ level: 'info', operation: 'listLanguageModels', instance: OWNER, status: 400, fault: false });
    expect(line).not.toHaveProperty('customization_id');
    expect(line.error).toEqual({ name: 'ApiError', message: expect.any(String) });
  });

  it('names no instance on the gateway 401 (not authenticated), and one on a 401 of the model check', async () => {
    await getLanguageModel(modelEvent({ headers: { Authorization: '' } }));
    await getLanguageModel(modelEvent({ headers: { Authorization: 'Bearer not-a-token' } }));
    ddb.on(GetCommand).resolves({});
    await getLanguageModel(modelEvent());
    const [anonymous, badToken, otherModel] = lines();
    for (const line of [anonymous, badToken]) {
      expect(line).toMatchObject({ level: 'info', status: 401, customization_id: ID, error: { name: 'ApiError', message: 'Unauthorized' } });
      expect(line).not.toHaveProperty('instance');
    }
    expect(otherModel).toMatchObject({ status: 401, instance: OWNER, customization_id: ID });
  });

  it('names every function by its own name: the catch-all, the token endpoint, health and the control API', async () => {
    process.env.STT_TOKEN_SECRET = TOKEN_SECRET;
    await routeNotFound(event({ method: 'POST', path: `/v1/customizations/${ID}/retrain` }));
    await routeNotFound(event({ method: 'PUT', path: '/v1/customizations' }));
    await routeNotFound(httpEvent({ path: '/nowhere' }));
    await issueToken(httpEvent({ method: 'POST', path: '/identity/token', headers: FORM, body: `${GRANT}&apikey=abc-key` }));
    await getEmulatorHealth(httpEvent({ path: '/_emulator/health' }));
    process.env.STT_CONTROLS = 'on';
    ddb.on(QueryCommand).resolves({ Items: [] });
    await listEmulatorFaults(event({ path: '/_emulator/faults' }));
    const [notFound, notAllowed, anonymous, token, health, control] = lines();
    expect(notFound).toMatchObject({ operation: 'routeNotFound', method: 'POST', status: 404, instance: OWNER, customization_id: ID });
    expect(notAllowed).toMatchObject({ operation: 'routeNotFound', method: 'PUT', status: 405, instance: OWNER });
    expect(anonymous).toMatchObject({ operation: 'routeNotFound', status: 401 });
    expect(anonymous).not.toHaveProperty('instance');
    expect(token).toMatchObject({ operation: 'issueToken', method: 'POST', path: '/identity/token', status: 200, fault: false });
    expect(token).not.toHaveProperty('instance');
    expect(health).toMatchObject({ operation: 'getEmulatorHealth', status: 200 });
    expect(control).toMatchObject({ operation: 'listEmulatorFaults', status: 200, instance: OWNER, fault: false });
  });

  describe('fault flag', () => {
    beforeEach(() => {
      process.env.STT_CONTROLS = 'on';
      process.env.STT_FAULT_CACHE_MS = '0';
    });

    it('is true when an injected error answers, which from 500 on is an error line', async () => {
      ddb.on(QueryCommand).resolves({ Items: [{ id: 'f1', operation: 'getLanguageModel', status: 503, remaining: 2, created: 1 }] });
      ddb.on(UpdateCommand).resolves({ Attributes: { remaining: 1 } });
      const result = await getLanguageModel(modelEvent());
      expect(result.statusCode).toBe(503);
      expect(onlyLine()).toMatchObject({
        level: 'error', status: 503, fault: true, instance: OWNER,
        error: { name: 'ApiError', message: 'Service Unavailable (fault injected by the emulator).' },
      });
    });

    it('is true for a 4xx fault and for a rule that only adds a delay; false when no rule fires', async () => {
      ddb.on(QueryCommand).resolves({ Items: [{ id: 'f1', operation: '*', status: 429, probability: 1, created: 1 }] });
      await getLanguageModel(modelEvent());
      ddb.on(QueryCommand).resolves({ Items: [{ id: 'f2', operation: 'getLanguageModel', delayMs: 1, probability: 1, created: 1 }] });
      ddb.on(GetCommand).resolves({ Item: MODEL_ITEM });
      await getLanguageModel(modelEvent());
      ddb.on(QueryCommand).resolves({ Items: [{ id: 'f3', operation: 'listModels', status: 500, probability: 1, created: 1 }] });
      await getLanguageModel(modelEvent());
      const [refused, delayed, untouched] = lines();
      expect(refused).toMatchObject({ level: 'info', status: 429, fault: true });
      expect(delayed).toMatchObject({ level: 'info', status: 200, fault: true });
      expect(delayed).not.toHaveProperty('error');
      expect(untouched).toMatchObject({ status: 200, fault: false });
    });
  });

  it('gives a 500 as an error line with the error\'s name, message and stack, and no credential', async () => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_CREDENTIALS = JSON.stringify({ team: [API_KEY] });
    ddb.on(GetCommand).rejects(Object.assign(new Error(`table read failed for ${AUTH} (${API_KEY})`), { name: 'InternalServerError' }));
    const result = await getLanguageModel(modelEvent({ requestId: 'req-500' }));
    expect(result.statusCode).toBe(500);
    const text = written.join('');
    const line = onlyLine();
    expect(line).toMatchObject({
      level: 'error', requestId: 'req-500', operation: 'getLanguageModel', status: 500, instance: nameGuid('instance:team'),
      error: { name: 'InternalServerError', message: expect.stringContaining('table read failed for') },
    });
    expect(line.error!.stack).toMatch(/^InternalServerError: table read failed/);
    expect(line.error!.stack).toContain('request-log.test.ts');
    for (const secret of [AUTH, AUTH.slice('Basic '.length), 'Log-Test-Key-123']) expect(text).not.toContain(secret);
  });

  it('never shows a credential or token of a successful request, nor one a path carries', async () => {
    process.env.STT_TOKEN_SECRET = TOKEN_SECRET;
    const issued = await issueToken(httpEvent({
      method: 'POST', path: '/identity/token', headers: FORM, body: `${GRANT}&apikey=${encodeURIComponent('Log-Test-Key-123')}`,
    }));
    const token = (bodyOf(issued) as { access_token: string }).access_token;
    await listModels(httpEvent({ path: '/v1/models', headers: { Authorization: `Bearer ${token}` } }));
    await routeNotFound(event({ path: `/v1/apikey=Log-Test-Key-123/${token}` }));
    const text = written.join('');
    expect(lines().map((line) => line.status)).toEqual([200, 200, 404]);
    for (const secret of ['Log-Test-Key-123', token, token.split('.')[2], TOKEN_SECRET, AUTH.slice('Basic '.length)]) {
      expect(text, `the log contains ${secret}`).not.toContain(secret);
    }
    expect(lines()[2].path).toMatch(/^\/v1\/apikey=\[redacted\]/);
  });
});

describe('X-Global-Transaction-Id', () => {
  useCleanEnv();
  const ddb = useMockTable();
  beforeEach(() => {
    process.env.STT_CONTROLS = 'off';
    process.env.STT_TOKEN_SECRET = TOKEN_SECRET;
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  const idOf = (result: { headers?: Record<string, unknown> }) => result.headers?.['x-global-transaction-id'];

  it('is on every kind of answer, with the gateway\'s request id', async () => {
    const answers: [string, number, Promise<{ statusCode?: number; headers?: Record<string, unknown> }>][] = [
      ['success', 200, listModels(event({ path: '/v1/models', requestId: 'id-1' }))],
      ['ApiError envelope', 400, listLanguageModels(event({ path: '/v1/customizations', query: 'language=xx-XX', requestId: 'id-2' }))],
      ['gateway 401', 401, listModels(httpEvent({ path: '/v1/models', requestId: 'id-3' }))],
      ['token 200', 200, issueToken(httpEvent({ method: 'POST', path: '/identity/token', headers: FORM, body: `${GRANT}&apikey=k1`, requestId: 'id-4' }))],
      ['token 400', 400, issueToken(httpEvent({ method: 'POST', path: '/identity/token', headers: FORM, body: GRANT, requestId: 'id-5' }))],
      ['catch-all 404', 404, routeNotFound(event({ path: '/nowhere', requestId: 'id-6' }))],
      ['catch-all 405', 405, routeNotFound(event({ method: 'PATCH', path: '/v1/models', requestId: 'id-7' }))],
      ['health', 200, getEmulatorHealth(httpEvent({ path: '/_emulator/health', requestId: 'id-8' }))],
    ];
    for (const [index, [kind, status, answer]] of answers.entries()) {
      const result = await answer;
      expect([kind, result.statusCode, idOf(result)]).toEqual([kind, status, `id-${index + 1}`]);
    }
    ddb.on(GetCommand).rejects(new Error('boom'));
    const failed = await getLanguageModel(modelEvent({ requestId: 'id-500' }));
    expect([failed.statusCode, idOf(failed)]).toEqual([500, 'id-500']);
  });

  it('is on a gzipped answer', async () => {
    const big = 'x'.repeat(300 * 1024);
    const handler = httpHandler('bigAnswer', async () => respond(200, { big }));
    const result = await handler(httpEvent({ headers: { 'accept-encoding': 'gzip' }, requestId: 'id-gz' }));
    expect(result.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', 'x-global-transaction-id': 'id-gz' });
  });

  it('under serverless-offline (a fixed placeholder id) is the invocation\'s id; without any, a new id; the same as the log\'s', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { written.push(String(chunk)); return true; });
    const offline = await listModels(event({ path: '/v1/models', requestId: 'offlineContext_resourceId' }), { awsRequestId: 'aws-req-7' });
    const bare = httpEvent({ path: '/v1/models' });
    delete (bare.requestContext as { requestId?: string }).requestId;
    const first = await listModels(bare);
    const second = await listModels(bare);
    expect(idOf(offline)).toBe('aws-req-7');
    expect(idOf(first)).toMatch(/^[0-9a-f-]{36}$/);
    expect(idOf(second)).not.toBe(idOf(first));
    expect(written.map((line) => JSON.parse(line).requestId)).toEqual([idOf(offline), idOf(first), idOf(second)]);
  });
});

describe('the scheduled function\'s line', () => {
  useCleanEnv();
  const ddb = useMockTable();
  afterEach(() => vi.restoreAllMocks());

  it('is one line with its report, or one error line with the stack when it fails', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { written.push(String(chunk)); return true; });
    await advanceTraining();
    ddb.on(QueryCommand).rejects(new Error('index unreachable'));
    await expect(advanceTraining()).rejects.toThrow('index unreachable');
    const [report, failure] = written.map((line) => JSON.parse(line));
    expect(written).toHaveLength(2);
    expect(report).toEqual({
      level: 'info', time: expect.any(String), message: 'advanceTraining', operation: 'advanceTraining', duration_ms: expect.any(Number),
      due: 0, settled: 0, repaired: 0, purged: 0, indexReadUnits: 0, jobs: { due: 0, settled: 0, expired: 0 },
    });
    expect(failure).toMatchObject({ level: 'error', operation: 'advanceTraining', error: { name: 'Error', message: 'index unreachable' } });
    expect(failure.error.stack).toContain('index unreachable');
  });

  it('writes no line for a local tick that found nothing due (npm start runs it every second)', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => { written.push(String(chunk)); return true; });
    expect(await advanceTraining({ tick: true })).toMatchObject({ due: 0, jobs: { due: 0 } });
    expect(written).toEqual([]);
  });
});
