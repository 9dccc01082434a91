import type { Caller } from '../auth/identity';
import { badRequest } from '../errors';
import { config } from '../config';
import { logError } from '../log';
import * as store from '../store/requests';

/**
 * The request journal (`GET /_emulator/requests`): what each instance sent, newest first, for a user asking "what did
 * my app send?" (the web console shows it). One entry per authenticated request of the service and control handlers
 * (lib/http/service.ts), made once the answer is (`recordRequest`). Not journaled: requests that say
 * `X-Emulator-Journal: off` (the console's own polling), and the journal's, the console page's and health's own.
 *
 * Cost: one write per request at most, by pages. `STT_REQUEST_JOURNAL=background` (npm start) writes beside the
 * answer, so a request does not wait for its entry: the entries of BACKGROUND_DELAY_MS (or of a full page) go to the
 * store as one item, since each write costs the store far more than its size. The process's unwritten entries are
 * shared by every function of the process (serverless-offline runs them all in one), and a read of the journal writes
 * and waits for them first, so that a request is listed as soon as its answer has arrived. `on` writes before the
 * answer (a deployed Lambda may be frozen as soon as it has answered). Each instance keeps about its newest
 * STT_REQUEST_JOURNAL_SIZE entries for STT_REQUEST_JOURNAL_MINUTES: every half of that many entries a process writes
 * for an instance, it deletes the older ones (a trim reads the instance's pages: rarely, so that it costs little).
 */
export type RequestEntry = store.StoredRequest;

export const UNJOURNALED_OPERATIONS = new Set(['listEmulatorRequests', 'deleteEmulatorRequests', 'getEmulatorConsole', 'getEmulatorHealth']);
export const JOURNAL_HEADER = 'x-emulator-journal';
const BACKGROUND_DELAY_MS = 100;
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

interface Pending {
  owner: string;
  entry: RequestEntry;
  expiresAt: number;
}

/** The process's journal writer, shared by the bundles of one process through globalThis (one per function otherwise). */
interface Writer {
  queue: Pending[];
  /** The write of what was queued, once it has started. */
  flushing: Promise<void> | undefined;
  /** A background write waiting for its delay. */
  timer: ReturnType<typeof setTimeout> | undefined;
  written: Map<string, number>;
}
const WRITER_KEY = Symbol.for('watson-stt-emulator.request-journal');
const writer = (): Writer => {
  const global = globalThis as unknown as Record<symbol, Writer | undefined>;
  return (global[WRITER_KEY] ??= { queue: [], flushing: undefined, timer: undefined, written: new Map() });
};

/** Journals one request (a no-op when the journal is off). In `on` mode the returned promise is the write. */
export function recordRequest(owner: string, entry: RequestEntry): Promise<void> | undefined {
  const mode = config.requestJournal();
  if (mode === 'off') return undefined;
  const expiresAt = Math.ceil(Date.parse(entry.time) / 1000) + config.requestJournalMinutes() * 60;
  const state = writer();
  state.queue.push({ owner, entry, expiresAt });
  if (mode === 'on') return settled();
  if (state.queue.length >= store.PAGE_ENTRIES) void flush(state);
  else if (!state.timer && !state.flushing) {
    state.timer = setTimeout(() => void flush(state), BACKGROUND_DELAY_MS);
    state.timer.unref?.();
  }
  return undefined;
}

/** Writes what is queued, one batch write at a time per process; answers once everything queued before it is written. */
function flush(state: Writer, everything = false): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = undefined;
  }
  if (!state.flushing) {
    state.flushing = (async () => {
      // Entries that arrive while a batch is being written go in the next one: at once when they fill a page (or a
      // reader waits for them), otherwise after the background delay, so that a busy process still writes few pages.
      do {
        const batch = state.queue.splice(0, state.queue.length);
        try {
          await writePages(batch);
          await trimWhereDue(state, batch);
        } catch (error) {
          // The journal is a debugging aid: losing entries never fails a request.
          logError('request journal: entries not written', error, { entries: batch.length });
        }
      } while (state.queue.length >= store.PAGE_ENTRIES || (everything && state.queue.length > 0));
    })().finally(() => {
      state.flushing = undefined;
      if (state.queue.length > 0 && !state.timer) {
        state.timer = setTimeout(() => void flush(state), BACKGROUND_DELAY_MS);
        state.timer.unref?.();
      }
    });
  }
  return state.flushing;
}

/** One page per instance (and per PAGE_ENTRIES entries), written side by side. */
async function writePages(batch: readonly Pending[]): Promise<void> {
  const pages: { owner: string; entries: RequestEntry[]; expiresAt: number }[] = [];
  const open = new Map<string, { owner: string; entries: RequestEntry[]; expiresAt: number }>();
  for (const { owner, entry, expiresAt } of batch) {
    let page = open.get(owner);
    if (!page || page.entries.length >= store.PAGE_ENTRIES) {
      page = { owner, entries: [], expiresAt };
      open.set(owner, page);
      pages.push(page);
    }
    page.entries.push(entry);
    page.expiresAt = Math.max(page.expiresAt, expiresAt);
  }
  await Promise.all(pages.map((page) => store.putRequestPage(page.owner, page.entries, page.expiresAt)));
}

async function trimWhereDue(state: Writer, batch: readonly Pending[]): Promise<void> {
  const owners = new Set<string>();
  const trimEvery = Math.max(1, Math.ceil(config.requestJournalSize() / 2));
  for (const { owner } of batch) {
    const count = (state.written.get(owner) ?? 0) + 1;
    state.written.set(owner, count);
    if (count % trimEvery === 0) owners.add(owner);
  }
  if (state.written.size > 10_000) state.written.clear();
  for (const owner of owners) await store.trimRequests(owner, config.requestJournalSize(), Math.floor(Date.now() / 1000));
}

/** Waits until this process's queued entries are written (a read then sees every request answered before it). */
async function settled(): Promise<void> {
  const state = writer();
  while (state.flushing || state.queue.length > 0) {
    if (state.flushing) await state.flushing;
    else await flush(state, true);
  }
}

function limitParam(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 1 || value > MAX_LIMIT) {
    throw badRequest(`The value '${raw.slice(0, 100)}' of 'limit' is not valid: an integer from 1 to ${MAX_LIMIT}.`);
  }
  return value;
}

/** `GET /_emulator/requests?limit=N` (1–1000, default 100): the caller's newest requests, newest first. */
export async function listRequests(caller: Caller, query: URLSearchParams): Promise<{ enabled: boolean; requests: RequestEntry[] }> {
  const limit = limitParam(query.get('limit'));
  const enabled = config.requestJournal() !== 'off';
  await settled();
  const notBefore = new Date(Date.now() - config.requestJournalMinutes() * 60_000).toISOString();
  return { enabled, requests: await store.recentRequests(caller.instanceId, limit, notBefore) };
}

/** `DELETE /_emulator/requests`: empties the caller's journal. */
export async function deleteRequests(caller: Caller): Promise<{ deleted: number }> {
  await settled();
  return { deleted: await store.deleteRequests(caller.instanceId) };
}

/** Whether a request goes in the journal. */
export function journaled(operation: string, headers: Readonly<Record<string, string | undefined>>): boolean {
  return !UNJOURNALED_OPERATIONS.has(operation) && (headers[JOURNAL_HEADER] ?? '').toLowerCase() !== 'off';
}
