import { createHash } from 'node:crypto';

/**
 * The SHA-256 (hex) of audio, which names its script (`PUT /_emulator/transcripts/{sha256}`).
 *
 * Test suites send the same few audio files again and again, and hashing a megabyte costs most of a millisecond: the
 * process keeps the latest large audios it hashed (a copy of each, at most RECENT_BYTES in all) with their hashes,
 * and audio byte-for-byte equal to one of them (a comparison of all its bytes, about a twentieth of the hash's cost)
 * gets that hash. Anything else is hashed.
 */
const LARGE_BYTES = 64 * 1024;
const RECENT_BYTES = 16 * 1024 * 1024;
const SAMPLES = 8;

interface Hashed {
  data: Buffer;
  sha256: string;
}

/** Audios by their length and a few of their bytes, least recently used first. */
const recent = new Map<string, Hashed>();
let recentBytes = 0;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The length and eight bytes spread over the audio: equal audios have equal keys; different ones rarely do. */
function keyOf(data: Buffer): string {
  let key = `${data.length}`;
  for (let i = 1; i <= SAMPLES; i += 1) key += `:${data[Math.floor((data.length * i) / (SAMPLES + 1))]}`;
  return key;
}

export function audioSha256(data: Buffer): string {
  if (data.length < LARGE_BYTES || data.length > RECENT_BYTES / 4) return sha256(data);
  const key = keyOf(data);
  const known = recent.get(key);
  if (known && known.data.equals(data)) {
    recent.delete(key);
    recent.set(key, known);
    return known.sha256;
  }
  const hashed = { data: Buffer.from(data), sha256: sha256(data) };
  if (known) {
    recent.delete(key);
    recentBytes -= known.data.length;
  }
  while (recentBytes + data.length > RECENT_BYTES) {
    const [oldestKey, oldest] = recent.entries().next().value!;
    recent.delete(oldestKey);
    recentBytes -= oldest.data.length;
  }
  recent.set(key, hashed);
  recentBytes += data.length;
  return hashed.sha256;
}

/** For tests: what the process keeps. */
export function recentAudioHashes(): { count: number; bytes: number } {
  return { count: recent.size, bytes: recentBytes };
}
