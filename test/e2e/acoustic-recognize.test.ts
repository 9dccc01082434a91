import { describe, expect, it } from 'vitest';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { audioKey, wav } from '../support/audio';
import {
  acousticModel, advance, envelope, helperLanguageModel, nb, newAcousticModel, setTiming, tenMinutes, trainedAcousticModel,
} from '../support/acoustic';
import { http, newApiKey, sdkClient, sdkError } from './support';

/**
 * `POST /v1/recognize` with `acoustic_customization_id` through the ibm-watson SDK (recognition spec §5.1 rule 10,
 * §5.2, §5.5): only a trained acoustic model of the request's base model serves, alone or with a trained language
 * model; reset and delete take it away.
 */

const MODEL = 'en-US_NarrowbandModel';
const OLD = 'en-US_NarrowbandModel.v2018-07-31';
const NEW = 'en-US_NarrowbandModel.v2019-05-28';
const NOT_TRAINED = 'Requested custom acoustic model is not available. Please make sure the custom model is trained.';
const PREVIOUS_VERSION = 'Using previous version of base model, because your custom model has been built with it. Please note that '
  + 'this version will be supported only for a limited time. Consider updating your custom model to the new base model. If you do '
  + 'not do that you will be automatically switched to base model when you used the non-updated custom model.';

const SPEECH = nb(2, 11);

async function script(apikey: string, audio: Buffer, transcript: string) {
  const result = await http('PUT', `/_emulator/transcripts/${audioKey(audio)}`, {
    apikey, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ transcript }),
  });
  expect(result.status, result.text).toBe(200);
}

/** An instance with immediate timings and a script for SPEECH. */
async function instance(): Promise<{ apikey: string; stt: SpeechToTextV1 }> {
  const apikey = newApiKey();
  await setTiming(apikey, { '*': { mode: 'immediate' } });
  await script(apikey, SPEECH, 'the frobnicator hums');
  return { apikey, stt: sdkClient(apikey) };
}

const recognize = (stt: SpeechToTextV1, params: Record<string, unknown>) =>
  stt.recognize({ audio: SPEECH, contentType: 'audio/wav', model: MODEL, ...params });

const transcripts = (result: { results?: { alternatives: { transcript: string }[] }[] }) =>
  (result.results ?? []).map((entry) => entry.alternatives[0].transcript);

describe('recognize with a custom acoustic model', () => {
  it('untrained (pending, ready, first training running): 400 not available', async () => {
    const { apikey, stt } = await instance();
    const id = await newAcousticModel(stt);
    const pending = await sdkError(recognize(stt, { acousticCustomizationId: id }));
    expect([pending.status, pending.body]).toEqual([400, envelope(400, NOT_TRAINED)]);

    await stt.addAudio({ customizationId: id, audioName: 'audio', audioResource: tenMinutes(), contentType: 'application/zip' });
    expect((await acousticModel(apikey, id)).status).toBe('ready');
    const ready = await sdkError(recognize(stt, { acousticCustomizationId: id }));
    expect([ready.status, ready.body]).toEqual([400, envelope(400, NOT_TRAINED)]);

    await setTiming(apikey, { training: { mode: 'manual' } });
    expect((await stt.trainAcousticModel({ customizationId: id })).status).toBe(200);
    const training = await sdkError(recognize(stt, { acousticCustomizationId: id }));
    expect([training.status, training.body]).toEqual([400, envelope(400, NOT_TRAINED)]);
    await advance(apikey, id);
    expect((await recognize(stt, { acousticCustomizationId: id })).status).toBe(200);
  });

  it('trained: 200 (the previous-version warning until upgraded); still served while it retrains and upgrades', async () => {
    const { apikey, stt } = await instance();
    const id = await trainedAcousticModel(stt, apikey);
    const served = await recognize(stt, { acousticCustomizationId: id });
    expect(served.status).toBe(200);
    expect(transcripts(served.result)).toEqual(['the frobnicator hums ']);
    expect(served.result.warnings).toEqual([PREVIOUS_VERSION]);
    expect(served.result.result_index).toBe(0);

    await setTiming(apikey, { training: { mode: 'manual' }, upgrade: { mode: 'manual' } });
    await stt.trainAcousticModel({ customizationId: id });
    expect((await acousticModel(apikey, id)).status).toBe('training');
    expect(transcripts((await recognize(stt, { acousticCustomizationId: id })).result)).toEqual(['the frobnicator hums ']);
    await advance(apikey, id);

    await stt.upgradeAcousticModel({ customizationId: id });
    expect((await acousticModel(apikey, id)).status).toBe('upgrading');
    expect((await recognize(stt, { acousticCustomizationId: id })).result.warnings).toEqual([PREVIOUS_VERSION]);
    await advance(apikey, id);
    expect((await acousticModel(apikey, id)).versions).toEqual([OLD, NEW]);
    const upgraded = await recognize(stt, { acousticCustomizationId: id });
    expect(upgraded.result).toEqual(expect.not.objectContaining({ warnings: expect.anything() }));
    expect(transcripts(upgraded.result)).toEqual(['the frobnicator hums ']);
    // the old version on request: with the warning
    expect((await recognize(stt, { acousticCustomizationId: id, baseModelVersion: OLD })).result.warnings).toEqual([PREVIOUS_VERSION]);
  });

  it('together with a trained language model: 200; with an untrained one: 400 (the language model\'s text)', async () => {
    const { apikey, stt } = await instance();
    const lm = await helperLanguageModel(stt);
    const am = await trainedAcousticModel(stt, apikey, { customLanguageModelId: lm });
    const both = await recognize(stt, { acousticCustomizationId: am, languageCustomizationId: lm });
    expect(both.status).toBe(200);
    expect(transcripts(both.result)).toEqual(['the frobnicator hums ']);
    expect(both.result.warnings).toEqual([PREVIOUS_VERSION]);

    const untrained = await helperLanguageModel(stt, MODEL, { train: false });
    const refused = await sdkError(recognize(stt, { acousticCustomizationId: am, languageCustomizationId: untrained }));
    expect([refused.status, refused.body]).toEqual([400, envelope(400,
      'Requested custom language model is not available. Please make sure the custom model is trained.')]);
  });

  it('only the language model upgraded: the older, common version serves (the previous-version warning, spec §5.5)', async () => {
    const { apikey, stt } = await instance();
    const lm = await helperLanguageModel(stt);
    const am = await trainedAcousticModel(stt, apikey);
    expect((await stt.upgradeLanguageModel({ customizationId: lm })).status).toBe(200);
    expect((await stt.whenCustomizationReady({ customizationId: lm, interval: 100, times: 100 })).versions).toEqual([OLD, NEW]);
    expect((await acousticModel(apikey, am)).versions).toEqual([OLD]);
    const mixed = await recognize(stt, { acousticCustomizationId: am, languageCustomizationId: lm });
    expect(mixed.status).toBe(200);
    expect.soft(mixed.result.warnings).toEqual([PREVIOUS_VERSION]);
    // the new version is not one both models have: refused as an unknown version
    const newer = await recognize(stt, { acousticCustomizationId: am, languageCustomizationId: lm, baseModelVersion: NEW }).then(
      (response) => ({ status: response.status, body: response.result as unknown }), (error) => ({ status: error.status, body: error.result }));
    expect.soft([newer.status, newer.body]).toEqual([400, envelope(400, `Invalid value for 'base_model_version': '${NEW}'. Valid values: '${OLD}'.`)]);
  });

  it('refusals: a next-generation model 400, another base model 400, foreign or language-model id 401, malformed 400', async () => {
    const { apikey, stt } = await instance();
    const id = await trainedAcousticModel(stt, apikey);
    const nextGeneration = await sdkError(recognize(stt, { acousticCustomizationId: id, model: 'en-US_Telephony' }));
    expect([nextGeneration.status, nextGeneration.body]).toEqual([400, envelope(400,
      "Custom acoustic models are not supported with model 'en-US_Telephony'.")]);
    const otherBase = await sdkError(stt.recognize({
      audio: wav(2, { seed: 12 }), contentType: 'audio/wav', model: 'en-US_BroadbandModel', acousticCustomizationId: id,
    }));
    expect([otherBase.status, otherBase.body]).toEqual([400, envelope(400, `The custom model '${id}' is based on '${MODEL}' and cannot be used `
      + "with model 'en-US_BroadbandModel'. Name its base model with the 'model' parameter.")]);

    const lm = await helperLanguageModel(stt);
    const foreign = await sdkError(sdkClient(newApiKey()).recognize({ audio: SPEECH, contentType: 'audio/wav', model: MODEL, acousticCustomizationId: id }));
    expect([foreign.status, foreign.body]).toEqual([401, envelope(401, `Invalid customization_id (${id}) for user`)]);
    const language = await sdkError(recognize(stt, { acousticCustomizationId: lm }));
    expect([language.status, language.body]).toEqual([401, envelope(401, `Invalid customization_id (${lm}) for user`)]);
    // and an acoustic model as the language model
    const swapped = await sdkError(recognize(stt, { languageCustomizationId: id }));
    expect([swapped.status, swapped.body]).toEqual([401, envelope(401, `Invalid customization_id (${id}) for user`)]);
    const malformed = await sdkError(recognize(stt, { acousticCustomizationId: 'xyz' }));
    expect([malformed.status, malformed.body]).toEqual([400, envelope(400, "Malformed GUID: 'xyz'")]);
  });

  it('reset of a trained model (its training settled by a later change): pending, no audio, not trained any more (400)', async () => {
    const { apikey, stt } = await instance();
    const id = await trainedAcousticModel(stt, apikey);
    // More audio after the training: the model is ready again, and its training still serves.
    await stt.addAudio({ customizationId: id, audioName: 'extra', audioResource: nb(20, 3), contentType: 'audio/wav' });
    expect((await acousticModel(apikey, id)).status).toBe('ready');
    expect((await recognize(stt, { acousticCustomizationId: id })).status).toBe(200);
    const before = await acousticModel(apikey, id);

    const reset = await stt.resetAcousticModel({ customizationId: id });
    expect([reset.status, reset.result]).toEqual([200, {}]);
    expect(await acousticModel(apikey, id)).toEqual({
      ...before, updated: expect.any(String), status: 'pending', progress: 0,
    });
    expect((await stt.listAudio({ customizationId: id })).result).toEqual({ total_minutes_of_audio: 0, audio: [] });
    // back to the just-created state: the training is gone with the audio (as a reset language model's snapshot is)
    const untrained = await sdkError(recognize(stt, { acousticCustomizationId: id }));
    expect([untrained.status, untrained.body]).toEqual([400, envelope(400, NOT_TRAINED)]);
  });

  it('delete: 200 {}, then 401 for the model and for recognition', async () => {
    const { apikey, stt } = await instance();
    const id = await trainedAcousticModel(stt, apikey);
    const deleted = await stt.deleteAcousticModel({ customizationId: id });
    expect([deleted.status, deleted.result]).toEqual([200, {}]);
    const gone = envelope(401, `Invalid customization_id (${id}) for user`);
    const got = await sdkError(stt.getAcousticModel({ customizationId: id }));
    expect([got.status, got.body]).toEqual([401, gone]);
    const recognized = await sdkError(recognize(stt, { acousticCustomizationId: id }));
    expect([recognized.status, recognized.body]).toEqual([401, gone]);
    expect((await sdkError(stt.listAudio({ customizationId: id }))).status).toBe(401);
    expect((await stt.listAcousticModels()).result).toEqual({ customizations: [] });
  });
});
