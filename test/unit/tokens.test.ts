import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT, jwtVerify } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { TOKEN_ISSUER, issueToken, verifyToken } from '../../lib/auth/tokens';
import { useCleanEnv } from './support/events';
import { useMockTable } from './support/table';

const INSTANCE = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const NOW = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
const NOW_S = Math.floor(NOW / 1000);
const OPEN_MODE_KEY = 'watson-stt-emulator-open-mode-signing-key';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (token: string, index: number) => JSON.parse(Buffer.from(token.split('.')[index], 'base64url').toString('utf8'));

/** A compact JWS with any header, signed with HMAC-SHA256 over `header.payload` (or unsigned). */
function handMade(header: Record<string, unknown>, payload: Record<string, unknown>, secret?: string): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = secret === undefined ? '' : createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

const validClaims = (overrides: Record<string, unknown> = {}) => ({
  instance_id: INSTANCE, iss: TOKEN_ISSUER, iat: NOW_S, exp: NOW_S + 3600, sub: `ServiceId-${INSTANCE}`, ...overrides,
});

function signed(alg = 'HS256') {
  return new SignJWT({ instance_id: INSTANCE }).setProtectedHeader({ alg, typ: 'JWT' });
}
const key = (secret: string) => new TextEncoder().encode(secret);

describe('issueToken / verifyToken', () => {
  useCleanEnv();
  const ddb = useMockTable();

  it('issues an IAM-shaped token for the instance that verifies back to it', async () => {
    const issued = await issueToken(INSTANCE, NOW);
    expect(issued).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refresh_token: expect.stringMatching(/^[\w-]{32}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      expiration: NOW_S + 3600,
      scope: 'ibm openid',
    });
    expect(decodePart(issued.access_token, 0)).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decodePart(issued.access_token, 1)).toEqual({
      iam_id: `iam-ServiceId-${INSTANCE}`,
      instance_id: INSTANCE,
      grant_type: 'urn:ibm:params:oauth:grant-type:apikey',
      scope: 'ibm openid',
      client_id: 'default',
      sub: `ServiceId-${INSTANCE}`,
      iss: TOKEN_ISSUER,
      iat: NOW_S,
      exp: NOW_S + 3600,
    });
    expect(await verifyToken(issued.access_token, NOW)).toBe(INSTANCE);
    expect(await verifyToken(issued.access_token, NOW + 3599_000)).toBe(INSTANCE);
  });

  it('issues a fresh refresh token each time', async () => {
    const [a, b] = await Promise.all([issueToken(INSTANCE, NOW), issueToken(INSTANCE, NOW)]);
    expect(a.refresh_token).not.toBe(b.refresh_token);
  });

  it('takes its lifetime from STT_TOKEN_TTL_SECONDS', async () => {
    process.env.STT_TOKEN_TTL_SECONDS = '60';
    const issued = await issueToken(INSTANCE, NOW);
    expect([issued.expires_in, issued.expiration, decodePart(issued.access_token, 1).exp]).toEqual([60, NOW_S + 60, NOW_S + 60]);
    expect(await verifyToken(issued.access_token, NOW + 59_000)).toBe(INSTANCE);
    expect(await verifyToken(issued.access_token, NOW + 61_000)).toBeUndefined();
  });

  it('refuses a malformed STT_TOKEN_TTL_SECONDS', async () => {
    process.env.STT_TOKEN_TTL_SECONDS = '1.5';
    await expect(issueToken(INSTANCE, NOW)).rejects.toThrow("STT_TOKEN_TTL_SECONDS must be an integer of at least 1, got '1.5'");
  });

  it('refuses an expired token', async () => {
    const { access_token: token } = await issueToken(INSTANCE, NOW);
    expect(await verifyToken(token, NOW + 3600_000)).toBeUndefined();
    expect(await verifyToken(token, NOW + 3601_000)).toBeUndefined();
    expect(await verifyToken(token, NOW + 86_400_000)).toBeUndefined();
  });

  it('refuses a token signed with another secret', async () => {
    process.env.STT_TOKEN_SECRET = 'secret-one';
    const { access_token: token } = await issueToken(INSTANCE, NOW);
    expect(await verifyToken(token, NOW)).toBe(INSTANCE);
    process.env.STT_TOKEN_SECRET = 'secret-two';
    expect(await verifyToken(token, NOW)).toBeUndefined();
    const foreign = await signed().setIssuer(TOKEN_ISSUER).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 60).sign(key('other'));
    expect(await verifyToken(foreign, NOW)).toBeUndefined();
  });

  it('signs with a fixed key in open mode without STT_TOKEN_SECRET', async () => {
    const token = await signed().setIssuer(TOKEN_ISSUER).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 60).sign(key(OPEN_MODE_KEY));
    expect(await verifyToken(token, NOW)).toBe(INSTANCE);
    expect(await verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), OPEN_MODE_KEY), NOW)).toBe(INSTANCE);
  });

  it('refuses alg none, HS512 and an RS256 header', async () => {
    expect(await verifyToken(handMade({ alg: 'none', typ: 'JWT' }, validClaims()), NOW)).toBeUndefined();
    expect(await verifyToken(handMade({ alg: 'none' }, validClaims(), OPEN_MODE_KEY), NOW)).toBeUndefined();
    expect(await verifyToken(handMade({ alg: 'RS256', typ: 'JWT' }, validClaims(), OPEN_MODE_KEY), NOW)).toBeUndefined();
    const hs512 = await signed('HS512').setIssuer(TOKEN_ISSUER).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 60)
      .sign(key(OPEN_MODE_KEY));
    expect(decodePart(hs512, 0).alg).toBe('HS512');
    expect(await verifyToken(hs512, NOW)).toBeUndefined();
  });

  it('refuses a wrong or missing issuer', async () => {
    expect(await verifyToken(handMade({ alg: 'HS256' }, validClaims({ iss: 'https://evil.example.com' }), OPEN_MODE_KEY), NOW)).toBeUndefined();
    expect(await verifyToken(handMade({ alg: 'HS256' }, validClaims({ iss: undefined }), OPEN_MODE_KEY), NOW)).toBeUndefined();
  });

  it('refuses a token without exp or iat', async () => {
    expect(await verifyToken(handMade({ alg: 'HS256' }, validClaims({ exp: undefined }), OPEN_MODE_KEY), NOW)).toBeUndefined();
    expect(await verifyToken(handMade({ alg: 'HS256' }, validClaims({ iat: undefined }), OPEN_MODE_KEY), NOW)).toBeUndefined();
    const noExp = await signed().setIssuer(TOKEN_ISSUER).setIssuedAt(NOW_S).sign(key(OPEN_MODE_KEY));
    expect(await verifyToken(noExp, NOW)).toBeUndefined();
  });

  it('refuses a token without a string instance_id, a tampered token and garbage', async () => {
    expect(await verifyToken(handMade({ alg: 'HS256' }, validClaims({ instance_id: 42 }), OPEN_MODE_KEY), NOW)).toBeUndefined();
    expect(await verifyToken(handMade({ alg: 'HS256' }, validClaims({ instance_id: undefined }), OPEN_MODE_KEY), NOW)).toBeUndefined();
    const { access_token: token } = await issueToken(INSTANCE, NOW);
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${b64url({ ...decodePart(token, 1), instance_id: 'someone-else' })}.${signature}`;
    expect(await verifyToken(tampered, NOW)).toBeUndefined();
    for (const junk of ['', 'abc', 'a.b.c', `${token}x`]) expect(await verifyToken(junk, NOW)).toBeUndefined();
  });

  it('signs with STT_TOKEN_SECRET in strict mode when it is set, without reading the table', async () => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_TOKEN_SECRET = 's3cret';
    const { access_token: token } = await issueToken(INSTANCE, NOW);
    expect(await verifyToken(token, NOW)).toBe(INSTANCE);
    expect(await verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), 's3cret'), NOW)).toBe(INSTANCE);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('in strict mode without STT_TOKEN_SECRET makes a random key, stores it if none is (conditional put), and reads it once', async () => {
    process.env.STT_AUTH = 'strict';
    const { access_token: token } = await issueToken(INSTANCE, NOW);
    const puts = ddb.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    const put = puts[0].args[0].input;
    expect(put.Item).toMatchObject({ PK: 'SETTING#token-signing-key', SK: 'SETTING', secret: expect.stringMatching(/^[\w-]{43}$/) });
    expect(put.ConditionExpression).toBe('attribute_not_exists(PK)');
    const secret = put.Item!.secret as string;
    expect(await verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), secret), NOW)).toBe(INSTANCE);
    expect(await verifyToken(token, NOW)).toBe(INSTANCE);
    expect(await verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), OPEN_MODE_KEY), NOW)).toBeUndefined();
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1); // the container keeps the key
  });

  it('in strict mode reads the stored key again after STT_CREDENTIAL_CACHE_SECONDS, so that deleting it rotates it', async () => {
    process.env.STT_AUTH = 'strict';
    let now = NOW;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      ddb.on(GetCommand).resolves({ Item: { PK: 'SETTING#token-signing-key', SK: 'SETTING', secret: 'old-key' } });
      const old = handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), 'old-key');
      expect(await verifyToken(old, NOW)).toBe(INSTANCE);
      ddb.on(GetCommand).resolves({}); // deleted
      now += 59_000;
      expect(await verifyToken(old, NOW)).toBe(INSTANCE);
      now += 2_000;
      expect(await verifyToken(old, NOW)).toBeUndefined();
      const { access_token: token } = await issueToken(INSTANCE, NOW);
      const fresh = ddb.commandCalls(PutCommand)[0].args[0].input.Item!.secret as string;
      expect(fresh).not.toBe('old-key');
      expect((await jwtVerify(token, key(fresh), { currentDate: new Date(NOW) })).payload.instance_id).toBe(INSTANCE);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('in strict mode without STT_TOKEN_SECRET uses the key another container stored first', async () => {
    process.env.STT_AUTH = 'strict';
    ddb.on(GetCommand).resolvesOnce({}).resolves({ Item: { PK: 'SETTING#token-signing-key', SK: 'SETTING', secret: 'the-winner' } });
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }));
    const { access_token: token } = await issueToken(INSTANCE, NOW);
    const { payload } = await jwtVerify(token, key('the-winner'), { currentDate: new Date(NOW) });
    expect(payload.instance_id).toBe(INSTANCE);
  });

  it('in strict mode refuses tokens while the table holds no key, and makes none when only verifying', async () => {
    process.env.STT_AUTH = 'strict';
    expect(await verifyToken(handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), OPEN_MODE_KEY), NOW)).toBeUndefined();
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('throws (a fault, answered 500) rather than refusing tokens when the key cannot be read', async () => {
    process.env.STT_AUTH = 'strict';
    ddb.on(GetCommand).rejects(new Error('network down'));
    const open = handMade({ alg: 'HS256', typ: 'JWT' }, validClaims(), OPEN_MODE_KEY);
    await expect(verifyToken(open, NOW)).rejects.toThrow('network down');
    await expect(issueToken(INSTANCE, NOW)).rejects.toThrow('network down');
  });

  it('refuses a token lifetime of 0', async () => {
    process.env.STT_TOKEN_TTL_SECONDS = '0';
    await expect(issueToken(INSTANCE, NOW)).rejects.toThrow("STT_TOKEN_TTL_SECONDS must be an integer of at least 1, got '0'");
  });
});
