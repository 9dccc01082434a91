// Hostile names and ids for path parameters: odd Unicode, long strings, dot segments and broken percent-encodings, other tenants' ids.
import fc from 'fast-check';
import { type Route } from '../../../lib/routes';
import { encode } from './http';
import type { World } from './world';

/** Segments sent as they are: dot segments, odd and broken percent-encodings, reserved characters, the empty one. */
export const RAW_SEGMENTS = [
  '', '.', '..', '...', '../..', '%2e%2e', '%2E%2e%2F..', '.%2e', '%2F', '%2f%2f', '%5C', '\\', '%00', '%0A', '%0D%0A', '%7F',
  '%ZZ', '%', '%%', '%4', '%C0%AF', '%ED%A0%80', '%FF%FE', '%EF%BF%BD', '%252e%252e', '%u002e', ';', ';x=1', '*', '$', '!',
  "'", '(', ')', ':', '@', '&', '=', '+', ',', '~', '%20', '+%2B+', '{customization_id}', '%7Bx%7D', '[', ']', '|', '^', '`',
];

/** Decoded strings that are odd as names, ids or values (sent percent-encoded). */
export const ODD_STRINGS = [
  'ｚ', 'e\u0301', 'é', 'ß', 'İ', 'ﬁ', '\u202Eevil', '\u200B', '\uFEFF', '😀', '👩‍👩‍👧', '\u0000', '\u001f', '\u007f', '\u0085',
  '\u2028', ' ', '\t', ' lead', 'trail ', 'a b', 'a+b', 'a/b', 'a\\b', 'user', 'USER', 'base_lm', 'Default_LM', '__proto__',
  'constructor', 'toString', 'hasOwnProperty', '\uD800', 'x\uDFFFy', 'null', 'undefined', '[]', '{}', '-1', 'NaN', '0',
  'G000000#WORD#x', 'MODEL', '\u001fchunk', 'x'.repeat(128), 'x'.repeat(129), '<script>', '${jndi:x}', "' OR 1=1 --",
];

export const paramNames = (route: Route) => [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

/** Valid path parameters for the deterministic examples ('M': the previous-generation model under test). */
export const VALID_PARAMS: Record<string, string> = {
  customization_id: 'M', corpus_name: 'fzc', grammar_name: 'fzg', word_name: 'fzw', model_id: 'en-US_BroadbandModel',
};

/** The string and path-parameter arbitraries: `param(name)` fills a route template's parameter. */
export function nameArbitraries(world: World) {
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
  return { odd, long, decoded, hostileSegment, param };
}
