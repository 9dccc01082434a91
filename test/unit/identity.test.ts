import { describe, expect, it } from 'vitest';
import { authenticate, instanceForCredential, strictCredentials } from '../../lib/auth/identity';
import { issueToken } from '../../lib/auth/tokens';
import { clock } from '../../lib/clock';
import { ApiError } from '../../lib/errors';
import { parseEvent } from '../../lib/http/request';
import { nameGuid } from '../../lib/ids';
import { basic, httpEvent, useCleanEnv } from './support/events';
import { useMockTable } from './support/table';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const withAuthorization = (authorization?: string) =>
  parseEvent(httpEvent({ headers: authorization === undefined ? {} : { Authorization: authorization } }));

const callerOf = async (authorization?: string) => (await authenticate(withAuthorization(authorization))).instanceId;

async function refusalOf(authorization?: string): Promise<{ status: number; body: unknown }> {
  try {
    await authenticate(withAuthorization(authorization));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { status: error.status, body: error.toBody() };
  }
  throw new Error(`accepted: ${authorization}`);
}

const GATEWAY_401 = { status: 401, body: { code: 401, error: 'Unauthorized' } };

describe('authenticate, open mode', () => {
  useCleanEnv();

  it('maps Basic apikey:K to a stable instance derived from the credential', async () => {
    const a = await callerOf(basic('apikey:K1'));
    expect(a).toMatch(GUID);
    expect(a).toBe(nameGuid('credential:apikey:K1'));
    expect(await callerOf(basic('apikey:K1'))).toBe(a);
    expect(await instanceForCredential('apikey:K1')).toBe(a);
  });

  it('gives different credentials different instances', async () => {
    const ids = await Promise.all(['apikey:K1', 'apikey:K2', 'user:pass', 'user:pass2', 'apikey:pass', 'USER:pass'].map((c) => callerOf(basic(c))));
    expect(new Set(ids).size).toBe(6);
  });

  it('reads the scheme case-insensitively and tolerates extra spaces', async () => {
    const id = await instanceForCredential('user:pass');
    const token = Buffer.from('user:pass').toString('base64');
    expect(await callerOf(`basic ${token}`)).toBe(id);
    expect(await callerOf(`BASIC   ${token}  `)).toBe(id);
  });

  it('keeps colons after the first in the password', async () => {
    expect(await callerOf(basic('user:pa:ss'))).toBe(nameGuid('credential:user:pa:ss'));
  });

  it('answers the gateway 401 for an empty user or password, or no colon', async () => {
    for (const credential of [':pass', 'user:', ':', 'userpass', '']) {
      expect(await refusalOf(basic(credential))).toEqual(GATEWAY_401);
    }
  });

  it('answers the gateway 401 for a missing or unusable Authorization header', async () => {
    for (const header of [undefined, '', 'Basic', 'Basic ', `Basic ${Buffer.from('a:b').toString('base64')} extra`, 'Digest abc',
      'Bearer', 'Bearer not-a-jwt', basic('a:b').replace('Basic ', '')]) {
      expect(await refusalOf(header)).toEqual(GATEWAY_401);
    }
  });

  it('takes a Bearer token from issueToken as the same instance as Basic apikey:K', async () => {
    const instance = (await instanceForCredential('apikey:K1'))!;
    const { access_token: token } = await issueToken(instance, clock.now());
    expect(await callerOf(`Bearer ${token}`)).toBe(instance);
    expect(await callerOf(`bearer ${token}`)).toBe(instance);
    expect(await callerOf(basic('apikey:K1'))).toBe(instance);
  });

  it('refuses an expired Bearer token', async () => {
    const { access_token: token } = await issueToken((await instanceForCredential('apikey:K1'))!, clock.now() - 2 * 3600_000);
    expect(await refusalOf(`Bearer ${token}`)).toEqual(GATEWAY_401);
  });

  it('refuses an STT_AUTH that is neither open nor strict', async () => {
    process.env.STT_AUTH = 'lax';
    await expect(authenticate(withAuthorization(basic('apikey:K')))).rejects.toThrow("STT_AUTH must be 'open' or 'strict', got 'lax'");
  });
});

describe('authenticate, strict mode', () => {
  useCleanEnv();
  useMockTable(); // credentials not in STT_CREDENTIALS are looked up in the table: here an empty one

  const CREDENTIALS = JSON.stringify({
    '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D': ['apikey:k1', 'alice:pw'],
    'team-b': ['apikey:k2', 'apikey:k3', 'bob:pw'],
  });

  const strict = (credentials = CREDENTIALS) => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_CREDENTIALS = credentials;
    process.env.STT_TOKEN_SECRET = 'unit-secret';
  };

  it('maps listed credentials to their instance; a GUID key is used lower-cased', async () => {
    strict();
    expect(await callerOf(basic('apikey:k1'))).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    expect(await callerOf(basic('alice:pw'))).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
  });

  it('turns an instance name into a stable GUID shared by all its credentials', async () => {
    strict();
    const teamB = nameGuid('instance:team-b');
    expect(await callerOf(basic('apikey:k2'))).toBe(teamB);
    expect(await callerOf(basic('apikey:k3'))).toBe(teamB);
    expect(await callerOf(basic('bob:pw'))).toBe(teamB);
    expect(teamB).not.toBe(nameGuid('credential:apikey:k2'));
  });

  it('answers the gateway 401 for unlisted credentials', async () => {
    strict();
    for (const credential of ['apikey:nope', 'alice:wrong', 'apikey:K1', 'pw:alice', 'apikey:k1 ']) {
      expect(await refusalOf(basic(credential))).toEqual(GATEWAY_401);
    }
  });

  it('accepts nobody without STT_CREDENTIALS, and accepts STRICT in any case', async () => {
    process.env.STT_AUTH = 'STRICT';
    expect(await refusalOf(basic('apikey:k1'))).toEqual(GATEWAY_401);
    expect(strictCredentials().size).toBe(0);
  });

  it('takes a Bearer token issued for a listed instance', async () => {
    strict();
    const instance = (await instanceForCredential('apikey:k2'))!;
    const { access_token: token } = await issueToken(instance, clock.now());
    expect(await callerOf(`Bearer ${token}`)).toBe(instance);
    process.env.STT_TOKEN_SECRET = 'rotated';
    expect(await refusalOf(`Bearer ${token}`)).toEqual(GATEWAY_401);
  });

  it('re-reads STT_CREDENTIALS when it changes', async () => {
    strict();
    expect(await callerOf(basic('apikey:k1'))).toBe('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    strict(JSON.stringify({ other: ['apikey:k1'] }));
    expect(await callerOf(basic('apikey:k1'))).toBe(nameGuid('instance:other'));
    expect(await refusalOf(basic('alice:pw'))).toEqual(GATEWAY_401);
  });

  it('throws a clear Error (not a 4xx) for a malformed STT_CREDENTIALS', async () => {
    const cases: [string, string][] = [
      ['not json', 'STT_CREDENTIALS is not valid JSON'],
      ['["apikey:k1"]', 'STT_CREDENTIALS must be a JSON object of instance → credential list'],
      ['null', 'STT_CREDENTIALS must be a JSON object of instance → credential list'],
      ['{"a":"apikey:k1"}', "STT_CREDENTIALS: the value for 'a' must be an array"],
      ['{"a":["nocolon"]}', "STT_CREDENTIALS: credentials of 'a' must be 'apikey:<key>' or '<user>:<password>'"],
      ['{"a":[42]}', "STT_CREDENTIALS: credentials of 'a' must be 'apikey:<key>' or '<user>:<password>'"],
    ];
    for (const [source, message] of cases) {
      strict(source);
      expect(() => strictCredentials()).toThrow(message);
      const error = await authenticate(withAuthorization(basic('apikey:k1'))).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(ApiError);
      expect((error as Error).message).toBe(message);
    }
  });
});
