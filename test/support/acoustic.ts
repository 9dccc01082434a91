import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { pack } from 'tar-stream';
import { expect } from 'vitest';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { wav } from './audio';
import { http } from '../e2e/support';

/**
 * Helpers of the acoustic e2e tests: audio for `en-US_NarrowbandModel` (8 kHz), archives of it, and the control API
 * calls (timing, advance) and polls those tests share.
 */

/** A mono 16-bit WAV at 8 kHz (what a narrowband model takes): `seconds` long, its tone by `seed`. */
export const nb = (seconds: number, seed = 1): Buffer => wav(seconds, { rate: 8000, seed });

/** A `.zip` of the members, in order (deflated: a tone packs to a few KB a minute). */
export const zip = (members: Record<string, Buffer>): Buffer =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(members).map(([name, data]) => [name, new Uint8Array(data)]))));

/** A `.tar.gz` of the members, in order. */
export async function tarGz(members: Record<string, Buffer>): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    tar.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  for (const [name, data] of Object.entries(members)) tar.entry({ name, size: data.length }, data);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** Ten minutes of valid narrowband audio in one small request: a zip of four 150-second WAVs. */
export const tenMinutes = (seed = 1): Buffer =>
  zip({ 'part1.wav': nb(150, seed), 'part2.wav': nb(150, seed + 1), 'part3.wav': nb(150, seed + 2), 'part4.wav': nb(150, seed + 3) });

/** A file that says it is a WAV and is not one: its analysis makes it `undetermined`, `invalid`. */
export const notAudio = (): Buffer => Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(200, 0x5a)]);

/** The Watson error envelope. */
export const envelope = (code: number, error: string) => ({
  code,
  code_description: ({ 400: 'Bad Request', 401: 'Unauthorized', 404: 'No Such Resource', 409: 'Conflict', 415: 'Unsupported Media Type' } as Record<number, string>)[code],
  error,
});

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** `PUT /_emulator/timing` for the instance. */
export async function setTiming(apikey: string, body: Record<string, unknown>): Promise<void> {
  const result = await http('PUT', '/_emulator/timing', { apikey, ...json(body) });
  expect(result.status, result.text).toBe(200);
}

/** `POST /_emulator/advance` (of one model, or of all the instance's): the jobs it completed. */
export async function advance(apikey: string, customizationId?: string): Promise<unknown> {
  const result = await http('POST', '/_emulator/advance', { apikey, ...(customizationId ? json({ customization_id: customizationId }) : {}) });
  expect(result.status, result.text).toBe(200);
  return result.body;
}

export interface AcousticView {
  status: string;
  progress: number;
  versions: string[];
}

/** GET of an acoustic model, raw (a read: it does not change what it reads but a manual timing with `reads`). */
export async function acousticModel(apikey: string, id: string): Promise<AcousticView & Record<string, unknown>> {
  const result = await http('GET', `/v1/acoustic_customizations/${id}`, { apikey });
  expect(result.status, result.text).toBe(200);
  return result.body as AcousticView & Record<string, unknown>;
}

/** Polls an acoustic model until it leaves the given statuses. */
export async function waitAcoustic(apikey: string, id: string, busy: string[] = ['training', 'upgrading']): Promise<AcousticView> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const model = await acousticModel(apikey, id);
    if (!busy.includes(model.status)) return model;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`acoustic model ${id} stayed ${busy.join('/')}`);
}

/** A new acoustic model of the SDK's caller. */
export async function newAcousticModel(stt: SpeechToTextV1, baseModelName = 'en-US_NarrowbandModel', name = 'Acoustic test'): Promise<string> {
  const created = await stt.createAcousticModel({ name, baseModelName });
  expect(created.status).toBe(201);
  return created.result.customization_id!;
}

/**
 * A custom language model of made-up words (a corpus), trained and `available` (the instance's timings should be
 * immediate or short). `train: false` leaves it `ready`.
 */
export async function helperLanguageModel(stt: SpeechToTextV1, baseModelName = 'en-US_NarrowbandModel', { train = true } = {}): Promise<string> {
  const { result } = await stt.createLanguageModel({ name: 'Helper', baseModelName });
  const id = result.customization_id!;
  await stt.addCorpus({
    customizationId: id, corpusName: 'transcripts',
    corpusFile: Buffer.from('The zorblaxian frobnicator hums.\nCall the quindle desk about the frobnicator.\n'),
  });
  expect((await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 100 })).status).toBe('ready');
  if (!train) return id;
  expect((await stt.trainLanguageModel({ customizationId: id })).status).toBe(200);
  expect((await stt.whenCustomizationReady({ customizationId: id, interval: 100, times: 100 })).status).toBe('available');
  return id;
}

/** An acoustic model with ten minutes of audio, trained (immediate or short timings), `available`. */
export async function trainedAcousticModel(stt: SpeechToTextV1, apikey: string, query: { customLanguageModelId?: string } = {}): Promise<string> {
  const id = await newAcousticModel(stt);
  expect((await stt.addAudio({ customizationId: id, audioName: 'ten-minutes', audioResource: tenMinutes(), contentType: 'application/zip' })).status).toBe(201);
  expect((await waitAcoustic(apikey, id, ['pending'])).status).toBe('ready');
  expect((await stt.trainAcousticModel({ customizationId: id, ...query })).status).toBe(200);
  expect((await waitAcoustic(apikey, id)).status).toBe('available');
  return id;
}

/** A bearer token of the emulator's IAM endpoint for an API key (the docs' IBM Cloud Pak variant of a request). */
export async function bearer(apikey: string): Promise<string> {
  const result = await http('POST', '/identity/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `apikey=${apikey}&grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey`,
  });
  expect(result.status, result.text).toBe(200);
  return (result.body as { access_token: string }).access_token;
}
