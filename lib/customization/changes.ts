import { gunzipSync, gzipSync } from 'node:zlib';
import { writeChildren, type ChildScope, type ChildWrite } from '../store/children';
import { clearJournal, journalParts, readJournal, recordJournal } from '../store/journal';

/**
 * How a change that spans several children of a model stays whole when the process dies midway (on AWS a Lambda
 * timeout; locally a killed `npm start`). The rule for every such change, in one place:
 *
 *   1. compute every write of the change under the model's lock (puts with their whole items, and deletes);
 *   2. record them in the model's journal (lib/store/journal): parts first, then the head — the commit point;
 *   3. apply them; 4. clear the journal.
 *
 * Whoever repairs the model (lib/customization/repair, when a lock's lease ran out or work failed) first replays a
 * journal it finds — the change is finished — or, without a head, drops the parts — the change never happened. The
 * writes are puts and deletes of whole items, so applying them twice is the same as once. The model's own record
 * (counts, status, job) is written when the lock is released, after the change; repair recomputes it from the children.
 *
 * The changes that go through here: adding, overwriting and deleting a corpus or grammar (its item, its word lists,
 * and every word it touches), adding words (a batch) and deleting a customer's tagged words and audio (DELETE
 * /v1/user_data). A change of one child (an audio resource, a word) is atomic by itself and is written directly.
 * Deleting and resetting a model are one write of the model's record (a tombstone; a new generation with the lock
 * held for the purge); the children they leave behind are invisible at once and purged after (by the scheduled
 * function, or by repair, when cut off).
 */
export async function applyChange(scope: ChildScope, writes: readonly ChildWrite[]): Promise<void> {
  if (writes.length <= 1) {
    await writeChildren(scope, writes);
    return;
  }
  const data = encodeWrites(writes);
  await recordJournal(scope, data);
  await writeChildren(scope, writes);
  await clearJournal(scope, journalParts(data.length));
}

/** Finishes a change that was cut off after its commit point and clears the journal; answers whether there was one. */
export async function finishRecordedChange(scope: ChildScope): Promise<boolean> {
  const data = await readJournal(scope);
  if (data) await writeChildren(scope, decodeWrites(data));
  await clearJournal(scope);
  return data !== undefined;
}

/** Binary attributes (a grammar's gzipped text) travel as base64 in the journal's JSON. */
const BINARY = '\u0000binary';

function encodeWrites(writes: readonly ChildWrite[]): Buffer {
  // The original value, not `value`: a Buffer has already become `{type, data}` by its toJSON when the replacer sees it.
  const json = JSON.stringify(writes, function replace(this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Uint8Array ? { [BINARY]: Buffer.from(original).toString('base64') } : value;
  });
  return gzipSync(json, { level: 1 });
}

function decodeWrites(data: Buffer): ChildWrite[] {
  return JSON.parse(gunzipSync(data).toString('utf8'), (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>)[BINARY] === 'string') {
      return new Uint8Array(Buffer.from((value as Record<string, string>)[BINARY], 'base64'));
    }
    return value;
  }) as ChildWrite[];
}
