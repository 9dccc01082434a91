import { createHmac, generateKeyPairSync } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { TOKEN_ISSUER, issueToken } from '../../lib/auth/tokens';
import { clock } from '../../lib/clock';
import { nameGuid } from '../../lib/ids';
import { resetDynamoClient } from '../../lib/store/client';
import { basic, bodyOf, httpEvent, useCleanEnv } from './support/events';

/**
 * Bearer tokens the API must refuse, through a real handler: each answers the gateway's 401 envelope, exactly as a
 * missing credential does, before anything is read from the table. (test/unit/tokens.test.ts checks verifyToken
 * itself: another secret, expiry, alg none, an RS256 header over an HMAC signature, HS512, issuer, missing claims.)
 * A valid token of one instance on another instance's model answers the 401 of a model that does not exist.
 */

const ddb = mockClient(DynamoDBDocumentClient);
const SECRET = 'unit-token-refusals-secret';
const NOW = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
const NOW_S = Math.floor(NOW / 1000);
const INSTANCE_A = nameGuid('credential:apikey:token-a');
const INSTANCE_B = nameGuid('credential:apikey:token-b');
const ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';
const GATEWAY_401 = { code: 401, error: 'Unauthorized' };

useCleanEnv(['STT_AUTH', 'STT_TOKEN_SECRET', 'STT_TABLE', 'STT_CONTROLS', 'STT_TOKEN_TTL_SECONDS']);
beforeEach(() => {
  ddb.reset();
  resetDynamoClient();
  Object.assign(process.env, { STT_AUTH: 'open', STT_TOKEN_SECRET: SECRET, STT_TABLE: 'unit-tokens', STT_CONTROLS: 'off' });
  vi.spyOn(clock, 'now').mockReturnValue(NOW);
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({ Item: modelItem(INSTANCE_B) });
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => ddb.restore());

function modelItem(owner: string) {
  return {
    PK: `MODEL#${ID}`, SK: 'MODEL', customizationId: ID, owner, name: 'B model', description: '', baseModelName: 'en-US_Telephony',
    language: 'en-US', dialect: 'en-US', versions: ['en-US_Telephony.v2023-02-06'], created: NOW, updated: NOW, status: 'pending',
    revision: 1, generation: 0,
  };
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const claims = (overrides: Record<string, unknown> = {}) => ({
  instance_id: INSTANCE_A, iss: TOKEN_ISSUER, sub: `ServiceId-${INSTANCE_A}`, iat: NOW_S, exp: NOW_S + 3600, ...overrides,
});
/** A compact JWS over any header and payload, HMAC-SHA256-signed with `secret` (or with an empty signature). */
function handMade(header: unknown, payload: unknown, secret: string | undefined = SECRET): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${secret === undefined ? '' : createHmac('sha256', secret).update(input).digest('base64url')}`;
}
const signedWith = (alg: string, key: Parameters<SignJWT['sign']>[0], overrides: Record<string, unknown> = {}) =>
  new SignJWT(claims(overrides)).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
const secretKey = new TextEncoder().encode(SECRET);

async function get(authorization: string) {
  const result = await getLanguageModel(httpEvent({
    method: 'GET', path: `/v1/customizations/${ID}`, pathParameters: { customization_id: ID }, headers: { Authorization: authorization },
  }));
  return { status: result.statusCode, body: bodyOf(result) };
}

describe('bearer tokens the API refuses with the gateway 401, reading nothing', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: [string, () => Promise<string> | string][] = [
    ['forged: signed with another secret', () => handMade({ alg: 'HS256', typ: 'JWT' }, claims(), 'not-the-secret')],
    ['expired (exp is now)', () => handMade({ alg: 'HS256', typ: 'JWT' }, claims({ iat: NOW_S - 3600, exp: NOW_S }))],
    ['expired an hour ago', () => signedWith('HS256', secretKey, { iat: NOW_S - 7200, exp: NOW_S - 3600 })],
    ['not yet valid (nbf in a minute)', () => signedWith('HS256', secretKey, { nbf: NOW_S + 60 })],
    ['not yet valid (issued an hour from now)', () => signedWith('HS256', secretKey, { iat: NOW_S + 3600, exp: NOW_S + 7200 })],
    ['alg none, no signature', () => handMade({ alg: 'none', typ: 'JWT' }, claims(), undefined)],
    ['alg none with the HMAC signature', () => handMade({ alg: 'none', typ: 'JWT' }, claims())],
    ['an RS256 header over an HMAC signature with the key (key confusion)', () => handMade({ alg: 'RS256', typ: 'JWT' }, claims())],
    ['really RS256, signed with an RSA key', () => signedWith('RS256', rsa.privateKey)],
    ['HS512 with the key', () => signedWith('HS512', secretKey)],
    ['HS384 with the key', () => signedWith('HS384', secretKey)],
    ['tampered payload: another instance', async () => {
      const [header, , signature] = (await signedWith('HS256', secretKey)).split('.');
      return `${header}.${b64url(claims({ instance_id: INSTANCE_B }))}.${signature}`;
    }],
    ['tampered payload: a later expiry', async () => {
      const [header, , signature] = (await signedWith('HS256', secretKey)).split('.');
      return `${header}.${b64url(claims({ exp: NOW_S + 86_400 * 365 }))}.${signature}`;
    }],
    ['tampered header: alg changed', async () => {
      const [, payload, signature] = (await signedWith('HS256', secretKey)).split('.');
      return `${b64url({ alg: 'HS512', typ: 'JWT' })}.${payload}.${signature}`;
    }],
    ['a wrong issuer', () => signedWith('HS256', secretKey, { iss: 'https://iam.example.com/identity' })],
    ['no instance_id', () => signedWith('HS256', secretKey, { instance_id: undefined })],
    ['malformed: two segments', () => 'eyJhbGciOiJIUzI1NiJ9.e30'],
    ['malformed: four segments', async () => `${await signedWith('HS256', secretKey)}.x`],
    ['malformed: a header that is not JSON', () => `${b64url('not json')}.${b64url(claims())}.sig`],
    ['malformed: a payload that is a JSON array', () => handMade({ alg: 'HS256', typ: 'JWT' }, [claims()])],
    ['malformed: not base64url', () => 'ä.ö.ü'],
    ['malformed: 10 KB of junk', () => 'x'.repeat(10_240)],
  ];

  it.each(cases)('%s', async (_, make) => {
    const token = await make();
    expect(await get(`Bearer ${token}`)).toEqual({ status: 401, body: GATEWAY_401 });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers the same for a missing credential, and takes a valid token (the control)', async () => {
    expect(await get('')).toEqual({ status: 401, body: GATEWAY_401 });
    expect(await get('Bearer')).toEqual({ status: 401, body: GATEWAY_401 });
    ddb.on(GetCommand).resolves({ Item: modelItem(INSTANCE_A) });
    const { access_token: token } = await issueToken(INSTANCE_A, NOW);
    expect((await get(`Bearer ${token}`)).status).toBe(200);
    expect((await get(`bearer ${token}`)).status).toBe(200);
    // Issued a second ago by a container whose clock is a little ahead: still valid.
    expect((await get(`Bearer ${await signedWith('HS256', secretKey, { iat: NOW_S + 1 })}`)).status).toBe(200);
  });
});

describe('a valid token of one instance on another instance\'s model', () => {
  it('answers the 401 of a model that does not exist, as Basic credentials of that instance do', async () => {
    const notYours = { status: 401, body: { code: 401, code_description: 'Unauthorized', error: `Invalid customization_id (${ID}) for user` } };
    const { access_token: token } = await issueToken(INSTANCE_A, NOW);
    expect(await get(`Bearer ${token}`)).toEqual(notYours);
    expect(await get(basic('apikey:token-a'))).toEqual(notYours);
    ddb.on(GetCommand).resolves({});
    expect(await get(`Bearer ${token}`)).toEqual(notYours);
  });
});
