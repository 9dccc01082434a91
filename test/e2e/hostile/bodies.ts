// Hostile request bodies: text, grammars, JSON of every shape, multipart and token forms; and the fixed bodies that once broke the store.
import fc from 'fast-check';
import { encode } from './http';
import type { Parts } from './requests';
import { ABNF, CORPUS, XML, type World } from './world';

export const jsonBody = (value: unknown) => ({ body: Buffer.from(JSON.stringify(value)), type: 'application/json' });
export const VALID_BODIES: Record<string, Parts['body']> = {
  createLanguageModel: jsonBody({ name: 'fz', base_model_name: 'en-US_BroadbandModel' }),
  addCorpus: { body: Buffer.from(CORPUS), type: 'text/plain' },
  addGrammar: { body: Buffer.from(ABNF), type: 'application/srgs' },
  addWords: jsonBody({ words: [{ word: 'fzword' }] }),
  addWord: jsonBody({}),
};
/** Bodies sent to one of the models under test (by index: M, N, K). */
export const HOSTILE_BODIES: Record<string, [number, Parts['body']][]> = {
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

/** The body arbitrary; `odd` and `long` are the strings of names.ts, used in JSON values too. */
export function bodyArbitrary(world: World, { odd, long }: { odd: fc.Arbitrary<string>; long: fc.Arbitrary<string> }) {
  const [modelM, modelN] = world.own;
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
  return body;
}
