import { describe, expect, it } from 'vitest';
import { parseAudioContentType, readAudio } from '../../lib/audio';
import { ApiError } from '../../lib/errors';
import type { AudioInfo } from '../../lib/audio';
import { AUDIO_FIXTURES, apiError, audioFixture, randomBytes } from '../fixtures/audio';

const transcode = (declared: string) => `unable to transcode data stream ${declared} -> audio/x-float-array `;

/** The type as the transcode message names it: the declared type, with `;codecs=` if given. */
function declaredName(type: string | undefined): string {
  const { type: base, params } = parseAudioContentType(type);
  if (!base || base === 'application/octet-stream') return 'application/octet-stream';
  return params.codecs && (base === 'audio/ogg' || base === 'audio/webm') ? `${base};codecs=${params.codecs}` : base;
}

async function outcome(body: Buffer, type: string | undefined): Promise<AudioInfo | ApiError> {
  try {
    return await readAudio(body, type);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw new Error(`readAudio threw a non-ApiError for ${type}: ${String(error)}`, { cause: error });
  }
}

const transcodeError = async (body: Buffer, type: string | undefined) => {
  const error = await apiError(readAudio(body, type));
  expect([error.status, error.message]).toEqual([400, transcode(declaredName(type))]);
};

const duration = async (body: Buffer, type: string | undefined) => (await readAudio(body, type)).durationSeconds;

describe('readAudio: cut files', () => {
  for (const { file, type, expected, detectable } of AUDIO_FIXTURES) {
    it(`answers ${file} cut anywhere with a 400 or with less of the same audio`, async () => {
      const full = audioFixture(file);
      const cuts = [0, 1, 3, 4, 11, 12, 27, 43, 44, 58, 99, 100, 101, 150, 300, 1000, 2000]
        .concat([1 / 4, 1 / 3, 1 / 2, 3 / 4].map((f) => Math.floor(full.length * f)), [full.length - 1])
        .filter((n) => n < full.length);
      for (const declared of detectable ? [type, 'application/octet-stream'] : [type]) {
        for (const n of cuts) {
          const result = await outcome(full.subarray(0, n), declared);
          if (n < 100) {
            expect([n, result]).toEqual([n, new ApiError(400, `Stream was ${n} bytes but needs to be at least 100 bytes.`)]);
          } else if (result instanceof ApiError) {
            expect([n, result.status, result.message]).toEqual([n, 400, transcode(declaredName(declared))]);
          } else {
            expect(result).toMatchObject({ ...expected, durationSeconds: result.durationSeconds, bytes: n });
            expect(result.durationSeconds).toBeGreaterThan(0);
            // A cut file loses its end trim (WebM DiscardPadding, MP3 LAME padding): up to one packet more.
            expect(result.durationSeconds).toBeLessThanOrEqual(expected.durationSeconds + 0.025);
          }
        }
      }
    });
  }

  it('measures a cut file by what is there, not by what its header declares', async () => {
    expect(await duration(audioFixture('speech-16k-mono.wav').subarray(0, 44 + 16000), 'audio/wav')).toBe(0.5);
    expect(await duration(audioFixture('speech-44k-stereo.wav').subarray(0, 44 + 44100), undefined)).toBe(0.25);
    // The Vorbis setup header fills the first ~60% of that file; a cut Ogg page counts by its share of bytes.
    const cuts: [string, number][] = [
      ['speech-16k.flac', 0.5], ['speech-opus.ogg', 0.5], ['speech-vorbis.ogg', 0.8], ['speech-opus.webm', 0.5], ['speech-16k-cbr.mp3', 0.5],
    ];
    for (const [file, fraction] of cuts) {
      const body = audioFixture(file);
      const cut = await duration(body.subarray(0, Math.floor(body.length * fraction)), undefined);
      expect([file, cut > 0.2 && cut < 0.8]).toEqual([file, true]);
    }
    await transcodeError(audioFixture('speech-vorbis.ogg').subarray(0, 2953), undefined); // no audio page yet
  });
});

describe('readAudio: headers that lie', () => {
  const wavWithChunk = (id: string, size: number, data = Buffer.alloc(0)) => {
    const body = audioFixture('speech-16k-mono.wav');
    const chunk = Buffer.alloc(8);
    chunk.write(id, 0, 'latin1');
    chunk.writeUInt32LE(size, 4);
    return Buffer.concat([body.subarray(0, 36), chunk, data, body.subarray(36)]);
  };
  const patched = (file: string, patch: (b: Buffer) => void) => {
    const body = Buffer.from(audioFixture(file));
    patch(body);
    return body;
  };

  it('WAV: a chunk before the data that runs past the end, or a bad fmt, is a 400', async () => {
    await transcodeError(wavWithChunk('LIST', 0xffffff00), 'audio/wav');
    await transcodeError(patched('speech-16k-mono.wav', (b) => b.writeUInt32LE(0xfffffff0, 16)), 'audio/wav'); // fmt size
    await transcodeError(patched('speech-16k-mono.wav', (b) => b.writeUInt32LE(0, 24)), 'audio/wav'); // rate 0
    await transcodeError(patched('speech-16k-mono.wav', (b) => b.writeUInt32LE(0xffffffff, 24)), undefined); // rate 4 GHz
    await transcodeError(patched('speech-16k-mono.wav', (b) => b.writeUInt16LE(0, 22)), 'audio/wav'); // 0 channels
    await transcodeError(patched('speech-16k-mono.wav', (b) => b.fill(0, 32, 36)), 'audio/wav'); // blockAlign and bits 0
    await transcodeError(patched('speech-16k-mono.wav', (b) => b.write('junk', 36)), 'audio/wav'); // no data chunk
    expect(await duration(wavWithChunk('LIST', 3, Buffer.alloc(4)), 'audio/wav')).toBe(1); // skipped, with its pad byte
    expect(await duration(patched('speech-16k-mono.wav', (b) => b.writeUInt32LE(0xffffffff, 4)), 'audio/wav')).toBe(1);
  });

  it('FLAC: a total of 0 or 2^36-1 samples is measured by the frames; a metadata block past the end is a 400', async () => {
    expect(await duration(patched('speech-16k.flac', (b) => ((b[21] &= 0xf0), b.fill(0, 22, 26))), 'audio/flac')).toBe(1);
    expect(await duration(patched('speech-16k.flac', (b) => ((b[21] |= 0x0f), b.fill(0xff, 22, 26))), 'audio/flac')).toBe(1);
    await transcodeError(patched('speech-16k.flac', (b) => b.fill(0xff, 43, 46)), 'audio/flac');
    await transcodeError(patched('speech-16k.flac', (b) => ((b[18] = 0), (b[19] = 0), (b[20] &= 0x0f))), undefined); // rate 0
  });

  it('Ogg: an absurd or absent granule position, or a first page past the end, is a 400', async () => {
    const lastPage = (b: Buffer) => b.lastIndexOf('OggS');
    await transcodeError(patched('speech-opus.ogg', (b) => b.writeUInt32LE(0x40000000, lastPage(b) + 10)), 'audio/ogg');
    await transcodeError(
      patched('speech-vorbis.ogg', (b) => {
        for (let p = b.indexOf('OggS'); p >= 0; p = b.indexOf('OggS', p + 4)) b.fill(0xff, p + 6, p + 14);
      }),
      undefined,
    );
    await transcodeError(patched('speech-opus.ogg', (b) => (b[26] = 255)), 'audio/ogg;codecs=opus');
  });

  it('WebM: a Segment size past the end is read to the end; an EBML header or block past it is not audio', async () => {
    const segment = (b: Buffer) => b.indexOf(Buffer.from([0x18, 0x53, 0x80, 0x67]));
    const bigSegment = patched('speech-opus.webm', (b) => b.fill(0x7f, segment(b) + 5, segment(b) + 12));
    expect(await duration(bigSegment, 'audio/webm')).toBeCloseTo(1.005, 2);
    const webm = audioFixture('speech-opus.webm');
    const bigHeader = Buffer.concat([webm.subarray(0, 4), Buffer.from([0x01, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]), webm.subarray(5)]);
    await transcodeError(bigHeader, 'audio/webm');
    const firstBlock = (b: Buffer) => b.indexOf(Buffer.from([0xa3]), b.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75])));
    const hugeBlock = patched('speech-opus-stream.webm', (b) => (b[firstBlock(b) + 1] = 0x01));
    await transcodeError(hugeBlock, undefined);
  });

  it('MP3: an ID3 tag past the end is a 400; a lying Xing frame count is ignored', async () => {
    const tag = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0x7f, 0x7f, 0x7f, 0x7f]);
    await transcodeError(Buffer.concat([tag, audioFixture('speech-16k-cbr.mp3')]), 'audio/mp3');
    await transcodeError(Buffer.concat([tag, audioFixture('speech-16k-cbr.mp3')]), undefined);
    const vbr = patched('speech-16k-vbr.mp3', (b) => b.writeUInt32BE(0x7fffffff, b.indexOf('Xing') + 8));
    // Fewer frames than the tag says: read as a cut file, every frame counted, only the start trimmed (576 + 529).
    expect(await duration(vbr, 'audio/mp3')).toBe((30 * 576 - 576 - 529) / 16000);
  });

  it('audio/basic: a .au header with a data offset past the end or an unknown encoding is a 400', async () => {
    await transcodeError(patched('speech-8k.au', (b) => b.writeUInt32BE(0xffffff00, 4)), 'audio/basic');
    await transcodeError(patched('speech-8k.au', (b) => b.writeUInt32BE(99, 12)), 'audio/basic');
    expect(await duration(patched('speech-8k.au', (b) => b.writeUInt32BE(0xffffffff, 8)), 'audio/basic')).toBe(1);
  });
});

describe('readAudio: random bytes', () => {
  const containerTypes = [undefined, '', 'application/octet-stream', 'audio/wav', 'audio/flac', 'audio/ogg', 'audio/ogg;codecs=vorbis', 'audio/webm;codecs=opus', 'audio/mp3', 'audio/mpeg'];

  it('are a 400 "unable to transcode" under every container type', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const body = randomBytes(100 + seed * 97, seed);
      for (const type of containerTypes) await transcodeError(body, type);
    }
  });

  it('are audio (noise) under every raw type', async () => {
    const body = randomBytes(1600, 42);
    expect(await readAudio(body, 'audio/l16;rate=8000')).toMatchObject({ contentType: 'audio/l16', durationSeconds: 0.1 });
    expect(await readAudio(body, 'audio/mulaw;rate=16000')).toMatchObject({ contentType: 'audio/mulaw', durationSeconds: 0.1 });
    expect(await readAudio(body, 'audio/alaw;rate=16000')).toMatchObject({ contentType: 'audio/alaw', durationSeconds: 0.1 });
    expect(await readAudio(body, 'audio/basic')).toMatchObject({ contentType: 'audio/basic', durationSeconds: 0.2 });
    expect(await readAudio(body, 'audio/g729')).toMatchObject({ contentType: 'audio/g729', durationSeconds: 1.6 });
  });

  it('mutated fixtures under any type give a 400 or plausible audio, never another exception', async () => {
    const types = [...containerTypes, 'audio/l16;rate=16000', 'audio/basic', 'audio/g729'];
    const files = [...new Set(AUDIO_FIXTURES.map((f) => f.file))].map(audioFixture);
    const noise = randomBytes(4 * 3000, 7);
    for (let i = 0; i < 3000; i++) {
      const r = (k: number) => noise.readUInt32LE(i * 4) % k;
      let body = Buffer.from(files[i % files.length]);
      const at = r(Math.min(body.length, 160));
      if (i % 4 === 0) body.fill(0xff, at, at + 1 + (i % 8));
      else if (i % 4 === 1) body[at] ^= 1 << (i % 8);
      else if (i % 4 === 2) body.writeUInt32LE(noise.readUInt32LE(((i * 4) % (noise.length - 4)) & ~3), Math.min(at, body.length - 4));
      else body = Buffer.concat([body.subarray(0, at), randomBytes(r(40), i), body.subarray(at + r(40))]);
      const type = types[i % types.length];
      const result = await outcome(body, type);
      if (result instanceof ApiError) {
        expect(result.status).toBe(400);
        expect(result.message).toMatch(/^(unable to transcode data stream|Stream was|WAV audio has)/);
      } else {
        expect(Number.isInteger(result.sampleRate) && result.sampleRate >= 1 && result.channels >= 1).toBe(true);
        expect(result.durationSeconds > 0 && result.durationSeconds <= body.length).toBe(true);
      }
    }
  });
});
