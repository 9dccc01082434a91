import { describe, expect, it } from 'vitest';
import { checkAudioForModel, parseAudioContentType, readAudio } from '../../lib/audio';
import { AUDIO_FIXTURES, apiError, audioFixture, randomBytes } from '../fixtures/audio';

const transcode = (declared: string) => `unable to transcode data stream ${declared} -> audio/x-float-array `;
const SUPPORTED =
  'Supported audio formats: audio/alaw, audio/basic, audio/flac, audio/g729, audio/l16, audio/mp3, audio/mpeg, ' +
  'audio/mulaw, audio/ogg, audio/wav, audio/webm, or application/octet-stream to detect the format.';

/** A minimal PCM WAV header followed by `dataBytes` of silence. */
function wav(o: { channels?: number; rate?: number; bits?: number; dataBytes?: number } = {}): Buffer {
  const { channels = 1, rate = 16000, bits = 16, dataBytes = 3200 } = o;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE((rate * channels * bits) / 8, 28);
  header.writeUInt16LE((channels * bits) / 8, 32);
  header.writeUInt16LE(bits, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  return Buffer.concat([header, Buffer.alloc(dataBytes)]);
}

describe('parseAudioContentType', () => {
  it('lower-cases the type and parameters, trims whitespace and quotes, reads codec= as codecs=', () => {
    expect(parseAudioContentType(' Audio/OGG ; Codec = "Opus" ')).toEqual({ type: 'audio/ogg', params: { codecs: 'opus' } });
    expect(parseAudioContentType('audio/L16;RATE=16000;channels=2;Endianness=Big-Endian')).toEqual({
      type: 'audio/l16',
      params: { rate: '16000', channels: '2', endianness: 'big-endian' },
    });
  });

  it('keeps the first of a repeated parameter and drops pieces without a value', () => {
    expect(parseAudioContentType('audio/l16;rate=8000;rate=16000;;junk;x=1')).toEqual({
      type: 'audio/l16',
      params: { rate: '8000', x: '1' },
    });
  });

  it('answers an empty type for an absent or empty header', () => {
    expect(parseAudioContentType(undefined)).toEqual({ type: '', params: {} });
    expect(parseAudioContentType('')).toEqual({ type: '', params: {} });
    expect(parseAudioContentType(' ; rate=8000')).toEqual({ type: '', params: { rate: '8000' } });
  });
});

describe('readAudio: the fixtures', () => {
  for (const { file, type, expected } of AUDIO_FIXTURES) {
    it(`reads ${file} declared ${type}`, async () => {
      const body = audioFixture(file);
      const info = await readAudio(body, type);
      expect(info).toEqual({ ...expected, durationSeconds: info.durationSeconds, bytes: body.length });
      expect(info.durationSeconds).toBeCloseTo(expected.durationSeconds, 2);
    });
  }

  for (const { file, expected } of AUDIO_FIXTURES.filter((f) => f.detectable)) {
    it(`detects ${file} as application/octet-stream, with no Content-Type and with an empty one`, async () => {
      const body = audioFixture(file);
      for (const header of ['application/octet-stream', 'Application/Octet-Stream; x=1', undefined, '', '  ']) {
        const info = await readAudio(body, header);
        expect(info.contentType).toBe(expected.contentType);
        expect([info.sampleRate, info.channels]).toEqual([expected.sampleRate, expected.channels]);
        expect(info.durationSeconds).toBeCloseTo(expected.durationSeconds, 2);
      }
    });
  }

  it('detects MP3 after an ID3v2 tag, and skips junk before the first frame of a declared MP3', async () => {
    const mp3 = audioFixture('speech-16k-cbr.mp3');
    const id3 = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 20, ...Buffer.alloc(20)]);
    const tagged = await readAudio(Buffer.concat([id3, mp3]), undefined);
    expect(tagged).toMatchObject({ contentType: 'audio/mp3', sampleRate: 16000, channels: 1 });
    expect(tagged.durationSeconds).toBeCloseTo(1.08, 2);
    const junk = await readAudio(Buffer.concat([Buffer.alloc(500, 0x20), mp3]), 'audio/mpeg');
    expect(junk.durationSeconds).toBeCloseTo(1.08, 2);
    expect((await apiError(readAudio(Buffer.concat([Buffer.alloc(500, 0x20), mp3]), undefined))).message).toBe(
      transcode('application/octet-stream'),
    );
  });

  it('reads raw formats from the byte count: l16 channels and either endianness, mulaw/alaw rate and channels, g729', async () => {
    const body = Buffer.alloc(32000);
    expect(await readAudio(body, 'audio/l16;rate=16000;channels=2;endianness=big-endian')).toEqual({
      contentType: 'audio/l16', sampleRate: 16000, channels: 2, durationSeconds: 0.5, bytes: 32000,
    });
    expect((await readAudio(body, 'audio/l16; rate=8000')).durationSeconds).toBe(2);
    expect((await readAudio(Buffer.alloc(32001), 'audio/l16;rate=16000')).durationSeconds).toBe(1); // partial sample left out
    expect(await readAudio(body, 'audio/mulaw;rate=16000;channels=2')).toMatchObject({ channels: 2, durationSeconds: 1 });
    expect(await readAudio(body, 'audio/alaw;rate=32000')).toMatchObject({ contentType: 'audio/alaw', durationSeconds: 1 });
    expect(await readAudio(randomBytes(1000, 1), 'audio/g729')).toEqual({
      contentType: 'audio/g729', sampleRate: 8000, channels: 1, durationSeconds: 1, bytes: 1000,
    });
  });

  it('reads a WAV file sent as audio/l16 as raw samples, header and all (as the service would)', async () => {
    const body = audioFixture('speech-16k-mono.wav');
    expect((await readAudio(body, 'audio/l16;rate=16000')).durationSeconds).toBe(16022 / 16000);
  });

  it('reads a WAV whose data size is 0 or 0xFFFFFFFF (streaming writers) for the bytes that are there', async () => {
    for (const size of [0, 0xffffffff, 0x7fffffff]) {
      const body = audioFixture('speech-16k-mono.wav');
      body.writeUInt32LE(size, 40);
      expect((await readAudio(body, 'audio/wav')).durationSeconds).toBe(1);
    }
  });

  it('accepts WAV with up to 9 channels and 100 bytes exactly', async () => {
    expect(await readAudio(wav({ channels: 9, dataBytes: 9 * 2 * 1600 }), 'audio/wav')).toMatchObject({ channels: 9, durationSeconds: 0.1 });
    expect((await readAudio(Buffer.alloc(100), 'audio/l16;rate=16000')).durationSeconds).toBe(50 / 16000);
  });
});

describe('readAudio: errors', () => {
  it('answers 415 for a type that is not audio the service reads, before looking at the body', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/json', 'text/plain', 'video/mp4', 'video/webm', 'audio/aac', 'multipart/form-data; boundary=x', 'audio/wav, audio/flac',
      'constructor', '__proto__', 'toString']) {
      for (const body of [audioFixture('speech-16k-mono.wav'), Buffer.alloc(0)]) {
        const error = await apiError(readAudio(body, type));
        expect([error.status, error.message]).toEqual([415, `Unsupported Content-Type '${parseAudioContentType(type).type}'. ${SUPPORTED}`]);
      }
    }
  });

  it('answers 400 for fewer than 100 bytes, empty included, whatever the type', async () => {
    for (const n of [0, 1, 15, 99]) {
      for (const type of [undefined, 'audio/wav', 'audio/l16;rate=16000', 'audio/g729']) {
        const error = await apiError(readAudio(audioFixture('speech-16k-mono.wav').subarray(0, n), type));
        expect([error.status, error.message]).toEqual([400, `Stream was ${n} bytes but needs to be at least 100 bytes.`]);
      }
    }
  });

  it('answers 400 for a raw format without a rate, or with a bad rate, channels or endianness', async () => {
    const body = Buffer.alloc(1000);
    const cases: [string, string][] = [
      ['audio/l16', `The 'rate' parameter is required for audio/l16, for example 'audio/l16;rate=16000'.`],
      ['audio/mulaw; channels=1', `The 'rate' parameter is required for audio/mulaw, for example 'audio/mulaw;rate=16000'.`],
      ['audio/alaw;rate=', `The 'rate' parameter is required for audio/alaw, for example 'audio/alaw;rate=16000'.`],
      ...['abc', '0', '16000.0', '-8000', '1e4', '384001', '99999999999'].map((rate): [string, string] => [
        `audio/l16;rate=${rate}`,
        `Invalid 'rate' parameter '${rate}' for audio/l16: it must be an integer from 1 to 384000.`,
      ]),
      ...['0', '17', 'two', ''].map((channels): [string, string] => [
        `audio/mulaw;rate=8000;channels=${channels}`,
        `Invalid 'channels' parameter '${channels}' for audio/mulaw: it must be an integer from 1 to 16.`,
      ]),
      ['audio/l16;rate=16000;endianness=middle', `Invalid 'endianness' parameter 'middle' for audio/l16: it must be 'big-endian' or 'little-endian'.`],
    ];
    for (const [type, message] of cases) {
      const error = await apiError(readAudio(body, type));
      expect([type, error.status, error.message]).toEqual([type, 400, message]);
    }
    // Parameter errors come before the size check.
    expect((await apiError(readAudio(Buffer.alloc(0), 'audio/l16'))).message).toMatch(/^The 'rate' parameter/);
  });

  it('answers 400 for an ogg/webm codec other than opus and vorbis', async () => {
    for (const type of ['audio/ogg;codecs=flac', 'audio/webm; codec=VP8']) {
      const { type: base, params } = parseAudioContentType(type);
      const error = await apiError(readAudio(audioFixture('speech-opus.ogg'), type));
      expect([error.status, error.message]).toEqual([400, `Unsupported codecs '${params.codecs}' for ${base}: use codecs=opus or codecs=vorbis.`]);
    }
  });

  it('answers 400 "unable to transcode" for a declared codec the stream does not have', async () => {
    const cases: [string, string][] = [
      ['speech-opus.ogg', 'audio/ogg;codecs=vorbis'],
      ['speech-vorbis.ogg', 'audio/ogg; codec=opus'],
      ['speech-opus.webm', 'audio/webm;codecs=vorbis'],
    ];
    for (const [file, type] of cases) {
      const { type: base, params } = parseAudioContentType(type);
      const error = await apiError(readAudio(audioFixture(file), type));
      expect([error.status, error.message]).toEqual([400, transcode(`${base};codecs=${params.codecs}`)]);
    }
  });

  it('answers 400 "unable to transcode {declared}" for bytes of another format (a lying type)', async () => {
    const cases: [string, string][] = [
      ['speech-16k.flac', 'audio/wav'],
      ['speech-16k.flac', 'audio/x-wav'],
      ['speech-16k-mono.wav', 'audio/flac'],
      ['speech-opus.ogg', 'audio/webm'],
      ['speech-opus.webm', 'audio/ogg'],
      ['speech-16k-cbr.mp3', 'audio/flac'],
      ['speech-16k-mono.wav', 'audio/mp3'],
      ['speech-vorbis.ogg', 'audio/mpeg'],
      ['speech-8k.au', 'audio/wav'],
      ['speech-16k-le.l16', 'audio/ogg;codecs=opus'],
    ];
    for (const [file, type] of cases) {
      const { type: base, params } = parseAudioContentType(type);
      const declared = params.codecs ? `${base};codecs=${params.codecs}` : base;
      const error = await apiError(readAudio(audioFixture(file), type));
      expect([file, type, error.status, error.message]).toEqual([file, type, 400, transcode(declared)]);
    }
  });

  it('answers 400 "unable to transcode application/octet-stream" for bytes it cannot detect', async () => {
    for (const file of ['speech-16k-le.l16', 'speech-8k.mulaw', 'speech-8k.au']) {
      for (const type of [undefined, 'application/octet-stream']) {
        const error = await apiError(readAudio(audioFixture(file), type));
        expect([error.status, error.message]).toEqual([400, transcode('application/octet-stream')]);
      }
    }
  });

  it('answers 400 for WAV with more than 9 channels', async () => {
    for (const channels of [10, 16, 255]) {
      const error = await apiError(readAudio(wav({ channels, dataBytes: 2 * channels * 100 }), undefined));
      expect([error.status, error.message]).toEqual([
        400,
        `WAV audio has ${channels} channels; the service accepts WAV audio with at most 9 channels.`,
      ]);
    }
  });
});

describe('checkAudioForModel', () => {
  const broadband = { name: 'en-US_BroadbandModel', rate: 16000 };
  const narrowband = { name: 'en-US_NarrowbandModel', rate: 8000 };
  const info = (contentType: string, sampleRate: number) => ({ contentType, sampleRate, channels: 1, durationSeconds: 1, bytes: 8000 });
  const thrown = (fn: () => void): unknown => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('passes audio at or above the model rate (the service downsamples)', () => {
    for (const model of [broadband, narrowband]) {
      expect(() => checkAudioForModel(info('audio/wav', 16000), model)).not.toThrow();
      expect(() => checkAudioForModel(info('audio/ogg;codecs=opus', 48000), model)).not.toThrow();
    }
    expect(() => checkAudioForModel(info('audio/mulaw', 8000), narrowband)).not.toThrow();
    expect(() => checkAudioForModel(info('audio/basic', 8000), narrowband)).not.toThrow();
    expect(() => checkAudioForModel(info('audio/g729', 8000), { name: 'en-US_Telephony', rate: 8000 })).not.toThrow();
  });

  it('answers 400 for a rate below the model rate', () => {
    for (const [audio, model] of [[info('audio/wav', 8000), broadband], [info('audio/l16', 11025), broadband], [info('audio/l16', 4000), narrowband]] as const) {
      expect(thrown(() => checkAudioForModel(audio, model))).toMatchObject({
        status: 400,
        message: `The audio's sampling rate of ${audio.sampleRate} Hz is below the ${model.rate} Hz that model ${model.name} requires.`,
      });
    }
  });

  it('answers 400 for audio/basic and audio/g729 with a 16 kHz model, whatever their rate', () => {
    for (const type of ['audio/basic', 'audio/g729']) {
      for (const rate of [8000, 16000]) {
        expect(thrown(() => checkAudioForModel(info(type, rate), { name: 'en-US_Multimedia', rate: 16000 }))).toMatchObject({
          status: 400,
          message: `The audio format ${type} can be used only with narrowband or telephony models (8000 Hz); model en-US_Multimedia is a 16000 Hz model.`,
        });
      }
    }
  });
});
