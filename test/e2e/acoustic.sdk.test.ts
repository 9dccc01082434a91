import { describe, expect, it } from 'vitest';
import { advance, acousticModel, envelope, newAcousticModel, nb, notAudio, setTiming, tarGz, zip } from '../support/acoustic';
import { GUID, ISO_TIME, http, newApiKey, sdkClient, sdkError } from './support';

/**
 * Custom acoustic models and their audio resources through the ibm-watson SDK (recognition spec §10.1–§10.3 A1–A4,
 * A8–A11), raw HTTP only where the SDK cannot send the request. Each test is an instance of its own; audio analysis is
 * made manual (and advanced through the control API) or immediate per instance.
 */

const PCM_8K = { type: 'audio', codec: 'pcm_s16le', frequency: 8000 };

describe('acoustic model lifecycle', () => {
  it('creates (only the id), gets (no dialect), lists with and without language, apart from language models', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const created = await stt.createAcousticModel({
      name: 'Call center audio', baseModelName: 'en-US_NarrowbandModel', description: 'Acoustic model of the call center',
    });
    expect(created.status).toBe(201);
    expect(created.result).toEqual({ customization_id: expect.stringMatching(GUID) });
    const id = created.result.customization_id!;

    const got = await stt.getAcousticModel({ customizationId: id });
    expect(got.status).toBe(200);
    expect(got.result).toEqual({
      customization_id: id,
      created: expect.stringMatching(ISO_TIME),
      updated: got.result.created,
      language: 'en-US',
      versions: ['en-US_NarrowbandModel.v2018-07-31'],
      owner: expect.stringMatching(GUID),
      name: 'Call center audio',
      description: 'Acoustic model of the call center',
      base_model_name: 'en-US_NarrowbandModel',
      status: 'pending',
      progress: 0,
    });
    expect(got.result).not.toHaveProperty('dialect');

    // unknown query parameters: named in `warnings` (a string, as on language models)
    const warned = await http('GET', `/v1/acoustic_customizations/${id}?foo=1`, { apikey });
    expect([warned.status, warned.body]).toEqual([200, { ...got.result, warnings: "Unexpected query parameter(s) ['foo'] detected" }]);

    const french = await stt.createAcousticModel({ name: 'Appels', baseModelName: 'fr-FR_BroadbandModel' });
    const frenchId = french.result.customization_id!;
    const lm = await stt.createLanguageModel({ name: 'Words', baseModelName: 'en-US_NarrowbandModel' });
    const lmId = lm.result.customization_id!;

    const all = await stt.listAcousticModels();
    expect(all.status).toBe(200);
    expect(all.result.customizations.map((model) => model.customization_id).sort()).toEqual([id, frenchId].sort());
    expect(all.result.customizations.find((model) => model.customization_id === id)).toEqual(got.result);
    expect(all.result.customizations.find((model) => model.customization_id === frenchId)).toEqual(expect.objectContaining({
      language: 'fr-FR', base_model_name: 'fr-FR_BroadbandModel', description: '', versions: ['fr-FR_BroadbandModel.v2020-07-14'],
    }));
    expect((await stt.listAcousticModels({ language: 'en-US' })).result).toEqual({ customizations: [got.result] });
    expect((await stt.listAcousticModels({ language: 'ja-JP' })).result).toEqual({ customizations: [] });

    // The two kinds never mix: neither list shows the other kind, neither path reaches the other kind's model.
    expect((await stt.listLanguageModels()).result.customizations.map((model) => model.customization_id)).toEqual([lmId]);
    const lmAsAcoustic = await sdkError(stt.getAcousticModel({ customizationId: lmId }));
    expect([lmAsAcoustic.status, lmAsAcoustic.body]).toEqual([401, envelope(401, `Invalid customization_id (${lmId}) for user`)]);
    const amAsLanguage = await sdkError(stt.getLanguageModel({ customizationId: id }));
    expect([amAsLanguage.status, amAsLanguage.body]).toEqual([401, envelope(401, `Invalid customization_id (${id}) for user`)]);
    const foreign = await sdkError(sdkClient(newApiKey()).getAcousticModel({ customizationId: id }));
    expect([foreign.status, foreign.body]).toEqual([401, envelope(401, `Invalid customization_id (${id}) for user`)]);
    const malformed = await sdkError(stt.getAcousticModel({ customizationId: 'not-a-guid' }));
    expect([malformed.status, malformed.body]).toEqual([400, envelope(400, "Malformed GUID: 'not-a-guid'")]);

    const deleted = await stt.deleteAcousticModel({ customizationId: frenchId });
    expect([deleted.status, deleted.result]).toEqual([200, {}]);
    expect((await sdkError(stt.getAcousticModel({ customizationId: frenchId }))).status).toBe(401);
    expect((await stt.listAcousticModels()).result).toEqual({ customizations: [got.result] });
  });
});

describe('audio resources', () => {
  it('being_processed (duration 0, details {}) while analysis is manual, beside each other; train meanwhile 409; then ok', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'manual' } });
    const id = await newAcousticModel(stt);

    const added = await stt.addAudio({ customizationId: id, audioName: 'audio1', audioResource: nb(30, 1), contentType: 'audio/wav' });
    expect([added.status, added.result]).toEqual([201, {}]);
    const processing = { duration: 0, name: 'audio1', details: {}, status: 'being_processed' };
    expect((await stt.getAudio({ customizationId: id, audioName: 'audio1' })).result).toEqual(processing);
    expect((await stt.listAudio({ customizationId: id })).result).toEqual({ total_minutes_of_audio: 0, audio: [processing] });
    expect((await acousticModel(apikey, id)).status).toBe('pending');

    // A second resource while the first is still analysed: allowed beside it.
    const second = await stt.addAudio({ customizationId: id, audioName: 'audio2', audioResource: nb(45, 2), contentType: 'audio/wav' });
    expect([second.status, second.result]).toEqual([201, {}]);
    // Training while audio is being processed: 409, and the model is not failed by it.
    const busy = await sdkError(stt.trainAcousticModel({ customizationId: id }));
    expect(busy.status).toBe(409);
    expect(busy.body).toEqual(expect.objectContaining({ code: 409, code_description: 'Conflict' }));
    expect((await acousticModel(apikey, id)).status).toBe('pending');

    expect(await advance(apikey)).toEqual({ advanced: [{ customization_id: id, operation: 'audio' }] });
    const audio1 = { duration: 30, name: 'audio1', details: PCM_8K, status: 'ok' };
    const audio2 = { duration: 45, name: 'audio2', details: PCM_8K, status: 'ok' };
    expect((await stt.getAudio({ customizationId: id, audioName: 'audio1' })).result).toEqual(audio1);
    expect((await stt.getAudio({ customizationId: id, audioName: 'audio2' })).result).toEqual(audio2);
    const listed = await stt.listAudio({ customizationId: id });
    expect(listed.status).toBe(200);
    expect(listed.result).toEqual({ total_minutes_of_audio: 1.25, audio: [audio1, audio2] });
    expect(await acousticModel(apikey, id)).toEqual(expect.objectContaining({ status: 'ready', progress: 0 }));
  });

  it('the same name again while it is still being processed: 409 (spec §14 item 17), even with allow_overwrite', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'manual' } });
    const id = await newAcousticModel(stt);
    expect((await stt.addAudio({ customizationId: id, audioName: 'audio1', audioResource: nb(30, 1), contentType: 'audio/wav' })).status).toBe(201);
    const same = await sdkError(stt.addAudio({
      customizationId: id, audioName: 'audio1', audioResource: nb(50, 3), contentType: 'audio/wav', allowOverwrite: true,
    }));
    expect([same.status, (same.body as { code_description?: string }).code_description]).toEqual([409, 'Conflict']);
    await advance(apikey, id);
    expect((await stt.getAudio({ customizationId: id, audioName: 'audio1' })).result)
      .toEqual({ duration: 30, name: 'audio1', details: PCM_8K, status: 'ok' });
  });

  it('a zip and a tar.gz archive: container and members; an archive with a broken member is invalid as a whole', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' } });
    const id = await newAcousticModel(stt);

    const zipped = zip({ 'a.wav': nb(20, 3), 'calls/b.wav': nb(40, 4) });
    expect((await stt.addAudio({ customizationId: id, audioName: 'calls.zip', audioResource: zipped, contentType: 'application/zip' })).status).toBe(201);
    const zipListing = await stt.getAudio({ customizationId: id, audioName: 'calls.zip' });
    expect(zipListing.status).toBe(200);
    expect(zipListing.result).toEqual({
      container: { duration: 60, name: 'calls.zip', details: { type: 'archive', compression: 'zip' }, status: 'ok' },
      audio: [
        { duration: 20, name: 'a.wav', details: PCM_8K, status: 'ok' },
        { duration: 40, name: 'calls/b.wav', details: PCM_8K, status: 'ok' },
      ],
    });

    const tarred = await tarGz({ 'c.wav': nb(30, 5), 'd.wav': nb(15, 6) });
    expect((await stt.addAudio({ customizationId: id, audioName: 'calls.tgz', audioResource: tarred, contentType: 'application/gzip' })).status).toBe(201);
    expect((await stt.getAudio({ customizationId: id, audioName: 'calls.tgz' })).result).toEqual({
      container: { duration: 45, name: 'calls.tgz', details: { type: 'archive', compression: 'gzip' }, status: 'ok' },
      audio: [
        { duration: 30, name: 'c.wav', details: PCM_8K, status: 'ok' },
        { duration: 15, name: 'd.wav', details: PCM_8K, status: 'ok' },
      ],
    });

    const broken = zip({ 'good.wav': nb(25, 7), 'broken.wav': notAudio() });
    expect((await stt.addAudio({ customizationId: id, audioName: 'broken.zip', audioResource: broken, contentType: 'application/zip' })).status).toBe(201);
    const brokenListing = { duration: 25, name: 'broken.zip', details: { type: 'archive', compression: 'zip' }, status: 'invalid' };
    expect((await stt.getAudio({ customizationId: id, audioName: 'broken.zip' })).result).toEqual({
      container: brokenListing,
      audio: [
        { duration: 25, name: 'good.wav', details: PCM_8K, status: 'ok' },
        { duration: 0, name: 'broken.wav', details: { type: 'undetermined' }, status: 'invalid' },
      ],
    });
    // Not an archive at all: undetermined and invalid; its analysis found no archive, so it is listed as a plain resource.
    const notZip = await stt.addAudio({ customizationId: id, audioName: 'not.zip', audioResource: nb(5, 8), contentType: 'application/zip' });
    expect(notZip.status).toBe(201);
    const notZipListing = { duration: 0, name: 'not.zip', details: { type: 'undetermined' }, status: 'invalid' };
    expect((await stt.getAudio({ customizationId: id, audioName: 'not.zip' })).result).toEqual(notZipListing);

    // The list shows each archive once, as its container; only valid resources count towards the minutes.
    const listed = (await stt.listAudio({ customizationId: id })).result;
    expect(listed.total_minutes_of_audio).toBe(1.75);
    expect([...listed.audio].sort((a, b) => a.name!.localeCompare(b.name!))).toEqual([
      brokenListing,
      { duration: 45, name: 'calls.tgz', details: { type: 'archive', compression: 'gzip' }, status: 'ok' },
      zipListing.result.container,
      notZipListing,
    ]);
    expect((await acousticModel(apikey, id)).status).toBe('ready');
  });

  it('audio below the base model\'s rate is invalid, its details kept', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' } });
    const id = await newAcousticModel(stt, 'en-US_BroadbandModel');
    expect((await stt.addAudio({ customizationId: id, audioName: 'low', audioResource: nb(12, 9), contentType: 'audio/wav' })).status).toBe(201);
    expect((await stt.getAudio({ customizationId: id, audioName: 'low' })).result)
      .toEqual({ duration: 12, name: 'low', details: PCM_8K, status: 'invalid' });
    expect((await stt.listAudio({ customizationId: id })).result.total_minutes_of_audio).toBe(0);
    expect((await acousticModel(apikey, id)).status).toBe('pending');
  });

  it('refuses Contained-Content-Type misuse (400), application/octet-stream (415), a missing type (415), an empty body (400)', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    const add = (audioName: string, audioResource: Buffer, contentType: string, containedContentType?: string) =>
      sdkError(stt.addAudio({ customizationId: id, audioName, audioResource, contentType, ...(containedContentType ? { containedContentType } : {}) }));

    const withAudio = await add('a', nb(5), 'audio/wav', 'audio/wav');
    expect([withAudio.status, withAudio.body]).toEqual([400, envelope(400,
      'The Contained-Content-Type header can be used only with an archive-type resource (application/zip or application/gzip).')]);
    const unsupported = await add('b', zip({ 'x.wav': nb(5) }), 'application/zip', 'text/plain');
    expect(unsupported.status).toBe(400);
    expect((unsupported.body as { error: string }).error).toMatch(/^Unsupported Contained-Content-Type 'text\/plain'\. Supported audio formats: /);
    // Raw samples in an archive need the header; with it they are read as it says.
    const raw = zip({ 'speech.raw': nb(10, 2).subarray(44) });
    const missing = await add('c', raw, 'application/zip');
    expect(missing.status).toBe(400);
    expect((missing.body as { error: string }).error).toMatch(/^The archive file 'speech\.raw' has no audio header the service can detect\./);
    const withHeader = await stt.addAudio({
      customizationId: id, audioName: 'c', audioResource: raw, contentType: 'application/zip', containedContentType: 'audio/l16;rate=8000;endianness=little-endian',
    });
    expect(withHeader.status).toBe(201);
    expect((await stt.getAudio({ customizationId: id, audioName: 'c' })).result).toEqual({
      container: { duration: 10, name: 'c', details: { type: 'archive', compression: 'zip' }, status: 'ok' },
      audio: [{ duration: 10, name: 'speech.raw', details: PCM_8K, status: 'ok' }],
    });

    const octet = await add('d', nb(5), 'application/octet-stream');
    expect(octet.status).toBe(415);
    expect(octet.body).toEqual(expect.objectContaining({ code: 415, code_description: 'Unsupported Media Type' }));
    expect((octet.body as { error: string }).error).toMatch(/^The Content-Type application\/octet-stream is not supported for audio resources\./);
    const text = await add('d', nb(5), 'text/plain');
    expect(text.status).toBe(415);
    expect((text.body as { error: string }).error).toMatch(/^Unsupported Content-Type 'text\/plain' for an audio resource\./);
    const untyped = await http('POST', `/v1/acoustic_customizations/${id}/audio/e`, { apikey, body: nb(5) });
    // (serverless-offline gives a body without Content-Type `application/json`, which is refused as unsupported.)
    expect(untyped.status).toBe(415);
    expect((untyped.body as { error: string }).error).toMatch(/^(No Content-Type was given\.|Unsupported Content-Type 'application\/json')/);
    const empty = await http('POST', `/v1/acoustic_customizations/${id}/audio/f`, { apikey, headers: { 'content-type': 'audio/wav' }, body: '' });
    expect([empty.status, empty.body]).toEqual([400, envelope(400,
      'The audio resource is empty. Send an audio file or an archive file as the body of the request.')]);

    // Nothing of the refused requests was stored.
    expect((await stt.listAudio({ customizationId: id })).result.audio.map((audio) => audio.name)).toEqual(['c']);
  });

  it('a duplicate name: 400 without allow_overwrite, 201 with it; delete: 200, then 404', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    expect((await stt.addAudio({ customizationId: id, audioName: 'greeting', audioResource: nb(20, 1), contentType: 'audio/wav' })).status).toBe(201);

    const duplicate = await sdkError(stt.addAudio({ customizationId: id, audioName: 'greeting', audioResource: nb(30, 2), contentType: 'audio/wav' }));
    expect([duplicate.status, duplicate.body]).toEqual([400, envelope(400, "An audio resource named 'greeting' already exists in the custom model. "
      + "Set the 'allow_overwrite' parameter to 'true' to replace it.")]);
    expect((await stt.getAudio({ customizationId: id, audioName: 'greeting' })).result).toEqual(expect.objectContaining({ duration: 20 }));

    const replaced = await stt.addAudio({
      customizationId: id, audioName: 'greeting', audioResource: nb(30, 2), contentType: 'audio/wav', allowOverwrite: true,
    });
    expect([replaced.status, replaced.result]).toEqual([201, {}]);
    expect((await stt.getAudio({ customizationId: id, audioName: 'greeting' })).result)
      .toEqual({ duration: 30, name: 'greeting', details: PCM_8K, status: 'ok' });
    expect((await stt.listAudio({ customizationId: id })).result.total_minutes_of_audio).toBe(0.5);

    const deleted = await stt.deleteAudio({ customizationId: id, audioName: 'greeting' });
    expect([deleted.status, deleted.result]).toEqual([200, {}]);
    const gone = await sdkError(stt.getAudio({ customizationId: id, audioName: 'greeting' }));
    expect([gone.status, gone.body]).toEqual([404, envelope(404, `Audio resource 'greeting' does not exist in custom model '${id}'.`)]);
    const again = await sdkError(stt.deleteAudio({ customizationId: id, audioName: 'greeting' }));
    expect([again.status, again.body]).toEqual([404, envelope(404, `Audio resource 'greeting' does not exist in custom model '${id}'.`)]);
    expect((await stt.listAudio({ customizationId: id })).result).toEqual({ total_minutes_of_audio: 0, audio: [] });
    expect((await acousticModel(apikey, id)).status).toBe('pending');
  });

  it('deletes one resource while another is still being processed', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' } });
    const id = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: id, audioName: 'first', audioResource: nb(10, 1), contentType: 'audio/wav' });
    await setTiming(apikey, { audio: { mode: 'manual' } });
    await stt.addAudio({ customizationId: id, audioName: 'second', audioResource: nb(20, 2), contentType: 'audio/wav' });
    expect((await stt.deleteAudio({ customizationId: id, audioName: 'first' })).status).toBe(200);
    expect((await stt.listAudio({ customizationId: id })).result)
      .toEqual({ total_minutes_of_audio: 0, audio: [{ duration: 0, name: 'second', details: {}, status: 'being_processed' }] });
    // the model cannot be deleted, reset or upgraded while audio is analysed
    expect((await sdkError(stt.deleteAcousticModel({ customizationId: id }))).status).toBe(409);
    expect((await sdkError(stt.resetAcousticModel({ customizationId: id }))).status).toBe(409);
    expect((await sdkError(stt.upgradeAcousticModel({ customizationId: id }))).status).toBe(409);
    await advance(apikey, id);
    expect((await stt.listAudio({ customizationId: id })).result)
      .toEqual({ total_minutes_of_audio: 0.33, audio: [{ duration: 20, name: 'second', details: PCM_8K, status: 'ok' }] });
    expect((await acousticModel(apikey, id)).status).toBe('ready');
    expect((await stt.deleteAcousticModel({ customizationId: id })).status).toBe(200);
  });
});
