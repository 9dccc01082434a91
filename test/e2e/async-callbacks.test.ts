import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../support/audio';
import { expectedSignature, sleep, startCallbackServer, type CallbackServer } from '../support/callback-server';
import { checkJob, envelope, ms, recognitionTiming, script } from '../support/recognition-jobs';
import { http, newApiKey, sdkClient, sdkError } from './support';

/**
 * Asynchronous recognition's callbacks (recognition spec §7.1–§7.3, §7.6) through the ibm-watson SDK, against a
 * callback server of the test's own on 127.0.0.1: registering (the challenge, its signature, the refusals),
 * unregistering, allowlists per instance, and the notifications of jobs — each subscribed event once and in order,
 * signed, on time under the e2e stack (whose 1-second ticker runs the scheduled function, as under `npm start`),
 * retried after a failure, and moved by the control API's manual timing.
 */

let server: CallbackServer;
beforeAll(async () => {
  server = await startCallbackServer();
});
afterAll(async () => server?.close());

const unverified = (url: string, reason: string) => `unable to register callback url '${url}', ${reason}`;
const notRegistered = (url: string) => `The callback URL '${url}' is not registered (allowlisted) for this service instance.`;

/** Registers a URL of the test server for the instance (201). */
async function register(apikey: string, url: string, userSecret?: string) {
  const response = await sdkClient(apikey).registerCallback({ callbackUrl: url, ...(userSecret ? { userSecret } : {}) });
  expect([response.status, response.result]).toEqual([201, { status: 'created', url }]);
}

describe('registerCallback', () => {
  it('sends one challenge GET (Accept text/plain, 16 characters, unsigned without a secret): 201 created, then 200 already created', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const url = server.newUrl('plain');
    const created = await stt.registerCallback({ callbackUrl: url });
    expect(created.status).toBe(201);
    expect(created.result).toEqual({ status: 'created', url });
    const challenges = server.received(url, 'GET');
    expect(challenges).toHaveLength(1);
    const [challenge] = challenges;
    expect([...challenge.query.keys()]).toEqual(['challenge_string']);
    expect(challenge.query.get('challenge_string')).toHaveLength(16);
    expect(challenge.headers.accept).toBe('text/plain');
    expect(challenge.headers['x-callback-signature']).toBeUndefined();

    const again = await stt.registerCallback({ callbackUrl: url });
    expect([again.status, again.result]).toEqual([200, { status: 'already created', url }]);
    // an allowlisted URL is not challenged again
    expect(server.received(url, 'GET')).toHaveLength(1);
  });

  it('with user_secret the challenge is signed: X-Callback-Signature = base64 HMAC-SHA1 of the challenge string', async () => {
    const url = server.newUrl('signed');
    await register(newApiKey(), url, 'my secret');
    const [challenge] = server.received(url, 'GET');
    const text = challenge.query.get('challenge_string')!;
    expect(challenge.headers['x-callback-signature']).toBe(expectedSignature('my secret', text));
    expect(challenge.headers['x-callback-signature']).not.toBe(expectedSignature('other secret', text));
  });

  it('the challenge string is random alphanumeric (spec §7.1: e.g. n9ArPGMQ36Hiu7QC)', async () => {
    const apikey = newApiKey();
    const urls = Array.from({ length: 8 }, () => server.newUrl('alnum'));
    for (const url of urls) await register(apikey, url);
    const strings = urls.map((url) => server.received(url, 'GET')[0].query.get('challenge_string')!);
    expect(new Set(strings).size).toBe(strings.length);
    for (const text of strings) expect(text).toMatch(/^[A-Za-z0-9]{16}$/);
  });

  it('a server that answers 406, the wrong text, nothing within 5 s, or cannot be reached: 400, nothing allowlisted', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const refuses = server.newUrl('406');
    server.on(refuses, () => ({ status: 406, body: '{"error":"not acceptable"}', contentType: 'application/json' }));
    const wrong = server.newUrl('wrong');
    server.on(wrong, () => ({ status: 200, body: 'not the challenge' }));
    const silent = server.newUrl('silent');
    server.on(silent, () => 'hang');
    const closed = await startCallbackServer();
    const unreachable = closed.newUrl('gone');
    await closed.close();

    const observed = await sdkError(stt.registerCallback({ callbackUrl: refuses }));
    // the body the service answered in the field (IBM-Cloud/openwhisk-darkvisionapp#51)
    expect([observed.status, observed.body]).toEqual([400, envelope(400, unverified(refuses, 'callback server responded with status code 406'))]);
    const echo = await sdkError(stt.registerCallback({ callbackUrl: wrong }));
    expect(echo.status).toBe(400);
    expect((echo.body as { error: string }).error).toMatch(new RegExp(`^unable to register callback url '${wrong}', `));
    const started = Date.now();
    const timeout = await sdkError(stt.registerCallback({ callbackUrl: silent }));
    const waited = Date.now() - started;
    expect(timeout.status).toBe(400);
    expect((timeout.body as { error: string }).error).toMatch(new RegExp(`^unable to register callback url '${silent}', `));
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(waited).toBeLessThan(9_000);
    const nobody = await sdkError(stt.registerCallback({ callbackUrl: unreachable }));
    expect(nobody.status).toBe(400);
    expect((nobody.body as { error: string }).error).toMatch(new RegExp(`^unable to register callback url '${unreachable}', `));
    for (const url of [refuses, wrong, silent]) expect(server.received(url, 'GET')).toHaveLength(1);

    // none of them can be used
    for (const url of [refuses, wrong, silent, unreachable]) {
      const job = await sdkError(stt.createJob({ audio: wav(1, { seed: 40 }), contentType: 'audio/wav', callbackUrl: url }));
      expect([job.status, job.body]).toEqual([400, envelope(400, notRegistered(url))]);
    }
  });

  it('a missing or invalid callback_url: 400', async () => {
    const apikey = newApiKey();
    const missing = await http('POST', '/v1/register_callback', { apikey });
    expect([missing.status, missing.body]).toEqual([400, envelope(400, "Required parameter 'callback_url' is missing.")]);
    const empty = await http('POST', '/v1/register_callback?callback_url=', { apikey });
    expect([empty.status, empty.body]).toEqual([400, envelope(400, "Required parameter 'callback_url' is missing.")]);
    const stt = sdkClient(apikey);
    for (const url of ['not a url', 'ftp://127.0.0.1/hook', 'file:///etc/passwd']) {
      const error = await sdkError(stt.registerCallback({ callbackUrl: url }));
      expect([error.status, error.body]).toEqual([400, envelope(400, `Invalid value for 'callback_url': '${url}' is not an http or https URL.`)]);
    }
  });
});

describe('unregisterCallback and allowlists per instance', () => {
  it('200 {}, then 400 for a URL that is no longer allowlisted; jobs can no longer use it; registering again challenges again', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const url = server.newUrl('unreg');
    await register(apikey, url);
    const removed = await stt.unregisterCallback({ callbackUrl: url });
    expect([removed.status, removed.result]).toEqual([200, {}]);
    const again = await sdkError(stt.unregisterCallback({ callbackUrl: url }));
    expect([again.status, again.body]).toEqual([400, envelope(400, notRegistered(url))]);
    const never = server.newUrl('never');
    expect((await sdkError(stt.unregisterCallback({ callbackUrl: never }))).status).toBe(400);
    const job = await sdkError(stt.createJob({ audio: wav(1, { seed: 41 }), contentType: 'audio/wav', callbackUrl: url }));
    expect([job.status, job.body]).toEqual([400, envelope(400, notRegistered(url))]);
    await register(apikey, url);
    expect(server.received(url, 'GET')).toHaveLength(2);
  });

  it('another instance cannot use, nor unregister, a URL the first allowlisted; it registers it for itself', async () => {
    const owner = newApiKey();
    const other = newApiKey();
    const url = server.newUrl('instances');
    await register(owner, url);
    const job = await sdkError(sdkClient(other).createJob({ audio: wav(1, { seed: 42 }), contentType: 'audio/wav', callbackUrl: url }));
    expect([job.status, job.body]).toEqual([400, envelope(400, notRegistered(url))]);
    expect((await sdkError(sdkClient(other).unregisterCallback({ callbackUrl: url }))).status).toBe(400);
    await register(other, url);
    expect(server.received(url, 'GET')).toHaveLength(2);
    expect((await sdkClient(owner).createJob({ audio: wav(1, { seed: 42 }), contentType: 'audio/wav', callbackUrl: url })).status).toBe(201);
  });
});

describe.concurrent('notifications', () => {
  it('each subscribed event once, in order, signed over the raw body; completed_with_results carries what recognize gives', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 2 });
    const audio = wav(3, { seed: 43 });
    await script(apikey, audio, 'please call the front desk. thank you');
    const url = server.newUrl('ordered');
    await register(apikey, url, 's3cr3t');
    const params = { audio, contentType: 'audio/wav', timestamps: true, wordConfidence: true };
    const expected = (await stt.recognize(params)).result;
    const job = (await stt.createJob({
      ...params, callbackUrl: url, events: 'recognitions.started,recognitions.completed_with_results', userToken: 'job-43',
    })).result;
    await server.waitFor(() => server.notifications(url).length >= 2, 10_000, 'two notifications');
    await sleep(1_500); // nothing more comes
    const received = server.notifications(url);
    expect(received.map((n) => n.json.event)).toEqual(['recognitions.started', 'recognitions.completed_with_results']);
    expect(received[0].json).toEqual({ id: job.id, event: 'recognitions.started', user_token: 'job-43' });
    expect(received[1].json).toEqual({ id: job.id, event: 'recognitions.completed_with_results', user_token: 'job-43', results: [expected] });
    for (const { request } of received) {
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(request.headers['x-callback-signature']).toBe(expectedSignature('s3cr3t', request.body));
    }
    expect(received[1].request.at).toBeGreaterThanOrEqual(ms(job.created) + 2_000 - 20);
    expect((await checkJob(stt, job.id)).results).toEqual([expected]);
    expect(server.notifications(url)).toHaveLength(2);
  });

  it('default events (started, completed, failed), user_token "" when absent, due within ~1.5 s from the scheduled function alone', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 2 });
    const audio = wav(1, { seed: 44 });
    await script(apikey, audio, 'hello there');
    const url = server.newUrl('defaults');
    await register(apikey, url);
    const good = (await stt.createJob({ audio, contentType: 'audio/wav', callbackUrl: url })).result;
    const bad = (await stt.createJob({ audio: randomBytes(2_000), contentType: 'audio/wav', callbackUrl: url, userToken: 'bad' })).result;
    expect([good.status, bad.status]).toEqual(['waiting', 'waiting']);
    // no reads of the jobs: only the ticker (the scheduled function, every second under the e2e stack) can send these
    await server.waitFor(() => server.notifications(url).length >= 4, 10_000, 'four notifications');
    await sleep(1_500);
    const of = (id: string) => server.notifications(url).filter((n) => n.json.id === id);
    expect(of(good.id).map((n) => n.json)).toEqual([
      { id: good.id, event: 'recognitions.started', user_token: '' },
      { id: good.id, event: 'recognitions.completed', user_token: '' },
    ]);
    expect(of(bad.id).map((n) => n.json)).toEqual([
      { id: bad.id, event: 'recognitions.started', user_token: 'bad' },
      { id: bad.id, event: 'recognitions.failed', user_token: 'bad' },
    ]);
    for (const { request } of server.notifications(url)) expect(request.headers['x-callback-signature']).toBeUndefined();
    for (const job of [good, bad]) {
      const [started, finished] = of(job.id).map((n) => n.request.at - ms(job.created));
      expect(started).toBeGreaterThanOrEqual(1_000 - 20);
      expect(started).toBeLessThanOrEqual(1_000 + 1_500);
      expect(finished).toBeGreaterThanOrEqual(2_000 - 20);
      expect(finished).toBeLessThanOrEqual(2_000 + 1_500);
    }
    expect((await checkJob(stt, bad.id)).status).toBe('failed');
  });

  it('a receiver that answers 500 gets the notification again about 1 s later, and exactly once more after it accepted it', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'immediate' });
    const url = server.newUrl('retry');
    await register(apikey, url);
    server.on(url, (request, index) => (request.method === 'GET' ? { status: 200, body: request.query.get('challenge_string')! }
      : { status: index === 0 ? 500 : 200, body: '' }));
    const job = (await stt.createJob({ audio: wav(1, { seed: 45 }), contentType: 'audio/wav', callbackUrl: url, events: 'recognitions.completed' })).result;
    await server.waitFor(() => server.notifications(url).length >= 2, 8_000, 'the retry');
    const [first, second] = server.notifications(url);
    expect(first.request.body).toBe(second.request.body);
    expect(second.json).toEqual({ id: job.id, event: 'recognitions.completed', user_token: '' });
    expect(second.request.at - first.request.at).toBeGreaterThanOrEqual(1_000 - 500);
    expect(second.request.at - first.request.at).toBeLessThanOrEqual(1_000 + 1_500);
    await sleep(first.request.at + 1_000 + 4_000 + 1_500 - Date.now()); // past when a further retry would have come
    expect(server.notifications(url)).toHaveLength(2);
  });

  it('a receiver that always fails gets 3 retries (after 1 s, 4 s, 15 s), then the notification is dropped', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'immediate' });
    const url = server.newUrl('dropped');
    await register(apikey, url);
    server.on(url, (request) => (request.method === 'GET' ? { status: 200, body: request.query.get('challenge_string')! } : { status: 503 }));
    await stt.createJob({ audio: wav(1, { seed: 46 }), contentType: 'audio/wav', callbackUrl: url, events: 'recognitions.completed' });
    await server.waitFor(() => server.notifications(url).length >= 4, 26_000, 'four attempts');
    const at = server.notifications(url).map((n) => n.request.at);
    const gaps = at.slice(1).map((time, i) => time - at[i]);
    // a delay counts from the pass that sent the failed attempt (before its delivery), hence some slack below it
    [1_000, 4_000, 15_000].forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(delay - 500);
      expect(gaps[i]).toBeLessThanOrEqual(delay + 1_500);
    });
    await sleep(3_000);
    expect(server.notifications(url)).toHaveLength(4);
  });

  it('manual timing: nothing moves or notifies until POST /_emulator/advance, after which the job is completed', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'manual' });
    const audio = wav(1, { seed: 47 });
    await script(apikey, audio, 'manual job');
    const expected = (await stt.recognize({ audio, contentType: 'audio/wav' })).result;
    const url = server.newUrl('manual');
    await register(apikey, url);
    const job = (await stt.createJob({ audio, contentType: 'audio/wav', callbackUrl: url, userToken: 'm' })).result;
    expect(job.status).toBe('waiting');
    await sleep(1_500);
    expect((await checkJob(stt, job.id)).status).toBe('waiting');
    expect((await checkJob(stt, job.id)).status).toBe('waiting');
    expect(server.notifications(url)).toHaveLength(0);

    const advanced = await http('POST', '/_emulator/advance', { apikey });
    expect(advanced.status, advanced.text).toBe(200);
    const view = await checkJob(stt, job.id);
    expect(view).toMatchObject({ id: job.id, status: 'completed', results: [expected] });
    expect(ms(view.updated)).toBeGreaterThan(ms(job.created));
    await server.waitFor(() => server.notifications(url).length >= 2, 3_000, 'the notifications of the advanced job');
    expect(server.notifications(url).map((n) => n.json)).toEqual([
      { id: job.id, event: 'recognitions.started', user_token: 'm' },
      { id: job.id, event: 'recognitions.completed', user_token: 'm' },
    ]);
  });

  it('manual timing with reads: the job completes at its 2nd checkJob, and only then notifies (started, then completed)', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'manual', reads: 2 });
    const url = server.newUrl('reads');
    await register(apikey, url);
    const job = (await stt.createJob({ audio: wav(1, { seed: 48 }), contentType: 'audio/wav', callbackUrl: url })).result;
    await sleep(1_200);
    expect((await checkJob(stt, job.id)).status).toBe('waiting');
    expect(server.notifications(url)).toHaveLength(0);
    const view = await checkJob(stt, job.id);
    expect(view.status).toBe('completed');
    expect(view.results).toEqual([{ results: [], result_index: 0 }]);
    await server.waitFor(() => server.notifications(url).length >= 2, 3_000, 'two notifications');
    expect(server.notifications(url).map((n) => n.json.event)).toEqual(['recognitions.started', 'recognitions.completed']);
  });

  it('results_ttl=0 with completed_with_results: the results still arrive by callback, though the job is gone at once', async ({ expect }) => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    await recognitionTiming(apikey, { mode: 'delay', seconds: 2 });
    const audio = wav(1, { seed: 49 });
    await script(apikey, audio, 'short lived');
    const expected = (await stt.recognize({ audio, contentType: 'audio/wav' })).result;
    const url = server.newUrl('ttl0');
    await register(apikey, url);
    const job = (await stt.createJob({
      audio, contentType: 'audio/wav', callbackUrl: url, events: 'recognitions.completed_with_results', resultsTtl: 0,
    })).result;
    await server.waitFor(() => server.notifications(url).length >= 1, 6_000, 'the completed_with_results notification');
    expect(server.notifications(url).map((n) => n.json))
      .toEqual([{ id: job.id, event: 'recognitions.completed_with_results', user_token: '', results: [expected] }]);
    const gone = await sdkError(stt.checkJob({ id: job.id }));
    expect(gone.status).toBe(404);
  });
});
