import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as addCorpus } from '../../functions/addCorpus';
import { handler as addGrammar } from '../../functions/addGrammar';
import { handler as addWord } from '../../functions/addWord';
import { handler as addWords } from '../../functions/addWords';
import { handler as createLanguageModel } from '../../functions/createLanguageModel';
import { handler as deleteCorpus } from '../../functions/deleteCorpus';
import { handler as deleteGrammar } from '../../functions/deleteGrammar';
import { handler as deleteWord } from '../../functions/deleteWord';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { handler as listCorpora } from '../../functions/listCorpora';
import { handler as listGrammars } from '../../functions/listGrammars';
import { handler as listWords } from '../../functions/listWords';
import { handler as resetLanguageModel } from '../../functions/resetLanguageModel';
import { handler as setEmulatorTiming } from '../../functions/setEmulatorTiming';
import { handler as trainLanguageModel } from '../../functions/trainLanguageModel';
import { advanceDueModels } from '../../lib/customization/scheduler';
import * as store from '../../lib/store/models';
import { modelProblems } from '../support/invariants';
import { useTestStore } from '../support/store';
import { basic, httpEvent } from '../unit/support/events';

/**
 * Random operations of many clients racing on a few shared models, through the functions' handlers, on in-process
 * dynalite (so that the table can be read directly afterwards). Size: 12 clients × 25 operations = 300 requests on
 * 3 models (two previous-generation, one next-generation) of one instance, jobs taking 0.1–0.2 s or none (control API
 * timing),
 * and the scheduled function running every 100 ms meanwhile. Every answer is recorded; none may be a 5xx or a status
 * the service does not give for that operation. Once the jobs have completed, every model is checked from the table
 * (test/support/invariants.ts: no lock left, counts equal the children, word sources and lists agree, status agrees
 * with the data) and against the answers: a corpus, grammar or user word whose last change (one that began after every
 * other change of it ended) succeeded is there exactly when that change added it. The seed is fixed (RACE_SEED).
 */

useTestStore();

const SEED = Number(process.env.RACE_SEED ?? 20_260_612);
const CLIENTS = 12;
const OPERATIONS_PER_CLIENT = 25;
const AUTH = basic('apikey:races-random');
const ENV = { STT_CONTROLS: 'on', STT_AUTH: 'open' };

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** Corpus and grammar words (some shared between sources) and words only users add. */
const SOURCE_WORDS = ['zorbliq', 'quaxley', 'glorptastic', 'frobnix', 'snargle', 'wibblet', 'plonkus', 'trazzle'];
const USER_WORDS = ['uzalpha', 'uzbeta', 'uzgamma', 'uzdelta'];
const CORPORA = ['c1', 'c2', 'c3'];
const GRAMMARS = ['g1', 'g2'];

interface Operation {
  kind: 'addCorpus' | 'deleteCorpus' | 'addWords' | 'addWord' | 'deleteWord' | 'addGrammar' | 'deleteGrammar' | 'train' | 'reset'
    | 'getModel' | 'listWords' | 'listCorpora' | 'listGrammars';
  model: number;
  name: string;
  words: string[];
  flag: boolean;
  pauseMs: number;
}

/** The statuses the service gives each operation here (400: exists / does not exist / nothing to train; 409: busy). */
const ALLOWED: Record<Operation['kind'], number[]> = {
  addCorpus: [201, 400, 409], deleteCorpus: [200, 400, 409], addWords: [201, 409], addWord: [201, 409], deleteWord: [200, 404, 409],
  addGrammar: [201, 400, 409], deleteGrammar: [200, 404, 409], train: [200, 400, 409], reset: [200, 409],
  getModel: [200], listWords: [200], listCorpora: [200], listGrammars: [200],
};

const operation: fc.Arbitrary<Operation> = fc.record({
  kind: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom<Operation['kind']>('addCorpus', 'addWord', 'addWords', 'deleteWord') },
    { weight: 3, arbitrary: fc.constantFrom<Operation['kind']>('deleteCorpus', 'addGrammar', 'deleteGrammar') },
    { weight: 1, arbitrary: fc.constantFrom<Operation['kind']>('train', 'reset') },
    { weight: 2, arbitrary: fc.constantFrom<Operation['kind']>('getModel', 'listWords', 'listCorpora', 'listGrammars') },
  ),
  model: fc.nat({ max: 2 }),
  name: fc.nat({ max: 2 }).map(String),
  words: fc.uniqueArray(fc.constantFrom(...SOURCE_WORDS, ...USER_WORDS), { minLength: 1, maxLength: 4 }),
  flag: fc.boolean(),
  pauseMs: fc.nat({ max: 40 }),
});

interface Answer {
  client: number;
  op: Operation;
  /** The corpus, grammar or word names the operation touches (empty for reads, train). */
  touches: { kind: 'corpus' | 'grammar' | 'word'; name: string }[];
  status: number;
  body: unknown;
  start: number;
  end: number;
}

const json = (value: unknown) => ({ body: JSON.stringify(value), contentType: 'application/json' });

describe(`${CLIENTS} clients racing on 3 shared models`, () => {
  const ids: string[] = [];
  const answers: Answer[] = [];

  beforeAll(() => Object.assign(process.env, ENV));
  afterAll(() => {
    for (const name of Object.keys(ENV)) delete process.env[name];
  });

  async function call(fn: Handler, method: string, path: string, options: {
    params?: Record<string, string>; query?: string; body?: string; contentType?: string;
  } = {}) {
    const result = await fn(httpEvent({
      method, path, query: options.query, body: options.body, pathParameters: options.params,
      headers: { Authorization: AUTH, ...(options.contentType ? { 'Content-Type': options.contentType } : {}) },
    }));
    return { status: result.statusCode ?? 0, body: result.body ? JSON.parse(result.body) as unknown : undefined };
  }

  /** Sends one operation; answers it with the names it touches, as the lost-write check needs them. */
  async function run(op: Operation) {
    const id = ids[op.model];
    const base = `/v1/customizations/${id}`;
    const params = { customization_id: id };
    const word = op.words[0];
    const corpus = CORPORA[Number(op.name)];
    const grammar = GRAMMARS[Number(op.name) % GRAMMARS.length];
    const text = `The team discussed ${op.words.join(' and ')} in the meeting.`;
    const abnf = `#ABNF 1.0;\nroot $r;\n$r = ${op.words.join(' | ')} ;\n`;
    switch (op.kind) {
      case 'addCorpus': return { touches: [{ kind: 'corpus' as const, name: corpus }], answer: await call(addCorpus, 'POST', `${base}/corpora/${corpus}`, {
        params: { ...params, corpus_name: corpus }, query: op.flag ? 'allow_overwrite=true' : '', body: text, contentType: 'text/plain' }) };
      case 'deleteCorpus': return { touches: [{ kind: 'corpus' as const, name: corpus }], answer: await call(deleteCorpus, 'DELETE', `${base}/corpora/${corpus}`, {
        params: { ...params, corpus_name: corpus } }) };
      case 'addGrammar': return { touches: [{ kind: 'grammar' as const, name: grammar }], answer: await call(addGrammar, 'POST', `${base}/grammars/${grammar}`, {
        params: { ...params, grammar_name: grammar }, query: op.flag ? 'allow_overwrite=true' : '', body: abnf, contentType: 'application/srgs' }) };
      case 'deleteGrammar': return { touches: [{ kind: 'grammar' as const, name: grammar }], answer: await call(deleteGrammar, 'DELETE', `${base}/grammars/${grammar}`, {
        params: { ...params, grammar_name: grammar } }) };
      case 'addWords': return { touches: op.words.map((name) => ({ kind: 'word' as const, name })), answer: await call(addWords, 'POST', `${base}/words`, {
        params, ...json({ words: op.words.map((name) => ({ word: name, ...(op.flag ? { display_as: name.toUpperCase() } : {}) })) }) }) };
      case 'addWord': return { touches: [{ kind: 'word' as const, name: word }], answer: await call(addWord, 'PUT', `${base}/words/${word}`, {
        params: { ...params, word_name: word }, ...json(op.flag ? { sounds_like: ['sounds like'] } : {}) }) };
      case 'deleteWord': return { touches: [{ kind: 'word' as const, name: word }], answer: await call(deleteWord, 'DELETE', `${base}/words/${word}`, {
        params: { ...params, word_name: word } }) };
      case 'train': return { touches: [], answer: await call(trainLanguageModel, 'POST', `${base}/train`, { params, query: op.flag ? 'strict=false' : '' }) };
      case 'reset': return { touches: [], answer: await call(resetLanguageModel, 'POST', `${base}/reset`, { params }) };
      case 'getModel': return { touches: [], answer: await call(getLanguageModel, 'GET', base, { params }) };
      case 'listWords': return { touches: [], answer: await call(listWords, 'GET', `${base}/words`, { params, query: op.flag ? 'sort=-count' : '' }) };
      case 'listCorpora': return { touches: [], answer: await call(listCorpora, 'GET', `${base}/corpora`, { params }) };
      case 'listGrammars': return { touches: [], answer: await call(listGrammars, 'GET', `${base}/grammars`, { params }) };
    }
  }

  it('answers every racing request with a status the service gives, never a 5xx', async () => {
    for (const base of ['en-US_BroadbandModel', 'en-US_BroadbandModel', 'en-US_Telephony']) {
      const created = await call(createLanguageModel, 'POST', '/v1/customizations', json({ name: 'race', base_model_name: base }));
      expect(created.status).toBe(201);
      ids.push((created.body as { customization_id: string }).customization_id);
    }
    const timing = { '*': { mode: 'delay', seconds: 0.1 }, words: { mode: 'immediate' }, training: { mode: 'delay', seconds: 0.2 } };
    expect((await call(setEmulatorTiming, 'PUT', '/_emulator/timing', json(timing))).status).toBe(200);

    const planned = fc.sample(operation, { numRuns: CLIENTS * OPERATIONS_PER_CLIENT, seed: SEED });
    let running = true;
    const scheduler = (async () => {
      while (running) {
        await advanceDueModels(Date.now());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
      for (const op of planned.slice(client * OPERATIONS_PER_CLIENT, (client + 1) * OPERATIONS_PER_CLIENT)) {
        await new Promise((resolve) => setTimeout(resolve, op.pauseMs));
        const start = performance.now();
        const { touches, answer } = await run(op);
        answers.push({ client, op, touches, ...answer, start, end: performance.now() });
      }
    }));
    running = false;
    await scheduler;

    expect(answers).toHaveLength(CLIENTS * OPERATIONS_PER_CLIENT);
    const unexpected = answers.filter((answer) => !ALLOWED[answer.op.kind].includes(answer.status))
      .map((answer) => `${answer.op.kind} → ${answer.status} ${JSON.stringify(answer.body)}`);
    expect(unexpected).toEqual([]);
    // The run did race: changes succeeded and others were refused as busy.
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(10);
    expect(statuses.filter((status) => status === 409).length).toBeGreaterThan(10);
  });

  it('leaves every model consistent once its jobs have completed: no lock, counts equal children, sources agree', async () => {
    expect(ids).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last jobs (0.2 s) complete
    await advanceDueModels(Date.now());
    for (const id of ids) {
      expect(await modelProblems(id, Date.now())).toEqual([]);
      const record = (await store.getModel(id))!;
      expect([record.lockOp, record.job]).toEqual([undefined, undefined]);
    }
  });

  it('loses no change: the last change of each corpus, grammar and user word decides whether it is there', async () => {
    let checked = 0;
    for (const [index, id] of ids.entries()) {
      const [corpora, grammars, words] = await Promise.all([
        call(listCorpora, 'GET', '', { params: { customization_id: id } }),
        call(listGrammars, 'GET', '', { params: { customization_id: id } }),
        call(listWords, 'GET', '', { params: { customization_id: id } }),
      ]);
      const present = {
        corpus: new Set((corpora.body as { corpora: { name: string }[] }).corpora.map((corpus) => corpus.name)),
        grammar: new Set((grammars.body as { grammars: { name: string }[] }).grammars.map((grammar) => grammar.name)),
        word: new Set((words.body as { words: { word: string; source: string[] }[] }).words
          .filter((word) => word.source.includes('user')).map((word) => word.word)),
      };
      const ofModel = answers.filter((answer) => answer.op.model === index && answer.status < 300);
      const subjects = [...CORPORA.map((name) => ['corpus', name] as const), ...GRAMMARS.map((name) => ['grammar', name] as const),
        ...USER_WORDS.map((name) => ['word', name] as const)];
      for (const [kind, name] of subjects) {
        // Successful changes of this name: its own adds and deletes, and resets (which remove everything).
        const changes = ofModel.filter((answer) => answer.op.kind === 'reset'
          || answer.touches.some((touch) => touch.kind === kind && touch.name === name));
        const last = changes.find((candidate) => changes.every((other) => other === candidate || other.end < candidate.start));
        const adds = (answer: Answer) => ['addCorpus', 'addGrammar', 'addWord', 'addWords'].includes(answer.op.kind);
        if (changes.length === 0) {
          expect(present[kind].has(name), `${kind} '${name}' of model ${index} appeared without a change`).toBe(false);
          checked += 1;
        } else if (last) {
          expect(present[kind].has(name), `${kind} '${name}' of model ${index} after its last change, ${last.op.kind}`).toBe(adds(last));
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
