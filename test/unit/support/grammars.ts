// IBM-modelled example grammars (both forms) and the compile helpers shared by the grammars-*.test.ts files.
import { GrammarError, compileGrammar, type GrammarFormat } from '../../../lib/grammars/parse';

// Grammars modelled on IBM's example grammars (the files linked from ibm-cloud-docs/speech-to-text grammar-examples.md and the
// two inline grammars of grammar-understand.md): each uses the same SRGS constructs as its model (header and declarations, rule
// structure, nesting, alternatives, repeats, quoted tokens, empty items, XML attributes and layout), but with our own content.
export const EXAMPLES = {
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
export const OTHER_FORM = {
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

export const formatOf = (name: string): GrammarFormat => (/\.xml\b/.test(name) ? 'xml' : 'abnf');

/** The GrammarError a compilation throws, as [message, line, column]. */
export function failure(text: string, format: GrammarFormat): [string, number, number] {
  try {
    compileGrammar(text, format);
  } catch (error) {
    if (error instanceof GrammarError) return [error.message, error.line, error.column];
    throw error;
  }
  throw new Error('the grammar compiled');
}

export const words = (text: string, format: GrammarFormat = 'abnf') => compileGrammar(text, format).words;
