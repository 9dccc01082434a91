import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../support/audio';
import { sleep, startCallbackServer, type CallbackServer } from '../support/callback-server';
import { checkJob, envelope, json, ms, pollJob, recognitionTiming, script } from '../support/recognition-jobs';
import { emulatorUrl, GUID, http, ISO_TIME, newApiKey, sdkClient, sdkError } from './support';

/**
 * Asynchronous recognition jobs (recognition spec §3.3, §7.4–§7.10) through the ibm-watson SDK: createJob's answer
 * and its synchronous refusals, the state machine on the instance's `recognition` timing (waiting → processing →
 * completed or failed, `updated` at each step), checkJob's results against recognize's, checkJobs, results_ttl,
 * deleteJob and concurrent creation.
 */

let server: CallbackServer;
beforeAll(async () => {
  server = await startCallbackServer();
});
afterAll(async () => server?.close());

const notFound = (id: string) => `job not found: no recognition job '${id}' for this service instance.`;

async function registered(apikey: string): Promise<string> {
  const url = server.newUrl('jobs');
  const response = await sdkClient(apikey).registerCallback({ callbackUrl: url });
  expect(response.status).toBe(201);
  return url;
}

const listed = async (apikey: string) =>
  (await sdkClient(apikey).checkJobs()).result.recognitions as unknown as Record<string, unknown>[];

describe('createJob', () => {
  it('201 with id, status waiting, created and url = service URL + /v1/recognitions/{id}', async () => {
    const apikey = newApiKey();
    const before = Date.now();
    const response = await sdkClient(apikey).createJob({ audio: wav(1, { seed: 60 }), contentType: 'audio/wav' });
    const after = Date.now();
    expect(response.status).toBe(201);
    const job = response.result;
    expect(job).toEqual({ id: expect.stringMatching(GUID), status: 'waiting', created: expect.stringMatching(ISO_TIME), url: `${emulatorUrl()}/v1/recognitions/${job.id}` });
    expect(ms(job.created)).toBeGreaterThanOrEqual(before - 5);
    expect(ms(job.created)).toBeLessThanOrEqual(after + 5);
  });

  it('refuses synchronously what recognize refuses, and bad async parameters; no job is created', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const url = await registered(apikey);
    const audio = wav(1, { seed: 61 });
    const refusal = async (params: Record<string, unknown>) => {
      const error = await sdkError(stt.createJob({ audio, contentType: 'audio/wav', ...params }));
      return [error.status, error.body];
    };
    expect(await refusal({ model: 'xx-XX_NoSuchModel' })).toEqual([400, envelope(400, 'Model xx-XX_NoSuchModel not found')]);
    expect(await refusal({ languageCustomizationId: 'not-a-guid' })).toEqual([400, envelope(400, "Malformed GUID: 'not-a-guid'")]);
    expect(await refusal({ customizationWeight: 0.5 }))
      .toEqual([400, envelope(400, 'Cannot specify customization weight when not using customization.')]);
    const foreign = randomUUID();
    expect(await refusal({ languageCustomizationId: foreign })).toEqual([401, envelope(401, `Invalid customization_id (${foreign}) for user`)]);
    const json415 = await sdkError(stt.createJob({ audio: Buffer.from('{"audio":"none"}'.repeat(10)), contentType: 'application/json' }));
    expect(json415.status).toBe(415);
    expect(json415.body).toMatchObject({ code: 415, code_description: 'Unsupported Media Type' });

    const invalidEvent = "Invalid value for 'events': 'recognitions.finished'. Allowed values: recognitions.started, "
      + 'recognitions.completed, recognitions.completed_with_results, recognitions.failed.';
    expect(await refusal({ callbackUrl: url, events: 'recognitions.started,recognitions.finished' })).toEqual([400, envelope(400, invalidEvent)]);
    expect(await refusal({ callbackUrl: url, events: 'recognitions.completed,recognitions.completed_with_results' })).toEqual([400, envelope(400,
      "Invalid value for 'events': 'recognitions.completed' and 'recognitions.completed_with_results' cannot both be given.")]);
    for (const ttl of [-1, 1.5, 'abc', '']) {
      const [status, body] = await refusal({ resultsTtl: ttl });
      expect([status, body]).toEqual([400, envelope(400, `Invalid value for 'results_ttl': '${ttl}'. It must be an integer of at least 0 (minutes).`)]);
    }
    const unknown = server.newUrl('not-allowlisted');
    expect(await refusal({ callbackUrl: unknown }))
      .toEqual([400, envelope(400, `The callback URL '${unknown}' is not registered (allowlisted) for this service instance.`)]);
    expect(await listed(apikey)).toEqual([]);
  });

  it('events and user_token without callback_url: warnings, and they are ignored (no user_token in checkJobs)', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const both = await stt.createJob({ audio: wav(1, { seed: 62 }), contentType: 'audio/wav', events: 'recognitions.started', userToken: 'tok' });
    expect(both.status).toBe(201);
    expect(both.result.warnings).toEqual(["'events' and 'user_token' are ignored without 'callback_url'."]);
    const token = await stt.createJob({ audio: wav(1, { seed: 62 }), contentType: 'audio/wav', userToken: 'tok' });
    expect(token.result.warnings).toEqual(["'user_token' is ignored without 'callback_url'."]);
    const raw = await http('POST', '/v1/recognitions?events=recognitions.failed&foo=1', {
      apikey, headers: { 'content-type': 'audio/wav' }, body: wav(1, { seed: 62 }),
    });
    expect(raw.status).toBe(201);
    expect((raw.body as { warnings: string[] }).warnings).toEqual(['Unknown arguments: foo.', "'events' is ignored without 'callback_url'."]);
    const plain = await stt.createJob({ audio: wav(1, { seed: 62 }), contentType: 'audio/wav' });
    expect(plain.result.warnings).toBeUndefined();
    for (const job of await listed(apikey)) expect(job).not.toHaveProperty('user_token');
  });
});

describe('the state machine', () => {
  it('waiting → processing → completed on a 2-second timing, updated at each transition; results as recognize gives', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 2 });
    const audio = wav(3, { seed: 63 });
    await script(apikey, audio, 'Call one two three now. Uh my card is lost');
    const params = { audio, contentType: 'audio/wav', timestamps: true, smartFormatting: true, speakerLabels: true, keywords: ['card'], keywordsThreshold: 0.5 };
    const expected = (await stt.recognize(params)).result;
    const job = (await stt.createJob(params)).result;
    expect(job.status).toBe('waiting');
    const seen = await pollJob(stt, job.id, ['completed', 'failed'], 10_000, 50);
    const statuses = seen.map((view) => view.status).filter((status, i, all) => status !== all[i - 1]);
    expect(statuses).toEqual(['waiting', 'processing', 'completed']);
    const created = ms(job.created);
    for (const view of seen) {
      expect(view.created).toBe(job.created);
      const updated = ms(view.updated) - created;
      if (view.status === 'waiting') expect(updated).toBe(0);
      if (view.status === 'processing') expect(updated).toBe(1_000);
      if (view.status === 'completed') expect(updated).toBe(2_000);
      if (view.status !== 'completed') expect(view).not.toHaveProperty('results');
    }
    const done = seen[seen.length - 1];
    expect(Object.keys(done).sort()).toEqual(['created', 'id', 'results', 'status', 'updated']);
    expect(done.results).toEqual([expected]);
    // read again: the same
    expect(await checkJob(stt, job.id)).toEqual(done);
  });

  it('audio that cannot be read (random bytes declared audio/wav): created (201), then failed without results', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 1 });
    const response = await stt.createJob({ audio: randomBytes(4_000), contentType: 'audio/wav' });
    expect([response.status, response.result.status]).toEqual([201, 'waiting']);
    const seen = await pollJob(stt, response.result.id, ['completed', 'failed'], 8_000);
    const failed = seen[seen.length - 1];
    expect(failed.status).toBe('failed');
    expect(failed).not.toHaveProperty('results');
    expect(ms(failed.updated) - ms(response.result.created)).toBe(1_000);
  });

  it('immediate timing: createJob may already answer processing; the job is completed at once', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'immediate' });
    const job = (await stt.createJob({ audio: wav(1, { seed: 64 }), contentType: 'audio/wav' })).result;
    expect(['waiting', 'processing']).toContain(job.status);
    expect(await checkJob(stt, job.id)).toMatchObject({ status: 'completed', results: [{ results: [], result_index: 0 }] });
  });
});

describe('checkJobs', () => {
  it('newest first, user_token where a callback job had one, no results; other instances see none', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'immediate' });
    const url = await registered(apikey);
    const audio = wav(1, { seed: 65 });
    await script(apikey, audio, 'listed job');
    const ids: string[] = [];
    for (const params of [{ callbackUrl: url, userToken: 'first' }, {}, { callbackUrl: url }, { callbackUrl: url, userToken: 'fourth' }]) {
      ids.push((await stt.createJob({ audio, contentType: 'audio/wav', ...params })).result.id);
      await sleep(5);
    }
    const response = await stt.checkJobs();
    expect(response.status).toBe(200);
    const jobs = response.result.recognitions as unknown as Record<string, unknown>[];
    expect(jobs.map((job) => job.id)).toEqual([...ids].reverse());
    expect(jobs.map((job) => job.user_token)).toEqual(['fourth', undefined, undefined, 'first']);
    for (const job of jobs) {
      expect(job).toEqual({
        id: expect.stringMatching(GUID), status: 'completed', created: expect.stringMatching(ISO_TIME), updated: expect.stringMatching(ISO_TIME),
        ...(job.user_token === undefined ? {} : { user_token: job.user_token }),
      });
    }
    expect(await listed(newApiKey())).toEqual([]);
  });

  it('10 createJobs at once: 10 distinct ids, all listed', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => stt.createJob({ audio: wav(1, { seed: 70 + i }), contentType: 'audio/wav' })));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(201));
    const ids = responses.map((response) => response.result.id);
    expect(new Set(ids).size).toBe(10);
    const jobs = await listed(apikey);
    expect(jobs.map((job) => job.id).sort()).toEqual([...ids].sort());
    const created = jobs.map((job) => String(job.created));
    expect(created).toEqual([...created].sort().reverse());
  });
});

describe('results_ttl', () => {
  it('0: the job is there until it completes, then gone (404 job not found) and no longer listed', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 2 });
    const short = (await stt.createJob({ audio: wav(1, { seed: 80 }), contentType: 'audio/wav', resultsTtl: 0 })).result;
    const kept = (await stt.createJob({ audio: wav(1, { seed: 81 }), contentType: 'audio/wav', resultsTtl: 1 })).result;
    expect(['waiting', 'processing']).toContain((await checkJob(stt, short.id)).status);
    expect((await listed(apikey)).map((job) => job.id)).toEqual([kept.id, short.id]);
    await sleep(ms(short.created) + 2_000 + 100 - Date.now());
    const gone = await sdkError(stt.checkJob({ id: short.id }));
    expect([gone.status, gone.body]).toEqual([404, envelope(404, notFound(short.id))]);
    expect(gone.message).toContain('job not found');
    const stillThere = await pollJob(stt, kept.id, ['completed'], 3_000);
    expect(stillThere[stillThere.length - 1].status).toBe('completed');
    expect((await listed(apikey)).map((job) => job.id)).toEqual([kept.id]);
    expect((await sdkError(stt.deleteJob({ id: short.id }))).status).toBe(404);
  });
});

describe('deleteJob', () => {
  it('a waiting job: 204, then 404 for checkJob and deleteJob; unknown 404; another instance\'s job 404', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 600 });
    const job = (await stt.createJob({ audio: wav(1, { seed: 82 }), contentType: 'audio/wav' })).result;
    const other = (await stt.createJob({ audio: wav(1, { seed: 83 }), contentType: 'audio/wav' })).result;
    expect((await checkJob(stt, job.id)).status).toBe('waiting');
    const deleted = await stt.deleteJob({ id: job.id });
    expect(deleted.status).toBe(204);
    expect([(await sdkError(stt.checkJob({ id: job.id }))).status, (await sdkError(stt.checkJob({ id: job.id }))).body])
      .toEqual([404, envelope(404, notFound(job.id))]);
    const again = await sdkError(stt.deleteJob({ id: job.id }));
    expect([again.status, again.body]).toEqual([404, envelope(404, notFound(job.id))]);
    expect((await listed(apikey)).map((listedJob) => listedJob.id)).toEqual([other.id]);

    const unknown = randomUUID();
    const missing = await sdkError(stt.deleteJob({ id: unknown }));
    expect([missing.status, missing.body]).toEqual([404, envelope(404, notFound(unknown))]);
    const stranger = sdkClient(newApiKey());
    const foreignDelete = await sdkError(stranger.deleteJob({ id: other.id }));
    expect([foreignDelete.status, foreignDelete.body]).toEqual([404, envelope(404, notFound(other.id))]);
    expect((await sdkError(stranger.checkJob({ id: other.id }))).status).toBe(404);
    expect((await checkJob(stt, other.id)).status).toBe('waiting');
  });

  it('a processing job cannot be deleted (400); once completed it can (204)', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 4 });
    const job = (await stt.createJob({ audio: wav(1, { seed: 84 }), contentType: 'audio/wav' })).result;
    await pollJob(stt, job.id, ['processing', 'completed'], 6_000);
    const refused = await sdkError(stt.deleteJob({ id: job.id }));
    expect([refused.status, refused.body]).toEqual([400, envelope(400,
      `The recognition job '${job.id}' is being processed and cannot be deleted. Try again when it has completed.`)]);
    await pollJob(stt, job.id, ['completed'], 6_000);
    expect((await stt.deleteJob({ id: job.id })).status).toBe(204);
    expect((await sdkError(stt.checkJob({ id: job.id }))).status).toBe(404);
  });
});

describe('the control API', () => {
  it('PUT /_emulator/timing takes recognition like the other operations', async () => {
    const apikey = newApiKey();
    const result = await http('PUT', '/_emulator/timing', { apikey, ...json({ recognition: { mode: 'delay', seconds: 2 } }) });
    expect(result.status).toBe(200);
    expect((result.body as Record<string, unknown>).recognition).toEqual({ mode: 'delay', seconds: 2, source: 'instance' });
    const fresh = (await http('GET', '/_emulator/timing', { apikey: newApiKey() })).body as Record<string, unknown>;
    expect(fresh.recognition).toEqual({ mode: 'delay', seconds: 4, source: 'default' });
  });
});
