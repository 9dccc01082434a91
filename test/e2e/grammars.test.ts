import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey, sdkClient, sdkError } from './support';

const ABNF = `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $yesno;
$yesno = yes | no | zorbliq ;
`;
const XML = `<?xml version="1.0" encoding="UTF-8"?>
<grammar version="1.0" xml:lang="en-US" root="names" xmlns="http://www.w3.org/2001/06/grammar">
  <rule id="names">
    <one-of>
      <item>Quaxley</item>
      <item>Smith</item>
    </one-of>
  </rule>
</grammar>
`;
const BROKEN = `#ABNF 1.0;
root $main;
$main = call $nobody ;
`;

async function ready(apikey: string, id: string) {
  return sdkClient(apikey).whenCustomizationReady({ customizationId: id, interval: 200, times: 50 });
}
const grammarPost = (apikey: string, id: string, name: string, type: string, body: string, query = '') =>
  http('POST', `/v1/customizations/${id}/grammars/${name}${query}`, { apikey, headers: { 'content-type': type }, body });

describe('grammars', () => {
  it('adds ABNF (SDK) and XML (raw HTTP) grammars and puts their OOV words in the words resource', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = await createModel(apikey);
    const added = await stt.addGrammar({ customizationId: id, grammarName: 'yesno', grammarFile: Buffer.from(ABNF), contentType: 'application/srgs' });
    expect([added.status, added.result]).toEqual([201, {}]);
    expect((await stt.getGrammar({ customizationId: id, grammarName: 'yesno' })).result)
      .toEqual({ out_of_vocabulary_words: 0, name: 'yesno', status: 'being_processed' });
    await ready(apikey, id);
    expect((await grammarPost(apikey, id, 'names', 'application/srgs+xml', XML)).status).toBe(201);
    await ready(apikey, id);
    expect((await stt.listGrammars({ customizationId: id })).result).toEqual({ grammars: [
      { out_of_vocabulary_words: 1, name: 'names', status: 'analyzed' },
      { out_of_vocabulary_words: 1, name: 'yesno', status: 'analyzed' },
    ] });
    const words = (await stt.listWords({ customizationId: id, wordType: 'grammars' })).result.words;
    expect(words).toEqual([
      { word: 'Quaxley', sounds_like: ['quaxley'], display_as: 'Quaxley', count: 1, source: ['names'] },
      { word: 'zorbliq', sounds_like: ['zorbliq'], display_as: 'zorbliq', count: 1, source: ['yesno'] },
    ]);
    expect((await stt.listWords({ customizationId: id, wordType: 'corpora' })).result.words).toEqual([]);
    expect((await stt.deleteGrammar({ customizationId: id, grammarName: 'yesno' })).result).toEqual({});
    expect((await stt.listWords({ customizationId: id })).result.words.map((word) => word.word)).toEqual(['Quaxley']);
    expect((await http('GET', `/v1/customizations/${id}/grammars/yesno`, { apikey })).status).toBe(404);
    expect((await http('DELETE', `/v1/customizations/${id}/grammars/yesno`, { apikey })).status).toBe(404);
  });

  it('marks a grammar that does not compile undetermined, sets the model error, and a fixed overwrite clears both', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    await http('PUT', `/v1/customizations/${id}/words/quaxley`, { apikey, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect((await grammarPost(apikey, id, 'main', 'application/srgs', BROKEN)).status).toBe(201);
    await ready(apikey, id);
    const grammar = (await http('GET', `/v1/customizations/${id}/grammars/main`, { apikey })).body;
    expect(grammar).toEqual({
      out_of_vocabulary_words: 0, name: 'main', status: 'undetermined',
      error: "Analysis of grammar 'main' failed. Please try fixing the error or adding the grammar again by setting the 'allow_overwrite' flag to 'true'.",
    });
    const model = (await http('GET', `/v1/customizations/${id}`, { apikey })).body as { status: string; error: string };
    expect(model.status).toBe('ready');
    expect(JSON.parse(model.error)).toEqual({ code: 500, code_description: 'Internal Server Error', error: expect.stringContaining('Cannot compile grammar') });

    const strict = await http('POST', `/v1/customizations/${id}/train`, { apikey });
    expect(strict.status).toBe(400);
    expect((await http('GET', `/v1/customizations/${id}`, { apikey })).body).toEqual(expect.objectContaining({ status: 'failed' }));
    const lenient = await http('POST', `/v1/customizations/${id}/train?strict=false`, { apikey });
    expect(lenient.body).toEqual({ warnings: [{
      code: 'invalid_grammar_files',
      message: 'Analysis of the following grammars has not completed successfully: [main]. They will be excluded from custom language model training.',
    }] });
    await ready(apikey, id);

    expect((await grammarPost(apikey, id, 'main', 'application/srgs', ABNF, '?allow_overwrite=true')).status).toBe(201);
    await ready(apikey, id);
    expect((await http('GET', `/v1/customizations/${id}/grammars/main`, { apikey })).body)
      .toEqual({ out_of_vocabulary_words: 1, name: 'main', status: 'analyzed' });
    expect((await http('GET', `/v1/customizations/${id}`, { apikey })).body).not.toHaveProperty('error');
  });

  it('refuses wrong content types, shared names, duplicates without overwrite, and large speech models', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const wrongType = await grammarPost(apikey, id, 'g', 'text/plain', ABNF);
    expect(wrongType.body).toEqual({ code: 415, code_description: 'Unsupported Media Type',
      error: "Unsupported Content-Type 'text/plain': a grammar must be sent as 'application/srgs' (ABNF) or 'application/srgs+xml' (XML)." });
    await http('POST', `/v1/customizations/${id}/corpora/shared`, { apikey, body: 'Some text here.' });
    await ready(apikey, id);
    expect((await grammarPost(apikey, id, 'shared', 'application/srgs', ABNF)).body).toEqual({ code: 400, code_description: 'Bad Request',
      error: "A corpus named 'shared' already exists in the custom model. Corpora and grammars cannot share a name." });
    expect((await grammarPost(apikey, id, 'g', 'application/srgs', ABNF)).status).toBe(201);
    await ready(apikey, id);
    expect((await grammarPost(apikey, id, 'g', 'application/srgs', ABNF)).status).toBe(400);
    expect((await http('POST', `/v1/customizations/${id}/corpora/g`, { apikey, body: 'text' })).status).toBe(400);

    const lsm = await createModel(apikey, { base_model_name: 'en-US' });
    const refused = await sdkError(sdkClient(apikey).addGrammar({
      customizationId: lsm, grammarName: 'g', grammarFile: Buffer.from(ABNF), contentType: 'application/srgs',
    }));
    expect([refused.status, refused.body]).toEqual([400, { code: 400, code_description: 'Bad Request',
      error: "Grammars are not supported for custom models based on 'en-US'." }]);
  });

  it('compiles grammars on next-generation models without adding words', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-US_Telephony' });
    expect((await grammarPost(apikey, id, 'names', 'application/srgs+xml', XML)).status).toBe(201);
    await ready(apikey, id);
    expect((await http('GET', `/v1/customizations/${id}/grammars/names`, { apikey })).body)
      .toEqual({ out_of_vocabulary_words: 0, name: 'names', status: 'analyzed' });
    expect((await http('GET', `/v1/customizations/${id}/words`, { apikey })).body).toEqual({ words: [] });
    expect((await http('GET', `/v1/customizations/${id}`, { apikey })).body).toEqual(expect.objectContaining({ status: 'ready' }));
  });
});

describe('hostile grammars over HTTP', () => {
  it('answers broken and random grammars with 201 and an undetermined (or analyzed) grammar, or a 4xx, never a 5xx', async () => {
    const { default: fc } = await import('fast-check');
    const apikey = newApiKey();
    const mutate = fc.tuple(fc.constantFrom(ABNF, XML, BROKEN), fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 }))
      .map(([text, at, insert, cut]) => {
        const position = at % (text.length + 1);
        return text.slice(0, position) + insert + text.slice(position + cut);
      });
    const samples = fc.sample(fc.oneof(mutate, fc.string({ maxLength: 200 })), { numRuns: 24, seed: 42 });
    const posted = await Promise.all(samples.map(async (text, index) => {
      const id = await createModel(apikey, { name: `fuzz${index}` });
      const type = index % 2 === 0 ? 'application/srgs' : 'application/srgs+xml';
      return { id, result: await grammarPost(apikey, id, 'g', type, text) };
    }));
    for (const { result } of posted) {
      expect(result.status === 201 || (result.status >= 400 && result.status < 500)).toBe(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 1200));
    for (const { id, result } of posted.filter((entry) => entry.result.status === 201)) {
      const grammar = (await http('GET', `/v1/customizations/${id}/grammars/g`, { apikey })).body as { status: string };
      expect([result.status, ['analyzed', 'undetermined']]).toEqual([201, expect.arrayContaining([grammar.status])]);
    }
  });
});
