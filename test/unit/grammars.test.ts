import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GrammarError, compileGrammar, type GrammarFormat } from '../../lib/grammars/parse';

// Grammars modelled on IBM's example grammars (the files linked from ibm-cloud-docs/speech-to-text grammar-examples.md and the
// two inline grammars of grammar-understand.md): each uses the same SRGS constructs as its model (header and declarations, rule
// structure, nesting, alternatives, repeats, quoted tokens, empty items, XML attributes and layout), but with our own content.
const EXAMPLES = {
  'confirm-like.abnf': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $greeting;

$greeting = hello | hi | hey | howdy | hiya | greetings | salutations | welcome | cheers
| ahoy | YO | morning ;
`,
  'confirm-like.xml': `<grammar version="1.0" xml:lang="en-US" root="greetings">
  <rule id="greetings">
    <one-of>
      <item> hello </item>
      <item> hi </item>
      <item> hey </item>
      <item> howdy </item>
      <item> hiya </item>
      <item> greetings </item>
      <item> salutations </item>
      <item> welcome </item>
      <item> cheers </item>
      <item> ahoy </item>
      <item> YO </item>
      <item> morning </item>
    </one-of>
  </rule>
</grammar>
`,
  'list-names-like.abnf': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $people;

$people = Ingrid Holloway
| K K Brandt
| K K De Vries
| K K Okafor
| K K Sr Lindqvist
| K K Moreau IV
| K M Castellano IV
| Ana Sofia Ruiz
| Tomasz Wrobel
| Tove Berg
| Teodora Ilic
;
`,
  'list-numbers-like.abnf': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $MANY;

$MANY = $hue<1-> ;

$hue = red | orange | yellow | green | blue | indigo | violet | black | white | grey | pink ;
`,
  'list-numbers-like.xml': `<grammar version="1.0" xml:lang="en-US" root="colours">
  <rule id="colours">
    <one-of>
      <item> red </item>
      <item> orange </item>
      <item> yellow </item>
      <item> green </item>
      <item> blue </item>
      <item> indigo </item>
      <item> violet </item>
      <item> black </item>
      <item> white </item>
      <item> grey </item>
      <item> pink </item>
    </one-of>
  </rule>
</grammar>
`,
  'optional-like.abnf': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $root;

$root = [$preamble] $colour $colour $colour $colour $colour $colour $colour
$colour $colour $colour $colour $colour ;

$preamble = the paint mix code is
| the paint mix is
| the code is
| the paint is
;
$colour = red | orange | yellow | green | blue | indigo | violet | black | white | grey | pink ;
`,
  'vins-like.abnf': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $root;

$root = $maker_acme $alnum $alnum $alnum $alnum $alnum $alnum $alnum_batch $alnum $alnum $alnum $alnum $alnum $alnum $alnum ;

$maker_acme = (uno|dos|tres) "K." $alnum | uno siete $alnum | tres "P." "Z." | cuatro "T." seis | cinco "D." "E." | cinco "R." seis | siete tres "K." | "R." "K." $alnum | "V." "Q." "P." | "X." "C." nueve | "X." "C." "F." | "X." "K." "T." | "X." "V." "K." | "X." "T." "K." | "Y." "V." "C." | "T." "K." ("K."|"T.") ;

$alnum = $numeral | $letter_no_bgs ;
$alnum_batch = $numeral_nonzero | $letter_no_bgsqz ;
$numeral_nonzero = uno | dos | tres | cuatro | cinco | seis | siete | ocho | nueve ;
$numeral = cero | nulo | $numeral_nonzero ;

$letter_no_bgsqz = "A." | "C." | "D." | "E." | "F." | "H." | "I." | "J." | "K." | "L." | "M." | "N." | "O." | "P." | "R." | "T." | "U." | "V." | "W." | "X." | "Y." ;
$letter_no_bgs = $letter_no_bgsqz | "Q." | "Z." ;
`,
  'vins-like.xml': `<grammar version="1.0" xml:lang="en-US" root="root">

  <rule id="root">
    <item>
      <ruleref uri="#makeracme" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum_batch" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
      <ruleref uri="#alnum" />
    </item>
  </rule>
  <rule id="makeracme">
    <item>
      <one-of>
        <item>
          <one-of>
            <item> uno </item>
            <item> dos </item>
            <item> tres </item>
          </one-of>
          <item> K. <ruleref uri="#alnum"/> </item>
        </item>
        <item> uno siete <ruleref uri="#alnum"/> </item>
        <item> tres P. Z. </item>
        <item> cuatro T. seis </item>
        <item> cinco D. E. </item>
        <item> cinco R. seis </item>
        <item> siete tres K. </item>
        <item> R. K. <ruleref uri="#alnum"/> </item>
        <item> V. Q. P. </item>
        <item> X. C. nueve </item>
        <item> X. C. F. </item>
        <item> X. K. T. </item>
        <item> X. V. K. </item>
        <item> X. T. K. </item>
        <item> Y. V. C. </item>
        <item> T. K.
          <one-of>
            <item> K. </item>
            <item> T. </item>
          </one-of>
        </item>
        <item> </item>
      </one-of>
    </item>
  </rule>

  <rule id="alnum">
    <one-of>
      <item> <ruleref uri="#numeral" /> </item>
      <item> <ruleref uri="#letter_no_bgs" /> </item>
    </one-of>
  </rule>

  <rule id="alnum_batch">
    <one-of>
      <item> <ruleref uri="#numeral_nonzero" /> </item>
      <item> <ruleref uri="#letter_no_bgsqz" /> </item>
    </one-of>
  </rule>

  <rule id="numeral_nonzero">
    <one-of>
      <item> uno </item>
      <item> dos </item>
      <item> tres </item>
      <item> cuatro </item>
      <item> cinco </item>
      <item> seis </item>
      <item> siete </item>
      <item> ocho </item>
      <item> nueve </item>
    </one-of>
  </rule>
  <rule id="numeral">
    <one-of>
      <item> cero </item>
      <item> nulo </item>
      <item> <ruleref uri="#numeral_nonzero" /> </item>
    </one-of>
  </rule>

  <rule id="letter_no_bgsqz">
    <one-of>
      <item> A. </item>
      <item> C. </item>
      <item> D. </item>
      <item> E. </item>
      <item> F. </item>
      <item> H. </item>
      <item> I. </item>
      <item> J. </item>
      <item> K. </item>
      <item> L. </item>
      <item> M. </item>
      <item> N. </item>
      <item> O. </item>
      <item> P. </item>
      <item> R. </item>
      <item> T. </item>
      <item> U. </item>
      <item> V. </item>
      <item> W. </item>
      <item> X. </item>
      <item> Y. </item>
    </one-of>
  </rule>

  <rule id="letter_no_bgs">
    <one-of>
      <item> Q. </item>
      <item> Z. </item>
      <item> <ruleref uri="#letter_no_bgsqz" /> </item>
    </one-of>
  </rule>

</grammar>
`,
  'reference/list-like.abnf': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $people;

$people = Holloway
| K K Brandt
| K K De Vries
| K K Okafor
| K K Sr Lindqvist
| K K Moreau Iv
| K M Castellano Iv
| Ana Sofia Ruiz
| Tomasz Wrobel
| Tove Berg
| Teodora Ilic
;
`,
  'yesno-like (grammar-understand)': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $toggle;

$toggle = on | off ;
`,
  'names-like (grammar-understand)': `#ABNF 1.0 ISO-8859-1;
language en-US;
mode voice;
root $people;
$people = Ana Sofia Ruiz | Tove Berg | Teodora Ilic ;
`,
} as const;

// The other form of the examples above whose models IBM gives in one form only.
const OTHER_FORM = {
  'list-names-like.xml': `<?xml version="1.0" encoding="UTF-8"?>
<grammar version="1.0" xmlns="http://www.w3.org/2001/06/grammar" xml:lang="en-US" mode="voice" root="people">
  <rule id="people">
    <one-of>
      <item> Ingrid Holloway </item>
      <item> K K Brandt </item>
      <item> K K De Vries </item>
      <item> K K Okafor </item>
      <item> K K Sr Lindqvist </item>
      <item> K K Moreau IV </item>
      <item> K M Castellano IV </item>
      <item> Ana Sofia Ruiz </item>
      <item> Tomasz Wrobel </item>
      <item> Tove Berg </item>
      <item> Teodora Ilic </item>
    </one-of>
  </rule>
</grammar>
`,
  'optional-like.xml': `<grammar version="1.0" xml:lang="en-US" root="root">
  <rule id="root">
    <item repeat="0-1"><ruleref uri="#preamble"/></item>
    <item repeat="12"><ruleref uri="#colour"/></item>
  </rule>
  <rule id="preamble">
    <one-of>
      <item> the paint mix code is </item>
      <item> the paint mix is </item>
      <item> the code is </item>
      <item> the paint is </item>
    </one-of>
  </rule>
  <rule id="colour">
    <one-of>
      <item> red </item> <item> orange </item> <item> yellow </item> <item> green </item> <item> blue </item> <item> indigo </item>
      <item> violet </item> <item> black </item> <item> white </item> <item> grey </item> <item> pink </item>
    </one-of>
  </rule>
</grammar>
`,
  'list-numbers-like.xml (ABNF list-numbers-like with its repeat)': `<grammar version="1.0" xml:lang="en-US" root="MANY">
  <rule id="MANY"><item repeat="1-"><ruleref uri="#hue"/></item></rule>
  <rule id="hue">
    <one-of>
      <item>red</item><item>orange</item><item>yellow</item><item>green</item><item>blue</item><item>indigo</item>
      <item>violet</item><item>black</item><item>white</item><item>grey</item><item>pink</item>
    </one-of>
  </rule>
</grammar>
`,
  'yesno-like.xml': `<grammar version="1.0" xml:lang="en-US" mode="voice" root="toggle">
  <rule id="toggle"><one-of><item>on</item><item>off</item></one-of></rule>
</grammar>
`,
  'names-like.xml': `<grammar version="1.0" xml:lang="en-US" mode="voice" root="people">
  <rule id="people">
    <one-of>
      <item>Ana Sofia Ruiz</item>
      <item>Tove Berg</item>
      <item>Teodora Ilic</item>
    </one-of>
  </rule>
</grammar>
`,
} as const;

const GREETINGS = ['hello', 'hi', 'hey', 'howdy', 'hiya', 'greetings', 'salutations', 'welcome', 'cheers', 'ahoy', 'YO', 'morning'];
const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet', 'black', 'white', 'grey', 'pink'];
const PEOPLE = ['Ingrid', 'Holloway', 'K', 'Brandt', 'De', 'Vries', 'Okafor', 'Sr', 'Lindqvist', 'Moreau', 'IV', 'M', 'Castellano',
  'Ana', 'Sofia', 'Ruiz', 'Tomasz', 'Wrobel', 'Tove', 'Berg', 'Teodora', 'Ilic'];
const OPTIONAL = ['the', 'paint', 'mix', 'code', 'is', ...COLOURS];
const SERIALS = ['uno', 'dos', 'tres', 'K.', 'siete', 'P.', 'Z.', 'cuatro', 'T.', 'seis', 'cinco', 'D.', 'E.', 'R.', 'V.', 'Q.', 'X.',
  'C.', 'nueve', 'F.', 'Y.', 'ocho', 'cero', 'nulo', 'A.', 'H.', 'I.', 'J.', 'L.', 'M.', 'N.', 'O.', 'U.', 'W.'];

const formatOf = (name: string): GrammarFormat => (/\.xml\b/.test(name) ? 'xml' : 'abnf');

/** The GrammarError a compilation throws, as [message, line, column]. */
function failure(text: string, format: GrammarFormat): [string, number, number] {
  try {
    compileGrammar(text, format);
  } catch (error) {
    if (error instanceof GrammarError) return [error.message, error.line, error.column];
    throw error;
  }
  throw new Error('the grammar compiled');
}

const words = (text: string, format: GrammarFormat = 'abnf') => compileGrammar(text, format).words;
const abnf = (body: string, root = 'r') => `#ABNF 1.0;\nroot $${root};\n${body}`;
const xml = (body: string, root = 'r') => `<grammar version="1.0" xmlns="http://www.w3.org/2001/06/grammar" root="${root}">${body}</grammar>`;

describe("grammars modelled on IBM's examples", () => {
  const cases: [string, string, string, string[]][] = [
    ['confirm-like.abnf', EXAMPLES['confirm-like.abnf'], 'greeting', GREETINGS],
    ['confirm-like.xml', EXAMPLES['confirm-like.xml'], 'greetings', GREETINGS],
    ['list-names-like.abnf', EXAMPLES['list-names-like.abnf'], 'people', PEOPLE],
    ['list-names-like.xml (other form)', OTHER_FORM['list-names-like.xml'], 'people', PEOPLE],
    ['list-numbers-like.abnf', EXAMPLES['list-numbers-like.abnf'], 'MANY', COLOURS],
    ['list-numbers-like.xml', EXAMPLES['list-numbers-like.xml'], 'colours', COLOURS],
    ['list-numbers-like.xml with the ABNF repeat (other form)',
      OTHER_FORM['list-numbers-like.xml (ABNF list-numbers-like with its repeat)'], 'MANY', COLOURS],
    ['optional-like.abnf', EXAMPLES['optional-like.abnf'], 'root', OPTIONAL],
    ['optional-like.xml (other form)', OTHER_FORM['optional-like.xml'], 'root', OPTIONAL],
    ['vins-like.abnf', EXAMPLES['vins-like.abnf'], 'root', SERIALS],
    ['vins-like.xml', EXAMPLES['vins-like.xml'], 'root', SERIALS],
    ['reference/list-like.abnf', EXAMPLES['reference/list-like.abnf'], 'people',
      ['Holloway', 'K', 'Brandt', 'De', 'Vries', 'Okafor', 'Sr', 'Lindqvist', 'Moreau', 'Iv', 'M', 'Castellano', 'Ana', 'Sofia', 'Ruiz',
        'Tomasz', 'Wrobel', 'Tove', 'Berg', 'Teodora', 'Ilic']],
    ['yesno-like (grammar-understand)', EXAMPLES['yesno-like (grammar-understand)'], 'toggle', ['on', 'off']],
    ['yesno-like.xml (other form)', OTHER_FORM['yesno-like.xml'], 'toggle', ['on', 'off']],
    ['names-like (grammar-understand)', EXAMPLES['names-like (grammar-understand)'], 'people', ['Ana', 'Sofia', 'Ruiz', 'Tove', 'Berg', 'Teodora', 'Ilic']],
    ['names-like.xml (other form)', OTHER_FORM['names-like.xml'], 'people', ['Ana', 'Sofia', 'Ruiz', 'Tove', 'Berg', 'Teodora', 'Ilic']],
  ];
  it.each(cases)('%s compiles to its exact word list', (name, text, root, expected) => {
    expect(compileGrammar(text, formatOf(name))).toEqual({ words: expected, root });
  });

  it('compiles the same vocabulary from both forms of each example', () => {
    const pairs: [string, string][] = [
      [EXAMPLES['confirm-like.abnf'], EXAMPLES['confirm-like.xml']],
      [EXAMPLES['list-numbers-like.abnf'], EXAMPLES['list-numbers-like.xml']],
      [EXAMPLES['vins-like.abnf'], EXAMPLES['vins-like.xml']],
      [EXAMPLES['list-names-like.abnf'], OTHER_FORM['list-names-like.xml']],
      [EXAMPLES['optional-like.abnf'], OTHER_FORM['optional-like.xml']],
      [EXAMPLES['yesno-like (grammar-understand)'], OTHER_FORM['yesno-like.xml']],
      [EXAMPLES['names-like (grammar-understand)'], OTHER_FORM['names-like.xml']],
    ];
    for (const [a, x] of pairs) expect(words(a, 'abnf')).toEqual(words(x, 'xml'));
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    expect(words(`\uFEFF${EXAMPLES['confirm-like.abnf'].replace(/\n/g, '\r\n')}`)).toEqual(GREETINGS);
    expect(words(`\uFEFF${EXAMPLES['vins-like.xml'].replace(/\n/g, '\r\n')}`, 'xml')).toEqual(SERIALS);
  });
});

describe('ABNF form', () => {
  it('takes every declaration, comments, tags, weights, repeats with probabilities and language attachments', () => {
    const text = `#ABNF 1.0 UTF-8;
/* header comment */ language en-US; // trailing comment
mode voice;
root $main;
tag-format <semantics/1.0>;
base <http://example.com/grammars/>;
lexicon <http://example.com/lex.pls>;
lexicon <http://example.com/lex2>~<application/pls+xml>;
meta "author" is "Emulator Team";
http-equiv "Expires" is '0';
{ declaration tag };
{!{ var x = "}"; }!};

/** doc comment @example a b */
public $main = /10/ small {size = 'small'} | /2.5/ "extra large"!en-GB | /.5/ medium<0-1 /0.4/> pizza;
private $unused = never used;
$second = (please | kindly)<1-3> [now]!fr-FR;
`;
    expect(compileGrammar(text, 'abnf')).toEqual({ words: ['small', 'extra', 'large', 'medium', 'pizza'], root: 'main' });
  });

  it('splits quoted tokens into words, keeps case, apostrophes, hyphens and periods, and drops duplicates', () => {
    expect(words(abnf('$r = "New York" | "new  york" | New | don\'t | e-mail | "U.S." | St. | café | Zürich | 東京 | "New";')))
      .toEqual(['New', 'York', 'new', 'york', "don't", 'e-mail', 'U.S.', 'St.', 'café', 'Zürich', '東京']);
  });

  it('orders words by their first appearance in the text, whatever the rule order', () => {
    expect(words(abnf('$a = one;\n$r = $b two $a;\n$b = three;'))).toEqual(['one', 'two', 'three']);
  });

  it('collects words from the root and public rules, not from unreachable private rules', () => {
    const text = abnf('$r = a $x;\n$x = b;\npublic $p = c $y;\n$y = d;\n$z = e;\nprivate $w = f $z;');
    expect(words(text)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('produces no words through $VOID, <0> repeats, $GARBAGE or endless recursion', () => {
    expect(words(abnf('$r = a | b $VOID | ($VOID c) | d<0> | [e<0-0>] f | $GARBAGE g | $NULL h | $loop | $right;\n'
      + '$loop = i $loop;\n$right = j | k $right;'))).toEqual(['a', 'f', 'g', 'h', 'j', 'k']);
    expect(words(abnf('$r = $VOID;'))).toEqual([]);
    expect(words(abnf('$r = a $r;'))).toEqual([]);
  });

  it('accepts empty parentheses, tag-only rules, self-recursion and repeats of groups and optionals', () => {
    expect(words(abnf('$r = hello $w | {tag};\n$w = world | ();\n$x = ([a]<2> (b c)<1->)<0-1>;', 'r'))).toEqual(['hello', 'world']);
    expect(words(abnf('$r = $digits;\n$digits = $d | $d $digits;\n$d = one | two;'))).toEqual(['one', 'two']);
  });

  it('allows whitespace before the header and between an expansion and its repeat', () => {
    expect(words('\n  #ABNF 1.0;\nroot $r;\n$r = a <2> "b c" <1-> $s<0-1 /0.5/>;\n$s = d;')).toEqual(['a', 'b', 'c', 'd']);
  });

  const errors: [string, string, string, number, number][] = [
    ['no header', 'root $r;\n$r = a;', "missing ABNF self-identifying header '#ABNF 1.0;'", 1, 1],
    ['a comment before the header', '// hi\n#ABNF 1.0;', "missing ABNF self-identifying header '#ABNF 1.0;'", 1, 1],
    ['an empty text', '', "missing ABNF self-identifying header '#ABNF 1.0;'", 1, 1],
    ['a lower-case header', '#abnf 1.0;', "missing ABNF self-identifying header '#ABNF 1.0;'", 1, 1],
    ['another version', '#ABNF 2.0;\nroot $r;', "unsupported ABNF version '2.0' (expected 1.0)", 1, 7],
    ['a header without version', '#ABNF;', "malformed ABNF header: expected '#ABNF 1.0 [encoding];'", 1, 6],
    ['a header without ;', '#ABNF 1.0 UTF-8\nroot $r;', "malformed ABNF header: expected ';'", 1, 16],
    ['no root', '#ABNF 1.0;\n$r = a;', "no root rule: declare one with 'root $name;'", 1, 1],
    ['an undefined root', '#ABNF 1.0;\nroot $main;\n$r = a;', "root rule 'main' is not defined", 2, 6],
    ['no rules', '#ABNF 1.0;\nroot $r;\n', "root rule 'r' is not defined", 2, 6],
    ['an undefined rule reference', abnf('$r = a $b\n  | $c;\n$b = x;'), "reference to undefined rule 'c'", 4, 5],
    ['a duplicate rule', abnf('$r = a;\n$s = b;\npublic $r = c;'), "duplicate definition of rule 'r'", 5, 8],
    ['the first of several semantic errors', abnf('$r = $x;\n$r = b;', 'nope'), "root rule 'nope' is not defined", 2, 6],
    ['an external reference', abnf('$r = a $<http://example.com/g.gram#x>;'), 'external rule references are not supported (a grammar must be self-contained)', 3, 8],
    ['an external root', '#ABNF 1.0;\nroot $<g.gram>;', 'the root rule must be a rule of this grammar', 2, 6],
    ['a special root', '#ABNF 1.0;\nroot $NULL;', "the special rule '$NULL' cannot be the root rule", 2, 6],
    ['a reserved rule name', abnf('$VOID = a;'), "rule name 'VOID' is reserved", 3, 1],
    ['a hyphen in a rule name', abnf('$r = $my-rule;'), "invalid rule name '$my-rule'", 3, 6],
    ['a rule name starting with a digit', abnf('$1r = a;'), "invalid rule name '$1r'", 3, 1],
    ['a lone $', abnf('$r = a $ b;'), "expected a rule name after '$'", 3, 8],
    ['a missing =', abnf('$r a;'), "expected '=' after the rule name", 3, 4],
    ['a missing ; between rules', abnf('$r = a\n$s = b;'), "unexpected '='", 4, 4],
    ['a missing ; at the end', abnf('$r = a'), "expected ';' at the end of the rule definition", 3, 7],
    ['an empty rule', abnf('$r = ;'), "expected an expansion before ';'", 3, 6],
    ['an empty alternative', abnf('$r = a | | b;'), "expected an expansion before '|'", 3, 10],
    ['a trailing |', abnf('$r = a |;'), "expected an expansion before ';'", 3, 9],
    ['an unclosed (', abnf('$r = (a | b'), "unclosed '('", 3, 6],
    ['a wrong closer', abnf('$r = (a | b];'), "expected ')' before ']'", 3, 12],
    ['an unmatched )', abnf('$r = a b);'), "unexpected ')'", 3, 9],
    ['an empty optional', abnf('$r = a [] b;'), "empty optional expansion '[]'", 3, 8],
    ['an unterminated quoted token', abnf('$r = "New York;\n'), 'unterminated quoted token', 3, 6],
    ['an empty quoted token', abnf('$r = a "  " b;'), 'empty quoted token', 3, 8],
    ['a backslash in a token', abnf('$r = a\\b;'), "'\\' is not allowed in an ABNF grammar", 3, 7],
    ['a backslash in a quoted token', abnf('$r = "a \\" b";'), "'\\' is not allowed in an ABNF grammar", 3, 9],
    ['an unterminated comment', abnf('$r = a; /* never closed'), 'unterminated comment', 3, 9],
    ['an unterminated tag', abnf('$r = a {tag;'), 'unterminated tag', 3, 8],
    ['an unterminated {!{ tag', abnf('$r = a {!{ x }; b;'), 'unterminated tag', 3, 8],
    ['an invalid repeat', abnf('$r = a<1-x>;'), "invalid repeat operator '<1-x>'", 3, 7],
    ['a reversed repeat range', abnf('$r = a<3-1>;'), "invalid repeat '<3-1>': the maximum is less than the minimum", 3, 7],
    ['a repeat probability above 1', abnf('$r = a<0-1 /1.5/>;'), "invalid repeat probability '1.5' (expected a number from 0 to 1)", 3, 7],
    ['an unterminated repeat', abnf('$r = a<1-2;'), 'unterminated repeat operator', 3, 7],
    ['two repeat operators', abnf('$r = a<1-2><3>;'), 'an expansion can have only one repeat operator', 3, 12],
    ['a repeat without an expansion', abnf('$r = <1-2> a;'), 'a repeat operator must follow an expansion', 3, 6],
    ['an invalid weight', abnf('$r = /x/ a | b;'), 'invalid weight: expected /number/', 3, 6],
    ['a weight inside a sequence', abnf('$r = a /2/ b;'), 'a weight must come at the start of an alternative', 3, 8],
    ['a weight without an expansion', abnf('$r = /2/ | b;'), "expected an expansion after the weight before '|'", 3, 10],
    ['a language attachment on a rule reference', abnf('$r = $s!en-US;\n$s = a;'), 'a language attachment must follow a token or a group', 3, 8],
    ['a language attachment without a code', abnf('$r = wow! ;'), "expected a language code after '!'", 3, 10],
    ['an unknown declaration', '#ABNF 1.0;\nlanguages en-US;', "unknown declaration 'languages'", 2, 1],
    ['a misspelt declaration', '#ABNF 1.0;\nlanguage1 en-US;', "unknown declaration 'language1'", 2, 1],
    ['a declaration after a rule', abnf('$r = a;\nlanguage en-US;'), "declaration 'language' must precede rule definitions", 4, 1],
    ['a tag declaration after a rule', abnf('$r = a;\n{x};'), 'declarations must precede rule definitions', 4, 1],
    ['a stray word after the rules', abnf('$r = a;\nfoo'), 'expected a rule definition', 4, 1],
    ['a duplicate root declaration', '#ABNF 1.0;\nroot $r;\nroot $s;', "duplicate 'root' declaration", 3, 1],
    ['an invalid mode', '#ABNF 1.0;\nmode speech;', "invalid mode 'speech' (expected voice or dtmf)", 2, 6],
    ['a declaration without ;', '#ABNF 1.0;\nlanguage en-US\nroot $r;', "expected ';' at the end of the 'language' declaration", 3, 1],
    ['a meta without is', '#ABNF 1.0;\nmeta "a" "b";', "expected 'is'", 2, 10],
    ['an unterminated URI', '#ABNF 1.0;\nbase <http://x;', 'unterminated URI', 2, 6],
    ['scope without a rule name', abnf('public r = a;'), "expected a rule name after 'public'", 3, 8],
    ['deep nesting', abnf(`$r = ${'('.repeat(300)}a${')'.repeat(300)};`), 'expansion nested too deeply', 3, 206],
  ];
  it.each(errors)('rejects %s', (_name, text, message, line, column) => {
    expect(failure(text, 'abnf')).toEqual([message, line, column]);
  });
});

describe('XML form', () => {
  it('takes the header elements, namespaces, DOCTYPE, comments, CDATA, entities, tags, examples and attributes', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE grammar PUBLIC "-//W3C//DTD GRAMMAR 1.0//EN" "http://www.w3.org/TR/speech-grammar/grammar.dtd">
<!-- a grammar -->
<srgs:grammar xmlns:srgs="http://www.w3.org/2001/06/grammar" version="1.0" xml:lang="en-US" mode="voice"
  root="main" tag-format="semantics/1.0">
  <srgs:meta name="author" content="Emulator Team"/>
  <srgs:metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></srgs:metadata>
  <srgs:lexicon uri="http://example.com/lex.pls"/>
  <srgs:tag>declaration</srgs:tag>
  <srgs:rule id="main" scope="public">
    <srgs:example>not these words</srgs:example>
    <srgs:one-of>
      <srgs:item weight="10">small<srgs:tag>out.size='small'</srgs:tag></srgs:item>
      <srgs:item weight="2.5" xml:lang="en-GB"><srgs:token>extra  large</srgs:token></srgs:item>
      <srgs:item weight=".5"><srgs:item repeat="0-1" repeat-prob="0.4">medium</srgs:item> AT&amp;T <![CDATA[x<y]]> "New York" &#67;af&#xE9;</srgs:item>
    </srgs:one-of>
    <?some-pi data?>
  </srgs:rule>
  <srgs:rule id="unused"> never used </srgs:rule>
</srgs:grammar>`;
    expect(compileGrammar(text, 'xml')).toEqual({ words: ['small', 'extra', 'large', 'medium', 'AT&T', 'x<y', 'New', 'York', 'Café'], root: 'main' });
  });

  it('treats a backslash as a literal, like IBM', () => {
    expect(words(xml('<rule id="r">a\\b</rule>'), 'xml')).toEqual(['a\\b']);
  });

  it('collects words from the root and public rules only, and none through VOID, repeat 0 or endless recursion', () => {
    const text = xml(`<rule id="r">a <ruleref uri="#x"/>
      <one-of><item>b <ruleref special="VOID"/></item><item><item repeat="0">c</item> d</item><item><ruleref uri="#loop"/></item></one-of>
      <ruleref special="GARBAGE"/> <ruleref special="NULL"/></rule>
      <rule id="x">e</rule><rule id="p" scope="public">f</rule><rule id="q" scope="private">g</rule>
      <rule id="loop">h <ruleref uri="#loop"/></rule>`);
    expect(words(text, 'xml')).toEqual(['a', 'd', 'e', 'f']);
  });

  it('treats an empty item as NULL and a tag-only rule as empty speech', () => {
    expect(words(xml('<rule id="r">a <item/> <ruleref uri="#t"/></rule><rule id="t"><tag>x</tag></rule>'), 'xml')).toEqual(['a']);
  });

  const errors: [string, string, string, number, number][] = [
    ['malformed XML', '<grammar root="r">\n  <rule id="r">a</item>\n</grammar>',
      "malformed XML: Expected closing tag 'rule' (opened in line 2, col 3) instead of closing tag 'item'.", 2, 17],
    ['an unclosed element', '<grammar root="r">\n<rule id="r">a</rule>', "malformed XML: Unclosed tag 'grammar'.", 1, 1],
    ['an attribute without value', '<grammar root="r">\n <rule id>a</rule></grammar>', "malformed XML: boolean attribute 'id' is not allowed.", 2, 8],
    ['text only', 'yes | no', "malformed XML: char 'y' is not expected.", 1, 1],
    ['an ABNF grammar sent as XML', EXAMPLES['confirm-like.abnf'], "malformed XML: char '#' is not expected.", 1, 1],
    ['two root elements', '<grammar root="r"><rule id="r">a</rule></grammar>\n<grammar/>', 'malformed XML: more than one root element', 2, 1],
    ['another root element', '<?xml version="1.0"?>\n<speak root="r"/>', 'the root element must be <grammar>, not <speak>', 2, 1],
    ['a grammar in another namespace', '<grammar xmlns="urn:other" root="r"><rule id="r">a</rule></grammar>',
      'the root element must be <grammar>, not <{urn:other}grammar>', 1, 1],
    ['an undeclared prefix', '<g:grammar root="r"/>', "undeclared namespace prefix 'g' on <g:grammar>", 1, 1],
    ['another version', '<grammar version="1.1" root="r"><rule id="r">a</rule></grammar>', "unsupported grammar version '1.1' (expected 1.0)", 1, 1],
    ['an invalid mode', '<grammar mode="speech" root="r"><rule id="r">a</rule></grammar>', "invalid mode 'speech' (expected voice or dtmf)", 1, 1],
    ['no root attribute', '<grammar version="1.0">\n  <rule id="r">a</rule>\n</grammar>', 'no root rule: the <grammar> element needs a root attribute', 1, 1],
    ['an undefined root', '<grammar version="1.0" root="main">\n  <rule id="r">a</rule>\n</grammar>', "root rule 'main' is not defined", 1, 1],
    ['an undefined rule reference', xml('\n<rule id="r">a\n  <ruleref uri="#nope"/></rule>'), "reference to undefined rule 'nope'", 3, 3],
    ['a duplicate rule id', xml('\n<rule id="r">a</rule>\n <rule id="s">b</rule>\n  <rule id="r">c</rule>'), "duplicate definition of rule 'r'", 4, 3],
    ['an external reference', xml('<rule id="r"><ruleref uri="other.grxml#x"/></rule>'),
      'external rule references are not supported (a grammar must be self-contained)', 1, 88],
    ['a rule without id', xml('<rule>a</rule>'), '<rule> requires an id attribute', 1, 75],
    ['an invalid rule id', xml('<rule id="my-rule">a</rule>'), "invalid rule id 'my-rule'", 1, 75],
    ['a reserved rule id', xml('<rule id="GARBAGE">a</rule>'), "rule name 'GARBAGE' is reserved", 1, 75],
    ['an invalid scope', xml('<rule id="r" scope="global">a</rule>'), "invalid scope 'global' (expected public or private)", 1, 75],
    ['an empty rule', xml('<rule id="r">\n  <example>a b</example>\n</rule>'), "rule 'r' is empty", 1, 75],
    ['an empty one-of', xml('<rule id="r"><one-of> </one-of></rule>'), '<one-of> must contain at least one <item>', 1, 88],
    ['a non-item in one-of', xml('<rule id="r"><one-of><item>a</item><ruleref uri="#r"/></one-of></rule>'),
      'only <item> elements are allowed in <one-of>, not <ruleref>', 1, 110],
    ['text in one-of', xml('<rule id="r"><one-of> a <item>b</item></one-of></rule>'), 'text is not allowed directly inside <one-of>', 1, 88],
    ['text in grammar', xml('hello<rule id="r">a</rule>'), 'text is not allowed directly inside <grammar>', 1, 1],
    ['an unknown element', xml('<rule id="r">a <say-as>b</say-as></rule>'), 'unexpected element <say-as> in <rule>', 1, 90],
    ['an item outside a rule', xml('<item>a</item><rule id="r">a</rule>'), 'unexpected element <item> in <grammar>', 1, 75],
    ['an example outside a rule body', xml('<rule id="r"><item><example>x</example>a</item></rule>'), '<example> is only allowed directly inside <rule>', 1, 94],
    ['an empty token', xml('<rule id="r"><token> </token></rule>'), 'empty <token>', 1, 88],
    ['markup in a token', xml('<rule id="r"><token>a<tag>b</tag></token></rule>'), '<token> may contain only text', 1, 88],
    ['an unterminated quoted token', xml('<rule id="r">"New York</rule>'), 'unterminated quoted token', 1, 75],
    ['an empty quoted token', xml('<rule id="r">a "" b</rule>'), 'empty quoted token', 1, 75],
    ['a ruleref with uri and special', xml('<rule id="r"><ruleref uri="#r" special="NULL"/></rule>'), '<ruleref> cannot have both uri and special', 1, 88],
    ['a ruleref without uri or special', xml('<rule id="r"><ruleref/></rule>'), '<ruleref> requires a uri or special attribute', 1, 88],
    ['an invalid special rule', xml('<rule id="r"><ruleref special="EMPTY"/></rule>'), "invalid special rule 'EMPTY' (expected NULL, VOID or GARBAGE)", 1, 88],
    ['a ruleref with content', xml('<rule id="r"><ruleref uri="#r">a</ruleref></rule>'), '<ruleref> must be empty', 1, 88],
    ['an invalid repeat', xml('<rule id="r"><item repeat="many">a</item></rule>'), "invalid repeat 'many'", 1, 88],
    ['a reversed repeat range', xml('<rule id="r"><item repeat="3-1">a</item></rule>'), "invalid repeat '3-1': the maximum is less than the minimum", 1, 88],
    ['an invalid repeat-prob', xml('<rule id="r"><item repeat="0-1" repeat-prob="2">a</item></rule>'),
      "invalid repeat-prob '2' (expected a number from 0 to 1)", 1, 88],
    ['an invalid weight', xml('<rule id="r"><one-of><item weight="-1">a</item></one-of></rule>'), "invalid weight '-1'", 1, 96],
    ['a long malformed fragment', `<grammar root="r"><${'<'.repeat(300)}`, `malformed XML: Tag '${'<'.repeat(195)}…`, 1, 320],
    ['deep nesting', xml(`<rule id="r">${'<item>'.repeat(250)}a${'</item>'.repeat(250)}</rule>`), 'malformed XML: Maximum nested tags exceeded', 1, 1],
  ];
  it.each(errors)('rejects %s', (_name, text, message, line, column) => {
    expect(failure(text, 'xml')).toEqual([message, line, column]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Fuzzing.

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
