import { expect } from 'vitest';
import type SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { http } from '../e2e/support';
import { audioKey } from './audio';

/** What the asynchronous recognition e2e files share: the control API calls they make, and polling a job. */

export const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const envelope = (code: number, error: string) => ({
  code, code_description: code === 400 ? 'Bad Request' : code === 404 ? 'No Such Resource' : code === 415 ? 'Unsupported Media Type' : 'Unauthorized', error,
});

/** The instance's `recognition` timing (PUT /_emulator/timing). */
export async function recognitionTiming(apikey: string, timing: { mode: 'immediate' } | { mode: 'delay'; seconds: number } | { mode: 'manual'; reads?: number }) {
  const result = await http('PUT', '/_emulator/timing', { apikey, ...json({ recognition: timing }) });
  expect(result.status, result.text).toBe(200);
}

/** Scripts what recognition hears in this audio (PUT /_emulator/transcripts/{sha256}). */
export async function script(apikey: string, audio: Buffer, transcript: string) {
  const result = await http('PUT', `/_emulator/transcripts/${audioKey(audio)}`, { apikey, ...json({ transcript }) });
  expect(result.status, result.text).toBe(200);
}

export interface JobView {
  id: string;
  status: string;
  created: string;
  updated: string;
  results?: unknown[];
  [key: string]: unknown;
}

/** checkJob through the SDK. */
export async function checkJob(stt: SpeechToTextV1, id: string): Promise<JobView> {
  const response = await stt.checkJob({ id });
  expect(response.status).toBe(200);
  return response.result as unknown as JobView;
}

/** Polls checkJob until the status is one of `until`; answers every view seen, in order. */
export async function pollJob(stt: SpeechToTextV1, id: string, until: string[], timeoutMs = 15_000, everyMs = 100): Promise<JobView[]> {
  const seen: JobView[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await checkJob(stt, id);
    seen.push(view);
    if (until.includes(view.status)) return seen;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${view.status} after ${timeoutMs} ms (seen: ${seen.map((v) => v.status).join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const ms = (iso: string) => Date.parse(iso);
