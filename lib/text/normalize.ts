/**
 * Text-level steps of corpus normalization (spec 7.2) that run before tokenization: Unicode form, byte order mark,
 * bracketed phrases, and the half-width/full-width mapping Japanese needs.
 */

/** Drops a leading byte order mark and composes the text (NFC) so that `é` typed two ways counts as one word. */
export function prepareText(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.normalize('NFC');
}

const OPENERS: Record<string, string> = { '(': ')', '<': '>', '[': ']', '{': '}' };
const BRACKETS = /[()<>[\]{}\n\r\u2028\u2029]/g;

/**
 * Removes phrases inside `( )`, `< >`, `[ ]` and `{ }` (spec 7.2: "ignored, skipped entirely"), brackets included,
 * each replaced by one space so that the words on either side stay apart. Pairs nest (`(a [b] c)` goes as a whole) and
 * never span lines; an opening bracket without its closing one on the same line, or a closing one that does not
 * match the innermost open bracket, is left in place (the tokenizer then drops it as punctuation).
 */
export function skipBracketed(text: string): string {
  if (!/[([<{]/.test(text)) return text;
  const stack: { close: string; at: number }[] = [];
  const spans: [number, number][] = [];
  BRACKETS.lastIndex = 0;
  for (let m = BRACKETS.exec(text); m !== null; m = BRACKETS.exec(text)) {
    const ch = m[0];
    const close = OPENERS[ch];
    if (close !== undefined) {
      stack.push({ close, at: m.index });
    } else if (ch === ')' || ch === '>' || ch === ']' || ch === '}') {
      const top = stack[stack.length - 1];
      if (top !== undefined && top.close === ch) {
        stack.pop();
        spans.push([top.at, m.index + 1]);
      }
    } else {
      stack.length = 0;
    }
  }
  if (spans.length === 0) return text;
  // A pair closes after every pair inside it, so sorting by start puts an outer span before the spans it contains.
  spans.sort((a, b) => a[0] - b[0]);
  const parts: string[] = [];
  let kept = 0;
  for (const [start, end] of spans) {
    if (start < kept) continue;
    parts.push(text.slice(kept, start), ' ');
    kept = end;
  }
  parts.push(text.slice(kept));
  return parts.join('');
}

/** Full-width forms (`Ａ`, `１`, `％`) as ASCII, and half-width katakana (`ﾃｽﾄ`) as full-width katakana (`テスト`). */
export function toNarrowAscii(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uff61-\uff9f]+/g, (run) => run.normalize('NFKC'));
}

/** Printable ASCII (`A`, `1`, `%`, `.`) as full-width forms (`Ａ`, `１`, `％`, `．`); other characters unchanged. */
export function toFullWidth(text: string): string {
  return text.replace(/[\x21-\x7e]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
