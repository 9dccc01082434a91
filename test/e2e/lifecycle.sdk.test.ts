import { describe, expect, it } from 'vitest';
import { GUID, ISO_TIME, newApiKey, sdkClient, sdkError, type AuthKind } from './support';

describe.each<AuthKind>(['basic', 'iam'])('model lifecycle through the ibm-watson SDK (%s authenticator)', (kind) => {
  it('creates, lists (with and without language), gets, resets and deletes a model', async () => {
    const stt = sdkClient(newApiKey(), kind);

    const created = await stt.createLanguageModel({
      name: 'Cardiology terms',
      baseModelName: 'en-US_BroadbandModel',
      description: 'Terms used by the cardiology call center',
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.result)).toEqual(['customization_id']);
    const id = created.result.customization_id!;
    expect(id).toMatch(GUID);

    const other = await stt.createLanguageModel({ name: 'Pedidos', baseModelName: 'es-ES_Telephony' });
    expect(other.status).toBe(201);

    const all = await stt.listLanguageModels();
    expect(all.status).toBe(200);
    expect(all.result.customizations.map((model) => model.customization_id).sort())
      .toEqual([id, other.result.customization_id].sort());

    const english = await stt.listLanguageModels({ language: 'en-US' });
    expect(english.result.customizations.map((model) => model.customization_id)).toEqual([id]);
    const french = await stt.listLanguageModels({ language: 'fr-FR' });
    expect(french.result).toEqual({ customizations: [] });

    const got = await stt.getLanguageModel({ customizationId: id });
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.result).toEqual({
      customization_id: id,
      created: expect.stringMatching(ISO_TIME),
      updated: got.result.created,
      language: 'en-US',
      dialect: 'en-US',
      versions: ['en-US_BroadbandModel.v2018-07-31'],
      owner: expect.stringMatching(GUID),
      name: 'Cardiology terms',
      description: 'Terms used by the cardiology call center',
      base_model_name: 'en-US_BroadbandModel',
      status: 'pending',
      progress: 0,
    });
    expect(english.result.customizations[0]).toEqual(got.result);

    const reset = await stt.resetLanguageModel({ customizationId: id });
    expect(reset.status).toBe(200);
    expect(reset.result).toEqual({});
    const afterReset = await stt.getLanguageModel({ customizationId: id });
    expect(afterReset.result).toEqual({ ...got.result, updated: expect.stringMatching(ISO_TIME) });
    expect(Date.parse(afterReset.result.updated!)).toBeGreaterThanOrEqual(Date.parse(got.result.created!));

    const deleted = await stt.deleteLanguageModel({ customizationId: id });
    expect(deleted.status).toBe(200);
    expect(deleted.result).toEqual({});

    const gone = await sdkError(stt.getLanguageModel({ customizationId: id }));
    expect(gone.status).toBe(401);
    const remaining = await stt.listLanguageModels();
    expect(remaining.result.customizations.map((model) => model.customization_id)).toEqual([other.result.customization_id]);
  });
});

describe('identity through the SDK', () => {
  it('gives an API key the same instance whether it is sent as Basic apikey:<key> or exchanged for a token', async () => {
    const apikey = newApiKey();
    const basic = sdkClient(apikey, 'basic');
    const iam = sdkClient(apikey, 'iam');
    const { result } = await basic.createLanguageModel({ name: 'shared', baseModelName: 'en-US_Telephony' });
    const viaToken = await iam.getLanguageModel({ customizationId: result.customization_id! });
    const viaBasic = await basic.getLanguageModel({ customizationId: result.customization_id! });
    expect(viaToken.result).toEqual(viaBasic.result);
  });

  it('rejects a foreign credential with 401 on every model route, and leaves the model intact', async () => {
    const owner = sdkClient(newApiKey());
    const { result } = await owner.createLanguageModel({ name: 'mine', baseModelName: 'en-GB_Telephony' });
    const id = result.customization_id!;
    for (const kind of ['basic', 'iam'] as const) {
      const stranger = sdkClient(newApiKey(), kind);
      for (const call of [
        () => stranger.getLanguageModel({ customizationId: id }),
        () => stranger.resetLanguageModel({ customizationId: id }),
        () => stranger.deleteLanguageModel({ customizationId: id }),
      ]) {
        const error = await sdkError(call());
        expect(error.status).toBe(401);
      }
      expect((await stranger.listLanguageModels()).result).toEqual({ customizations: [] });
    }
    const still = await owner.getLanguageModel({ customizationId: id });
    expect(still.result.name).toBe('mine');
    expect(still.result.updated).toBe(still.result.created);
  });

  it('lists and gets the base models', async () => {
    const stt = sdkClient(newApiKey());
    const { result } = await stt.listModels();
    const names = result.models.map((model) => model.name);
    expect(names).toContain('en-US_BroadbandModel');
    expect(names).toContain('en-US_Telephony');
    expect(names).not.toContain('en-UK_NarrowbandModel');
    const model = await stt.getModel({ modelId: 'en-US_Telephony' });
    expect(model.result).toEqual(result.models.find((entry) => entry.name === 'en-US_Telephony'));
    const unknown = await sdkError(stt.getModel({ modelId: 'xx-XX_Nothing' }));
    expect(unknown.status).toBe(404);
  });
});
