import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { addCorpus, deleteCorpus, getCorpus, listCorpora } from '../../lib/corpora/service';
import { addGrammar } from '../../lib/grammars/add';
import { deleteGrammar, getGrammar } from '../../lib/grammars/service';
import { ApiError } from '../../lib/errors';
import * as models from '../../lib/language-models/service';
import { addWord, addWords, deleteWord, getWord, listWords } from '../../lib/words/service';
import { modelProblems } from '../support/invariants';
import { NO_QUERY, useTestStore } from '../support/store';

/**
 * Regressions found by test/e2e/hostile-input.test.ts, on in-process dynalite: names and words that DynamoDB or its
 * document client could not store used to answer 500 (some after writing half of a change).
 * - a key over 1024 bytes: reads by such a name find nothing (404), a word that long is refused (400), a corpus or
 *   grammar word that long stays out of the words resource;
 * - `__proto__` as a map key (a source's name in a word's counts, a word in a source's word list);
 * - items over 400 KB: a word definition that large is refused (400), word lists are split by size, and a grammar's
 *   compile error quoting a huge token is cut short in the model's `error`.
 */

useTestStore();

const ENV = { STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0', STT_GRAMMAR_SECONDS: '0', STT_CONTROLS: 'off' };
beforeEach(() => Object.assign(process.env, ENV));
afterEach(() => {
  for (const name of Object.keys(ENV)) delete process.env[name];
});

const LONG = 'x'.repeat(1001);

async function newModel(base = 'en-US_BroadbandModel'): Promise<{ caller: Caller; id: string }> {
  const caller: Caller = { instanceId: randomUUID() };
  const { customization_id: id } = await models.createLanguageModel(caller, { name: 'hostile', base_model_name: base });
  return { caller, id };
}

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
}

const words = async (caller: Caller, id: string) =>
  (await listWords(caller, id, new URLSearchParams())).words.map(({ word, source, count }) => ({ word, source, count }));

describe('names longer than a DynamoDB key', () => {
  it('are not found on reads and deletes, and refused as words', async () => {
    const { caller, id } = await newModel();
    expect(await status(getCorpus(caller, id, LONG))).toBe(404);
    expect(await status(deleteCorpus(caller, id, LONG))).toBe(400); // "does not exist", as for any missing corpus
    expect(await status(getGrammar(caller, id, LONG))).toBe(404);
    expect(await status(deleteGrammar(caller, id, LONG))).toBe(404);
    expect(await status(getWord(caller, id, LONG))).toBe(404);
    expect(await status(deleteWord(caller, id, LONG))).toBe(404);
    expect(await status(addWord(caller, id, LONG, {}))).toBe(400);
    expect(await status(addWords(caller, id, { words: [{ word: 'fine' }, { word: LONG }] }))).toBe(400);
    expect(await status(addWord(caller, id, 'é'.repeat(500), {}))).toBe(200); // 1000 bytes: the longest word
    expect(await modelProblems(id, Date.now())).toEqual([]);
  });

  it('stay out of the words resource when a corpus or grammar contains them; the rest is added', async () => {
    const { caller, id } = await newModel();
    await addCorpus(caller, id, 'long', NO_QUERY, `zorbliq ${'q'.repeat(1100)} quaxley`);
    await addGrammar(caller, id, 'g', NO_QUERY, 'abnf', `#ABNF 1.0;\nroot $a;\n$a = ${'w'.repeat(1100)} | frobnix;\n`);
    expect((await words(caller, id)).map((word) => word.word)).toEqual(['frobnix', 'quaxley', 'zorbliq']);
    expect((await getCorpus(caller, id, 'long')).total_words).toBe(3);
    expect(await modelProblems(id, Date.now())).toEqual([]);
  });
});

describe('`__proto__` as a corpus, grammar or word name', () => {
  it('stores, lists and deletes a corpus named __proto__ and the words it contributed', async () => {
    const { caller, id } = await newModel();
    await addCorpus(caller, id, '__proto__', NO_QUERY, 'The zorbliq and the quaxley.');
    expect((await listCorpora(caller, id)).corpora.map((corpus) => corpus.name)).toEqual(['__proto__']);
    expect(await words(caller, id)).toEqual([
      { word: 'quaxley', source: ['__proto__'], count: 1 }, { word: 'zorbliq', source: ['__proto__'], count: 1 },
    ]);
    expect(await modelProblems(id, Date.now())).toEqual([]);
    await deleteCorpus(caller, id, '__proto__');
    expect(await words(caller, id)).toEqual([]);
    expect(await modelProblems(id, Date.now())).toEqual([]);
  });

  it('keeps the word __proto__ of a Korean corpus and of a grammar in their word lists, so that deleting them removes it', async () => {
    const { caller, id } = await newModel('ko-KR_BroadbandModel');
    await addCorpus(caller, id, 'c', NO_QUERY, '한국어 __proto__ 단어');
    await addGrammar(caller, id, 'g', NO_QUERY, 'abnf', '#ABNF 1.0;\nroot $a;\n$a = __proto__ | constructor;\n');
    expect((await words(caller, id)).find((word) => word.word === '__proto__')).toEqual({ word: '__proto__', source: ['c', 'g'], count: 2 });
    expect(await modelProblems(id, Date.now())).toEqual([]);
    await deleteCorpus(caller, id, 'c');
    await deleteGrammar(caller, id, 'g');
    expect(await words(caller, id)).toEqual([]);
  });
});

describe('items larger than DynamoDB takes', () => {
  it('refuses a word whose sounds_like and display_as take more than 64 KB, in POST and PUT', async () => {
    const { caller, id } = await newModel();
    expect(await status(addWord(caller, id, 'big', { display_as: 'd'.repeat(450_000) }))).toBe(400);
    expect(await status(addWords(caller, id, { words: [{ word: 'big', sounds_like: Array.from({ length: 7 }, () => 's'.repeat(70_000)) }] }))).toBe(400);
    expect(await status(addWord(caller, id, 'fits', { display_as: 'd'.repeat(60_000) }))).toBe(200);
  });

  it('splits a source\'s word list by size: 1,500 distinct 300-letter words', async () => {
    const { caller, id } = await newModel();
    const long = Array.from({ length: 1500 }, (_, i) => `${'z'.repeat(296)}${String(i).padStart(4, '0')}`);
    await addCorpus(caller, id, 'big', NO_QUERY, long.join(' '));
    expect((await words(caller, id)).length).toBe(1500);
    expect(await modelProblems(id, Date.now())).toEqual([]);
    await deleteCorpus(caller, id, 'big');
    expect(await words(caller, id)).toEqual([]);
  });

  it('cuts short a compile error that quotes a huge token in the model\'s error', async () => {
    const { caller, id } = await newModel();
    await addGrammar(caller, id, 'g', NO_QUERY, 'abnf', `#ABNF 1.0;\nmode ${'m'.repeat(300_000)};\nroot $a;\n$a = b;\n`);
    const model = await models.getLanguageModel(caller, id, new URLSearchParams());
    expect(JSON.parse(model.error!).error).toMatch(/^Cannot compile grammar: invalid mode 'm{200,}…/);
    expect(model.error!.length).toBeLessThan(600);
  });
});
