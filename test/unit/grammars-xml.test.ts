// The XML form of grammars: SRGS elements, namespaces, entities, rule reachability, and every compile error with its position.
import { describe, expect, it } from 'vitest';
import { compileGrammar } from '../../lib/grammars/parse';
import { EXAMPLES, failure, words } from './support/grammars';

const xml = (body: string, root = 'r') => `<grammar version="1.0" xmlns="http://www.w3.org/2001/06/grammar" root="${root}">${body}</grammar>`;

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
