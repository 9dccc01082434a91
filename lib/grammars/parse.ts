/**
 * Grammar compiler: the W3C Speech Recognition Grammar Specification 1.0 (SRGS) in its two forms, ABNF
 * (`application/srgs`, SRGS section 4 and appendix D) and XML (`application/srgs+xml`, SRGS section 3), as the
 * service takes them (spec 4.18). Compiling checks the grammar and yields the words it can produce, which the
 * service adds to the words resource (spec 7.5).
 *
 * Choices (where SRGS, IBM's documentation or both leave room):
 * - A grammar needs a root rule: ABNF `root $name;`, XML `<grammar root="...">` ("no root rule" otherwise).
 * - External rule references (`$<uri>`, `<ruleref uri="other.grxml#r">`) are compile errors: IBM supports only local
 *   references ("a grammar must be self-contained").
 * - Special rules `$NULL`/`$VOID`/`$GARBAGE` (`<ruleref special>`) are accepted with their SRGS meaning, although IBM
 *   lists SRGS 2.2.3 as unsupported; `$GARBAGE` produces no words, and words only reachable through `$VOID` are not
 *   produced. Language attachments (`!de-DE`, `xml:lang` inside rules) are accepted and ignored, as are tags
 *   (`{...}`, `{!{...}!}`, `<tag>`), `<example>`, `<meta>`, `<metadata>`, `<lexicon>` and the header's encoding.
 * - Words are the terminals of every complete phrase the grammar can produce, starting from the root rule and from
 *   every public rule (public rules are entry points too). A token counts only if it appears in a derivation that
 *   terminates: not under `<0>` repeats, not in a sequence with `$VOID`, not only in endless recursion. Unreachable
 *   private rules must still be valid but add no words.
 * - Terminals are split on whitespace into words ("New York" gives New, York), spelled and cased as written; the list
 *   is in order of first appearance in the text, without duplicates (case-sensitive).
 * - ABNF: a backslash outside comments, tags and declaration strings is a syntax error (IBM), so quoted tokens have no
 *   escapes. Leading whitespace (and a byte-order mark) before `#ABNF` is allowed; comments are not. Bare tokens end at
 *   whitespace or one of `; | ( ) [ ] { } < > / " $ ! = \`; apostrophes, hyphens and periods stay in the token.
 * - XML: the SRGS namespace is optional (IBM's own examples omit it); elements in any other namespace are errors. A
 *   missing `version` is accepted, a `version` other than 1.0 is not. Text tokens may be double-quoted. An empty
 *   `<item/>` means NULL (IBM's vins.xml uses one); an empty `<rule>`, `<one-of>` or `<token>` is an error. Character
 *   references (&#65;) and DOCTYPE entities are decoded; HTML named entities (&nbsp;) are too (the parser's
 *   htmlEntities mode), and an undefined entity stays as written.
 * - Error positions are 1-based line and column (UTF-16 units; CRLF, LF or CR end a line). Malformed XML reports the
 *   XML validator's position; an XML error on text content points at the enclosing element's start tag. When several
 *   semantic errors exist (duplicate rule, undefined reference, undefined root), the first in the text is reported.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type GrammarFormat = 'abnf' | 'xml';

export interface CompiledGrammar {
  /** Every distinct word the grammar can produce: terminals split on whitespace, spelled and cased as written. */
  words: string[];
  /** The root rule's name. */
  root: string;
}

export class GrammarError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'GrammarError';
  }
}

/** Compiles a grammar text; throws GrammarError (with 1-based line and column of the problem) when it does not compile. */
export function compileGrammar(text: string, format: GrammarFormat): CompiledGrammar {
  return compileGrammarModel(text, format).compiled;
}

/**
 * Compiles a grammar text like compileGrammar (same checks, same GrammarError) and also answers the checked model:
 * its rules have distinct names, every reference names a defined rule and the root rule is defined.
 */
export function compileGrammarModel(text: string, format: GrammarFormat): { compiled: CompiledGrammar; model: GrammarModel } {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const locator = new Locator(source);
  const model = format === 'xml' ? parseXml(source, locator) : new AbnfParser(source, locator).parse();
  return { compiled: analyze(model, locator), model };
}

// ---------------------------------------------------------------------------------------------------------------
// The grammar model both forms compile to.

export type Special = 'NULL' | 'VOID' | 'GARBAGE';

/** An expansion: terminals (`words` split on whitespace, as written), rule references, special rules and their combinations. */
export type Expr =
  | { kind: 'token'; words: string[]; order: number }
  | { kind: 'ref'; name: string; at: number }
  | { kind: 'special'; rule: Special }
  | { kind: 'seq'; items: Expr[] }
  | { kind: 'alt'; items: Expr[] }
  | { kind: 'repeat'; item: Expr; min: number; max: number | null };

export interface RuleDef {
  name: string;
  isPublic: boolean;
  body: Expr;
  at: number;
}

export interface GrammarModel {
  root: { name: string; at: number } | undefined;
  /** Where to report a missing root. */
  rootMissingAt: number;
  rootMissingMessage: string;
  rules: RuleDef[];
}

const NULL_EXPR: Expr = { kind: 'special', rule: 'NULL' };
const SPECIAL_RULES: ReadonlySet<string> = new Set(['NULL', 'VOID', 'GARBAGE']);
/** SRGS ConstrainedName: an XML Name without '.', ':' or '-'. */
const RULE_NAME = /^[\p{L}_][\p{L}\p{N}\p{M}_\u00B7]*$/u;
const MAX_DEPTH = 200;

class Locator {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1);
    }
  }

  error(message: string, index: number): GrammarError {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return new GrammarError(message, lo + 1, index - this.lineStarts[lo] + 1);
  }
}

/** Checks references and the root, then collects the words of every complete phrase from the root and public rules. */
function analyze(model: GrammarModel, locator: Locator): CompiledGrammar {
  const problems: { message: string; at: number }[] = [];
  const rules = new Map<string, RuleDef>();
  for (const rule of model.rules) {
    if (rules.has(rule.name)) problems.push({ message: `duplicate definition of rule '${rule.name}'`, at: rule.at });
    else rules.set(rule.name, rule);
  }
  const visitRefs = (expr: Expr) => {
    switch (expr.kind) {
      case 'ref':
        if (!rules.has(expr.name)) problems.push({ message: `reference to undefined rule '${expr.name}'`, at: expr.at });
        break;
      case 'seq':
      case 'alt':
        expr.items.forEach(visitRefs);
        break;
      case 'repeat':
        visitRefs(expr.item);
        break;
      default:
    }
  };
  model.rules.forEach((rule) => visitRefs(rule.body));
  if (!model.root) problems.push({ message: model.rootMissingMessage, at: model.rootMissingAt });
  else if (!rules.has(model.root.name)) problems.push({ message: `root rule '${model.root.name}' is not defined`, at: model.root.at });
  if (problems.length > 0) {
    const first = problems.reduce((a, b) => (b.at < a.at ? b : a));
    throw locator.error(first.message, first.at);
  }
  const root = model.root!.name;

  // Productive rules: those that derive at least one finite phrase (least fixpoint).
  const productive = new Set<string>();
  const derives = (expr: Expr): boolean => {
    switch (expr.kind) {
      case 'token': return true;
      case 'special': return expr.rule !== 'VOID';
      case 'ref': return productive.has(expr.name);
      case 'seq': return expr.items.every(derives);
      case 'alt': return expr.items.some(derives);
      case 'repeat': return expr.min === 0 || derives(expr.item);
    }
  };
  const referrers = new Map<string, Set<string>>();
  const noteRefs = (from: string, expr: Expr) => {
    if (expr.kind === 'ref') {
      if (!referrers.has(expr.name)) referrers.set(expr.name, new Set());
      referrers.get(expr.name)!.add(from);
    } else if (expr.kind === 'seq' || expr.kind === 'alt') {
      expr.items.forEach((item) => noteRefs(from, item));
    } else if (expr.kind === 'repeat') {
      noteRefs(from, expr.item);
    }
  };
  for (const rule of rules.values()) noteRefs(rule.name, rule.body);
  const recheck = [...rules.keys()];
  while (recheck.length > 0) {
    const name = recheck.pop()!;
    if (productive.has(name) || !derives(rules.get(name)!.body)) continue;
    productive.add(name);
    for (const referrer of referrers.get(name) ?? []) if (!productive.has(referrer)) recheck.push(referrer);
  }

  // Tokens of complete phrases, from the root and the public rules.
  const tokens: Extract<Expr, { kind: 'token' }>[] = [];
  const queued = new Set<string>();
  const pending: string[] = [];
  const enqueue = (name: string) => {
    if (productive.has(name) && !queued.has(name)) {
      queued.add(name);
      pending.push(name);
    }
  };
  const collect = (expr: Expr) => {
    switch (expr.kind) {
      case 'token':
        tokens.push(expr);
        break;
      case 'ref':
        enqueue(expr.name);
        break;
      case 'seq':
        if (expr.items.every(derives)) expr.items.forEach(collect);
        break;
      case 'alt':
        expr.items.filter(derives).forEach(collect);
        break;
      case 'repeat':
        if (expr.max !== 0 && derives(expr.item)) collect(expr.item);
        break;
      default:
    }
  };
  enqueue(root);
  for (const rule of model.rules) if (rule.isPublic && rules.get(rule.name) === rule) enqueue(rule.name);
  while (pending.length > 0) collect(rules.get(pending.shift()!)!.body);

  tokens.sort((a, b) => a.order - b.order);
  const words = new Set<string>();
  for (const token of tokens) for (const word of token.words) words.add(word);
  return { words: [...words], root };
}

const splitWords = (text: string) => text.split(/\s+/u).filter((word) => word.length > 0);

const repeatRange = (min: string, dash: string | undefined, max: string | undefined) => ({
  min: Number(min),
  max: dash === undefined ? Number(min) : max ? Number(max) : null,
});

const isNumber = (text: string) => /^(\d+(\.\d*)?|\.\d+)$/.test(text);

// ---------------------------------------------------------------------------------------------------------------
// ABNF form (SRGS section 4, appendix D).

const DECLARATIONS: ReadonlySet<string> = new Set(['language', 'mode', 'root', 'tag-format', 'base', 'lexicon', 'meta', 'http-equiv']);
const ONCE_ONLY: ReadonlySet<string> = new Set(['language', 'mode', 'root', 'tag-format', 'base']);
/** Characters that end a bare token. */
const DELIMITERS = new Set([...';|()[]{}<>/"$!=\\']);
const isSpace = (c: string) => /\s/u.test(c);
const NAME_CHAR = /[\p{L}\p{N}\p{M}_.:\-\u00B7]/u;

class AbnfParser {
  private i = 0;
  private tokenOrder = 0;
  private readonly rules: RuleDef[] = [];
  private root: GrammarModel['root'];
  private readonly seen = new Set<string>();

  constructor(private readonly s: string, private readonly locator: Locator) {}

  parse(): GrammarModel {
    this.header();
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) break;
      const start = this.i;
      const c = this.s[this.i];
      if (c === '$') {
        this.rule(false);
        continue;
      }
      if (c === '{') {
        if (this.rules.length > 0) this.fail('declarations must precede rule definitions');
        this.tag();
        this.expectSemicolon('a tag declaration');
        continue;
      }
      const word = this.readWhile((ch) => /[\p{L}\p{N}_-]/u.test(ch));
      if (word === 'public' || word === 'private') {
        this.skip();
        if (this.s[this.i] !== '$') this.fail(`expected a rule name after '${word}'`);
        this.rule(word === 'public');
        continue;
      }
      if (DECLARATIONS.has(word)) {
        if (this.rules.length > 0) this.fail(`declaration '${word}' must precede rule definitions`, start);
        this.declaration(word, start);
        continue;
      }
      if (this.rules.length === 0 && word) this.fail(`unknown declaration '${word}'`, start);
      this.fail(this.rules.length === 0 ? `unexpected ${this.describe(start)}` : 'expected a rule definition', start);
    }
    return {
      root: this.root,
      rootMissingAt: 0,
      rootMissingMessage: "no root rule: declare one with 'root $name;'",
      rules: this.rules,
    };
  }

  private fail(message: string, at = this.i): never {
    throw this.locator.error(message, at);
  }

  private describe(at: number): string {
    return at >= this.s.length ? 'end of grammar' : `'${String.fromCodePoint(this.s.codePointAt(at)!)}'`;
  }

  private readWhile(test: (c: string) => boolean): string {
    const start = this.i;
    while (this.i < this.s.length && test(this.s[this.i])) this.i += 1;
    return this.s.slice(start, this.i);
  }

  /** Skips whitespace and comments. */
  private skip(): void {
    for (;;) {
      while (this.i < this.s.length && isSpace(this.s[this.i])) this.i += 1;
      if (this.s.startsWith('//', this.i)) {
        while (this.i < this.s.length && this.s[this.i] !== '\n' && this.s[this.i] !== '\r') this.i += 1;
      } else if (this.s.startsWith('/*', this.i)) {
        const end = this.s.indexOf('*/', this.i + 2);
        if (end < 0) this.fail('unterminated comment');
        this.i = end + 2;
      } else {
        return;
      }
    }
  }

  private header(): void {
    while (this.i < this.s.length && isSpace(this.s[this.i])) this.i += 1;
    if (!this.s.startsWith('#ABNF', this.i)) this.fail("missing ABNF self-identifying header '#ABNF 1.0;'");
    this.i += 5;
    const inLine = (c: string) => c === ' ' || c === '\t';
    if (!this.readWhile(inLine)) this.fail("malformed ABNF header: expected '#ABNF 1.0 [encoding];'");
    const versionAt = this.i;
    const version = this.readWhile((c) => !isSpace(c) && c !== ';');
    if (!version) this.fail("malformed ABNF header: expected '#ABNF 1.0 [encoding];'");
    if (version !== '1.0') this.fail(`unsupported ABNF version '${version}' (expected 1.0)`, versionAt);
    if (this.readWhile(inLine)) this.readWhile((c) => !isSpace(c) && c !== ';');
    this.readWhile(inLine);
    if (this.s[this.i] !== ';') this.fail("malformed ABNF header: expected ';'");
    this.i += 1;
  }

  private expectSemicolon(what: string): void {
    this.skip();
    if (this.s[this.i] !== ';') this.fail(`expected ';' at the end of ${what}`);
    this.i += 1;
  }

  private declaration(keyword: string, start: number): void {
    if (ONCE_ONLY.has(keyword)) {
      if (this.seen.has(keyword)) this.fail(`duplicate '${keyword}' declaration`, start);
      this.seen.add(keyword);
    }
    this.skip();
    switch (keyword) {
      case 'language': {
        const code = this.readWhile((c) => NAME_CHAR.test(c));
        if (!code) this.fail('expected a language code');
        break;
      }
      case 'mode': {
        const at = this.i;
        const mode = this.readWhile((c) => !isSpace(c) && c !== ';');
        if (mode !== 'voice' && mode !== 'dtmf') this.fail(`invalid mode '${mode}' (expected voice or dtmf)`, at);
        break;
      }
      case 'root': {
        const at = this.i;
        if (this.s[this.i] !== '$') this.fail("expected a rule name ('$name') after 'root'");
        if (this.s[this.i + 1] === '<') this.fail('the root rule must be a rule of this grammar');
        this.i += 1;
        const name = this.ruleName(at);
        if (SPECIAL_RULES.has(name)) this.fail(`the special rule '$${name}' cannot be the root rule`, at);
        this.root = { name, at };
        break;
      }
      case 'lexicon':
        this.uri();
        if (this.s[this.i] === '~') {
          this.i += 1;
          this.uri();
        }
        break;
      case 'tag-format':
      case 'base':
        this.uri();
        break;
      default: // meta, http-equiv
        this.quoted();
        this.skip();
        if (!this.s.startsWith('is', this.i) || /[\p{L}\p{N}_-]/u.test(this.s[this.i + 2] ?? '')) this.fail("expected 'is'");
        this.i += 2;
        this.skip();
        this.quoted();
    }
    this.expectSemicolon(`the '${keyword}' declaration`);
  }

  private uri(): void {
    if (this.s[this.i] !== '<') this.fail("expected a URI in angle brackets ('<...>')");
    const start = this.i;
    const end = this.s.indexOf('>', this.i);
    if (end < 0) this.fail('unterminated URI', start);
    if (!this.s.slice(start + 1, end).trim()) this.fail('empty URI', start);
    this.i = end + 1;
  }

  /** A declaration string: double- or single-quoted. */
  private quoted(): void {
    const quote = this.s[this.i];
    if (quote !== '"' && quote !== "'") this.fail('expected a quoted string');
    const end = this.s.indexOf(quote, this.i + 1);
    if (end < 0) this.fail('unterminated string');
    this.i = end + 1;
  }

  /** Reads a rule name after its '$' (at: the '$'). */
  private ruleName(at: number): string {
    const name = this.readWhile((c) => NAME_CHAR.test(c));
    if (!name) this.fail("expected a rule name after '$'", at);
    if (!RULE_NAME.test(name)) this.fail(`invalid rule name '$${name}'`, at);
    return name;
  }

  private rule(isPublic: boolean): void {
    const at = this.i;
    if (this.s[this.i + 1] === '<') this.fail('expected a rule name', at);
    this.i += 1;
    const name = this.ruleName(at);
    if (SPECIAL_RULES.has(name)) this.fail(`rule name '${name}' is reserved`, at);
    this.skip();
    if (this.s[this.i] !== '=') this.fail("expected '=' after the rule name");
    this.i += 1;
    const body = this.alternatives(0);
    this.skip();
    if (this.i >= this.s.length) this.fail("expected ';' at the end of the rule definition");
    if (this.s[this.i] !== ';') this.fail(`unexpected ${this.describe(this.i)}`);
    this.i += 1;
    this.rules.push({ name, isPublic, body, at });
  }

  private alternatives(depth: number): Expr {
    const items: Expr[] = [];
    for (;;) {
      this.skip();
      const weighted = this.s[this.i] === '/';
      if (weighted) this.weight();
      const sequence = this.sequence(depth);
      if (!sequence) {
        if (this.i >= this.s.length) this.fail('unexpected end of grammar');
        this.fail(`expected ${weighted ? 'an expansion after the weight' : 'an expansion'} before ${this.describe(this.i)}`);
      }
      items.push(sequence);
      this.skip();
      if (this.s[this.i] !== '|') break;
      this.i += 1;
    }
    return items.length === 1 ? items[0] : { kind: 'alt', items };
  }

  private weight(): void {
    const start = this.i;
    this.i += 1;
    const value = this.readWhile((c) => /[0-9. \t]/.test(c)).trim();
    if (this.s[this.i] !== '/' || !isNumber(value)) this.fail('invalid weight: expected /number/', start);
    this.i += 1;
  }

  /** A sequence; undefined when it has no element. */
  private sequence(depth: number): Expr | undefined {
    const items: Expr[] = [];
    for (;;) {
      this.skip();
      if (this.i >= this.s.length) break;
      const c = this.s[this.i];
      if (c === '|' || c === ';' || c === ')' || c === ']') break;
      items.push(this.element(depth));
    }
    if (items.length === 0) return undefined;
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  private element(depth: number): Expr {
    const start = this.i;
    const c = this.s[this.i];
    let expr: Expr;
    let attachable = true;
    switch (c) {
      case '"': {
        const end = this.s.indexOf('"', this.i + 1);
        if (end < 0) this.fail('unterminated quoted token');
        const content = this.s.slice(this.i + 1, end);
        const slash = content.indexOf('\\');
        if (slash >= 0) this.fail("'\\' is not allowed in an ABNF grammar", this.i + 1 + slash);
        const words = splitWords(content);
        if (words.length === 0) this.fail('empty quoted token');
        this.i = end + 1;
        expr = { kind: 'token', words, order: this.tokenOrder++ };
        break;
      }
      case '$':
        expr = this.reference();
        attachable = false;
        break;
      case '(':
      case '[': {
        if (depth >= MAX_DEPTH) this.fail('expansion nested too deeply');
        const close = c === '(' ? ')' : ']';
        this.i += 1;
        this.skip();
        if (c === '(' && this.s[this.i] === ')') {
          expr = NULL_EXPR;
        } else {
          if (c === '[' && this.s[this.i] === ']') this.fail("empty optional expansion '[]'", start);
          expr = this.alternatives(depth + 1);
          this.skip();
          if (this.s[this.i] !== close) {
            this.fail(this.i >= this.s.length ? `unclosed '${c}'` : `expected '${close}' before ${this.describe(this.i)}`,
              this.i >= this.s.length ? start : this.i);
          }
          if (c === '[') expr = { kind: 'repeat', item: expr, min: 0, max: 1 };
        }
        this.i += 1;
        break;
      }
      case '{':
        this.tag();
        expr = NULL_EXPR;
        attachable = false;
        break;
      case '<':
        return this.fail('a repeat operator must follow an expansion');
      case '/':
        return this.fail('a weight must come at the start of an alternative');
      case '\\':
        return this.fail("'\\' is not allowed in an ABNF grammar");
      case '!': case '=': case '}': case '>':
        return this.fail(`unexpected '${c}'`);
      default: {
        const word = this.readWhile((ch) => !isSpace(ch) && !DELIMITERS.has(ch));
        expr = { kind: 'token', words: [word], order: this.tokenOrder++ };
      }
    }
    this.skip();
    if (this.s[this.i] === '!') {
      if (!attachable) this.fail('a language attachment must follow a token or a group');
      this.i += 1;
      if (!this.readWhile((ch) => NAME_CHAR.test(ch))) this.fail("expected a language code after '!'");
      this.skip();
    }
    if (this.s[this.i] === '<') {
      expr = this.repeat(expr);
      this.skip();
      if (this.s[this.i] === '<') this.fail('an expansion can have only one repeat operator');
    }
    return expr;
  }

  private reference(): Expr {
    const at = this.i;
    if (this.s[this.i + 1] === '<') this.fail('external rule references are not supported (a grammar must be self-contained)');
    this.i += 1;
    const name = this.ruleName(at);
    if (SPECIAL_RULES.has(name)) return { kind: 'special', rule: name as Special };
    return { kind: 'ref', name, at };
  }

  private repeat(item: Expr): Expr {
    const start = this.i;
    const end = this.s.indexOf('>', this.i);
    if (end < 0) this.fail('unterminated repeat operator');
    const body = this.s.slice(start + 1, end);
    const match = /^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?(?:\/\s*([^/]*?)\s*\/\s*)?$/.exec(body);
    if (!match) this.fail(`invalid repeat operator '<${body}>'`);
    const { min, max } = repeatRange(match[1], match[2], match[3]);
    if (max !== null && max < min) this.fail(`invalid repeat '<${body}>': the maximum is less than the minimum`);
    if (match[4] !== undefined && !(isNumber(match[4]) && Number(match[4]) <= 1)) {
      this.fail(`invalid repeat probability '${match[4]}' (expected a number from 0 to 1)`);
    }
    this.i = end + 1;
    return { kind: 'repeat', item, min, max };
  }

  private tag(): void {
    const start = this.i;
    const [open, close] = this.s.startsWith('{!{', this.i) ? ['{!{', '}!}'] : ['{', '}'];
    const end = this.s.indexOf(close, this.i + open.length);
    if (end < 0) this.fail('unterminated tag', start);
    this.i = end + close.length;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// XML form (SRGS section 3).

const SRGS_NS = 'http://www.w3.org/2001/06/grammar';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** fast-xml-parser's preserveOrder node: `{ [tag]: children, ':@'?: attributes }` or `{ '#text': text }`. */
type XmlNode = Record<string, unknown>;

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  at: number;
  namespaces: Map<string, string>;
}

const xmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  captureMetaData: true,
  maxNestedTags: MAX_DEPTH,
  // Decodes numeric character references (&#65; &#x42;), which the default entity processing leaves as they are.
  htmlEntities: true,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

function parseXml(text: string, locator: Locator): GrammarModel {
  // The validator's and parser's messages can quote the input at length.
  const malformed = (message: string) => `malformed XML: ${message.length > 200 ? `${message.slice(0, 200)}…` : message}`;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new GrammarError(malformed(valid.err.msg), Math.max(1, valid.err.line ?? 1), Math.max(1, valid.err.col ?? 1));
  }
  let nodes: XmlNode[];
  try {
    nodes = xmlParser.parse(text) as XmlNode[];
  } catch (error) {
    throw new GrammarError(malformed((error as Error).message), 1, 1);
  }
  return new XmlCompiler(locator).grammar(nodes);
}

class XmlCompiler {
  private tokenOrder = 0;

  constructor(private readonly locator: Locator) {}

  private fail(message: string, at: number): never {
    throw this.locator.error(message, at);
  }

  private tagOf(node: XmlNode): string | undefined {
    return Object.keys(node).find((key) => key !== ':@');
  }

  /** The element of a node (undefined for text, comments and processing instructions). */
  private element(node: XmlNode, parent: Map<string, string>): XmlElement | undefined {
    const tag = this.tagOf(node);
    if (!tag || tag === '#text' || tag.startsWith('?')) return undefined;
    const attrs = (node[':@'] ?? {}) as Record<string, string>;
    const at = ((node as Record<symbol, { startIndex?: number } | undefined>)[META])?.startIndex ?? 0;
    let namespaces = parent;
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        if (namespaces === parent) namespaces = new Map(parent);
        namespaces.set(key === 'xmlns' ? '' : key.slice(6), value);
      }
    }
    const colon = tag.indexOf(':');
    const prefix = colon < 0 ? '' : tag.slice(0, colon);
    const local = colon < 0 ? tag : tag.slice(colon + 1);
    const ns = prefix === 'xml' ? XML_NS : namespaces.get(prefix);
    if (prefix && ns === undefined) this.fail(`undeclared namespace prefix '${prefix}' on <${tag}>`, at);
    const name = !ns || ns === SRGS_NS ? local : `{${ns}}${local}`;
    return { name, attrs, children: (node[tag] ?? []) as XmlNode[], at, namespaces };
  }

  private text(node: XmlNode): string | undefined {
    return this.tagOf(node) === '#text' ? String(node['#text']) : undefined;
  }

  grammar(nodes: XmlNode[]): GrammarModel {
    const roots = nodes.map((node) => this.element(node, new Map())).filter((e): e is XmlElement => e !== undefined);
    if (roots.length === 0) this.fail('malformed XML: no root element', 0);
    if (roots.length > 1) this.fail('malformed XML: more than one root element', roots[1].at);
    const grammar = roots[0];
    if (grammar.name !== 'grammar') this.fail(`the root element must be <grammar>, not <${grammar.name}>`, grammar.at);
    const { version, mode, root } = grammar.attrs;
    if (version !== undefined && version !== '1.0') this.fail(`unsupported grammar version '${version}' (expected 1.0)`, grammar.at);
    if (mode !== undefined && mode !== 'voice' && mode !== 'dtmf') this.fail(`invalid mode '${mode}' (expected voice or dtmf)`, grammar.at);
    const rules: RuleDef[] = [];
    for (const node of grammar.children) {
      const text = this.text(node);
      if (text !== undefined) {
        if (text.trim()) this.fail('text is not allowed directly inside <grammar>', grammar.at);
        continue;
      }
      const child = this.element(node, grammar.namespaces);
      if (!child) continue;
      switch (child.name) {
        case 'rule':
          rules.push(this.rule(child));
          break;
        case 'meta': case 'metadata': case 'lexicon': case 'tag':
          break;
        default:
          this.fail(`unexpected element <${child.name}> in <grammar>`, child.at);
      }
    }
    return {
      root: root === undefined ? undefined : { name: root, at: grammar.at },
      rootMissingAt: grammar.at,
      rootMissingMessage: 'no root rule: the <grammar> element needs a root attribute',
      rules,
    };
  }

  private rule(rule: XmlElement): RuleDef {
    const { id, scope } = rule.attrs;
    if (id === undefined) this.fail('<rule> requires an id attribute', rule.at);
    if (!RULE_NAME.test(id)) this.fail(`invalid rule id '${id}'`, rule.at);
    if (SPECIAL_RULES.has(id)) this.fail(`rule name '${id}' is reserved`, rule.at);
    if (scope !== undefined && scope !== 'public' && scope !== 'private') {
      this.fail(`invalid scope '${scope}' (expected public or private)`, rule.at);
    }
    const body = this.content(rule, 0);
    if (!body) this.fail(`rule '${id}' is empty`, rule.at);
    return { name: id, isPublic: scope === 'public', body, at: rule.at };
  }

  /** The expansion an element's content spells; undefined when it has none (tags count as an empty expansion). */
  private content(parent: XmlElement, depth: number): Expr | undefined {
    if (depth >= MAX_DEPTH) this.fail('elements nested too deeply', parent.at);
    const items: Expr[] = [];
    let any = false;
    for (const node of parent.children) {
      const text = this.text(node);
      if (text !== undefined) {
        items.push(...this.textTokens(text, parent.at));
        continue;
      }
      const child = this.element(node, parent.namespaces);
      if (!child) continue;
      if (child.name === 'example') {
        if (parent.name !== 'rule') this.fail('<example> is only allowed directly inside <rule>', child.at);
        continue;
      }
      any = true;
      switch (child.name) {
        case 'token':
          items.push(this.token(child));
          break;
        case 'ruleref':
          items.push(this.ruleref(child));
          break;
        case 'item':
          items.push(this.item(child, depth));
          break;
        case 'one-of':
          items.push(this.oneOf(child, depth));
          break;
        case 'tag':
          break;
        default:
          this.fail(`unexpected element <${child.name}> in <${parent.name}>`, child.at);
      }
    }
    if (items.length === 0) return any ? NULL_EXPR : undefined;
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  /** Tokens of text content: whitespace-separated, or double-quoted. */
  private textTokens(text: string, at: number): Expr[] {
    const tokens: Expr[] = [];
    let i = 0;
    while (i < text.length) {
      if (isSpace(text[i])) {
        i += 1;
        continue;
      }
      let words: string[];
      if (text[i] === '"') {
        const end = text.indexOf('"', i + 1);
        if (end < 0) this.fail('unterminated quoted token', at);
        words = splitWords(text.slice(i + 1, end));
        if (words.length === 0) this.fail('empty quoted token', at);
        i = end + 1;
      } else {
        const start = i;
        while (i < text.length && !isSpace(text[i]) && text[i] !== '"') i += 1;
        words = [text.slice(start, i)];
      }
      tokens.push({ kind: 'token', words, order: this.tokenOrder++ });
    }
    return tokens;
  }

  private token(token: XmlElement): Expr {
    let text = '';
    for (const node of token.children) {
      const part = this.text(node);
      if (part !== undefined) text += part;
      else if (this.element(node, token.namespaces)) this.fail('<token> may contain only text', token.at);
    }
    const words = splitWords(text);
    if (words.length === 0) this.fail('empty <token>', token.at);
    return { kind: 'token', words, order: this.tokenOrder++ };
  }

  private ruleref(ref: XmlElement): Expr {
    const { uri, special } = ref.attrs;
    if (ref.children.some((node) => this.element(node, ref.namespaces) || this.text(node)?.trim())) {
      this.fail('<ruleref> must be empty', ref.at);
    }
    if (uri !== undefined && special !== undefined) this.fail('<ruleref> cannot have both uri and special', ref.at);
    if (special !== undefined) {
      if (!SPECIAL_RULES.has(special)) this.fail(`invalid special rule '${special}' (expected NULL, VOID or GARBAGE)`, ref.at);
      return { kind: 'special', rule: special as Special };
    }
    if (uri === undefined) this.fail('<ruleref> requires a uri or special attribute', ref.at);
    if (!uri.startsWith('#')) this.fail('external rule references are not supported (a grammar must be self-contained)', ref.at);
    return { kind: 'ref', name: uri.slice(1), at: ref.at };
  }

  private item(item: XmlElement, depth: number): Expr {
    const { repeat, weight } = item.attrs;
    const probability = item.attrs['repeat-prob'];
    if (weight !== undefined && !isNumber(weight.trim())) this.fail(`invalid weight '${weight}'`, item.at);
    if (probability !== undefined && !(isNumber(probability.trim()) && Number(probability) <= 1)) {
      this.fail(`invalid repeat-prob '${probability}' (expected a number from 0 to 1)`, item.at);
    }
    const body = this.content(item, depth + 1) ?? NULL_EXPR;
    if (repeat === undefined) return body;
    const match = /^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?$/.exec(repeat);
    if (!match) this.fail(`invalid repeat '${repeat}'`, item.at);
    const { min, max } = repeatRange(match[1], match[2], match[3]);
    if (max !== null && max < min) this.fail(`invalid repeat '${repeat}': the maximum is less than the minimum`, item.at);
    return { kind: 'repeat', item: body, min, max };
  }

  private oneOf(oneOf: XmlElement, depth: number): Expr {
    const items: Expr[] = [];
    for (const node of oneOf.children) {
      const text = this.text(node);
      if (text !== undefined) {
        if (text.trim()) this.fail('text is not allowed directly inside <one-of>', oneOf.at);
        continue;
      }
      const child = this.element(node, oneOf.namespaces);
      if (!child) continue;
      if (child.name !== 'item') this.fail(`only <item> elements are allowed in <one-of>, not <${child.name}>`, child.at);
      items.push(this.item(child, depth + 1));
    }
    if (items.length === 0) this.fail('<one-of> must contain at least one <item>', oneOf.at);
    return items.length === 1 ? items[0] : { kind: 'alt', items };
  }
}
