import { describe, expect, it } from 'vitest';
import { createModel, emulatorUrl, http, newApiKey, sdkClient, sdkError } from './support';

const json = { 'content-type': 'application/json' };

/** Waits until the model is no longer busy, as the SDK's helper does (with a short interval). */
async function ready(apikey: string, id: string) {
  return sdkClient(apikey).whenCustomizationReady({ customizationId: id, interval: 200, times: 50 });
}

const words = async (apikey: string, id: string, query = '') =>
  ((await http('GET', `/v1/customizations/${id}/words${query}`, { apikey })).body as { words: Record<string, unknown>[] }).words;

describe('corpora through the SDK (en-US previous-generation)', () => {
  it('analyzes a corpus: being_processed, then analyzed, with its OOV words in the words resource', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey, { base_model_name: 'en-US_BroadbandModel' });
    const corpus = 'The zorbliq pump failed twice.\nCall Dr. Quaxley about the zorbliq at 9 am.\nThe ECMOZ team met (not the Fakeword team).\n';
    const added = await stt.addCorpus({ customizationId: id, corpusName: 'icu-notes', corpusFile: Buffer.from(corpus) });
    expect(added.status).toBe(201);
    expect(added.result).toEqual({});

    const processing = await stt.getCorpus({ customizationId: id, corpusName: 'icu-notes' });
    expect(processing.result).toEqual({ name: 'icu-notes', total_words: 0, out_of_vocabulary_words: 0, status: 'being_processed' });
    expect((await stt.getLanguageModel({ customizationId: id })).result.status).toBe('pending');
    const busy = await sdkError(stt.addCorpus({ customizationId: id, corpusName: 'other', corpusFile: Buffer.from('more text') }));
    expect(busy.status).toBe(409);

    const model = await ready(apikey, id);
    expect(model.status).toBe('ready');
    const corpora = await stt.listCorpora({ customizationId: id });
    expect(corpora.result).toEqual({
      corpora: [{ name: 'icu-notes', total_words: 18, out_of_vocabulary_words: 3, status: 'analyzed' }],
    });
    expect(await words(apikey, id)).toEqual([
      { word: 'ECMOZ', sounds_like: ['E. C. M. O. Z.', 'ECMOZ'], display_as: 'ECMOZ', count: 1, source: ['icu-notes'] },
      { word: 'Quaxley', sounds_like: ['quaxley'], display_as: 'Quaxley', count: 1, source: ['icu-notes'] },
      { word: 'zorbliq', sounds_like: ['zorbliq'], display_as: 'zorbliq', count: 2, source: ['icu-notes'] },
    ]);
    await expect(stt.whenCorporaAnalyzed({ customizationId: id, interval: 100, times: 5 })).resolves.toBeDefined();
  });
});

describe('the words resource merge rules (spec 7.3)', () => {
  it('counts a user-first word as 1 plus its corpus occurrences, and an edited corpus word by its occurrences only', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey, { base_model_name: 'en-US_NarrowbandModel' });
    const added = await stt.addWords({ customizationId: id, words: [{ word: 'NCAAZ', sounds_like: ['N. C. A. A. Z.'] }] });
    expect(added.status).toBe(201);
    await ready(apikey, id);
    await stt.addCorpus({ customizationId: id, corpusName: 'sports', corpusFile: Buffer.from('NCAAZ rules.\nThe NCAAZ and the Hhonorz club.\n') });
    await ready(apikey, id);
    expect(await words(apikey, id)).toEqual([
      { word: 'Hhonorz', sounds_like: ['hhonorz'], display_as: 'Hhonorz', count: 1, source: ['sports'] },
      { word: 'NCAAZ', sounds_like: ['N. C. A. A. Z.'], display_as: 'NCAAZ', count: 3, source: ['sports', 'user'] },
    ]);
    const put = await stt.addWord({ customizationId: id, wordName: 'Hhonorz', soundsLike: ['h honors'], displayAs: 'HHonors' });
    expect(put.status).toBe(201);
    expect((await stt.getWord({ customizationId: id, wordName: 'Hhonorz' })).result).toEqual({
      word: 'Hhonorz', sounds_like: ['h honors'], display_as: 'HHonors', count: 1, source: ['sports', 'user'],
    });
    expect((await stt.getLanguageModel({ customizationId: id })).result.status).toBe('ready');

    // Deleting the corpus keeps the words the user added or modified, without the corpus's occurrences.
    expect((await stt.deleteCorpus({ customizationId: id, corpusName: 'sports' })).result).toEqual({});
    expect(await words(apikey, id)).toEqual([
      { word: 'Hhonorz', sounds_like: ['h honors'], display_as: 'HHonors', count: 1, source: ['user'] },
      { word: 'NCAAZ', sounds_like: ['N. C. A. A. Z.'], display_as: 'NCAAZ', count: 1, source: ['user'] },
    ]);
    const missing = await http('DELETE', `/v1/customizations/${id}/corpora/sports`, { apikey });
    expect(missing.status).toBe(400);
  });

  it('sums occurrences over corpora, and a corpus deletion keeps words another corpus contributed', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey);
    await stt.addCorpus({ customizationId: id, corpusName: 'one', corpusFile: Buffer.from('Blorptech blorptech Blorptech. Quindle.') });
    await ready(apikey, id);
    await stt.addCorpus({ customizationId: id, corpusName: 'two', corpusFile: Buffer.from('Blorptech is here.') });
    await ready(apikey, id);
    expect(await words(apikey, id)).toEqual([
      { word: 'Blorptech', sounds_like: ['blorptech'], display_as: 'Blorptech', count: 3, source: ['one', 'two'] },
      { word: 'Quindle', sounds_like: ['quindle'], display_as: 'Quindle', count: 1, source: ['one'] },
      { word: 'blorptech', sounds_like: ['blorptech'], display_as: 'blorptech', count: 1, source: ['one'] },
    ]);
    await stt.deleteCorpus({ customizationId: id, corpusName: 'one' });
    expect(await words(apikey, id)).toEqual([
      { word: 'Blorptech', sounds_like: ['blorptech'], display_as: 'Blorptech', count: 1, source: ['two'] },
    ]);
    expect((await stt.getLanguageModel({ customizationId: id })).result.status).toBe('ready');
    await stt.deleteCorpus({ customizationId: id, corpusName: 'two' });
    expect(await words(apikey, id)).toEqual([]);
    expect((await stt.getLanguageModel({ customizationId: id })).result.status).toBe('pending');
  });

  it('refuses a second corpus of the same name unless allow_overwrite, which replaces its words', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const post = (query: string, body: string) => http('POST', `/v1/customizations/${id}/corpora/notes${query}`, {
      apikey, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body,
    });
    expect((await post('', 'Frobnitz one.')).status).toBe(201);
    await ready(apikey, id);
    const again = await post('', 'Wibblequ two.');
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      code: 400, code_description: 'Bad Request',
      error: "A corpus named 'notes' already exists in the custom model. Set the 'allow_overwrite' parameter to 'true' to replace it.",
    });
    expect((await post('?allow_overwrite=True', 'Wibblequ two.')).status).toBe(201);
    await ready(apikey, id);
    expect((await words(apikey, id)).map((word) => word.word)).toEqual(['Wibblequ']);
    expect((await post('?allow_overwrite=maybe', 'x')).status).toBe(400);
  });
});

describe('custom words through the SDK and raw HTTP', () => {
  it('stores POSTed words with errors, refuses the same with PUT, and validates shapes all-or-nothing', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey);
    await stt.addWords({
      customizationId: id,
      words: [
        { word: '99.95', sounds_like: ['99 dollars 95'], display_as: '99.95' },
        { word: 'IEEE', sounds_like: ['I. triple E.'] },
        { word: 'hello' },
      ],
    });
    await ready(apikey, id);
    expect(await words(apikey, id)).toEqual([
      { word: '99.95', sounds_like: ['99 dollars 95'], display_as: '99.95', count: 1, source: ['user'],
        error: [{ '99 dollars 95': "Numbers are not allowed in sounds_like. You can try for example 'ninety nine dollars ninety five'." }] },
      { word: 'IEEE', sounds_like: ['I. triple E.'], display_as: 'IEEE', count: 1, source: ['user'] },
      { word: 'hello', sounds_like: [], display_as: '', count: 1, source: ['user'] },
    ]);
    const put = await http('PUT', `/v1/customizations/${id}/words/R2D2`, { apikey, headers: json, body: '{"sounds_like":["R 2 D 2"]}' });
    expect(put.status).toBe(400);
    expect(put.body).toEqual({
      code: 400, code_description: 'Bad Request',
      error: "Numbers are not allowed in sounds_like. You can try for example 'R two D two'.",
    });
    expect((await http('GET', `/v1/customizations/${id}/words/R2D2`, { apikey })).status).toBe(404);
    for (const body of ['{"words": "x"}', '{"words": [{"sounds_like": ["a"]}]}', '{"words": [{"word": "ok"}, {"word": 5}]}',
      '{"words": [{"word": "ok", "sounds_like": "a"}]}', '{"words": []}']) {
      const result = await http('POST', `/v1/customizations/${id}/words`, { apikey, headers: json, body });
      expect([body, result.status]).toEqual([body, 400]);
    }
    expect((await words(apikey, id)).map((word) => word.word)).toEqual(['99.95', 'IEEE', 'hello']);
    expect((await http('POST', `/v1/customizations/${id}/words`, { apikey, headers: { 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });

  it('addresses non-ASCII words through URL-encoded paths, and deletes any word', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey, { base_model_name: 'ja-JP_BroadbandModel' });
    expect((await stt.addWord({ customizationId: id, wordName: 'ｚｅｎ', soundsLike: ['ゼン'] })).status).toBe(201);
    const got = await http('GET', `/v1/customizations/${id}/words/${encodeURIComponent('ｚｅｎ')}`, { apikey });
    expect(got.body).toEqual({ word: 'ｚｅｎ', sounds_like: ['ゼン'], display_as: 'ｚｅｎ', count: 1, source: ['user'] });
    expect((await stt.deleteWord({ customizationId: id, wordName: 'ｚｅｎ' })).result).toEqual({});
    expect((await http('DELETE', `/v1/customizations/${id}/words/${encodeURIComponent('ｚｅｎ')}`, { apikey })).status).toBe(404);
    expect((await stt.getLanguageModel({ customizationId: id })).result.status).toBe('pending');
  });

  it('filters by word_type and sorts by count or alphabetically, with a leading space read as +', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey);
    await stt.addCorpus({ customizationId: id, corpusName: 'c', corpusFile: Buffer.from('Zyzzq zyzzq zyzzq Abrakq Abrakq') });
    await ready(apikey, id);
    await stt.addWord({ customizationId: id, wordName: 'mywordq' });
    const names = async (query: string) => (await words(apikey, id, query)).map((word) => `${word.word}:${word.count}`);
    expect(await names('')).toEqual(['Abrakq:2', 'Zyzzq:1', 'mywordq:1', 'zyzzq:2']);
    expect(await names('?sort=-alphabetical')).toEqual(['zyzzq:2', 'mywordq:1', 'Zyzzq:1', 'Abrakq:2']);
    expect(await names('?sort=%2Bcount')).toEqual(['Zyzzq:1', 'mywordq:1', 'Abrakq:2', 'zyzzq:2']);
    expect(await names('?sort=+count')).toEqual(['Zyzzq:1', 'mywordq:1', 'Abrakq:2', 'zyzzq:2']);
    expect(await names('?sort=-count')).toEqual(['Abrakq:2', 'zyzzq:2', 'Zyzzq:1', 'mywordq:1']);
    expect(await names('?word_type=user')).toEqual(['mywordq:1']);
    expect(await names('?word_type=corpora')).toEqual(['Abrakq:2', 'Zyzzq:1', 'zyzzq:2']);
    expect(await names('?word_type=grammars')).toEqual([]);
    expect((await http('GET', `/v1/customizations/${id}/words?word_type=some`, { apikey })).status).toBe(400);
    expect((await http('GET', `/v1/customizations/${id}/words?sort=size`, { apikey })).status).toBe(400);
  });
});

describe('next-generation models', () => {
  it('count corpus words but add nothing to the words resource', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey, { base_model_name: 'en-US_Telephony' });
    await stt.addCorpus({ customizationId: id, corpusName: 'ng', corpusFile: Buffer.from('The zorbliq pump failed.') });
    await ready(apikey, id);
    expect((await stt.getCorpus({ customizationId: id, corpusName: 'ng' })).result)
      .toEqual({ name: 'ng', total_words: 4, out_of_vocabulary_words: 0, status: 'analyzed' });
    expect(await words(apikey, id)).toEqual([]);
    await stt.addWord({ customizationId: id, wordName: 'zorbliq', soundsLike: ['zor bleek'] });
    expect(await words(apikey, id)).toEqual([
      { word: 'zorbliq', sounds_like: ['zor bleek'], display_as: 'zorbliq', count: 1, source: ['user'] },
    ]);
    const bad = await sdkError(stt.addWord({ customizationId: id, wordName: 'x', soundsLike: ['a.b'] }));
    expect(bad.status).toBe(400);
  });
});

describe('racing changes on one model', () => {
  it('gives exactly one 201 among parallel addCorpus and addWords calls, the others 409, and loses nothing', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const requests = Array.from({ length: 12 }, (_, i) => (i % 2 === 0
      ? http('POST', `/v1/customizations/${id}/corpora/c${i}`, { apikey, body: `Racewordq${i} text` })
      : http('POST', `/v1/customizations/${id}/words`, { apikey, headers: json, body: JSON.stringify({ words: [{ word: `userwordq${i}` }] }) })));
    const results = await Promise.all(requests);
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(11);
    await ready(apikey, id);
    const winner = statuses.indexOf(201);
    const corpora = ((await http('GET', `/v1/customizations/${id}/corpora`, { apikey })).body as { corpora: { name: string }[] }).corpora;
    const list = (await words(apikey, id)).map((word) => word.word);
    if (winner % 2 === 0) {
      expect(corpora.map((corpus) => corpus.name)).toEqual([`c${winner}`]);
      expect(list).toEqual([`Racewordq${winner}`]);
    } else {
      expect(corpora).toEqual([]);
      expect(list).toEqual([`userwordq${winner}`]);
    }
  });
});

describe('corpus bodies', () => {
  it('takes raw text as curl --data-binary sends it, and refuses empty, non-UTF-8 and oversized bodies', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const post = (name: string, body: string | Buffer, headers: Record<string, string> = {}) =>
      http('POST', `/v1/customizations/${id}/corpora/${name}`, { apikey, headers, body });
    const empty = await post('empty', '  \n');
    expect(empty.body).toEqual({ code: 400, code_description: 'Bad Request', error: 'The corpus file is empty.' });
    const latin1 = await post('latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), { 'content-type': 'text/plain' });
    expect(latin1.body).toEqual({
      code: 400, code_description: 'Bad Request', error: 'The corpus is not valid UTF-8 text. Encode the corpus file in UTF-8.',
    });
    const big = await post('big', Buffer.alloc(6 * 1024 * 1024 + 1, 'a'), { 'content-type': 'text/plain' });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({
      code: 413, code_description: 'Payload Too Large',
      error: `The corpus is ${6 * 1024 * 1024 + 1} bytes; the emulator accepts at most ${6 * 1024 * 1024} bytes in one request.`,
    });
    for (const name of ['user', 'base_lm', 'DEFAULT_LM', 'x'.repeat(129)]) {
      expect((await post(encodeURIComponent(name), 'text')).status).toBe(400);
    }
    const multipartWithoutPart = await post('mp', '--b\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n--b--\r\n',
      { 'content-type': 'multipart/form-data; boundary=b' });
    expect(multipartWithoutPart.body).toEqual({
      code: 400, code_description: 'Bad Request', error: "Required parameter 'corpus_file' is missing from the multipart/form-data body.",
    });
    expect((await post('fine', 'Snorkeltrab ok', { 'content-type': 'text/plain; charset=utf-8' })).status).toBe(201);
    expect(emulatorUrl()).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});

describe('corpora in other languages (previous-generation)', () => {
  const cases: [string, string | undefined, string, number, Record<string, unknown>[]][] = [
    ['es-ES_BroadbandModel', undefined, 'El paciente pagó $100 por la zorbliqa.\nLa zorbliqa cuesta 50% más (sin IVA).\n', 15,
      [{ word: 'zorbliqa', sounds_like: ['zorbliqa'], display_as: 'zorbliqa', count: 2, source: ['c'] }]],
    ['es-MX_NarrowbandModel', 'es-US', 'Pagó $100 en Quetzalandia.\n', 5,
      [{ word: 'Quetzalandia', sounds_like: ['quetzalandia'], display_as: 'Quetzalandia', count: 1, source: ['c'] }]],
    ['fr-FR_BroadbandModel', undefined, 'Les maisons de Bretagnix coûtent 200 €.\nLa Bretagnix est belle.\n', 11,
      [{ word: 'Bretagnix', sounds_like: ['bretagnix'], display_as: 'Bretagnix', count: 2, source: ['c'] }]],
    ['de-DE_BroadbandModel', undefined, 'Die Häuser in Schnurzhausen kosten 0,5 Prozent mehr.\nSchnurzhausen ist schön.\n', 13,
      [{ word: 'Schnurzhausen', sounds_like: ['schnurzhausen'], display_as: 'Schnurzhausen', count: 2, source: ['c'] }]],
  ];
  it.each(cases)('%s: analyzes the corpus and lists its OOV words', async (baseModel, dialect, text, totalWords, expected) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey, { base_model_name: baseModel, ...(dialect ? { dialect } : {}) });
    await stt.addCorpus({ customizationId: id, corpusName: 'c', corpusFile: Buffer.from(text) });
    await ready(apikey, id);
    expect((await stt.getCorpus({ customizationId: id, corpusName: 'c' })).result).toEqual({
      name: 'c', total_words: totalWords, out_of_vocabulary_words: expected.length, status: 'analyzed',
    });
    expect(await words(apikey, id)).toEqual(expected);
  });
});
