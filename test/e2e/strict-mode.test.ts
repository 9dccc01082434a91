import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { BasicAuthenticator, IamAuthenticator } from 'ibm-watson/auth';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, startLocalStack, type LocalStack } from '../../scripts/local-stack.mjs';
import { freePort } from '../support/ports';
import { sdkError } from './support';

const TEAM = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const run = promisify(execFile);
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    port: await freePort(), dynamodbPort: await freePort(), lambdaPort: await freePort(), websocketPort: await freePort(),
    dataDir: ':memory:',
    env: {
      STT_TABLE: 'stt-strict',
      STT_AUTH: 'strict',
      STT_CREDENTIALS: JSON.stringify({ [TEAM]: ['apikey:team-key-1', 'apikey:team-key-2', 'alice:wonderland'], other: ['apikey:other-key'] }),
      // No STT_TOKEN_SECRET: tokens are signed with the key the first token request stores in the table.
      STT_TOKEN_SECRET: '',
      // Table credentials count at once (a deployment remembers them for 60 s, and unknown ones for 5 s).
      STT_CREDENTIAL_CACHE_SECONDS: '0',
      STT_CREDENTIAL_MISS_CACHE_SECONDS: '0',
    },
  });
});
afterAll(async () => stack?.stop());

const client = (authenticator: BasicAuthenticator | IamAuthenticator) => new SpeechToTextV1({ authenticator, serviceUrl: stack.url });
const apikey = (key: string) => client(new BasicAuthenticator({ username: 'apikey', password: key }));

describe('strict mode (STT_AUTH=strict with STT_CREDENTIALS)', () => {
  it('lets every credential of an instance see the same models, owned by the configured GUID', async () => {
    const { result } = await apiKeyCreate('team-key-1');
    const id = result.customization_id!;
    const viaSecondKey = await apikey('team-key-2').getLanguageModel({ customizationId: id });
    expect(viaSecondKey.result.owner).toBe(TEAM);
    const viaPassword = await client(new BasicAuthenticator({ username: 'alice', password: 'wonderland' })).listLanguageModels();
    expect(viaPassword.result.customizations.map((model) => model.customization_id)).toContain(id);
    const viaToken = await client(new IamAuthenticator({ apikey: 'team-key-2', url: stack.url })).getLanguageModel({ customizationId: id });
    expect(viaToken.result).toEqual(viaSecondKey.result);
    const otherInstance = await sdkError(apikey('other-key').getLanguageModel({ customizationId: id }));
    expect(otherInstance.status).toBe(401);
  });

  it('refuses credentials that are not configured, as Basic auth and at the token endpoint', async () => {
    const unknown = await sdkError(apikey('not-configured').listLanguageModels());
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual({ code: 401, error: 'Unauthorized' });
    const wrongPassword = await sdkError(client(new BasicAuthenticator({ username: 'alice', password: 'nope' })).listLanguageModels());
    expect(wrongPassword.status).toBe(401);
    const response = await fetch(`${stack.url}/identity/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=not-configured',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.',
      context: { requestId: expect.any(String), url: 'https://iam.cloud.ibm.com/identity/token' },
    });
    const viaIam = await sdkError(client(new IamAuthenticator({ apikey: 'not-configured', url: stack.url })).listLanguageModels());
    expect(viaIam.status).toBe(400);
  });
});

describe('strict mode with credentials kept in the table (npm run credentials)', () => {
  it('accepts a credential once added, as Basic auth and through a token, and refuses it once removed', async () => {
    const before = await sdkError(apikey('table-key-1').listLanguageModels());
    expect(before.status).toBe(401);

    await credentials('add', '--instance', TEAM, '--apikey', 'table-key-1');
    await credentials('add', '--instance', 'table-team', '--user', 'dora', '--password', 'explorer');
    const { result } = await apiKeyCreate('team-key-1');
    const viaTable = await apikey('table-key-1').getLanguageModel({ customizationId: result.customization_id! });
    expect(viaTable.result.owner).toBe(TEAM);
    const viaToken = await client(new IamAuthenticator({ apikey: 'table-key-1', url: stack.url })).listLanguageModels();
    expect(viaToken.result.customizations.map((model) => model.customization_id)).toContain(result.customization_id);
    const dora = client(new BasicAuthenticator({ username: 'dora', password: 'explorer' }));
    expect((await dora.listLanguageModels()).result.customizations).toEqual([]);

    await credentials('remove', '--apikey', 'table-key-1');
    expect((await sdkError(apikey('table-key-1').listLanguageModels())).status).toBe(401);
    expect((await sdkError(client(new IamAuthenticator({ apikey: 'table-key-1', url: stack.url })).listLanguageModels())).status).toBe(400);
    expect((await dora.listLanguageModels()).status).toBe(200);
  });
});

/** `npm run credentials -- …` against this stack's table. */
async function credentials(...args: string[]) {
  await run(process.execPath, [join(ROOT, 'scripts/credentials.mjs'), ...args, '--endpoint', stack.dynamodbEndpoint, '--table', stack.tableName], {
    cwd: ROOT, env: { ...process.env, NODE_NO_WARNINGS: '1' }, timeout: 60_000,
  });
}

function apiKeyCreate(key: string) {
  return apikey(key).createLanguageModel({ name: 'team model', baseModelName: 'en-US_Telephony' });
}

describe('the control API in strict mode (STT_CONTROLS unset: off)', () => {
  const basicHeader = (credential: string) => ({ authorization: `Basic ${Buffer.from(credential).toString('base64')}` });

  it('health answers without credentials and says the controls are off', async () => {
    const response = await fetch(`${stack.url}/_emulator/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok', version: expect.any(String), auth: 'strict', controls: 'off',
      store: { status: 'reachable', latency_ms: expect.any(Number) },
    });
  });

  it('the other controls answer 401 to unknown credentials and 404 to configured ones, and change nothing', async () => {
    const unknown = await fetch(`${stack.url}/_emulator/reset`, { method: 'POST', headers: basicHeader('apikey:not-configured') });
    expect(unknown.status).toBe(401);
    const { result } = await apiKeyCreate('team-key-1');
    for (const [method, path] of [['POST', '/_emulator/reset'], ['PUT', '/_emulator/timing'], ['POST', '/_emulator/faults'], ['GET', '/_emulator/timing']]) {
      const response = await fetch(`${stack.url}${path}`, {
        method, headers: { ...basicHeader('apikey:team-key-1'), 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}',
      });
      expect([path, response.status, await response.json()]).toEqual([path, 404, { code: 404, code_description: 'No Such Resource', error: 'No such child resource.' }]);
    }
    expect((await apikey('team-key-2').getLanguageModel({ customizationId: result.customization_id! })).status).toBe(200);
  });
});
