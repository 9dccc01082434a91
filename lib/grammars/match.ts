/**
 * Grammar matcher: which phrase of an SRGS grammar (ABNF or XML, as compileGrammar takes it) a run of spoken words is.
 * Recognition with `grammar_name` answers only phrases the grammar accepts.
 *
 * Rules (where SRGS leaves room, the choice made):
 * - The grammar's entry is its root rule only (SRGS: the root rule is the grammar's entry; public rules are entry
 *   points for references from other grammars, which IBM does not support). compileGrammar's word list also counts
 *   public rules, but a phrase matches only if the root rule accepts all of it, from the first spoken word to the last.
 * - One spoken word matches one grammar word: a token of several words ("New York") matches that many spoken words.
 *   Words compare after NFC, lower-casing and stripping punctuation (`\p{P}`) at their edges ("Yes," matches "yes",
 *   "don't" keeps its apostrophe); a word made only of punctuation ("&") compares as written, case-insensitively.
 * - `$NULL` matches no words, `$VOID` never matches, `$GARBAGE` matches any run of zero or more spoken words and the
 *   answer keeps those words as spoken. So the answer always has one entry per spoken word, in order: grammar words
 *   as the grammar writes them (spelling and case), swallowed words as spoken.
 * - Alternatives, optional items, repeats (`<m-n>`, `<m->`, XML `repeat="m-n"`) and references (recursion included,
 *   left or right) have their SRGS meaning; weights, probabilities, tags and language attachments are ignored.
 * - No spoken words: the empty answer when the root rule can match nothing (e.g. `[yes]`), undefined otherwise.
 * - When several derivations match, the answer is deterministic: among the derivations found in the earliest round of
 *   the fixpoint below, the first alternative that fits (so `$a | $b` with both matching gives $a's spelling), earlier
 *   items of a sequence taking as many words as they can, repeats taking as few rounds as they can.
 *
 * How: every expansion of the grammar becomes a node (references resolved to their rule's body). For each (compound
 * node, start position) the matcher computes the set of end positions the node reaches (a bitset), demand-driven from
 * (root, 0), by a fixpoint in rounds: a round re-evaluates the pending entries (new, or whose inputs grew) of the
 * highest start that has some, all against the ends known before the round; an entry reads only entries of its own
 * start or later ones, so later starts mostly settle first. Left recursion and loops of empty matches thus terminate,
 * and each end's first round (its birth) has a derivation through ends born earlier: the answer's derivation is rebuilt
 * top-down through those only, which keeps the rebuild free of cycles. An entry is made only where the spoken word can
 * start the node (first-word sets, computed once per grammar), which keeps large alternations cheap. Work is
 * polynomial in the number of spoken words (no backtracking over ambiguous derivations): a few milliseconds for 200
 * words against list-like grammars of hundreds of rules; grammars where every rule can start every other (left
 * recursion through all rules) or a rule splits into two copies of itself (`$r = a | $r $r`) cost more (tens to
 * hundreds of milliseconds at 200 words).
 */
import { compileGrammarModel, type Expr, type GrammarFormat, type GrammarModel } from './parse';

/** Compiles the grammar once (throws GrammarError as compileGrammar does) and answers a matcher of spoken phrases. */
export function grammarMatcher(text: string, format: GrammarFormat): (spoken: readonly string[]) => string[] | undefined {
  const { model } = compileGrammarModel(text, format);
  const graph = buildGraph(model);
  return (spoken) => match(graph, spoken);
}

/** The comparison key of a word: NFC, lower case, without punctuation at its edges (unless it is all punctuation). */
export function wordKey(word: string): string {
  const lower = word.normalize('NFC').toLowerCase();
  const stripped = lower.replace(/^\p{P}+|\p{P}+$/gu, '');
  return stripped.length > 0 ? stripped : lower;
}

// ---------------------------------------------------------------------------------------------------------------
// Bitsets.

type Bits = Uint32Array<ArrayBuffer>;

const bitsFor = (size: number): Bits => new Uint32Array((size >>> 5) + 1);
const has = (bits: Bits, i: number) => (bits[i >>> 5] & (1 << (i & 31))) !== 0;
const set = (bits: Bits, i: number) => {
  bits[i >>> 5] |= 1 << (i & 31);
};
const isEmpty = (bits: Bits) => {
  for (let w = 0; w < bits.length; w += 1) if (bits[w] !== 0) return false;
  return true;
};
const or = (into: Bits, from: Bits) => {
  for (let w = 0; w < into.length; w += 1) into[w] |= from[w];
};
const sameBits = (a: Bits, b: Bits) => {
  for (let w = 0; w < a.length; w += 1) if (a[w] !== b[w]) return false;
  return true;
};

/** Calls `visit` for each member, in increasing order. */
function forEachBit(bits: Bits, visit: (i: number) => void): void {
  for (let w = 0; w < bits.length; w += 1) {
    let word = bits[w];
    while (word !== 0) {
      const low = word & -word;
      visit((w << 5) + 31 - Math.clz32(low));
      word ^= low;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The grammar as a graph of nodes, references resolved.

type Node =
  /** A grammar token: `ids` (vocabulary ids of its word keys) compare with spoken words, `text` is what the answer shows. */
  | { kind: 'token'; ids: number[]; text: string[] }
  | { kind: 'null' }
  | { kind: 'void' }
  | { kind: 'garbage' }
  | { kind: 'seq'; items: number[] }
  | { kind: 'alt'; items: number[] }
  | { kind: 'repeat'; item: number; min: number; max: number }
  /** Only while building: replaced by the referenced rule's body. */
  | { kind: 'ref'; name: string };

interface Graph {
  nodes: Node[];
  root: number;
  /** Word key → vocabulary id. */
  vocabulary: Map<string, number>;
  /** Whether a node can match no words. */
  nullable: boolean[];
  /** The vocabulary ids a compound node's non-empty matches can start with... */
  first: Bits[];
  /** ...or any word ($GARBAGE can come first). */
  anyFirst: boolean[];
}

const isCompound = (node: Node) => node.kind === 'seq' || node.kind === 'alt' || node.kind === 'repeat';

function buildGraph(model: GrammarModel): Graph {
  const nodes: Node[] = [];
  const vocabulary = new Map<string, number>();
  const idOf = (key: string) => {
    let id = vocabulary.get(key);
    if (id === undefined) vocabulary.set(key, (id = vocabulary.size));
    return id;
  };
  const add = (node: Node) => nodes.push(node) - 1;
  const VOID = add({ kind: 'void' });
  const NULL = add({ kind: 'null' });
  const GARBAGE = add({ kind: 'garbage' });
  const convert = (expr: Expr): number => {
    switch (expr.kind) {
      case 'token':
        return add({ kind: 'token', ids: expr.words.map((word) => idOf(wordKey(word))), text: expr.words });
      case 'ref':
        return add({ kind: 'ref', name: expr.name });
      case 'special':
        return expr.rule === 'NULL' ? NULL : expr.rule === 'VOID' ? VOID : GARBAGE;
      case 'seq':
        return add({ kind: 'seq', items: expr.items.map(convert) });
      case 'alt':
        return add({ kind: 'alt', items: expr.items.map(convert) });
      case 'repeat':
        if (expr.max === 0) return NULL;
        return add({ kind: 'repeat', item: convert(expr.item), min: expr.min, max: expr.max ?? Infinity });
    }
  };
  const bodies = new Map<string, number>();
  for (const rule of model.rules) bodies.set(rule.name, convert(rule.body));

  // A reference stands for its rule's body; a loop of bare references ($a = $b; $b = $a;) matches nothing.
  const resolve = (id: number): number => {
    const seen = new Set<number>();
    for (let node = nodes[id]; node.kind === 'ref'; node = nodes[id]) {
      if (seen.has(id)) return VOID;
      seen.add(id);
      id = bodies.get(node.name)!;
    }
    return id;
  };
  const children = (node: Node) => (node.kind === 'seq' || node.kind === 'alt' ? node.items : node.kind === 'repeat' ? [node.item] : []);
  const parents: number[][] = nodes.map(() => []);
  nodes.forEach((node, id) => {
    if (node.kind === 'seq' || node.kind === 'alt') node.items = node.items.map(resolve);
    else if (node.kind === 'repeat') node.item = resolve(node.item);
    for (const child of children(node)) parents[child].push(id);
  });
  const root = resolve(bodies.get(model.root!.name)!);

  // Nullable nodes, then first-word sets: least fixpoints, children before parents (depth-first post-order), a node's
  // parents re-checked when it changes (inside reference cycles).
  const order: number[] = [];
  const visited = new Uint8Array(nodes.length);
  for (let top = 0; top < nodes.length; top += 1) {
    if (visited[top]) continue;
    visited[top] = 1;
    const stack: [number, number][] = [[top, 0]];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const kids = children(nodes[frame[0]]);
      if (frame[1] < kids.length) {
        const child = kids[frame[1]++];
        if (!visited[child]) {
          visited[child] = 1;
          stack.push([child, 0]);
        }
      } else {
        order.push(frame[0]);
        stack.pop();
      }
    }
  }
  const fixpoint = (update: (id: number) => boolean) => {
    const pending = order.slice();
    const queued = nodes.map(() => true);
    for (let i = 0; i < pending.length; i += 1) {
      const id = pending[i];
      queued[id] = false;
      if (!update(id)) continue;
      for (const parent of parents[id]) {
        if (!queued[parent]) {
          queued[parent] = true;
          pending.push(parent);
        }
      }
    }
  };
  const nullable = nodes.map((node) => node.kind === 'null' || node.kind === 'garbage');
  fixpoint((id) => {
    const node = nodes[id];
    if (nullable[id]) return false;
    nullable[id] = node.kind === 'seq' ? node.items.every((item) => nullable[item])
      : node.kind === 'alt' ? node.items.some((item) => nullable[item])
        : node.kind === 'repeat' ? node.min === 0 || nullable[node.item]
          : false;
    return nullable[id];
  });
  const none = bitsFor(0);
  const first = nodes.map((node) => (isCompound(node) ? bitsFor(vocabulary.size) : none));
  const anyFirst = nodes.map((node) => node.kind === 'garbage');
  const scratch = bitsFor(vocabulary.size);
  fixpoint((id) => {
    const node = nodes[id];
    if (!isCompound(node) || anyFirst[id]) return false;
    scratch.set(first[id]);
    for (const child of children(node)) {
      const kid = nodes[child];
      if (kid.kind === 'token') set(first[id], kid.ids[0]);
      else if (isCompound(kid)) or(first[id], first[child]);
      anyFirst[id] ||= anyFirst[child];
      if (node.kind === 'seq' && !nullable[child]) break;
    }
    return anyFirst[id] || !sameBits(scratch, first[id]);
  });
  return { nodes, root, vocabulary, nullable, first, anyFirst };
}

// ---------------------------------------------------------------------------------------------------------------
// Matching.

/** The ends a compound node reaches from one start, and the round that first reached each. */
interface Entry {
  node: number;
  start: number;
  ends: Bits;
  births: Int32Array | undefined;
  /** Entries that read this one, to re-evaluate when it grows (with a set once there are many). */
  readers: Entry[];
  readerSet: Set<Entry> | undefined;
  queued: boolean;
}

function match(graph: Graph, spoken: readonly string[]): string[] | undefined {
  const { nodes, nullable, first, anyFirst } = graph;
  const n = spoken.length;
  if (n === 0) return nullable[graph.root] ? [] : undefined;
  const words = spoken.map((word) => graph.vocabulary.get(wordKey(word)) ?? -1);
  const table = new Map<number, Entry>();
  /** Entries to evaluate, by start; `top` is at least the highest start with some. */
  const pending: Entry[][] = Array.from({ length: n + 1 }, () => []);
  let top = 0;
  const schedule = (target: Entry) => {
    target.queued = true;
    pending[target.start].push(target);
    if (target.start > top) top = target.start;
  };

  const tokenAt = (ids: number[], at: number) => {
    if (at + ids.length > n) return false;
    for (let i = 0; i < ids.length; i += 1) if (ids[i] !== words[at + i]) return false;
    return true;
  };
  /** Whether a compound node can match words from `at` (otherwise it matches none or nothing there). */
  const fits = (node: number, at: number) => at < n && (anyFirst[node] || (words[at] >= 0 && has(first[node], words[at])));
  const keyOf = (node: number, start: number) => node * (n + 1) + start;

  const entry = (node: number, start: number): Entry => {
    const key = keyOf(node, start);
    let found = table.get(key);
    if (!found) {
      found = { node, start, ends: bitsFor(n), births: undefined, readers: [], readerSet: undefined, queued: false };
      table.set(key, found);
      schedule(found);
    }
    return found;
  };
  const addReader = (target: Entry, reader: Entry) => {
    if (target.readerSet) {
      if (target.readerSet.has(reader)) return;
      target.readerSet.add(reader);
    } else if (target.readers.includes(reader)) {
      return;
    } else if (target.readers.length >= 8) {
      target.readerSet = new Set(target.readers).add(reader);
    }
    target.readers.push(reader);
  };

  /** Adds the ends `node` reaches from `at` to `into`; `reader` is re-evaluated when they grow. */
  const read = (node: number, at: number, into: Bits, reader: Entry) => {
    const def = nodes[node];
    switch (def.kind) {
      case 'token':
        if (tokenAt(def.ids, at)) set(into, at + def.ids.length);
        return;
      case 'null':
        set(into, at);
        return;
      case 'garbage':
        for (let i = at; i <= n; i += 1) set(into, i);
        return;
      case 'void':
      case 'ref':
        return;
      default: {
        if (!fits(node, at)) {
          if (nullable[node]) set(into, at);
          return;
        }
        const target = entry(node, at);
        addReader(target, reader);
        or(into, target.ends);
      }
    }
  };

  // Scratch bitsets for evaluate (which does not nest).
  let scratchA = bitsFor(n);
  let scratchB = bitsFor(n);
  const scratchR = bitsFor(n);
  const scratchD = bitsFor(n);
  /** into := the ends of one round of `item` from each position of `from`. */
  const step = (item: number, from: Bits, into: Bits, reader: Entry) => {
    into.fill(0);
    forEachBit(from, (at) => read(item, at, into, reader));
  };
  const swap = () => {
    [scratchA, scratchB] = [scratchB, scratchA];
  };

  /** The ends of an entry's node from its start, from the ends known so far (in a scratch bitset). */
  const evaluate = (self: Entry): Bits => {
    const def = nodes[self.node];
    const result = scratchR.fill(0);
    if (def.kind === 'alt') {
      for (const item of def.items) read(item, self.start, result, self);
      return result;
    }
    scratchA.fill(0);
    set(scratchA, self.start);
    if (def.kind === 'seq') {
      for (const item of def.items) {
        if (isEmpty(scratchA)) break;
        step(item, scratchA, scratchB, self);
        swap();
      }
      return scratchA;
    }
    if (def.kind !== 'repeat') return result;
    const { item, min, max } = def;
    if (nullable[item]) {
      // Each round may match nothing, so the positions after k rounds only grow with k: run to max or until stable.
      for (let k = 0; k < max; k += 1) {
        step(item, scratchA, scratchB, self);
        or(scratchB, scratchA);
        if (sameBits(scratchA, scratchB)) break;
        swap();
      }
      return scratchA;
    }
    // Each round matches at least one word, so at most n - start rounds can match.
    let k = 0;
    for (; k < min && !isEmpty(scratchA); k += 1) {
      step(item, scratchA, scratchB, self);
      swap();
    }
    if (max === Infinity) {
      // From the positions after min rounds, every position further rounds reach (each position expanded once).
      const pending: number[] = [];
      forEachBit(scratchA, (at) => pending.push(at));
      result.set(scratchA);
      while (pending.length > 0) {
        scratchD.fill(0);
        read(item, pending.pop()!, scratchD, self);
        forEachBit(scratchD, (at) => {
          if (!has(result, at)) {
            set(result, at);
            pending.push(at);
          }
        });
      }
      return result;
    }
    for (; !isEmpty(scratchA); k += 1) {
      or(result, scratchA);
      if (k >= max) break;
      step(item, scratchA, scratchB, self);
      swap();
    }
    return result;
  };

  // The fixpoint, from (root, 0), in rounds: a round evaluates the pending entries of the highest start that has some
  // (an entry reads only entries of its start or later ones, so those are mostly settled first), all against the ends
  // known before the round; an end first reached in round r thus has a derivation through ends reached in earlier
  // rounds (its birth).
  const root = graph.root;
  if (isCompound(nodes[root]) && fits(root, 0)) {
    entry(root, 0);
    let spare: Entry[] = [];
    const grown: Entry[] = [];
    /** Per grown entry (in order): how many new ends, then the ends. */
    const fresh: number[] = [];
    for (let round = 1; ; round += 1) {
      while (top > 0 && pending[top].length === 0) top -= 1;
      if (pending[top].length === 0) break;
      const batch = pending[top];
      pending[top] = spare;
      grown.length = 0;
      fresh.length = 0;
      for (const self of batch) {
        self.queued = false;
        const ends = evaluate(self);
        const at = fresh.push(0) - 1;
        for (let w = 0; w < ends.length; w += 1) {
          let word = ends[w] & ~self.ends[w];
          while (word !== 0) {
            const low = word & -word;
            fresh.push((w << 5) + 31 - Math.clz32(low));
            word ^= low;
          }
        }
        if (fresh.length === at + 1) fresh.length = at;
        else {
          fresh[at] = fresh.length - at - 1;
          grown.push(self);
        }
      }
      batch.length = 0;
      spare = batch;
      let at = 0;
      for (const self of grown) {
        const births = (self.births ??= new Int32Array(n + 1));
        for (let count = fresh[at++]; count > 0; count -= 1) {
          const end = fresh[at++];
          set(self.ends, end);
          births[end] = round;
        }
        for (const reader of self.readers) if (!reader.queued) schedule(reader);
      }
    }
  }

  // The rebuild: only non-empty spans are explained (an empty one shows no words), each through ends born before its own.
  /** Calls `visit` for each end in from+1..to that `node` reaches from `from` in a round before `before`. */
  const endsBefore = (node: number, from: number, to: number, before: number, visit: (end: number) => void) => {
    const def = nodes[node];
    if (def.kind === 'token') {
      if (from + def.ids.length <= to && tokenAt(def.ids, from)) visit(from + def.ids.length);
    } else if (def.kind === 'garbage') {
      for (let end = from + 1; end <= to; end += 1) visit(end);
    } else if (isCompound(def)) {
      const found = table.get(keyOf(node, from));
      if (!found?.births) return;
      for (let end = from + 1; end <= to; end += 1) if (has(found.ends, end) && found.births[end] < before) visit(end);
    }
  };
  /** Whether `node` matches from..to (nothing, when from = to) in a round before `before`. */
  const spans = (node: number, from: number, to: number, before: number) => {
    if (from === to) return nullable[node];
    const def = nodes[node];
    if (def.kind === 'token') return from + def.ids.length === to && tokenAt(def.ids, from);
    if (def.kind === 'garbage') return true;
    const found = isCompound(def) ? table.get(keyOf(node, from)) : undefined;
    return found?.births !== undefined && has(found.ends, to) && found.births[to] < before;
  };

  /**
   * Spans of `items` in sequence over from..to, earlier items taking as many words as they can, each taking at least
   * `least` words; `layers[i]` (when known) holds the positions reachable after i items.
   */
  const path = (items: number[], from: number, to: number, before: number, layers?: Bits[], least = 0) => {
    if (!layers) {
      layers = [bitsFor(n)];
      set(layers[0], from);
      for (const item of items) {
        const next = bitsFor(n);
        forEachBit(layers[layers.length - 1], (at) => {
          if (nullable[item]) set(next, at);
          endsBefore(item, at, to, before, (end) => set(next, end));
        });
        layers.push(next);
      }
    }
    const parts: [number, number, number][] = [];
    let end = to;
    for (let i = items.length - 1; i >= 0; i -= 1) {
      let start = end - least;
      while (!(has(layers[i], start) && spans(items[i], start, end, before))) start -= 1;
      parts.push([items[i], start, end]);
      end = start;
    }
    return parts.reverse();
  };

  /** The children's spans of one derivation of a compound node over from..to (from < to), in order. */
  const split = (node: number, from: number, to: number): [number, number, number][] => {
    const def = nodes[node];
    const before = table.get(keyOf(node, from))!.births![to];
    if (def.kind === 'alt') return [[def.items.find((item) => spans(item, from, to, before))!, from, to]];
    if (def.kind === 'seq') return path(def.items, from, to, before);
    if (def.kind !== 'repeat') return [];
    // Rounds that match words, as few as possible; rounds that match nothing make up the minimum when the item can.
    const { item, min, max } = def;
    const layers = [bitsFor(n)];
    set(layers[0], from);
    for (let k = 1; k <= Math.min(max, to - from); k += 1) {
      const next = bitsFor(n);
      forEachBit(layers[k - 1], (at) => endsBefore(item, at, to, before, (end) => set(next, end)));
      layers.push(next);
      if (has(next, to) && (k >= min || nullable[item])) return path(new Array<number>(k).fill(item), from, to, before, layers, 1);
    }
    throw new Error('grammar match: no derivation of a repeat');
  };

  if (!spans(root, 0, n, Infinity)) return undefined;
  const answer: string[] = [];
  const stack: [number, number, number][] = [[root, 0, n]];
  while (stack.length > 0) {
    const [node, from, to] = stack.pop()!;
    if (from === to) continue;
    const def = nodes[node];
    if (def.kind === 'token') answer.push(...def.text);
    else if (def.kind === 'garbage') answer.push(...spoken.slice(from, to));
    else stack.push(...split(node, from, to).reverse());
  }
  return answer;
}
