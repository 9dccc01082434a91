// The ABNF form of grammars: declarations, tokens, rule reachability, and every compile error with its position.
import { describe, expect, it } from 'vitest';
import { compileGrammar } from '../../lib/grammars/parse';
import { failure, words } from './support/grammars';

const abnf = (body: string, root = 'r') => `#ABNF 1.0;\nroot $${root};\n${body}`;

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
