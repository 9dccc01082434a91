import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { audioSha256, recentAudioHashes } from '../../lib/audio/hash';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const audio = (bytes: number, seed: number) => {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 1) data[i] = (i * 31 + seed * 7 + (i >> 8)) & 0xff;
  return data;
};

describe('audioSha256', () => {
  it('is the SHA-256 of small, large and repeated audio', () => {
    for (const data of [Buffer.alloc(0), audio(100, 1), audio(64 * 1024 - 1, 2), audio(64 * 1024, 3), audio(1024 * 1024, 4)]) {
      expect(audioSha256(data)).toBe(sha256(data));
      expect(audioSha256(Buffer.from(data))).toBe(sha256(data));
    }
  });

  it('tells apart audios of the same length and sampled bytes, and audio changed after it was hashed', () => {
    const first = audio(512 * 1024, 5);
    const second = Buffer.from(first);
    second[12345] ^= 0xff; // not one of the sampled positions
    expect(audioSha256(first)).toBe(sha256(first));
    expect(audioSha256(second)).toBe(sha256(second));
    expect(audioSha256(first)).toBe(sha256(first));
    const original = sha256(first);
    first[777] ^= 0x01;
    expect(audioSha256(first)).toBe(sha256(first));
    expect(audioSha256(first)).not.toBe(original);
  });

  it('keeps at most 16 MB of audio', () => {
    for (let seed = 0; seed < 40; seed += 1) {
      const data = audio(1024 * 1024, 100 + seed);
      expect(audioSha256(data)).toBe(sha256(data));
    }
    const kept = recentAudioHashes();
    expect(kept.bytes).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(kept.count).toBe(16);
  });
});
