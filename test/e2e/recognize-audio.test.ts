import { describe, expect, it } from 'vitest';
import { AUDIO_FIXTURES, audioFixture } from '../fixtures/audio';
import { audioKey, wav } from '../support/audio';
import { http, newApiKey, sdkClient, sdkError } from './support';

/**
 * The audio of `POST /v1/recognize` over HTTP: every format of recognition spec §9.1 through the SDK (the transcript
 * found by the audio's SHA-256 proves the bytes arrived as sent), detection, the multipart form, and hostile audio —
 * always the service's envelope with a 4xx, never a 5xx.
 */

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function script(apikey: string, audio: Buffer, transcript: string) {
  const result = await http('PUT', `/_emulator/transcripts/${audioKey(audio)}`, { apikey, ...json({ transcript }) });
  expect(result.status, result.text).toBe(200);
}

const bad = (error: string) => ({ code: 400, code_description: 'Bad Request', error });

describe('every audio format, through the SDK', () => {
  it.each(AUDIO_FIXTURES.map((fixture) => [fixture.file, fixture.type, fixture] as const))('%s as %s', async (_file, type, fixture) => {
    const apikey = newApiKey();
    const audio = audioFixture(fixture.file);
    await script(apikey, audio, 'hello world');
    const model = fixture.expected.sampleRate < 16000 ? 'en-US_NarrowbandModel' : 'en-US_BroadbandModel';
    const response = await sdkClient(apikey).recognize({ audio, contentType: type, model, timestamps: true });
    expect(response.status).toBe(200);
    const end = Math.floor(fixture.expected.durationSeconds * 100) / 100;
    expect(response.result).toEqual({
      result_index: 0,
      results: [{
        final: true,
        alternatives: [{ transcript: 'hello world ', confidence: expect.any(Number), timestamps: [['hello', 0, end / 2], ['world', end / 2, end]] }],
      }],
    });
  });

  it.each(AUDIO_FIXTURES.filter((fixture) => fixture.detectable).map((fixture) => [fixture.file] as const))(
    '%s as application/octet-stream: detected', async (file) => {
      const apikey = newApiKey();
      const audio = audioFixture(file);
      await script(apikey, audio, 'detected');
      const result = await http('POST', '/v1/recognize?model=en-US_NarrowbandModel', {
        apikey, headers: { 'content-type': 'application/octet-stream' }, body: audio,
      });
      expect(result.status, result.text).toBe(200);
      expect((result.body as { results: { alternatives: { transcript: string }[] }[] }).results[0].alternatives[0].transcript).toBe('detected ');
    },
  );

  it('audio sampled below the model\'s rate, and audio/basic on a broadband model: 400', async () => {
    const stt = sdkClient(newApiKey());
    const low = await sdkError(stt.recognize({ audio: audioFixture('speech-8k-mono.wav'), contentType: 'audio/wav' }));
    expect([low.status, low.body]).toEqual([400, bad('The audio\'s sampling rate of 8000 Hz is below the 16000 Hz that model en-US_BroadbandModel requires.')]);
    const basic = await sdkError(stt.recognize({ audio: audioFixture('speech-8k.au'), contentType: 'audio/basic' }));
    expect([basic.status, basic.body]).toEqual([400, bad(
      'The audio format audio/basic can be used only with narrowband or telephony models (8000 Hz); model en-US_BroadbandModel is a 16000 Hz model.')]);
  });
});

describe('multipart/form-data (spec §6.3)', () => {
  it('metadata first, then audio parts: results in order, times continuing from part to part', async () => {
    const apikey = newApiKey();
    const first = wav(2, { seed: 21 });
    const second = wav(1, { seed: 22 });
    await script(apikey, first, 'first part.');
    await script(apikey, second, 'second part');
    const form = new FormData();
    form.append('metadata', JSON.stringify({ part_content_type: 'audio/wav', timestamps: true, data_parts_count: 2 }));
    form.append('upload', new Blob([first]), 'one.wav');
    form.append('upload', new Blob([second]), 'two.wav');
    const response = await fetch(`${(await import('./support')).emulatorUrl()}/v1/recognize`, {
      method: 'POST', headers: { authorization: `Basic ${Buffer.from(`apikey:${apikey}`).toString('base64')}` }, body: form,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      result_index: 0,
      results: [
        { final: true, alternatives: [{ transcript: 'first part ', confidence: expect.any(Number), timestamps: [['first', 0, 1], ['part', 1, 2]] }] },
        { final: true, alternatives: [{ transcript: 'second part ', confidence: expect.any(Number), timestamps: [['second', 2, 2.5], ['part', 2.5, 3]] }] },
      ],
    });
  });

  it.each([
    ['no metadata part first', [['upload', 'audio']], "The first part of a multipart request must be the JSON 'metadata' part."],
    ['metadata that is not JSON', [['metadata', '{oops'], ['upload', 'audio']], "The 'metadata' part is not a JSON object."],
    ['no audio part', [['metadata', '{}']], "The multipart request has no audio part: send the audio in one or more parts after the 'metadata' part."],
    ['a wrong data_parts_count', [['metadata', '{"data_parts_count": 3}'], ['upload', 'audio']], "The 'data_parts_count' is 3, but the request has 1 audio parts."],
  ])('%s: 400', async (_name, parts, message) => {
    const form = new FormData();
    for (const [name, value] of parts) form.append(name, value === 'audio' ? new Blob([wav(1)]) : value);
    const response = await fetch(`${(await import('./support')).emulatorUrl()}/v1/recognize`, {
      method: 'POST', headers: { authorization: `Basic ${Buffer.from(`apikey:${newApiKey()}`).toString('base64')}` }, body: form,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(bad(message));
  });
});

describe('hostile audio: the envelope and a 4xx, never a 5xx', () => {
  const post = (body: Buffer | string, type?: string) =>
    http('POST', '/v1/recognize', { apikey: newApiKey(), headers: type ? { 'content-type': type } : {}, body });
  const flac = audioFixture('speech-16k.flac');
  const hugeWav = Buffer.from(wav(1));
  hugeWav.writeUInt32LE(0xfffffff0, 40); // a data chunk that claims 4 GB

  it.each([
    ['an empty body', Buffer.alloc(0), 'audio/wav', 400, 'Stream was 0 bytes but needs to be at least 100 bytes.'],
    ['a 15-byte body', Buffer.alloc(15, 1), 'audio/flac', 400, 'Stream was 15 bytes but needs to be at least 100 bytes.'],
    ['FLAC declared as WAV', flac, 'audio/wav', 400, 'unable to transcode data stream audio/wav -> audio/x-float-array '],
    ['a WAV cut in its header', wav(1).subarray(0, 120).fill(0, 4, 40), 'audio/wav', 400, 'unable to transcode data stream audio/wav -> audio/x-float-array '],
    ['text declared as MP3', Buffer.from('not audio at all '.repeat(20)), 'audio/mp3', 400, 'unable to transcode data stream audio/mp3 -> audio/x-float-array '],
    ['l16 without its rate', wav(1), 'audio/l16', 400, "The 'rate' parameter is required for audio/l16, for example 'audio/l16;rate=16000'."],
  ])('%s: %i', async (_name, body, type, status, message) => {
    const result = await post(body, type);
    expect([result.status, result.body]).toEqual([status, bad(message)]);
  });

  it('a WAV whose header claims 4 GB is measured by what it holds', async () => {
    const result = await post(hugeWav, 'audio/wav');
    expect([result.status, result.body]).toEqual([200, { results: [], result_index: 0 }]);
  });

  it.each(['application/x-www-form-urlencoded', 'application/json', 'video/mp4'])('Content-Type %s: 415', async (type) => {
    const result = await post(wav(1), type);
    expect(result.status).toBe(415);
    expect(result.body).toEqual({
      code: 415,
      code_description: 'Unsupported Media Type',
      error: `Unsupported Content-Type '${type}'. Supported audio formats: audio/alaw, audio/basic, audio/flac, audio/g729, audio/l16, `
        + 'audio/mp3, audio/mpeg, audio/mulaw, audio/ogg, audio/wav, audio/webm, or application/octet-stream to detect the format.',
    });
  });

  it('a body over STT_MAX_BODY_BYTES (6 MiB): 413', async () => {
    const result = await post(wav(200), 'audio/wav');
    expect(result.status).toBe(413);
    expect(result.body).toEqual({
      code: 413,
      code_description: 'Payload Too Large',
      error: 'The request body is 6400044 bytes; the emulator accepts at most 6291456 bytes in one request.',
    });
  });
});
