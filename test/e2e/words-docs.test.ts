import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey, sdkClient } from './support';

/**
 * IBM's documented examples of the words and corpora pages (`/work/shared/conformance/docs-curl.json`, pages
 * `language-words.md` and `language-corpora.md`), replayed with the docs' own words and counts: the models are built
 * so that the documented state arises (spec 7.3), then the documented request must answer the documented body.
 */

interface DocsEntry {
  id: string;
  page: string;
  platform: string;
  method: string;
  path: string;
  documented_response: unknown;
}

const DOCS = JSON.parse(readFileSync('/work/shared/conformance/docs-curl.json', 'utf8')) as DocsEntry[];

/** The IBM Cloud variant of a documented request, by page and method and path. */
function documented(page: string, method: string, path: string): DocsEntry {
  const entry = DOCS.find((candidate) => candidate.page === page && candidate.platform === 'IBM Cloud'
    && candidate.method === method && candidate.path === path);
  if (!entry) throw new Error(`no documented ${method} ${path} on ${page}`);
  return entry;
}

const json = { 'content-type': 'application/json' };

async function ready(apikey: string, id: string) {
  return sdkClient(apikey).whenCustomizationReady({ customizationId: id, interval: 200, times: 50 });
}

/** Replays a documented request on a model (its path's placeholders filled); answers status and body. */
async function replay(apikey: string, id: string, entry: DocsEntry) {
  return http(entry.method, entry.path.replace('{customization_id}', id), { apikey });
}

async function addWords(apikey: string, id: string, words: Record<string, unknown>[]) {
  const added = await http('POST', `/v1/customizations/${id}/words`, { apikey, headers: json, body: JSON.stringify({ words }) });
  expect(added.status).toBe(201);
  await ready(apikey, id);
}

async function addCorpus(apikey: string, id: string, name: string, text: string) {
  const added = await http('POST', `/v1/customizations/${id}/corpora/${name}`, { apikey, body: text });
  expect(added.status).toBe(201);
  await ready(apikey, id);
}

const words = async (apikey: string, id: string, query = '') => {
  const listed = await http('GET', `/v1/customizations/${id}/words${query}`, { apikey });
  expect(listed.status).toBe(200);
  return (listed.body as { words: { word: string; count: number; source: string[] }[] }).words;
};

describe('language-words.md', () => {
  it('GET …/words/NCAA: a user-added word the base vocabulary knows, then found twice in corpus3, counts 3 (#L151)', async () => {
    const entry = documented('language-words.md', 'GET', '/v1/customizations/{customization_id}/words/NCAA');
    expect(entry.documented_response).toEqual({
      word: 'NCAA', sounds_like: ['N. C. A. A.', 'N. C. double A.'], display_as: 'NCAA', count: 3, source: ['corpus3', 'user'],
    });
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-US_BroadbandModel' });
    await addWords(apikey, id, [{ word: 'NCAA', sounds_like: ['N. C. A. A.', 'N. C. double A.'], display_as: 'NCAA' }]);
    await addCorpus(apikey, id, 'corpus3', 'The NCAA tournament starts today.\nFans of the NCAA are happy.\n');

    const got = await replay(apikey, id, entry);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(entry.documented_response);

    // The corpus's words: an in-vocabulary word it contributed to; OOV words are only the ones the vocabulary lacks.
    expect((await http('GET', `/v1/customizations/${id}/corpora/corpus3`, { apikey })).body)
      .toEqual({ name: 'corpus3', total_words: 11, out_of_vocabulary_words: 0, status: 'analyzed' });
    // word_type=corpora includes it (it came from a corpus too), as does word_type=user; the other words stay out.
    expect((await words(apikey, id, '?word_type=corpora')).map((word) => word.word)).toEqual(['NCAA']);
    expect((await words(apikey, id, '?word_type=user')).map((word) => word.word)).toEqual(['NCAA']);
    expect(await words(apikey, id, '?word_type=grammars')).toEqual([]);

    // Deleting the corpus takes only its occurrences away; the user's word stays with count 1.
    expect((await http('DELETE', `/v1/customizations/${id}/corpora/corpus3`, { apikey })).status).toBe(200);
    expect((await replay(apikey, id, entry)).body).toEqual({ ...(entry.documented_response as object), count: 1, source: ['user'] });
    // A new corpus contributes again; an overwrite replaces its occurrences (here: 1).
    await addCorpus(apikey, id, 'corpus3', 'NCAA NCAA NCAA.');
    expect((await replay(apikey, id, entry)).body).toEqual(expect.objectContaining({ count: 4, source: ['corpus3', 'user'] }));
    const overwrite = await http('POST', `/v1/customizations/${id}/corpora/corpus3?allow_overwrite=true`, { apikey, body: 'The NCAA.' });
    expect(overwrite.status).toBe(201);
    await ready(apikey, id);
    expect((await replay(apikey, id, entry)).body).toEqual(expect.objectContaining({ count: 2, source: ['corpus3', 'user'] }));
  });

  it('GET …/words: the documented words resource, corpora listed before user (#L77), then DELETE …/words/IEEE (#L204)', async () => {
    const entry = documented('language-words.md', 'GET', '/v1/customizations/{customization_id}/words');
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-US_BroadbandModel' });
    await addWords(apikey, id, [
      { word: '75.00', sounds_like: ['75 dollars'], display_as: '75.00' },
      { word: 'IEEE', sounds_like: ['I. triple E.'], display_as: 'IEEE' },
      { word: 'tomato', sounds_like: ['tomatoh', 'tomayto'], display_as: 'tomato' },
    ]);
    // HHonors comes from corpus1 first (count 1), IEEE was the user's first (1 + 1 + 1 = 3).
    await addCorpus(apikey, id, 'corpus1', 'Join HHonors today.\nThe IEEE standard.\n');
    await addCorpus(apikey, id, 'corpus2', 'An IEEE paper.\n');
    const put = await http('PUT', `/v1/customizations/${id}/words/HHonors`, {
      apikey, headers: json, body: JSON.stringify({ sounds_like: ['hilton honors', 'H. honors'], display_as: 'HHonors' }),
    });
    expect(put.status).toBe(201);

    const got = await replay(apikey, id, entry);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(entry.documented_response);

    const corpora = await words(apikey, id, '?word_type=corpora');
    expect(corpora.map(({ word, count, source }) => ({ word, count, source }))).toEqual([
      { word: 'HHonors', count: 1, source: ['corpus1', 'user'] },
      { word: 'IEEE', count: 3, source: ['corpus1', 'corpus2', 'user'] },
    ]);

    const deleteIeee = documented('language-words.md', 'DELETE', '/v1/customizations/{customization_id}/words/IEEE');
    const deleted = await replay(apikey, id, deleteIeee);
    expect(deleted.status).toBe(200);
    expect((await words(apikey, id)).map((word) => word.word)).toEqual(['75.00', 'HHonors', 'tomato']);
    // The word is gone for good: deleting corpus2 does not bring it back (spec 4.16).
    expect((await http('DELETE', `/v1/customizations/${id}/corpora/corpus2`, { apikey })).status).toBe(200);
    expect((await words(apikey, id)).map((word) => word.word)).toEqual(['75.00', 'HHonors', 'tomato']);
  });

  it('counts a user word in a grammar added later, the grammar listed before user', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-US_BroadbandModel' });
    await addWords(apikey, id, [{ word: 'NCAA', sounds_like: ['N. C. A. A.'], display_as: 'NCAA' }]);
    await addCorpus(apikey, id, 'corpus1', 'The NCAA.');
    const grammar = '#ABNF 1.0 ISO-8859-1;\nlanguage en-US;\nmode voice;\nroot $r;\n$r = the NCAA | the league;\n';
    const added = await http('POST', `/v1/customizations/${id}/grammars/sports`, {
      apikey, headers: { 'content-type': 'application/srgs' }, body: grammar,
    });
    expect(added.status).toBe(201);
    await ready(apikey, id);
    expect((await http('GET', `/v1/customizations/${id}/words/NCAA`, { apikey })).body)
      .toEqual(expect.objectContaining({ count: 3, source: ['corpus1', 'sports', 'user'] }));
    expect((await words(apikey, id, '?word_type=grammars')).map((word) => word.word)).toEqual(['NCAA']);
  });
});

describe('language-corpora.md', () => {
  it('GET …/corpora and …/corpora/corpus1 answer the documented shapes; DELETE …/corpora/corpus3 (#L42, #L93, #L139)', async () => {
    const list = documented('language-corpora.md', 'GET', '/v1/customizations/{customization_id}/corpora');
    const one = documented('language-corpora.md', 'GET', '/v1/customizations/{customization_id}/corpora/corpus1');
    const remove = documented('language-corpora.md', 'DELETE', '/v1/customizations/{customization_id}/corpora/corpus3');
    const apikey = newApiKey();
    const id = await createModel(apikey, { base_model_name: 'en-US_BroadbandModel' });
    await addWords(apikey, id, [{ word: 'NCAA', sounds_like: ['N. C. A. A.'] }]);
    await addCorpus(apikey, id, 'corpus1', 'The zorbliq team of the NCAA met the Quaxley team.\n');
    const later = await http('POST', `/v1/customizations/${id}/corpora/corpus2`, { apikey, body: 'Another zorbliq.' });
    expect(later.status).toBe(201);

    // The docs' corpus1 (5037 words, 401 OOV) is not shown; its shape is, with this text's counts.
    const documentedList = (list.documented_response as { corpora: Record<string, unknown>[] }).corpora;
    const listed = await replay(apikey, id, list);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ corpora: [
      { ...documentedList[0], total_words: 10, out_of_vocabulary_words: 2 },
      documentedList[1],
    ] });
    await ready(apikey, id);
    const got = await replay(apikey, id, one);
    expect(got.body).toEqual({ ...(one.documented_response as object), total_words: 10, out_of_vocabulary_words: 2 });

    // corpus3 is added, then deleted as the docs show: its words go, the user's NCAA loses only its occurrences.
    await addCorpus(apikey, id, 'corpus3', 'NCAA NCAA blorfington.');
    expect((await http('GET', `/v1/customizations/${id}/words/NCAA`, { apikey })).body)
      .toEqual(expect.objectContaining({ count: 4, source: ['corpus1', 'corpus3', 'user'] }));
    const deleted = await replay(apikey, id, remove);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({});
    expect((await words(apikey, id)).map(({ word, count, source }) => ({ word, count, source }))).toEqual([
      { word: 'NCAA', count: 2, source: ['corpus1', 'user'] },
      { word: 'Quaxley', count: 1, source: ['corpus1'] },
      { word: 'zorbliq', count: 2, source: ['corpus1', 'corpus2'] },
    ]);
  });
});
