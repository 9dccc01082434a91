// The functions beside the customizations: base models (listModels, getModel), issueToken and routeNotFound.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { handler as getModel } from '../../functions/getModel';
import { handler as issueToken } from '../../functions/issueToken';
import { handler as listModels } from '../../functions/listModels';
import { handler as routeNotFound } from '../../functions/routeNotFound';
import { bodyOf, httpEvent } from './support/events';
import {
  GATEWAY_401, HEADERS, ID, NOW, OWNER, ddb, event, item, record, sent, useMockedStore,
} from './support/function-handlers';

useMockedStore();

describe('listModels / getModel', () => {
  it('lists the base models with URLs of the service as the client sees it', async () => {
    const result = await listModels(event({ path: '/instances/i-1/v1/models', headers: { 'X-Forwarded-Proto': 'https' } }));
    expect(result.statusCode).toBe(200);
    const { models } = bodyOf(result) as { models: { name: string; url: string }[] };
    expect(models.find((m) => m.name === 'en-US_Telephony')).toEqual({
      name: 'en-US_Telephony',
      language: 'en-US',
      rate: 8000,
      url: 'https://stt.local/instances/i-1/v1/models/en-US_Telephony',
      supported_features: { custom_language_model: true, custom_acoustic_model: false, speaker_labels: true, low_latency: true },
      description: 'US English telephony model for narrowband audio (8kHz)',
    });
    expect(models.some((m) => m.name === 'en-UK_NarrowbandModel')).toBe(false);
    expect(sent()).toEqual([]);
  });

  it('answers one base model, an unlisted alias too, and 404 for an unknown one', async () => {
    const alias = await getModel(event({ path: '/v1/models/en-UK_BroadbandModel', pathParameters: { model_id: 'en-UK_BroadbandModel' } }));
    expect(alias.statusCode).toBe(200);
    expect(bodyOf(alias)).toMatchObject({ name: 'en-UK_BroadbandModel', language: 'en-GB', rate: 16000, url: 'http://stt.local/v1/models/en-UK_BroadbandModel' });
    const missing = await getModel(event({ path: '/v1/models/%EF%BD%9A', pathParameters: { model_id: 'ｚ' } }));
    expect([missing.statusCode, bodyOf(missing)]).toEqual([404, { code: 404, code_description: 'No Such Resource', error: 'Model ｚ not found' }]);
  });

  it('answer the gateway 401 without credentials', async () => {
    for (const result of [await listModels(httpEvent({ path: '/v1/models' })),
      await getModel(httpEvent({ path: '/v1/models/en-US', pathParameters: { model_id: 'en-US' } }))]) {
      expect([result.statusCode, bodyOf(result)]).toEqual([401, GATEWAY_401]);
    }
  });
});

describe('issueToken', () => {
  it('exchanges a base64 form body for a token that the API then takes as Basic apikey:K', async () => {
    const form = 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=unit-key&response_type=cloud_iam';
    const result = await issueToken(httpEvent({
      method: 'POST',
      path: '/identity/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(form).toString('base64'),
      isBase64Encoded: true,
    }));
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual(HEADERS);
    const token = bodyOf(result) as { access_token: string; token_type: string; expires_in: number; expiration: number };
    expect([token.token_type, token.expires_in, token.expiration]).toEqual(['Bearer', 3600, Math.floor(NOW / 1000) + 3600]);

    ddb.on(GetCommand).resolves({ Item: item(record()) });
    const got = await getLanguageModel(httpEvent({
      path: `/v1/customizations/${ID}`, pathParameters: { customization_id: ID }, headers: { Authorization: `Bearer ${token.access_token}` },
    }));
    expect([got.statusCode, (bodyOf(got) as { owner: string }).owner]).toEqual([200, OWNER]);
  });

  it('answers IAM\'s error body for a bad request', async () => {
    const result = await issueToken(httpEvent({ method: 'POST', path: '/identity/token', body: 'apikey=k', requestId: 'iam-9' }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      errorCode: 'BXNIM0109E',
      errorMessage: 'Property missing or empty. Property name: grant_type',
      context: { requestId: 'iam-9', url: 'https://iam.cloud.ibm.com/identity/token' },
    });
  });
});

describe('routeNotFound', () => {
  it('answers the gateway 401 first', async () => {
    const result = await routeNotFound(httpEvent({ path: '/v1/nothing' }));
    expect([result.statusCode, bodyOf(result)]).toEqual([401, GATEWAY_401]);
  });

  it('answers 405 naming the allowed methods on a known path', async () => {
    const result = await routeNotFound(event({ method: 'PUT', path: `/instances/x/v1/customizations/${ID}` }));
    expect([result.statusCode, bodyOf(result)]).toEqual([405, {
      code: 405, code_description: 'Method Not Allowed', error: 'Method PUT is not allowed on this resource. Allowed: GET, DELETE.',
    }]);
    const post = await routeNotFound(event({ method: 'DELETE', path: '/v1/customizations' }));
    expect((bodyOf(post) as { error: string }).error).toBe('Method DELETE is not allowed on this resource. Allowed: POST, GET.');
  });

  it('answers the service\'s 404 on an unknown path', async () => {
    for (const path of ['/v1/nothing', '/v1/customizations/', `/v1/customizations/${ID}/retrain`]) {
      const result = await routeNotFound(event({ method: 'POST', path }));
      expect([path, result.statusCode, bodyOf(result)]).toEqual([path, 404, { code: 404, code_description: 'No Such Resource', error: 'No such child resource.' }]);
    }
    expect(sent()).toEqual([]);
  });
});
