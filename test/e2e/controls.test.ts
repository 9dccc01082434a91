import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey, sdkClient } from './support';

/**
 * The control API (`/_emulator/…`) through HTTP, each control used as a test suite would use it. The e2e stack
 * runs with 1-second default timings; each test has its own credential, so its own instance.
 */

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const CORPUS = 'The quarterly zorblaxian report mentions the frobnicator twice.\nThe frobnicator is new.';

async function setTiming(apikey: string, body: unknown) {
  const result = await http('PUT', '/_emulator/timing', { apikey, ...json(body) });
  expect(result.status, result.text).toBe(200);
  return result.body as Record<string, { mode: string; seconds?: number; reads?: number; source: string }>;
}

const modelStatus = async (apikey: string, id: string) =>
  ((await http('GET', `/v1/customizations/${id}`, { apikey })).body as { status: string }).status;

describe('GET /_emulator/health', () => {
  it('answers without credentials: version, modes and a reachable store', async () => {
    const result = await http('GET', '/_emulator/health');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      status: 'ok',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      auth: 'open',
      controls: 'on',
      store: { status: 'reachable', latency_ms: expect.any(Number) },
    });
  });
});

describe('the other controls need credentials', () => {
  it.each([
    ['POST', '/_emulator/reset'], ['GET', '/_emulator/timing'], ['PUT', '/_emulator/timing'], ['POST', '/_emulator/advance'],
    ['GET', '/_emulator/faults'], ['POST', '/_emulator/faults'], ['DELETE', '/_emulator/faults'], ['DELETE', '/_emulator/faults/x'],
  ])('%s %s without credentials: 401', async (method, path) => {
    const result = await http(method, path);
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ code: 401, error: 'Unauthorized' });
  });

  it('a wrong method on a control path: 405', async () => {
    const result = await http('PATCH', '/_emulator/timing', { apikey: newApiKey() });
    expect(result.status).toBe(405);
    expect(result.body).toMatchObject({ code: 405, code_description: 'Method Not Allowed' });
  });
});

describe('timing', () => {
  it('reads the defaults, sets some operations, `*` for all, and `default` to go back', async () => {
    const apikey = newApiKey();
    const initial = (await http('GET', '/_emulator/timing', { apikey })).body;
    expect(initial).toEqual({
      corpus: { mode: 'delay', seconds: 1, source: 'default' },
      words: { mode: 'delay', seconds: 1, source: 'default' },
      grammar: { mode: 'delay', seconds: 1, source: 'default' },
      training: { mode: 'delay', seconds: 1, source: 'default' },
      upgrade: { mode: 'delay', seconds: 1, source: 'default' },
      audio: { mode: 'delay', seconds: 1, source: 'default' },
      recognition: { mode: 'delay', seconds: 4, source: 'default' },
    });
    const set = await setTiming(apikey, { '*': { mode: 'immediate' }, training: { mode: 'manual', reads: 2 }, upgrade: { mode: 'delay', seconds: 2.5 } });
    expect(set).toEqual({
      corpus: { mode: 'immediate', source: 'instance' },
      words: { mode: 'immediate', source: 'instance' },
      grammar: { mode: 'immediate', source: 'instance' },
      training: { mode: 'manual', reads: 2, source: 'instance' },
      upgrade: { mode: 'delay', seconds: 2.5, source: 'instance' },
      audio: { mode: 'immediate', source: 'instance' },
      recognition: { mode: 'immediate', source: 'instance' },
    });
    const back = await setTiming(apikey, { corpus: { mode: 'default' } });
    expect(back.corpus).toEqual({ mode: 'delay', seconds: 1, source: 'default' });
    expect(back.words).toEqual({ mode: 'immediate', source: 'instance' });
    // another instance is untouched
    expect((await http('GET', '/_emulator/timing', { apikey: newApiKey() })).body).toEqual(initial);
  });

  it.each([
    [{}, 'Name at least one operation'],
    [{ transcribe: { mode: 'immediate' } }, "Unknown operation 'transcribe'"],
    [{ corpus: 'immediate' }, "The timing of 'corpus' must be an object"],
    [{ corpus: { mode: 'fast' } }, "needs 'mode'"],
    [{ corpus: { mode: 'delay' } }, "needs 'seconds'"],
    [{ corpus: { mode: 'delay', seconds: -1 } }, "needs 'seconds'"],
    [{ corpus: { mode: 'manual', reads: 0 } }, "'reads'"],
    [{ corpus: { mode: 'immediate', seconds: 3 } }, "'seconds' does not apply"],
    [{ corpus: { mode: 'manual', when: 1 } }, "Unknown field 'when'"],
  ])('refuses %j with 400', async (body, message) => {
    const apikey = newApiKey();
    const result = await http('PUT', '/_emulator/timing', { apikey, ...json(body) });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ code: 400, code_description: 'Bad Request', error: expect.stringContaining(message) });
    expect((await http('GET', '/_emulator/timing', { apikey })).body).toMatchObject({ corpus: { source: 'default' } });
  });

  it('refuses a body that is not JSON with 415 / 400', async () => {
    const apikey = newApiKey();
    expect((await http('PUT', '/_emulator/timing', { apikey, body: '{}' })).status).toBe(415);
    expect((await http('PUT', '/_emulator/timing', { apikey, headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
  });

  it('immediate: a corpus is analyzed and the model ready at once', async () => {
    const apikey = newApiKey();
    await setTiming(apikey, { corpus: { mode: 'immediate' } });
    const id = await createModel(apikey);
    const added = await http('POST', `/v1/customizations/${id}/corpora/c1`, { apikey, headers: { 'content-type': 'text/plain' }, body: CORPUS });
    expect(added.status).toBe(201);
    expect((await http('GET', `/v1/customizations/${id}/corpora/c1`, { apikey })).body).toMatchObject({ status: 'analyzed', total_words: 12 });
    expect(await modelStatus(apikey, id)).toBe('ready');
  });

  it('manual with reads: training completes on the Nth read of the model', async () => {
    const apikey = newApiKey();
    await setTiming(apikey, { words: { mode: 'immediate' }, training: { mode: 'manual', reads: 3 } });
    const id = await createModel(apikey);
    expect((await http('PUT', `/v1/customizations/${id}/words/zorblax`, { apikey, ...json({ sounds_like: ['zor blacks'] }) })).status).toBe(201);
    expect((await http('POST', `/v1/customizations/${id}/train`, { apikey })).status).toBe(200);
    const seen = [];
    for (let read = 0; read < 4; read++) seen.push(await modelStatus(apikey, id));
    expect(seen).toEqual(['training', 'training', 'available', 'available']);
  });

  it('manual without reads: nothing moves until POST /_emulator/advance, which completes it (corpus first)', async () => {
    const apikey = newApiKey();
    await setTiming(apikey, { corpus: { mode: 'manual' } });
    const id = await createModel(apikey);
    const other = await createModel(apikey);
    await http('POST', `/v1/customizations/${id}/corpora/c1`, { apikey, headers: { 'content-type': 'text/plain' }, body: CORPUS });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // past the 1-second default
    expect((await http('GET', `/v1/customizations/${id}/corpora/c1`, { apikey })).body).toMatchObject({ status: 'being_processed' });
    expect(await modelStatus(apikey, id)).toBe('pending');
    const busy = await http('POST', `/v1/customizations/${id}/corpora/c2`, { apikey, headers: { 'content-type': 'text/plain' }, body: CORPUS });
    expect(busy.status).toBe(409);

    const advanced = await http('POST', '/_emulator/advance', { apikey });
    expect(advanced.status).toBe(200);
    expect(advanced.body).toEqual({ advanced: [{ customization_id: id, operation: 'corpus' }] });
    expect((await http('GET', `/v1/customizations/${id}/corpora/c1`, { apikey })).body).toMatchObject({ status: 'analyzed', total_words: 12 });
    expect(await modelStatus(apikey, id)).toBe('ready');
    expect(await modelStatus(apikey, other)).toBe('pending');
    // nothing left to advance
    expect((await http('POST', '/_emulator/advance', { apikey, ...json({ customization_id: id }) })).body).toEqual({ advanced: [] });
  });

  it('advance of one model by id; a foreign or malformed id is refused as the service refuses it', async () => {
    const apikey = newApiKey();
    await setTiming(apikey, { '*': { mode: 'delay', seconds: 600 } });
    const id = await createModel(apikey);
    await http('POST', `/v1/customizations/${id}/words`, { apikey, ...json({ words: [{ word: 'zorblax' }] }) });
    expect(await modelStatus(apikey, id)).toBe('pending');
    const foreign = await http('POST', '/_emulator/advance', { apikey: newApiKey(), ...json({ customization_id: id }) });
    expect(foreign.status).toBe(401);
    expect(foreign.body).toMatchObject({ code: 401, error: `Invalid customization_id (${id}) for user` });
    expect((await http('POST', '/_emulator/advance', { apikey, ...json({ customization_id: 'nope' }) })).status).toBe(400);
    const advanced = await http('POST', '/_emulator/advance', { apikey, ...json({ customization_id: id }) });
    expect(advanced.body).toEqual({ advanced: [{ customization_id: id, operation: 'words' }] });
    expect(await modelStatus(apikey, id)).toBe('ready');
  });

  it('the SDK sees an instant training when training is immediate', async () => {
    const apikey = newApiKey();
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const stt = sdkClient(apikey);
    const { result } = await stt.createLanguageModel({ name: 'sdk', baseModelName: 'en-US_BroadbandModel' });
    const customizationId = result.customization_id!;
    await stt.addWord({ customizationId, wordName: 'zorblax', soundsLike: ['zor blacks'] });
    await stt.trainLanguageModel({ customizationId });
    expect((await stt.getLanguageModel({ customizationId })).result.status).toBe('available');
  });
});

describe('faults', () => {
  it('the next N calls of an operation answer the status with the service envelope, then calls succeed', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const added = await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'getLanguageModel', status: 503, count: 2 }) });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      fault_id: expect.stringMatching(/^[0-9a-f-]{36}$/), operation: 'getLanguageModel', status: 503, count: 2, created: expect.any(String),
    });
    const first = await http('GET', `/v1/customizations/${id}`, { apikey });
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ code: 503, code_description: 'Service Unavailable', error: 'Service Unavailable (fault injected by the emulator).' });
    expect((await http('GET', '/_emulator/faults', { apikey })).body).toMatchObject({ faults: [{ operation: 'getLanguageModel', count: 1 }] });
    expect((await http('GET', `/v1/customizations/${id}`, { apikey })).status).toBe(503);
    expect((await http('GET', `/v1/customizations/${id}`, { apikey })).status).toBe(200);
    expect((await http('GET', '/_emulator/faults', { apikey })).body).toEqual({ faults: [] });
    // other operations were never touched
    expect((await http('GET', '/v1/customizations', { apikey })).status).toBe(200);
  });

  it('racing calls fail exactly `count` times', async () => {
    const apikey = newApiKey();
    await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'listLanguageModels', status: 429, count: 5, error: 'Slow down' }) });
    const results = await Promise.all(Array.from({ length: 12 }, () => http('GET', '/v1/customizations', { apikey })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(results.find((r) => r.status === 429)?.body).toEqual({ code: 429, code_description: 'Too Many Requests', error: 'Slow down' });
  });

  it('a fault stops the call before the service acts: a failed train leaves the model as it was', async () => {
    const apikey = newApiKey();
    await setTiming(apikey, { '*': { mode: 'immediate' } });
    const id = await createModel(apikey);
    await http('PUT', `/v1/customizations/${id}/words/zorblax`, { apikey, ...json({}) });
    await http('POST', '/_emulator/faults', { apikey, ...json({ operation: '*', status: 500 }) });
    const train = await http('POST', `/v1/customizations/${id}/train`, { apikey });
    expect(train.status).toBe(500);
    expect(train.body).toEqual({ code: 500, code_description: 'Internal Server Error', error: 'Internal Server Error (fault injected by the emulator).' });
    expect(await modelStatus(apikey, id)).toBe('ready');
  });

  it('probability 1 fails every call; a latency-only rule delays the call, which then succeeds', async () => {
    const apikey = newApiKey();
    const always = await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'listModels', status: 502, probability: 1 }) });
    expect(always.body).toMatchObject({ probability: 1 });
    for (let i = 0; i < 3; i++) expect((await http('GET', '/v1/models', { apikey })).status).toBe(502);
    const faultId = (always.body as { fault_id: string }).fault_id;
    expect((await http('DELETE', `/_emulator/faults/${faultId}`, { apikey })).status).toBe(200);
    expect((await http('DELETE', `/_emulator/faults/${faultId}`, { apikey })).status).toBe(404);
    expect((await http('GET', '/v1/models', { apikey })).status).toBe(200);

    await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'listModels', delay_ms: 600 }) });
    const started = Date.now();
    const slow = await http('GET', '/v1/models', { apikey });
    expect(slow.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('rules are per instance, listed oldest first, and DELETE /_emulator/faults removes them all', async () => {
    const apikey = newApiKey();
    const other = newApiKey();
    await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'listModels', status: 500, count: 3 }) });
    await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'getModel', status: 404 }) });
    expect((await http('GET', '/v1/models', { apikey: other })).status).toBe(200);
    expect((await http('GET', '/_emulator/faults', { apikey: other })).body).toEqual({ faults: [] });
    const listed = (await http('GET', '/_emulator/faults', { apikey })).body as { faults: { operation: string }[] };
    expect(listed.faults.map((f) => f.operation)).toEqual(['listModels', 'getModel']);
    expect((await http('DELETE', '/_emulator/faults', { apikey })).body).toEqual({ deleted: 2 });
    expect((await http('GET', '/v1/models', { apikey })).status).toBe(200);
  });

  it.each([
    [{ status: 500 }, "needs 'operation'"],
    [{ operation: 'transcribe', status: 500 }, "needs 'operation'"],
    [{ operation: 'getModel' }, "needs 'status'"],
    [{ operation: 'getModel', status: 200 }, "'status' must be an HTTP error status"],
    [{ operation: 'getModel', status: 500, count: 0 }, "'count'"],
    [{ operation: 'getModel', status: 500, probability: 1.5 }, "'probability'"],
    [{ operation: 'getModel', status: 500, count: 1, probability: 0.5 }, "not both"],
    [{ operation: 'getModel', delay_ms: 999999 }, "'delay_ms'"],
    [{ operation: 'getModel', status: 500, extra: true }, "Unknown field 'extra'"],
  ])('refuses %j with 400', async (body, message) => {
    const apikey = newApiKey();
    const result = await http('POST', '/_emulator/faults', { apikey, ...json(body) });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ code: 400, code_description: 'Bad Request', error: expect.stringContaining(message) });
    expect((await http('GET', '/_emulator/faults', { apikey })).body).toEqual({ faults: [] });
  });
});

describe('POST /_emulator/reset', () => {
  it('deletes the caller\'s models (busy ones too), timing and faults; other instances keep theirs', async () => {
    const apikey = newApiKey();
    const neighbour = newApiKey();
    const kept = await createModel(neighbour);
    await setTiming(apikey, { training: { mode: 'manual' } });
    const ids = [await createModel(apikey), await createModel(apikey), await createModel(apikey)];
    await http('PUT', `/v1/customizations/${ids[0]}/words/zorblax`, { apikey, ...json({}) });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await http('POST', `/v1/customizations/${ids[0]}/train`, { apikey })).status).toBe(200);
    expect(await modelStatus(apikey, ids[0])).toBe('training');
    await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'getModel', status: 500, count: 10 }) });

    const reset = await http('POST', '/_emulator/reset', { apikey });
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ deleted_models: 3 });
    expect((await http('GET', '/v1/customizations', { apikey })).body).toEqual({ customizations: [] });
    for (const id of ids) expect((await http('GET', `/v1/customizations/${id}`, { apikey })).status).toBe(401);
    expect((await http('GET', '/_emulator/faults', { apikey })).body).toEqual({ faults: [] });
    expect((await http('GET', '/_emulator/timing', { apikey })).body).toMatchObject({ training: { source: 'default' } });
    expect((await http('GET', `/v1/customizations/${kept}`, { apikey: neighbour })).status).toBe(200);
    // the instance is usable again at once
    expect(await createModel(apikey)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
