import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { listChildren } from '../store/children';
import { readSnapshot, writeSnapshot } from '../store/snapshots';
import { asWord, isInvalidWord, isUserWord } from '../customization/wordRecord';
import { modelContext } from '../customization/context';
import type { ModelRecord, SnapshotRef } from '../store/modelRecord';

/**
 * What a training leaves for recognition (recognition spec §5.2): recognition uses the model as its last training
 * saw it, not its current resources. Training writes the valid words (only user words with `word_type_to_add=user`)
 * and the analyzed grammars' texts into a snapshot; the model's job carries its reference until the training
 * completes, then the model's `snapshot` does (lib/models/state.ts).
 */
export interface SnapshotContent {
  /** `[word, display_as, sounds_like]` of every word training used. */
  words: [string, string, string[]][];
  /** The grammars training compiled, with their texts. */
  grammars: { name: string; format: 'abnf' | 'xml'; text: string }[];
}

/** The part of a stored GRAMMAR item that a snapshot reads (lib/grammars keeps the rest). */
interface GrammarSource {
  name: string;
  format: 'abnf' | 'xml';
  outcome: string;
  /** The grammar's text, gzipped (grammars added before the emulator kept it have none). */
  source?: Uint8Array;
}

/** Writes the snapshot of the locked model's current resources into the slot not in use; answers its reference. */
export async function takeSnapshot(locked: ModelRecord, userWordsOnly: boolean, weight: number | undefined): Promise<SnapshotRef> {
  const { scope } = modelContext(locked);
  const [words, grammars] = await Promise.all([listChildren(scope, 'WORD'), listChildren(scope, 'GRAMMAR')]);
  const content: SnapshotContent = {
    words: words.map(asWord)
      .filter((word) => !isInvalidWord(word) && (!userWordsOnly || isUserWord(word)))
      .map((word) => [word.word, word.displayAs, word.soundsLike]),
    grammars: (grammars as unknown as GrammarSource[])
      .filter((grammar) => grammar.outcome === 'analyzed' && grammar.source instanceof Uint8Array)
      .map((grammar) => ({ name: grammar.name, format: grammar.format, text: gunzipSync(grammar.source!).toString('utf8') })),
  };
  const slot = locked.snapshot?.slot === 'A' ? 'B' : 'A';
  const chunks = await writeSnapshot(scope, slot, gzipSync(JSON.stringify(content), { level: 1 }));
  return { id: randomUUID(), slot, chunks, ...(weight === undefined ? {} : { weight }) };
}

/** A few parsed snapshots per function instance: a recognition after the first reads none. */
const cache = new Map<string, SnapshotContent>();
const CACHE_ENTRIES = 8;

/** The snapshot's content, or undefined when its items are gone (the model was reset or deleted meanwhile). */
export async function loadSnapshot(record: ModelRecord, ref: SnapshotRef): Promise<SnapshotContent | undefined> {
  const cached = cache.get(ref.id);
  if (cached) return cached;
  const data = await readSnapshot({ modelId: record.customizationId, generation: record.generation }, ref.slot, ref.chunks);
  if (!data) return undefined;
  const content = JSON.parse(gunzipSync(data).toString('utf8')) as SnapshotContent;
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(ref.id, content);
  return content;
}
