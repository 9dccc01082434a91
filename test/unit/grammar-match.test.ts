import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grammarMatcher } from '../../lib/grammars/match';
import { GrammarError, compileGrammar, type GrammarFormat } from '../../lib/grammars/parse';

const HEADER = '#ABNF 1.0 UTF-8;\nlanguage en-US;\nmode voice;\n';
const abnf = (body: string) => grammarMatcher(`${HEADER}${body}`, 'abnf');
const xml = (rules: string, root: string) =>
  grammarMatcher(`<?xml version="1.0"?>\n<grammar version="1.0" xml:lang="en-US" root="${root}">\n${rules}\n</grammar>`, 'xml');
const words = (text: string) => text.split(' ').filter(Boolean);

// Grammars with the constructs of IBM's documented examples (yes/no, confirm, digits, phone numbers, lists of names), in
// both forms, with our own content.
const FORMS: Record<string, Record<GrammarFormat, string>> = {
  yesno: {
    abnf: `${HEADER}root $answer;\n$answer = yes | no | yep | nope ;\n`,
    xml: `<grammar version="1.0" xml:lang="en-US" root="answer">
  <rule id="answer"><one-of><item>yes</item><item>no</item><item>yep</item><item>nope</item></one-of></rule>
</grammar>`,
  },
  confirm: {
    abnf: `${HEADER}root $confirm;
public $confirm = [please] ($agree | $refuse) [thank you] ;
$agree = /3/ yes {agree} | "that is right" | Correct ;
$refuse = no | "not at all" | wrong ;
`,
    xml: `<grammar xmlns="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US" root="confirm">
  <rule id="confirm" scope="public">
    <item repeat="0-1">please</item>
    <one-of>
      <item weight="3"><ruleref uri="#agree"/><tag>out="agree"</tag></item>
      <item><ruleref uri="#refuse"/></item>
    </one-of>
    <item repeat="0-1">thank you</item>
  </rule>
  <rule id="agree"><one-of><item>yes</item><item><token>that is right</token></item><item>Correct</item></one-of></rule>
  <rule id="refuse"><one-of><item>no</item><item>"not at all"</item><item>wrong</item></one-of></rule>
</grammar>`,
  },
  digits: {
    abnf: `${HEADER}root $pin;\n$pin = $digit<1-4> ;\n$digit = zero | one | two | three | four | five | six | seven | eight | nine ;\n`,
    xml: `<grammar version="1.0" xml:lang="en-US" root="pin">
  <rule id="pin"><item repeat="1-4"><ruleref uri="#digit"/></item></rule>
  <rule id="digit"><one-of>
    <item>zero</item><item>one</item><item>two</item><item>three</item><item>four</item>
    <item>five</item><item>six</item><item>seven</item><item>eight</item><item>nine</item>
  </one-of></rule>
</grammar>`,
  },
  phone: {
    abnf: `${HEADER}root $phone;
$phone = [$prefix] $group $group $digit<4> ;
$prefix = plus one | area code ;
$group = $digit<3> ;
$digit = oh | zero | one | two | three | four | five | six | seven | eight | nine ;
`,
    xml: `<grammar version="1.0" xml:lang="en-US" root="phone">
  <rule id="phone">
    <item repeat="0-1"><ruleref uri="#prefix"/></item>
    <ruleref uri="#group"/> <ruleref uri="#group"/>
    <item repeat="4"><ruleref uri="#digit"/></item>
  </rule>
  <rule id="prefix"><one-of><item>plus one</item><item>area code</item></one-of></rule>
  <rule id="group"><item repeat="3"><ruleref uri="#digit"/></item></rule>
  <rule id="digit"><one-of>
    <item>oh</item><item>zero</item><item>one</item><item>two</item><item>three</item><item>four</item>
    <item>five</item><item>six</item><item>seven</item><item>eight</item><item>nine</item>
  </one-of></rule>
</grammar>`,
  },
  cities: {
    abnf: `${HEADER}root $trip;
$trip = fly to $city | $city please ;
$city = "New York" | "Los Angeles" | Boston | "Salt Lake City" | "St. Louis" ;
`,
    xml: `<grammar version="1.0" xml:lang="en-US" root="trip">
  <rule id="trip"><one-of><item>fly to <ruleref uri="#city"/></item><item><ruleref uri="#city"/> please</item></one-of></rule>
  <rule id="city"><one-of>
    <item><token>New York</token></item><item>"Los Angeles"</item><item>Boston</item>
    <item>Salt Lake City</item><item><token>St. Louis</token></item>
  </one-of></rule>
</grammar>`,
  },
};

// [grammar, spoken, answer (undefined: no match)] — each checked in both forms.
const CASES: [string, string, string | undefined][] = [
  ['yesno', 'yes', 'yes'],
  ['yesno', 'nope', 'nope'],
  ['yesno', 'maybe', undefined],
  ['yesno', 'yes no', undefined],
  ['yesno', '', undefined],
  ['confirm', 'yes', 'yes'],
  ['confirm', 'please that is right thank you', 'please that is right thank you'],
  ['confirm', 'CORRECT', 'Correct'],
  ['confirm', 'please not at all', 'please not at all'],
  ['confirm', 'please', undefined],
  ['confirm', 'not at', undefined],
  ['confirm', 'yes thank', undefined],
  ['digits', 'four', 'four'],
  ['digits', 'one two three four', 'one two three four'],
  ['digits', 'one two three four five', undefined],
  ['digits', 'one two ten', undefined],
  ['phone', 'five five five one two three four five six seven', 'five five five one two three four five six seven'],
  ['phone', 'plus one oh one two three four five six seven eight nine', 'plus one oh one two three four five six seven eight nine'],
  ['phone', 'area code five five five one two three four five six', undefined],
  ['phone', 'five five five one two three four five six', undefined],
  ['cities', 'fly to new york', 'fly to New York'],
  ['cities', 'salt lake city please', 'Salt Lake City please'],
  ['cities', 'fly to st louis', 'fly to St. Louis'],
  ['cities', 'fly to new', undefined],
  ['cities', 'fly to salt lake', undefined],
  ['cities', 'boston', undefined],
];

describe('grammarMatcher on example grammars, ABNF and XML', () => {
  for (const format of ['abnf', 'xml'] as const) {
    const matchers = Object.fromEntries(Object.entries(FORMS).map(([name, forms]) => [name, grammarMatcher(forms[format], format)]));
    it.each(CASES)(`${format} %s: "%s"`, (grammar, spoken, answer) => {
      expect(matchers[grammar](words(spoken))).toEqual(answer === undefined ? undefined : words(answer));
    });
  }

  it('compares case-insensitively and without punctuation at word edges, answering the grammar spelling', () => {
    const match = abnf('root $r;\n$r = "O\'Brien" | YO | "Dr." Who | "AT&T" | "&" ;\n');
    expect(match(['o’brien'])).toBeUndefined(); // a different apostrophe is not at an edge
    expect(match(["O'BRIEN!"])).toEqual(["O'Brien"]);
    expect(match(['"yo"'])).toEqual(['YO']);
    expect(match(['dr', 'WHO?'])).toEqual(['Dr.', 'Who']);
    expect(match(['at&t,'])).toEqual(['AT&T']);
    expect(match(['&'])).toEqual(['&']);
    expect(match(['?'])).toBeUndefined();
  });

  it('matches only from the root rule: a public rule is not an entry', () => {
    const match = abnf('root $r;\n$r = hello $name;\npublic $name = alice | bob;\n');
    expect(compileGrammar(`${HEADER}root $r;\n$r = hello;\npublic $name = alice;\n`, 'abnf').words).toEqual(['hello', 'alice']);
    expect(match(['hello', 'bob'])).toEqual(['hello', 'bob']);
    expect(match(['bob'])).toBeUndefined();
  });

  it('answers the same derivation every time: the first alternative that fits', () => {
    const match = abnf('root $r;\n$r = $a | $b;\n$a = Hello there;\n$b = hello THERE;\n');
    expect(match(['hello', 'there'])).toEqual(['Hello', 'there']);
    expect(match(['HELLO', 'THERE'])).toEqual(['Hello', 'there']);
  });

  it('ignores weights, tags and language attachments', () => {
    const match = abnf('root $r;\n$r = /0.1/ yes !en-US {ok} | /5/ no {$.x = 1} | {!{ nothing }!} maybe;\n');
    expect(match(['maybe'])).toEqual(['maybe']);
    expect(match(['yes'])).toEqual(['yes']);
  });

  it('throws the same GrammarError as compileGrammar for an invalid grammar', () => {
    for (const [text, format] of [
      [`${HEADER}root $r;\n$r = hello $missing;\n`, 'abnf'],
      [`${HEADER}$r = hello;\n`, 'abnf'],
      ['<grammar root="r"><rule id="r"><ruleref uri="other.grxml#x"/></rule></grammar>', 'xml'],
      ['<grammar root="r"><rule id="r">hello</grammar>', 'xml'],
    ] as [string, GrammarFormat][]) {
      const expected = (() => {
        try {
          compileGrammar(text, format);
        } catch (error) {
          return error as GrammarError;
        }
        throw new Error('expected a compile error');
      })();
      expect(expected).toBeInstanceOf(GrammarError);
      expect(() => grammarMatcher(text, format)).toThrow(GrammarError);
      expect(() => grammarMatcher(text, format)).toThrow(expected.message);
    }
  });
});

describe('grammarMatcher: repeats', () => {
  it('honours min and max', () => {
    const match = abnf('root $r;\n$r = go $x<2-3> stop;\n$x = la;\n');
    expect(match(words('go la stop'))).toBeUndefined();
    expect(match(words('go la la stop'))).toEqual(words('go la la stop'));
    expect(match(words('go la la la stop'))).toEqual(words('go la la la stop'));
    expect(match(words('go la la la la stop'))).toBeUndefined();
  });

  it('takes unbounded repeats and optional items', () => {
    const match = abnf('root $r;\n$r = a<0-> b<1-> [c] d<0-> e<2->;\n');
    expect(match(words('b e e'))).toEqual(words('b e e'));
    expect(match(words('a a b b c d d e e e'))).toEqual(words('a a b b c d d e e e'));
    expect(match(words('a c e e'))).toBeUndefined();
    expect(match(words('b e'))).toBeUndefined();
  });

  it('takes repeats of items that can match nothing, with large counts', () => {
    const match = abnf('root $r;\n$r = ([la] | $NULL)<1000> end | (x [y])<3-1000000> ;\n');
    expect(match(['end'])).toEqual(['end']);
    expect(match(words('la la la end'))).toEqual(words('la la la end'));
    expect(match(words('x x'))).toBeUndefined();
    expect(match(words('x y x x y'))).toEqual(words('x y x x y'));
    expect(abnf('root $r;\n$r = hi $NULL<0> (bye)<0>;\n')(['hi'])).toEqual(['hi']);
  });

  it('matches XML repeats', () => {
    const match = xml(`<rule id="r"><item repeat="2-">ha</item><item repeat="0-2"><one-of><item>ho</item><item>he he</item></one-of></item></rule>`, 'r');
    expect(match(words('ha ha ha he he ho'))).toEqual(words('ha ha ha he he ho'));
    expect(match(words('ha ha ho ho ho'))).toBeUndefined();
    expect(match(words('ha'))).toBeUndefined();
  });
});

describe('grammarMatcher: recursion and special rules', () => {
  it('matches right-recursive and left-recursive rules without looping', () => {
    const right = abnf('root $list;\n$list = $item [and $list];\n$item = tea | coffee | milk;\n');
    const left = abnf('root $list;\n$list = $list and $item | $item;\n$item = tea | coffee | milk;\n');
    for (const match of [right, left]) {
      expect(match(words('tea'))).toEqual(['tea']);
      expect(match(words('tea and milk and coffee'))).toEqual(words('tea and milk and coffee'));
      expect(match(words('tea and'))).toBeUndefined();
      expect(match(words('and tea'))).toBeUndefined();
    }
    const long = Array.from({ length: 199 }, (_, i) => (i % 2 === 0 ? 'tea' : 'and'));
    expect(left(long)).toEqual(long);
    expect(right(long)).toEqual(long);
  });

  it('terminates on empty loops and loops of bare references', () => {
    const match = abnf('root $r;\n$r = $a | $e x | $loop;\n$a = $b;\n$b = $a;\n$e = $e | $NULL | $e $e;\n$loop = $loop $loop | y;\n');
    expect(match(['x'])).toEqual(['x']);
    expect(match(words('y y y y'))).toEqual(words('y y y y'));
    expect(match(['z'])).toBeUndefined();
  });

  it('matches mutual recursion in XML', () => {
    const match = xml(`<rule id="expr"><ruleref uri="#term"/><item repeat="0-1">plus <ruleref uri="#expr"/></item></rule>
<rule id="term"><one-of><item>one</item><item>open <ruleref uri="#expr"/> close</item></one-of></rule>`, 'expr');
    expect(match(words('open one plus one close plus one'))).toEqual(words('open one plus one close plus one'));
    expect(match(words('open one plus close'))).toBeUndefined();
  });

  it('$NULL matches nothing, $VOID never matches', () => {
    const match = abnf('root $r;\n$r = hello $NULL world | hello $VOID | $VOID<0> bye;\n');
    expect(match(words('hello world'))).toEqual(words('hello world'));
    expect(match(['hello'])).toBeUndefined();
    expect(match(['bye'])).toEqual(['bye']);
    const xmlMatch = xml('<rule id="r"><one-of><item>a<ruleref special="NULL"/>b</item><item>c<ruleref special="VOID"/></item></one-of></rule>', 'r');
    expect(xmlMatch(words('a b'))).toEqual(words('a b'));
    expect(xmlMatch(['c'])).toBeUndefined();
  });

  it('$GARBAGE swallows any run of spoken words and keeps them as spoken', () => {
    const match = abnf('root $r;\n$r = $GARBAGE Order $GARBAGE pizza | Cancel;\n');
    expect(match(words('um I would like to order a large PIZZA'))).toEqual(words('um I would like to Order a large pizza'));
    expect(match(words('order pizza'))).toEqual(words('Order pizza'));
    expect(match(words('order pizza now'))).toBeUndefined();
    expect(match(words('cancel'))).toEqual(['Cancel']);
    const only = xml('<rule id="r"><ruleref special="GARBAGE"/></rule>', 'r');
    expect(only([])).toEqual([]);
    expect(only(['Anything,', 'AT', 'all'])).toEqual(['Anything,', 'AT', 'all']);
  });

  it('answers [] for no spoken words only when the root can match nothing', () => {
    expect(abnf('root $r;\n$r = [yes];\n')([])).toEqual([]);
    expect(abnf('root $r;\n$r = yes;\n')([])).toBeUndefined();
  });
});

describe('grammarMatcher: cost', () => {
  it('answers ambiguous grammars on 200 spoken words without blowing up', () => {
    const spoken = Array.from({ length: 200 }, () => 'a');
    expect(abnf('root $r;\n$r = (a | a)<0->;\n')(spoken)).toEqual(spoken);
    expect(abnf('root $r;\n$r = (a | a a | $r $r)<1-> ;\n')(spoken)).toEqual(spoken);
    expect(abnf('root $r;\n$r = ((a<0->)<0-> | $GARBAGE)<0-> a;\n')(spoken)).toEqual(spoken);
    expect(abnf('root $r;\n$r = ($GARBAGE a $GARBAGE)<1-> b;\n')(spoken)).toBeUndefined();
    expect(abnf('root $r;\n$r = (a | a)<0-> b;\n')(spoken)).toBeUndefined();
  });

  it('answers a grammar of hundreds of rules', () => {
    const commands = Array.from({ length: 300 }, (_, i) => `$c${i} = verb${i} [the] ($object | thing${i}) [please] | verb${i} $c${(i + 1) % 300} and;`);
    const match = abnf(`root $r;\n$r = $command<1->;\n$command = ${commands.map((_, i) => `$c${i}`).join(' | ')};\n${commands.join('\n')}
$object = lamp | door | "front window" | $GARBAGE box;\n`);
    const spoken = Array.from({ length: 50 }, (_, i) => [`verb${(i * 37) % 300}`, 'the', i % 2 ? 'lamp' : `thing${(i * 37) % 300}`, 'please']).flat();
    expect(match(spoken)).toEqual(spoken);
    const nested = words('verb1 verb2 verb3 front window please and and verb4 crate of box');
    expect(match([...spoken, ...nested])).toEqual([...spoken, ...nested]);
    expect(match([...spoken, ...nested, 'lamp'])).toBeUndefined();
    expect(match([...spoken, 'verb1'])).toBeUndefined();
  });

  it('answers a grammar whose rules all start each other (left recursion through every rule)', () => {
    const rules = Array.from({ length: 300 }, (_, i) => `$r${i} = w${i} [$r${(i + 1) % 300}] | $r${(i + 7) % 300} x${i};`);
    const match = abnf(`root $r0;\n${rules.join('\n')}\n`);
    const spoken = Array.from({ length: 40 }, (_, i) => `w${i}`);
    expect(match(spoken)).toEqual(spoken);
    expect(match(words('w0 w8 x1'))).toEqual(words('w0 w8 x1')); // $r0 = w0 $r1, $r1 = $r8 x1, $r8 = w8
    expect(match(words('w0 w1 w9 x2 x1'))).toBeUndefined();
    expect(match(words('w0 w1 w9 x2'))).toEqual(words('w0 w1 w9 x2'));
    expect(match([...spoken, 'w9'])).toBeUndefined();
  });
});

// Property: on random grammars of three rules (references between them, so recursion of every kind), the matcher
// accepts exactly what a naive least-fixpoint matcher accepts; its answer has one word per spoken word and is itself
// accepted.
type G =
  | { k: 'w'; w: string[] } | { k: 'ref'; r: number } | { k: 'seq' | 'alt'; items: G[] }
  | { k: 'rep'; item: G; min: number; max: number | null } | { k: 'garbage' | 'null' | 'void' };
const VOCAB = ['a', 'b', 'c'];
const gArb = fc.letrec<{ g: G }>((tie) => ({
  g: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('w' as const), w: fc.array(fc.constantFrom(...VOCAB), { minLength: 1, maxLength: 2 }) }),
    fc.record({ k: fc.constant('ref' as const), r: fc.nat(2) }),
    fc.record({ k: fc.constantFrom('seq' as const, 'alt' as const), items: fc.array(tie('g'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ k: fc.constant('rep' as const), item: tie('g'), min: fc.nat(2), max: fc.option(fc.nat(2), { nil: null }) }).map(
      (r) => ({ ...r, max: r.max === null ? null : r.min + r.max }),
    ),
    fc.record({ k: fc.constantFrom('garbage' as const, 'null' as const, 'void' as const) }),
  ),
})).g;
const toAbnf = (g: G): string => {
  switch (g.k) {
    case 'w': return `"${g.w.join(' ')}"`;
    case 'ref': return `$r${g.r}`;
    case 'seq': return `(${g.items.map(toAbnf).join(' ')})`;
    case 'alt': return `(${g.items.map(toAbnf).join(' | ')})`;
    case 'rep': return `(${toAbnf(g.item)})<${g.min}-${g.max ?? ''}>`;
    default: return `$${g.k.toUpperCase()}`;
  }
};
/** Whether rule 0 matches all of s: ends of every (rule, start) by naive iteration until nothing changes. */
const naiveAccepts = (rules: G[], s: string[]): boolean => {
  let table = rules.map(() => s.map(() => new Set<number>()).concat([new Set()]));
  const ends = (g: G, at: number): Set<number> => {
    const from = (set: Set<number>, item: G) => new Set([...set].flatMap((p) => [...ends(item, p)]));
    switch (g.k) {
      case 'w': return g.w.every((w, i) => s[at + i] === w) ? new Set([at + g.w.length]) : new Set();
      case 'ref': return table[g.r][at];
      case 'seq': return g.items.reduce(from, new Set([at]));
      case 'alt': return new Set(g.items.flatMap((item) => [...ends(item, at)]));
      case 'garbage': return new Set(Array.from({ length: s.length - at + 1 }, (_, i) => at + i));
      case 'null': return new Set([at]);
      case 'void': return new Set();
      case 'rep': {
        const all = new Set<number>();
        let current = new Set([at]);
        for (let k = 0; k <= (g.max ?? g.min + s.length + 1) && current.size > 0; k += 1) {
          if (k >= g.min) current.forEach((p) => all.add(p));
          current = from(current, g.item);
        }
        return all;
      }
    }
  };
  for (;;) {
    const next = rules.map((rule) => table[0].map((_, at) => ends(rule, at)));
    const settled = next.every((row, r) => row.every((set, at) => set.size === table[r][at].size));
    table = next;
    if (settled) return table[0][0].has(s.length);
  }
};

describe('grammarMatcher: property', () => {
  it('accepts exactly what a naive matcher accepts', () => {
    const phrase = fc.array(fc.constantFrom(...VOCAB), { maxLength: 6 });
    fc.assert(
      fc.property(fc.array(gArb, { minLength: 3, maxLength: 3 }), fc.array(phrase, { minLength: 5, maxLength: 5 }), (rules, phrases) => {
        const match = abnf(`root $r0;\n${rules.map((g, i) => `$r${i} = ${toAbnf(g)};`).join('\n')}\n`);
        for (const spoken of phrases) {
          const answer = match(spoken);
          expect(answer !== undefined).toBe(naiveAccepts(rules, spoken));
          if (answer) {
            expect(answer).toEqual(spoken); // lower-case vocabulary: the answer is the spoken words
            expect(match(answer)).toEqual(answer);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
