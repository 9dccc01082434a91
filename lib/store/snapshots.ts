import { listChildNames, listNamedChildren, writeChildren, type ChildScope, type ChildWrite } from './children';

/**
 * A model's training snapshots: opaque bytes (what recognition needs of the last training) kept as SNAPSHOT children
 * of the model's generation, in one of two slots, split into chunks that stay below DynamoDB's 400 KB item limit.
 * The model record names the slot in use and its chunk count; a new training writes the other slot.
 */
const CHUNK_BYTES = 300 * 1024;

const chunkName = (slot: string, index: number) => `${slot}#${String(index).padStart(5, '0')}`;

/** Replaces the slot's content with these bytes; answers the number of chunks written. */
export async function writeSnapshot(scope: ChildScope, slot: string, data: Buffer): Promise<number> {
  const stale = await listChildNames(scope, 'SNAPSHOT', `${slot}#`);
  const chunks = Math.max(1, Math.ceil(data.length / CHUNK_BYTES));
  const writes: ChildWrite[] = [];
  for (let index = 0; index < chunks; index++) {
    writes.push({ kind: 'SNAPSHOT', name: chunkName(slot, index), item: { data: data.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES) } });
  }
  const written = new Set(writes.map((write) => write.name));
  for (const name of stale) if (!written.has(name)) writes.push({ kind: 'SNAPSHOT', name });
  await writeChildren(scope, writes);
  return chunks;
}

/** The slot's bytes, or undefined when its chunks are not all there. */
export async function readSnapshot(scope: ChildScope, slot: string, chunks: number): Promise<Buffer | undefined> {
  const found = await listNamedChildren(scope, 'SNAPSHOT', `${slot}#`);
  if (found.length < chunks) return undefined;
  const parts = found.slice(0, chunks).map(({ item }) => item.data);
  if (!parts.every((part) => part instanceof Uint8Array)) return undefined;
  return Buffer.concat(parts as Uint8Array[]);
}
