import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as issueTokenHandler } from '../../functions/issueToken';
import { handler as listLanguageModels } from '../../functions/listLanguageModels';
import { authenticate, instanceForCredential } from '../../lib/auth/identity';
import { ApiError } from '../../lib/errors';
import { parseEvent } from '../../lib/http/request';
import { instanceGuid, nameGuid } from '../../lib/ids';
import { credentialHash } from '../../lib/store/credentials';
import { basic, bodyOf, httpEvent, useCleanEnv } from './support/events';
import { useMockTable } from './support/table';

/** Strict mode's credentials from the table: found by hash, remembered per container for a while. */

const TEAM = instanceGuid('table-team');
const KEY = 'apikey:table-key';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const itemOf = (credential: string, instanceId = TEAM) => ({
  PK: `CREDENTIAL#${sha256(credential)}`, SK: 'CREDENTIAL', OwnerPK: 'CREDENTIALS', OwnerSK: `${instanceId}#${sha256(credential)}`,
  hash: sha256(credential), instanceId, created: '2024-03-05T17:02:11.408Z', label: 'table-team',
});

const callerOf = async (credential: string) => (await authenticate(parseEvent(httpEvent({ headers: { Authorization: basic(credential) } })))).instanceId;
async function refused(credential: string): Promise<boolean> {
  try {
    await callerOf(credential);
    return false;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return true;
    throw error;
  }
}

describe('credentials kept in the table (strict mode)', () => {
  useCleanEnv();
  const ddb = useMockTable();
  let now = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
  const advance = (seconds: number) => { now += seconds * 1000; };

  const strict = (env: Record<string, string> = {}) => {
    process.env.STT_AUTH = 'strict';
    process.env.STT_TOKEN_SECRET = 'unit-secret';
    process.env.STT_TABLE = 'unit-table';
    Object.assign(process.env, env);
    vi.spyOn(Date, 'now').mockImplementation(() => now);
  };
  const tableHas = (...credentials: string[]) => {
    ddb.on(GetCommand).resolves({});
    for (const credential of credentials) {
      ddb.on(GetCommand, { Key: { PK: `CREDENTIAL#${sha256(credential)}`, SK: 'CREDENTIAL' } }).resolves({ Item: itemOf(credential) });
    }
  };
  const gets = () => ddb.commandCalls(GetCommand).length;
  afterEach(() => vi.restoreAllMocks());

  it('hashes the credential with SHA-256 (hex) and sends only the hash to DynamoDB', async () => {
    expect(credentialHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    strict();
    tableHas(KEY);
    expect(await callerOf(KEY)).toBe(TEAM);
    const [call] = ddb.commandCalls(GetCommand);
    expect(call.args[0].input).toEqual({ TableName: 'unit-table', Key: { PK: `CREDENTIAL#${sha256(KEY)}`, SK: 'CREDENTIAL' } });
    expect(JSON.stringify(ddb.calls().map((c) => c.args[0].input))).not.toContain('table-key');
  });

  it('accepts a table credential as Basic auth and at the token endpoint, as its instance', async () => {
    strict();
    tableHas(KEY, 'dora:table-password');
    expect(await callerOf(KEY)).toBe(TEAM);
    expect(await callerOf('dora:table-password')).toBe(TEAM);
    const issued = await issueTokenHandler(httpEvent({
      method: 'POST', path: '/identity/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=table-key',
    }));
    expect(issued.statusCode).toBe(200);
    const token = (bodyOf(issued) as { access_token: string }).access_token;
    ddb.on(QueryCommand).resolves({ Items: [] });
    const listed = await listLanguageModels(httpEvent({ path: '/v1/customizations', headers: { Authorization: `Bearer ${token}` } }));
    expect([listed.statusCode, bodyOf(listed)]).toEqual([200, { customizations: [] }]);
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input.ExpressionAttributeValues).toEqual({ ':owner': `OWNER#${TEAM}` });
  });

  it('refuses a credential the table does not have (the gateway 401), and one that is only similar', async () => {
    strict();
    tableHas(KEY);
    for (const credential of ['apikey:other', 'apikey:TABLE-KEY', 'apikey:table-key ', 'table:key']) expect(await refused(credential)).toBe(true);
  });

  it('takes STT_CREDENTIALS first, without reading the table', async () => {
    strict({ STT_CREDENTIALS: JSON.stringify({ 'env-team': [KEY] }) });
    tableHas(KEY);
    expect(await callerOf(KEY)).toBe(nameGuid('instance:env-team'));
    expect(gets()).toBe(0);
  });

  it('never reads the table in open mode', async () => {
    process.env.STT_AUTH = 'open';
    expect(await instanceForCredential(KEY)).toBe(nameGuid(`credential:${KEY}`));
    expect(ddb.calls()).toHaveLength(0);
  });

  it('remembers a found credential for 60 s by default, then reads again (a removed one is refused from then on)', async () => {
    strict();
    tableHas(KEY);
    expect(await callerOf(KEY)).toBe(TEAM);
    advance(59);
    ddb.reset();
    tableHas(); // removed from the table meanwhile
    expect(await callerOf(KEY)).toBe(TEAM);
    expect(gets()).toBe(0);
    advance(2);
    expect(await refused(KEY)).toBe(true);
    expect(gets()).toBe(1);
  });

  it('remembers a missing credential for 5 s by default, then reads again (an added one is accepted from then on)', async () => {
    strict();
    tableHas();
    expect(await refused(KEY)).toBe(true);
    expect(await refused(KEY)).toBe(true);
    expect(gets()).toBe(1);
    tableHas(KEY); // added meanwhile
    advance(4);
    expect(await refused(KEY)).toBe(true);
    expect(gets()).toBe(1);
    advance(2);
    expect(await callerOf(KEY)).toBe(TEAM);
    expect(gets()).toBe(2);
  });

  it('takes both durations from STT_CREDENTIAL_CACHE_SECONDS and STT_CREDENTIAL_MISS_CACHE_SECONDS; 0 remembers nothing', async () => {
    strict({ STT_CREDENTIAL_CACHE_SECONDS: '0', STT_CREDENTIAL_MISS_CACHE_SECONDS: '0' });
    tableHas(KEY);
    await callerOf(KEY);
    await callerOf(KEY);
    await refused('apikey:nope');
    await refused('apikey:nope');
    expect(gets()).toBe(4);

    ddb.resetHistory();
    process.env.STT_CREDENTIAL_CACHE_SECONDS = '300';
    process.env.STT_CREDENTIAL_MISS_CACHE_SECONDS = '30';
    await callerOf(KEY);
    await refused('apikey:nope');
    advance(29);
    await callerOf(KEY);
    await refused('apikey:nope');
    expect(gets()).toBe(2);
    advance(2);
    await refused('apikey:nope');
    expect(gets()).toBe(3);
    advance(270);
    await callerOf(KEY);
    expect(gets()).toBe(4);
  });

  it('refuses a malformed cache duration with a clear error', async () => {
    strict({ STT_CREDENTIAL_CACHE_SECONDS: '-1' });
    tableHas(KEY);
    await expect(callerOf(KEY)).rejects.toThrow("STT_CREDENTIAL_CACHE_SECONDS must be an integer of at least 0, got '-1'");
  });

  it('answers a failing table read as a fault (500), not as bad credentials', async () => {
    strict();
    ddb.on(GetCommand).rejects(new Error('DynamoDB is unreachable'));
    await expect(callerOf(KEY)).rejects.toThrow('DynamoDB is unreachable');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const result = await listLanguageModels(httpEvent({ path: '/v1/customizations', headers: { Authorization: basic(KEY) } }));
    expect(result.statusCode).toBe(500);
  });
});
