import { createHash } from 'node:crypto';

/**
 * A mono 16-bit PCM WAV of `seconds` at `rate` Hz: a tone whose pitch depends on `seed`, so that different seeds
 * give different bytes (and SHA-256 keys for the control API's transcripts).
 */
export function wav(seconds: number, { rate = 16000, seed = 1 }: { rate?: number; seed?: number } = {}): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  const pitch = 220 + (seed % 50) * 10;
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * pitch * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** The control API's key of an audio: the lower-case hex SHA-256 of its bytes. */
export const audioKey = (audio: Buffer): string => createHash('sha256').update(audio).digest('hex');
