import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as createLanguageModel } from '../../functions/createLanguageModel';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { handler as issueToken } from '../../functions/issueToken';
import { handler as listLanguageModels } from '../../functions/listLanguageModels';
import { handler as routeNotFound } from '../../functions/routeNotFound';
import { redact } from '../../lib/log';
import { basic, httpEvent, useCleanEnv } from './support/events';
import { useMockTable } from './support/table';

/**
 * No credential or token in any log line: handlers are driven with credentials and tokens through failure paths
 * (DynamoDB failing with errors whose messages quote the secrets, the worst case) while everything written to the
 * console is captured, and the secrets, in every encoding they travel in, must not be in it.
 */

const MODEL_ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';
const API_KEY = 'Zk9-sEcret+Key/with=odd_chars';
const PASSWORD = 'hunter2-Pa55word';
const TOKEN_SECRET = 'configured-signing-secret-42';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const GRANT = 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey';

/** A secret and the forms it travels in: as is, Basic-encoded, URL-encoded. */
const formsOf = (secret: string) => [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)];

describe('no credential or token in the log', () => {
  useCleanEnv();
  const ddb = useMockTable();
  let logged: string[] = [];

  beforeEach(() => {
    logged = [];
    const capture = (...args: unknown[]) => { logged.push(args.map(String).join(' ')); };
    for (const method of ['log', 'error', 'warn', 'info', 'debug', 'trace'] as const) vi.spyOn(console, method).mockImplementation(capture);
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => { logged.push(String(chunk)); return true; });
    }
  });
  afterEach(() => vi.restoreAllMocks());

  /** The log must show the failure (so that the check is not vacuous) and none of the secrets. */
  function expectLoggedWithout(secrets: string[]) {
    const text = logged.join('\n');
    expect(text, 'something was logged').toContain('"level":"error"');
    // The failure is in the request's own line (lib/log.ts), not in a line of its own.
    expect(text).toMatch(/"level":"error","time":"[^"]+","requestId":"[^"]+","operation":"\w+"/);
    for (const secret of secrets.flatMap(formsOf)) expect(text.includes(secret), `the log contains ${secret}`).toBe(false);
  }

  /** An error such as a careless library could throw: it quotes everything it was given. */
  const quoting = (...secrets: string[]) => new Error(`request failed: ${secrets.join(' | ')}`);

  it('redacts a Basic API key and its header that a failing table read quotes (strict mode, table lookup)', async () => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_TOKEN_SECRET = TOKEN_SECRET;
    const header = basic(`apikey:${API_KEY}`);
    ddb.on(GetCommand).rejects(quoting(`Authorization: ${header}`, `apikey:${API_KEY}`, API_KEY, `{"apikey":"${API_KEY}"}`));
    const result = await listLanguageModels(httpEvent({ path: '/v1/customizations', headers: { Authorization: header } }));
    expect(result.statusCode).toBe(500);
    expectLoggedWithout([API_KEY, header, `apikey:${API_KEY}`]);
  });

  it('redacts a legacy user:password pair (open mode, a failing model read)', async () => {
    const header = basic(`carol:${PASSWORD}`);
    ddb.on(GetCommand).rejects(quoting(`carol:${PASSWORD}`, `password=${PASSWORD}`, PASSWORD, header));
    const result = await getLanguageModel(httpEvent({
      path: `/v1/customizations/${MODEL_ID}`, pathParameters: { customization_id: MODEL_ID }, headers: { authorization: header },
    }));
    expect(result.statusCode).toBe(500);
    expectLoggedWithout([PASSWORD, header]);
  });

  it('redacts a bearer token and the signing key (strict mode, STT_TOKEN_SECRET, a failing write)', async () => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_TOKEN_SECRET = TOKEN_SECRET;
    process.env.STT_CREDENTIALS = JSON.stringify({ team: [`apikey:${API_KEY}`] });
    const issued = await issueToken(httpEvent({ method: 'POST', path: '/identity/token', headers: FORM, body: `${GRANT}&apikey=${encodeURIComponent(API_KEY)}` }));
    expect(issued.statusCode).toBe(200);
    const token = JSON.parse(issued.body!).access_token as string;
    const refresh = JSON.parse(issued.body!).refresh_token as string;
    ddb.on(QueryCommand).resolves({ Items: [], Count: 0 });
    ddb.on(UpdateCommand).rejects(quoting(`Bearer ${token}`, token, `secret=${TOKEN_SECRET}`, TOKEN_SECRET, `refresh_token=${refresh}`));
    const result = await createLanguageModel(httpEvent({
      method: 'POST', path: '/v1/customizations',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'm', base_model_name: 'en-US_BroadbandModel' }),
    }));
    expect(result.statusCode).toBe(500);
    expectLoggedWithout([token, TOKEN_SECRET, refresh, token.split('.')[2]]);
  });

  it('redacts the API key of a token request and the generated signing key (strict mode, key kept in the table)', async () => {
    process.env.STT_AUTH = 'strict';
    // The key is made and stored (the first request); the second request's table lookup fails quoting it all.
    process.env.STT_CREDENTIALS = JSON.stringify({ team: [`apikey:${API_KEY}`] });
    const body = `${GRANT}&apikey=${encodeURIComponent(API_KEY)}`;
    const first = await issueToken(httpEvent({ method: 'POST', path: '/identity/token', headers: FORM, body }));
    expect(first.statusCode).toBe(200);
    const signingKey = ddb.commandCalls(PutCommand)[0].args[0].input.Item!.secret as string;
    delete process.env.STT_CREDENTIALS;
    ddb.on(GetCommand).rejects(quoting(body, `apikey=${API_KEY}`, signingKey));
    const second = await issueToken(httpEvent({ method: 'POST', path: '/identity/token', headers: FORM, body }));
    expect(second.statusCode).toBe(500);
    expectLoggedWithout([API_KEY, signingKey, body]);
  });

  it('redacts credentials of a request for an unknown path (routeNotFound) and of a base64-encoded body', async () => {
    const header = basic(`apikey:${API_KEY}`);
    process.env.STT_AUTH = 'strict';
    ddb.on(GetCommand).rejects(quoting(header, API_KEY));
    const result = await routeNotFound(httpEvent({
      method: 'POST', path: '/nowhere', headers: { Authorization: header, ...FORM },
      body: Buffer.from(`apikey=${encodeURIComponent(API_KEY)}`).toString('base64'), isBase64Encoded: true,
    }));
    expect(result.statusCode).toBe(500);
    expectLoggedWithout([API_KEY, header]);
  });
});

describe('redact', () => {
  it('removes Authorization values, JWTs and key=value secrets, and the secrets it is given', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect(redact(`Authorization: Basic YXBpa2V5Oms= then bearer ${jwt}`)).toBe('Authorization: [redacted] [redacted] then bearer [redacted]');
    expect(redact(`token ${jwt}.`)).toBe('token [redacted].');
    expect(redact('apikey=abc&password=p%20w {"refresh_token":"r1","ok":1} apikey:KEY')).toBe(
      'apikey=[redacted]&password=[redacted] {"refresh_token":"[redacted]","ok":1} apikey:[redacted]',
    );
    expect(redact('the value s3cr3t-value appears', ['s3cr3t-value'])).toBe('the value [redacted] appears');
    expect(redact('model 5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60 is busy')).toBe('model 5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60 is busy');
  });
});
