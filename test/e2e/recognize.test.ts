import { describe, expect, it } from 'vitest';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { audioKey, wav } from '../support/audio';
import { createModel, http, newApiKey, sdkClient, sdkError } from './support';

/**
 * `POST /v1/recognize` through the ibm-watson SDK (and raw HTTP where the SDK cannot send something): transcripts
 * scripted through the control API, shaped by custom models as their last training left them, and every check of
 * recognition spec §5.1 with its exact status and message.
 */

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function script(apikey: string, audio: Buffer | 'default', transcript: string) {
  const key = audio === 'default' ? 'default' : audioKey(audio);
  const result = await http('PUT', `/_emulator/transcripts/${key}`, { apikey, ...json({ transcript }) });
  expect(result.status, result.text).toBe(200);
}

async function immediate(apikey: string) {
  const result = await http('PUT', '/_emulator/timing', { apikey, ...json({ '*': { mode: 'immediate' } }) });
  expect(result.status, result.text).toBe(200);
}

const transcripts = (result: { results?: unknown[] }) =>
  (result.results ?? []).map((r) => (r as { alternatives: { transcript: string }[] }).alternatives[0].transcript);

const envelope = (code: number, error: string) => ({
  code, code_description: code === 400 ? 'Bad Request' : code === 401 ? 'Unauthorized' : 'Unsupported Media Type', error,
});

const PREVIOUS_VERSION = 'Using previous version of base model, because your custom model has been built with it. Please note that '
  + 'this version will be supported only for a limited time. Consider updating your custom model to the new base model. If you do '
  + 'not do that you will be automatically switched to base model when you used the non-updated custom model.';

const YESNO = `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $answer;
$answer = yes | no | yes please | no thanks ;
`;

/** A trained model (immediate timings) with two custom words and a grammar. */
async function trainedModel(stt: SpeechToTextV1, apikey: string, base = 'en-US_BroadbandModel'): Promise<string> {
  await immediate(apikey);
  const id = await createModel(apikey, { base_model_name: base });
  await stt.addWord({ customizationId: id, wordName: 'IEEE', soundsLike: ['I triple E'], displayAs: 'IEEE' });
  await stt.addWord({ customizationId: id, wordName: 'cardiology', soundsLike: ['car dee ology'] });
  await stt.addGrammar({ customizationId: id, grammarName: 'answers', grammarFile: Buffer.from(YESNO), contentType: 'application/srgs' });
  await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 50 });
  await stt.trainLanguageModel({ customizationId: id });
  await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 50 });
  return id;
}

describe('recognize without custom models', () => {
  it('audio without a script is silence: no results', async () => {
    const stt = sdkClient(newApiKey());
    const response = await stt.recognize({ audio: wav(1, { seed: 3 }), contentType: 'audio/wav' });
    expect(response.status).toBe(200);
    expect(response.result).toEqual({ results: [], result_index: 0 });
  });

  it('the audio\'s own script, else the default one', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const mine = wav(2, { seed: 4 });
    await script(apikey, mine, 'call the i triple e office');
    await script(apikey, 'default', 'hello world');
    expect(transcripts((await stt.recognize({ audio: mine, contentType: 'audio/wav' })).result)).toEqual(['call the i triple e office ']);
    expect(transcripts((await stt.recognize({ audio: wav(1, { seed: 5 }), contentType: 'audio/wav' })).result)).toEqual(['hello world ']);
    // another instance has no scripts
    expect((await sdkClient(newApiKey()).recognize({ audio: mine, contentType: 'audio/wav' })).result).toEqual({ results: [], result_index: 0 });
  });

  it('unknown parameters are named in warnings, and the request succeeds', async () => {
    const apikey = newApiKey();
    const audio = wav(1, { seed: 6 });
    await script(apikey, audio, 'hello');
    const result = await http('POST', '/v1/recognize?foo=1&interim_results=true&timestamps=true', {
      apikey, headers: { 'content-type': 'audio/wav' }, body: audio,
    });
    expect(result.status).toBe(200);
    expect((result.body as { warnings: string[] }).warnings).toEqual(['Unknown arguments: foo, interim_results.']);
    expect(transcripts(result.body as { results: unknown[] })).toEqual(['hello ']);
  });
});

describe('the options shape the results (README "How transcripts are made")', () => {
  it('timestamps, word confidence, speaker labels, keywords, smart formatting and hesitations through the SDK', async () => {
    const apikey = newApiKey();
    const audio = wav(4, { seed: 15 });
    await script(apikey, audio, 'Call one two three four five now. Uh my card is lost');
    const response = await sdkClient(apikey).recognize({
      audio, contentType: 'audio/wav', speakerLabels: true, keywords: ['card', 'colorado'], keywordsThreshold: 0.5, wordConfidence: true,
      smartFormatting: true,
    });
    // 4 s, one phrase end: a 1 s pause after it, 12 words share the other 3 s (0.25 s each)
    const times = (words: string[], from: number) => words.map((word, i): [string, number, number] =>
      [word, Number((from + i * 0.25).toFixed(2)), Number((from + (i + 1) * 0.25).toFixed(2))]);
    const first = times(['call', 'one', 'two', 'three', 'four', 'five', 'now'], 0);
    const second = times(['%HESITATION', 'my', 'card', 'is', 'lost'], 2.75);
    const confidence: Record<string, number> = {
      call: 0.81, one: 0.99, two: 0.93, three: 0.83, four: 0.97, five: 0.85, now: 0.83, '%HESITATION': 0.94, my: 0.87, card: 0.99, is: 0.93, lost: 0.87,
    };
    expect(response.result).toEqual({
      result_index: 0,
      results: [
        {
          final: true,
          alternatives: [{
            transcript: 'call 12345 now ', confidence: 0.89, timestamps: first,
            word_confidence: first.map(([word]) => [word, confidence[word]]),
          }],
          keywords_result: {},
        },
        {
          final: true,
          alternatives: [{
            transcript: 'my card is lost ', confidence: 0.92, timestamps: second,
            word_confidence: second.map(([word]) => [word, confidence[word]]),
          }],
          keywords_result: { card: [{ normalized_text: 'card', start_time: 3.25, end_time: 3.5, confidence: 0.99 }] },
        },
      ],
      speaker_labels: [...first.map(([word, from, to]) => ({ from, to, speaker: 0, confidence: confidence[word], final: true })),
        ...second.map(([word, from, to]) => ({ from, to, speaker: 1, confidence: confidence[word], final: true }))],
    });
  });
});

describe('recognize with a custom language model', () => {
  it('custom words change the transcript; a grammar answers only its phrases; only the trained state counts', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await trainedModel(stt, apikey);
    const audio = wav(3, { seed: 7 });
    await script(apikey, audio, 'the i triple e paper on car dee ology');
    const plain = await stt.recognize({ audio, contentType: 'audio/wav' });
    expect(transcripts(plain.result)).toEqual(['the i triple e paper on car dee ology ']);
    const custom = await stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id });
    expect(transcripts(custom.result)).toEqual(['the IEEE paper on cardiology ']);
    expect(custom.result.warnings).toEqual([PREVIOUS_VERSION]);
    // the deprecated customization_id names the model too; a weight of 0 leaves the words as spoken
    const alias = await http('POST', `/v1/recognize?customization_id=${id}`, { apikey, headers: { 'content-type': 'audio/wav' }, body: audio });
    expect(transcripts(alias.body as { results: unknown[] })).toEqual(['the IEEE paper on cardiology ']);
    const unweighted = await stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id, customizationWeight: 0 });
    expect(transcripts(unweighted.result)).toEqual(['the i triple e paper on car dee ology ']);

    // a word added after training is not used until the model is trained again
    await stt.addWord({ customizationId: id, wordName: 'Zorblat', soundsLike: ['zor blat'] });
    await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 50 });
    const later = wav(1, { seed: 8 });
    await script(apikey, later, 'zor blat');
    expect(transcripts((await stt.recognize({ audio: later, contentType: 'audio/wav', languageCustomizationId: id })).result))
      .toEqual(['zor blat ']);
    await stt.trainLanguageModel({ customizationId: id });
    await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 50 });
    expect(transcripts((await stt.recognize({ audio: later, contentType: 'audio/wav', languageCustomizationId: id })).result))
      .toEqual(['Zorblat ']);

    // with a grammar, only its phrases
    const yes = wav(1, { seed: 9 });
    const maybe = wav(1, { seed: 10 });
    await script(apikey, yes, 'Yes please');
    await script(apikey, maybe, 'maybe later');
    const answered = await stt.recognize({ audio: yes, contentType: 'audio/wav', languageCustomizationId: id, grammarName: 'answers' });
    expect(transcripts(answered.result)).toEqual(['yes please ']);
    const unmatched = await stt.recognize({ audio: maybe, contentType: 'audio/wav', languageCustomizationId: id, grammarName: 'answers' });
    expect(unmatched.result.results).toEqual([]);
  });

  it('while a new training runs, the previous one serves; the new one once it completes', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await trainedModel(stt, apikey);
    await stt.addWord({ customizationId: id, wordName: 'Quaxley', soundsLike: ['quack slee'] });
    const timing = await http('PUT', '/_emulator/timing', { apikey, ...json({ training: { mode: 'manual' } }) });
    expect(timing.status).toBe(200);
    await stt.trainLanguageModel({ customizationId: id });
    expect((await stt.getLanguageModel({ customizationId: id })).result.status).toBe('training');
    const audio = wav(1, { seed: 14 });
    await script(apikey, audio, 'quack slee and i triple e');
    const during = await stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id });
    expect(transcripts(during.result)).toEqual(['quack slee and IEEE ']);
    expect((await http('POST', '/_emulator/advance', { apikey, ...json({ customization_id: id }) })).status).toBe(200);
    const after = await stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id });
    expect(transcripts(after.result)).toEqual(['Quaxley and IEEE ']);
  });

  it('an upgraded model answers without the version warning; base_model_version picks a version it has', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await trainedModel(stt, apikey);
    await stt.upgradeLanguageModel({ customizationId: id });
    await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 50 });
    const audio = wav(1, { seed: 11 });
    await script(apikey, audio, 'i triple e');
    const upgraded = await stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id });
    expect(upgraded.result.warnings).toBeUndefined();
    expect(transcripts(upgraded.result)).toEqual(['IEEE ']);
    const old = await stt.recognize({
      audio, contentType: 'audio/wav', languageCustomizationId: id, baseModelVersion: 'en-US_BroadbandModel.v2018-07-31',
    });
    expect(old.result.warnings).toEqual([PREVIOUS_VERSION]);
  });
});

describe('the checks of recognition spec §5.1, in order', () => {
  it('answers each refusal with its status and message', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const trained = await trainedModel(stt, apikey);
    const untrained = await createModel(apikey);
    const telephony = await createModel(apikey, { base_model_name: 'en-US_Telephony' });
    const foreign = await createModel(newApiKey());
    const audio = wav(1, { seed: 12 });
    const refusal = async (params: Record<string, unknown>) => {
      const error = await sdkError(stt.recognize({ audio, contentType: 'audio/wav', ...params }));
      return [error.status, error.body];
    };
    expect(await refusal({ model: 'xx-XX_NoSuchModel' })).toEqual([400, envelope(400, 'Model xx-XX_NoSuchModel not found')]);
    expect(await refusal({ languageCustomizationId: 'not-a-guid' })).toEqual([400, envelope(400, "Malformed GUID: 'not-a-guid'")]);
    expect(await refusal({ languageCustomizationId: foreign }))
      .toEqual([401, envelope(401, `Invalid customization_id (${foreign}) for user`)]);
    expect(await refusal({ languageCustomizationId: telephony })).toEqual([400, envelope(400,
      `The custom model '${telephony}' is based on 'en-US_Telephony' and cannot be used with model 'en-US_BroadbandModel'. `
      + "Name its base model with the 'model' parameter.")]);
    expect(await refusal({ languageCustomizationId: untrained }))
      .toEqual([400, envelope(400, 'Requested custom language model is not available. Please make sure the custom model is trained.')]);
    expect(await refusal({ customizationWeight: 0.5 }))
      .toEqual([400, envelope(400, 'Cannot specify customization weight when not using customization.')]);
    expect(await refusal({ customizationWeight: 1.5, languageCustomizationId: trained }))
      .toEqual([400, envelope(400, "Invalid value for 'customization_weight': '1.5'. It must be a number between 0.0 and 1.0.")]);
    expect(await refusal({ grammarName: 'answers' })).toEqual([400, envelope(400,
      "The 'grammar_name' parameter requires a custom language model: name it with 'language_customization_id'.")]);
    expect(await refusal({ grammarName: 'nothing', languageCustomizationId: trained })).toEqual([400, envelope(400,
      `Grammar 'nothing' is not part of the trained custom model '${trained}': add it, wait until it is analyzed and train the model.`)]);
    expect(await refusal({ acousticCustomizationId: 'x' })).toEqual([400, envelope(400, "Malformed GUID: 'x'")]);
    expect(await refusal({ baseModelVersion: 'en-US_BroadbandModel.v1999-01-01' })).toEqual([400, envelope(400,
      "Invalid value for 'base_model_version': 'en-US_BroadbandModel.v1999-01-01'. Valid values: "
      + "'en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16'.")]);
    expect(await refusal({ baseModelVersion: 'en-US_BroadbandModel.v2020-01-16', languageCustomizationId: trained }))
      .toEqual([400, envelope(400, "Invalid value for 'base_model_version': 'en-US_BroadbandModel.v2020-01-16'. "
        + "Valid values: 'en-US_BroadbandModel.v2018-07-31'.")]);
    // a model of the telephony base model serves requests that name it
    const matching = await sdkError(stt.recognize({ audio, contentType: 'audio/wav', model: 'en-US_Telephony', languageCustomizationId: telephony }));
    expect(matching.status).toBe(400);
    expect((matching.body as { error: string }).error).toBe('Requested custom language model is not available. Please make sure the custom model is trained.');
  });

  it('bad credentials: 401 before anything else', async () => {
    const result = await http('POST', '/v1/recognize', { headers: { 'content-type': 'audio/wav' }, body: wav(1) });
    expect([result.status, result.body]).toEqual([401, { code: 401, error: 'Unauthorized' }]);
  });

  it('a reset model is no longer trained; another instance\'s model is not there', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await trainedModel(stt, apikey);
    const audio = wav(1, { seed: 13 });
    expect((await stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id })).status).toBe(200);
    const other = await sdkError(sdkClient(newApiKey()).recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id }));
    expect([other.status, other.body]).toEqual([401, envelope(401, `Invalid customization_id (${id}) for user`)]);
    await stt.resetLanguageModel({ customizationId: id });
    const reset = await sdkError(stt.recognize({ audio, contentType: 'audio/wav', languageCustomizationId: id }));
    expect([reset.status, reset.body])
      .toEqual([400, envelope(400, 'Requested custom language model is not available. Please make sure the custom model is trained.')]);
  });
});
