// lib/http/handler: httpHandler's JSON answers, the Watson error envelope, 500s naming the request, and its one log line per request.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ApiError, badRequest, notFound, unauthorized } from '../../lib/errors';
import { httpHandler, respond } from '../../lib/http/handler';
import { jsonObjectBody, type ApiRequest } from '../../lib/http/request';
import { basic, httpEvent } from './support/events';

const JSON_TYPE = 'application/json; charset=utf-8';

const headers = (requestId = 'req-unit-1') => ({ 'content-type': JSON_TYPE, 'x-global-transaction-id': requestId });

describe('httpHandler', () => {
  /** The log lines the handler wrote (lib/log.ts writes each with one process.stdout.write). */
  let stdout: MockInstance<typeof process.stdout.write>;
  const lines = () => stdout.mock.calls.map((call) => String(call[0]));
  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stdout.mockRestore();
  });

  it('answers the handler\'s status with a JSON body and content type', async () => {
    let seen: ApiRequest | undefined;
    const handler = httpHandler('testOperation', async (req) => {
      seen = req;
      return respond(201, { customization_id: 'x', echo: req.headers['x-test'] });
    });
    const result = await handler(httpEvent({ method: 'POST', path: '/v1/customizations', headers: { 'X-Test': 'ü' } }));
    expect(result).toEqual({
      statusCode: 201,
      headers: headers(),
      body: '{"customization_id":"x","echo":"ü"}',
    });
    expect(seen?.method).toBe('POST');
    expect(lines()).toHaveLength(1);
    expect(JSON.parse(lines()[0])).toMatchObject({ level: 'info', operation: 'testOperation', status: 201 });
  });

  it('answers {} when the handler gives no body', async () => {
    const result = await httpHandler('testOperation', async () => respond(200))(httpEvent());
    expect([result.statusCode, result.body]).toEqual([200, '{}']);
  });

  it('turns an ApiError into the Watson envelope', async () => {
    const cases: [ApiError, number, unknown][] = [
      [badRequest('Malformed GUID: \'x\''), 400, { code: 400, code_description: 'Bad Request', error: 'Malformed GUID: \'x\'' }],
      [notFound(), 404, { code: 404, code_description: 'No Such Resource', error: 'No such child resource.' }],
      [new ApiError(405, 'nope'), 405, { code: 405, code_description: 'Method Not Allowed', error: 'nope' }],
    ];
    for (const [error, status, body] of cases) {
      const result = await httpHandler('testOperation', async () => { throw error; })(httpEvent());
      expect(result.statusCode).toBe(status);
      expect(result.headers).toEqual(headers());
      expect(JSON.parse(result.body!)).toEqual(body);
    }
    expect(lines().map((line) => JSON.parse(line).level)).toEqual(['info', 'info', 'info']);
  });

  it('answers an ApiError\'s own body when it has one (the gateway\'s 401)', async () => {
    const result = await httpHandler('testOperation', async () => { throw unauthorized(); })(httpEvent());
    expect(result).toEqual({ statusCode: 401, headers: headers(), body: '{"code":401,"error":"Unauthorized"}' });
  });

  it('answers an ApiError thrown while reading the body', async () => {
    const result = await httpHandler('testOperation', async (req) => respond(200, jsonObjectBody(req)))(
      httpEvent({ method: 'POST', path: '/v1/customizations', headers: { 'content-type': 'application/json' }, body: '{' }));
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body!)).toEqual({ code: 400, code_description: 'Bad Request', error: 'Malformed JSON: the request body is not valid JSON.' });
  });

  it('turns an unexpected error into a 500 naming the request id, logged in its one line without the credentials', async () => {
    const secret = basic('apikey:very-secret-key-123');
    const handler = httpHandler('testOperation', async () => { throw new TypeError('boom: cannot read x'); });
    const result = await handler(httpEvent({
      method: 'DELETE',
      path: '/v1/customizations/abc',
      requestId: 'Req-42-xyz',
      headers: { Authorization: secret, host: 'h' },
      body: '{"password":"hunter2"}',
    }));
    expect(result).toEqual({
      statusCode: 500,
      headers: headers('Req-42-xyz'),
      body: JSON.stringify({ code: 500, code_description: 'Internal Server Error', error: 'Internal error while processing request Req-42-xyz.' }),
    });
    expect(stdout).toHaveBeenCalledTimes(1);
    const line = lines()[0];
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    const logged = JSON.parse(line);
    expect(logged).toMatchObject({
      level: 'error',
      requestId: 'Req-42-xyz',
      operation: 'testOperation',
      method: 'DELETE',
      path: '/v1/customizations/abc',
      customization_id: 'abc',
      status: 500,
      error: { name: 'TypeError', message: 'boom: cannot read x' },
    });
    expect(logged.error.stack).toContain('TypeError: boom: cannot read x');
    expect(line).not.toContain(secret);
    expect(line).not.toContain(secret.slice('Basic '.length));
    expect(line).not.toContain('very-secret-key-123');
    expect(line).not.toContain('hunter2');
  });

  it('logs a non-Error throw as a string and still answers 500', async () => {
    const result = await httpHandler('testOperation', async () => { throw 'plain string'; })(httpEvent({ requestId: 'r-9' }));
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body!).error).toBe('Internal error while processing request r-9.');
    expect(stdout).toHaveBeenCalledTimes(1);
    expect(JSON.parse(lines()[0])).toMatchObject({ level: 'error', requestId: 'r-9', status: 500, error: { name: 'string', message: 'plain string' } });
  });
});
