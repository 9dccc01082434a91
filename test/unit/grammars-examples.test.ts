// Compiling grammars modelled on IBM's documented examples, in ABNF and XML form, to their exact vocabularies.
import { describe, expect, it } from 'vitest';
import { compileGrammar } from '../../lib/grammars/parse';
import { EXAMPLES, OTHER_FORM, formatOf, words } from './support/grammars';

const GREETINGS = ['hello', 'hi', 'hey', 'howdy', 'hiya', 'greetings', 'salutations', 'welcome', 'cheers', 'ahoy', 'YO', 'morning'];
const COLOURS = ['red', 'orange', 'yellow', 'green', 'blue', 'indigo', 'violet', 'black', 'white', 'grey', 'pink'];
const PEOPLE = ['Ingrid', 'Holloway', 'K', 'Brandt', 'De', 'Vries', 'Okafor', 'Sr', 'Lindqvist', 'Moreau', 'IV', 'M', 'Castellano',
  'Ana', 'Sofia', 'Ruiz', 'Tomasz', 'Wrobel', 'Tove', 'Berg', 'Teodora', 'Ilic'];
const OPTIONAL = ['the', 'paint', 'mix', 'code', 'is', ...COLOURS];
const SERIALS = ['uno', 'dos', 'tres', 'K.', 'siete', 'P.', 'Z.', 'cuatro', 'T.', 'seis', 'cinco', 'D.', 'E.', 'R.', 'V.', 'Q.', 'X.',
  'C.', 'nueve', 'F.', 'Y.', 'ocho', 'cero', 'nulo', 'A.', 'H.', 'I.', 'J.', 'L.', 'M.', 'N.', 'O.', 'U.', 'W.'];

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
