import { describe, expect, it } from 'vitest';
import {
  acousticModel, advance, envelope, helperLanguageModel, nb, newAcousticModel, notAudio, setTiming, tenMinutes, trainedAcousticModel, waitAcoustic,
} from '../support/acoustic';
import { newApiKey, sdkClient, sdkError } from './support';

/**
 * Training and upgrading custom acoustic models through the ibm-watson SDK (recognition spec §10.3 A5, A7, §10.5,
 * §10.6): the 10-minute minimum (the e2e stack keeps the default), strict and non-strict training, racing trains,
 * helper language models, and the upgrade to the newer version of `en-US_NarrowbandModel` (2018-07-31 → 2019-05-28).
 */

const OLD = 'en-US_NarrowbandModel.v2018-07-31';
const NEW = 'en-US_NarrowbandModel.v2019-05-28';
const unauthorized = (id: string) => envelope(401, `Invalid customization_id (${id}) for user`);
const tooLittle = (minutes: string) => envelope(400,
  `Training failed: the custom acoustic model has ${minutes} minutes of valid audio; training needs at least 10 minutes of audio.`);

describe('training', () => {
  it('below the minimum: 400 and failed; with enough audio added it trains (training → available)', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' }, training: { mode: 'manual' } });
    const id = await newAcousticModel(stt);

    const empty = await sdkError(stt.trainAcousticModel({ customizationId: id }));
    expect([empty.status, empty.body]).toEqual([400, tooLittle('0')]);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'failed', progress: 0 }));

    expect((await stt.addAudio({ customizationId: id, audioName: 'short', audioResource: nb(90), contentType: 'audio/wav' })).status).toBe(201);
    expect((await acousticModel(apikey, id)).status).toBe('ready');
    const short = await sdkError(stt.trainAcousticModel({ customizationId: id }));
    expect([short.status, short.body]).toEqual([400, tooLittle('1.5')]);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'failed', progress: 0 }));

    // More audio: the failed model becomes ready, and trains.
    const more = await stt.addAudio({ customizationId: id, audioName: 'more', audioResource: tenMinutes(), contentType: 'application/zip' });
    expect(more.status).toBe(201);
    expect((await stt.listAudio({ customizationId: id })).result.total_minutes_of_audio).toBe(11.5);
    expect((await acousticModel(apikey, id)).status).toBe('ready');
    const trained = await stt.trainAcousticModel({ customizationId: id });
    expect([trained.status, trained.result]).toEqual([200, {}]);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'training', progress: 0, versions: [OLD] }));
    // busy while training: no audio, no reset, no delete, no second training
    expect((await sdkError(stt.addAudio({ customizationId: id, audioName: 'x', audioResource: nb(5), contentType: 'audio/wav' }))).status).toBe(409);
    expect((await sdkError(stt.resetAcousticModel({ customizationId: id }))).status).toBe(409);
    expect((await sdkError(stt.deleteAcousticModel({ customizationId: id }))).status).toBe(409);
    expect((await sdkError(stt.trainAcousticModel({ customizationId: id }))).status).toBe(409);

    expect(await advance(apikey)).toEqual({ advanced: [{ customization_id: id, operation: 'training' }] });
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100, versions: [OLD] }));
    // retraining an available model with unchanged audio is allowed (spec §14 item 16)
    expect((await stt.trainAcousticModel({ customizationId: id })).status).toBe(200);
    await advance(apikey, id);
    expect((await acousticModel(apikey, id)).status).toBe('available');
  });

  it('ten minutes as four plain 3-minute WAVs (each its own request, under the body limit)', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    for (let part = 1; part <= 4; part++) {
      const audio = nb(180, part);
      expect(audio.length).toBe(2_880_044);
      const added = await stt.addAudio({ customizationId: id, audioName: `part${part}`, audioResource: audio, contentType: 'audio/wav' });
      expect([added.status, added.result]).toEqual([201, {}]);
    }
    const listed = (await stt.listAudio({ customizationId: id })).result;
    expect(listed.total_minutes_of_audio).toBe(12);
    expect(listed.audio.map((audio) => [audio.name, audio.duration, audio.status])).toEqual([
      ['part1', 180, 'ok'], ['part2', 180, 'ok'], ['part3', 180, 'ok'], ['part4', 180, 'ok'],
    ]);
    expect((await stt.trainAcousticModel({ customizationId: id })).status).toBe(200);
    expect(await waitAcoustic(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100 }));
  });

  it('strict (default) with an invalid resource: 400 and failed; strict=false: 200 with invalid_audio_files warnings', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: id, audioName: 'good', audioResource: tenMinutes(), contentType: 'application/zip' });
    await stt.addAudio({ customizationId: id, audioName: 'bad', audioResource: notAudio(), contentType: 'audio/wav' });
    expect((await stt.getAudio({ customizationId: id, audioName: 'bad' })).result)
      .toEqual({ duration: 0, name: 'bad', details: { type: 'undetermined' }, status: 'invalid' });
    expect((await acousticModel(apikey, id)).status).toBe('ready');

    const strict = await sdkError(stt.trainAcousticModel({ customizationId: id }));
    expect([strict.status, strict.body]).toEqual([400, envelope(400,
      "Training failed: the custom acoustic model has invalid audio resources [bad]. Fix or delete them, or train with 'strict=false' to exclude them.")]);
    expect((await acousticModel(apikey, id)).status).toBe('failed');
    expect((await sdkError(stt.trainAcousticModel({ customizationId: id, strict: true }))).status).toBe(400);

    const lenient = await stt.trainAcousticModel({ customizationId: id, strict: false });
    expect(lenient.status).toBe(200);
    expect(lenient.result).toEqual({
      warnings: [{
        code: 'invalid_audio_files',
        message: 'Analysis of the following audio files has not completed successfully: [bad]. They will be excluded from custom acoustic model training.',
      }],
    });
    expect(await waitAcoustic(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100 }));
  });

  it('strict=false with no valid audio at all: 400 and failed', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: id, audioName: 'bad', audioResource: notAudio(), contentType: 'audio/wav' });
    expect((await acousticModel(apikey, id)).status).toBe('pending');
    const refused = await sdkError(stt.trainAcousticModel({ customizationId: id, strict: false }));
    expect([refused.status, refused.body]).toEqual([400, tooLittle('0')]);
    expect((await acousticModel(apikey, id)).status).toBe('failed');
  });

  it('five racing trains: exactly one 200, the others 409', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' }, training: { mode: 'manual' } });
    const id = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: id, audioName: 'audio', audioResource: tenMinutes(), contentType: 'application/zip' });
    const outcomes = await Promise.all(Array.from({ length: 5 }, () =>
      stt.trainAcousticModel({ customizationId: id }).then((response) => ({ status: response.status, body: response.result as unknown }),
        (error: { status: number; result?: unknown; body?: unknown }) => ({ status: error.status, body: error.result ?? error.body }))));
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(outcomes.find((outcome) => outcome.status === 200)!.body).toEqual({});
    for (const outcome of outcomes.filter((candidate) => candidate.status === 409)) {
      expect(outcome.body).toEqual(expect.objectContaining({ code: 409, code_description: 'Conflict', error: expect.any(String) }));
    }
    expect((await acousticModel(apikey, id)).status).toBe('training');
    expect(await advance(apikey)).toEqual({ advanced: [{ customization_id: id, operation: 'training' }] });
    expect((await acousticModel(apikey, id)).status).toBe('available');
  });

  it('a helper language model: unknown/foreign 401, malformed 400 (model untouched); not available or another base: 400 failed; then 200', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: id, audioName: 'audio', audioResource: tenMinutes(), contentType: 'application/zip' });
    const train = (customLanguageModelId: string) => sdkError(stt.trainAcousticModel({ customizationId: id, customLanguageModelId }));

    const foreignApikey = newApiKey();
    await setTiming(foreignApikey, { '*': { mode: 'immediate' } });
    const foreignLm = await helperLanguageModel(sdkClient(foreignApikey));
    const unknownLm = '1b2c3d4e-aaaa-4bbb-8ccc-123456789abc';
    const otherAm = await newAcousticModel(stt);
    for (const lm of [foreignLm, unknownLm, otherAm]) {
      const refused = await train(lm);
      expect([refused.status, refused.body]).toEqual([401, unauthorized(lm)]);
    }
    const malformed = await train('not-a-guid');
    expect([malformed.status, malformed.body]).toEqual([400, envelope(400, "Malformed GUID: 'not-a-guid'")]);
    expect((await acousticModel(apikey, id)).status).toBe('ready');

    const untrained = await helperLanguageModel(stt, 'en-US_NarrowbandModel', { train: false });
    const notAvailable = await train(untrained);
    expect([notAvailable.status, notAvailable.body]).toEqual([400, envelope(400, `Training failed: the custom language model '${untrained}' is 'ready'; `
      + "a custom language model used for training must be 'available'.")]);
    expect((await acousticModel(apikey, id)).status).toBe('failed');

    const broadband = await helperLanguageModel(stt, 'en-US_BroadbandModel');
    const otherBase = await train(broadband);
    expect([otherBase.status, otherBase.body]).toEqual([400, envelope(400, `The custom language model '${broadband}' is based on 'en-US_BroadbandModel'; `
      + "the custom acoustic model is based on 'en-US_NarrowbandModel'. Both must use the same base model.")]);
    expect((await acousticModel(apikey, id)).status).toBe('failed');

    const helper = await helperLanguageModel(stt);
    const trained = await stt.trainAcousticModel({ customizationId: id, customLanguageModelId: helper });
    expect([trained.status, trained.result]).toEqual([200, {}]);
    expect(await waitAcoustic(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100, versions: [OLD] }));
  });
});

describe('upgrade', () => {
  it('available → upgrading → available with the new version; again: 400 (already latest); refusals by status and base model', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const id = await trainedAcousticModel(stt, apikey);
    await setTiming(apikey, { upgrade: { mode: 'manual' } });

    const upgraded = await stt.upgradeAcousticModel({ customizationId: id });
    expect([upgraded.status, upgraded.result]).toEqual([200, {}]);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'upgrading', progress: 0, versions: [OLD] }));
    // nothing else while upgrading
    expect((await sdkError(stt.trainAcousticModel({ customizationId: id }))).status).toBe(409);
    expect((await sdkError(stt.upgradeAcousticModel({ customizationId: id }))).status).toBe(409);
    expect((await sdkError(stt.addAudio({ customizationId: id, audioName: 'x', audioResource: nb(5), contentType: 'audio/wav' }))).status).toBe(409);
    expect((await sdkError(stt.deleteAudio({ customizationId: id, audioName: 'ten-minutes' }))).status).toBe(409);

    expect(await advance(apikey)).toEqual({ advanced: [{ customization_id: id, operation: 'upgrade' }] });
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100, versions: [OLD, NEW] }));
    const again = await sdkError(stt.upgradeAcousticModel({ customizationId: id }));
    expect([again.status, again.body]).toEqual([400, envelope(400,
      "The custom acoustic model is already based on the latest version of base model 'en-US_NarrowbandModel'.")]);
    expect((await acousticModel(apikey, id)).status).toBe('available');

    // pending (no audio): refused by status
    const pending = await newAcousticModel(stt);
    const refused = await sdkError(stt.upgradeAcousticModel({ customizationId: pending }));
    expect([refused.status, refused.body]).toEqual([400, envelope(400,
      "The custom acoustic model cannot be upgraded in status 'pending': only models in status 'ready' or 'available' can be upgraded.")]);
    // a base model without a newer version
    await setTiming(apikey, { upgrade: { mode: 'immediate' } });
    const british = await newAcousticModel(stt, 'en-GB_NarrowbandModel');
    await stt.addAudio({ customizationId: british, audioName: 'a', audioResource: nb(20), contentType: 'audio/wav' });
    const latest = await sdkError(stt.upgradeAcousticModel({ customizationId: british }));
    expect([latest.status, latest.body]).toEqual([400, envelope(400,
      "The custom acoustic model is already based on the latest version of base model 'en-GB_NarrowbandModel'.")]);
    // a ready (never trained) model upgrades too, and stays ready
    const ready = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: ready, audioName: 'a', audioResource: nb(20), contentType: 'audio/wav' });
    expect((await stt.upgradeAcousticModel({ customizationId: ready })).status).toBe(200);
    expect(await waitAcoustic(apikey, ready)).toEqual(expect.objectContaining({ status: 'ready', progress: 0, versions: [OLD, NEW] }));
  });

  it('with a helper language model: upgrade it first, then the acoustic model with it; again 400 unless force=true', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const lm = await helperLanguageModel(stt);
    const stale = await helperLanguageModel(stt);
    const id = await trainedAcousticModel(stt, apikey, { customLanguageModelId: lm });

    const withoutHelper = await sdkError(stt.upgradeAcousticModel({ customizationId: id }));
    expect([withoutHelper.status, withoutHelper.body]).toEqual([400, envelope(400, `The custom acoustic model was trained with custom language model '${lm}': `
      + "upgrade it with 'custom_language_model_id'.")]);
    const helperFirst = await sdkError(stt.upgradeAcousticModel({ customizationId: id, customLanguageModelId: lm }));
    expect([helperFirst.status, helperFirst.body]).toEqual([400, envelope(400, `The custom language model '${lm}' must be upgraded to '${NEW}' first.`)]);
    expect((await acousticModel(apikey, id)).versions).toEqual([OLD]);

    // 1. the language model
    expect((await stt.upgradeLanguageModel({ customizationId: lm })).status).toBe(200);
    expect((await stt.whenCustomizationReady({ customizationId: lm, interval: 100, times: 100 })).versions).toEqual([OLD, NEW]);
    // 2. the acoustic model with it
    await setTiming(apikey, { upgrade: { mode: 'manual' } });
    const upgraded = await stt.upgradeAcousticModel({ customizationId: id, customLanguageModelId: lm });
    expect([upgraded.status, upgraded.result]).toEqual([200, {}]);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'upgrading', progress: 0, versions: [OLD] }));
    await advance(apikey, id);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100, versions: [OLD, NEW] }));
    // 3. again with it: nothing changed, unless forced
    const unchanged = await sdkError(stt.upgradeAcousticModel({ customizationId: id, customLanguageModelId: lm }));
    expect([unchanged.status, unchanged.body]).toEqual([400, envelope(400, 'No input data modified since last training.')]);
    const forced = await stt.upgradeAcousticModel({ customizationId: id, customLanguageModelId: lm, force: true });
    expect([forced.status, forced.result]).toEqual([200, {}]);
    expect((await acousticModel(apikey, id)).status).toBe('upgrading');
    await advance(apikey, id);
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'available', progress: 100, versions: [OLD, NEW] }));

    // A helper still on the old version cannot train the upgraded model: 400 and failed.
    const otherVersion = await sdkError(stt.trainAcousticModel({ customizationId: id, customLanguageModelId: stale }));
    expect([otherVersion.status, otherVersion.body]).toEqual([400, envelope(400, `The custom language model '${stale}' is on base model version '${OLD}'; `
      + `the custom acoustic model is on '${NEW}'. Upgrade both to the same version.`)]);
    expect((await acousticModel(apikey, id)).status).toBe('failed');
  });
});
