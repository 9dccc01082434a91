import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey, sdkClient, sdkError } from './support';

const json = { 'content-type': 'application/json' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function status(apikey: string, id: string): Promise<{ status: string; progress: number; versions: string[] }> {
  return (await http('GET', `/v1/customizations/${id}`, { apikey })).body as { status: string; progress: number; versions: string[] };
}

/** Polls until the model leaves the given statuses. */
async function waitWhile(apikey: string, id: string, statuses: string[]) {
  for (let i = 0; i < 100; i++) {
    const model = await status(apikey, id);
    if (!statuses.includes(model.status)) return model;
    await sleep(100);
  }
  throw new Error(`model ${id} stayed ${statuses.join('/')}`);
}

const post = (apikey: string, path: string) => http('POST', path, { apikey });
const bad = (error: string) => ({ code: 400, code_description: 'Bad Request', error });

describe('the whole lifecycle through the SDK', () => {
  it('create → corpus → words → train → available → upgrade → available → reset → delete', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const { result: { customization_id: id } } = await stt.createLanguageModel({ name: 'life', baseModelName: 'en-US_BroadbandModel' });
    await stt.addCorpus({ customizationId: id!, corpusName: 'notes', corpusFile: Buffer.from('The zorbliq pump.\n') });
    await stt.whenCustomizationReady({ customizationId: id!, interval: 200, times: 50 });
    await stt.addWords({ customizationId: id!, words: [{ word: 'Quaxley', sounds_like: ['quack lee'] }] });
    expect((await stt.whenCustomizationReady({ customizationId: id!, interval: 200, times: 50 })).status).toBe('ready');

    const trained = await stt.trainLanguageModel({ customizationId: id!, customizationWeight: 0.5 });
    expect([trained.status, trained.result]).toEqual([200, {}]);
    expect(await status(apikey, id!)).toEqual(expect.objectContaining({ status: 'training', progress: 0 }));
    const available = await stt.whenCustomizationReady({ customizationId: id!, interval: 200, times: 50 });
    expect([available.status, available.progress]).toEqual(['available', 100]);

    const again = await sdkError(stt.trainLanguageModel({ customizationId: id! }));
    expect([again.status, again.body]).toEqual([400, bad('No input data modified since last training.')]);
    expect((await status(apikey, id!)).status).toBe('available');

    expect((await stt.upgradeLanguageModel({ customizationId: id! })).result).toEqual({});
    expect(await status(apikey, id!)).toEqual(expect.objectContaining({
      status: 'upgrading', progress: 0, versions: ['en-US_BroadbandModel.v2018-07-31'],
    }));
    const upgraded = await waitWhile(apikey, id!, ['upgrading']);
    expect(upgraded).toEqual(expect.objectContaining({
      status: 'available', progress: 100, versions: ['en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16'],
    }));
    const current = await sdkError(stt.upgradeLanguageModel({ customizationId: id! }));
    expect([current.status, current.body]).toEqual([400,
      bad("The custom model is already based on the latest version of base model 'en-US_BroadbandModel'.")]);

    const forced = await stt.trainLanguageModel({ customizationId: id!, force: true });
    expect(forced.status).toBe(200);
    await stt.whenCustomizationReady({ customizationId: id!, interval: 200, times: 50 });

    expect((await stt.resetLanguageModel({ customizationId: id! })).result).toEqual({});
    expect(await status(apikey, id!)).toEqual(expect.objectContaining({ status: 'pending', progress: 0 }));
    expect((await stt.listCorpora({ customizationId: id! })).result).toEqual({ corpora: [] });
    expect((await stt.listWords({ customizationId: id! })).result).toEqual({ words: [] });
    expect((await stt.deleteLanguageModel({ customizationId: id! })).result).toEqual({});
  });
});

describe('the operation × state matrix (spec 6.6)', () => {
  it('idle-pending: train and upgrade answer 400, changes 201/200', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    expect((await post(apikey, `/v1/customizations/${id}/train`)).body)
      .toEqual(bad('No input data available for training. Add corpora, grammars or words to the custom model first.'));
    expect((await post(apikey, `/v1/customizations/${id}/train?strict=false`)).status).toBe(400);
    expect((await post(apikey, `/v1/customizations/${id}/upgrade_model`)).body).toEqual(bad(
      "The custom model cannot be upgraded in status 'pending': only models in status 'ready' or 'available' can be upgraded."));
    expect((await post(apikey, `/v1/customizations/${id}/reset`)).status).toBe(200);
    expect((await http('PUT', `/v1/customizations/${id}/words/zorbliq`, { apikey, headers: json, body: '{}' })).status).toBe(201);
    expect((await status(apikey, id)).status).toBe('ready');
  });

  it('busy-pending (a corpus being processed): every change answers 409, every read 200', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    expect((await http('POST', `/v1/customizations/${id}/corpora/c`, { apikey, body: 'Zorbliq text.' })).status).toBe(201);
    const changes = [
      post(apikey, `/v1/customizations/${id}/train`),
      post(apikey, `/v1/customizations/${id}/train?strict=false`),
      post(apikey, `/v1/customizations/${id}/train?force=true`),
      post(apikey, `/v1/customizations/${id}/reset`),
      post(apikey, `/v1/customizations/${id}/upgrade_model`),
      http('DELETE', `/v1/customizations/${id}`, { apikey }),
      http('POST', `/v1/customizations/${id}/corpora/d`, { apikey, body: 'more' }),
      http('DELETE', `/v1/customizations/${id}/corpora/c`, { apikey }),
      http('POST', `/v1/customizations/${id}/words`, { apikey, headers: json, body: '{"words":[{"word":"a"}]}' }),
      http('PUT', `/v1/customizations/${id}/words/a`, { apikey, headers: json, body: '{}' }),
      http('DELETE', `/v1/customizations/${id}/words/a`, { apikey }),
    ];
    expect((await Promise.all(changes)).map((result) => result.status)).toEqual(Array(changes.length).fill(409));
    for (const path of ['', '/corpora', '/corpora/c', '/words']) {
      expect((await http('GET', `/v1/customizations/${id}${path}`, { apikey })).status).toBe(200);
    }
    expect((await status(apikey, id)).status).toBe('pending');
  });

  it('training and upgrading: every change answers 409', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    await http('PUT', `/v1/customizations/${id}/words/zorbliq`, { apikey, headers: json, body: '{}' });
    expect((await post(apikey, `/v1/customizations/${id}/train`)).status).toBe(200);
    const refusals = async () => (await Promise.all([
      post(apikey, `/v1/customizations/${id}/train`),
      post(apikey, `/v1/customizations/${id}/reset`),
      post(apikey, `/v1/customizations/${id}/upgrade_model`),
      http('DELETE', `/v1/customizations/${id}`, { apikey }),
      http('POST', `/v1/customizations/${id}/corpora/d`, { apikey, body: 'more' }),
      http('PUT', `/v1/customizations/${id}/words/b`, { apikey, headers: json, body: '{}' }),
      http('DELETE', `/v1/customizations/${id}/words/zorbliq`, { apikey }),
    ])).map((result) => result.status);
    expect((await status(apikey, id)).status).toBe('training');
    expect(await refusals()).toEqual(Array(7).fill(409));
    await waitWhile(apikey, id, ['training']);
    expect(await post(apikey, `/v1/customizations/${id}/upgrade_model`)).toEqual(expect.objectContaining({ status: 200 }));
    expect((await status(apikey, id)).status).toBe('upgrading');
    expect(await refusals()).toEqual(Array(7).fill(409));
    expect((await waitWhile(apikey, id, ['upgrading'])).status).toBe('available');
  });

  it('available: a change makes the model ready, and training then works again', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-GB_BroadbandModel' });
    await http('PUT', `/v1/customizations/${id}/words/zorbliq`, { apikey, headers: json, body: '{}' });
    await post(apikey, `/v1/customizations/${id}/train`);
    await waitWhile(apikey, id, ['training']);
    expect((await post(apikey, `/v1/customizations/${id}/upgrade_model`)).body)
      .toEqual(bad("The custom model is already based on the latest version of base model 'en-GB_BroadbandModel'."));
    expect((await http('PUT', `/v1/customizations/${id}/words/quaxley`, { apikey, headers: json, body: '{}' })).status).toBe(201);
    expect((await status(apikey, id)).status).toBe('ready');
    expect((await post(apikey, `/v1/customizations/${id}/train`)).status).toBe(200);
    expect((await waitWhile(apikey, id, ['training'])).status).toBe('available');
    expect((await http('DELETE', `/v1/customizations/${id}/words/quaxley`, { apikey })).status).toBe(200);
    expect((await status(apikey, id)).status).toBe('ready');
  });

  it('invalid resources: strict training fails the model; strict=false trains with warnings; a fix trains again', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    await http('POST', `/v1/customizations/${id}/words`, {
      apikey, headers: json, body: JSON.stringify({ words: [{ word: 'good' }, { word: 'R2', sounds_like: ['R 2'] }] }),
    });
    await waitWhile(apikey, id, ['pending']);
    const strict = await post(apikey, `/v1/customizations/${id}/train`);
    expect(strict.body).toEqual(bad("Training failed: the custom model has invalid resources [R2]. Fix or delete them, or train with 'strict=false' to exclude them."));
    expect((await status(apikey, id)).status).toBe('failed');
    expect((await post(apikey, `/v1/customizations/${id}/train`)).status).toBe(400);
    expect((await post(apikey, `/v1/customizations/${id}/upgrade_model`)).status).toBe(400);
    const lenient = await post(apikey, `/v1/customizations/${id}/train?strict=False`);
    expect([lenient.status, lenient.body]).toEqual([200, { warnings: [{
      code: 'invalid_words',
      message: 'Analysis of the following words has not completed successfully: [R2]. They will be excluded from custom language model training.',
    }] }]);
    expect((await waitWhile(apikey, id, ['training'])).status).toBe('available');
    expect((await http('PUT', `/v1/customizations/${id}/words/R2`, { apikey, headers: json, body: '{"sounds_like":["R two"]}' })).status).toBe(201);
    expect((await post(apikey, `/v1/customizations/${id}/train`)).status).toBe(200);
  });

  it('refuses bad train parameters with 400', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    for (const query of ['customization_weight=1.5', 'customization_weight=-0.1', 'customization_weight=abc', 'customization_weight=',
      'strict=maybe', 'force=2', 'word_type_to_add=corpora']) {
      const result = await post(apikey, `/v1/customizations/${id}/train?${query}`);
      expect([query, result.status]).toEqual([query, 400]);
    }
  });

  it('refuses upgrade for improved next-generation models (they upgrade by training)', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-US_Telephony' });
    await http('PUT', `/v1/customizations/${id}/words/zorbliq`, { apikey, headers: json, body: '{}' });
    expect((await post(apikey, `/v1/customizations/${id}/upgrade_model`)).body).toEqual(bad(
      "Custom models based on 'en-US_Telephony' are upgraded by training: train the model again (with 'force=true' if nothing changed)."));
  });

  it('lets exactly one of racing trains start; the others answer 409', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    await http('PUT', `/v1/customizations/${id}/words/zorbliq`, { apikey, headers: json, body: '{}' });
    const results = await Promise.all(Array.from({ length: 8 }, () => post(apikey, `/v1/customizations/${id}/train`)));
    expect(results.map((result) => result.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    expect((await waitWhile(apikey, id, ['training'])).status).toBe('available');
  });
});
