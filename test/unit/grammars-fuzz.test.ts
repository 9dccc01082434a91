// Fuzzing the grammar compiler: random grammars in both forms, mutated grammars and random strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrammarError, compileGrammar, type GrammarFormat } from '../../lib/grammars/parse';
import { EXAMPLES, OTHER_FORM, formatOf } from './support/grammars';

type Node =
  | { kind: 'token'; words: string[]; style: 'bare' | 'quoted' | 'element'; lang: boolean }
  | { kind: 'ref'; pick: number }
  | { kind: 'special'; rule: 'NULL' | 'VOID' | 'GARBAGE' }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; items: Node[]; weights: number[] | undefined }
  | { kind: 'repeat'; item: Node; min: number; max: number | null; prob: number | undefined }
  | { kind: 'optional'; item: Node }
  | { kind: 'tag' }
  | { kind: 'empty' };

interface RuleSpec { name: string; scope: 'public' | 'private' | undefined; body: Node }
interface GrammarSpec { rules: RuleSpec[]; root: number }

const wordArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9'.\-_]{0,5}$/) },
  { weight: 1, arbitrary: fc.constantFrom('café', 'Zürich', '東京', "O'Brien", 'AT&T', 'x<y', 'a>b', 'semi;colon', 'NULL', 'root', 'public') },
);
const needsQuotes = (word: string) => /[;|()[\]{}<>/"$!=\\]/.test(word);

const nodeArb = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('token' as const),
      words: fc.array(wordArb, { minLength: 1, maxLength: 3 }),
      style: fc.constantFrom('bare' as const, 'quoted' as const, 'element' as const),
      lang: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('ref' as const), pick: fc.nat(20) }),
    fc.record({ kind: fc.constant('special' as const), rule: fc.constantFrom('NULL' as const, 'VOID' as const, 'GARBAGE' as const) }),
    fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('node'), { minLength: 2, maxLength: 4 }) }),
    fc.array(tie('node'), { minLength: 2, maxLength: 4 }).chain((items) => fc.record({
      kind: fc.constant('alt' as const),
      items: fc.constant(items),
      weights: fc.option(fc.array(fc.integer({ min: 0, max: 40 }).map((w) => w / 4), { minLength: items.length, maxLength: items.length }),
        { nil: undefined }),
    })),
    fc.integer({ min: 0, max: 3 }).chain((min) => fc.record({
      kind: fc.constant('repeat' as const),
      item: tie('node'),
      min: fc.constant(min),
      max: fc.oneof(fc.constant(null), fc.integer({ min, max: min + 3 })),
      prob: fc.option(fc.integer({ min: 0, max: 10 }).map((p) => p / 10), { nil: undefined }),
    })),
    fc.record({ kind: fc.constant('optional' as const), item: tie('node') }),
    fc.constant({ kind: 'tag' as const }),
    fc.constant({ kind: 'empty' as const }),
  ),
}));

const grammarArb: fc.Arbitrary<GrammarSpec> = fc
  .uniqueArray(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/).filter((n) => !['NULL', 'VOID', 'GARBAGE'].includes(n)),
    { minLength: 1, maxLength: 5 })
  .chain((names) => fc.record({
    rules: fc.tuple(...names.map((name) => fc.record({
      name: fc.constant(name),
      scope: fc.constantFrom('public' as const, 'private' as const, undefined),
      body: nodeArb.node,
    }))),
    root: fc.nat(names.length - 1),
  }));

/** Rule `i` may reference only rules after it, so the reference graph has no cycles (recursion has unit tests). */
const target = (spec: GrammarSpec, from: number, pick: number) =>
  (from + 1 < spec.rules.length ? from + 1 + (pick % (spec.rules.length - from - 1)) : undefined);

/** The vocabulary, computed directly from the generated tree: terminals of complete phrases from root and public rules. */
function expectedVocabulary(spec: GrammarSpec): Set<string> {
  const derives = (node: Node, from: number): boolean => {
    switch (node.kind) {
      case 'token': case 'tag': case 'empty': case 'optional': return true;
      case 'special': return node.rule !== 'VOID';
      case 'ref': {
        const to = target(spec, from, node.pick);
        return to === undefined ? true : derives(spec.rules[to].body, to);
      }
      case 'seq': return node.items.every((item) => derives(item, from));
      case 'alt': return node.items.some((item) => derives(item, from));
      case 'repeat': return node.min === 0 || derives(node.item, from);
    }
  };
  const out = new Set<string>();
  const collect = (node: Node, from: number) => {
    switch (node.kind) {
      case 'token': node.words.forEach((word) => out.add(word)); break;
      case 'ref': {
        const to = target(spec, from, node.pick);
        if (to === undefined) out.add(`w${node.pick}`);
        else collect(spec.rules[to].body, to);
        break;
      }
      case 'seq': if (node.items.every((item) => derives(item, from))) node.items.forEach((item) => collect(item, from)); break;
      case 'alt': node.items.filter((item) => derives(item, from)).forEach((item) => collect(item, from)); break;
      case 'repeat': if (node.max !== 0 && derives(node.item, from)) collect(node.item, from); break;
      case 'optional': if (derives(node.item, from)) collect(node.item, from); break;
      default:
    }
  };
  spec.rules.forEach((rule, i) => {
    if ((i === spec.root || rule.scope === 'public') && derives(rule.body, i)) collect(rule.body, i);
  });
  return out;
}

function renderAbnf(spec: GrammarSpec, comments: boolean): string {
  const render = (node: Node, from: number, context: 'top' | 'seq' | 'unary'): string => {
    switch (node.kind) {
      case 'token': {
        const text = node.style === 'bare' && node.words.length === 1 && !needsQuotes(node.words[0])
          ? node.words[0] : `"${node.words.join(' ')}"`;
        return node.lang ? `${text}!en-US` : text;
      }
      case 'ref': {
        const to = target(spec, from, node.pick);
        return to === undefined ? `w${node.pick}` : `$${spec.rules[to].name}`;
      }
      case 'special': return `$${node.rule}`;
      case 'seq': {
        const text = node.items.map((item) => render(item, from, 'seq')).join(' ');
        return context === 'unary' ? `(${text})` : text;
      }
      case 'alt': {
        const text = node.items.map((item, i) => `${node.weights ? `/${node.weights[i]}/ ` : ''}${render(item, from, item.kind === 'alt' ? 'seq' : 'top')}`)
          .join(comments ? ' /* or */ | ' : ' | ');
        return context === 'top' ? text : `(${text})`;
      }
      case 'repeat': {
        const inner = node.item.kind === 'repeat' ? `(${render(node.item, from, 'top')})` : render(node.item, from, 'unary');
        const range = node.max === null ? `${node.min}-` : node.max === node.min ? `${node.min}` : `${node.min}-${node.max}`;
        return `${inner}<${range}${node.prob === undefined ? '' : ` /${node.prob}/`}>`;
      }
      case 'optional': return `[${render(node.item, from, 'top')}]`;
      case 'tag': return comments ? '{!{ out = "}" }!}' : '{ out.x = 1 }';
      case 'empty': return '()';
    }
  };
  const lines = ['#ABNF 1.0 UTF-8;', 'language en-US;', `root $${spec.rules[spec.root].name};`];
  spec.rules.forEach((rule, i) => {
    if (comments) lines.push(`// rule ${i}`);
    lines.push(`${rule.scope ? `${rule.scope} ` : ''}$${rule.name} = ${render(rule.body, i, 'top')};`);
  });
  return lines.join('\n');
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function renderXml(spec: GrammarSpec): string {
  const render = (node: Node, from: number): string => {
    switch (node.kind) {
      case 'token': {
        const lang = node.lang ? ' xml:lang="en-US"' : '';
        if (node.style === 'element') return `<token${lang}>${escapeXml(node.words.join(' '))}</token>`;
        const text = node.style === 'bare' ? node.words.join(' ') : `"${node.words.join(' ')}"`;
        return node.lang ? `<item${lang}>${escapeXml(text)}</item>` : ` ${escapeXml(text)} `;
      }
      case 'ref': {
        const to = target(spec, from, node.pick);
        return to === undefined ? ` w${node.pick} ` : `<ruleref uri="#${spec.rules[to].name}"/>`;
      }
      case 'special': return `<ruleref special="${node.rule}"/>`;
      case 'seq': return node.items.map((item) => render(item, from)).join(' ');
      case 'alt': return `<one-of>${node.items.map((item, i) =>
        `<item${node.weights ? ` weight="${node.weights[i]}"` : ''}>${render(item, from)}</item>`).join('\n')}</one-of>`;
      case 'repeat': {
        const range = node.max === null ? `${node.min}-` : node.max === node.min ? `${node.min}` : `${node.min}-${node.max}`;
        return `<item repeat="${range}"${node.prob === undefined ? '' : ` repeat-prob="${node.prob}"`}>${render(node.item, from)}</item>`;
      }
      case 'optional': return `<item repeat="0-1">${render(node.item, from)}</item>`;
      case 'tag': return '<tag>out.x = "1";</tag>';
      case 'empty': return '<item/>';
    }
  };
  const rules = spec.rules.map((rule, i) =>
    `  <rule id="${rule.name}"${rule.scope ? ` scope="${rule.scope}"` : ''}>${render(rule.body, i)}</rule>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<grammar version="1.0" xmlns="http://www.w3.org/2001/06/grammar" xml:lang="en-US" `
    + `root="${spec.rules[spec.root].name}">\n${rules.join('\n')}\n</grammar>\n`;
}

/** Compiles, asserting that a failure is a GrammarError with a sensible position and that nothing takes long. */
function compileOrGrammarError(text: string, format: GrammarFormat): void {
  const started = performance.now();
  try {
    const compiled = compileGrammar(text, format);
    expect(Array.isArray(compiled.words)).toBe(true);
    expect(typeof compiled.root).toBe('string');
  } catch (error) {
    if (!(error instanceof GrammarError)) throw error;
    expect(Number.isInteger(error.line) && error.line >= 1).toBe(true);
    expect(Number.isInteger(error.column) && error.column >= 1).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(500);
}

/** Runs per property; raise it (GRAMMAR_FUZZ_RUNS=20000) for a longer hunt. */
const RUNS = Number(process.env.GRAMMAR_FUZZ_RUNS ?? 300);

describe('fuzzing', () => {
  it('compiles random grammars in both forms to exactly the vocabulary they can produce', () => {
    fc.assert(fc.property(grammarArb, fc.boolean(), (spec, comments) => {
      const expected = [...expectedVocabulary(spec)].sort();
      const fromAbnf = compileGrammar(renderAbnf(spec, comments), 'abnf');
      const fromXml = compileGrammar(renderXml(spec), 'xml');
      expect([...fromAbnf.words].sort()).toEqual(expected);
      expect(fromXml.words).toEqual(fromAbnf.words);
      expect(fromAbnf.root).toBe(spec.rules[spec.root].name);
      expect(fromXml.root).toBe(spec.rules[spec.root].name);
    }), { numRuns: RUNS });
  });

  const SPECIAL_CHARS = [...'$;|()[]{}<>/"!=\\*#-.0123456789 \t\n\r\'&?:_'];
  const mutation = fc.record({
    op: fc.constantFrom('delete', 'insert', 'duplicate', 'truncate', 'swap'),
    at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
    char: fc.oneof(fc.constantFrom(...SPECIAL_CHARS), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  });
  const mutate = (text: string, steps: { op: string; at: number; char: string }[]) => steps.reduce((s, { op, at, char }) => {
    const k = Math.floor(at * (s.length + 1));
    switch (op) {
      case 'delete': return s.slice(0, k) + s.slice(k + 1);
      case 'insert': return s.slice(0, k) + char + s.slice(k);
      case 'duplicate': return s.slice(0, k) + s.charAt(k) + s.slice(k);
      case 'swap': return s.slice(0, k) + s.charAt(k + 1) + s.charAt(k) + s.slice(k + 2);
      default: return s.slice(0, k);
    }
  }, text);
  const bases = [...Object.entries(EXAMPLES), ...Object.entries(OTHER_FORM)].map(([name, text]) => ({ text, format: formatOf(name) }));

  it('compiles mutated grammars or rejects them with a GrammarError', () => {
    const base = fc.oneof(
      fc.constantFrom(...bases),
      grammarArb.chain((spec) => fc.constantFrom(
        { text: renderAbnf(spec, true), format: 'abnf' as const },
        { text: renderXml(spec), format: 'xml' as const },
      )),
    );
    fc.assert(fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), ({ text, format }, steps, swap) => {
      const mutated = mutate(text, steps);
      compileOrGrammarError(mutated, format);
      if (swap) compileOrGrammarError(mutated, format === 'xml' ? 'abnf' : 'xml');
    }), { numRuns: RUNS });
  });

  it('compiles random strings or rejects them with a GrammarError', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS, 'a', 'b', '$r', 'root', '#ABNF 1.0;', '<rule id="r">', '</rule>',
        '<item>', '</item>', '<one-of>', '</one-of>', '<ruleref uri="#r"/>', '<grammar root="r">', '</grammar>'), maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS, 'a', ' b ', '$r', '$s', 'public ', '$NULL', '$VOID', '"x y"', '<0-1>', '/2/'),
        maxLength: 60 }).map((body) => `#ABNF 1.0;\nroot $r;\n$r = ${body}`),
      fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS, 'a', '<item>', '</item>', '<one-of>', '</one-of>', '<ruleref uri="#r"/>',
        '<ruleref special="VOID"/>', '<token>', '</token>', '<tag>', '</tag>', '<rule id="s">', '</rule>'), maxLength: 40 })
        .map((body) => `<grammar root="r"><rule id="r">${body}</rule></grammar>`),
    );
    fc.assert(fc.property(text, fc.constantFrom('abnf' as const, 'xml' as const), (input, format) => {
      compileOrGrammarError(input, format);
    }), { numRuns: RUNS });
  });
});
