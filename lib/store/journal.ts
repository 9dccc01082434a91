import { getChild, listChildNames, listNamedChildren, writeChildren, type ChildScope, type ChildWrite } from './children';

/**
 * A model's journal: the recorded content of one change of several children (opaque bytes), kept as JOURNAL children
 * of the model's generation while the change is applied. Its parts are written first and its head last, so the head
 * exists only when every part does: the head's write is the change's commit point. One change at a time (the model's
 * lock is held), so the names are fixed.
 */
const HEAD = 'head';
const PART_BYTES = 300 * 1024;
const partName = (index: number) => `part#${String(index).padStart(5, '0')}`;

/** Records the change's content: parts, then the head that names how many there are. */
export async function recordJournal(scope: ChildScope, data: Buffer): Promise<void> {
  const parts = Math.max(1, Math.ceil(data.length / PART_BYTES));
  await writeChildren(scope, Array.from({ length: parts }, (_, index) => ({
    kind: 'JOURNAL' as const, name: partName(index), item: { data: data.subarray(index * PART_BYTES, (index + 1) * PART_BYTES) },
  })));
  await writeChildren(scope, [{ kind: 'JOURNAL', name: HEAD, item: { parts } }]);
}

/**
 * The recorded content, or undefined when there is no head (nothing recorded, or a record cut off before its commit
 * point), or when parts are gone (the journal was being cleared: its change had been applied).
 */
export async function readJournal(scope: ChildScope): Promise<Buffer | undefined> {
  const head = await getChild(scope, 'JOURNAL', HEAD);
  if (!head) return undefined;
  const parts = (await listNamedChildren(scope, 'JOURNAL', 'part#')).slice(0, Number(head.parts)).map(({ item }) => item.data);
  if (parts.length < Number(head.parts) || !parts.every((part) => part instanceof Uint8Array)) return undefined;
  return Buffer.concat(parts as Uint8Array[]);
}

/** Removes the journal once its change is applied; with `parts`, without listing (the head and its parts). */
export async function clearJournal(scope: ChildScope, parts?: number): Promise<void> {
  const names = parts === undefined ? await listChildNames(scope, 'JOURNAL') : [HEAD, ...Array.from({ length: parts }, (_, index) => partName(index))];
  const writes: ChildWrite[] = names.map((name) => ({ kind: 'JOURNAL', name }));
  await writeChildren(scope, writes);
}

/** How many parts a recorded content of this many bytes takes (to clear it without listing). */
export const journalParts = (bytes: number) => Math.max(1, Math.ceil(bytes / PART_BYTES));
