import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey, sdkClient, sdkError } from './support';

/**
 * Tokens across instances, over HTTP: a valid token of instance A on instance B's model answers the 401 of a model
 * that does not exist, on every kind of route, and a token whose payload was edited to name B is refused as bad
 * credentials. B's model is unchanged. (test/unit/token-refusals.test.ts covers forged, expired, not-yet-valid,
 * wrong-algorithm and malformed tokens through a handler, where the signing key is known.)
 */

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const grant = 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey';

async function tokenFor(apikey: string): Promise<string> {
  const result = await http('POST', '/identity/token', { headers: form, body: `${grant}&apikey=${encodeURIComponent(apikey)}` });
  expect(result.status).toBe(200);
  return (result.body as { access_token: string }).access_token;
}

describe('tokens of one instance on another instance\'s model', () => {
  it('answer 401 as for a model that does not exist, change nothing, and an edited token is refused', async () => {
    const [keyA, keyB] = [newApiKey(), newApiKey()];
    const modelB = await createModel(keyB);
    await http('PUT', `/v1/customizations/${modelB}/words/zorbliq`, { apikey: keyB, headers: { 'content-type': 'application/json' }, body: '{}' });
    const before = (await http('GET', `/v1/customizations/${modelB}`, { apikey: keyB })).body;
    const tokenA = await tokenFor(keyA);
    const authorization = `Bearer ${tokenA}`;
    const notYours = { code: 401, code_description: 'Unauthorized', error: `Invalid customization_id (${modelB}) for user` };

    const attempts: [string, string, Record<string, string>?, string?][] = [
      ['GET', ''], ['GET', '/words'], ['GET', '/words/zorbliq'], ['DELETE', '/words/zorbliq'], ['POST', '/reset'], ['POST', '/train'],
      ['POST', '/corpora/c1', { 'content-type': 'text/plain' }, 'Some text.'], ['PUT', '/words/other', { 'content-type': 'application/json' }, '{}'],
      ['DELETE', ''],
    ];
    for (const [method, suffix, headers, body] of attempts) {
      const result = await http(method, `/v1/customizations/${modelB}${suffix}`, { authorization, headers, body });
      expect([method, suffix, result.status, result.body]).toEqual([method, suffix, 401, notYours]);
    }
    // The same answer as for a model that does not exist at all.
    const unknown = '0f0e0d0c-0b0a-4909-8807-060504030201';
    expect((await http('GET', `/v1/customizations/${unknown}`, { authorization })).body)
      .toEqual({ ...notYours, error: `Invalid customization_id (${unknown}) for user` });
    // The SDK's IamAuthenticator with A's key sees the same.
    const refused = await sdkError(sdkClient(keyA, 'iam').getLanguageModel({ customizationId: modelB }));
    expect([refused.status, refused.body]).toEqual([401, notYours]);

    // A's token with its payload edited to name B's instance: bad credentials.
    const ownerB = (before as { owner: string }).owner;
    const [header, payload, signature] = tokenA.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, instance_id: ownerB })).toString('base64url')}.${signature}`;
    for (const method of ['GET', 'DELETE']) {
      const result = await http(method, `/v1/customizations/${modelB}`, { authorization: `Bearer ${edited}` });
      expect([result.status, result.body]).toEqual([401, { code: 401, error: 'Unauthorized' }]);
    }

    expect((await http('GET', `/v1/customizations/${modelB}`, { apikey: keyB })).body).toEqual(before);
    expect((await http('GET', `/v1/customizations/${modelB}/words`, { apikey: keyB })).body)
      .toEqual({ words: [expect.objectContaining({ word: 'zorbliq', source: ['user'] })] });
  });
});
