import { describe, expect, it } from 'vitest';
import { GUID, ISO_TIME, basicAuth, createModel, emulatorUrl, http, newApiKey } from './support';

const JSON_TYPE = 'application/json; charset=utf-8';
const json = { 'content-type': 'application/json' };

describe('the docs\' curl examples, as raw HTTP', () => {
  it('create → list → get → reset → delete answer exactly as the service', async () => {
    const apikey = newApiKey();
    // curl -X POST -u "apikey:{apikey}" --header "Content-Type: application/json" --data "{...}" "{url}/v1/customizations"
    const created = await http('POST', '/v1/customizations', {
      apikey,
      headers: json,
      body: '{"name": "Example model", "base_model_name": "en-US_BroadbandModel", "description": "Example custom language model"}',
    });
    expect(created.status).toBe(201);
    expect(created.contentType).toBe(JSON_TYPE);
    const id = (created.body as { customization_id: string }).customization_id;
    expect(created.body).toEqual({ customization_id: expect.stringMatching(GUID) });

    // curl -X GET -u "apikey:{apikey}" "{url}/v1/customizations?language=en-US"
    const listed = await http('GET', '/v1/customizations?language=en-US', { apikey });
    expect(listed.status).toBe(200);
    const model = {
      customization_id: id,
      created: expect.stringMatching(ISO_TIME),
      updated: expect.stringMatching(ISO_TIME),
      language: 'en-US',
      dialect: 'en-US',
      versions: ['en-US_BroadbandModel.v2018-07-31'],
      owner: expect.stringMatching(GUID),
      name: 'Example model',
      description: 'Example custom language model',
      base_model_name: 'en-US_BroadbandModel',
      status: 'pending',
      progress: 0,
    };
    expect(listed.body).toEqual({ customizations: [model] });

    // curl -X GET -u "apikey:{apikey}" "{url}/v1/customizations/{customization_id}"
    const got = await http('GET', `/v1/customizations/${id}`, { apikey });
    expect(got.status).toBe(200);
    expect(got.contentType).toBe(JSON_TYPE);
    expect(got.body).toEqual(model);

    // curl -X POST -u "apikey:{apikey}" "{url}/v1/customizations/{customization_id}/reset"
    const reset = await http('POST', `/v1/customizations/${id}/reset`, { apikey });
    expect([reset.status, reset.body, reset.contentType]).toEqual([200, {}, JSON_TYPE]);

    // curl -X DELETE -u "apikey:{apikey}" "{url}/v1/customizations/{customization_id}"
    const deleted = await http('DELETE', `/v1/customizations/${id}`, { apikey });
    expect([deleted.status, deleted.body]).toEqual([200, {}]);

    const again = await http('DELETE', `/v1/customizations/${id}`, { apikey });
    expect(again.status).toBe(401);
    expect(again.body).toEqual({ code: 401, code_description: 'Unauthorized', error: `Invalid customization_id (${id}) for user` });
  });

  it('answers every route under /instances/{instance_id} too, with that prefix in model URLs', async () => {
    const apikey = newApiKey();
    const prefix = '/instances/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const created = await http('POST', `${prefix}/v1/customizations`, {
      apikey, headers: json, body: '{"name":"prefixed","base_model_name":"fr-FR_Multimedia"}',
    });
    expect(created.status).toBe(201);
    const id = (created.body as { customization_id: string }).customization_id;
    expect((await http('GET', `${prefix}/v1/customizations/${id}`, { apikey })).status).toBe(200);
    expect((await http('GET', `${prefix}/v1/customizations`, { apikey })).body).toEqual({
      customizations: [expect.objectContaining({ customization_id: id, language: 'fr-FR', dialect: 'fr-FR' })],
    });
    expect((await http('POST', `${prefix}/v1/customizations/${id}/reset`, { apikey })).status).toBe(200);
    expect((await http('DELETE', `${prefix}/v1/customizations/${id}`, { apikey })).status).toBe(200);
    const model = await http('GET', `${prefix}/v1/models/fr-FR_Multimedia`, { apikey });
    expect(model.body).toEqual(expect.objectContaining({ url: `${emulatorUrl()}${prefix}/v1/models/fr-FR_Multimedia` }));
  });

  it('names unknown query parameters in warnings on get', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const got = await http('GET', `/v1/customizations/${id}?foo=1&bar=2&foo=3`, { apikey });
    expect(got.status).toBe(200);
    expect((got.body as { warnings: string }).warnings).toBe("Unexpected query parameter(s) ['foo', 'bar'] detected");
  });

  it('lists the base model catalog with the service\'s fields', async () => {
    const listed = await http('GET', '/v1/models', { apikey: newApiKey() });
    expect(listed.status).toBe(200);
    const models = (listed.body as { models: Record<string, unknown>[] }).models;
    expect(models.find((model) => model.name === 'en-US_BroadbandModel')).toEqual({
      name: 'en-US_BroadbandModel',
      language: 'en-US',
      rate: 16000,
      url: `${emulatorUrl()}/v1/models/en-US_BroadbandModel`,
      supported_features: { custom_language_model: true, custom_acoustic_model: true, speaker_labels: true },
      description: 'US English broadband model.',
    });
    expect(models.find((model) => model.name === 'en-US_Telephony')).toEqual({
      name: 'en-US_Telephony',
      language: 'en-US',
      rate: 8000,
      url: `${emulatorUrl()}/v1/models/en-US_Telephony`,
      supported_features: { custom_language_model: true, custom_acoustic_model: false, speaker_labels: true, low_latency: true },
      description: 'US English telephony model for narrowband audio (8kHz)',
    });
    expect(models.find((model) => model.name === 'zh-CN_BroadbandModel')).toEqual(expect.objectContaining({
      supported_features: { custom_language_model: false, custom_acoustic_model: true, speaker_labels: true },
    }));
    const alias = await http('GET', '/v1/models/en-UK_NarrowbandModel', { apikey: newApiKey() });
    expect(alias.status).toBe(200);
    expect(models.some((model) => model.name === 'en-UK_NarrowbandModel')).toBe(false);
    const missing = await http('GET', '/v1/models/xx-XX_Model', { apikey: newApiKey() });
    expect(missing.body).toEqual({ code: 404, code_description: 'No Such Resource', error: 'Model xx-XX_Model not found' });
    // path parameters arrive URL-decoded exactly once
    for (const [encoded, decoded] of [['%EF%BD%9A', 'ｚ'], ['%2541', '%41'], ['a%20b', 'a b']]) {
      const result = await http('GET', `/v1/models/${encoded}`, { apikey: newApiKey() });
      expect(result.body).toEqual({ code: 404, code_description: 'No Such Resource', error: `Model ${decoded} not found` });
    }
  });
});

describe('refusals, each with the service\'s status and envelope', () => {
  const apikey = newApiKey();
  const create = (body: string, headers: Record<string, string> = json, key = apikey) =>
    http('POST', '/v1/customizations', { apikey: key, headers, body });
  const bad = (error: string) => ({ code: 400, code_description: 'Bad Request', error });

  it('refuses missing and bad credentials with the gateway\'s 401', async () => {
    const unauthorized = { code: 401, error: 'Unauthorized' };
    for (const authorization of [undefined, 'Basic', 'Basic !!!', basicAuth('apikey', ''), basicAuth('', 'x'), 'Bearer nonsense',
      'Bearer eyJhbGciOiJub25lIn0.eyJpbnN0YW5jZV9pZCI6IngifQ.', 'Digest abc']) {
      for (const [method, path] of [['GET', '/v1/customizations'], ['POST', '/v1/customizations'], ['GET', '/v1/models'],
        ['GET', `/v1/customizations/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`], ['GET', '/v1/nothing']]) {
        const result = await http(method, path, { authorization, headers: json, body: method === 'POST' ? '{}' : undefined });
        expect([authorization, path, result.status, result.body]).toEqual([authorization, path, 401, unauthorized]);
        expect(result.contentType).toBe(JSON_TYPE);
      }
    }
  });

  it('refuses a malformed GUID with 400 and an unknown one with 401', async () => {
    for (const [method, suffix] of [['GET', ''], ['DELETE', ''], ['POST', '/reset']]) {
      const malformed = await http(method, `/v1/customizations/not-a-guid${suffix}`, { apikey });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual(bad("Malformed GUID: 'not-a-guid'"));
      const unknown = await http(method, `/v1/customizations/11111111-2222-4333-8444-555555555555${suffix}`, { apikey });
      expect(unknown.body).toEqual({
        code: 401, code_description: 'Unauthorized', error: 'Invalid customization_id (11111111-2222-4333-8444-555555555555) for user',
      });
    }
  });

  it('answers unknown routes with 404 and known routes with the wrong method with 405', async () => {
    const notFound = { code: 404, code_description: 'No Such Resource', error: 'No such child resource.' };
    for (const path of ['/v1/nothing', '/v1/customizations/x/y/z/w', '/', '/v2/customizations', '/instances/abc/v1/nothing']) {
      const result = await http('GET', path, { apikey });
      expect([path, result.status, result.body]).toEqual([path, 404, notFound]);
    }
    const wrongMethod = await http('PUT', '/v1/customizations', { apikey });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body).toEqual({
      code: 405, code_description: 'Method Not Allowed', error: 'Method PUT is not allowed on this resource. Allowed: POST, GET.',
    });
  });

  it('refuses bodies that are not a JSON object, and wrong content types', async () => {
    expect((await create('{"name": "x", ')).body).toEqual(bad('Malformed JSON: the request body is not valid JSON.'));
    expect((await create('')).body).toEqual(bad('Malformed JSON: the request body is not valid JSON.'));
    expect((await create('[1,2]')).body).toEqual(bad('Malformed JSON: the request body must be a JSON object.'));
    expect((await create('42')).body).toEqual(bad('Malformed JSON: the request body must be a JSON object.'));
    expect((await create('true')).body).toEqual(bad('Malformed JSON: the request body must be a JSON object.'));
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const result = await create('{"name":"x","base_model_name":"en-US_BroadbandModel"}', { 'content-type': type });
      expect(result.status).toBe(415);
      expect(result.body).toEqual({
        code: 415, code_description: 'Unsupported Media Type',
        error: `Unsupported Content-Type '${type.split(';')[0]}': the request body must be 'application/json'.`,
      });
    }
    const none = await http('POST', '/v1/customizations', { apikey, body: '{"name":"x","base_model_name":"en-US_BroadbandModel"}' });
    expect(none.status).toBe(415);
    const charset = await create('{"name":"x","base_model_name":"en-US_BroadbandModel"}', { 'content-type': 'application/json; charset=UTF-8' });
    expect(charset.status).toBe(201);
  });

  it('validates name, base model, dialect and description', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ base_model_name: 'en-US_BroadbandModel' }, "Required parameter 'name' is missing."],
      [{ name: '  ', base_model_name: 'en-US_BroadbandModel' }, "Required parameter 'name' is missing."],
      [{ name: 42, base_model_name: 'en-US_BroadbandModel' }, "Invalid value for 'name': it must be a string."],
      [{ name: 'x' }, "Required parameter 'base_model_name' is missing."],
      [{ name: 'a'.repeat(257), base_model_name: 'en-US_BroadbandModel' }, "Invalid value for 'name': the name must not exceed 256 characters."],
      ...['\\', '/', ':', '=', '&', '?'].map((char): [Record<string, unknown>, string] => [
        { name: `a${char}b`, base_model_name: 'en-US_BroadbandModel' },
        "Invalid value for 'name': the name must not contain any of the characters \\ / : = & ?",
      ]),
      [{ name: 'x', base_model_name: 'en-US_Nothing' }, "Invalid value for 'base_model_name': 'en-US_Nothing' is not a valid base model."],
      [{ name: 'x', base_model_name: 'zh-CN_BroadbandModel' }, "The base model 'zh-CN_BroadbandModel' does not support language model customization."],
      [{ name: 'x', base_model_name: 'en-US_BroadbandModel', description: 'd'.repeat(129) },
        "Invalid value for 'description': the description must not exceed 128 characters."],
      [{ name: 'x', base_model_name: 'en-US_BroadbandModel', dialect: 'en-GB' },
        "Invalid value for 'dialect': 'en-GB' is not a supported dialect for base model 'en-US_BroadbandModel'. Supported: 'en-US'."],
      [{ name: 'x', base_model_name: 'es-LA_Telephony', dialect: 'es-ES' },
        "Invalid value for 'dialect': 'es-ES' is not a supported dialect for base model 'es-LA_Telephony'. Supported: 'es-LA'."],
      [{ name: '\ud800', base_model_name: 'en-US_BroadbandModel' }, "Invalid value for 'name': it is not well-formed Unicode."],
    ];
    const fresh = newApiKey();
    for (const [body, error] of cases) {
      const result = await create(JSON.stringify(body), json, fresh);
      expect([body, result.status, result.body]).toEqual([body, 400, bad(error)]);
    }
    expect((await http('GET', '/v1/customizations', { apikey: fresh })).body).toEqual({ customizations: [] });
  });

  it('accepts the longest name and description, any Unicode, and the Spanish dialects in any case', async () => {
    const name = 'ñ'.repeat(255) + '😀';
    const id = await createModel(apikey, { name, description: 'é'.repeat(128), base_model_name: 'es-MX_NarrowbandModel', dialect: 'ES-us' });
    const got = await http('GET', `/v1/customizations/${id}`, { apikey });
    expect(got.body).toEqual(expect.objectContaining({ name, language: 'es-MX', dialect: 'es-US', base_model_name: 'es-MX_NarrowbandModel' }));
    const other = await createModel(apikey, { name: 'la', base_model_name: 'es-ES_NarrowbandModel', dialect: 'es-la' });
    expect((await http('GET', `/v1/customizations/${other}`, { apikey })).body).toEqual(expect.objectContaining({ language: 'es-ES', dialect: 'es-LA' }));
  });

  it('refuses an unknown language filter', async () => {
    const result = await http('GET', '/v1/customizations?language=xx-YY', { apikey });
    expect(result.body).toEqual(bad("Invalid value for 'language': 'xx-YY' is not a supported language."));
  });

  it('answers bodies over the gateway limit and undecodable paths with the envelope', async () => {
    const huge = await create(`{"name":"${'x'.repeat(10 * 1024 * 1024)}","base_model_name":"en-US_BroadbandModel"}`);
    expect(huge.status).toBe(413);
    expect(huge.body).toEqual({ code: 413, code_description: 'Payload Too Large', error: 'The request body is larger than the 10 MB that the API accepts.' });
    const large = await create(`{"name":"${'x'.repeat(5 * 1024 * 1024)}","base_model_name":"en-US_BroadbandModel"}`);
    expect(large.body).toEqual(bad("Invalid value for 'name': the name must not exceed 256 characters."));
    const undecodable = await http('GET', '/v1/customizations/%ZZ', { apikey });
    expect(undecodable.status).toBe(400);
    expect(undecodable.body).toEqual(bad('The request is malformed: its path, query or headers could not be parsed.'));
  });
});

describe('the IAM token endpoint', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const grant = 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&response_type=cloud_iam';

  it('issues a bearer token with iat and exp that the API accepts', async () => {
    const apikey = newApiKey();
    const result = await http('POST', '/identity/token', { headers: form, body: `apikey=${apikey}&${grant}` });
    expect(result.status).toBe(200);
    const token = result.body as Record<string, unknown>;
    expect(token).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 3600,
      expiration: expect.any(Number),
      scope: 'ibm openid',
    });
    const claims = JSON.parse(Buffer.from(String(token.access_token).split('.')[1], 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(3600);
    expect(claims.exp).toBe(token.expiration);
    expect(JSON.stringify(claims)).not.toContain(apikey);
    const id = await createModel(apikey);
    const got = await http('GET', `/v1/customizations/${id}`, { authorization: `Bearer ${token.access_token}` });
    expect(got.status).toBe(200);
    const tampered = String(token.access_token).slice(0, -2) + (String(token.access_token).endsWith('AA') ? 'BB' : 'AA');
    expect((await http('GET', `/v1/customizations/${id}`, { authorization: `Bearer ${tampered}` })).body).toEqual({ code: 401, error: 'Unauthorized' });
  });

  it('answers bad exchanges as IAM does', async () => {
    const missing = await http('POST', '/identity/token', { headers: form, body: grant });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      errorCode: 'BXNIM0109E',
      errorMessage: 'Property missing or empty. Property name: apikey',
      context: { requestId: expect.any(String), url: 'https://iam.cloud.ibm.com/identity/token' },
    });
    const wrongGrant = await http('POST', '/identity/token', { headers: form, body: 'grant_type=password&apikey=k' });
    expect((wrongGrant.body as { errorCode: string }).errorCode).toBe('BXNIM0105E');
    const wrongType = await http('POST', '/identity/token', { headers: json, body: '{"apikey":"k"}' });
    expect(wrongType.status).toBe(400);
  });
});
