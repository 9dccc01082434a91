import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { updateTimings } from '../../lib/controls/timing';
import { DEFAULT_TRANSCRIPT_KEY, putTranscript } from '../../lib/controls/transcripts';
import { ApiError } from '../../lib/errors';
import * as models from '../../lib/language-models/service';
import { trainLanguageModel } from '../../lib/language-models/training';
import { recognize } from '../../lib/recognition/service';
import type { RecognitionRequest, SpeechRecognitionResult } from '../../lib/recognition/types';
import { dynamo } from '../../lib/store/client';
import { BatchGetCommand, QueryCommand } from '../../lib/store/commands';
import { instancePk, modelPk } from '../../lib/store/keys';
import { addWords } from '../../lib/words/service';
import { audioKey, wav } from '../support/audio';
import { NO_QUERY, useTestStore } from '../support/store';

/**
 * A recognition with a custom language model reads the model and the instance's transcripts (the audio's own and
 * `default`) in one store request: lib/store/reads.ts's readTogether in prepareRecognition, on dynalite.
 */

useTestStore();
const TABLE = 'stt-test';

const caller: Caller = { instanceId: randomUUID() };
const audio = wav(1, { seed: 7 });
let customizationId = '';

beforeAll(async () => {
  process.env.STT_CONTROLS = 'on';
  await updateTimings(caller.instanceId, { '*': { mode: 'immediate' } });
  ({ customization_id: customizationId } = await models.createLanguageModel(caller, { name: 'reads', base_model_name: 'en-US_BroadbandModel' }));
  await addWords(caller, customizationId, { words: [{ word: 'IBM', sounds_like: ['i b m'], display_as: 'IBM' }] });
  await trainLanguageModel(caller, customizationId, NO_QUERY);
  await putTranscript(caller, audioKey(audio), { transcript: 'hello i b m world' });
  await putTranscript(caller, DEFAULT_TRANSCRIPT_KEY, { transcript: 'the default script' });
  return () => {
    delete process.env.STT_CONTROLS;
  };
});

afterEach(() => vi.restoreAllMocks());

const request = (query: Record<string, string>): RecognitionRequest => ({
  body: audio, headers: { 'content-type': 'audio/wav' }, query: new URLSearchParams(query),
});

function recordSends() {
  const send = vi.spyOn(dynamo(), 'send');
  return () => send.mock.calls.map(([command]) => command as unknown);
}

/** The keys of a BatchGetCommand of the table, checked to be consistent reads. */
function batchKeys(command: unknown) {
  expect(command).toBeInstanceOf(BatchGetCommand);
  const { RequestItems } = (command as BatchGetCommand).input;
  expect(Object.keys(RequestItems ?? {})).toEqual([TABLE]);
  expect(RequestItems![TABLE].ConsistentRead).toBe(true);
  return RequestItems![TABLE].Keys;
}

const transcriptKey = (key: string) => ({ PK: instancePk(caller.instanceId), SK: `TRANSCRIPT#${key}` });
const transcriptOf = (results: { results: unknown[] }) => (results.results[0] as SpeechRecognitionResult).alternatives[0].transcript;

describe('recognize reads the custom model and the transcripts in one store request', () => {
  it('with a trained custom model: one BatchGet of the model and both transcript keys (after the snapshot is cached)', async () => {
    // The first recognition after training also reads the snapshot (a query after the model is known).
    const first = recordSends();
    expect(transcriptOf(await recognize(caller, request({ language_customization_id: customizationId })))).toBe('hello IBM world ');
    const firstCommands = first();
    expect(firstCommands).toHaveLength(2);
    expect(batchKeys(firstCommands[0])).toEqual([
      { PK: modelPk(customizationId), SK: 'MODEL' }, transcriptKey(audioKey(audio)), transcriptKey(DEFAULT_TRANSCRIPT_KEY),
    ]);
    expect(firstCommands[1]).toBeInstanceOf(QueryCommand);
    vi.restoreAllMocks();

    const commands = recordSends();
    const results = await recognize(caller, request({ language_customization_id: customizationId }));
    expect(transcriptOf(results)).toBe('hello IBM world ');
    expect(results.results).toHaveLength(1);
    expect(commands()).toHaveLength(1);
    expect(batchKeys(commands()[0])).toEqual([
      { PK: modelPk(customizationId), SK: 'MODEL' }, transcriptKey(audioKey(audio)), transcriptKey(DEFAULT_TRANSCRIPT_KEY),
    ]);
  });

  it('without a custom model: one store request, the transcripts\' BatchGet alone', async () => {
    const commands = recordSends();
    const results = await recognize(caller, request({}));
    expect(transcriptOf(results)).toBe('hello i b m world ');
    expect(commands()).toHaveLength(1);
    expect(batchKeys(commands()[0])).toEqual([transcriptKey(audioKey(audio)), transcriptKey(DEFAULT_TRANSCRIPT_KEY)]);
  });

  it('an unknown custom model answers 401 after the one BatchGet, with no unhandled rejection', async () => {
    const unknown = randomUUID();
    const commands = recordSends();
    const error = await recognize(caller, request({ language_customization_id: unknown })).then(
      () => { throw new Error('expected the recognition to fail'); },
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).message]).toEqual([401, `Invalid customization_id (${unknown}) for user`]);
    expect(commands()).toHaveLength(1);
    expect(batchKeys(commands()[0])).toEqual([
      { PK: modelPk(unknown), SK: 'MODEL' }, transcriptKey(audioKey(audio)), transcriptKey(DEFAULT_TRANSCRIPT_KEY),
    ]);
    // Another instance's model is none of the caller's either.
    const stranger: Caller = { instanceId: randomUUID() };
    await expect(recognize(stranger, request({ language_customization_id: customizationId })))
      .rejects.toMatchObject({ status: 401, message: `Invalid customization_id (${customizationId}) for user` });
  });

  it('a failed store request rejects the recognition with its error, with no unhandled rejection', async () => {
    const send = vi.spyOn(dynamo(), 'send');
    const failure = new Error('store unavailable');
    send.mockRejectedValueOnce(failure);
    await expect(recognize(caller, request({ language_customization_id: customizationId }))).rejects.toBe(failure);
    expect(send).toHaveBeenCalledTimes(1);
    // Without a custom model the failed transcripts' read is the one awaited.
    send.mockRejectedValueOnce(failure);
    await expect(recognize(caller, request({}))).rejects.toBe(failure);
    expect(send).toHaveBeenCalledTimes(2);
  });
});
