// Fuzzes every route of ROUTES with hostile requests over raw HTTP, then checks the stack, the fuzzed models and the other tenant's model.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Route } from '../../lib/routes';
import { basicAuth, createModel, http } from './support';
import { decode, encode, reachedRoute, send, type FuzzRequest } from './hostile/http';
import { describeExchange, listOf, modelJsonProblem, problemWith, resourceProblem, wordProblem } from './hostile/oracle';
import { arbitraries } from './hostile/requests';
import { SEED, buildWorld, settle, snapshot, type World } from './hostile/world';

/**
 * Property-based fuzzing of every route of lib/http/routes.ts (the table is iterated, so routes added later are
 * fuzzed too): hostile path parameters, query strings, headers, content types and bodies, sent as raw HTTP (node:http
 * keeps `..` and odd percent-encodings as they are). Every answer must be a 4xx with the Watson error envelope (IAM's
 * shape on the token endpoint) or the route's 2xx with its documented body; never a 5xx. Path parameters are valid
 * ids of this test's own models, other tenants' ids, or hostile strings. Afterwards the stack still answers, this
 * test's models read back consistently, and the other tenant's model is exactly as it was.
 *
 * Size: about 320 fuzzed requests — per route, fixed examples first (each path parameter too long for a key, named
 * `__proto__`, or `..`; bodies that once broke the store), then 8 random requests (4 on a control route) — plus about
 * 60 for setup and checks; about 10 s. The seed is fixed (FUZZ_SEED overrides it, FUZZ_RUNS the random requests per
 * route); a failure prints the route's seed, path and counterexample.
 * Requests stay valid HTTP/1.1 (ASCII request target, request line and headers under node's 16 KB): what node's
 * HTTP parser refuses never reaches the emulator (API Gateway refuses it as well).
 * The harness is in test/e2e/hostile/: http.ts (raw HTTP), world.ts (the tenants and their models), names.ts, headers.ts
 * and bodies.ts (the generators), requests.ts (one request per route from them), oracle.ts (what a correct answer is).
 */

/** Random requests per route after its fixed examples (FUZZ_RUNS overrides it for a longer exploration). */
const SERVICE_RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const CONTROL_RUNS = Math.ceil(SERVICE_RUNS / 2);

const seedOf = (route: Route) => [...`${route.method} ${route.path}`].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, SEED);

describe('hostile input on every route', () => {
  let world: World;
  let gen: ReturnType<typeof arbitraries>;

  beforeAll(async () => {
    world = await buildWorld();
    gen = arbitraries(world);
  });

  /**
   * Sends one fuzzed request. A delete that would reach one of the models under test deletes a fresh model instead,
   * and a control that tenant A's request would reach (through dot segments) acts on tenant D instead.
   */
  async function exchange(request: FuzzRequest, tenant: string) {
    const reached = reachedRoute(request.method, request.target);
    const id = decode(reached?.params.customization_id ?? '')?.toLowerCase();
    if (reached?.route.fn === 'deleteLanguageModel' && id && world.own.includes(id)) {
      const disposable = await createModel(world.keyA, { name: 'fuzz disposable' });
      world.disposables += 1;
      const segment = reached.params.customization_id;
      request = { ...request, target: request.target.replace(segment, segment.replace(new RegExp(id, 'i'), disposable)) };
    }
    if (reached?.route.control && tenant === 'A') {
      request = { ...request, headers: { ...request.headers, authorization: basicAuth('apikey', world.keyD) } };
      tenant = 'D';
    }
    return { request, tenant, answer: await send(request) };
  }

  for (const route of ROUTES) {
    it(`${route.method} ${route.path}`, async () => {
      const runs = route.control ? CONTROL_RUNS : SERVICE_RUNS;
      const examples = gen.examplesFor(route);
      await fc.assert(fc.asyncProperty(gen.requestFor(route), async (generated) => {
        const { request, tenant, answer } = await exchange(generated.request, generated.tenant);
        const problem = problemWith(world, request, tenant, answer);
        expect(problem, describeExchange(request, tenant, answer)).toBeUndefined();
      }), {
        numRuns: examples.length + runs, examples: examples.map((example) => [example]), seed: seedOf(route),
        interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true,
      });
      const health = await http('GET', '/v1/models', { apikey: world.keyA });
      expect(health.status).toBe(200);
    });
  }

  it('still answers, keeps the fuzzed models consistent, and leaves the other tenant\'s model exactly as it was', async () => {
    expect((await http('GET', '/_emulator/health')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the last jobs (1 s timings) complete
    for (const id of world.own) {
      await settle(world.keyA, id);
      const { model, corpora, grammars, words } = await snapshot(world.keyA, id) as {
        model: Record<string, unknown>;
        corpora: { corpora: { name: string; status: string }[] };
        grammars: { grammars: { name: string; status: string }[] };
        words: { words: { word: string; source: string[]; error?: unknown }[] };
      };
      expect(modelJsonProblem(model), JSON.stringify(model)).toBeUndefined();
      expect(model.customization_id).toBe(id);
      for (const [listed, check] of [[corpora, listOf('corpora', resourceProblem)], [grammars, listOf('grammars', resourceProblem)],
        [words, listOf('words', wordProblem)]] as const) {
        expect(check(listed)).toBeUndefined();
      }
      // Every word comes from a corpus or grammar the model has, or from the user.
      const sources = new Set(['user', ...corpora.corpora.map((corpus) => corpus.name), ...grammars.grammars.map((grammar) => grammar.name)]);
      for (const word of words.words) expect(word.source.filter((source) => !sources.has(source)), word.word).toEqual([]);
      // Status agrees with the data: pending without valid data; ready or available with some (spec 6.3).
      const valid = corpora.corpora.some((corpus) => corpus.status === 'analyzed') || grammars.grammars.some((grammar) => grammar.status === 'analyzed')
        || words.words.some((word) => word.error === undefined);
      if (model.status === 'pending') expect(valid).toBe(false);
      if (model.status === 'available' || (model.status === 'ready' && model.error === undefined)) expect(valid).toBe(true);
      // Every listed corpus, grammar and word reads back by name as listed.
      for (const corpus of corpora.corpora) {
        expect((await http('GET', `/v1/customizations/${id}/corpora/${encode(corpus.name)}`, { apikey: world.keyA })).body).toEqual(corpus);
      }
      for (const grammar of grammars.grammars) {
        expect((await http('GET', `/v1/customizations/${id}/grammars/${encode(grammar.name)}`, { apikey: world.keyA })).body).toEqual(grammar);
      }
      for (const word of words.words) {
        expect((await http('GET', `/v1/customizations/${id}/words/${encode(word.word)}`, { apikey: world.keyA })).body).toEqual(word);
      }
    }
    expect(await snapshot(world.keyB, world.foreign)).toEqual(world.foreignSnapshot);
    const listedB = (await http('GET', '/v1/customizations', { apikey: world.keyB })).body as { customizations: { customization_id: string }[] };
    expect(listedB.customizations.map((model) => model.customization_id)).toEqual([world.foreign]);
  });
});
