import { gzipSync } from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_LIMITS } from '../../lib/audio/archive';
import { AUDIO_RESOURCE_ERRORS as E, analyzeAudioResource, type AudioAnalysis } from '../../lib/audio/resource';
import { apiError, audioFixture, randomBytes } from '../fixtures/audio';
import { wav } from '../support/audio';

const BROADBAND = { name: 'en-US_BroadbandModel', rate: 16000 };
const NARROWBAND = { name: 'en-US_NarrowbandModel', rate: 8000 };
const transcode = (declared: string) => `unable to transcode data stream ${declared} -> audio/x-float-array `;
/** The first bytes of a JPEG file, then noise: not audio. */
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010101004800480000', 'hex'), randomBytes(2000, 7)]);

const analyze = (body: Buffer, type?: string, contained?: string, model = BROADBAND, limits = DEFAULT_ARCHIVE_LIMITS) =>
  analyzeAudioResource(body, type, contained, model, limits);

const zip = (files: Zippable, level: 0 | 6 = 6) => Buffer.from(zipSync(files, { level }));

async function tar(files: Record<string, Buffer>, directories: string[] = []): Promise<Buffer> {
  const stream = pack();
  for (const name of directories) stream.entry({ name, type: 'directory' });
  for (const [name, data] of Object.entries(files)) stream.entry({ name }, data);
  stream.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const tarGz = async (files: Record<string, Buffer>, directories: string[] = []) => gzipSync(await tar(files, directories));

/** Rewrites a field of the first central-directory entry of a zip built by zipSync (no archive comment). */
function patchCentral(archive: Buffer, field: 'flags' | 'method' | 'size', value: number): Buffer {
  const copy = Buffer.from(archive);
  const entry = copy.readUInt32LE(copy.length - 22 + 16);
  if (field === 'flags') copy.writeUInt16LE(value, entry + 8);
  if (field === 'method') copy.writeUInt16LE(value, entry + 10);
  if (field === 'size') copy.writeUInt32LE(value, entry + 24);
  return copy;
}

const audio = (codec: string, frequency: number) => ({ type: 'audio', codec, frequency });

describe('audio-type resources', () => {
  it('reports codec, frequency and whole seconds for generated WAV audio', async () => {
    expect(await analyze(wav(2.4), 'audio/wav')).toEqual({
      details: audio('pcm_s16le', 16000),
      duration: 2,
      seconds: 2.4,
      status: 'ok',
    });
    const eight = await analyze(wav(2.6, { rate: 8000 }), 'audio/wav', undefined, NARROWBAND);
    expect(eight).toMatchObject({ details: audio('pcm_s16le', 8000), duration: 3, status: 'ok' });
    expect(eight.seconds).toBeCloseTo(2.6, 9);
  });

  it.each([
    ['speech-16k-mono.wav', 'audio/wav', 'pcm_s16le', 16000],
    ['speech-44k-stereo.wav', 'audio/wave', 'pcm_s16le', 44100],
    ['speech-16k.flac', 'audio/flac', 'flac', 16000],
    ['speech-opus.ogg', 'audio/ogg;codecs=opus', 'opus', 16000],
    ['speech-vorbis.ogg', 'audio/ogg', 'vorbis', 16000],
    ['speech-opus.webm', 'audio/webm;codecs=opus', 'opus', 16000],
    ['speech-opus-stream.webm', 'audio/webm', 'opus', 16000],
    ['speech-16k-cbr.mp3', 'audio/mpeg', 'mp3', 16000],
    ['speech-16k-vbr.mp3', 'audio/mp3', 'mp3', 16000],
    ['speech-16k-le.l16', 'audio/l16;rate=16000', 'pcm_s16le', 16000],
    ['speech-8k.mulaw', 'audio/mulaw;rate=8000', 'pcm_mulaw', 8000],
    ['speech-8k.alaw', 'audio/alaw;rate=8000', 'pcm_alaw', 8000],
    ['speech-8k.au', 'audio/basic', 'pcm_mulaw', 8000],
    ['speech-8k.mulaw', 'audio/basic', 'pcm_mulaw', 8000],
  ])('reads %s sent as %s: codec %s at %d Hz', async (file, type, codec, frequency) => {
    const model = frequency === 8000 ? NARROWBAND : BROADBAND;
    expect(await analyze(audioFixture(file), type, undefined, model)).toMatchObject({
      details: audio(codec, frequency),
      duration: 1,
      status: 'ok',
    });
  });

  it('names the byte order of audio/l16 by its endianness parameter, else by the samples', async () => {
    const le = audioFixture('speech-16k-le.l16');
    const be = Buffer.from(le).swap16();
    expect((await analyze(be, 'audio/l16;rate=16000')).details.codec).toBe('pcm_s16be');
    expect((await analyze(le, 'audio/l16;rate=16000;endianness=big-endian')).details.codec).toBe('pcm_s16be');
    expect((await analyze(be, 'audio/l16;rate=16000;endianness=little-endian')).details.codec).toBe('pcm_s16le');
  });

  it('marks audio below the base model rate invalid, keeping what was found', async () => {
    expect(await analyze(wav(1, { rate: 8000 }), 'audio/wav')).toEqual({
      details: audio('pcm_s16le', 8000),
      duration: 1,
      seconds: 1,
      status: 'invalid',
      error: "The audio's sampling rate of 8000 Hz is below the 16000 Hz that model en-US_BroadbandModel requires.",
    });
    // Higher rates are downsampled: fine on narrowband.
    expect((await analyze(wav(1), 'audio/wav', undefined, NARROWBAND)).status).toBe('ok');
  });

  it('marks a narrowband-only format on a broadband model invalid', async () => {
    const result = await analyze(audioFixture('speech-8k.au'), 'audio/basic');
    expect(result).toMatchObject({ details: audio('pcm_mulaw', 8000), status: 'invalid' });
    expect(result.error).toMatch(/^The audio format audio\/basic can be used only with narrowband/);
  });

  it('reports bytes that are not audio (a JPEG sent as audio/wav) as undetermined and invalid', async () => {
    expect(await analyze(JPEG, 'audio/wav')).toEqual({
      details: { type: 'undetermined' },
      duration: 0,
      seconds: 0,
      status: 'invalid',
      error: transcode('audio/wav'),
    });
    // Another format under a declared type, and a cut header, are not that audio either.
    expect((await analyze(audioFixture('speech-16k.flac'), 'audio/wav')).details).toEqual({ type: 'undetermined' });
    expect((await analyze(wav(1).subarray(0, 30), 'audio/wav')).status).toBe('invalid');
  });
});

describe('archive-type resources', () => {
  const pair = () => ({ 'one.wav': wav(1, { seed: 1 }), 'two.wav': wav(2, { seed: 2 }) });
  const okMember = (name: string, duration: number) => ({
    name,
    duration,
    seconds: duration,
    details: audio('pcm_s16le', 16000),
    status: 'ok',
  });

  it('reads a zip of two WAV files: members, the sum of their durations, compression zip', async () => {
    expect(await analyze(zip({ ...pair(), empty: {} }), 'application/zip')).toEqual({
      details: { type: 'archive', compression: 'zip' },
      duration: 3,
      seconds: 3,
      status: 'ok',
      members: [okMember('one.wav', 1), okMember('two.wav', 2)],
    });
  });

  it('reads a tar.gz of two WAV files the same way, with compression gzip and paths kept', async () => {
    const body = await tarGz({ 'audio/one.wav': wav(1), 'audio/two.wav': wav(2) }, ['audio/']);
    expect(await analyze(body, 'application/gzip')).toEqual({
      details: { type: 'archive', compression: 'gzip' },
      duration: 3,
      seconds: 3,
      status: 'ok',
      members: [okMember('audio/one.wav', 1), okMember('audio/two.wav', 2)],
    });
  });

  it('detects the format of each member when no Contained-Content-Type is sent (formats may mix)', async () => {
    const files = ['speech-16k.flac', 'speech-opus.ogg', 'speech-16k-vbr.mp3', 'speech-opus.webm', 'speech-44k-stereo.wav'];
    const result = await analyze(zip(Object.fromEntries(files.map((f) => [f, audioFixture(f)]))), 'application/zip');
    expect(result.status).toBe('ok');
    expect(result.members?.map((m) => [m.details.codec, m.details.frequency, m.duration])).toEqual([
      ['flac', 16000, 1],
      ['opus', 16000, 1],
      ['mp3', 16000, 1],
      ['opus', 16000, 1],
      ['pcm_s16le', 44100, 1], // 0.5 s rounds to 1 (Math.round)
    ]);
    expect(result.duration).toBe(5);
    expect(result.seconds).toBeCloseTo(4.505, 2); // WebM: 1.0053 s
  });

  it('makes the whole archive invalid when one member is, and says which (zip and tar.gz)', async () => {
    const files = { 'good.wav': wav(1), 'broken.wav': JPEG, 'slow.wav': wav(1, { rate: 8000 }) };
    for (const [body, type] of [
      [zip(files), 'application/zip'],
      [await tarGz(files), 'application/gzip'],
    ] as const) {
      const result = await analyze(body, type);
      expect(result).toMatchObject({ details: { type: 'archive' }, duration: 2, status: 'invalid' });
      expect(result.error).toBe(E.invalidMembers(['broken.wav', 'slow.wav']));
      expect(result.members).toEqual([
        okMember('good.wav', 1),
        {
          name: 'broken.wav',
          duration: 0,
          seconds: 0,
          details: { type: 'undetermined' },
          status: 'invalid',
          error: transcode('application/octet-stream'),
        },
        expect.objectContaining({ name: 'slow.wav', details: audio('pcm_s16le', 8000), status: 'invalid' }),
      ]);
    }
  });

  it('reads raw members as Contained-Content-Type declares them (audio/l16;rate=16000)', async () => {
    const raw = (seconds: number) => wav(seconds).subarray(44);
    const body = zip({ 'a.raw': raw(1), 'b.raw': raw(2), 'c.l16': audioFixture('speech-16k-le.l16') });
    const result = await analyze(body, 'application/zip', 'audio/l16;rate=16000');
    expect(result).toMatchObject({ duration: 4, status: 'ok' });
    expect(result.members?.map((m) => [m.name, m.duration, m.details])).toEqual([
      ['a.raw', 1, audio('pcm_s16le', 16000)],
      ['b.raw', 2, audio('pcm_s16le', 16000)],
      ['c.l16', 1, audio('pcm_s16le', 16000)],
    ]);
    // With a declared type, every member must be of it.
    const mixedFiles = { 'a.wav': wav(1), 'b.flac': audioFixture('speech-16k.flac') };
    const mixed = await analyze(zip(mixedFiles), 'application/zip', 'audio/wav');
    expect(mixed.members?.map((m) => m.status)).toEqual(['ok', 'invalid']);
  });

  it('skips directories and macOS metadata; an archive without files is invalid', async () => {
    const withJunk = zip({ '__MACOSX': { '._a.wav': JPEG }, '._b.wav': JPEG, 'a.wav': wav(1) });
    expect((await analyze(withJunk, 'application/zip')).members?.map((m) => m.name)).toEqual(['a.wav']);
    expect(await analyze(zip({ only: { dirs: {} } }), 'application/zip')).toEqual({
      details: { type: 'archive', compression: 'zip' },
      duration: 0,
      seconds: 0,
      status: 'invalid',
      error: E.noAudio,
      members: [],
    });
    expect((await analyze(await tarGz({}, ['a/', 'a/b/']), 'application/gzip')).error).toBe(E.noAudio);
  });

  it('marks a member whose name (path included) has more than 128 characters invalid', async () => {
    const name = `${'d'.repeat(60)}/${'n'.repeat(63)}.wav`; // 128
    const result = await analyze(await tarGz({ [name]: wav(1), [`x${name}`]: wav(1) }), 'application/gzip');
    expect(result.members?.map((m) => [m.status, m.error])).toEqual([
      ['ok', undefined],
      ['invalid', E.memberNameTooLong(129)],
    ]);
    expect(result.status).toBe('invalid');
  });

  it('reports a body that is not the declared archive type as undetermined', async () => {
    for (const [body, type, compression] of [
      [JPEG, 'application/zip', 'zip'],
      [JPEG, 'application/gzip', 'gzip'],
      [gzipSync(wav(1)), 'application/gzip', 'gzip'], // a gzip, but of no tar
      [zip({ 'a.wav': wav(1) }), 'application/gzip', 'gzip'],
    ] as const) {
      expect(await analyze(body, type)).toEqual({
        details: { type: 'undetermined' },
        duration: 0,
        seconds: 0,
        status: 'invalid',
        error: E.notArchive(compression),
        members: [],
      });
    }
  });

  it('marks members that cannot be extracted (CRC mismatch, encrypted, unknown method) invalid', async () => {
    const stored = zip({ 'a.wav': wav(1) }, 0);
    const damaged = Buffer.from(stored);
    damaged[1000] ^= 0xff; // inside the stored data: the CRC-32 no longer matches
    const cases: [Buffer, string][] = [
      [damaged, E.memberCorrupt],
      [patchCentral(stored, 'flags', 1), E.memberEncrypted],
      [patchCentral(stored, 'method', 12), E.memberUnsupportedMethod],
    ];
    for (const [body, error] of cases) {
      const result = await analyze(body, 'application/zip');
      expect(result.members).toEqual([
        { name: 'a.wav', duration: 0, seconds: 0, details: { type: 'undetermined' }, status: 'invalid', error },
      ]);
      expect(result).toMatchObject({ details: { type: 'archive', compression: 'zip' }, status: 'invalid' });
    }
  });

  it('marks a cut tar.gz invalid as corrupt', async () => {
    const body = await tarGz({ 'a.wav': wav(1, { seed: 3 }), 'b.wav': wav(3, { seed: 4 }) });
    const result = await analyze(body.subarray(0, Math.floor(body.length * 0.7)), 'application/gzip');
    expect(result).toMatchObject({
      details: { type: 'archive', compression: 'gzip' },
      status: 'invalid',
      error: E.corruptArchive('gzip'),
    });
  });
});

describe('bounded work (zip bombs)', () => {
  it('refuses a zip whose declared sizes exceed 400 MB before inflating anything', async () => {
    const bomb = patchCentral(zip({ 'a.wav': wav(1) }), 'size', 0xfffffff0);
    const started = Date.now();
    const result = await analyze(bomb, 'application/zip');
    expect(Date.now() - started).toBeLessThan(500);
    expect(result).toEqual({
      details: { type: 'archive', compression: 'zip' },
      duration: 0,
      seconds: 0,
      status: 'invalid',
      error: E.tooLarge(400 * 1024 * 1024),
      members: [],
    });
  });

  it('stops inflating a member at its declared size when the header lies', async () => {
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    const liar = patchCentral(zip({ 'a.wav': zeros }), 'size', 1000);
    const started = Date.now();
    const result = await analyze(liar, 'application/zip');
    expect(Date.now() - started).toBeLessThan(500);
    expect(result.members).toEqual([expect.objectContaining({ name: 'a.wav', status: 'invalid', error: E.memberCorrupt })]);
  });

  it('refuses archives with too many entries (the default 10 000, and a configured limit)', async () => {
    const many = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f${i}.wav`, new Uint8Array(1)]));
    expect((await analyze(zip(many), 'application/zip')).error).toBe(E.tooManyMembers(10_000));
    const limits = { maxMembers: 3, maxUnpackedBytes: 1 << 20 };
    const four = { 'a.wav': wav(0.1), 'b.wav': wav(0.1), 'c.wav': wav(0.1), 'd.wav': wav(0.1) };
    expect((await analyze(zip(four), 'application/zip', undefined, BROADBAND, limits)).error).toBe(E.tooManyMembers(3));
    const tooMany = await analyze(await tarGz(four), 'application/gzip', undefined, BROADBAND, limits);
    expect(tooMany).toMatchObject({ status: 'invalid', error: E.tooManyMembers(3) });
    expect(tooMany.members).toHaveLength(3);
  });

  it('refuses a tar.gz by the sizes its headers declare, and a gzip that unpacks past the limit', async () => {
    const limits = { maxMembers: 10, maxUnpackedBytes: 1 << 20 };
    const big = await tarGz({ 'a.wav': wav(1), 'b.wav': Buffer.alloc(2 << 20) });
    const started = Date.now();
    const declared = await analyze(big, 'application/gzip', undefined, BROADBAND, limits);
    expect(declared).toMatchObject({ status: 'invalid', error: E.tooLarge(1 << 20) });
    expect(declared.members?.map((m) => m.name)).toEqual(['a.wav']);
    // Zero blocks are no entries: a gzip of 64 MB of zeros would run on without the cut-off.
    const zeros = gzipSync(Buffer.concat([await tar({ 'a.wav': wav(1) }), Buffer.alloc(64 << 20)]));
    expect(await analyze(zeros, 'application/gzip', undefined, BROADBAND, limits)).toMatchObject({
      status: 'invalid',
      error: E.tooLarge(1 << 20),
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('request refusals', () => {
  const SUPPORTED =
    'audio/alaw, audio/basic, audio/flac, audio/g729, audio/l16, audio/mp3, audio/mpeg, audio/mulaw, audio/ogg, audio/wav, audio/webm';

  it.each([
    [undefined, E.missingContentType],
    ['', E.missingContentType],
    ['application/octet-stream', E.octetStream],
    ['application/json', E.unsupportedContentType('application/json')],
    ['application/x-zip-compressed', E.unsupportedContentType('application/x-zip-compressed')],
    ['application/x-gzip', E.unsupportedContentType('application/x-gzip')],
    ['video/webm', E.unsupportedContentType('video/webm')],
  ])('415 for the Content-Type %j', async (type, message) => {
    const error = await apiError(analyze(wav(1), type));
    expect([error.status, error.message]).toEqual([415, message]);
  });

  it('words the 415s as the service does', () => {
    expect(E.unsupportedContentType('text/plain')).toBe(
      `Unsupported Content-Type 'text/plain' for an audio resource. Supported types: ${SUPPORTED}, application/zip and application/gzip.`,
    );
    expect(E.octetStream).toBe(
      'The Content-Type application/octet-stream is not supported for audio resources. Specify the format of the audio ' +
        `(${SUPPORTED}) or the type of the archive (application/zip or application/gzip).`,
    );
  });

  it.each([
    ['audio/wav', 'audio/wav', wav(1), E.containedWithAudio],
    ['audio/l16;rate=16000', 'audio/l16;rate=16000', wav(1), E.containedWithAudio],
    ['audio/l16', undefined, wav(1), "The 'rate' parameter is required for audio/l16, for example 'audio/l16;rate=16000'."],
    ['audio/ogg;codecs=aac', undefined, wav(1), "Unsupported codecs 'aac' for audio/ogg: use codecs=opus or codecs=vorbis."],
    ['application/zip', 'application/octet-stream', zip({ 'a.wav': wav(1) }), E.unsupportedContainedType('application/octet-stream')],
    ['application/zip', 'application/zip', zip({ 'a.wav': wav(1) }), E.unsupportedContainedType('application/zip')],
    ['application/gzip', 'audio/mulaw', Buffer.alloc(10), "The 'rate' parameter is required for audio/mulaw, for example " +
      "'audio/mulaw;rate=16000'."],
    ['audio/wav', undefined, Buffer.alloc(0), E.emptyBody],
    ['application/zip', undefined, Buffer.alloc(0), E.emptyBody],
    ['application/gzip', 'audio/l16;rate=8000', Buffer.alloc(0), E.emptyBody],
  ])('400 for Content-Type %s with Contained-Content-Type %s', async (type, contained, body, message) => {
    const error = await apiError(analyze(body, type, contained));
    expect([error.status, error.message]).toEqual([400, message]);
  });

  it('400 when an archive holds raw members without Contained-Content-Type', async () => {
    const raw = wav(1).subarray(44);
    const cases: [Promise<Buffer>, string, string][] = [
      [Promise.resolve(zip({ 'a.wav': wav(1), 'b.raw': raw })), 'application/zip', 'b.raw'],
      [tarGz({ 'x/c.ULAW': audioFixture('speech-8k.mulaw') }), 'application/gzip', 'x/c.ULAW'],
      [tarGz({ 'speech.bin': audioFixture('speech-8k.au') }), 'application/gzip', 'speech.bin'], // Sun .snd: audio/basic
    ];
    for (const [body, type, member] of cases) {
      const error = await apiError(analyze(await body, type, undefined, NARROWBAND));
      expect([error.status, error.message]).toEqual([400, E.containedTypeRequired(member)]);
    }
    expect(E.containedTypeRequired('b.raw')).toBe(
      "The archive file 'b.raw' has no audio header the service can detect. Files of type audio/alaw, audio/basic, " +
        "audio/l16 or audio/mulaw need the Contained-Content-Type header, for example 'Contained-Content-Type: audio/l16;rate=16000'.",
    );
    // A raw extension over a detectable header, or a header-less non-raw file, is analysed instead.
    expect((await analyze(zip({ 'a.raw': wav(1) }), 'application/zip')).status).toBe('ok');
    expect((await analyze(zip({ 'photo.jpg': JPEG }), 'application/zip')).members?.[0].details).toEqual({ type: 'undetermined' });
  });

  it('accepts the parameters and whitespace of real clients', async () => {
    const result: AudioAnalysis = await analyze(wav(1), ' Audio/WAV ; charset=binary ', '  ');
    expect(result.status).toBe('ok');
    expect((await analyze(zip({ 'a.wav': wav(1) }), 'Application/ZIP', ' audio/wav ')).status).toBe('ok');
  });
});
