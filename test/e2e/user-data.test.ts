import { describe, expect, it } from 'vitest';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { wav } from '../support/audio';
import { acousticModel, envelope, nb, newAcousticModel, setTiming } from '../support/acoustic';
import { http, newApiKey, sdkClient } from './support';

/**
 * `DELETE /v1/user_data?customer_id=` through the ibm-watson SDK (recognition spec §11; LM spec 4.22): corpora,
 * words, grammars and audio resources tagged with `X-Watson-Metadata: customer_id=…` go, as their own DELETE
 * endpoints would take them (words a tagged corpus gave go with it); untagged data, other customers' data and other
 * instances' data stay, and each model's status and counts follow what is left.
 */

const tag = (customerId: string) => ({ headers: { 'X-Watson-Metadata': `customer_id=${customerId}` } });

const YESNO = `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $answer;
$answer = yes | no ;
`;

async function ready(stt: SpeechToTextV1, id: string) {
  return stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 100 });
}

const wordsOf = async (stt: SpeechToTextV1, id: string) =>
  (await stt.listWords({ customizationId: id })).result.words.map((word) => [word.word, word.source]);
const corporaOf = async (stt: SpeechToTextV1, id: string) =>
  (await stt.listCorpora({ customizationId: id })).result.corpora.map((corpus) => corpus.name);
const grammarsOf = async (stt: SpeechToTextV1, id: string) =>
  (await stt.listGrammars({ customizationId: id })).result.grammars.map((grammar) => grammar.name);
const audioOf = async (stt: SpeechToTextV1, id: string) => {
  const { result } = await stt.listAudio({ customizationId: id });
  return { minutes: result.total_minutes_of_audio, names: result.audio.map((audio) => audio.name) };
};

/** A language model with tagged and untagged corpora, words and grammars; trained. */
async function languageModel(stt: SpeechToTextV1): Promise<string> {
  const { result } = await stt.createLanguageModel({ name: 'Tagged data', baseModelName: 'en-US_BroadbandModel' });
  const id = result.customization_id!;
  await stt.addCorpus({ customizationId: id, corpusName: 'tagged', corpusFile: Buffer.from('The zorblax spins.\nA wumpus sleeps.\n'), ...tag('abc') });
  await ready(stt, id);
  await stt.addCorpus({ customizationId: id, corpusName: 'plain', corpusFile: Buffer.from('The flibbertig gadget works.\n') });
  await ready(stt, id);
  await stt.addWords({ customizationId: id, words: [{ word: 'glarbnik', sounds_like: ['glarb nick'] }], ...tag('abc') });
  await ready(stt, id);
  await stt.addWord({ customizationId: id, wordName: 'snorfle', soundsLike: ['snore full'], ...tag('abc') });
  await stt.addWord({ customizationId: id, wordName: 'wumpus', soundsLike: ['wum pus'] });
  await stt.addWord({ customizationId: id, wordName: 'trazzle', soundsLike: ['traz ull'], ...tag('xyz') });
  await stt.addGrammar({ customizationId: id, grammarName: 'g-abc', grammarFile: Buffer.from(YESNO), contentType: 'application/srgs', ...tag('abc') });
  await ready(stt, id);
  await stt.addGrammar({ customizationId: id, grammarName: 'g-plain', grammarFile: Buffer.from(YESNO), contentType: 'application/srgs' });
  await ready(stt, id);
  await stt.trainLanguageModel({ customizationId: id });
  expect((await ready(stt, id)).status).toBe('available');
  return id;
}

describe('DELETE /v1/user_data', () => {
  it('deletes the tagged corpora (their words too), words, grammars and audio of every model; the rest stays', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const lm = await languageModel(stt);
    expect(await corporaOf(stt, lm)).toEqual(['plain', 'tagged']);
    expect(await wordsOf(stt, lm)).toEqual([
      ['flibbertig', ['plain']], ['glarbnik', ['user']], ['snorfle', ['user']], ['trazzle', ['user']], ['wumpus', ['tagged', 'user']],
      ['zorblax', ['tagged']],
    ]);
    expect(await grammarsOf(stt, lm)).toEqual(['g-abc', 'g-plain']);
    // a language model holding only tagged data
    const onlyTagged = (await stt.createLanguageModel({ name: 'Only tagged', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    await stt.addWords({ customizationId: onlyTagged, words: [{ word: 'quorple' }], ...tag('abc') });
    expect((await ready(stt, onlyTagged)).status).toBe('ready');

    const am = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: am, audioName: 'a-abc', audioResource: nb(30, 1), contentType: 'audio/wav', ...tag('abc') });
    await stt.addAudio({ customizationId: am, audioName: 'a-plain', audioResource: nb(60, 2), contentType: 'audio/wav' });
    await stt.addAudio({ customizationId: am, audioName: 'a-xyz', audioResource: nb(15, 3), contentType: 'audio/wav', ...tag('xyz') });
    expect(await audioOf(stt, am)).toEqual({ minutes: 1.75, names: ['a-abc', 'a-plain', 'a-xyz'] });
    const amOnlyTagged = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: amOnlyTagged, audioName: 'mine', audioResource: nb(20, 4), contentType: 'audio/wav', ...tag('abc') });
    expect((await acousticModel(apikey, amOnlyTagged)).status).toBe('ready');

    // another instance tags its data with the same customer id
    const otherKey = newApiKey();
    const other = sdkClient(otherKey);
    await setTiming(otherKey, { '*': { mode: 'immediate' } });
    const otherLm = (await other.createLanguageModel({ name: 'Theirs', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    await other.addWords({ customizationId: otherLm, words: [{ word: 'blimflor' }], ...tag('abc') });
    await ready(other, otherLm);
    const otherAm = await newAcousticModel(other);
    await other.addAudio({ customizationId: otherAm, audioName: 'theirs', audioResource: nb(10, 5), contentType: 'audio/wav', ...tag('abc') });

    const deleted = await stt.deleteUserData({ customerId: 'abc' });
    expect([deleted.status, deleted.result]).toEqual([200, {}]);

    // the tagged corpus went with the words only it gave; the user's own wumpus stays, as the user's
    expect(await corporaOf(stt, lm)).toEqual(['plain']);
    expect(await wordsOf(stt, lm)).toEqual([['flibbertig', ['plain']], ['trazzle', ['user']], ['wumpus', ['user']]]);
    expect(await grammarsOf(stt, lm)).toEqual(['g-plain']);
    // data changed since the training: ready (the trained version still serves recognition)
    expect((await stt.getLanguageModel({ customizationId: lm })).result).toEqual(expect.objectContaining({ status: 'ready', progress: 0 }));
    expect((await stt.recognize({ audio: wav(1, { seed: 9 }), contentType: 'audio/wav', languageCustomizationId: lm })).status).toBe(200);

    expect((await stt.getLanguageModel({ customizationId: onlyTagged })).result.status).toBe('pending');
    expect((await stt.listWords({ customizationId: onlyTagged })).result).toEqual({ words: [] });
    expect(await audioOf(stt, am)).toEqual({ minutes: 1.25, names: ['a-plain', 'a-xyz'] });
    expect((await acousticModel(apikey, am)).status).toBe('ready');
    expect(await audioOf(stt, amOnlyTagged)).toEqual({ minutes: 0, names: [] });
    expect((await acousticModel(apikey, amOnlyTagged)).status).toBe('pending');

    // the other instance's data is untouched
    expect((await other.listWords({ customizationId: otherLm })).result.words.map((word) => word.word)).toEqual(['blimflor']);
    expect((await other.getLanguageModel({ customizationId: otherLm })).result.status).toBe('ready');
    expect((await audioOf(other, otherAm)).names).toEqual(['theirs']);

    // nothing left tagged abc: 200 {} and no change
    expect((await stt.deleteUserData({ customerId: 'abc' })).result).toEqual({});
    expect(await audioOf(stt, am)).toEqual({ minutes: 1.25, names: ['a-plain', 'a-xyz'] });

    // the other customer's data
    expect((await stt.deleteUserData({ customerId: 'xyz' })).status).toBe(200);
    expect(await wordsOf(stt, lm)).toEqual([['flibbertig', ['plain']], ['wumpus', ['user']]]);
    expect(await audioOf(stt, am)).toEqual({ minutes: 1, names: ['a-plain'] });

    // The counts kept up: deleting what is left through the endpoints leaves each model pending.
    await stt.deleteAudio({ customizationId: am, audioName: 'a-plain' });
    expect((await acousticModel(apikey, am)).status).toBe('pending');
    await stt.deleteCorpus({ customizationId: lm, corpusName: 'plain' });
    await stt.deleteGrammar({ customizationId: lm, grammarName: 'g-plain' });
    expect((await ready(stt, lm)).status).toBe('ready');
    await stt.deleteWord({ customizationId: lm, wordName: 'wumpus' });
    expect((await stt.getLanguageModel({ customizationId: lm })).result.status).toBe('pending');
    expect(await corporaOf(stt, lm)).toEqual([]);
    expect((await stt.listWords({ customizationId: lm })).result).toEqual({ words: [] });
  });

  it('a tagged audio resource still being processed goes too; the model settles by what is left', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'immediate' } });
    const am = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: am, audioName: 'kept', audioResource: nb(30, 1), contentType: 'audio/wav' });
    await setTiming(apikey, { audio: { mode: 'manual' } });
    await stt.addAudio({ customizationId: am, audioName: 'tagged', audioResource: nb(30, 2), contentType: 'audio/wav', ...tag('c-1') });
    expect((await stt.getAudio({ customizationId: am, audioName: 'tagged' })).result.status).toBe('being_processed');
    expect((await stt.deleteUserData({ customerId: 'c-1' })).status).toBe(200);
    expect(await audioOf(stt, am)).toEqual({ minutes: 0.5, names: ['kept'] });
    await http('POST', '/_emulator/advance', { apikey });
    expect((await acousticModel(apikey, am)).status).toBe('ready');
  });

  it('the only audio, tagged and still being processed, goes: the model ends pending, not ready', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { audio: { mode: 'manual' } });
    const am = await newAcousticModel(stt);
    await stt.addAudio({ customizationId: am, audioName: 'tagged', audioResource: nb(30, 2), contentType: 'audio/wav', ...tag('c-2') });
    expect((await stt.deleteUserData({ customerId: 'c-2' })).status).toBe(200);
    expect(await audioOf(stt, am)).toEqual({ minutes: 0, names: [] });
    await http('POST', '/_emulator/advance', { apikey });
    expect((await acousticModel(apikey, am)).status).toBe('pending');
    // as deleteAudio leaves it
    await stt.addAudio({ customizationId: am, audioName: 'again', audioResource: nb(30, 2), contentType: 'audio/wav' });
    await stt.deleteAudio({ customizationId: am, audioName: 'again' });
    await http('POST', '/_emulator/advance', { apikey });
    expect((await acousticModel(apikey, am)).status).toBe('pending');
  });

  it('the only corpus, tagged and still being analysed, goes: the language model ends pending', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await setTiming(apikey, { corpus: { mode: 'manual' } });
    const { result } = await stt.createLanguageModel({ name: 'Busy', baseModelName: 'en-US_BroadbandModel' });
    const lm = result.customization_id!;
    await stt.addCorpus({ customizationId: lm, corpusName: 'tagged', corpusFile: Buffer.from('The zorblax spins.\n'), ...tag('c-3') });
    expect((await stt.deleteUserData({ customerId: 'c-3' })).status).toBe(200);
    expect(await corporaOf(stt, lm)).toEqual([]);
    await http('POST', '/_emulator/advance', { apikey });
    expect((await stt.getLanguageModel({ customizationId: lm })).result.status).toBe('pending');
    expect((await stt.listWords({ customizationId: lm })).result).toEqual({ words: [] });
  });

  it('customer_id missing or empty: 400; without credentials: 401', async () => {
    const apikey = newApiKey();
    const missing = await http('DELETE', '/v1/user_data', { apikey });
    expect([missing.status, missing.body]).toEqual([400, envelope(400, "Required parameter 'customer_id' is missing.")]);
    const empty = await http('DELETE', '/v1/user_data?customer_id=', { apikey });
    expect([empty.status, empty.body]).toEqual([400, envelope(400, "Required parameter 'customer_id' is missing.")]);
    const anonymous = await http('DELETE', '/v1/user_data?customer_id=abc');
    expect([anonymous.status, anonymous.body]).toEqual([401, { code: 401, error: 'Unauthorized' }]);
  });
});
