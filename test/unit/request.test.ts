import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/errors';
import { jsonObjectBody, parseEvent } from '../../lib/http/request';
import { mediaType } from '../../lib/mediaType';
import { httpEvent } from './support/events';

function caught(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('parseEvent', () => {
  it('reads method, raw path, request id and lower-cases header names', () => {
    const req = parseEvent(httpEvent({
      method: 'post',
      path: '/v1/customizations',
      requestId: 'abc-123',
      headers: { 'Content-Type': 'application/json', 'X-Watson-Metadata': 'customer_id=42', Accept: 'application/json' },
    }));
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/customizations');
    expect(req.requestId).toBe('abc-123');
    expect(req.headers).toEqual({
      'content-type': 'application/json',
      'x-watson-metadata': 'customer_id=42',
      accept: 'application/json',
    });
  });

  it('falls back to GET, "/" and "local" on a bare event', () => {
    const req = parseEvent({ requestContext: {} } as never);
    expect([req.method, req.path, req.requestId, req.body.length, req.serviceUrl]).toEqual(['GET', '/', 'local', 0, 'http://127.0.0.1']);
    expect(req.params).toEqual({});
    expect([...req.query.keys()]).toEqual([]);
  });

  it('decodes a base64 body to its bytes and a plain body as UTF-8', () => {
    const text = '{"name":"Ñandú 😀"}';
    const b64 = parseEvent(httpEvent({ body: Buffer.from(text, 'utf8').toString('base64'), isBase64Encoded: true }));
    expect(b64.body.toString('utf8')).toBe(text);
    const plain = parseEvent(httpEvent({ body: text }));
    expect(plain.body.equals(Buffer.from(text, 'utf8'))).toBe(true);
    const binary = parseEvent(httpEvent({ body: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'), isBase64Encoded: true }));
    expect([...binary.body]).toEqual([0xff, 0x00, 0xfe]);
  });

  it('takes the bytes serverless-offline hands over beside a base64 body, without reading the body', () => {
    const bytes = Buffer.from([0x52, 0x49, 0x46, 0x46, 0xff, 0x00]);
    const event = httpEvent({ isBase64Encoded: true });
    let bodyReads = 0;
    Object.defineProperty(event, 'body', { enumerable: true, get: () => { bodyReads += 1; return bytes.toString('base64'); } });
    Object.defineProperty(event, Symbol.for('watson-stt-emulator.rawBody'), { value: bytes });
    const req = parseEvent(event);
    expect(req.body).toBe(bytes);
    expect(bodyReads).toBe(0);
    // Only for a base64 body: a text body is read as text, whatever else the event carries.
    const text = httpEvent({ body: 'plain' });
    Object.defineProperty(text, Symbol.for('watson-stt-emulator.rawBody'), { value: bytes });
    expect(parseEvent(text).body.toString('utf8')).toBe('plain');
  });

  it('gives an empty body when the event has none', () => {
    expect(parseEvent(httpEvent({})).body.length).toBe(0);
  });

  it('reads `+` in the query as a space and percent-escapes as UTF-8', () => {
    const req = parseEvent(httpEvent({ query: 'name=a+b%2Bc&word=%EF%BD%9A' }));
    expect(req.query.get('name')).toBe('a b+c');
    expect(req.query.get('word')).toBe('ｚ');
  });

  it('keeps every value of a repeated query name, in order', () => {
    const req = parseEvent(httpEvent({ query: 'language=en-US&foo=1&language=fr-FR' }));
    expect(req.query.getAll('language')).toEqual(['en-US', 'fr-FR']);
    expect([...req.query.keys()]).toEqual(['language', 'foo', 'language']);
  });

  it('answers the first value of a repeated query name', () => {
    const req = parseEvent(httpEvent({ query: 'language=en-US&language=fr-FR' }));
    expect(req.query.get('language')).toBe('en-US');
  });

  describe('path parameters', () => {
    // API Gateway HTTP APIs and serverless-offline (hapi) both hand functions decoded path parameters.
    it('takes the decoded parameters as the gateway passes them', () => {
      const req = parseEvent(httpEvent({ path: '/v1/models/%EF%BD%9A', pathParameters: { model_id: 'ｚ' } }));
      expect(req.params).toEqual({ model_id: 'ｚ' });
    });

    it('never decodes a second time: `%2541` arrives as `%41` and stays `%41`', () => {
      for (const path of ['/v1/models/%2541', '/v1/models/%41']) {
        expect(parseEvent(httpEvent({ path, pathParameters: { model_id: '%41' } })).params).toEqual({ model_id: '%41' });
      }
      const req = parseEvent(httpEvent({
        path: '/instances/%41/v1/models/%2541',
        pathParameters: { instance_id: 'A', model_id: '%41' },
      }));
      expect(req.params).toEqual({ instance_id: 'A', model_id: '%41' });
    });

    it('skips undefined parameters', () => {
      const event = httpEvent({ path: '/v1/models' });
      event.pathParameters = { model_id: undefined };
      expect(parseEvent(event).params).toEqual({});
    });

    it('keeps a decoded value that looks like broken percent-encoding as it is', () => {
      for (const value of ['%zz', '%E0%A4%A', '%']) {
        expect(parseEvent(httpEvent({ path: '/v1/models/x', pathParameters: { model_id: value } })).params).toEqual({ model_id: value });
      }
    });
  });

  describe('serviceUrl', () => {
    it('is http://<host> without x-forwarded-proto', () => {
      expect(parseEvent(httpEvent({ path: '/v1/models', headers: { Host: 'localhost:3000' } })).serviceUrl)
        .toBe('http://localhost:3000');
    });

    it('uses the first x-forwarded-proto value', () => {
      const req = parseEvent(httpEvent({ path: '/v1/models', headers: { host: 'stt.example.com', 'X-Forwarded-Proto': 'https, http' } }));
      expect(req.serviceUrl).toBe('https://stt.example.com');
    });

    it('keeps an /instances/<id> prefix, as the client sees it', () => {
      const req = parseEvent(httpEvent({
        path: '/instances/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d/v1/models/en-US_Telephony',
        headers: { host: 'api.us-south.speech-to-text.watson.cloud.ibm.com', 'x-forwarded-proto': 'https' },
      }));
      expect(req.serviceUrl).toBe('https://api.us-south.speech-to-text.watson.cloud.ibm.com/instances/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    });

    it('does not take /instances from the middle of a path', () => {
      expect(parseEvent(httpEvent({ path: '/v1/instances/x', headers: { host: 'h' } })).serviceUrl).toBe('http://h');
    });
  });
});

describe('mediaType', () => {
  it('is the lower-cased type without parameters, or empty', () => {
    const of = (headers: Record<string, string>) => mediaType(parseEvent(httpEvent({ headers })));
    expect(of({ 'Content-Type': 'Application/JSON; charset=UTF-8' })).toBe('application/json');
    expect(of({ 'content-type': '  text/plain  ' })).toBe('text/plain');
    expect(of({})).toBe('');
  });
});

describe('jsonObjectBody', () => {
  const request = (contentType: string | undefined, body: string) =>
    parseEvent(httpEvent({ method: 'POST', headers: contentType === undefined ? {} : { 'content-type': contentType }, body }));

  it('parses a JSON object', () => {
    expect(jsonObjectBody(request('application/json; charset=utf-8', '{"name":"x","n":[1]}'))).toEqual({ name: 'x', n: [1] });
  });

  it('accepts +json media types', () => {
    expect(jsonObjectBody(request('application/vnd.ibm+json', '{"a":1}'))).toEqual({ a: 1 });
    expect(jsonObjectBody(request('application/merge-patch+json', '{}'))).toEqual({});
  });

  it('answers 415 for other media types, naming the one sent', () => {
    for (const [type, shown] of [['text/plain', 'text/plain'], ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded'],
      ['text/json', 'text/json'], [undefined, '(none)']] as const) {
      const error = caught(() => jsonObjectBody(request(type, '{"a":1}')));
      expect(error.toBody()).toEqual({
        code: 415,
        code_description: 'Unsupported Media Type',
        error: `Unsupported Content-Type '${shown}': the request body must be 'application/json'.`,
      });
    }
  });

  it('answers 400 for malformed JSON', () => {
    for (const body of ['{"a":', '', "{'a':1}", 'undefined']) {
      const error = caught(() => jsonObjectBody(request('application/json', body)));
      expect(error.toBody()).toEqual({ code: 400, code_description: 'Bad Request', error: 'Malformed JSON: the request body is not valid JSON.' });
    }
  });

  it('answers 400 for JSON that is not an object', () => {
    for (const body of ['[]', '[{"a":1}]', '42', '"text"', 'null', 'true']) {
      const error = caught(() => jsonObjectBody(request('application/json', body)));
      expect(error.toBody()).toEqual({ code: 400, code_description: 'Bad Request', error: 'Malformed JSON: the request body must be a JSON object.' });
    }
  });

  it('reads a base64 body', () => {
    const req = parseEvent(httpEvent({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"name":"é"}').toString('base64'),
      isBase64Encoded: true,
    }));
    expect(jsonObjectBody(req)).toEqual({ name: 'é' });
  });
});
