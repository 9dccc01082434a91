import { describe, expect, it } from 'vitest';
import type { RequestEntry } from '../../lib/controls/requests';
import { GUID, ISO_TIME, http, newApiKey, sdkClient, sdkError } from './support';

/**
 * The request journal through the running emulator (`npm start`'s default, STT_REQUEST_JOURNAL=background): what the
 * ibm-watson SDK sent, listed by raw HTTP as a user's curl would, per instance, with the service's envelope for bad input.
 */

const journal = async (apikey: string, query = '') => {
  const result = await http('GET', `/_emulator/requests${query}`, { apikey });
  return result as { status: number; body: { enabled: boolean; requests: RequestEntry[] } };
};

describe('GET /_emulator/requests', () => {
  it('lists what the SDK sent, newest first, with each answer\'s status, id and error', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const created = await stt.createLanguageModel({ name: 'journal', baseModelName: 'en-US_BroadbandModel' });
    const id = created.result.customization_id!;
    const got = await stt.getLanguageModel({ customizationId: id });
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await sdkError(stt.getLanguageModel({ customizationId: missing }))).status).toBe(401);
    await stt.listWords({ customizationId: id, sort: '-count' });

    const { status, body } = await journal(apikey);
    expect(status).toBe(200);
    expect(body.enabled).toBe(true);
    expect(body.requests.map((r) => [r.operation, r.method, r.path, r.query ?? '', r.status])).toEqual([
      ['listWords', 'GET', `/v1/customizations/${id}/words`, 'sort=-count', 200],
      ['getLanguageModel', 'GET', `/v1/customizations/${missing}`, '', 401],
      ['getLanguageModel', 'GET', `/v1/customizations/${id}`, '', 200],
      ['createLanguageModel', 'POST', '/v1/customizations', '', 201],
    ]);
    const [, failed, read] = body.requests;
    expect(failed.error).toBe(`Invalid customization_id (${missing}) for user`);
    expect(failed.customization_id).toBe(missing);
    expect(read.request_id).toBe(got.headers['x-global-transaction-id']);
    for (const entry of body.requests) {
      expect(entry.time).toMatch(ISO_TIME);
      expect(entry.fault).toBe(false);
      expect(typeof entry.duration_ms).toBe('number');
    }
    expect(read.customization_id).toMatch(GUID);
  });

  it('leaves out requests that say X-Emulator-Journal: off, and its own reads', async () => {
    const apikey = newApiKey();
    await http('GET', '/v1/customizations', { apikey, headers: { 'x-emulator-journal': 'off' } });
    await journal(apikey);
    await http('GET', '/v1/customizations', { apikey });
    const { body } = await journal(apikey);
    expect(body.requests.map((r) => r.operation)).toEqual(['listLanguageModels']);
  });

  it('shows one instance nothing of another', async () => {
    const [mine, theirs] = [newApiKey(), newApiKey()];
    await sdkClient(mine).listLanguageModels({});
    expect((await journal(mine)).body.requests).toHaveLength(1);
    expect((await journal(theirs)).body).toEqual({ enabled: true, requests: [] });
  });

  it('answers limit out of 1–1000 with the service\'s 400 envelope, and needs credentials', async () => {
    const apikey = newApiKey();
    const bad = await http('GET', '/_emulator/requests?limit=0', { apikey });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 400, code_description: 'Bad Request', error: "The value '0' of 'limit' is not valid: an integer from 1 to 1000." });
    const anonymous = await http('GET', '/_emulator/requests');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ code: 401, error: 'Unauthorized' });
  });

  it('DELETE empties the journal and says how many entries there were', async () => {
    const apikey = newApiKey();
    await http('GET', '/v1/customizations', { apikey });
    await http('GET', '/v1/models', { apikey });
    const deleted = await http('DELETE', '/_emulator/requests', { apikey });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: 2 });
    expect((await journal(apikey)).body).toEqual({ enabled: true, requests: [] });
  });
});
