import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routePaths, type Route } from '../../lib/http/routes';
import { basicAuth, createModel, emulatorUrl, http } from './support';

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
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_611);
/** Random requests per route after its fixed examples (FUZZ_RUNS overrides it for a longer exploration). */
const SERVICE_RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const CONTROL_RUNS = Math.ceil(SERVICE_RUNS / 2);
/** Routes that answer without credentials. */
const NO_AUTH = new Set(['issueToken', 'getEmulatorHealth']);
/** Routes whose success answer is 201. */
const CREATED = new Set(['createLanguageModel', 'addCorpus', 'addGrammar', 'addWords', 'addWord', 'addEmulatorFault']);
const GATEWAY_401 = { code: 401, error: 'Unauthorized' };
const MALFORMED_REQUEST = 'The request is malformed: its path, query or headers could not be parsed.';
const STATUSES = ['pending', 'ready', 'training', 'available', 'upgrading', 'failed'];
const MODEL_KEYS = ['customization_id', 'created', 'updated', 'language', 'dialect', 'versions', 'owner', 'name', 'description',
  'base_model_name', 'status', 'progress', 'error', 'warnings'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ABNF = '#ABNF 1.0 ISO-8859-1;\nlanguage en-US;\nmode voice;\nroot $yesno;\n$yesno = yes | no | zorbliq ;\n';
const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<grammar version="1.0" xml:lang="en-US" root="n" '
  + 'xmlns="http://www.w3.org/2001/06/grammar"><rule id="n"><one-of><item>Quaxley</item><item>Smith</item></one-of></rule></grammar>\n';
const CORPUS = 'The quaxley meeting discussed glorptastic zorbliq results.\nZorbliq again.';

// ---------------------------------------------------------------------------------------------------------------
// Raw HTTP

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: unknown;
}

interface FuzzRequest {
  method: string;
  /** The request target exactly as sent: path and query, percent-encoded or not. */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function send({ method, target, headers, body }: FuzzRequest): Promise<Answer> {
  const { hostname, port } = new URL(emulatorUrl());
  return new Promise((resolve, reject) => {
    // An explicit length: node sends the body of a GET unframed otherwise, which desynchronizes a kept-alive connection.
    const framed = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = httpRequest({ host: hostname, port, method, path: target, headers: framed, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        let bytes: Buffer = Buffer.concat(chunks);
        if (res.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
        const text = bytes.toString('utf8');
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within 20 s to ${method} ${target.slice(0, 200)}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** Percent-encodes every byte of the UTF-8 form except RFC 3986's unreserved characters (lone surrogates: U+FFFD). */
const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte))
    ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The route a target reaches once the server has resolved dot segments (`..`, `%2e%2e`), with its raw parameters. */
function reachedRoute(method: string, target: string): { route: Route; params: Record<string, string> } | undefined {
  let segments: string[];
  try {
    // The local gateway (hapi) also takes a trailing slash as absent.
    segments = new URL(target, 'http://emulator').pathname.replace(/(.)\/$/, '$1').split('/');
  } catch {
    return undefined;
  }
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    for (const template of routePaths(route)) {
      const parts = template.split('/');
      if (parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const hit = parts.every((part, i) => {
        if (!part.startsWith('{')) return part === segments[i];
        params[part.slice(1, -1)] = segments[i];
        return segments[i] !== '';
      });
      if (hit) return { route, params };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The test's tenants and models

/** A is the tenant whose models are fuzzed; C is another tenant; D fuzzes the control API (it acts on D only); B owns F. */
interface World {
  keyA: string;
  keyB: string;
  keyC: string;
  keyD: string;
  ownerA: string;
  ownerB: string;
  tokenA: string;
  tamperedToken: string;
  /** A's models: M previous-generation (corpus, grammar, words), N next-generation, K previous-generation Korean. */
  own: string[];
  /** B's model. */
  foreign: string;
  foreignSnapshot: unknown;
  disposables: number;
}

async function settle(apikey: string, id: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const model = (await http('GET', `/v1/customizations/${id}`, { apikey })).body as { status: string };
    const corpora = (await http('GET', `/v1/customizations/${id}/corpora`, { apikey })).body as { corpora: { status: string }[] };
    const grammars = (await http('GET', `/v1/customizations/${id}/grammars`, { apikey })).body as { grammars: { status: string }[] };
    const processing = [...corpora.corpora, ...grammars.grammars].some((resource) => resource.status === 'being_processed');
    if (!processing && model.status !== 'training' && model.status !== 'upgrading') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`model ${id} did not settle`);
}

async function ok(result: Promise<{ status: number; text: string }>, status: number) {
  const answer = await result;
  if (answer.status !== status) throw new Error(`setup: expected ${status}, got ${answer.status} ${answer.text}`);
}

const json = { 'content-type': 'application/json' };

/** A model's JSON and its corpora, grammars and words, as the API lists them. */
async function snapshot(apikey: string, id: string) {
  const read = async (suffix: string) => (await http('GET', `/v1/customizations/${id}${suffix}`, { apikey })).body;
  return { model: await read(''), corpora: await read('/corpora'), grammars: await read('/grammars'), words: await read('/words') };
}

async function buildWorld(): Promise<World> {
  const [keyA, keyB, keyC, keyD] = ['a', 'b', 'c', 'd'].map((tenant) => `fuzz-${tenant}-${SEED}-${Math.random().toString(36).slice(2)}`);
  const m = await createModel(keyA, { name: 'fuzz M' });
  const n = await createModel(keyA, { name: 'fuzz N', base_model_name: 'en-US_Telephony' });
  const k = await createModel(keyA, { name: 'fuzz K', base_model_name: 'ko-KR_BroadbandModel' });
  const f = await createModel(keyB, { name: 'fuzz F' });
  await ok(http('POST', `/v1/customizations/${m}/corpora/c1`, { apikey: keyA, body: CORPUS }), 201);
  await ok(http('POST', `/v1/customizations/${f}/corpora/c1`, { apikey: keyB, body: CORPUS }), 201);
  await ok(http('PUT', `/v1/customizations/${n}/words/fuzzword`, { apikey: keyA, headers: json, body: '{}' }), 201);
  await settle(keyA, m);
  await settle(keyB, f);
  await ok(http('PUT', `/v1/customizations/${m}/words/glorptastic`, { apikey: keyA, headers: json, body: '{"sounds_like":["glorp tastic"]}' }), 201);
  await ok(http('PUT', `/v1/customizations/${f}/words/foreignword`, { apikey: keyB, headers: json, body: '{}' }), 201);
  await ok(http('POST', `/v1/customizations/${m}/grammars/g1`, { apikey: keyA, headers: { 'content-type': 'application/srgs' }, body: ABNF }), 201);
  await settle(keyA, m);
  // A's jobs complete at once (control API), so that fuzzed changes do not make its models busy for each other.
  await ok(http('PUT', '/_emulator/timing', { apikey: keyA, headers: json, body: '{"*":{"mode":"immediate"}}' }), 200);

  const token = await http('POST', '/identity/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=${encodeURIComponent(keyA)}`,
  });
  const tokenA = (token.body as { access_token: string }).access_token;
  const [header, payload, signature] = tokenA.split('.');
  const ownerA = ((await http('GET', `/v1/customizations/${m}`, { apikey: keyA })).body as { owner: string }).owner;
  const ownerB = ((await http('GET', `/v1/customizations/${f}`, { apikey: keyB })).body as { owner: string }).owner;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const tamperedToken = `${header}.${Buffer.from(JSON.stringify({ ...claims, instance_id: ownerB })).toString('base64url')}.${signature}`;
  return {
    keyA, keyB, keyC, keyD, ownerA, ownerB, tokenA, tamperedToken, own: [m, n, k], foreign: f,
    foreignSnapshot: await snapshot(keyB, f), disposables: 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Generators

/** Segments sent as they are: dot segments, odd and broken percent-encodings, reserved characters, the empty one. */
const RAW_SEGMENTS = [
  '', '.', '..', '...', '../..', '%2e%2e', '%2E%2e%2F..', '.%2e', '%2F', '%2f%2f', '%5C', '\\', '%00', '%0A', '%0D%0A', '%7F',
  '%ZZ', '%', '%%', '%4', '%C0%AF', '%ED%A0%80', '%FF%FE', '%EF%BF%BD', '%252e%252e', '%u002e', ';', ';x=1', '*', '$', '!',
  "'", '(', ')', ':', '@', '&', '=', '+', ',', '~', '%20', '+%2B+', '{customization_id}', '%7Bx%7D', '[', ']', '|', '^', '`',
];

/** Decoded strings that are odd as names, ids or values (sent percent-encoded). */
const ODD_STRINGS = [
  'ｚ', 'e\u0301', 'é', 'ß', 'İ', 'ﬁ', '\u202Eevil', '\u200B', '\uFEFF', '😀', '👩‍👩‍👧', '\u0000', '\u001f', '\u007f', '\u0085',
  '\u2028', ' ', '\t', ' lead', 'trail ', 'a b', 'a+b', 'a/b', 'a\\b', 'user', 'USER', 'base_lm', 'Default_LM', '__proto__',
  'constructor', 'toString', 'hasOwnProperty', '\uD800', 'x\uDFFFy', 'null', 'undefined', '[]', '{}', '-1', 'NaN', '0',
  'G000000#WORD#x', 'MODEL', '\u001fchunk', 'x'.repeat(128), 'x'.repeat(129), '<script>', '${jndi:x}', "' OR 1=1 --",
];

type Auth = { header?: string; tenant: 'A' | 'C' | 'D' | 'other' | 'none' | 'unknown' };

/** The pieces of one fuzzed request. */
interface Parts {
  method: string;
  /** Path parameters in template order, as sent (percent-encoded or raw). */
  params: string[];
  prefix?: string;
  query: string;
  auth: Auth;
  contentType?: string | null;
  extraHeaders: [string, string][];
  body: { body?: Buffer; type?: string };
}

const paramNames = (route: Route) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

/** Valid path parameters for the deterministic examples ('M': the previous-generation model under test). */
const VALID_PARAMS: Record<string, string> = {
  customization_id: 'M', corpus_name: 'fzc', grammar_name: 'fzg', word_name: 'fzw', model_id: 'en-US_BroadbandModel',
};
const jsonBody = (value: unknown) => ({ body: Buffer.from(JSON.stringify(value)), type: 'application/json' });
const VALID_BODIES: Record<string, Parts['body']> = {
  createLanguageModel: jsonBody({ name: 'fz', base_model_name: 'en-US_BroadbandModel' }),
  addCorpus: { body: Buffer.from(CORPUS), type: 'text/plain' },
  addGrammar: { body: Buffer.from(ABNF), type: 'application/srgs' },
  addWords: jsonBody({ words: [{ word: 'fzword' }] }),
  addWord: jsonBody({}),
};
/** Bodies sent to one of the models under test (by index: M, N, K). */
const HOSTILE_BODIES: Record<string, [number, Parts['body']][]> = {
  addCorpus: [
    [0, { body: Buffer.from(`zorbliq ${'q'.repeat(1100)} quaxley`), type: 'text/plain' }],
    [2, { body: Buffer.from('한국어 __proto__ 단어 constructor'), type: 'text/plain' }],
  ],
  addGrammar: [
    [0, { body: Buffer.from(`#ABNF 1.0;\nroot $a;\n$a = __proto__ | ${'x'.repeat(1100)} | zorbliq;\n`), type: 'application/srgs' }],
    [0, { body: Buffer.from(`#ABNF 1.0;\nmode ${'m'.repeat(300_000)};\nroot $a;\n$a = b;\n`), type: 'application/srgs' }],
  ],
  addWords: [
    [0, jsonBody({ words: [{ word: 'fzok' }, { word: 'x'.repeat(1100) }] })],
    [0, jsonBody({ words: [{ word: 'fzbig', display_as: 'd'.repeat(450_000) }] })],
    [0, jsonBody({ words: [{ word: 'fzsounds', sounds_like: Array.from({ length: 7 }, () => 's'.repeat(70_000)) }] })],
  ],
  addWord: [[0, jsonBody({ display_as: 'd'.repeat(450_000) })]],
  createLanguageModel: [[0, jsonBody({ name: 'x'.repeat(300_000), base_model_name: 'en-US_BroadbandModel' })]],
};

function arbitraries(world: World) {
  const [modelM, modelN, modelK] = world.own;
  const odd = fc.constantFrom(...ODD_STRINGS);
  // Long strings cross DynamoDB's 1024-byte key limit; their encoded form stays within node's request line limit.
  const long = fc.tuple(fc.constantFrom('x', 'é', '😀', 'ab '), fc.integer({ min: 900, max: 1700 }))
    .map(([unit, bytes]) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit))));
  const decoded = fc.oneof(
    { weight: 4, arbitrary: odd },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
    { weight: 2, arbitrary: long },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const hostileSegment = fc.oneof(
    { weight: 3, arbitrary: decoded.map(encode) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: fc.tuple(decoded, fc.constantFrom(...RAW_SEGMENTS)).map(([text, raw]) => encode(text) + raw) },
  );
  const named = (...names: string[]) => fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...names).map(encode) },
    { weight: 1, arbitrary: fc.nat({ max: 50 }).map((n) => `fz${n}`) },
    { weight: 3, arbitrary: hostileSegment },
  );
  const ids = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(modelM, modelN, modelK) },
    { weight: 1, arbitrary: fc.constantFrom(modelM.toUpperCase(), modelK.toUpperCase()) },
    { weight: 1, arbitrary: fc.constant(world.foreign) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 3, arbitrary: hostileSegment },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(modelM, modelN), fc.constantFrom(...RAW_SEGMENTS)).map(([id, raw]) => id + raw) },
  );
  const param = (name: string): fc.Arbitrary<string> => {
    switch (name) {
      case 'customization_id': return ids;
      case 'corpus_name': return named('c1', 'g1', 'fz1');
      case 'grammar_name': return named('g1', 'c1', 'fz2');
      case 'word_name': return named('glorptastic', 'zorbliq', 'fuzzword', 'quaxley', 'Zorbliq');
      case 'model_id': return named('en-US_BroadbandModel', 'en-US_Telephony', 'en-US', 'ja-JP_Multimedia', 'EN-us_telephony');
      case 'instance_id': return fc.oneof(fc.uuid(), hostileSegment);
      default: return fc.oneof(named('x'), fc.uuid());
    }
  };

  const queryValue = fc.oneof(
    fc.constantFrom('true', 'false', 'TRUE', 'False', ' true', '1', '0', '', 'all', 'user', 'corpora', 'grammars', 'alphabetical',
      '-count', '+alphabetical', ' count', '0.5', '1.0001', '-0', '1e309', 'NaN', 'Infinity', 'en-US', 'EN-us', 'xx-XX'),
    decoded.filter((text) => text.length < 300),
  );
  const queryName = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('allow_overwrite', 'strict', 'force', 'customization_weight', 'word_type_to_add',
      'word_type', 'sort', 'language', 'customization_id', 'version', 'reads') },
    { weight: 1, arbitrary: decoded.filter((text) => text.length < 100) },
  );
  const query = fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: fc.array(fc.tuple(queryName, queryValue), { maxLength: 4 })
      .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}`)) },
    { weight: 1, arbitrary: fc.constantFrom('?', '?&', '?=', '?==&&', '?%zz=%', '?a=%ZZ', '?a=%00', '?sort', '?strict&strict=false',
      '?allow_overwrite=true&allow_overwrite=false', `?${'a=b&'.repeat(200)}`, '?+=+', '?%2B', '?;', '?strict=%E2%80%8Btrue') },
  );

  const headerText = (maxLength: number) => fc.string({
    unit: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) })
      .map((code) => String.fromCharCode(code)),
    maxLength,
  });
  const contentType = fc.option(fc.oneof(
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json',
      'application/json; charset=utf-16', 'text/plain', 'text/plain; charset=iso-8859-1', 'application/srgs', 'application/srgs+xml',
      'Application/SRGS; charset=utf-8', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=zz',
      'application/x-www-form-urlencoded', 'application/octet-stream', '*/*', ';', 'garbage', 'text/plain;;;', ' application/json ',
      'x'.repeat(2000)),
    headerText(60),
  ), { nil: undefined });
  const extraHeaders = fc.array(fc.tuple(
    fc.constantFrom('accept-encoding', 'content-encoding', 'x-watson-metadata', 'x-forwarded-proto', 'accept', 'x-fuzz',
      'x-watson-learning-opt-out', 'cookie', 'host', 'x-amzn-trace-id'),
    fc.oneof(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'customer_id=abc', 'https', 'http', 'javascript', '*/*', ''),
      headerText(200)),
  ), { maxLength: 3 }).map((pairs) => pairs.map(([name, value]): [string, string] =>
    (name === 'host' ? [name, /^[a-z0-9.-]+(:\d{1,5})?$/.test(value) && value !== '' ? value : 'evil.example.com'] : [name, value])));

  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.lorem({ maxCount: 30 }).map((words) => `${words} zorbliq glorptastic quaxleyan`),
    fc.constantFrom('__proto__ constructor', `${'q'.repeat(1100)} word`, 'x', ' ', '\uFEFFtext', '[bracketed only]', '$100 and 50%',
      'ゼロ', '한국어 __proto__ 단어', '\u0000\u0001', 'a\uFFFDb', 'x'.repeat(150_000)),
  );
  const grammarText = fc.oneof(
    fc.tuple(fc.constantFrom(ABNF, XML), fc.nat(), fc.string({ maxLength: 3 }), fc.nat({ max: 3 }))
      .map(([grammar, at, insert, cut]) => {
        const position = at % (grammar.length + 1);
        return grammar.slice(0, position) + insert + grammar.slice(position + cut);
      }),
    fc.constantFrom(ABNF, XML, `#ABNF 1.0;\nmode ${'m'.repeat(300_000)};\nroot $a;\n$a = b;`, '#ABNF 1.0;\nroot $__proto__;\n$__proto__ = __proto__;',
      `#ABNF 1.0;\nroot $a;\n$a = ${'x'.repeat(1100)} | __proto__ | constructor;`, `<grammar root="${'r'.repeat(5000)}"/>`,
      '<?xml version="1.0"?><!DOCTYPE g [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><grammar>&b;</grammar>'),
  );
  const jsonish = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), odd, long,
    fc.array(fc.oneof(odd, fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 8 }));
  const wordDefinition = fc.record({
    word: fc.oneof(odd, fc.string({ maxLength: 20 }), long, jsonish),
    sounds_like: fc.oneof(fc.array(fc.oneof(odd, fc.string({ maxLength: 50 }), fc.constant('x'.repeat(70_000))), { maxLength: 7 }), jsonish),
    display_as: fc.oneof(odd, fc.string({ maxLength: 20 }), fc.constant('d'.repeat(450_000)), jsonish),
    mapping_only: fc.oneof(fc.boolean(), fc.constantFrom(['true'], 'false', 'yes'), jsonish),
  }, { requiredKeys: [] });
  const shapedJson = fc.oneof(
    fc.record({
      name: fc.oneof(odd, fc.string({ maxLength: 300 }), jsonish),
      base_model_name: fc.oneof(fc.constantFrom('en-US_BroadbandModel', 'en-US_Telephony', 'en-US', 'ko-KR_BroadbandModel', 'xx'), jsonish),
      dialect: fc.oneof(fc.constantFrom('en-US', 'es-LA', 'ES-la'), jsonish),
      description: fc.oneof(fc.string({ maxLength: 140 }), jsonish),
    }, { requiredKeys: [] }),
    fc.record({ words: fc.oneof(fc.array(wordDefinition, { maxLength: 6 }), jsonish) }, { requiredKeys: [] }),
    wordDefinition,
    fc.record({ customization_id: fc.oneof(fc.constantFrom(modelM, modelN, world.foreign), jsonish) }, { requiredKeys: [] }),
    fc.record({
      operation: fc.oneof(fc.constantFrom('*', 'getLanguageModel', 'trainLanguageModel'), jsonish),
      status: fc.oneof(fc.integer({ min: 100, max: 700 }), jsonish), count: jsonish, probability: jsonish,
      delay_ms: fc.oneof(fc.integer({ min: -5, max: 50 }), jsonish), error: jsonish,
    }, { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom('*', 'corpus', 'words', 'grammar', 'training', 'upgrade', 'x'), fc.record({
      mode: fc.oneof(fc.constantFrom('immediate', 'delay', 'manual', 'default'), jsonish),
      seconds: fc.oneof(fc.double({ min: -1, max: 5 }), jsonish), reads: jsonish,
    }, { requiredKeys: [] }), { maxKeys: 3 }),
  );
  const multipart = fc.tuple(fc.constantFrom('corpus_file', 'file', '', '__proto__'), text, fc.boolean(), fc.boolean())
    .map(([field, content, asFile, broken]) => {
      const boundary = 'fuzzBoundary7';
      const disposition = `form-data; name="${field}"${asFile ? '; filename="c.txt"' : ''}`;
      const body = `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n\r\n${content}\r\n${broken ? '' : `--${boundary}--\r\n`}`;
      return { body: Buffer.from(body, 'utf8'), type: `multipart/form-data; boundary=${broken ? 'other' : boundary}` };
    });
  const body: fc.Arbitrary<Parts['body']> = fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant({ body: Buffer.alloc(0) }) },
    { weight: 3, arbitrary: text.map((value) => ({ body: Buffer.from(value, 'utf8') })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ body: Buffer.from(bytes) })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => ({ body: Buffer.from(JSON.stringify(value) ?? 'null'), type: 'application/json' })) },
    { weight: 5, arbitrary: shapedJson.map((value) => ({ body: Buffer.from(JSON.stringify(value)), type: 'application/json' })) },
    { weight: 1, arbitrary: fc.constantFrom('['.repeat(20_000), '{"a":'.repeat(5_000), '{"words":[', '{"name":"a","name":"b"}',
      '{"__proto__":{"polluted":1},"name":"p","base_model_name":"en-US_BroadbandModel"}').map((value) => ({ body: Buffer.from(value), type: 'application/json' })) },
    { weight: 2, arbitrary: grammarText.map((value) => ({ body: Buffer.from(value, 'utf8'), type: 'application/srgs' })) },
    { weight: 1, arbitrary: grammarText.map((value) => ({ body: Buffer.from(value, 'utf8'), type: 'application/srgs+xml' })) },
    { weight: 2, arbitrary: multipart },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('urn:ibm:params:oauth:grant-type:apikey', '', 'password', 'urn:ibm:params:oauth:grant-type:apikey '),
      fc.option(fc.oneof(odd, fc.string({ maxLength: 40 })), { nil: undefined }))
      .map(([grant, apikey]) => ({
        body: Buffer.from(`grant_type=${encode(grant)}${apikey === undefined ? '' : `&apikey=${encode(apikey)}`}&response_type=cloud_iam`),
        type: 'application/x-www-form-urlencoded',
      })) },
  );

  const basicOf = (user: string, password: string): Auth => {
    const header = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    const decodedCredential = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decodedCredential.indexOf(':');
    return { header, tenant: colon > 0 && colon < decodedCredential.length - 1 ? 'other' : 'none' };
  };
  const hostileAuth: fc.Arbitrary<Auth> = fc.oneof(
    fc.constantFrom<Auth>(
      { tenant: 'none' }, { header: '', tenant: 'none' }, { header: 'Basic', tenant: 'none' }, { header: 'Basic !!!', tenant: 'none' },
      { header: basicAuth('apikey', ''), tenant: 'none' }, { header: `Basic ${Buffer.from(':x').toString('base64')}`, tenant: 'none' },
      { header: 'Bearer', tenant: 'none' }, { header: 'Bearer x.y.z', tenant: 'none' }, { header: `Bearer ${world.tamperedToken}`, tenant: 'none' },
      { header: `Bearer ${world.tokenA}x`, tenant: 'none' }, { header: `Bearer ${world.tokenA.split('.').slice(0, 2).join('.')}.`, tenant: 'none' },
      { header: 'Digest username="a"', tenant: 'none' }, { header: `Basic ${'QUFB'.repeat(1000)}`, tenant: 'none' },
      { header: `bearer ${world.tokenA}`, tenant: 'A' }, { header: `BASIC ${Buffer.from(`apikey:${world.keyA}`).toString('base64')}`, tenant: 'A' },
    ),
    fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([user, password]) => basicOf(user, password)),
    headerText(300).map((header): Auth => ({ header, tenant: 'unknown' })),
  );
  const serviceAuth: fc.Arbitrary<Auth> = fc.oneof(
    { weight: 7, arbitrary: fc.constant<Auth>({ header: basicAuth('apikey', world.keyA), tenant: 'A' }) },
    { weight: 2, arbitrary: fc.constant<Auth>({ header: `Bearer ${world.tokenA}`, tenant: 'A' }) },
    { weight: 1, arbitrary: fc.constant<Auth>({ header: basicAuth('apikey', world.keyC), tenant: 'C' }) },
    { weight: 2, arbitrary: hostileAuth },
  );
  const controlAuth: fc.Arbitrary<Auth> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Auth>({ header: basicAuth('apikey', world.keyD), tenant: 'D' }) },
    { weight: 1, arbitrary: hostileAuth.filter((auth) => auth.tenant !== 'A') },
  );

  const method = (route: Route) => fc.oneof(
    { weight: 9, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
  );

  /** One request for a route: its template filled in, an /instances prefix sometimes, and everything else fuzzed. */
  const build = (route: Route, parts: Parts) => {
    let index = 0;
    const path = route.path.replace(/\{\w+\}/g, () => parts.params[index++]);
    const headers: Record<string, string> = {};
    for (const [name, value] of parts.extraHeaders) headers[name] = value;
    if (parts.auth.header !== undefined) headers.authorization = parts.auth.header;
    const type = parts.contentType !== undefined ? parts.contentType : parts.body.type;
    if (type) headers['content-type'] = type;
    const request: FuzzRequest = {
      method: parts.method, target: `${parts.prefix === undefined ? '' : `/instances/${parts.prefix}`}${path}${parts.query}`, headers, body: parts.body.body,
    };
    return { request, tenant: parts.auth.tenant };
  };

  /** One random request for a route: its template filled in, an /instances prefix sometimes, and everything else fuzzed. */
  const requestFor = (route: Route) => fc.record({
    method: method(route),
    params: fc.tuple(...paramNames(route).map(param)),
    prefix: route.instancePrefix ? fc.option(param('instance_id'), { nil: undefined, freq: 3 }) : fc.constant(undefined),
    query,
    auth: route.control ? controlAuth : serviceAuth,
    contentType,
    extraHeaders,
    body,
  }).map((parts) => build(route, parts));

  /**
   * The requests every run makes first, whatever the seed: each path parameter in turn too long for a DynamoDB key,
   * named `__proto__`, or `..`, the others valid; and bodies that once broke the store (a corpus word or grammar
   * token too long for a key or named `__proto__`, a word too large for an item, a compile error quoting a huge token).
   */
  const examplesFor = (route: Route) => {
    const names = paramNames(route);
    const valid = names.map((name) => VALID_PARAMS[name] ?? 'x').map((value) => (value === 'M' ? modelM : value));
    const parts = (params: string[], body: Parts['body']): Parts => ({
      method: route.method, params, query: '', contentType: undefined, extraHeaders: [], body,
      auth: route.control ? { header: basicAuth('apikey', world.keyD), tenant: 'D' } : { header: basicAuth('apikey', world.keyA), tenant: 'A' },
    });
    const baseline = VALID_BODIES[route.fn] ?? {};
    const examples = names.flatMap((_, at) => [encode('x'.repeat(1100)), encode('__proto__'), '..']
      .map((variant) => parts(valid.map((value, i) => (i === at ? variant : value)), baseline)));
    for (const [model, body] of HOSTILE_BODIES[route.fn] ?? []) {
      examples.push(parts(valid.map((value, i) => (names[i] === 'customization_id' ? world.own[model] : value)), body));
    }
    return examples.map((example) => build(route, example));
  };
  return { requestFor, examplesFor };
}

// ---------------------------------------------------------------------------------------------------------------
// What a correct answer is

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function modelJsonProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'not a model object';
  const unknown = Object.keys(body).filter((key) => !MODEL_KEYS.includes(key));
  if (unknown.length > 0) return `unknown model fields ${unknown.join(', ')}`;
  if (typeof body.customization_id !== 'string' || !GUID.test(body.customization_id)) return 'bad customization_id';
  if (typeof body.owner !== 'string' || !GUID.test(body.owner)) return 'bad owner';
  if (!STATUSES.includes(String(body.status))) return `bad status ${String(body.status)}`;
  if (body.progress !== (body.status === 'available' ? 100 : 0)) return `progress ${String(body.progress)} with status ${String(body.status)}`;
  if (!Array.isArray(body.versions) || body.versions.length === 0) return 'no versions';
  for (const key of ['created', 'updated', 'language', 'dialect', 'name', 'description', 'base_model_name']) {
    if (typeof body[key] !== 'string') return `${key} is not a string`;
  }
  return undefined;
}

const listOf = (key: string, each: (item: unknown) => string | undefined = () => undefined) => (body: unknown) => {
  if (!isObject(body) || !Array.isArray(body[key])) return `no '${key}' list`;
  for (const item of body[key] as unknown[]) {
    const problem = each(item);
    if (problem) return problem;
  }
  return undefined;
};
const empty = (body: unknown) => (isObject(body) && Object.keys(body).length === 0 ? undefined : 'body is not {}');
const resourceProblem = (item: unknown) => (isObject(item) && typeof item.name === 'string'
  && ['analyzed', 'being_processed', 'undetermined'].includes(String(item.status)) && typeof item.out_of_vocabulary_words === 'number'
  ? undefined : `bad corpus or grammar ${JSON.stringify(item)?.slice(0, 200)}`);
const wordProblem = (item: unknown) => (isObject(item) && typeof item.word === 'string' && Array.isArray(item.sounds_like)
  && typeof item.display_as === 'string' && typeof item.count === 'number' && Array.isArray(item.source)
  ? undefined : `bad word ${JSON.stringify(item)?.slice(0, 200)}`);

/** The 2xx body of each route, by function; routes added later need only answer a JSON object. */
const SUCCESS_BODIES: Record<string, (body: unknown) => string | undefined> = {
  listModels: listOf('models'),
  getModel: (body) => (isObject(body) && typeof body.name === 'string' && typeof body.url === 'string' ? undefined : 'not a base model'),
  createLanguageModel: (body) => (isObject(body) && typeof body.customization_id === 'string' && GUID.test(body.customization_id)
    && Object.keys(body).length === 1 ? undefined : 'not {customization_id}'),
  listLanguageModels: listOf('customizations', modelJsonProblem),
  getLanguageModel: modelJsonProblem,
  deleteLanguageModel: empty,
  resetLanguageModel: empty,
  trainLanguageModel: (body) => (empty(body) === undefined || (isObject(body) && Array.isArray(body.warnings)) ? undefined : 'not {} or {warnings}'),
  upgradeLanguageModel: empty,
  listCorpora: listOf('corpora', resourceProblem),
  addCorpus: empty,
  getCorpus: (body) => resourceProblem(body) ?? (isObject(body) && typeof body.total_words === 'number' ? undefined : 'no total_words'),
  deleteCorpus: empty,
  listGrammars: listOf('grammars', resourceProblem),
  addGrammar: empty,
  getGrammar: resourceProblem,
  deleteGrammar: empty,
  listWords: listOf('words', wordProblem),
  addWords: empty,
  addWord: empty,
  getWord: wordProblem,
  deleteWord: empty,
  issueToken: (body) => (isObject(body) && typeof body.access_token === 'string' && body.token_type === 'Bearer'
    && typeof body.expiration === 'number' ? undefined : 'not a token'),
};

function envelopeProblem(answer: Answer, iam: boolean): string | undefined {
  if (!String(answer.headers['content-type']).startsWith('application/json')) return `content-type ${answer.headers['content-type']}`;
  const body = answer.body;
  if (!isObject(body)) return 'error body is not a JSON object';
  if (iam && 'errorCode' in body) {
    return typeof body.errorCode === 'string' && typeof body.errorMessage === 'string' && isObject(body.context) ? undefined : 'bad IAM error';
  }
  const extra = Object.keys(body).filter((key) => !['code', 'code_description', 'error'].includes(key));
  if (extra.length > 0) return `envelope has ${extra.join(', ')}`;
  if (body.code !== answer.status) return `envelope code ${String(body.code)} for status ${answer.status}`;
  if (typeof body.error !== 'string' || body.error === '') return 'envelope without error text';
  if (body.code_description !== undefined && typeof body.code_description !== 'string') return 'code_description is not a string';
  return undefined;
}

/** What is wrong with an answer, or undefined when it is one the service may give. */
function problemWith(world: World, request: FuzzRequest, tenant: string, answer: Answer): string | undefined {
  if (answer.status >= 500 || answer.status < 200 || (answer.status >= 300 && answer.status < 400)) return `status ${answer.status}`;
  const reached = reachedRoute(request.method, request.target);
  const fn = reached?.route.fn;
  const referenced = Object.entries(reached?.params ?? {})
    .filter(([name]) => name === 'customization_id')
    .map(([, raw]) => decode(raw)?.toLowerCase());
  // A model of another tenant, for a credential the service accepts (without one, the gateway's 401 comes first).
  const accepted = ['A', 'C', 'D', 'other'].includes(tenant);
  const foreignModel = accepted && referenced.some((id) => id === world.foreign || (tenant !== 'A' && id !== undefined && world.own.includes(id)));
  if (answer.status >= 400) {
    const problem = envelopeProblem(answer, fn === 'issueToken');
    if (problem) return problem;
    if (tenant === 'none' && !NO_AUTH.has(fn ?? '')) {
      const malformed = answer.status === 400 && (answer.body as { error?: string }).error === MALFORMED_REQUEST;
      if (!malformed && JSON.stringify(answer.body) !== JSON.stringify(GATEWAY_401)) return 'bad credentials not answered with the gateway 401';
    }
    // Another tenant's model must look exactly like a model that does not exist: never 404 or 409.
    if (foreignModel && (answer.status === 404 || answer.status === 409)) return `another tenant's model answered ${answer.status}`;
    if (foreignModel && answer.status === 401 && !/^Invalid customization_id \(.*\) for user$/s.test(String((answer.body as { error?: string }).error))) {
      return 'another tenant\'s model answered a 401 that differs from an unknown model\'s';
    }
    return undefined;
  }
  if (!reached) return `${answer.status} for a target that reaches no route`;
  if (tenant === 'none' && !NO_AUTH.has(fn!)) return `${answer.status} without valid credentials`;
  if (foreignModel) return `${answer.status} on another tenant's model`;
  if (answer.text.includes(world.foreign) || answer.text.includes(world.ownerB)) return 'the answer shows another tenant\'s model';
  const expected = CREATED.has(fn!) ? 201 : 200;
  if (answer.status !== expected) return `${fn} answered ${answer.status}, not ${expected}`;
  const check = SUCCESS_BODIES[fn!] ?? ((body: unknown) => (isObject(body) ? undefined : 'not a JSON object'));
  const problem = check(answer.body);
  if (problem) return `${fn}: ${problem}`;
  if (fn === 'getLanguageModel' && tenant === 'A') {
    const model = answer.body as { customization_id: string; owner: string };
    if (!referenced.includes(model.customization_id)) return `asked for ${referenced.join()}, got ${model.customization_id}`;
    if (model.owner !== world.ownerA) return 'a model of another owner';
  }
  if (fn === 'listLanguageModels' && tenant === 'A'
    && (answer.body as { customizations: { owner: string }[] }).customizations.some((model) => model.owner !== world.ownerA)) {
    return 'lists a model of another owner';
  }
  return undefined;
}

/** A short, printable account of a request and its answer for failure messages. */
function describeExchange(request: FuzzRequest, tenant: string, answer: Answer): string {
  const body = request.body ? `${request.body.length} bytes: ${JSON.stringify(request.body.subarray(0, 160).toString('utf8'))}` : 'no body';
  return `${request.method} ${request.target.slice(0, 300)} [tenant ${tenant}; content-type ${request.headers['content-type'] ?? '-'}; ${body}]`
    + ` → ${answer.status} ${answer.text.slice(0, 300)}`;
}

// ---------------------------------------------------------------------------------------------------------------

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
