import type { Caller } from '../auth/identity';
import { clock, isoTime } from '../clock';
import { ApiError, badRequest, notFound } from '../errors';
import * as store from '../store/controls';

/**
 * The control API's transcripts (`/_emulator/transcripts`): what recognition hears in a piece of audio, per instance.
 * A transcript is keyed by the lower-case hex SHA-256 of the audio bytes as sent (the body, or one audio part of a
 * multipart request), or `default` for any audio without one of its own.
 */
export const DEFAULT_TRANSCRIPT_KEY = 'default';
/** Transcripts one instance may keep, and the longest one (characters). */
export const MAX_TRANSCRIPTS = 1000;
export const MAX_TRANSCRIPT_CHARS = 100_000;

const HASH_KEY = /^[0-9a-f]{64}$/;

export interface TranscriptJson {
  key: string;
  transcript: string;
  created: string;
}

const transcriptJson = (stored: store.StoredTranscript): TranscriptJson =>
  ({ key: stored.key, transcript: stored.transcript, created: isoTime(stored.created) });

function validKey(key: string): string {
  if (key !== DEFAULT_TRANSCRIPT_KEY && !HASH_KEY.test(key)) {
    throw badRequest(`Invalid transcript key '${key.length > 100 ? `${key.slice(0, 100)}…` : key}': use the lower-case hex `
      + `SHA-256 of the audio bytes (64 characters) or '${DEFAULT_TRANSCRIPT_KEY}'.`);
  }
  return key;
}

/** `PUT /_emulator/transcripts/{key}` with `{"transcript": "<words separated by spaces>"}`. */
export async function putTranscript(caller: Caller, rawKey: string, body: Record<string, unknown>): Promise<TranscriptJson> {
  const key = validKey(rawKey);
  const unknown = Object.keys(body).filter((field) => field !== 'transcript');
  if (unknown.length > 0) throw badRequest(`Unknown field(s) ${unknown.map((field) => `'${field}'`).join(', ')}: the body takes only 'transcript'.`);
  const { transcript } = body;
  if (typeof transcript !== 'string') throw badRequest("The body needs 'transcript': a string of the words spoken, separated by spaces.");
  if (transcript.length > MAX_TRANSCRIPT_CHARS) throw badRequest(`The transcript is longer than ${MAX_TRANSCRIPT_CHARS} characters.`);
  const stored: store.StoredTranscript = { key, transcript, created: clock.now() };
  if (!(await store.putTranscript(caller.instanceId, stored, MAX_TRANSCRIPTS))) {
    throw new ApiError(409, `The instance already has ${MAX_TRANSCRIPTS} transcripts: delete some first.`);
  }
  return transcriptJson(stored);
}

export async function listTranscripts(caller: Caller): Promise<{ transcripts: TranscriptJson[] }> {
  return { transcripts: (await store.listTranscripts(caller.instanceId)).map(transcriptJson) };
}

export async function deleteTranscript(caller: Caller, rawKey: string): Promise<Record<string, never>> {
  const key = validKey(rawKey);
  if (!(await store.deleteTranscript(caller.instanceId, key))) throw notFound(`No transcript '${key}' for this instance.`);
  return {};
}

export async function deleteTranscripts(caller: Caller): Promise<{ deleted: number }> {
  return { deleted: await store.deleteTranscripts(caller.instanceId) };
}

/**
 * The scripts of these audio hashes: each hash's own transcript, else the instance's `default`, else undefined (no
 * speech). One batched read per recognition.
 */
export async function scriptsFor(caller: Caller, hashes: readonly string[]): Promise<(string | undefined)[]> {
  const found = await store.getTranscripts(caller.instanceId, [...hashes, DEFAULT_TRANSCRIPT_KEY]);
  return hashes.map((hash) => found.get(hash) ?? found.get(DEFAULT_TRANSCRIPT_KEY));
}
