import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey, ISO_TIME } from './support';

/** The control API's transcripts (`/_emulator/transcripts`) over HTTP. */

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('/_emulator/transcripts', () => {
  it('stores a transcript per audio hash and a default, lists, replaces and removes them', async () => {
    const apikey = newApiKey();
    const key = sha256('some audio');
    const put = await http('PUT', `/_emulator/transcripts/${key}`, { apikey, ...json({ transcript: 'call cardiology now' }) });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ key, transcript: 'call cardiology now', created: expect.stringMatching(ISO_TIME) });
    const fallback = await http('PUT', '/_emulator/transcripts/default', { apikey, ...json({ transcript: 'hello' }) });
    expect([fallback.status, (fallback.body as { key: string }).key]).toEqual([200, 'default']);
    const replaced = await http('PUT', `/_emulator/transcripts/${key}`, { apikey, ...json({ transcript: 'call radiology' }) });
    expect((replaced.body as { transcript: string }).transcript).toBe('call radiology');

    const list = await http('GET', '/_emulator/transcripts', { apikey });
    expect(list.status).toBe(200);
    expect((list.body as { transcripts: { key: string; transcript: string }[] }).transcripts.map(({ key: k, transcript }) => [k, transcript]))
      .toEqual([[key, 'call radiology'], ['default', 'hello']].sort());
    // another instance sees none of them
    expect((await http('GET', '/_emulator/transcripts', { apikey: newApiKey() })).body).toEqual({ transcripts: [] });

    expect((await http('DELETE', `/_emulator/transcripts/${key}`, { apikey })).body).toEqual({});
    const again = await http('DELETE', `/_emulator/transcripts/${key}`, { apikey });
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ code: 404, code_description: 'No Such Resource', error: `No transcript '${key}' for this instance.` });
    expect((await http('DELETE', '/_emulator/transcripts', { apikey })).body).toEqual({ deleted: 1 });
    expect((await http('GET', '/_emulator/transcripts', { apikey })).body).toEqual({ transcripts: [] });
  });

  it.each([
    ['not-a-hash', 400],
    ['ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789', 400],
    ['0123456789abcdef', 400],
  ])('refuses the key %s', async (key, status) => {
    const result = await http('PUT', `/_emulator/transcripts/${key}`, { apikey: newApiKey(), ...json({ transcript: 'x' }) });
    expect(result.status).toBe(status);
    expect(result.body).toEqual({
      code: 400,
      code_description: 'Bad Request',
      error: `Invalid transcript key '${key}': use the lower-case hex SHA-256 of the audio bytes (64 characters) or 'default'.`,
    });
  });

  it.each([
    [{}, "The body needs 'transcript': a string of the words spoken, separated by spaces."],
    [{ transcript: 42 }, "The body needs 'transcript': a string of the words spoken, separated by spaces."],
    [{ transcript: 'a', speaker: 1 }, "Unknown field(s) 'speaker': the body takes only 'transcript'."],
    [{ transcript: 'a '.repeat(50_001) }, 'The transcript is longer than 100000 characters.'],
  ])('refuses the body %j', async (body, message) => {
    const result = await http('PUT', '/_emulator/transcripts/default', { apikey: newApiKey(), ...json(body) });
    expect([result.status, result.body]).toEqual([400, { code: 400, code_description: 'Bad Request', error: message }]);
  });

  it('a body that is not JSON: 415; no credentials: 401', async () => {
    const apikey = newApiKey();
    const text = await http('PUT', '/_emulator/transcripts/default', { apikey, headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(text.status).toBe(415);
    expect((await http('GET', '/_emulator/transcripts')).status).toBe(401);
    expect((await http('PUT', '/_emulator/transcripts/default', json({ transcript: 'x' }))).status).toBe(401);
  });

  it('POST /_emulator/reset removes them with the models', async () => {
    const apikey = newApiKey();
    await createModel(apikey);
    await http('PUT', '/_emulator/transcripts/default', { apikey, ...json({ transcript: 'hello there' }) });
    expect((await http('POST', '/_emulator/reset', { apikey })).body).toEqual({ deleted_models: 1 });
    expect((await http('GET', '/_emulator/transcripts', { apikey })).body).toEqual({ transcripts: [] });
  });
});
